"""Property tests: play random *legal* orders (what legal_orders offers the active side, plus
PhaseEnd) and check after every order that nothing impossible has happened: men are conserved,
no strength goes negative, no hex holds both sides, nobody stands where his kind cannot go, a
march never overfills a hex, gone units are empty, and replaying the same orders on the same
seed reaches the same state hash. (river_landing has boats, depots, limited arrows and
non-combatants: the random orders board, row, land and run short.)

By default the 30 examples are derandomized (the same every run), so the suite is repeatable.
To hunt for new failures, run with SIEGE_FUZZ=<examples>, e.g.
    SIEGE_FUZZ=500 .venv/bin/python -m pytest tests/engine/test_invariants.py
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from kit import all_legal_orders, battle_map, scenario

from siege.engine.game import Game
from siege.engine.orders import Move, PhaseEnd
from siege.engine.state import LOSS_CAUSES, MORALE_STATES, PHASES
from siege.scenario.build import new_game as build_game
from siege.scenario.build import replay_game

SCENARIOS = ["walled_town", "open_ground", "burning_town", "ice_river", "river_landing"]
MAX_STEPS = 70


def check_invariants(game: Game, last_order) -> None:
    s = game.state
    m = s.map
    for side in s.sides:
        in_units = sum(u.strength for u in s.units.values() if u.side == side and not u.gone)
        lost = sum(s.losses[side][c] for c in LOSS_CAUSES)
        assert in_units + lost == s.start_strength[side], f"{side}: men not conserved"
        assert all(s.losses[side][c] >= 0 for c in LOSS_CAUSES)
    holders: dict = {}
    for u in s.units.values():
        assert u.strength >= 0, f"{u.id} has negative strength"
        assert u.morale in MORALE_STATES
        if u.gone:
            assert u.strength == 0 and u.hex is None, f"{u.id} is gone but not empty"
            continue
        if u.hex is None:
            continue  # not arrived yet
        assert u.strength > 0, f"{u.id} is on the field with nobody in it"
        assert m.on_map(u.hex), f"{u.id} is off the map"
        if u.aboard:  # men aboard stand where their boats are, on the water
            boat = s.units[u.aboard]
            assert boat.hex == u.hex and not boat.gone, f"{u.id} is aboard {boat.id} elsewhere"
            continue
        terrain = m.terrain_at(u.hex)
        assert terrain.passable and getattr(terrain.move_cost, u.type.movement) is not None, (
            f"{u.id} ({u.type.movement}) stands on {terrain.name} at {u.hex.offset}"
        )
        other = holders.setdefault(u.hex, u.side)
        assert other == u.side, f"both sides in {u.hex.offset}"
    if isinstance(last_order, Move):
        mover = s.units[last_order.unit]
        assert s.men_at(mover.hex, mover.side) <= s.scenario.rules.stacking_limit, (
            f"{mover.id} marched into an overfull hex"
        )
    assert s.phase in PHASES
    for gate, state in s.gates.items():
        assert state in ("open", "closed", "barred", "broken")
        assert s.gate_damage[gate] >= 0


FUZZ = int(os.environ.get("SIEGE_FUZZ", "0"))


@settings(
    max_examples=FUZZ or 30,
    derandomize=not FUZZ,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(name=st.sampled_from(SCENARIOS), seed=st.integers(0, 2**32 - 1), data=st.data())
def test_random_legal_play_keeps_the_rules_invariants(name, seed, data):
    sc = scenario(name)
    game = build_game(sc, seed, battle_map(sc))
    check_invariants(game, None)
    for _ in range(MAX_STEPS):
        if game.state.ended:
            break
        options = all_legal_orders(game)
        end_now = not options or data.draw(st.integers(0, 9), label="end phase?") < 3
        order = PhaseEnd() if end_now else data.draw(st.sampled_from(options), label="order")
        game.apply(order)
        check_invariants(game, order)
    again = replay_game(sc, seed, list(game.orders), battle_map(sc))
    assert again.state_hash() == game.state_hash()
