"""What happened, past tense. Events are small frozen values the log, the UI and the AI read.

Every event carries `text`: one line the battle log shows, with the odds, modifiers and dice
where dice were rolled, so a player can see why a result came out as it did.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from typing import Any, ClassVar

EVENT_TYPES: dict[str, type[Event]] = {}


@dataclass(frozen=True)
class Event:
    kind: ClassVar[str] = "event"
    text: str = ""

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        EVENT_TYPES[cls.kind] = cls

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, **_plain(asdict(self))}

    @staticmethod
    def from_dict(data: dict[str, Any]) -> Event:
        data = dict(data)
        cls = EVENT_TYPES[data.pop("kind")]
        names = {f.name: f for f in fields(cls)}
        args: dict[str, Any] = {
            k: (tuple(_tuple(x) for x in v) if isinstance(v, list) else v)
            for k, v in data.items()
            if k in names
        }
        return cls(**args)


def _plain(value: Any) -> Any:
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def _tuple(value: Any) -> Any:
    return tuple(_tuple(v) for v in value) if isinstance(value, list) else value


@dataclass(frozen=True)
class PhaseBegan(Event):
    kind: ClassVar[str] = "phase_began"
    side: str = ""
    phase: str = ""
    turn: int = 0


@dataclass(frozen=True)
class TurnBegan(Event):
    kind: ClassVar[str] = "turn_began"
    turn: int = 0
    time: str = ""
    night: bool = False


@dataclass(frozen=True)
class UnitMoved(Event):
    kind: ClassVar[str] = "unit_moved"
    unit: str = ""
    path: tuple[tuple[int, int], ...] = ()
    cost: float = 0.0


@dataclass(frozen=True)
class UnitExited(Event):
    kind: ClassVar[str] = "unit_exited"
    unit: str = ""
    exit: str = ""
    men: int = 0


@dataclass(frozen=True)
class CasualtiesTaken(Event):
    """Men who left a unit, by cause; `source` says what caused it (fire, assault, flames, ice)."""

    kind: ClassVar[str] = "casualties_taken"
    unit: str = ""
    source: str = ""
    killed: int = 0
    wounded: int = 0
    burned: int = 0
    drowned: int = 0
    captured: int = 0
    escaped: int = 0


@dataclass(frozen=True)
class VolleyResolved(Event):
    kind: ClassVar[str] = "volley_resolved"
    unit: str = ""
    target: tuple[int, int] = (0, 0)
    weapon: str = ""
    expected: float = 0.0
    modifiers: tuple[tuple[str, float], ...] = ()
    dice: tuple[int, ...] = ()
    hits: int = 0


@dataclass(frozen=True)
class WorksDamaged(Event):
    kind: ClassVar[str] = "works_damaged"
    unit: str = ""
    target: str = ""  # gate id or "wall"
    edge: tuple[tuple[int, int], tuple[int, int]] = ((0, 0), (0, 0))
    damage: float = 0.0
    remaining: float = 0.0
    dice: tuple[int, ...] = ()


@dataclass(frozen=True)
class GateBroken(Event):
    kind: ClassVar[str] = "gate_broken"
    gate: str = ""


@dataclass(frozen=True)
class WallBreached(Event):
    kind: ClassVar[str] = "wall_breached"
    edge: tuple[tuple[int, int], tuple[int, int]] = ((0, 0), (0, 0))
    enclosure: str = ""


@dataclass(frozen=True)
class AssaultResolved(Event):
    kind: ClassVar[str] = "assault_resolved"
    attackers: tuple[str, ...] = ()
    target: tuple[int, int] = (0, 0)
    attack: float = 0.0
    defence: float = 0.0
    modifiers: tuple[tuple[str, float], ...] = ()
    dice: tuple[int, ...] = ()
    result: str = ""  # "taken", "held", "repulsed"
    escalade: bool = False


@dataclass(frozen=True)
class LaddersThrownDown(Event):
    kind: ClassVar[str] = "ladders_thrown_down"
    unit: str = ""
    dice: tuple[int, ...] = ()


@dataclass(frozen=True)
class MoraleChanged(Event):
    kind: ClassVar[str] = "morale_changed"
    unit: str = ""
    before: str = ""
    after: str = ""
    reason: str = ""
    target: int = 0
    dice: tuple[int, ...] = ()


@dataclass(frozen=True)
class MoraleHeld(Event):
    kind: ClassVar[str] = "morale_held"
    unit: str = ""
    reason: str = ""
    target: int = 0
    dice: tuple[int, ...] = ()


@dataclass(frozen=True)
class UnitSuppressed(Event):
    """A unit's suppression rose under fire or fell as it recovered (`reason` "recovery")."""

    kind: ClassVar[str] = "unit_suppressed"
    unit: str = ""
    before: int = 0
    after: int = 0
    reason: str = ""


@dataclass(frozen=True)
class UnitRetreated(Event):
    kind: ClassVar[str] = "unit_retreated"
    unit: str = ""
    path: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True)
class UnitEliminated(Event):
    kind: ClassVar[str] = "unit_eliminated"
    unit: str = ""


@dataclass(frozen=True)
class LeaderHit(Event):
    kind: ClassVar[str] = "leader_hit"
    leader: str = ""
    result: str = ""  # "wounded" or "killed" or "captured"


@dataclass(frozen=True)
class AbilityUsed(Event):
    kind: ClassVar[str] = "ability_used"
    leader: str = ""
    ability: str = ""
    turns: int = 0


@dataclass(frozen=True)
class HexIgnited(Event):
    kind: ClassVar[str] = "hex_ignited"
    hex: tuple[int, int] = (0, 0)
    cause: str = ""


@dataclass(frozen=True)
class BlazeBurnedOut(Event):
    kind: ClassVar[str] = "blaze_burned_out"
    hex: tuple[int, int] = (0, 0)


@dataclass(frozen=True)
class WindChanged(Event):
    kind: ClassVar[str] = "wind_changed"
    blowing_from: str = ""
    strength: int = 0


@dataclass(frozen=True)
class IceBroke(Event):
    kind: ClassVar[str] = "ice_broke"
    hex: tuple[int, int] = (0, 0)
    load: float = 0.0
    chance: float = 0.0
    dice: tuple[int, ...] = ()


@dataclass(frozen=True)
class ObjectiveTaken(Event):
    kind: ClassVar[str] = "objective_taken"
    objective: str = ""
    side: str = ""


@dataclass(frozen=True)
class ScriptedEvent(Event):
    kind: ClassVar[str] = "scripted_event"
    event: str = ""
    title: str = ""
    audience: tuple[str, ...] = ()  # the sides told of it; empty: both


@dataclass(frozen=True)
class TerrainChanged(Event):
    """An event turned hexes into another terrain (the map is public: both sides learn it)."""

    kind: ClassVar[str] = "terrain_changed"
    hexes: tuple[tuple[int, int], ...] = ()
    terrain: str = ""


@dataclass(frozen=True)
class StandingOrderGiven(Event):
    """A unit is put under a standing order (told only to its own side)."""

    kind: ClassVar[str] = "standing_order_given"
    unit: str = ""
    order: str = ""
    event: str = ""


@dataclass(frozen=True)
class StandingOrderEnded(Event):
    """A unit's standing order is fulfilled, has run out or was lifted (told to its side)."""

    kind: ClassVar[str] = "standing_order_ended"
    unit: str = ""
    order: str = ""


@dataclass(frozen=True)
class UnitRearmed(Event):
    """An event gave a unit weapons or took them away (told to its own side)."""

    kind: ClassVar[str] = "unit_rearmed"
    unit: str = ""
    weapons: tuple[str, ...] = ()


@dataclass(frozen=True)
class UnitEntered(Event):
    kind: ClassVar[str] = "unit_entered"
    unit: str = ""
    at: tuple[int, int] = (0, 0)


@dataclass(frozen=True)
class BattleEnded(Event):
    kind: ClassVar[str] = "battle_ended"
    winner: str | None = None
    level: str = ""
    reason: str = ""
    scores: tuple[tuple[str, float], ...] = ()


@dataclass(frozen=True)
class UnitRallied(Event):
    kind: ClassVar[str] = "unit_rallied"
    unit: str = ""
    before: str = ""
    after: str = ""
    target: int = 0
    dice: tuple[int, ...] = ()
    leader: str | None = None


@dataclass(frozen=True)
class UnitResupplied(Event):
    kind: ClassVar[str] = "unit_resupplied"
    unit: str = ""
    volleys: tuple[tuple[str, int], ...] = ()  # weapon id -> volleys it has now


@dataclass(frozen=True)
class UnitBoarded(Event):
    kind: ClassVar[str] = "unit_boarded"
    unit: str = ""
    boat: str = ""
    path: tuple[tuple[int, int], ...] = ()  # from the shore into the boat's hex


@dataclass(frozen=True)
class UnitLanded(Event):
    kind: ClassVar[str] = "unit_landed"
    unit: str = ""
    boat: str = ""
    path: tuple[tuple[int, int], ...] = ()  # from the boat's hex onto the shore
