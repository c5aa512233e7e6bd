"""A frozen river: men may cross the ice, but ice has a load limit.

Safe load per loaded spot (kg) = k x thickness(cm)^2 (k = 7, the old rule of thumb). A hex of
ice bears `ice_spots_per_hex` such spots; men weigh `ice_kg_per_man`. Load above the safe limit
may break the ice: the more overloaded, the likelier. Night and panic count as extra load (men
crowd, cannot see the weak places, and run). Men lost through the ice are counted as drowned.
"""

from __future__ import annotations

from siege.engine import morale
from siege.engine.events import Event, IceBroke, UnitRetreated
from siege.engine.hexes import Hex
from siege.engine.losses import take_losses
from siege.engine.movement import enter_cost, ice_at
from siege.engine.state import GameState, UnitState


def capacity(state: GameState, h: Hex) -> float:
    """Men a hex of ice bears safely."""
    rules = state.scenario.rules
    cm = ice_at(state, h)
    return rules.ice_load_k * cm * cm / rules.ice_kg_per_man * rules.ice_spots_per_hex


def load(state: GameState, h: Hex, passing: UnitState | None = None) -> float:
    """Effective load on the ice, as a share of what it bears safely; `passing` is a unit
    crossing the hex on its march, counted on top of those standing there."""
    rules = state.scenario.rules
    cap = capacity(state, h)
    weight = 0.0
    crowd = state.units_at(h) + ([passing] if passing is not None else [])
    for u in crowd:
        weight += u.strength * (rules.ice_rout_factor if u.morale == "routed" else 1.0)
    weight += rules.ice_traffic_share * state.ice_traffic.get(h, 0)
    if state.is_night():
        weight *= rules.ice_night_factor
    return weight / cap if cap > 0 else float("inf")


def break_chance(state: GameState, h: Hex, passing: UnitState | None = None) -> float:
    over = load(state, h, passing) - 1.0
    return 0.0 if over <= 0 else min(0.95, 0.1 + over * state.scenario.rules.ice_break_slope)


def _frozen(state: GameState, h: Hex) -> bool:
    """Is the water hex frozen hard enough to walk on (else it is open water, for boats)?"""
    return ice_at(state, h) >= state.scenario.rules.ice_min_cm


def settle(state: GameState) -> list[Event]:
    """End of a player-turn: every loaded ice hex may give way."""
    m = state.map
    events: list[Event] = []
    loaded = sorted(h for h in state.occupancy.units_in if h in m.water_hexes and _frozen(state, h))
    for h in loaded:
        chance = break_chance(state, h)
        if chance <= 0:
            continue
        broke, roll = state.chance(chance)
        if broke:
            events += _give_way(state, h, chance, roll)
    return events


def cross(state: GameState, unit: UnitState, path: list[Hex]) -> tuple[Hex | None, list[Event]]:
    """A march over the ice loads every hex it passes, on top of the men already there and a
    share of those who marched over it earlier in the same player-turn (a column strung out
    over the ice). Returns the hex where the ice broke under the column (its march ends
    there), or None."""
    for h in path[1:-1]:
        if h not in state.map.water_hexes or not _frozen(state, h):
            continue  # (open water has no ice to break: only boats are on it)
        chance = break_chance(state, h, unit)
        if chance > 0:
            broke, roll = state.chance(chance)
            if broke:
                unit.hex = h
                return h, _give_way(state, h, chance, roll)
        state.ice_traffic[h] = state.ice_traffic.get(h, 0) + unit.strength
    return None, []


def _give_way(state: GameState, h: Hex, chance: float, roll: int) -> list[Event]:
    rules = state.scenario.rules
    events: list[Event] = [
        IceBroke(
            text=f"The ice gives way at [{h.col}, {h.r}]: load "
            f"{load(state, h):.0%} of safe, chance {chance:.0%}, "
            f"d100 {roll}.",
            hex=h.offset,
            load=round(load(state, h), 3),
            chance=round(chance, 3),
            dice=(roll,),
        )
    ]
    state.ice_cm[h] = ice_at(state, h) * 0.5
    for u in state.units_at(h):
        men = max(1, int(round(u.strength * rules.ice_break_drown)))
        events += take_losses(state, u, "broken ice", drowned=men)
        if not u.gone:
            events += morale.check(state, u, "the ice breaks", extra=-1)
        if not u.gone and ice_at(state, h) < rules.ice_min_cm:
            events += _scramble_off(state, u)
    return events


def _scramble_off(state: GameState, unit: UnitState) -> list[Event]:
    """Men left in open water climb out onto the nearest ice or bank that bears them; with
    nowhere to go, they drown."""
    here = unit.hex
    assert here is not None, "only a unit on the field is in the water"
    for n in sorted(here.neighbours()):
        if (
            state.map.on_map(n)
            and state.side_at(n) in (None, unit.side)
            and enter_cost(state, unit, here, n) != float("inf")
        ):
            unit.hex = n
            return [
                UnitRetreated(
                    text=f"{unit.name} scramble out of the water onto [{n.col}, {n.r}].",
                    unit=unit.id,
                    path=(here.offset, n.offset),
                )
            ]
    return take_losses(state, unit, "open water, nowhere to climb out", drowned=unit.strength)
