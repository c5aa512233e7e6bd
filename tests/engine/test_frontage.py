"""Frontage and reserves: an assault engages the defenders' frontage; the men behind it feed the
fight and make the hex hard to take; an attacker's men crowding behind its frontage add nothing
and pay for it in the crush."""

from __future__ import annotations

import math

import pytest
from kit import advance, men_lost, new_game, of_kind, only, place

from siege.engine import combat
from siege.engine.events import AssaultResolved
from siege.engine.orders import Assault


def storming(defenders: int, attackers: int = 600, seed: int = 1, second_hex: bool = False):
    game = new_game("open_ground", seed)
    only(game, "a_arq", "a_arch", "j_spear")
    advance(game, "allied", "assault")
    place(game, "j_spear", (3, 2), strength=defenders)
    place(game, "a_arq", (2, 2), strength=attackers)
    place(game, "a_arch", (3, 1) if second_hex else (0, 7))
    return game


def test_a_hex_with_reserves_is_harder_to_storm():
    rules = new_game("open_ground").scenario.rules
    thin = storming(800).preview_assault(("a_arq",), (3, 2))
    deep = storming(2600).preview_assault(("a_arq",), (3, 2))
    front = rules.frontage_men
    assert (thin.engaged, thin.reserve) == (front, 800 - front)
    assert (deep.engaged, deep.reserve) == (front, 2600 - front)
    assert deep.defence / thin.defence == pytest.approx(
        (front + rules.reserve_factor * (2600 - front))
        / (front + rules.reserve_factor * (800 - front)),
        rel=0.01,
    )
    assert deep.chances["taken"] < thin.chances["taken"]
    assert "2,000 defenders in reserve" in dict(deep.modifiers)
    assert "in reserve" in deep.describe()


def test_a_second_attacking_hex_engages_a_second_frontage():
    rules = new_game("open_ground").scenario.rules
    one = storming(2600).preview_assault(("a_arq",), (3, 2))
    two = storming(2600, second_hex=True).preview_assault(("a_arq", "a_arch"), (3, 2))
    assert two.engaged == 2 * rules.frontage_men and two.reserve == 2600 - 2 * rules.frontage_men
    assert one.engaged == rules.frontage_men


def test_crowding_behind_the_frontage_adds_nothing_and_costs_men():
    rules = new_game("open_ground").scenario.rules
    lean = storming(800, attackers=600).preview_assault(("a_arq",), (3, 2))
    packed = storming(800, attackers=1500).preview_assault(("a_arq",), (3, 2))
    assert packed.attack == pytest.approx(lean.attack)
    assert packed.crowd == 900 and lean.crowd == 0
    assert packed.attacker_loss / lean.attacker_loss == pytest.approx(
        (600 + rules.crowd_loss * 900) / 600, rel=0.01
    )
    assert "crowd behind the frontage" in packed.describe()


def test_the_crush_is_paid_in_the_assault_itself():
    rules = new_game("open_ground").scenario.rules
    game = storming(800, attackers=1500, seed=4)
    events = game.apply(Assault(("a_arq",), (3, 2)))
    [fight] = of_kind(events, AssaultResolved)
    score = math.log2(fight.attack / fight.defence) + (sum(fight.dice) - 7) / 4
    share, defenders_share = combat._loss_shares(rules, score)
    assert men_lost(events, unit="a_arq") == round(share * (600 + rules.crowd_loss * 900))
    assert men_lost(events, unit="j_spear") == round(defenders_share * rules.frontage_men)
