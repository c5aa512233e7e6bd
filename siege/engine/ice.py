"""The frozen Daedong: men may cross the ice, but ice has a load limit.

Safe load per loaded spot (kg) = k x thickness(cm)^2 (k = 7, the old rule of thumb). A hex of
ice bears `ice_spots_per_hex` such spots; men weigh `ice_kg_per_man`. Load above the safe limit
may break the ice: the more overloaded, the likelier. Night and panic count as extra load (men
crowd, cannot see the weak places, and run). Men lost through the ice are counted as drowned.
"""

from __future__ import annotations

from siege.engine import morale
from siege.engine.events import Event, IceBroke
from siege.engine.hexes import Hex
from siege.engine.losses import take_losses
from siege.engine.movement import ice_at
from siege.engine.state import GameState


def capacity(state: GameState, h: Hex) -> float:
    """Men a hex of ice bears safely."""
    rules = state.scenario.rules
    cm = ice_at(state, h)
    return rules.ice_load_k * cm * cm / rules.ice_kg_per_man * rules.ice_spots_per_hex


def load(state: GameState, h: Hex) -> float:
    """Effective load on the ice, as a share of what it bears safely."""
    rules = state.scenario.rules
    cap = capacity(state, h)
    weight = 0.0
    for u in state.units_at(h):
        weight += u.strength * (rules.ice_rout_factor if u.morale == "routed" else 1.0)
    if state.is_night():
        weight *= rules.ice_night_factor
    return weight / cap if cap > 0 else float("inf")


def break_chance(state: GameState, h: Hex) -> float:
    over = load(state, h) - 1.0
    return 0.0 if over <= 0 else min(0.95, 0.1 + over * state.scenario.rules.ice_break_slope)


def settle(state: GameState) -> list[Event]:
    """End of a player-turn: every loaded ice hex may give way."""
    rules = state.scenario.rules
    m = state.map
    events: list[Event] = []
    loaded = sorted({u.hex for u in state.units.values() if u.on_map and u.hex in m.water_hexes})
    for h in loaded:
        chance = break_chance(state, h)
        if chance <= 0:
            continue
        broke, roll = state.chance(chance)
        if not broke:
            continue
        events.append(IceBroke(text=f"The ice gives way at [{h.col}, {h.r}]: load "
                                    f"{load(state, h):.0%} of safe, chance {chance:.0%}, d100 {roll}.",
                               hex=h.offset, load=round(load(state, h), 3), chance=round(chance, 3),
                               dice=(roll,)))
        state.ice_cm[h] = ice_at(state, h) * 0.5
        for u in state.units_at(h):
            men = max(1, int(round(u.strength * rules.ice_break_drown)))
            events += take_losses(state, u, "broken ice", drowned=men)
            if not u.gone:
                events += morale.check(state, u, "the ice breaks", extra=-1)
    return events
