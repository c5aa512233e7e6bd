"""A leader whose unit is destroyed joins the nearest friendly unit within 3 hexes that has no
leader (RULES 10), or is lost with his men."""

from __future__ import annotations

from kit import new_game, only, place

from siege.engine.events import LeaderHit
from siege.engine.losses import take_losses


def test_a_leader_whose_unit_is_destroyed_joins_a_friend_nearby():
    game = new_game("open_ground")
    only(game, "a_arq", "a_arch", "j_spear")
    place(game, "a_arq", (2, 2))
    place(game, "a_arch", (4, 2))
    take_losses(game.state, game.unit("a_arq"), "test", killed=1000)
    assert game.unit("a_arq").gone
    leader = game.state.leaders["li_rusong"]
    if leader.status != "killed":  # (the blow may have struck him down first)
        assert leader.unit == "a_arch"


def test_with_no_friend_near_he_is_lost_with_his_men():
    game = new_game("open_ground")
    only(game, "a_arq", "a_arch", "j_spear")
    place(game, "a_arq", (2, 2))
    place(game, "a_arch", (9, 7))
    events = take_losses(game.state, game.unit("a_arq"), "test", captured=1000)
    hits = [e.result for e in events if isinstance(e, LeaderHit)]
    if hits[0] != "killed":
        assert game.state.leaders["li_rusong"].status == "captured" and hits[-1] == "captured"
