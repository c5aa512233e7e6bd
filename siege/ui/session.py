"""One battle as the UI plays it: the Game, who is human, the AI worker, saves and the record
the end report needs. No pygame here, so it can be tested and reasoned about on its own.

The session is the only place the UI submits orders. Every applied order bumps `revision`, which
the renderer uses to know when its cached layers are stale.
"""

from __future__ import annotations

import contextlib
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from siege.engine.events import (
    BattleEnded,
    Event,
    GateBroken,
    IceBroke,
    LeaderHit,
    ObjectiveTaken,
    ScriptedEvent,
    UnitEliminated,
    WallBreached,
)
from siege.engine.game import Game, IllegalOrder
from siege.engine.orders import Order, PhaseEnd
from siege.engine.seat import Seat
from siege.engine.view import View
from siege.engine.witness import Witnessed
from siege.save import SaveData, make_save, restore, write_save
from siege.scenario.build import new_game
from siege.scenario.schema import Scenario
from siege.ui import paths

KEY_EVENTS = (
    GateBroken,
    WallBreached,
    LeaderHit,
    ObjectiveTaken,
    IceBroke,
    BattleEnded,
    ScriptedEvent,
    UnitEliminated,
)


@dataclass
class AIJob:
    thread: threading.Thread
    result: list[Order] | None = None
    error: BaseException | None = None
    started: float = field(default_factory=time.monotonic)

    @property
    def done(self) -> bool:
        return not self.thread.is_alive()


class Session:
    def __init__(
        self,
        scenario: Scenario,
        game: Game,
        scenario_path: str | Path,
        mode: str,
        human_sides: tuple[str, ...],
        difficulty: str = "normal",
        seed: int = 0,
        fog: bool = True,
    ) -> None:
        self.scenario = scenario
        self.game = game
        self.scenario_path = str(scenario_path)
        self.mode = mode  # "ai" or "hotseat"
        self.human_sides = tuple(human_sides)
        self.difficulty = difficulty
        self.seed = seed
        self.fog = fog
        self.revision = 0
        self.strength: list[tuple[int, dict[str, int]]] = []
        self._commanders: dict[str, Any] = {}
        self.ai_job: AIJob | None = None
        self._view_cache: dict[tuple[str, int], View] = {}
        self.message = ""
        self.autosave_problem: str | None = None
        self._note_strength()

    # ------------------------------------------------------------------ construction

    @classmethod
    def new(
        cls,
        scenario: Scenario,
        scenario_path: str | Path,
        mode: str,
        side: str | None,
        difficulty: str = "normal",
        seed: int = 0,
        fog: bool = True,
    ) -> Session:
        game = new_game(scenario, seed)
        sides = tuple(s.id for s in scenario.sides)
        humans = sides if mode == "hotseat" else ((side,) if side else (sides[0],))
        return cls(scenario, game, scenario_path, mode, humans, difficulty, seed, fog)

    @classmethod
    def from_save(cls, save: SaveData, scenario: Scenario, scenario_path: str | Path) -> Session:
        game = restore(save, scenario)
        extra = save.extra or {}
        sides = tuple(s.id for s in scenario.sides)
        mode = str(extra.get("mode")) if extra.get("mode") in ("ai", "hotseat") else "hotseat"
        humans = tuple(h for h in extra.get("human_sides", sides) if h in sides) or sides
        session = cls(
            scenario,
            game,
            scenario_path,
            mode,
            humans,
            str(extra.get("difficulty", "normal")),
            save.seed,
            bool(extra.get("fog", True)),
        )
        hist = extra.get("strength")
        if isinstance(hist, list):
            with contextlib.suppress(TypeError, ValueError, AttributeError):
                session.strength = [
                    (int(t), {str(k): int(v) for k, v in d.items()}) for t, d in hist
                ]
        return session

    def reloaded(self, scenario: Scenario) -> tuple[Session, bool]:
        """This session on a changed scenario: (new session, whether the orders could be
        replayed on it). Used by F5 in the battle screen."""
        game = new_game(scenario, self.seed)
        replayed = True
        try:
            for order in self.game.orders:
                game.apply(order)
        except (IllegalOrder, KeyError, ValueError):
            game, replayed = new_game(scenario, self.seed), False
        session = Session(
            scenario,
            game,
            self.scenario_path,
            self.mode,
            self.human_sides,
            self.difficulty,
            self.seed,
            self.fog,
        )
        return session, replayed

    # ------------------------------------------------------------------ who is who

    @property
    def sides(self) -> list[str]:
        return list(self.game.state.sides)

    def side_name(self, side: str) -> str:
        return next((s.name for s in self.scenario.sides if s.id == side), side)

    def is_human(self, side: str) -> bool:
        return side in self.human_sides

    @property
    def human_to_move(self) -> bool:
        return self.is_human(self.game.active_side) and not self.game.state.ended

    def seat(self, side: str | None = None) -> Seat:
        """The seat of `side` (default: the viewer's): all the screen may know and do for it."""
        return self.game.seat(side or self.viewer)

    @property
    def active_seat(self) -> Seat:
        return self.game.seat(self.game.active_side)

    def log_for(self, side: str | None = None) -> list[Witnessed]:
        """What a side witnessed (with the fog off, everything)."""
        if not self.fog:
            return list(self.game.record)
        return self.seat(side).log()

    @property
    def viewer(self) -> str:
        """Whose eyes the board is drawn through."""
        if self.mode == "hotseat":
            return self.game.active_side
        return self.human_sides[0]

    def view(self, side: str | None = None) -> View:
        side = side or self.viewer
        key = (side, self.revision)
        v = self._view_cache.get(key)
        if v is None:
            self._view_cache = {k: x for k, x in self._view_cache.items() if k[1] == self.revision}
            v = self._view_cache[key] = self.seat(side).view()
        return v

    # ------------------------------------------------------------------ orders

    def submit(self, order: Order) -> tuple[list[Event] | None, str | None]:
        """Give an order for the side to move, through its seat: (what that side saw happen,
        None) or (None, the reason it was refused)."""
        seat = self.active_seat
        reason = seat.check(order)
        if reason is not None:
            return None, reason
        side_before = self.game.active_side
        turn_before = self.game.state.turn
        start = len(self.game.record)
        try:
            seat.apply(order)
        except IllegalOrder as exc:
            return None, str(exc)
        # what the screen's viewer saw of it (against the computer: what the human's men saw)
        events = (
            self.seat().events(start) if self.fog else [r.event for r in self.game.record[start:]]
        )
        self.revision += 1
        if self.game.state.turn != turn_before or self.game.state.ended:
            self._note_strength()
        if self.game.active_side != side_before or self.game.state.turn != turn_before:
            self.autosave()
        return events, None

    def end_phase(self) -> list[Event]:
        events, _ = self.submit(PhaseEnd())
        return events or []

    def undo(self) -> str | None:
        seat = self.active_seat
        if not seat.can_undo():
            return "nothing to undo: dice were rolled, new ground was seen, or a phase ended"
        seat.undo()
        self.revision += 1
        return None

    # ------------------------------------------------------------------ the computer

    def commander(self, side: str):
        c = self._commanders.get(side)
        if c is None:
            from siege.ai import Commander

            c = self._commanders[side] = Commander(side, self.difficulty, self.seed)
        return c

    def start_ai(self) -> AIJob:
        """Think in a worker thread so the window never freezes; poll `ai_job.done`."""
        side = self.game.active_side
        commander = self.commander(side)
        seat = self.game.seat(side).snapshot()  # it thinks on a copy; the window draws on
        job = AIJob(thread=threading.Thread(target=lambda: None, daemon=True))

        def work() -> None:
            try:
                job.result = list(commander.orders_for_phase(seat))
            except BaseException as exc:  # noqa: BLE001 - reported to the player, not raised
                job.error = exc

        job.thread = threading.Thread(target=work, name="siege-ai", daemon=True)
        self.ai_job = job
        job.thread.start()
        return job

    # ------------------------------------------------------------------ records

    def _note_strength(self) -> None:
        s = self.game.state
        self.strength.append((s.turn, {side: s.men_in_units(side) for side in s.sides}))

    def key_moments(self) -> list[Witnessed]:
        """The battle's key moments for the end report (all of them: the battle is over)."""
        return [r for r in self.game.record if isinstance(r.event, KEY_EVENTS)]

    # ------------------------------------------------------------------ saving

    def save_extra(self) -> dict[str, Any]:
        s = self.game.state
        return {
            "mode": self.mode,
            "human_sides": list(self.human_sides),
            "difficulty": self.difficulty,
            "fog": self.fog,
            "strength": [[t, d] for t, d in self.strength],
            # for the save browser, so it need not replay the battle to list it (flat
            # short values: what a save's extra may carry beside the game's own keys)
            "summary_title": self.scenario.meta.title[:200],
            "summary_turn": s.turn,
            "summary_time": s.time_label(),
            "summary_side": self.side_name(self.viewer)[:200],
        }

    def _relative_scenario_path(self) -> str:
        try:
            return str(Path(self.scenario_path).resolve().relative_to(paths.ROOT))
        except ValueError:
            return str(Path(self.scenario_path).resolve())

    def make_save(self) -> SaveData:
        return make_save(self.game, self._relative_scenario_path(), self.save_extra())

    def save_to(self, path: str | Path) -> Path:
        path = Path(path)
        write_save(path, self.make_save())
        return path

    def autosave(self) -> bool:
        """Write the crash-recovery autosave (siege.ui.autosave keeps it from ever being lost);
        a failure is kept in `autosave_problem` for the window to show."""
        from siege.ui import autosave

        self.autosave_problem = autosave.write(self.make_save())
        return self.autosave_problem is None


def new_save_path(scenario_id: str) -> Path:
    stamp = time.strftime("%Y%m%d-%H%M%S")
    return paths.saves_dir() / f"{scenario_id}-{stamp}.json"
