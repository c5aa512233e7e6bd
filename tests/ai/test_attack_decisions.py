"""Small positions, each asserting one decision of an attacker (see test_decisions.py for how
positions are set up)."""

from __future__ import annotations

import re

from siege.ai import Commander
from siege.engine.orders import Move
from siege.scenario.build import new_game
from siege.scenario.validate import load_scenario
from tests.ai.test_decisions import DATA, _game, _place, _to


def _horse_before_the_muskets(minutes: int):
    """A horseman on the road, the crossroads ahead of him under the enemy's muskets."""
    game = _game("open_ground")
    _place(game, "a_horse", (1, 1))
    for uid, at in (("j_arq", (7, 1)), ("j_spear", (8, 7)), ("j_arch", (9, 6))):
        _place(game, uid, at)
    _to(game, "allied", "movement")
    game.state.minutes = minutes
    game.edited()
    orders = Commander("allied", "normal", 1).orders_for_phase(game.seat("allied"))
    return [o for o in orders if isinstance(o, Move) and o.unit == "a_horse"]


def test_rides_through_the_fire_when_time_runs_out() -> None:
    """With the battle before it, a horseman waits out of the muskets' reach; with two hours
    left and nothing won, standing still loses the battle: he rides onto the crossroads."""
    assert _horse_before_the_muskets(0) == []
    assert _horse_before_the_muskets(19 * 60) == [Move("a_horse", (5, 1))]


def test_marches_past_a_post_in_the_streets(tmp_path) -> None:
    """Inside the town, next to an enemy post that is worth no skirmish (on no goal, off the
    wall), the spearmen do not wait for odds that never come: they go on to their goal."""
    text = (DATA / "walled_town.yaml").read_text()
    town = re.compile(r"hexes: \[\[2, 1\], \[3, 1\].*?\[5, 3\]\]", re.S)
    assert town.search(text), "the town's objective as the test data writes it"
    path = tmp_path / "corner.yaml"
    path.write_text(town.sub("hexes: [[5, 1]]", text))  # the goal: one corner of the town
    game = new_game(load_scenario(path), 1, undo=False)
    _place(game, "a_spear", (4, 2))
    _place(game, "j_town", (3, 2))  # a post in the streets, behind them
    _to(game, "allied", "movement")
    orders = Commander("allied", "normal", 1).orders_for_phase(game.seat("allied"))
    assert Move("a_spear", (5, 1)) in orders


def _garrison_by_day_beside_a_battery(level: str):
    """The town's spearmen are out in the fields by day, next to a battery of the enemy's in
    the open: far from any ground of theirs."""
    game = _game("walled_town")
    _place(game, "j_gate", (2, 5))
    _place(game, "a_guns", (3, 5))
    for uid, at in (("a_spear", (0, 0)), ("a_ladders", (9, 0)), ("a_arq", (9, 7))):
        _place(game, uid, at)
    _to(game, "japan", "assault")
    return Commander("japan", level, 1).orders_for_phase(game.seat("japan"))


def test_a_hard_garrison_falls_on_the_enemy_in_the_open_by_day() -> None:
    """By day a garrison at easy or normal attacks only to retake its own ground; at hard it
    also falls on a weak enemy in the open when the margin says so (sally_by_day)."""

    def sallies(orders) -> bool:
        return any(getattr(o, "target", None) == (3, 5) for o in orders)

    assert sallies(_garrison_by_day_beside_a_battery("hard"))
    assert not sallies(_garrison_by_day_beside_a_battery("normal"))


def _horse_holding_the_crossroads(tmp_path, enemy_per_1000: int) -> list[Move]:
    """A horseman holds the crossroads (3 points to each side) under the enemy's muskets, with
    a hill still to take; the enemy scores `enemy_per_1000` for each thousand of ours lost."""
    text = (DATA / "open_ground.yaml").read_text()
    text = text.replace("holder: null,", "holder: allied,")
    hill = "  - {id: hill, name: the hill, hexes: [[9, 7]], holder: japan, points: {allied: 5}}\n"
    text = text.replace("objectives:\n", "objectives:\n" + hill, 1)
    scoring = "scoring: {per_1000_enemy_lost: 2, per_1000_own_escaped: 2}"
    assert scoring in text, "the Japanese scoring as the test data writes it"
    text = text.replace(scoring, scoring.replace(": 2,", f": {enemy_per_1000},", 1))
    path = tmp_path / f"crossroads_{enemy_per_1000}.yaml"
    path.write_text(text)
    game = new_game(load_scenario(path), 1, undo=False)
    _place(game, "a_horse", (5, 1))
    for uid, at in (("j_arq", (7, 1)), ("j_spear", (8, 7)), ("j_arch", (9, 6))):
        _place(game, uid, at)
    _to(game, "allied", "movement")
    orders = Commander("allied", "normal", 1).orders_for_phase(game.seat("allied"))
    return [o for o in orders if isinstance(o, Move) and o.unit == "a_horse"]


def test_does_not_hold_ground_that_costs_more_men_than_it_is_worth(tmp_path) -> None:
    """Standing on the crossroads under fire for the rest of the battle would cost the horseman
    few men's worth of points against its 6-point swing: he keeps it. Where each of his men
    lost is worth ten times as much to the enemy, holding it costs more than it is worth: he
    goes on to the hill instead."""
    assert _horse_holding_the_crossroads(tmp_path, 2) == []
    assert _horse_holding_the_crossroads(tmp_path, 20) == [Move("a_horse", (9, 5))]
