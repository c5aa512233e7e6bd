"""The frozen river: thin ice cannot be walked on; ice bears a load, and a crowd on it by night
may break it and drown men. In ice_river the ice is 5 cm in cols 0-1, 20 cm in cols 2-5 and
30 cm in cols 6-9 (rows 2-4)."""

from __future__ import annotations

import statistics

import pytest
from kit import advance, ice_river, men_lost, new_game, of_kind, only, place

from siege.engine import ice
from siege.engine.events import AssaultResolved, IceBroke
from siege.engine.hexes import Hex
from siege.engine.movement import ice_at
from siege.engine.orders import Assault, Move, PhaseEnd


def test_thin_ice_cannot_be_walked_on_and_thick_ice_can():
    game = new_game("ice_river")
    only(game, "j_a")
    advance(game, "japan", "movement")
    place(game, "j_a", (0, 1))
    reach = {h.offset for h in game.reachable("j_a")}
    assert (0, 2) not in reach and (1, 2) not in reach  # 5 cm
    assert (2, 2) in reach  # 20 cm
    assert (
        game.check(Move("j_a", (1, 2))) == "the ice there is too thin to bear them (5 cm, 8 needed)"
    )


def test_crossing_the_ice_is_slow_going():
    game = new_game("ice_river")
    only(game, "j_a")
    advance(game, "japan", "movement")
    place(game, "j_a", (7, 1))
    reach = {h.offset: c for h, c in game.reachable("j_a").items()}
    assert reach[(7, 2)] == pytest.approx(2.0)


def drowned_in_one_crossing(seed: int, night: bool, placing: dict[str, tuple[int, int]]) -> int:
    """Put the Japanese on the ice at the end of their player-turn; men drowned when it ends."""
    game = new_game("ice_river", seed)
    only(game, *placing, "a_arq")
    advance(game, "japan", "assault", turn=2 if night else 1)
    assert game.state.is_night() == night
    for uid, at in placing.items():
        place(game, uid, at)
    return men_lost(game.apply(PhaseEnd()), "drowned")


def test_a_crowded_night_crossing_drowns_more_than_an_orderly_day_one():
    # the same 2,000 men on the same 20 cm ice: by day a unit to a hex, by night in one crowd
    orderly = [drowned_in_one_crossing(s, False, {"j_a": (3, 3), "j_b": (5, 3)}) for s in range(80)]
    crowded = [drowned_in_one_crossing(s, True, {"j_a": (3, 3), "j_b": (3, 3)}) for s in range(80)]
    day, night = statistics.mean(orderly), statistics.mean(crowded)
    print(f"drowned per crossing: orderly by day {day:.0f}, crowded by night {night:.0f}")
    assert night > 2 * day + 100


def test_the_thicker_the_ice_the_fewer_drown():
    """The same night crowd of 2,000 on the river's default ice, at three thicknesses."""
    means = {}
    for cm in (20, 30, 40):
        drowned = []
        for seed in range(60):
            game = new_game(ice_river(cm), seed)
            only(game, "j_a", "j_b", "a_arq")
            advance(game, "japan", "assault", turn=2)
            place(game, "j_a", (7, 3))
            place(game, "j_b", (7, 3))
            drowned.append(men_lost(game.apply(PhaseEnd()), "drowned"))
        means[cm] = statistics.mean(drowned)
    print(f"drowned by thickness: {means}")
    assert means[20] > means[30] + 100 > means[40] + 100
    assert means[40] == 0  # 40 cm bears 3,500 men: the crowd is safe


def test_ice_well_within_its_load_never_breaks():
    for seed in range(30):
        assert drowned_in_one_crossing(seed, True, {"j_c": (7, 3)}) == 0  # 500 men on 30 cm


def test_broken_ice_drowns_men_and_is_weaker_afterwards():
    for seed in range(50):
        game = new_game("ice_river", seed)
        only(game, "j_a", "j_b", "a_arq")
        advance(game, "japan", "assault", turn=2)
        place(game, "j_a", (3, 3))
        place(game, "j_b", (3, 3))
        h = Hex.from_offset(3, 3)
        bears_before = ice.capacity(game.state, h)
        events = game.apply(PhaseEnd())
        broke = of_kind(events, IceBroke)
        if not broke:
            continue
        assert broke[0].hex == (3, 3) and 0 < broke[0].chance <= 0.95
        assert men_lost(events, "drowned") > 0
        assert game.state.losses["japan"]["drowned"] == men_lost(events, "drowned")
        assert ice.capacity(game.state, h) == pytest.approx(bears_before / 4)  # half as thick
        return
    pytest.fail("2,000 men on 20 cm of ice at night never broke it")


def test_panic_weighs_on_the_ice():
    game = new_game("ice_river")
    only(game, "j_a")
    place(game, "j_a", (3, 3))
    h = Hex.from_offset(3, 3)
    steady = ice.load(game.state, h)
    place(game, "j_a", (3, 3), morale="routed")
    assert ice.load(game.state, h) == pytest.approx(steady * game.scenario.rules.ice_rout_factor)


def test_nobody_is_left_standing_on_ice_too_thin_to_walk_on():
    h = Hex.from_offset(3, 3)
    for seed in range(10):
        game = new_game("ice_river", seed)
        only(game, "j_a", "j_b", "a_arq")
        advance(game, "japan", "assault", turn=2)
        place(game, "j_a", (3, 3))
        place(game, "j_b", (3, 3))
        for _ in range(3):
            game.apply(PhaseEnd())
            if ice_at(game.state, h) < game.scenario.rules.ice_min_cm:
                left = [u.id for u in game.state.units_at(h)]
                assert not left, f"seed {seed}: {left} stand on {ice_at(game.state, h)} cm"
            advance(game, "japan", "assault")


def test_guns_cannot_go_onto_the_ice():
    game = new_game("ice_river")
    only(game, "a_guns")
    advance(game, "allied", "movement")
    place(game, "a_guns", (7, 5))
    assert "cannot enter frozen river" in game.check(Move("a_guns", (7, 4)))


def test_victors_do_not_follow_where_they_cannot_go():
    for seed in range(30):
        game = new_game("ice_river", seed)
        only(game, "a_guns", "j_c")
        place(game, "a_guns", (7, 5))
        place(game, "j_c", (7, 4), strength=20)  # a few men on the ice
        advance(game, "allied", "assault")
        events = game.apply(Assault(("a_guns",), (7, 4)))
        if [e.result for e in of_kind(events, AssaultResolved)] != ["taken"]:
            continue
        assert game.unit("a_guns").hex.offset == (7, 5), "the guns went out onto the river"
        return
    pytest.fail("the guns never took the hex")


def test_a_rout_over_the_river_loads_the_ice_it_runs_across():
    """Routed men fleeing across the ice at night are a crowd in a panic: the ice they run over
    (not only where they stop) can give way under them."""
    from siege.engine.events import UnitRetreated

    broke_on_the_way = 0
    for seed in range(60):
        game = new_game("ice_river", seed)
        only(game, "j_a", "a_arq", "a_guns")
        advance(game, "japan", "assault", turn=2)
        place(game, "j_a", (4, 5), morale="routed", strength=2500)
        place(game, "a_arq", (1, 6))  # the enemy on the bank both ways: the only
        place(game, "a_guns", (7, 6))  # way out is over the river
        events = game.apply(PhaseEnd())
        fled = [e for e in of_kind(events, UnitRetreated) if e.unit == "j_a"]
        assert fled, "the routed unit did not run"
        if "the ice breaks under them" in fled[0].text:
            broke_on_the_way += 1
            assert of_kind(events, IceBroke)[0].hex == fled[0].path[-1]
            assert fled[0].path[-1][1] < 5  # out on the river, short of where it ran
    assert broke_on_the_way > 0
