"""Boats: units of the `boat` movement class go on open water and carry men across. A unit
next to a boat (or in its hex) goes aboard, which uses its move; it then stands in the boat's
hex and goes where the boat goes, until it lands on a hex next to the boat, which uses the move
of a later turn. Men aboard may shoot but not march, leave or attack; if the boat is lost, they
drown with it."""

from __future__ import annotations

from siege.engine import victory
from siege.engine.events import Event, UnitBoarded, UnitLanded
from siege.engine.hexes import Hex
from siege.engine.state import GameState, UnitState


def is_boat(unit: UnitState) -> bool:
    return unit.type.movement == "boat"


def passengers(state: GameState, boat: UnitState) -> list[UnitState]:
    """The units aboard the boat, in the scenario's order."""
    if boat.hex is None:
        return [u for u in state.units.values() if u.aboard == boat.id and not u.gone]
    return [u for u in state.units_at(boat.hex) if u.aboard == boat.id]


def room(state: GameState, boat: UnitState) -> int:
    """Men the boat can still take aboard."""
    return boat.type.capacity - sum(u.strength for u in passengers(state, boat))


def carry(state: GameState, boat: UnitState, before: Hex | None) -> None:
    """The boat has moved from `before`: the men aboard are where it is now."""
    if before is None or boat.hex is None or boat.hex == before:
        return
    for u in state.units_at(before):
        if u.aboard == boat.id:
            u.hex = boat.hex


def board(state: GameState, unit: UnitState, boat: UnitState) -> list[Event]:
    start = unit.hex
    assert start is not None and boat.hex is not None
    unit.hex = boat.hex
    unit.aboard = boat.id
    unit.moved = True
    return [
        UnitBoarded(
            text=f"{unit.name} go aboard {boat.name} at [{boat.hex.col}, {boat.hex.r}].",
            unit=unit.id,
            boat=boat.id,
            path=(start.offset, boat.hex.offset),
        )
    ] + victory.update_objectives(state)


def land(state: GameState, unit: UnitState, to: Hex) -> list[Event]:
    """Go ashore; an enemy the side had not seen on that shore keeps them aboard."""
    start = unit.hex
    assert start is not None
    boat = unit.aboard or ""
    unit.moved = True
    if state.side_at(to) not in (None, unit.side):
        return [
            UnitLanded(
                text=f"{unit.name} find [{to.col}, {to.r}] held by an enemy they had not seen, "
                "and stay aboard.",
                unit=unit.id,
                boat=boat,
                path=(start.offset,),
            )
        ]
    unit.aboard = None
    unit.hex = to
    unit.moved = True
    return [
        UnitLanded(
            text=f"{unit.name} land at [{to.col}, {to.r}].",
            unit=unit.id,
            boat=boat,
            path=(start.offset, to.offset),
        )
    ] + victory.update_objectives(state)
