"""Small positions, each asserting one decision of an attacker (see test_decisions.py for how
positions are set up)."""

from __future__ import annotations

from siege.ai import Commander
from siege.engine.orders import Move
from tests.ai.test_decisions import _game, _place, _to


def _horse_before_the_muskets(minutes: int):
    """A horseman on the road, the crossroads ahead of him under the enemy's muskets."""
    game = _game("open_ground")
    _place(game, "a_horse", (1, 1))
    for uid, at in (("j_arq", (7, 1)), ("j_spear", (8, 7)), ("j_arch", (9, 6))):
        _place(game, uid, at)
    _to(game, "allied", "movement")
    game.state.minutes = minutes
    game.edited()
    orders = Commander("allied", "normal", 1).orders_for_phase(game.seat("allied"))
    return [o for o in orders if isinstance(o, Move) and o.unit == "a_horse"]


def test_rides_through_the_fire_when_time_runs_out() -> None:
    """With the battle before it, a horseman waits out of the muskets' reach; with two hours
    left and nothing won, standing still loses the battle: he rides onto the crossroads."""
    assert _horse_before_the_muskets(0) == []
    assert _horse_before_the_muskets(19 * 60) == [Move("a_horse", (5, 1))]
