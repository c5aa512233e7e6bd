"""Objectives, points and the end of the battle, as the player reads them from outcome()."""

from __future__ import annotations

import pytest
from kit import advance, end_turn, new_game, of_kind, only, place

from siege.engine.events import BattleEnded, ObjectiveTaken
from siege.engine.orders import Exit, Move, PhaseEnd


def test_a_fresh_battle_is_in_progress_and_level():
    game = new_game("open_ground")
    result = game.outcome()
    assert not result.finished and result.reason == "in progress"
    assert result.scores == {"allied": 0, "japan": 0}
    assert result.level == "draw" and result.winner is None


def test_standing_alone_on_an_objective_takes_it_and_scores():
    game = new_game("open_ground")
    only(game, "a_arq", "j_spear")
    place(game, "a_arq", (3, 1))
    place(game, "j_spear", (9, 7))
    advance(game, "allied", "movement")
    events = game.apply(Move("a_arq", (5, 1)))
    [taken] = of_kind(events, ObjectiveTaken)
    assert (taken.objective, taken.side) == ("crossroads", "allied")
    assert game.outcome().scores["allied"] == pytest.approx(3)
    # and the allies keep it after they leave, until the enemy stands there
    advance(game, "allied", "movement", turn=2)
    game.apply(Move("a_arq", (3, 1)))
    assert game.outcome().scores["allied"] == pytest.approx(3)


def test_enemy_losses_and_own_escapes_score_points():
    game = new_game("open_ground")
    only(game, "a_arq", "j_arq")
    place(game, "j_arq", (9, 1))  # on the east road exit
    advance(game, "japan", "movement")
    game.apply(Exit("j_arq"))
    # 1,000 Japanese away: 2 points per 1,000 escaped
    assert game.outcome().scores["japan"] == pytest.approx(2.0)
    assert game.outcome().level == "marginal" and game.outcome().winner == "japan"


def test_victory_levels_follow_the_margin():
    game = new_game("open_ground")
    only(game, "a_arq", "j_arq", "j_spear", "j_arch")
    for uid, at in (("j_arq", (9, 1)), ("j_spear", (9, 0)), ("j_arch", (9, 1))):
        place(game, uid, at)
    advance(game, "japan", "movement")
    for uid in ("j_arq", "j_spear", "j_arch"):
        game.apply(Exit(uid))
    # 2,800 escaped: 5.6 points, short of the decisive margin of 6
    assert game.outcome().scores["japan"] == pytest.approx(5.6)
    assert game.outcome().level == "marginal"


def test_the_battle_ends_when_a_side_has_left_the_field():
    game = new_game("open_ground")
    only(game, "a_arq", "j_arq", "j_spear", "j_arch")
    for uid, at in (("j_arq", (9, 1)), ("j_spear", (9, 0)), ("j_arch", (9, 1))):
        place(game, uid, at)
    advance(game, "japan", "movement")
    for uid in ("j_arq", "j_spear", "j_arch"):
        game.apply(Exit(uid))
    events = []
    while not game.state.ended:
        events += game.apply(PhaseEnd())
    [ended] = of_kind(events, BattleEnded)
    assert ended.reason == "Japanese have no men left on the field"
    assert game.state.turn == 2  # at the end of the turn it happened
    assert game.outcome().finished and game.outcome().winner == "japan"


def test_units_still_to_come_keep_a_side_in_the_battle():
    game = new_game("open_ground")
    only(game, "j_spear", "a_reserve")  # (held back: never arrives)
    for _ in range(2):
        end_turn(game)
    assert not game.state.ended
