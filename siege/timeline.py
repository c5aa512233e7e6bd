"""The battle's own timeline: its key events (objectives taken, gates broken, walls climbed, men
away over the ice, ...) picked out of a finished game's log, each with its turn and time.

`simulate --json` gives it for every run and the historical check sets it beside 1593; it reads
the whole log, so it belongs after the battle (it knows what neither side saw).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from typing import Any

from siege.engine.events import (
    AbilityUsed,
    AssaultResolved,
    BattleEnded,
    CasualtiesTaken,
    Event,
    GateBroken,
    IceBroke,
    LeaderHit,
    MoraleChanged,
    MoraleHeld,
    ObjectiveTaken,
    PhaseBegan,
    TurnBegan,
    UnitEliminated,
    UnitExited,
    UnitRetreated,
    WallBreached,
    WorksDamaged,
)
from siege.engine.hexes import Hex
from siege.engine.state import GameState

KINDS = (
    "objective_taken",
    "gate_broken",
    "wall_breached",
    "escalade_won",
    "ability_used",
    "unit_exited",
    "ice_broke",
    "leader_hit",
    "battle_ended",
)
# what follows a break in the ice and still belongs to it: the men lost, their morale, the
# scramble off
_ICE_AFTERMATH = (
    CasualtiesTaken,
    MoraleChanged,
    MoraleHeld,
    UnitRetreated,
    UnitEliminated,
    LeaderHit,
)


@dataclass(frozen=True)
class KeyEvent:
    turn: int
    time: str  # "YYYY-MM-DDTHH:MM", the start of the turn it happened in
    kind: str  # one of KINDS
    side: str  # who did it (the new holder, the breaker, the unit's side); "" on a draw
    what: str | None  # an objective, gate, enclosure, ability, unit or leader id; the level
    men: int | None  # men who left (unit_exited) or drowned (ice_broke)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def timeline(log: list[Event], state: GameState) -> list[KeyEvent]:
    """The key events of `log` in the order they happened; `state` is the game's (for the
    calendar, the units' and leaders' sides and where the objectives and gates are)."""
    out: list[KeyEvent] = []
    turn, minutes, active = 1, 0, ""
    breaker = ""  # the side of the last unit to batter a gate or a wall
    ice_at: int | None = None  # where in `out` the break in the ice being counted stands

    def add(kind: str, side: str, what: str | None = None, men: int | None = None) -> None:
        stamp = state.clock.time(minutes).strftime("%Y-%m-%dT%H:%M")
        out.append(KeyEvent(turn, stamp, kind, side, what, men))

    for event in log:
        if not isinstance(event, _ICE_AFTERMATH):
            ice_at = None
        if isinstance(event, TurnBegan):
            while turn < event.turn:
                minutes += state.clock.turn_length(minutes)
                turn += 1
        elif isinstance(event, PhaseBegan):
            active = event.side
        elif isinstance(event, ObjectiveTaken):
            add("objective_taken", event.side, event.objective)
        elif isinstance(event, WorksDamaged):
            breaker = state.units[event.unit].side
        elif isinstance(event, GateBroken):
            add("gate_broken", breaker or active, event.gate)
        elif isinstance(event, WallBreached):
            add("wall_breached", breaker or active, event.enclosure)
        elif isinstance(event, AssaultResolved) and event.escalade and event.result == "taken":
            side = state.units[event.attackers[0]].side
            add("escalade_won", side, nearest_place(state, Hex.from_offset(*event.target)))
        elif isinstance(event, AbilityUsed):
            add("ability_used", state.leaders[event.leader].side, event.ability)
        elif isinstance(event, UnitExited):
            add("unit_exited", state.units[event.unit].side, event.unit, event.men)
        elif isinstance(event, IceBroke):
            ice_at = len(out)
            add("ice_broke", active, None, 0)
        elif isinstance(event, CasualtiesTaken) and ice_at is not None and event.drowned:
            broke = out[ice_at]
            side = broke.side if broke.men else state.units[event.unit].side
            out[ice_at] = replace(broke, side=side, men=(broke.men or 0) + event.drowned)
        elif isinstance(event, LeaderHit):
            add("leader_hit", state.leaders[event.leader].side, event.leader)
        elif isinstance(event, BattleEnded):
            add("battle_ended", event.winner or "", event.level)
    return out


def nearest_place(state: GameState, at: Hex) -> str | None:
    """The objective or gate nearest a hex (an objective first where they are as near)."""
    places = [
        (min(at.distance(h) for h in hexes), 0, oid)
        for oid, hexes in state.map.objective_hexes.items()
        if hexes
    ]
    places += [
        (min(at.distance(g.inside), at.distance(g.outside)), 1, gid)
        for gid, g in state.map.gates.items()
    ]
    return min(places)[2] if places else None
