"""Every battery the shipped battles give a besieger can get to work: in a day's marches by
daylight from where it is deployed, with no enemy in its way, it reaches ground from which the
rules let it batter the enemy's gate nearest to it. Guns pay dearly to enter houses and the
outer town, and must see the gate they batter: a battery deployed on the wrong side of a town
could stand all battle long with nothing to do."""

from __future__ import annotations

from pathlib import Path

import pytest

from siege.engine.combat import weapons_of
from siege.engine.hexes import DIRECTIONS
from siege.engine.movement import reachable
from siege.engine.orders import Bombardment, PhaseEnd
from siege.scenario.build import new_game
from siege.scenario.validate import load_scenario

SCENARIOS = Path(__file__).resolve().parents[2] / "scenarios"
SHIPPED = sorted(SCENARIOS.glob("*.yaml"))
TURNS = 12  # of marching: a day's


def _batteries(path: Path):
    sc = load_scenario(path)
    game = new_game(sc, 1, undo=False)
    state = game.state
    out = []
    for unit in state.units.values():
        if unit.hex is None or not any(w.vs_works > 0 for w in weapons_of(state, unit)):
            continue
        if all(state.gate_holders.get(g) == unit.side for g in state.map.gates):
            continue  # its own side holds every gate: nothing to batter
        out.append(unit.id)
    return game, out


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_every_battery_can_reach_ground_to_batter_a_gate_from(path: Path) -> None:
    game, batteries = _batteries(path)
    if not batteries:
        pytest.skip("no battery here has an enemy gate to batter")
    state = game.state
    for _ in range(8):  # to its side's fire phase, where a bombardment is given
        if game.phase == "fire" and game.active_side == state.units[batteries[0]].side:
            break
        game.apply(PhaseEnd())
    stuck = [uid for uid in batteries if not _can_batter(game, uid)]
    assert stuck == [], f"{path.name}: batteries that never get to batter a gate: {stuck}"


def _can_batter(game, uid: str) -> bool:
    """March the battery turn by turn (each turn's move from each place it could have got to),
    alone on the field, and ask the rules at each place near the enemy's gate nearest its
    deployment if it may batter that gate."""
    state = game.state
    unit = state.units[uid]
    start = unit.hex
    reach = max(w.range for w in weapons_of(state, unit))
    enemy_gates = [g for g in state.map.gates.values() if state.gate_holders.get(g.id) != unit.side]
    gate = min(enemy_gates, key=lambda g: (g.outside.distance(start), g.id))
    a, b = gate.edge
    aim = Bombardment(uid, a.offset, DIRECTIONS[a.direction_to(b)])
    day_march = unit.type.move_points  # (a night turn marches further)
    seen = {start}
    places = [start]
    try:
        for _ in range(TURNS):
            for h in places:
                if h.distance(gate.outside) <= reach:
                    unit.hex = h
                    game.edited()
                    if game.check(aim) is None:
                        return True
            after = []
            for h in places:
                unit.hex = h
                for n in sorted(reachable(state, unit, [], budget=day_march, zoc=set())):
                    if n not in seen:
                        seen.add(n)
                        after.append(n)
            places = after
        return False
    finally:
        unit.hex = start
        game.edited()
