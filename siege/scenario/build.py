"""Validated scenario -> the opening GameState."""

from __future__ import annotations

import random

from siege.engine.clock import Clock
from siege.engine.game import Game
from siege.engine.hexes import Hex
from siege.engine.map import BattleMap, build_map
from siege.engine.orders import Order
from siege.engine.state import LOSS_CAUSES, GameState, LeaderState, UnitState
from siege.scenario.schema import Scenario


def build_state(scenario: Scenario, seed: int, battle_map: BattleMap | None = None) -> GameState:
    """The opening position. Pass `battle_map` to share one static map between many games."""
    m = battle_map or build_map(scenario)
    types = {t.id: t for t in scenario.unit_types}
    carried = {w.id: w.volleys for w in scenario.weapons if w.volleys is not None}
    units: dict[str, UnitState] = {}
    for u in scenario.units:
        side = next(s for s in scenario.sides if s.id == u.side)
        nation = u.nation or side.nations[0].id
        at = Hex.from_offset(*u.at)
        units[u.id] = UnitState(
            id=u.id,
            name=u.name,
            side=u.side,
            nation=nation,
            type=types[u.type],
            strength=u.strength,
            guns=u.guns,
            hex=at if u.entry_turn <= 1 else None,
            morale=u.morale,
            leader=u.leader,
            entry_turn=u.entry_turn,
            entry_hex=at,
            start_strength=u.strength,
            volleys={w: carried[w] for w in types[u.type].weapons if w in carried},
        )
    leaders = {
        lead.id: LeaderState(
            lead.id,
            lead.name,
            lead.side,
            lead.rating,
            lead.command_radius,
            lead.unit,
            uses={a.id: a.uses for a in lead.abilities},
        )
        for lead in scenario.leaders
    }
    sides = [s.id for s in scenario.sides]
    first = next((i for i, s in enumerate(scenario.sides) if s.moves_first), 0)
    state = GameState(
        scenario=scenario,
        map=m,
        seed=seed,
        rng=random.Random(seed),
        units=units,
        leaders=leaders,
        sides=sides,
        clock=Clock.from_calendar(scenario.calendar),
        side_index=first,
        first_side=first,
    )
    state.gates = {g.id: g.state for g in scenario.map.gates}
    state.gate_damage = {g.id: g.strength for g in scenario.map.gates}
    state.gate_holders = _gate_holders(scenario, m, units)
    state.wind_from = scenario.calendar.weather.wind.blowing_from
    state.wind_strength = scenario.calendar.weather.wind.strength
    state.objectives = {o.id: o.holder for o in scenario.objectives}
    state.losses = {s: {c: 0 for c in LOSS_CAUSES} for s in sides}
    state.start_strength = {
        s: sum(u.strength for u in units.values() if u.side == s) for s in sides
    }
    state.last_seen = {s: {} for s in sides}
    return state


def _gate_holders(
    scenario: Scenario, m: BattleMap, units: dict[str, UnitState]
) -> dict[str, str | None]:
    """A gate belongs to the side with the most men inside its enclosure at the start."""
    holders: dict[str, str | None] = {}
    rows = scenario.map.rows()
    for gate in m.gates.values():
        enclosure = m.walls[gate.edge].enclosure
        inside = set(next(e.around for e in scenario.map.enclosures if e.id == enclosure))
        men: dict[str, int] = {}
        for u in units.values():
            if u.hex is not None and rows[u.hex.r][u.hex.col] in inside:
                men[u.side] = men.get(u.side, 0) + u.strength
        holders[gate.id] = max(sorted(men), key=lambda s: men[s]) if men else None
    return holders


def new_game(
    scenario: Scenario, seed: int, battle_map: BattleMap | None = None, undo: bool = True
) -> Game:
    """A battle at its opening position. `undo=False` for battles nobody will take an order
    back in (the computer against itself)."""
    return Game(build_state(scenario, seed, battle_map), undo)


def replay_game(
    scenario: Scenario,
    seed: int,
    orders: list[Order],
    battle_map: BattleMap | None = None,
    undo: bool = True,
) -> Game:
    """The battle after these orders, from its opening position."""
    return Game.replay(build_state(scenario, seed, battle_map), orders, undo)
