"""Who saw what. Every event is recorded with the sides that could see where it happened when
it happened (and the side whose unit it befell); a side's log, its replay of the other side's
turn and a loaded save show that side only what it saw. An enemy march seen in part is told as
the part that was seen."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

from siege.engine.events import (
    AssaultResolved,
    BattleEnded,
    CasualtiesTaken,
    Event,
    GateBroken,
    HexIgnited,
    IceBroke,
    LaddersThrownDown,
    LeaderHit,
    MoraleChanged,
    MoraleHeld,
    ObjectiveTaken,
    PhaseBegan,
    ScriptedEvent,
    StandingOrderEnded,
    StandingOrderGiven,
    TerrainChanged,
    TurnBegan,
    UnitBoarded,
    UnitEliminated,
    UnitEntered,
    UnitExited,
    UnitLanded,
    UnitMoved,
    UnitRallied,
    UnitRearmed,
    UnitResupplied,
    UnitRetreated,
    UnitSuppressed,
    VolleyResolved,
    WallBreached,
    WindChanged,
    WorksDamaged,
)
from siege.engine.hexes import Hex
from siege.engine.state import GameState

# news every side hears of, wherever it happened
PUBLIC = (
    TurnBegan,
    PhaseBegan,
    ScriptedEvent,
    BattleEnded,
    WindChanged,
    ObjectiveTaken,
    GateBroken,
    WallBreached,
    LeaderHit,
    TerrainChanged,
)
# known to the side it befell alone (what the enemy's men carry cannot be seen from afar, nor
# the orders an event gave them)
PRIVATE = (UnitResupplied, UnitRearmed, StandingOrderGiven, StandingOrderEnded)


@dataclass(frozen=True)
class Witnessed:
    """An event with the sides that saw it, the turn, and whose player-turn it was."""

    event: Event
    seen_by: frozenset[str]
    turn: int
    side: str

    variants: tuple[tuple[str, Event], ...] = ()  # how a side that saw part of it saw it

    def shown_to(self, side: str) -> Event:
        """The event as `side` saw it."""
        for who, event in self.variants:
            if who == side:
                return event
        return self.event


def event_hexes(
    state: GameState, event: Event, where: Mapping[str, Hex] | None = None
) -> list[Hex]:
    """The hexes an event happened in, for fog of war and animation. `where`: where each unit
    stood when the event happened (see `witness`); by default where it stands now."""
    s = state

    def at(unit_id: str) -> list[Hex]:
        if where is not None:
            h = where.get(unit_id)
        else:
            u = s.units.get(unit_id)
            h = u.hex if u is not None else None
        return [] if h is None else [h]

    out: list[Hex] = []
    if isinstance(event, (UnitMoved, UnitRetreated, UnitBoarded, UnitLanded)):
        out += [Hex.from_offset(*p) for p in event.path]
    elif isinstance(event, VolleyResolved):
        out.append(Hex.from_offset(*event.target))
        out += at(event.unit)
    elif isinstance(event, AssaultResolved):
        out.append(Hex.from_offset(*event.target))
    elif isinstance(event, (HexIgnited, IceBroke)):
        out.append(Hex.from_offset(*event.hex))
    elif isinstance(event, (WallBreached, WorksDamaged)):
        out += [Hex.from_offset(*p) for p in event.edge]
    elif isinstance(event, GateBroken):
        gate = s.map.gates.get(event.gate)
        if gate is not None:
            out += list(gate.edge)
    elif isinstance(event, UnitEntered):
        out.append(Hex.from_offset(*event.at))
    elif isinstance(
        event,
        (
            CasualtiesTaken,
            MoraleChanged,
            MoraleHeld,
            UnitRallied,
            UnitEliminated,
            UnitExited,
            LaddersThrownDown,
            UnitSuppressed,
            UnitResupplied,
        ),
    ):
        out += at(event.unit)
    return out


def owner(state: GameState, event: Event) -> str | None:
    """The side whose unit the event is about (an assault: the attackers'), if any."""
    if isinstance(event, AssaultResolved):
        unit_id = event.attackers[0] if event.attackers else None
    else:
        unit_id = getattr(event, "unit", None)
    u = state.units.get(unit_id) if isinstance(unit_id, str) else None
    return u.side if u is not None else None


def witness(
    state: GameState,
    events: list[Event],
    actor: str,
    turn: int,
    before: dict[str, set[Hex]],
    after: dict[str, set[Hex]],
    where: Mapping[str, Hex],
) -> list[Witnessed]:
    """Record who saw each of these events: a side sees what befell its own units, what
    happened in hexes it could see before or after, and public news. Whose turn it is makes no
    difference: the side that ends a turn does not watch the enemy burn, drown or arrive out of
    its sight. `where`: where each unit stood before the events; the events move them on, so a
    unit that dies or leaves the field is seen where it was. An enemy march seen in part is cut
    to that part."""
    out: list[Witnessed] = []
    sides = tuple(state.sides)
    where = dict(where)
    for e in events:
        hexes = event_hexes(state, e, where)
        if isinstance(e, (UnitMoved, UnitRetreated, UnitBoarded, UnitLanded)) and e.path:
            where[e.unit] = Hex.from_offset(*e.path[-1])
        elif isinstance(e, UnitEntered):
            where[e.unit] = Hex.from_offset(*e.at)
        whose = owner(state, e)
        if isinstance(e, ScriptedEvent) and e.audience:
            seen_by = frozenset(e.audience)
        elif isinstance(e, PRIVATE) and whose is not None:
            seen_by = frozenset((whose,))
        elif isinstance(e, PUBLIC) or not hexes:
            seen_by = frozenset(sides)
        else:
            seen_by = frozenset(
                side
                for side in sides
                if side == whose or any(h in before[side] or h in after[side] for h in hexes)
            )
        variants = tuple(
            (side, cut)
            for side in sorted(seen_by)
            if side != whose and (cut := _cut_march(e, before[side], after[side])) is not e
        )
        out.append(Witnessed(e, seen_by, turn, actor, variants))
    return out


def _cut_march(e: Event, before: set[Hex], after: set[Hex]) -> Event:
    """A march of the other side's, cut to the hexes the watching side saw (so its log and its
    replay do not tell where the column came from or went once out of sight)."""
    if not isinstance(e, (UnitMoved, UnitRetreated)):
        return e
    path = tuple(p for p in e.path if Hex.from_offset(*p) in before or Hex.from_offset(*p) in after)
    if path == e.path or not path:
        return e
    first, last = path[0], path[-1]
    text = (
        f"An enemy column is seen on the march, [{first[0]}, {first[1]}] to [{last[0]}, {last[1]}]."
        if len(path) > 1
        else f"An enemy column is glimpsed at [{first[0]}, {first[1]}]."
    )
    return replace(e, path=path, text=text)
