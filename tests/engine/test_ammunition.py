"""Ammunition and supply: a weapon with `volleys` runs out; a depot, a supply train or an event
fills it up again (tests/engine/data/river_landing.yaml: the allies' bows carry 2 volleys)."""

from __future__ import annotations

import kit

from siege.engine import events as ev
from siege.engine.orders import Volley


def _archers_facing_the_enemy(game_of, boats_bring_arrows: bool = True):
    sc = kit.scenario("river_landing")
    game = game_of(sc if boats_bring_arrows else sc.model_copy(update={"events": []}))
    kit.place(game, "a_arch", (5, 4))  # the arquebusiers at [5, 1] are 3 hexes off
    kit.advance(game, "allied", "fire")
    return game


def _fire_and_wait(game) -> list[ev.Event]:
    out = game.apply(Volley("a_arch", (5, 1)))
    kit.end_turn(game)
    kit.advance(game, "allied", "fire")
    return out


def test_a_unit_out_of_volleys_cannot_shoot_and_is_told_why(game_of):
    game = _archers_facing_the_enemy(game_of, boats_bring_arrows=False)
    assert game.unit("a_arch").volleys == {"bow": 2}
    _fire_and_wait(game)
    _fire_and_wait(game)
    assert game.unit("a_arch").volleys == {"bow": 0}
    reason = game.check(Volley("a_arch", (5, 1)))
    assert reason == "Ming archers have no bow volleys left: resupply them"
    assert Volley("a_arch", (5, 1)) not in list(game.legal_orders("a_arch"))
    assert game.preview_fire("a_arch", (5, 1)) is None


def test_weapons_without_volleys_never_run_out(game_of):
    game = game_of("river_landing")
    assert game.unit("j_arq").volleys == {}
    kit.place(game, "a_arch", (5, 4))
    kit.advance(game, "japan", "fire")
    for _ in range(4):
        assert game.check(Volley("j_arq", (5, 4))) is None
        game.apply(Volley("j_arq", (5, 4)))
        kit.end_turn(game)
        kit.advance(game, "japan", "fire")


def test_standing_in_the_depot_fills_up_at_the_start_of_the_turn(game_of):
    game = _archers_facing_the_enemy(game_of, boats_bring_arrows=False)
    game.apply(Volley("a_arch", (5, 1)))
    kit.end_turn(game)
    kit.advance(game, "allied", "movement")
    game.apply(_move("a_arch", (2, 5)))
    assert game.unit("a_arch").volleys == {"bow": 1}  # not until its side's next turn
    seen = kit.end_turn(game)
    assert game.unit("a_arch").volleys == {"bow": 2}
    filled = kit.of_kind(seen, ev.UnitResupplied)
    assert [e.unit for e in filled] == ["a_arch"]
    # the enemy does not hear what the archers carry
    assert not kit.of_kind(game.seat("japan").events(), ev.UnitResupplied)


def test_next_to_a_supply_train_fills_up(game_of):
    game = _archers_facing_the_enemy(game_of, boats_bring_arrows=False)
    game.apply(Volley("a_arch", (5, 1)))
    kit.place(game, "a_train", kit.nb((5, 4), "SE"))
    kit.end_turn(game)
    assert game.unit("a_arch").volleys == {"bow": 2}


def test_a_resupply_event_brings_the_volleys_it_says(game_of):
    game = _archers_facing_the_enemy(game_of)
    _fire_and_wait(game)  # turn 2: one volley left
    _fire_and_wait(game)  # turn 3 began: the boats brought one bundle
    assert game.state.turn == 3
    assert game.unit("a_arch").volleys == {"bow": 1}
    assert game.unit("a_horse").volleys == {"bow": 2}  # never more than it carries


def _move(unit, to):
    from siege.engine.orders import Move

    return Move(unit, to)
