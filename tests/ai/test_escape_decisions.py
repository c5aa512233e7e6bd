"""Decisions of a garrison that has made up its mind to leave the field: it goes in the dark."""

from __future__ import annotations

from siege.ai import Commander
from siege.engine.orders import Move, PhaseEnd
from tests.ai.test_decisions import _lost_town, _to


def _escape_orders(hour: int) -> list:
    """The movement orders of the garrison of the lost town (see `_lost_town`), at `hour`,
    once it has decided to leave."""
    game = _lost_town(hour)
    _to(game, "japan", "movement")
    commander = Commander("japan", "normal", 1)
    commander.escaping = True  # decided, the night before
    return commander.orders_for_phase(game.seat("japan"))


def _town_moves(orders: list) -> list:
    return [o for o in orders if isinstance(o, Move) and o.unit in ("j_gate", "j_town")]


def test_a_garrison_that_has_decided_to_leave_does_not_set_out_in_daylight() -> None:
    """By day the men in the town wait behind the walls for the dark; at night they march
    for the gate. (The fort's men, walled in with no gate, have no road to wait for.)"""
    assert not _town_moves(_escape_orders(10))
    assert _town_moves(_escape_orders(20))


def test_the_decision_is_not_undone_by_the_waiting() -> None:
    """Waiting for the dark is still leaving: the next night the garrison goes, whatever
    it sees by day."""
    game = _lost_town(10)
    commander = Commander("japan", "normal", 1)
    commander.escaping = True
    moved = False
    for _ in range(120):
        if game.active_side == "japan" and game.phase == "movement":
            orders = commander.orders_for_phase(game.seat("japan"))
            if game.seat("japan").is_night():
                moved = moved or bool(_town_moves(orders))
            else:
                assert not _town_moves(orders)
            if moved:
                break
        game.apply(PhaseEnd())
    assert moved
