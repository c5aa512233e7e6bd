"""Fire in the city: burning hexes burn their occupants, spread with the wind, burn out, and
light up the night. The burning_town scenario has a strong west wind that an event swings to the
east on turn 3."""

from __future__ import annotations

import pytest

from kit import advance, end_turn, men_lost, new_game, nb, of_kind, only, place, set_fire
from siege.engine.events import (CasualtiesTaken, FireBurnedOut, FireResolved, HexIgnited,
                                 ScriptedEvent, TurnBegan, WindChanged)
from siege.engine.orders import Fire

CENTRE = (4, 3)
DOWNWIND_OF_WEST = ("E", "NE", "SE")     # a west wind blows the flames east
UPWIND_OF_WEST = ("W", "NW", "SW")


def spread_counts(turn: int, trials: int = 150) -> dict[str, int]:
    """How often each neighbour of a lone fire at CENTRE catches during one end of turn."""
    counts = {d: 0 for d in DOWNWIND_OF_WEST + UPWIND_OF_WEST}
    where = {nb(CENTRE, d): d for d in counts}
    for seed in range(trials):
        game = new_game("burning_town", seed)
        only(game, "a_arq", "j_spear")
        place(game, "a_arq", (0, 7))
        place(game, "j_spear", (9, 0))
        if turn > 1:
            advance(game, "allied", "command", turn=turn)
        set_fire(game, CENTRE)
        for e in of_kind(end_turn(game), HexIgnited):
            if e.hex in where:
                counts[where[e.hex]] += 1
    return counts


def test_a_unit_in_a_burning_hex_loses_men_to_the_flames_each_turn():
    game = new_game("burning_town", 3)
    only(game, "j_town", "a_arq")
    place(game, "a_arq", (0, 7))
    set_fire(game, CENTRE)
    turns_in_fire = 0
    for _ in range(3):
        before = game.unit("j_town").strength
        in_fire = game.unit("j_town").hex.offset == CENTRE
        events = end_turn(game)
        burned = men_lost(events, "burned", unit="j_town")
        if in_fire:
            turns_in_fire += 1
            expected = max(1, round(before * game.scenario.rules.fire_losses))
            assert burned == expected
            sources = {e.source for e in of_kind(events, CasualtiesTaken) if e.burned}
            assert sources == {"flames"}
    assert turns_in_fire >= 1
    assert game.state.losses["japan"]["burned"] == 1200 - game.unit("j_town").strength


def test_fire_spreads_downwind_more_than_upwind():
    counts = spread_counts(turn=1)
    down = sum(counts[d] for d in DOWNWIND_OF_WEST)
    up = sum(counts[d] for d in UPWIND_OF_WEST)
    print(f"west wind: {down} catches downwind, {up} upwind, by neighbour {counts}")
    assert down > 2 * up + 20
    assert min(counts[d] for d in DOWNWIND_OF_WEST) > max(counts[d] for d in UPWIND_OF_WEST)


def test_the_scripted_wind_shift_comes_on_turn_3_and_turns_the_fire_back():
    game = new_game("burning_town")
    events = advance(game, "allied", "command", turn=3)
    scripted = of_kind(events, ScriptedEvent)
    assert [e.event for e in scripted] == ["wind_turns"]
    [shift] = of_kind(events, WindChanged)
    assert shift.blowing_from == "E" and shift.strength == 3
    turn_starts = [i for i, e in enumerate(events) if isinstance(e, TurnBegan)]
    assert events.index(scripted[0]) > turn_starts[-1], "it comes at the start of turn 3"
    assert not of_kind(end_turn(game), ScriptedEvent), "and only once"

    counts = spread_counts(turn=3, trials=100)
    west = sum(counts[d] for d in UPWIND_OF_WEST)
    east = sum(counts[d] for d in DOWNWIND_OF_WEST)
    assert west > 2 * east + 10


def test_a_fire_burns_out_and_the_ashes_do_not_burn_again():
    game = new_game("burning_town", 5, fire_spread=1.0)
    only(game, "a_arq", "j_spear")
    place(game, "a_arq", (0, 7))
    place(game, "j_spear", (9, 0))
    set_fire(game, CENTRE, turns=1)
    events = end_turn(game)
    assert [e.hex for e in of_kind(events, FireBurnedOut)] == [CENTRE]
    caught = {e.hex for e in of_kind(events, HexIgnited)}
    assert len(caught) >= 4                      # calm-air chance 1.0 (capped at 95%)
    for _ in range(3):
        assert CENTRE not in {e.hex for e in of_kind(end_turn(game), HexIgnited)}


def test_fire_arrows_set_houses_alight():
    lit = 0
    for seed in range(200):
        game = new_game("burning_town", seed)
        only(game, "a_fire", "j_town")
        place(game, "a_fire", (1, 3))
        place(game, "j_town", (3, 3))
        advance(game, "allied", "fire")
        events = game.apply(Fire("a_fire", (3, 3)))
        assert of_kind(events, FireResolved)
        lit += any(e.hex == (3, 3) for e in of_kind(events, HexIgnited))
    assert lit / 200 == pytest.approx(0.5, abs=0.1)     # the weapon's sets_fire


def test_open_ground_does_not_burn():
    for seed in range(30):
        game = new_game("burning_town", seed)
        only(game, "a_fire", "j_town")
        place(game, "a_fire", (1, 0))
        place(game, "j_town", (3, 0))                   # row 0 is open ground
        advance(game, "allied", "fire")
        assert not of_kind(game.apply(Fire("a_fire", (3, 0))), HexIgnited)


def test_at_night_a_burning_hex_is_seen_from_afar_and_shot_at_as_by_day():
    game = new_game("burning_town")
    only(game, "a_arq", "j_town")
    advance(game, "allied", "fire", turn=2)             # 17:00: dark
    assert game.state.is_night()
    place(game, "a_arq", (1, 3))
    place(game, "j_town", (3, 3))                       # 2 hexes: seen even in the dark
    dark = game.preview_fire("a_arq", (3, 3))
    place(game, "j_town", (7, 3))
    assert not game.view_for("allied").enemies          # 6 hexes off in the dark: unseen
    set_fire(game, (7, 3))
    assert [e.id for e in game.view_for("allied").enemies] == ["j_town"]
    place(game, "j_town", (3, 3))
    set_fire(game, (3, 3))
    by_firelight = game.preview_fire("a_arq", (3, 3))
    assert "night" in dict(dark.modifiers)
    assert "night" not in dict(by_firelight.modifiers)
    assert by_firelight.expected > dark.expected
