"""Assault as a player sees it: ladders, broken gates, frontage, and what a taken hex means."""

from __future__ import annotations

import pytest
from kit import advance, end_turn, men_lost, new_game, of_kind, only, place, set_gate

from siege.engine import morale
from siege.engine.events import (
    AssaultResolved,
    GateBroken,
    LaddersThrownDown,
    ScriptedEvent,
    UnitRetreated,
)
from siege.engine.orders import Assault, Bombardment, Move, PhaseEnd


def assaulting(name: str, *units: str, seed: int = 1, **rules):
    game = new_game(name, seed, **rules)
    only(game, *units)
    advance(game, "allied", "assault")
    return game


def gate_fight(seed: int = 1, gate: str = "barred", guard: int = 150):
    """Ming foot with ladders before the West Gate; a small guard in the gatehouse."""
    game = assaulting("walled_town", "a_ladders", "j_gate", seed=seed)
    place(game, "a_ladders", (1, 2))
    place(game, "j_gate", (2, 2), strength=guard)
    set_gate(game, "west_gate", gate)
    return game


# --------------------------------------------------------------------------- walls and ladders


def test_escalade_needs_ladders():
    game = assaulting("walled_town", "a_spear", "j_town")
    place(game, "a_spear", (1, 1))
    place(game, "j_town", (2, 1))
    reason = game.check(Assault(("a_spear",), (2, 1)))
    assert reason == "Ming spearmen have no ladders to climb the wall"
    assert game.preview_assault(("a_spear",), (2, 1)) is None


def test_men_with_ladders_may_escalade():
    game = gate_fight()
    assert game.check(Assault(("a_ladders",), (2, 2))) is None
    odds = game.preview_assault(("a_ladders",), (2, 2))
    assert odds.escalading == ["a_ladders"]
    assert dict(odds.modifiers)["Ming foot with ladders on ladders"] == pytest.approx(
        game.scenario.rules.escalade_factor
    )


def test_escalade_is_weaker_than_assault_through_a_broken_gate():
    over_wall = gate_fight(gate="barred").preview_assault(("a_ladders",), (2, 2))
    through_gate = gate_fight(gate="broken").preview_assault(("a_ladders",), (2, 2))
    assert through_gate.escalading == []
    assert "Ming foot with ladders through the breach" in dict(through_gate.modifiers)
    assert through_gate.attack > over_wall.attack
    assert through_gate.chances["taken"] > over_wall.chances["taken"] + 0.1
    assert over_wall.attacker_loss > through_gate.attacker_loss


def test_an_assault_in_the_open_is_stronger_than_through_a_breach():
    game = assaulting("open_ground", "a_arq", "j_spear")
    place(game, "a_arq", (2, 2))
    place(game, "j_spear", (3, 2), strength=150)
    in_open = game.preview_assault(("a_arq",), (3, 2))
    breach = gate_fight(gate="broken").preview_assault(("a_ladders",), (2, 2))
    assert in_open.modifiers == []
    # 600 men fight across one edge in both: 600 x melee 1.0, x breach_factor through the breach
    assert breach.attack == pytest.approx(in_open.attack * game.scenario.rules.breach_factor)
    assert breach.attack < in_open.attack


def test_ladders_are_sometimes_thrown_down():
    thrown = 0
    for seed in range(200):
        game = gate_fight(seed=seed, guard=60)
        events = game.apply(Assault(("a_ladders",), (2, 2)))
        if of_kind(events, LaddersThrownDown):
            thrown += 1
            assert not of_kind(events, AssaultResolved)
            assert men_lost(events, unit="a_ladders") > 0  # men fall with the ladders
    share = thrown / 200
    chance = new_game("walled_town").scenario.rules.ladder_throw_chance
    assert share == pytest.approx(chance, abs=0.08)


def test_the_escalade_preview_tells_the_truth():
    """The preview counts the chance that the ladders are thrown down before the fight."""
    taken, trials = 0, 300
    preview = gate_fight(guard=60).preview_assault(("a_ladders",), (2, 2)).chances["taken"]
    for seed in range(trials):
        game = gate_fight(seed=seed, guard=60)
        events = game.apply(Assault(("a_ladders",), (2, 2)))
        taken += any(e.result == "taken" for e in of_kind(events, AssaultResolved))
    assert taken / trials == pytest.approx(preview, abs=0.08)


def test_the_assault_preview_tells_the_truth_without_ladders():
    taken, trials = 0, 300
    preview = gate_fight(gate="broken").preview_assault(("a_ladders",), (2, 2)).chances["taken"]
    assert 0.3 < preview < 0.95
    for seed in range(trials):
        game = gate_fight(seed=seed, gate="broken")
        events = game.apply(Assault(("a_ladders",), (2, 2)))
        taken += any(e.result == "taken" for e in of_kind(events, AssaultResolved))
    assert taken / trials == pytest.approx(preview, abs=0.08)


# --------------------------------------------------------------------------- frontage


def test_attacking_from_two_sides_is_stronger_than_from_one():
    one = assaulting("open_ground", "a_arq", "a_arch", "j_spear")
    place(one, "j_spear", (3, 2))
    place(one, "a_arq", (2, 2))
    place(one, "a_arch", (2, 2))
    two = assaulting("open_ground", "a_arq", "a_arch", "j_spear")
    place(two, "j_spear", (3, 2))
    place(two, "a_arq", (2, 2))
    place(two, "a_arch", (3, 1))
    one_edge = one.preview_assault(("a_arq", "a_arch"), (3, 2))
    two_edges = two.preview_assault(("a_arq", "a_arch"), (3, 2))
    assert two_edges.attack > one_edge.attack * 1.5
    assert two_edges.chances["taken"] >= one_edge.chances["taken"]


# --------------------------------------------------------------------------- what follows


def test_a_taken_hex_changes_hands():
    for seed in range(40):
        game = assaulting("open_ground", "a_arq", "j_spear", seed=seed)
        place(game, "a_arq", (2, 2))
        place(game, "j_spear", (3, 2), strength=200)
        events = game.apply(Assault(("a_arq",), (3, 2)))
        [result] = of_kind(events, AssaultResolved)
        if result.result != "taken":
            continue
        moves = {e.unit: e.path for e in of_kind(events, UnitRetreated)}
        if not game.unit("j_spear").gone:
            assert moves["j_spear"][0] == (3, 2)
            assert game.unit("j_spear").hex.offset != (3, 2)
            assert game.unit("j_spear").morale != "steady"  # driven back and shaken
        assert game.unit("a_arq").hex.offset == (3, 2)  # the victors follow up
        return
    pytest.fail("200 men never gave way to 1,000 in 40 tries")


def test_a_repulsed_assault_leaves_everyone_in_place():
    for seed in range(60):
        game = gate_fight(seed=seed, guard=800)
        events = game.apply(Assault(("a_ladders",), (2, 2)))
        results = [e.result for e in of_kind(events, AssaultResolved)]
        if results == ["repulsed"]:
            assert game.unit("a_ladders").hex.offset == (1, 2)
            assert game.unit("j_gate").hex.offset == (2, 2)
            return
    pytest.fail("an escalade against 800 men was never repulsed")


# --------------------------------------------------------------------------- refusals


def test_assault_refusals_say_why():
    game = assaulting("open_ground", "a_arq", "a_arch", "j_spear")
    place(game, "a_arq", (2, 2))
    place(game, "a_arch", (0, 6))
    place(game, "j_spear", (3, 2))
    assert game.check(Assault(("a_arch",), (3, 2))) == "Ming archers are not next to the target"
    assert game.check(Assault(("a_arq", "a_arq"), (3, 2))) == "a unit is named twice"
    assert game.check(Assault(("a_arq",), (1, 2))) == "there is no enemy there to assault"
    assert game.check(Assault((), (3, 2))) == "no units given"
    place(game, "a_arq", (2, 2), morale="wavering")
    assert (
        game.check(Assault(("a_arq",), (3, 2)))
        == "Ming arquebusiers are wavering and will not attack"
    )


def test_a_unit_assaults_once_per_turn():
    for seed in range(20):
        game = gate_fight(seed=seed, guard=800)
        events = game.apply(Assault(("a_ladders",), (2, 2)))
        if game.unit("j_gate").hex.offset == (2, 2) and not game.unit("a_ladders").gone:
            assert "already assaulted" in game.check(Assault(("a_ladders",), (2, 2)))
            return
        assert events
    pytest.fail("the gatehouse fell every time")


# --------------------------------------------------------------------------- the gatehouse


def test_whoever_takes_the_gatehouse_opens_the_gate():
    for seed in range(40):
        game = assaulting("walled_town", "a_ladders", "a_spear", "j_gate", "j_town", seed=seed)
        place(game, "a_ladders", (1, 2))
        place(game, "a_spear", (1, 1))
        place(game, "j_gate", (2, 2), strength=60)
        place(game, "j_town", (5, 2))
        game.apply(Assault(("a_ladders",), (2, 2)))
        if game.unit("a_ladders").hex.offset != (2, 2):
            continue
        # the gate is still barred, but now it opens for the allies
        assert game.state.gates["west_gate"] == "barred"
        advance(game, "allied", "movement", turn=2)
        assert game.check(Move("a_spear", (2, 2))) is None
        path = [h.offset for h in game.path("a_spear", (2, 2))]
        assert path == [(1, 1), (1, 2), (2, 2)]  # through the gate, not over the wall
        return
    pytest.fail("the gatehouse was never taken")


def test_a_broken_gate_sets_off_its_scripted_event_next_turn():
    game = new_game("walled_town", 2)
    only(game, "a_guns", "a_ladders", "j_gate")
    place(game, "a_ladders", (0, 5))
    for _ in range(60):
        advance(game, "allied", "fire")
        events = game.apply(Bombardment("a_guns", (2, 2), "W"))
        if of_kind(events, GateBroken):
            break
        game.apply(PhaseEnd())

    def lift() -> float:
        return morale.effect_bonus(game.state, game.unit("a_ladders"), "morale_bonus")

    assert lift() == 0
    events = end_turn(game)
    assert [e.event for e in of_kind(events, ScriptedEvent)] == ["gate_falls"]
    # the allies' spirits rise everywhere (amount 1, for 2 turns), then settle
    assert lift() == 1
    end_turn(game)
    assert lift() == 1
    end_turn(game)
    assert lift() == 0
    assert not of_kind(end_turn(game), ScriptedEvent), "it fires once"
