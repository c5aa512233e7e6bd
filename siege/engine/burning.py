"""Fire in the city: burning hexes hurt and frighten their occupants, spread with the wind, and
burn out. The wind can veer by itself, as it did on 8 February, or when a scenario event says."""

from __future__ import annotations

from siege.engine import morale
from siege.engine.events import BlazeBurnedOut, Event, HexIgnited, UnitRetreated, WindChanged
from siege.engine.hexes import Hex
from siege.engine.losses import take_losses
from siege.engine.movement import enter_cost
from siege.engine.state import GameState, UnitState

COMPASS = ("N", "NE", "E", "SE", "S", "SW", "W", "NW")
COMPASS_DEG = {"N": 90, "NE": 45, "E": 0, "SE": 315, "S": 270, "SW": 225, "W": 180, "NW": 135}
HEX_DEG = (0, 60, 120, 180, 240, 300)  # E, NE, NW, W, SW, SE on screen, north up


def downwind(wind_from: str, direction: int) -> bool:
    """Is neighbour `direction` downwind? Wind blows *from* a compass point toward its opposite."""
    travel = (COMPASS_DEG[wind_from] + 180) % 360
    diff = abs((HEX_DEG[direction] - travel + 180) % 360 - 180)
    return diff <= 60


def burn(state: GameState) -> list[Event]:
    """End of turn: occupants burn and are driven out, flames spread, old fires die."""
    rules = state.scenario.rules
    m = state.map
    events: list[Event] = []
    burning = sorted(state.fires)
    for h in burning:
        for u in state.units_at(h):
            events += _escape_or_burn(state, u, "fire in the hex")
    spread: list[Hex] = []
    for h in burning:
        for d, n in enumerate(h.neighbours()):
            if n in state.fires or n in state.burned_out or n not in m.flammable_hexes:
                continue
            chance = rules.fire_spread
            if downwind(state.wind_from, d):
                chance += rules.fire_wind_bonus * state.wind_strength
            caught, roll = state.chance(min(0.95, chance))
            if caught:
                state.fires[n] = rules.fire_burn_turns
                spread.append(n)
                events.append(
                    HexIgnited(
                        text=f"Fire spreads to [{n.col}, {n.r}] (d100 {roll} vs "
                        f"{chance:.0%}, wind from {state.wind_from}).",
                        hex=n.offset,
                        cause="spreading fire",
                    )
                )
    for n in spread:
        events += catch(state, n, "the fire running over them")
    for h in burning:
        state.fires[h] -= 1
        if state.fires[h] <= 0:
            del state.fires[h]
            state.burned_out.append(h)
            events.append(
                BlazeBurnedOut(text=f"The fire at [{h.col}, {h.r}] burns out.", hex=h.offset)
            )
    return events


def veer(state: GameState) -> list[Event]:
    """Now and then the wind veers or backs one point."""
    shifted, roll = state.chance(state.scenario.rules.wind_shift_chance)
    if not shifted:
        return []
    step = 1 if state.rng.random() < 0.5 else -1
    state.wind_from = COMPASS[(COMPASS.index(state.wind_from) + step) % len(COMPASS)]
    return [
        WindChanged(
            text=f"The wind shifts; it now blows from the {state.wind_from} (d100 {roll}).",
            blowing_from=state.wind_from,
            strength=state.wind_strength,
        )
    ]


def catch(state: GameState, h: Hex, source: str, share: float | None = None) -> list[Event]:
    """Men standing where a fire breaks out get clear of it if they can, losing `share` of
    their men on the way (`fire_caught_losses` when the flames spread to them and they see them
    coming; the caller gives `fire_losses` when a fire weapon's volley sets their roofs alight
    and they are caught under it); with nowhere to go they burn."""
    events: list[Event] = []
    for u in state.units_at(h):
        events += _escape_or_burn(state, u, "caught by the fire", source, share)
    return events


def _escape_or_burn(
    state: GameState,
    unit: UnitState,
    reason: str,
    source: str = "flames",
    escaping: float | None = None,
) -> list[Event]:
    """A unit in a burning hex leaves it for a neighbour free of fire and of the enemy, losing
    `escaping` (default `fire_caught_losses`) of its men on the way; with no way out it loses
    `fire_losses` and stays. Either way it checks morale (at -1 while it stands in the flames)."""
    rules = state.scenario.rules
    way_out = _way_out(state, unit)
    if way_out is None:
        share = rules.fire_losses
    else:
        share = rules.fire_caught_losses if escaping is None else escaping
    men = max(1, int(round(unit.strength * share)))
    events = take_losses(
        state, unit, source if way_out else f"{source}, trapped with no way out", burned=men
    )
    if unit.gone:
        return events
    if way_out is not None:
        here = unit.hex
        assert here is not None
        unit.hex = way_out
        events.append(
            UnitRetreated(
                text=f"{unit.name} get clear of the flames to [{way_out.col}, {way_out.r}].",
                unit=unit.id,
                path=(here.offset, way_out.offset),
            )
        )
    return events + morale.check(state, unit, reason)


def _way_out(state: GameState, unit: UnitState) -> Hex | None:
    """The neighbour men flee a burning hex to: free of fire and enemies, one they could walk
    into that is not already crowded with their own side (fewer than `density_threshold` men:
    the lanes beyond are not packed), and not itself beside a fire if there is such a hex; None
    if they are trapped."""
    here = unit.hex
    assert here is not None, "only a unit on the field is in the flames"
    crowded = state.scenario.rules.density_threshold

    def beside_fire(n: Hex) -> bool:
        return n in state.map.flammable_hexes and any(x in state.fires for x in n.neighbours())

    for n in sorted(here.neighbours(), key=lambda n: (beside_fire(n), n)):
        if (
            n not in state.fires
            and state.map.on_map(n)
            and state.side_at(n) in (None, unit.side)
            and enter_cost(state, unit, here, n) != float("inf")
            and state.men_at(n, unit.side) < crowded
        ):
            return n
    return None
