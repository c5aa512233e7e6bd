"""Every man who leaves a unit goes somewhere the game can report: killed, wounded, burned,
drowned, captured or escaped. Men are never created or lost without a cause."""

from __future__ import annotations

import pytest
from kit import advance, end_turn, men_lost, new_game, of_kind, only, place, set_fire

from siege.engine.events import (
    AssaultResolved,
    CasualtiesTaken,
    LeaderHit,
    UnitEliminated,
    UnitExited,
)
from siege.engine.orders import Assault, Exit, PhaseEnd, Volley
from siege.engine.state import LOSS_CAUSES


def ledger_balances(game) -> None:
    """Per side: men at the start == men still in units + men lost by every cause."""
    s = game.state
    for side in s.sides:
        in_units = sum(u.strength for u in s.units.values() if u.side == side and not u.gone)
        lost = sum(s.losses[side][c] for c in LOSS_CAUSES)
        assert in_units + lost == s.start_strength[side], side
        assert all(u.strength == 0 for u in s.units.values() if u.side == side and u.gone)


def events_match_the_ledger(game, events, before: dict) -> None:
    """The casualty events add up to the change in the recorded losses."""
    for side in game.state.sides:
        for cause in LOSS_CAUSES:
            reported = sum(
                getattr(e, cause)
                for e in of_kind(events, CasualtiesTaken)
                if game.unit(e.unit).side == side
            )
            assert game.state.losses[side][cause] - before[side][cause] == reported, (side, cause)


def snapshot_losses(game) -> dict:
    return {side: dict(c) for side, c in game.state.losses.items()}


def test_fire_losses_are_killed_and_wounded_and_balance():
    game = new_game("open_ground", 7)
    only(game, "a_arq", "j_spear")
    place(game, "a_arq", (2, 2))
    place(game, "j_spear", (3, 2))
    advance(game, "allied", "fire")
    before = snapshot_losses(game)
    events = game.apply(Volley("a_arq", (3, 2)))
    assert men_lost(events, "killed") > 0 and men_lost(events, "wounded") > 0
    events_match_the_ledger(game, events, before)
    ledger_balances(game)


def test_assault_losses_balance_on_both_sides():
    for seed in range(10):
        game = new_game("walled_town", seed)
        only(game, "a_ladders", "j_gate")
        place(game, "a_ladders", (1, 2))
        place(game, "j_gate", (2, 2), strength=300)
        advance(game, "allied", "assault")
        before = snapshot_losses(game)
        events = game.apply(Assault(("a_ladders",), (2, 2)))
        events_match_the_ledger(game, events, before)
        ledger_balances(game)


def test_men_cut_off_with_no_way_back_are_captured():
    for seed in range(60):
        game = new_game("open_ground", seed)
        only(game, "a_arq", "a_arch", "j_arch")
        place(game, "j_arch", (0, 0), strength=150)  # a corner: two ways out
        place(game, "a_arq", (1, 0))
        place(game, "a_arch", (0, 1))
        advance(game, "allied", "assault")
        events = game.apply(Assault(("a_arq", "a_arch"), (0, 0)))
        [result] = of_kind(events, AssaultResolved)
        if result.result != "taken" or game.unit("j_arch").gone is False:
            continue
        assert men_lost(events, "captured", unit="j_arch") > 0
        assert of_kind(events, UnitEliminated)
        ledger_balances(game)
        return
    pytest.fail("the cornered archers were never overrun")


def test_burned_and_drowned_men_are_counted_as_such():
    game = new_game("burning_town", 2)
    only(game, "j_town", "a_arq")
    place(game, "a_arq", (0, 7))
    set_fire(game, (4, 3))
    events = end_turn(game)
    assert men_lost(events, "burned") > 0
    assert game.state.losses["japan"]["burned"] == men_lost(events, "burned")
    ledger_balances(game)

    for seed in range(40):
        game = new_game("ice_river", seed)
        only(game, "j_a", "j_b", "a_arq")
        advance(game, "japan", "assault", turn=2)
        place(game, "j_a", (3, 3))
        place(game, "j_b", (3, 3))
        events = game.apply(PhaseEnd())
        if men_lost(events, "drowned"):
            assert game.state.losses["japan"]["drowned"] == men_lost(events, "drowned")
            ledger_balances(game)
            return
    pytest.fail("nobody ever drowned")


def test_men_who_leave_by_an_exit_are_escaped_not_lost():
    game = new_game("ice_river")
    only(game, "j_a", "a_arq")
    place(game, "j_a", (0, 7))  # on the south road exit
    advance(game, "japan", "movement")
    events = game.apply(Exit("j_a"))
    [left] = of_kind(events, UnitExited)
    assert left.men == 1000
    assert men_lost(events, "killed") + men_lost(events, "captured") == 0
    assert game.state.losses["japan"]["escaped"] == 1000
    assert not game.unit("j_a").on_map
    ledger_balances(game)


def test_exits_are_refused_off_the_exit_or_to_the_wrong_side():
    game = new_game("open_ground")
    only(game, "a_arq", "j_arq")
    place(game, "a_arq", (9, 1))  # the east road is for the Japanese only
    advance(game, "allied", "movement")
    assert game.check(Exit("a_arq")) == "that exit is not open to allied"
    place(game, "a_arq", (4, 4))
    assert game.check(Exit("a_arq")) == "Ming arquebusiers are not on a map exit"


def test_a_leader_who_rides_off_with_his_men_is_not_lost():
    """(A regression test: leaving by an exit once rolled for the leader being hit and then
    reported him captured.)"""
    for seed in range(5):
        game = new_game("open_ground", seed)
        only(game, "a_arq", "j_arq")  # Konishi rides with j_arq
        place(game, "j_arq", (9, 1))
        advance(game, "japan", "movement")
        events = game.apply(Exit("j_arq"))
        assert not of_kind(events, LeaderHit), [e.text for e in of_kind(events, LeaderHit)]
        assert game.state.leaders["konishi"].status not in ("killed", "captured")


def test_the_log_does_not_call_an_escaped_unit_destroyed():
    game = new_game("open_ground")
    only(game, "a_arq", "j_spear")
    place(game, "j_spear", (9, 1))
    advance(game, "japan", "movement")
    events = game.apply(Exit("j_spear"))
    assert not any("destroyed" in e.text for e in events), [e.text for e in events]


def test_a_leader_lost_in_the_flames_is_not_reported_captured():
    results = []
    for seed in range(20):
        game = new_game("burning_town", seed)
        only(game, "j_town", "a_arq")
        place(game, "a_arq", (0, 7))  # no enemy anywhere near
        place(game, "j_town", (4, 3), strength=1)  # Konishi and his last man
        set_fire(game, (4, 3))
        events = end_turn(game)
        assert game.unit("j_town").gone
        results += [e.result for e in of_kind(events, LeaderHit)]
    assert results and "captured" not in results, results
