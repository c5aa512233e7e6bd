"""Who saw what. Every event is recorded with the sides that could see where it happened when
it happened; a side's log, its replay of the other side's turn and a loaded save show that side
only what it saw. An enemy march seen in part is told as the part that was seen."""

from __future__ import annotations

from dataclasses import dataclass, replace

from siege.engine.events import (AssaultResolved, BattleEnded, CasualtiesTaken, Event,
                                 FireResolved, GateBroken, HexIgnited, IceBroke, LeaderHit,
                                 MoraleChanged, MoraleHeld, ObjectiveTaken, PhaseBegan,
                                 ScriptedEvent, TurnBegan, UnitEliminated, UnitEntered, UnitExited,
                                 UnitMoved, UnitRallied, UnitRetreated, WallBreached, WindChanged,
                                 WorksDamaged)
from siege.engine.hexes import Hex
from siege.engine.state import GameState

# news every side hears of, wherever it happened
PUBLIC = (TurnBegan, PhaseBegan, ScriptedEvent, BattleEnded, WindChanged, ObjectiveTaken,
          GateBroken, WallBreached, LeaderHit)


@dataclass(frozen=True)
class Witnessed:
    """An event with the sides that saw it, the turn, and whose player-turn it was."""

    event: Event
    seen_by: frozenset[str]
    turn: int
    side: str

    variants: tuple[tuple[str, Event], ...] = ()   # how a side that saw part of it saw it

    def shown_to(self, side: str) -> Event:
        """The event as `side` saw it."""
        for who, event in self.variants:
            if who == side:
                return event
        return self.event


def event_hexes(state: GameState, event: Event) -> list[Hex]:
    """The hexes an event happened in (after it happened), for fog of war and animation."""
    s = state
    out: list[Hex] = []
    if isinstance(event, (UnitMoved, UnitRetreated)):
        out += [Hex.from_offset(*p) for p in event.path]
    elif isinstance(event, FireResolved):
        out.append(Hex.from_offset(*event.target))
        u = s.units.get(event.unit)
        if u is not None and u.hex is not None:
            out.append(u.hex)
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
    elif isinstance(event, (CasualtiesTaken, MoraleChanged, MoraleHeld, UnitRallied,
                            UnitEliminated, UnitExited)):
        u = s.units.get(event.unit)
        if u is not None and u.hex is not None:
            out.append(u.hex)
    return out


def witness(state: GameState, events: list[Event], actor: str, turn: int,
            before: dict[str, set[Hex]], after: dict[str, set[Hex]]) -> list[Witnessed]:
    """Record who saw each of these events: the side whose turn it was sees all it did and
    suffered in its own turn; another side sees what happened in hexes it could see before or
    after; public news reaches every side. An enemy march seen in part is cut to that part."""
    out: list[Witnessed] = []
    sides = tuple(state.sides)
    for e in events:
        hexes = event_hexes(state, e)
        if isinstance(e, PUBLIC) or not hexes:
            seen_by = frozenset(sides)
        else:
            seen_by = frozenset(side for side in sides if side == actor or any(
                h in before[side] or h in after[side] for h in hexes))
        variants = tuple((side, cut) for side in sorted(seen_by) if side != actor
                         and (cut := _cut_march(e, before[side], after[side])) is not e)
        out.append(Witnessed(e, seen_by, turn, actor, variants))
    return out


def _cut_march(e: Event, before: set[Hex], after: set[Hex]) -> Event:
    """A march of the other side's, cut to the hexes the watching side saw (so its log and its
    replay do not tell where the column came from or went once out of sight)."""
    if not isinstance(e, (UnitMoved, UnitRetreated)):
        return e
    path = tuple(p for p in e.path if Hex.from_offset(*p) in before
                 or Hex.from_offset(*p) in after)
    if path == e.path or not path:
        return e
    first, last = path[0], path[-1]
    text = (f"An enemy column is seen on the march, [{first[0]}, {first[1]}] to "
            f"[{last[0]}, {last[1]}]." if len(path) > 1
            else f"An enemy column is glimpsed at [{first[0]}, {first[1]}].")
    return replace(e, path=path, text=text)
