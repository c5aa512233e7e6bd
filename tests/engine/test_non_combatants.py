"""Non-combatants (`non_combatant: true`): they hold nothing alone, are not fought while
soldiers share their hex, give way to an assault when alone, and are counted apart in the
losses (river_landing.yaml: the Japanese townsfolk at the shrine [6, 0], the allies' supply
train)."""

from __future__ import annotations

import json

import kit

from siege.engine import events as ev
from siege.engine import victory
from siege.engine.orders import Assault, Move, Volley
from siege.sim import run_record


def test_non_combatants_alone_do_not_hold_an_objective(game_of):
    game = game_of("river_landing")
    assert game.state.units["j_folk"].hex.offset == (6, 0)
    assert game.state.objectives["shrine"] is None  # the townsfolk stand on it: nobody holds it


def test_soldiers_take_an_objective_the_enemy_non_combatants_stand_on(game_of):
    game = game_of("river_landing")
    kit.only(game, "a_spear", "j_folk", "j_arq")
    kit.place(game, "a_spear", (6, 1))
    kit.place(game, "j_arq", (0, 7))
    kit.advance(game, "allied", "assault")
    odds = game.preview_assault(("a_spear",), (6, 0))
    assert odds.chances == {"taken": 1.0, "held": 0.0, "repulsed": 0.0}
    rolls = game.state.rolls
    events = game.apply(Assault(("a_spear",), (6, 0)))
    assert game.state.rolls == rolls  # no dice: nobody fights
    assert kit.of_kind(events, ev.AssaultResolved)[0].result == "taken"
    assert game.unit("a_spear").hex.offset == (6, 0)
    assert game.unit("j_folk").hex.offset != (6, 0)
    assert game.state.objectives["shrine"] == "allied"


def test_an_assault_fights_the_soldiers_and_spares_the_non_combatants(game_of):
    game = game_of("river_landing")
    kit.only(game, "a_spear", "j_folk", "j_arq")
    kit.place(game, "j_arq", (6, 0))  # soldiers join the townsfolk
    kit.place(game, "a_spear", (6, 1))
    assert game.state.objectives["shrine"] is None  # (not updated by a setup edit)
    kit.advance(game, "allied", "assault")
    alone = game_of("river_landing")
    kit.only(alone, "a_spear", "j_arq")
    kit.place(alone, "j_arq", (6, 0))
    kit.place(alone, "a_spear", (6, 1))
    kit.advance(alone, "allied", "assault")
    # the townsfolk add nothing to the defence: the odds are those against the soldiers alone
    assert game.preview_assault(("a_spear",), (6, 0)) == alone.preview_assault(("a_spear",), (6, 0))
    events = game.apply(Assault(("a_spear",), (6, 0)))
    assert kit.men_lost(events, unit="j_folk") == 0


def test_non_combatants_lost_are_counted_apart(game_of):
    game = game_of("river_landing")
    kit.only(game, "a_arch", "j_folk")
    kit.place(game, "a_arch", (6, 3))
    kit.advance(game, "allied", "fire")
    # (the river between: the archers shoot across it, 3 hexes)
    events = game.apply(Volley("a_arch", (6, 0)))
    lost = kit.men_lost(events, unit="j_folk")
    assert lost > 0
    assert victory.non_combatants_lost(game.state, "japan") == lost
    assert victory.lost(game.state, "japan") == 0  # no soldier lost: it scores nothing
    assert victory.scores(game.state)["allied"] == 0
    record = json.loads(json.dumps(run_record(game, 1)))
    assert sum(record["losses"]["japan"].values()) == 0
    assert sum(record["non_combatant_losses"]["japan"].values()) == lost


def test_the_supply_train_cannot_hold_the_shrine_either(game_of):
    game = game_of("river_landing")
    kit.only(game, "a_train")
    kit.place(game, "a_train", (7, 0))
    kit.advance(game, "allied", "movement")
    game.apply(Move("a_train", (6, 0)))
    assert game.state.objectives["shrine"] is None
