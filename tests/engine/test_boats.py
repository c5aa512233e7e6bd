"""Boats: a `boat` unit goes on open water and carries men across (river_landing.yaml: the
allies' boats at [1, 3] carry 1,200 men; the spearmen wait on the south bank at [1, 4])."""

from __future__ import annotations

import kit

from siege.engine import events as ev
from siege.engine.orders import Assault, Boarding, Landing, Move

BOATS, SPEAR = "a_boats", "a_spear"


def _at_the_shore(game_of):
    game = game_of("river_landing")
    kit.advance(game, "allied", "movement")
    return game


def _cross(game):
    """Board at [1, 3], row across to [1, 2] in the same turn, and wait for the next turn."""
    game.apply(Boarding(SPEAR, BOATS))
    game.apply(Move(BOATS, (1, 2)))
    kit.end_turn(game)
    kit.advance(game, "allied", "movement")


def test_foot_cannot_walk_on_open_water_but_boats_row_on_it(game_of):
    game = _at_the_shore(game_of)
    assert (1, 3) not in {h.offset for h in game.reachable(SPEAR)}
    assert game.check(Move(SPEAR, (2, 3))) == "spearmen cannot go on open water: cross it by boat"
    rowing = {h.offset for h in game.reachable(BOATS)}
    assert (5, 3) in rowing and (1, 4) not in rowing  # boats stay on the water


def test_men_board_land_across_the_river_and_take_ground(game_of):
    game = _at_the_shore(game_of)
    assert Boarding(SPEAR, BOATS) in list(game.legal_orders(SPEAR))
    events = game.apply(Boarding(SPEAR, BOATS))
    assert kit.of_kind(events, ev.UnitBoarded)[0].path == ((1, 4), (1, 3))
    spear = game.unit(SPEAR)
    assert spear.hex.offset == (1, 3) and spear.aboard == BOATS
    game.apply(Move(BOATS, (1, 2)))
    assert spear.hex.offset == (1, 2)  # the men aboard go where the boats go
    assert "already moved" in game.check(Landing(SPEAR, (1, 1)))  # boarding used the move
    kit.end_turn(game)
    kit.advance(game, "allied", "movement")
    assert Landing(SPEAR, (1, 1)) in list(game.legal_orders(SPEAR))
    events = game.apply(Landing(SPEAR, (1, 1)))
    assert kit.of_kind(events, ev.UnitLanded)[0].path == ((1, 2), (1, 1))
    assert spear.hex.offset == (1, 1) and spear.aboard is None
    assert game.unit(BOATS).hex.offset == (1, 2)


def test_men_aboard_neither_march_nor_attack_and_are_told_why(game_of):
    game = _at_the_shore(game_of)
    _cross(game)
    assert "aboard Ming boats: land them first" in game.check(Move(SPEAR, (1, 1)))
    assert not [o for o in game.legal_orders(SPEAR) if isinstance(o, Move)]
    kit.advance(game, "allied", "assault")
    kit.place(game, "j_spear", (1, 1))
    assert "cannot attack from the boats" in game.check(Assault((SPEAR,), (1, 1)))


def test_the_boats_refuse_what_they_cannot_do(game_of):
    game = _at_the_shore(game_of)
    assert "too far" in game.check(Boarding("a_arch", BOATS))
    kit.place(game, "a_arch", (2, 4), strength=800)  # next to the boats too
    game.apply(Boarding(SPEAR, BOATS))
    assert "room for 200 more men, not 800" in game.check(Boarding("a_arch", BOATS))
    assert "not aboard" in game.check(Landing("a_arch", (2, 3)))
    assert "carry no men" in game.check(Boarding("a_arch", "a_horse"))


def test_landing_on_the_water_or_far_away_is_refused(game_of):
    game = _at_the_shore(game_of)
    _cross(game)
    assert "next to the boat" in game.check(Landing(SPEAR, (1, 0)))
    assert "cannot land on river" in game.check(Landing(SPEAR, (2, 2)))


def test_a_landing_on_a_shore_the_enemy_holds_is_refused(game_of):
    game = _at_the_shore(game_of)
    _cross(game)
    kit.place(game, "j_spear", (0, 1))
    assert "the enemy holds that hex" in game.check(Landing(SPEAR, (0, 1)))


def test_a_landing_can_be_taken_back_like_a_march(game_of):
    game = _at_the_shore(game_of)
    _cross(game)
    before = game.state_hash()
    game.apply(Landing(SPEAR, (1, 1)))
    assert game.can_undo()  # no dice, nothing new in sight (the bank was seen already)
    game.undo()
    assert game.state_hash() == before


def test_the_men_aboard_drown_if_the_boats_are_lost(game_of):
    game = _at_the_shore(game_of)
    game.apply(Boarding(SPEAR, BOATS))
    from siege.engine.losses import take_losses

    take_losses(game.state, game.unit(BOATS), "test", killed=100)
    spear = game.unit(SPEAR)
    assert spear.gone
    assert game.state.losses["allied"]["drowned"] == 1000


def test_a_boarding_survives_a_save_and_replays_to_the_same_state(game_of):
    from siege.engine.orders import order_from_dict

    game = _at_the_shore(game_of)
    _cross(game)
    game.apply(Landing(SPEAR, (1, 1)))
    again = kit.new_game("river_landing")
    for order in game.orders:
        again.apply(order_from_dict(order.to_dict()))
    assert again.state_hash() == game.state_hash()


def test_boats_driven_off_take_the_men_aboard_with_them(game_of):
    taken = 0
    for seed in range(1, 40):
        game = game_of("river_landing", seed=seed)
        kit.only(game, BOATS, SPEAR, "j_spear")
        kit.advance(game, "allied", "movement")
        _cross(game)  # boats and spearmen at [1, 2], next to the north bank
        kit.place(game, "j_spear", (1, 1), strength=3000)
        kit.advance(game, "japan", "assault")
        events = game.apply(Assault(("j_spear",), (1, 2)))
        if kit.of_kind(events, ev.AssaultResolved)[0].result != "taken":
            continue
        taken += 1
        boats, spear = game.unit(BOATS), game.unit(SPEAR)
        if boats.gone:
            assert spear.gone  # lost with their boats
        else:
            assert boats.hex.offset != (1, 2) and spear.hex == boats.hex
            assert spear.aboard == BOATS
        assert game.unit("j_spear").hex.offset == (1, 1)  # foot do not follow onto the water
    assert taken
