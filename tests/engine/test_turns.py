"""The turn sequence and the clock: phases, day and night turns, reinforcements, scripted events,
and the end of the battle when time runs out. open_ground starts at 15:00 with sunset at 17:00
and sunrise at 07:00; it ends at 12:00 the next day."""

from __future__ import annotations

from datetime import datetime
from itertools import pairwise

from kit import advance, end_turn, new_game, of_kind, only, place

from siege.engine.events import (
    BattleEnded,
    PhaseBegan,
    ScriptedEvent,
    TurnBegan,
    UnitEntered,
    WindChanged,
)
from siege.engine.orders import Move, PhaseEnd, Rally


def play_out(game) -> list:
    events = []
    while not game.state.ended:
        events += game.apply(PhaseEnd())
    return events


def test_each_side_has_four_phases_in_order_and_the_first_side_leads():
    game = new_game("open_ground")
    seen = [(e.side, e.phase) for e in game.log if isinstance(e, PhaseBegan)]
    for _ in range(8):
        seen += [(e.side, e.phase) for e in game.apply(PhaseEnd()) if isinstance(e, PhaseBegan)]
    phases = ["command", "movement", "fire", "assault"]
    assert seen == [("allied", p) for p in phases] + [("japan", p) for p in phases] + [
        ("allied", "command")
    ]
    assert game.state.turn == 2


def test_the_clock_alternates_day_and_night_turn_lengths():
    game = new_game("open_ground")
    starts = [e for e in game.log if isinstance(e, TurnBegan)]
    events = play_out(game)
    starts += of_kind(events, TurnBegan)
    times = [datetime.strptime(e.time, "%d %b %Y %H:%M") for e in starts]
    lengths = [int((b - a).total_seconds() // 60) for a, b in pairwise(times)]
    nights = [e.night for e in starts]
    assert [t.strftime("%H:%M") for t in times] == [
        "15:00",
        "16:00",
        "17:00",
        "20:00",
        "23:00",
        "02:00",
        "05:00",
        "07:00",
        "08:00",
        "09:00",
        "10:00",
        "11:00",
    ]
    assert nights == [False, False, True, True, True, True, True, False, False, False, False, False]
    # day turns are an hour; night turns three hours, the last cut short at sunrise
    assert lengths == [60, 60, 180, 180, 180, 180, 120, 60, 60, 60, 60]
    assert [e.turn for e in starts] == list(range(1, 13))
    assert "(night)" in starts[2].text and "(night)" not in starts[1].text


def test_the_battle_ends_when_time_runs_out_and_then_refuses_orders():
    game = new_game("open_ground")
    events = play_out(game)
    [ended] = of_kind(events, BattleEnded)
    assert ended.reason == "time ran out"
    assert game.outcome().finished and game.outcome().reason == "time ran out"
    assert game.check(PhaseEnd()) == "the battle is over"
    assert game.check(Rally("a_arq")) == "the battle is over"
    assert list(game.legal_orders("a_arq")) == []


def test_reinforcements_enter_on_their_turn():
    game = new_game("open_ground")
    assert game.check(Rally("a_reserve")) == "Ming reserve are not on the field"
    assert list(game.legal_orders("a_reserve")) == []
    arrivals = []
    for turn in (2, 3):
        events = end_turn(game)
        arrivals += [(turn, e.unit, e.at) for e in of_kind(events, UnitEntered)]
    assert arrivals == [(3, "a_reserve", (0, 7))]
    assert game.unit("a_reserve").hex.offset == (0, 7)
    advance(game, "allied", "movement")
    assert game.check(Move("a_reserve", (1, 7))) is None


def test_reinforcements_wait_while_the_enemy_holds_their_way_in():
    game = new_game("open_ground")
    only(game, "a_arq", "j_spear")
    game.state.units["a_reserve"].entry_turn = 3  # (only() held it back)
    place(game, "j_spear", (0, 7))
    entered = []
    for _ in range(3):
        entered += of_kind(end_turn(game), UnitEntered)
    assert entered == []
    place(game, "j_spear", (5, 5))
    entered = of_kind(end_turn(game), UnitEntered)
    assert [e.unit for e in entered] == ["a_reserve"]


def test_scripted_events_fire_at_their_time_with_their_effects():
    game = new_game("open_ground")
    by_turn: dict[int, list] = {}
    for turn in range(2, 6):
        events = end_turn(game)
        by_turn[turn] = events
    assert [e.event for e in of_kind(by_turn[3], ScriptedEvent)] == ["wind_backs"]
    [shift] = of_kind(by_turn[3], WindChanged)
    assert (shift.blowing_from, shift.strength) == ("E", 2)
    assert game.state.wind_from == "E"
    # `at: 21:00` falls within the 20:00-23:00 turn (turn 4)
    assert [e.event for e in of_kind(by_turn[4], ScriptedEvent)] == ["night_alarm"]
    for turn in (2, 5):
        assert not of_kind(by_turn[turn], ScriptedEvent)


def test_units_may_act_again_in_their_next_turn():
    game = new_game("open_ground")
    only(game, "a_arq")
    advance(game, "allied", "movement")
    game.apply(Move("a_arq", (2, 2)))
    assert "already moved" in game.check(Move("a_arq", (3, 2)))
    advance(game, "allied", "movement", turn=2)
    assert game.check(Move("a_arq", (3, 2))) is None
