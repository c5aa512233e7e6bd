"""Movement as a player sees it: roads, terrain, zones of control, walls and gates, stacking."""

from __future__ import annotations

import pytest
from kit import (
    advance,
    battle_map,
    breach,
    dist,
    nb,
    new_game,
    of_kind,
    only,
    place,
    real_scenario,
    set_gate,
)

from siege.engine.events import UnitMoved
from siege.engine.hexes import Hex
from siege.engine.movement import path_to, reachable
from siege.engine.orders import Move, PhaseEnd
from siege.scenario.build import new_game as build_game


def offsets(reach) -> dict[tuple[int, int], float]:
    return {h.offset: cost for h, cost in reach.items()}


def moving(name: str, *units: str, seed: int = 1, **rules):
    game = new_game(name, seed, **rules)
    only(game, *units)
    advance(game, "allied", "movement")
    return game


# --------------------------------------------------------------------------- terrain and roads


def test_road_is_cheaper_than_open_ground():
    game = moving("open_ground", "a_arq")
    place(game, "a_arq", (0, 1))  # on the high road (row 1)
    on_road = offsets(game.reachable("a_arq"))
    assert on_road[(3, 1)] == pytest.approx(1.5)  # three road hexes at 0.5
    assert (8, 1) in on_road  # 4 MP carry them 8 hexes down the road

    place(game, "a_arq", (0, 5))  # the same march across open fields
    off_road = offsets(game.reachable("a_arq"))
    assert off_road[(3, 5)] == pytest.approx(3.0)
    assert (8, 5) not in off_road
    assert max(c for c, r in on_road if r == 1) > max(c for c, r in off_road if r == 5)


def test_wood_costs_more_and_cliffs_cannot_be_entered():
    game = moving("open_ground", "a_arq")
    place(game, "a_arq", (3, 5))
    reach = offsets(game.reachable("a_arq"))
    assert reach[(4, 4)] == pytest.approx(2.0)  # a wood hex costs 2
    assert reach[(2, 5)] == pytest.approx(1.0)
    place(game, "a_arq", (1, 5))
    assert (1, 6) not in offsets(game.reachable("a_arq"))
    reason = game.check(Move("a_arq", (1, 6)))
    assert reason is not None and "cannot enter cliffs" in reason


def test_guns_are_slow_and_horse_is_fast():
    game = moving("open_ground", "a_guns", "a_horse")
    place(game, "a_guns", (2, 5))
    place(game, "a_horse", (2, 2))
    guns = offsets(game.reachable("a_guns"))
    horse = offsets(game.reachable("a_horse"))
    assert max(dist((2, 5), h) for h in guns) == 1  # 2 MP, open ground costs guns 2
    assert max(dist((2, 2), h) for h in horse) >= 6


def test_move_follows_the_cheapest_path_and_reports_its_cost():
    game = moving("open_ground", "a_arq")
    place(game, "a_arq", (0, 1))
    events = game.apply(Move("a_arq", (4, 1)))
    [moved] = of_kind(events, UnitMoved)
    assert moved.path[0] == (0, 1) and moved.path[-1] == (4, 1)
    assert moved.cost == pytest.approx(2.0)
    assert game.unit("a_arq").hex.offset == (4, 1)


def test_off_map_and_standing_still_are_refused():
    game = moving("open_ground", "a_arq")
    assert "off the map" in game.check(Move("a_arq", (10, 3)))
    here = game.unit("a_arq").hex.offset
    assert "already there" in game.check(Move("a_arq", here))


def test_too_far_says_how_many_points_are_needed():
    game = moving("open_ground", "a_arq")
    place(game, "a_arq", (0, 5))
    reason = game.check(Move("a_arq", (8, 5)))
    assert reason is not None and reason.startswith("too far")
    assert "8.0 movement points needed" in reason and "4 available" in reason


# --------------------------------------------------------------------------- zones of control


def test_entering_a_hex_next_to_an_enemy_ends_the_move():
    game = moving("open_ground", "a_horse", "j_spear")
    place(game, "a_horse", (0, 2))
    place(game, "j_spear", (3, 2))
    enemy = Hex.from_offset(3, 2)
    reach = game.reachable("a_horse")
    zoc = {h for h in reach if h.distance(enemy) == 1}
    assert zoc, "the horse can reach the enemy's side"
    for goal in reach:
        path = game.path("a_horse", goal.offset)
        assert path[0].offset == (0, 2) and path[-1] == goal
        assert not any(h.distance(enemy) == 1 for h in path[1:-1]), (
            f"the path to {goal.offset} passes through the enemy's zone of control"
        )


def test_zone_of_control_forces_a_detour():
    free = moving("open_ground", "a_horse")
    place(free, "a_horse", (0, 1))
    blocked = moving("open_ground", "a_horse", "j_spear")
    place(blocked, "a_horse", (0, 1))
    place(blocked, "j_spear", (5, 0))  # its zone covers the road at [4, 1] and [5, 1]
    free_cost = offsets(free.reachable("a_horse"))[(9, 1)]
    blocked_cost = offsets(blocked.reachable("a_horse")).get((9, 1))
    assert free_cost == pytest.approx(4.5)
    assert blocked_cost is None or blocked_cost > free_cost + 1


def test_the_enemy_hex_itself_is_refused_with_a_hint_to_assault():
    game = moving("open_ground", "a_arq", "j_spear")
    place(game, "a_arq", (2, 2))
    place(game, "j_spear", (3, 2))
    reason = game.check(Move("a_arq", (3, 2)))
    assert reason is not None and "assault" in reason


def test_a_move_into_a_hidden_enemys_zone_halts_short():
    game = new_game("open_ground")
    only(game, "a_arq", "j_spear")
    advance(game, "allied", "movement", turn=3)  # 17:00: night, sight 2 hexes
    assert game.state.is_night()
    place(game, "a_arq", (0, 5))
    place(game, "j_spear", (3, 4))  # 3 hexes off: unseen in the dark
    assert dist((0, 5), (3, 4)) == 3
    assert not game.view_for("allied").enemies
    assert game.check(Move("a_arq", (4, 5))) is None  # planned against what they can see
    events = game.apply(Move("a_arq", (4, 5)))
    [moved] = of_kind(events, UnitMoved)
    assert moved.path == ((0, 5), (1, 5), (2, 5))  # [2, 5] is next to the enemy
    assert "halted" in moved.text
    assert game.unit("a_arq").hex.offset == (2, 5)
    assert [e.id for e in game.view_for("allied").enemies] == ["j_spear"]
    assert not game.can_undo(), "a move that revealed the enemy cannot be taken back"


def test_a_unit_moves_once_per_turn():
    game = moving("open_ground", "a_arq")
    place(game, "a_arq", (0, 5))
    game.apply(Move("a_arq", (1, 5)))
    reason = game.check(Move("a_arq", (2, 5)))
    assert reason is not None and "already moved" in reason


def test_routed_units_do_not_take_move_orders():
    game = moving("open_ground", "a_arq")
    place(game, "a_arq", (0, 5), morale="routed")
    reason = game.check(Move("a_arq", (1, 5)))
    assert reason is not None and "routed" in reason and "rally" in reason
    assert not list(game.legal_orders("a_arq")) or all(
        type(o).__name__ != "Move" for o in game.legal_orders("a_arq")
    )


# --------------------------------------------------------------------------- stacking


def test_stacking_limit_is_refused_with_a_reason():
    game = moving("open_ground", "a_arq", "a_arch")
    place(game, "a_arq", (3, 2), strength=2500)
    place(game, "a_arch", (2, 2))  # 800 more would make 3,300 > 3,000
    reason = game.check(Move("a_arch", (3, 2)))
    assert reason is not None and "too crowded" in reason and "3,000" in reason
    assert (3, 2) not in offsets(game.reachable("a_arch"))
    # marching *through* the crowded hex is fine
    assert (4, 2) in offsets(game.reachable("a_arch"))


def test_stacking_up_to_the_limit_is_allowed():
    game = moving("open_ground", "a_arq", "a_arch")
    place(game, "a_arq", (3, 2), strength=2200)
    place(game, "a_arch", (2, 2))  # 800 + 2,200 = 3,000 exactly
    assert game.check(Move("a_arch", (3, 2))) is None


# --------------------------------------------------------------------------- walls and gates


def test_walls_block_movement():
    game = moving("walled_town", "a_spear")
    place(game, "a_spear", (1, 1))  # outside the town's west wall
    reach = offsets(game.reachable("a_spear"))
    town = {tuple(p) for p in game.scenario.objectives[0].hexes}
    assert not town & set(reach), "no town hex can be reached over the wall"
    reason = game.check(Move("a_spear", (2, 1)))
    assert reason is not None and "no way there" in reason


def test_a_barred_gate_blocks_the_enemy():
    game = moving("walled_town", "a_spear")
    place(game, "a_spear", (1, 2))  # before the West Gate
    assert "no way there" in game.check(Move("a_spear", (2, 2)))


@pytest.mark.parametrize("state", ["open", "broken"])
def test_an_open_or_broken_gate_lets_men_through(state):
    game = moving("walled_town", "a_spear")
    place(game, "a_spear", (1, 2))
    set_gate(game, "west_gate", state)
    assert game.check(Move("a_spear", (2, 2))) is None
    assert (3, 2) in offsets(game.reachable("a_spear"))  # and on along the street


def test_a_breach_lets_men_through_that_edge_only():
    game = moving("walled_town", "a_spear")
    place(game, "a_spear", (1, 1))
    breach(game, (2, 1), "W")
    reach = offsets(game.reachable("a_spear"))
    assert (2, 1) in reach
    assert reach[(2, 1)] == pytest.approx(1.0)


def test_the_garrison_opens_its_own_gate_for_a_sortie():
    game = new_game("walled_town")
    only(game, "j_gate")
    advance(game, "japan", "movement")
    assert game.check(Move("j_gate", (1, 2))) is None
    assert (0, 2) in offsets(game.reachable("j_gate"))


def test_walls_stop_a_zone_of_control():
    """Men behind a wall do not pin the enemy walking past outside it."""
    game = moving("walled_town", "a_spear", "j_town")
    place(game, "j_town", (2, 2))  # the gatehouse, gate barred
    place(game, "a_spear", (1, 1))
    # [1, 2] lies beside [2, 2] but across the gate: walking through it does not end the move
    assert offsets(game.reachable("a_spear"))[(1, 3)] == pytest.approx(2.0)
    assert [h.offset for h in game.path("a_spear", (1, 3))] == [(1, 1), (1, 2), (1, 3)]
    # the same position in the open: the zone of control bites
    open_game = moving("open_ground", "a_arq", "j_spear")
    place(open_game, "j_spear", (2, 2))
    place(open_game, "a_arq", (1, 1))
    assert offsets(open_game.reachable("a_arq")).get((1, 3), 99) > 2.0


def test_neighbour_helper_matches_the_odd_r_layout():
    # a guard for the tests themselves: odd rows are shifted right
    assert nb((2, 2), "W") == (1, 2)
    assert nb((3, 3), "SE") == (4, 4)
    assert nb((2, 2), "SE") == (2, 3)


# --------------------------------------------------------------------------- kept trees


def test_kept_movement_trees_are_those_a_fresh_search_finds():
    """The reachable hexes a seat gives are kept between orders and shared between units that
    stand where another stood: after every order of a battle's fighting turns, each kept tree
    is the one a fresh search would find."""
    from siege.ai import commander_for

    game = build_game(real_scenario(), 3, battle_map(real_scenario()))
    commanders = {s: commander_for(s, "normal", 3) for s in game.state.sides}
    checked = 0
    while game.state.turn <= 10 and not game.state.ended:
        seat = game.seat(game.active_side)
        for order in commanders[seat.side].orders_for_phase(seat):
            if seat.check(order) is not None:
                continue
            seat.apply(order)
            if game.state.turn < 7 or game.phase != "movement":
                continue
            state, know = game.state, game.know
            for unit in state.units_of(game.active_side):
                enemies = know.known_enemy_hexes(unit.side)
                kept = know.tree(unit)
                assert kept == reachable(state, unit, enemies), unit.id
                checked += 1
        game.apply(PhaseEnd())
    assert checked > 500


def test_a_search_for_one_hex_finds_the_path_and_cost_of_the_whole_tree():
    """A move given without first asking where the unit can go (a replayed or loaded battle)
    searches only as far as its goal: the path, its cost, and every refusal are those the whole
    tree gives, for every unit of the real battle and every hex it could try."""
    game = build_game(real_scenario(), 2, battle_map(real_scenario()))
    state, know = game.state, game.know
    tried = stopped_short = 0
    for unit in sorted(state.units_of(game.active_side), key=lambda u: u.id)[:12]:
        if not unit.on_map:
            continue
        enemies = know.known_enemy_hexes(unit.side)
        whole = reachable(state, unit, enemies)
        around = {n for h in whole for n in h.neighbours() if state.map.on_map(n)}
        for goal in sorted(around | set(whole)):
            partial = reachable(state, unit, enemies, goal=goal)
            assert (goal in partial) == (goal in whole), (unit.id, goal)
            if goal in whole:
                assert partial[goal][0] == whole[goal][0]
                assert path_to(partial, goal) == path_to(whole, goal), (unit.id, goal)
                stopped_short += len(partial) < len(whole)
            tried += 1
    assert tried > 300 and stopped_short > tried // 4


def test_a_replayed_move_is_judged_as_one_asked_about_first():
    """The order's check by the one-hex search says what the seat's reachable hexes say."""

    def to_movement():
        game = build_game(real_scenario(), 4, battle_map(real_scenario()))
        while game.phase != "movement":
            game.apply(PhaseEnd())
        return game

    game, fresh = to_movement(), to_movement()
    seat = game.seat(game.active_side)
    units = sorted((u for u in game.state.units_of(seat.side) if u.on_map), key=lambda u: u.id)
    judged = 0
    for unit in units[:6]:
        places = dict(seat.reachable(unit.id))
        around = sorted({n for h in places for n in h.neighbours()} | set(places))
        for h in around:
            order = Move(unit.id, h.offset)
            assert (fresh.check(order) is None) == (h in places), (unit.id, h)
            judged += 1
    assert judged > 100
