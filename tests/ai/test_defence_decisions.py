"""Small positions, each asserting one decision of a defender (see test_decisions.py for how
positions are set up)."""

from __future__ import annotations

import dataclasses

from siege.ai import Commander, play_phase
from siege.ai import levels as ai_levels
from siege.engine.orders import Assault, Move, PhaseEnd
from tests.ai.test_decisions import _game, _place, _to


def _garrison_beside_spearmen_in_the_lanes(level: str) -> list[Assault]:
    """Inside the town, 400 of the enemy's spearmen (no missiles: they cannot shoot back) stand
    in the lanes between the gate guard and the town's arquebusiers, who have just fired into
    them: the garrison's assault orders."""
    game = _game("walled_town")
    _place(game, "a_spear", (4, 2))
    game.state.units["a_spear"].strength = 400
    for uid, at in (("a_ladders", (9, 0)), ("a_arq", (9, 7)), ("a_guns", (0, 7))):
        _place(game, uid, at)
    _place(game, "j_town", (5, 2))
    _place(game, "j_gate", (3, 2))
    _to(game, "japan", "fire")
    commander = Commander("japan", level, 1)
    play_phase(commander, game.seat("japan"))  # the volley: it remembers what it shot at
    game.apply(PhaseEnd())
    orders = commander.orders_for_phase(game.seat("japan"))
    return [o for o in orders if isinstance(o, Assault)]


def test_a_hard_garrison_does_not_drive_off_men_its_volleys_are_killing(monkeypatch) -> None:
    """Men caught in the lanes who cannot shoot back are the arquebusiers' to kill: at hard the
    garrison leaves them there rather than drive them out of its fire (at normal it goes in
    by the odds, which are sure). Without that judgement, hard goes in too."""
    assert _garrison_beside_spearmen_in_the_lanes("normal")
    assert not _garrison_beside_spearmen_in_the_lanes("hard")
    hard = ai_levels.STYLES["hard"]
    monkeypatch.setitem(ai_levels.STYLES, "hard", dataclasses.replace(hard, spare_no_target=False))
    assert _garrison_beside_spearmen_in_the_lanes("hard")


def _gate_guard_orders_with_the_town_broken_into() -> list:
    """1,500 of the enemy's ladder men are in the town and 250 spearmen have got into the
    lanes two hexes from the gate guard, who stands on a hex of the town (an objective):
    the guard's orders in the movement phase, at normal."""
    game = _game("walled_town")
    for uid, at in (("a_ladders", (2, 3)), ("a_arq", (0, 7)), ("a_guns", (0, 6))):
        _place(game, uid, at)
    _place(game, "a_spear", (3, 1))
    game.state.units["a_spear"].strength = 250
    _place(game, "j_town", (9, 7))
    _place(game, "j_gate", (5, 2))
    _to(game, "japan", "movement")
    orders = Commander("japan", "normal", 1).orders_for_phase(game.seat("japan"))
    return [o for o in orders if getattr(o, "unit", None) == "j_gate"]


def test_men_on_an_objective_hold_it_once_the_walls_are_carried(monkeypatch) -> None:
    """With the walls carried, the guard does not march off its hex of the town to set up a
    counter-attack on the spearmen (it would leave that hex to the enemy); without the
    judgement it marches up beside them."""
    assert _gate_guard_orders_with_the_town_broken_into() == []
    monkeypatch.setattr(
        Commander,
        "_holds_post",
        lambda self, sit, unit, keep, carried: unit.hex in sit.ground.rampart and not carried,
    )
    assert _gate_guard_orders_with_the_town_broken_into() == [Move("j_gate", (4, 1))]
