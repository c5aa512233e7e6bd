"""Terrain in combat: a terrain's `combat:` changes how troops of a movement class standing on
it shoot, fight and hold (river_landing.yaml: horse in the paddy x0.5 fire, x0.4 melee, -2
morale; foot there fight as anywhere). Previews show it, and the dice use the same numbers."""

from __future__ import annotations

import kit
import pytest

from siege.engine import morale
from siege.engine.orders import Assault


def _cavalry_at(game_of, at):
    game = game_of("river_landing")
    kit.only(game, "a_horse", "j_arq")
    kit.place(game, "a_horse", at)
    return game


def test_cavalry_shoot_worse_from_the_paddy(game_of):
    dry = _cavalry_at(game_of, (6, 1))  # open ground next to the arquebusiers at [5, 1]
    kit.advance(dry, "allied", "fire")
    wet = _cavalry_at(game_of, (4, 1))  # the paddy, next to them on the other side
    kit.advance(wet, "allied", "fire")
    on_dry = dry.preview_fire("a_horse", (5, 1))
    in_mud = wet.preview_fire("a_horse", (5, 1))
    assert in_mud.expected == pytest.approx(on_dry.expected * 0.5)
    assert ("horse in paddy", 0.5) in in_mud.modifiers


def test_cavalry_charge_worse_out_of_the_paddy_and_the_preview_says_so(game_of):
    dry = _cavalry_at(game_of, (6, 1))
    kit.advance(dry, "allied", "assault")
    wet = _cavalry_at(game_of, (4, 1))
    kit.advance(wet, "allied", "assault")
    on_dry = dry.preview_assault(("a_horse",), (5, 1))
    in_mud = wet.preview_assault(("a_horse",), (5, 1))
    assert in_mud.attack == pytest.approx(on_dry.attack * 0.4)
    assert ("Ming cavalry in paddy", 0.4) in in_mud.modifiers
    assert in_mud.chances["taken"] < on_dry.chances["taken"]


def test_foot_in_the_paddy_fight_as_anywhere(game_of):
    game = game_of("river_landing")
    kit.only(game, "a_spear", "j_arq")
    kit.place(game, "a_spear", (4, 1))
    kit.advance(game, "allied", "assault")
    odds = game.preview_assault(("a_spear",), (5, 1))
    assert not [m for m in odds.modifiers if "paddy" in m[0]]


def test_cavalry_in_the_paddy_hold_worse(game_of):
    game = _cavalry_at(game_of, (4, 1))
    target, notes = morale.morale_target(game.state, game.unit("a_horse"))
    dry = _cavalry_at(game_of, (8, 6))
    dry_target, _ = morale.morale_target(dry.state, dry.unit("a_horse"))
    assert target == dry_target - 2
    assert "-2 paddy" in notes


def test_the_dice_use_the_ground_too(game_of):
    game = _cavalry_at(game_of, (4, 1))
    kit.advance(game, "allied", "assault")
    odds = game.preview_assault(("a_horse",), (5, 1))
    resolved = kit.of_kind(game.apply(Assault(("a_horse",), (5, 1))), kit.ev.AssaultResolved)
    assert resolved[0].attack == pytest.approx(odds.attack, abs=0.01)
