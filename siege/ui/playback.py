"""A save played back order by order: the game rebuilt from the save's scenario and seed, then
each recorded order applied in turn, with pause, single steps and a choice of speed. No pygame
here; the watch screen (siege/ui/scenes/watch.py) animates what each step returns."""

from __future__ import annotations

from siege.engine.events import Event
from siege.engine.game import Game, IllegalOrder
from siege.engine.orders import Order, PhaseEnd
from siege.save import SaveData
from siege.scenario.build import new_game
from siege.scenario.schema import Scenario

# name, seconds a hex of march, seconds between two orders
SPEEDS = (("slow", 0.22, 0.8), ("normal", 0.11, 0.35), ("fast", 0.04, 0.1), ("instant", 0.0, 0.02))


class Playback:
    def __init__(self, scenario: Scenario, save: SaveData) -> None:
        self.game: Game = new_game(scenario, save.seed, undo=False)
        self.orders: list[Order] = list(save.orders)
        self.position = 0  # orders applied so far
        self.paused = False
        self.speed = 1  # index into SPEEDS
        self.wait = 0.0  # seconds until the next order may be played
        self.problem: str | None = None  # why the playback stopped short (an edited save)

    @property
    def finished(self) -> bool:
        return self.position >= len(self.orders) or self.problem is not None

    @property
    def speed_name(self) -> str:
        return SPEEDS[self.speed][0]

    @property
    def seconds_per_hex(self) -> float:
        return SPEEDS[self.speed][1]

    def faster(self, steps: int = 1) -> None:
        self.speed = max(0, min(len(SPEEDS) - 1, self.speed + steps))

    def step(self) -> list[Event]:
        """Apply the next recorded order; the events it made (none at the end)."""
        if self.finished:
            return []
        order = self.orders[self.position]
        self.position += 1
        self.wait = SPEEDS[self.speed][2] * (0.5 if isinstance(order, PhaseEnd) else 1.0)
        try:
            return self.game.apply(order)
        except (IllegalOrder, LookupError, TypeError, ValueError, ArithmeticError) as exc:
            self.problem = f"order {self.position} of the save is refused ({exc}); stopped there"
            return []

    def due(self, dt: float) -> bool:
        """Playing, not at the end, and the pause between orders is over."""
        self.wait = max(0.0, self.wait - dt)
        return not self.paused and not self.finished and self.wait <= 0.0
