"""Orders: refusals with reasons, round trips through plain data, previews that change nothing,
undo, and determinism (same scenario + seed + orders -> same state hash)."""

from __future__ import annotations

import json
import random

import pytest
from kit import advance, battle_map, new_game, only, place, play_randomly, scenario

from siege.engine.events import EVENT_TYPES, Event
from siege.engine.game import IllegalOrder
from siege.engine.orders import (
    ORDER_TYPES,
    AbilityUse,
    Assault,
    Boarding,
    Bombardment,
    Exit,
    Landing,
    Move,
    OrderFormatError,
    PhaseEnd,
    Rally,
    Volley,
    order_from_dict,
)
from siege.scenario.build import new_game as build_game
from siege.scenario.build import replay_game

# --------------------------------------------------------------------------- refusals


def test_refused_orders_come_with_a_reason_for_the_player():
    game = new_game("walled_town")
    only(game, "a_spear", "a_arq", "a_ladders", "j_town", "j_fort")
    place(game, "a_spear", (1, 1))
    place(game, "j_town", (2, 1))
    place(game, "a_arq", (4, 4))
    place(game, "j_fort", (6, 5))
    place(game, "a_ladders", (0, 7))
    # wrong phase
    assert (
        game.check(Move("a_spear", (1, 0)))
        == "move orders are given in the movement phase, not the command phase"
    )
    # wrong side
    assert game.check(Rally("j_town")) == "town arquebusiers belong to the other side"
    # no such unit
    assert game.check(Rally("nobody")) == "there is no unit 'nobody'"
    advance(game, "allied", "movement")
    game.apply(Move("a_spear", (1, 0)))
    # already moved
    assert game.check(Move("a_spear", (0, 0))) == "Ming spearmen have already moved this turn"
    advance(game, "allied", "fire")
    # out of range
    place(game, "a_arq", (1, 7))
    assert game.check(Volley("a_arq", (6, 5))).startswith("out of range")
    # no line of sight: the wood stands between (another unit sees the enemy)
    wood = new_game("open_ground")
    only(wood, "a_arq", "a_horse", "j_spear")
    place(wood, "a_arq", (3, 4))
    place(wood, "a_horse", (6, 6))
    place(wood, "j_spear", (6, 4))
    advance(wood, "allied", "fire")
    assert wood.check(Volley("a_arq", (6, 4))) == "no line of sight to the target"
    advance(game, "allied", "assault")
    place(game, "a_spear", (1, 1))
    place(game, "j_town", (2, 1))
    # no ladders
    assert (
        game.check(Assault(("a_spear",), (2, 1)))
        == "Ming spearmen have no ladders to climb the wall"
    )


def test_apply_refuses_an_illegal_order_with_the_same_reason_and_changes_nothing():
    game = new_game("open_ground")
    before = game.state_hash()
    with pytest.raises(IllegalOrder) as info:
        game.apply(Move("a_arq", (2, 2)))
    assert str(info.value) == game.check(Move("a_arq", (2, 2)))
    assert game.state_hash() == before
    assert game.orders == []


def test_end_phase_is_always_legal_until_the_battle_ends():
    game = new_game("open_ground")
    for _ in range(20):
        assert game.check(PhaseEnd()) is None
        game.apply(PhaseEnd())


def test_every_legal_order_is_accepted():
    game = new_game("walled_town", 3)
    rng = random.Random(3)
    for _ in play_randomly(game, rng, 120):
        pass  # play_randomly applies only orders from legal_orders; apply would raise otherwise
    assert len(game.orders) == 120 or game.state.ended


# --------------------------------------------------------------------------- plain data


ONE_OF_EACH = [
    PhaseEnd(),
    Rally("a_arq"),
    AbilityUse("li_rusong", "bounty"),
    Move("a_arq", (3, 4)),
    Exit("a_arq"),
    Volley("a_arq", (5, 5)),
    Bombardment("a_guns", (2, 2), "W"),
    Assault(("a_arq", "a_arch"), (3, 2)),
    Boarding("a_arq", "a_boats"),
    Landing("a_arq", (3, 4)),
]


def test_every_kind_of_order_is_covered():
    assert {type(o) for o in ONE_OF_EACH} == set(ORDER_TYPES.values()) - {
        t for t in ORDER_TYPES.values() if t.kind == "order"
    }


@pytest.mark.parametrize("order", ONE_OF_EACH, ids=lambda o: o.kind)
def test_orders_round_trip_through_plain_data(order):
    data = json.loads(json.dumps(order.to_dict()))
    assert data["kind"] == order.kind
    again = order_from_dict(data)
    assert again == order and hash(again) == hash(order)


@pytest.mark.parametrize(
    "data",
    [
        None,
        [],
        "move",
        {"kind": "teleport"},
        {"kind": "move", "unit": "a"},
        {"kind": "move", "unit": "a", "to": [1, 2], "speed": 3},
        {"kind": "move", "unit": "a", "to": [1]},
        {"kind": "move", "unit": "a", "to": ["1", 2]},
        {"kind": "move", "unit": 7, "to": [1, 2]},
        {"kind": "move", "unit": "a", "to": [True, 2]},
        {"kind": "assault", "units": "ab", "target": [1, 2]},
        {"kind": "assault", "units": [1], "target": [1, 2]},
    ],
)
def test_junk_is_not_an_order(data):
    with pytest.raises(OrderFormatError):
        order_from_dict(data)


def test_events_round_trip_through_plain_data():
    kinds = set()
    for seed in (1, 2):
        for name in ("walled_town", "open_ground"):
            game = new_game(name, seed)
            for _ in play_randomly(game, random.Random(seed), 250):
                pass
            for event in game.log:
                data = json.loads(json.dumps(event.to_dict()))
                assert Event.from_dict(data) == event
                kinds.add(event.kind)
    assert len(kinds) >= 12, sorted(kinds)
    assert kinds <= set(EVENT_TYPES)


def test_every_event_has_a_line_of_text():
    game = new_game("walled_town", 5)
    for _ in play_randomly(game, random.Random(5), 200):
        pass
    for event in game.log:
        assert event.text and "\n" not in event.text, event


# --------------------------------------------------------------------------- previews


def test_previews_change_nothing():
    game = new_game("walled_town")
    only(game, "a_arq", "a_ladders", "j_town", "j_gate")
    place(game, "a_arq", (1, 1))
    place(game, "j_town", (2, 1))
    place(game, "a_ladders", (1, 2))
    advance(game, "allied", "fire")
    before, rolls = game.state_hash(), game.state.rolls
    assert game.preview_fire("a_arq", (2, 1)) is not None
    assert game.state_hash() == before and game.state.rolls == rolls
    advance(game, "allied", "assault")
    before, rolls = game.state_hash(), game.state.rolls
    assert game.preview_assault(("a_ladders",), (2, 2)) is not None
    assert game.preview_assault(("a_ladders", "a_arq"), (2, 1)) is None  # a_ladders not adjacent
    game.reachable("a_arq")
    game.view_for("allied")
    game.outcome()
    list(game.legal_orders("a_ladders"))
    assert game.state_hash() == before and game.state.rolls == rolls


# --------------------------------------------------------------------------- undo


# (in these, sight reaches across the whole small field, so a march shows no new ground)
SEE_ALL = {"sight_day": 30}


def test_undo_restores_the_exact_state():
    game = new_game("open_ground", **SEE_ALL)
    advance(game, "allied", "movement")
    before = game.state_hash()
    game.apply(Move("a_arq", (2, 3)))
    assert game.state_hash() != before
    assert game.can_undo()
    game.undo()
    assert game.state_hash() == before
    assert game.unit("a_arq").hex.offset == (1, 2)
    assert game.check(Move("a_arq", (2, 3))) is None


def test_undo_step_by_step_back_to_the_start_of_the_phase():
    game = new_game("open_ground", **SEE_ALL)
    advance(game, "allied", "movement")
    hashes = [game.state_hash()]
    for order in (Move("a_arq", (2, 3)), Move("a_arch", (2, 4)), Move("a_horse", (1, 3))):
        game.apply(order)
        hashes.append(game.state_hash())
    assert len(set(hashes)) == 4
    for expected in reversed(hashes[:-1]):
        assert game.can_undo()
        game.undo()
        assert game.state_hash() == expected
    assert not game.can_undo()  # the PhaseEnd before cannot be taken back


def test_a_march_that_shows_new_ground_cannot_be_taken_back():
    """Undo is no free scouting: once the march has shown ground the side did not see, it
    stands, whether or not an enemy was there (RULES: undo)."""
    game = new_game("open_ground", sight_day=2)
    only(game, "a_arq")
    advance(game, "allied", "movement")
    seen = set(game.visible("allied"))
    game.apply(Move("a_arq", (3, 2)))
    assert not set(game.visible("allied")) <= seen
    assert not game.can_undo()
    before = game.state_hash()
    with pytest.raises(IllegalOrder, match="cannot be taken back"):
        game.undo()
    assert game.state_hash() == before


def test_undo_a_bounty_then_play_on():
    game = new_game("open_ground")
    before = game.state_hash()
    game.apply(AbilityUse("li_rusong", "bounty"))
    assert game.can_undo()
    game.undo()
    assert game.state_hash() == before
    assert game.check(AbilityUse("li_rusong", "bounty")) is None


def test_undo_is_refused_after_a_dice_roll():
    game = new_game("open_ground")
    only(game, "a_arq", "j_arq")
    place(game, "j_arq", (3, 2))
    advance(game, "allied", "fire")
    game.apply(Volley("a_arq", (3, 2)))
    assert not game.can_undo()
    before = game.state_hash()
    with pytest.raises(IllegalOrder, match="cannot be taken back"):
        game.undo()
    assert game.state_hash() == before


def test_undo_does_not_cross_the_end_of_a_phase():
    game = new_game("open_ground")
    game.apply(PhaseEnd())
    assert not game.can_undo()


def test_undo_of_a_rally_is_refused():
    game = new_game("open_ground")
    only(game, "a_arch")
    place(game, "a_arch", (1, 4), morale="shaken")
    game.apply(Rally("a_arch"))
    assert not game.can_undo()


def test_a_battle_kept_without_undo_plays_out_the_same():
    """The computer against itself keeps no undo copies; the battle is the same battle."""
    with_undo = new_game("open_ground")
    orders = [order for order, _ in play_randomly(with_undo, random.Random(3), steps=120)]
    sc = scenario("open_ground")
    without = build_game(sc, with_undo.seed, battle_map(sc), undo=False)
    for order in orders:
        without.apply(order)
        assert not without.can_undo()
    assert without.state_hash() == with_undo.state_hash()
    with pytest.raises(IllegalOrder, match="cannot be taken back"):
        without.undo()


# --------------------------------------------------------------------------- determinism


def scripted_orders(name: str, seed: int, steps: int) -> tuple[list, str]:
    game = new_game(name, seed)
    for _ in play_randomly(game, random.Random(1000 + seed), steps):
        pass
    return list(game.orders), game.state_hash()


@pytest.mark.parametrize("name", ["walled_town", "open_ground", "burning_town", "ice_river"])
def test_same_scenario_seed_and_orders_give_the_same_state_hash(name):
    orders, final = scripted_orders(name, 4, 200)
    first = replay_game(scenario(name), 4, orders, battle_map(scenario(name)))
    second = replay_game(scenario(name), 4, orders, battle_map(scenario(name)))
    assert first.state_hash() == second.state_hash() == final
    assert [e.to_dict() for e in first.log] == [e.to_dict() for e in second.log]


def test_a_different_seed_gives_a_different_battle():
    game = new_game("walled_town", 1)
    only(game, "a_guns", "j_gate")
    bombard = Bombardment("a_guns", (2, 2), "W")
    script = []
    for _ in range(3):
        script += [PhaseEnd(), PhaseEnd(), bombard] + [PhaseEnd()] * 6
    results = {}
    for seed in range(6):
        g = new_game("walled_town", seed)
        only(g, "a_guns", "j_gate")
        for order in script:
            g.apply(order)
        results[seed] = (g.state_hash(), round(g.state.gate_damage["west_gate"], 3))
    hashes = {h for h, _ in results.values()}
    damage = {d for _, d in results.values()}
    assert len(hashes) == 6
    assert len(damage) >= 4, "the dice, not just the generator's state, differ"
