"""Ammunition: a weapon with `volleys` runs out, and is filled up again from a depot (a camp
with `supply`), from a supply train next to the unit, or by a scenario event (`resupply`)."""

from __future__ import annotations

from siege.engine.events import Event, UnitResupplied
from siege.engine.hexes import Hex
from siege.engine.state import GameState, UnitState


def carried(state: GameState) -> dict[str, int]:
    """Weapon id -> the volleys a unit carries of it, for the weapons that run out."""
    return {w.id: w.volleys for w in state.scenario.weapons if w.volleys is not None}


def fill(
    state: GameState, unit: UnitState, weapon: str | None = None, volleys: int | None = None
) -> list[Event]:
    """Give the unit `volleys` more of its weapons that run out (of `weapon` only, if given),
    never more than it carries; None fills them up."""
    full = carried(state)
    changed = False
    for w, left in unit.volleys.items():
        if weapon is not None and w != weapon:
            continue
        now = full[w] if volleys is None else min(full[w], left + volleys)
        if now != left:
            unit.volleys[w] = now
            changed = True
    if not changed:
        return []
    text = ", ".join(f"{n} {_name(state, w)}" for w, n in unit.volleys.items())
    return [
        UnitResupplied(
            text=f"{unit.name} are resupplied: {text} volleys.",
            unit=unit.id,
            volleys=tuple(unit.volleys.items()),
        )
    ]


def resupply(state: GameState, side: str) -> list[Event]:
    """At the start of a side's player-turn: its units standing in one of its depots, or in or
    next to the hex of one of its supply trains, fill up."""
    units = [u for u in state.units_of(side) if u.volleys]
    if not units:
        return []
    depots = {
        Hex.from_offset(*p)
        for camp in state.scenario.map.camps
        if camp.supply and camp.side == side
        for p in camp.hexes
    }
    trains = [u.hex for u in state.units_of(side) if u.type.supplies and u.hex is not None]
    events: list[Event] = []
    for u in units:
        here = u.hex
        if here is None:
            continue
        if here in depots or any(here.distance(t) <= 1 for t in trains):
            events += fill(state, u)
    return events


def _name(state: GameState, weapon: str) -> str:
    return next(w.name for w in state.scenario.weapons if w.id == weapon)
