"""Fire in the city: burning hexes burn their occupants, spread with the wind, burn out, and
light up the night. The burning_town scenario has a strong west wind that an event swings to the
east on turn 3."""

from __future__ import annotations

import pytest
from kit import advance, end_turn, men_lost, nb, new_game, of_kind, only, place, set_fire

from siege.engine import movement
from siege.engine.events import (
    BlazeBurnedOut,
    CasualtiesTaken,
    HexIgnited,
    ScriptedEvent,
    TurnBegan,
    VolleyResolved,
    WindChanged,
)
from siege.engine.hexes import Hex
from siege.engine.orders import Move, Volley

CENTRE = (4, 3)
DOWNWIND_OF_WEST = ("E", "NE", "SE")  # a west wind blows the flames east
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


def test_men_in_a_burning_hex_get_clear_of_it_losing_a_few():
    game = new_game("burning_town", 3)
    only(game, "j_town", "a_arq")
    place(game, "a_arq", (0, 7))
    set_fire(game, CENTRE)
    rules = game.scenario.rules
    events = end_turn(game)
    assert men_lost(events, "burned", unit="j_town") == round(1200 * rules.fire_caught_losses)
    assert game.unit("j_town").hex.offset != CENTRE
    assert game.unit("j_town").hex.offset in [
        nb(CENTRE, d) for d in ("E", "NE", "NW", "W", "SW", "SE")
    ]
    assert any("get clear of the flames" in e.text for e in events)
    assert game.state.losses["japan"]["burned"] == 1200 - game.unit("j_town").strength


def test_men_with_no_way_out_burn():
    game = new_game("burning_town", 3)
    only(game, "j_town", "a_arq")
    place(game, "a_arq", (0, 7))
    set_fire(game, CENTRE)
    for d in ("E", "NE", "NW", "W", "SW", "SE"):
        set_fire(game, nb(CENTRE, d))
    rules = game.scenario.rules
    events = end_turn(game)
    assert men_lost(events, "burned", unit="j_town") == round(1200 * rules.fire_losses)
    assert game.unit("j_town").hex.offset == CENTRE
    sources = {e.source for e in of_kind(events, CasualtiesTaken) if e.burned}
    assert sources == {"flames, trapped with no way out"}


def test_men_cannot_flee_into_lanes_crowded_with_their_own_side():
    for friends, way_out in ((1500, CENTRE), (1400, nb(CENTRE, "E"))):
        game = new_game("burning_town", 3)
        only(game, "j_town", "j_spear", "a_arq")
        place(game, "a_arq", (0, 7))
        place(game, "j_spear", nb(CENTRE, "E"), strength=friends)
        set_fire(game, CENTRE)
        for d in ("NE", "NW", "W", "SW", "SE"):
            set_fire(game, nb(CENTRE, d))
        end_turn(game)
        # crowded already (density_threshold 1500): trapped; short of it: they get in
        assert game.unit("j_town").hex.offset == way_out


def test_men_whose_roofs_a_volley_sets_alight_are_caught_and_the_rest_get_clear():
    rules = new_game("burning_town").scenario.rules
    for seed in range(40):
        game = new_game("burning_town", seed)
        only(game, "a_fire", "j_town")
        place(game, "a_fire", (1, 3))
        place(game, "j_town", (3, 3))
        advance(game, "allied", "fire")
        events = game.apply(Volley("a_fire", (3, 3)))
        if not any(e.hex == (3, 3) for e in of_kind(events, HexIgnited)):
            continue
        shot = men_lost(events[: events.index(of_kind(events, HexIgnited)[0])], unit="j_town")
        before = 1200 - shot
        burned = men_lost(events, "burned", unit="j_town")
        assert burned == max(1, round(before * rules.fire_losses))  # caught under the volley
        assert game.unit("j_town").hex.offset != (3, 3)  # the rest got clear
        return
    pytest.fail("the fire arrows never set the houses alight")


def test_nobody_marches_into_the_flames_except_in_flight():
    game = new_game("burning_town")
    only(game, "a_arq", "j_spear")
    place(game, "a_arq", (2, 3))
    place(game, "j_spear", (9, 0))
    advance(game, "allied", "movement")
    set_fire(game, (3, 3))
    places = game.reachable("a_arq")
    assert Hex.from_offset(3, 3) not in places
    assert game.check(Move("a_arq", (3, 3))) is not None
    far = (4, 3)
    if Hex.from_offset(*far) in places:
        assert (3, 3) not in [h.offset for h in game.path("a_arq", far)]
    place(game, "a_arq", (2, 3), morale="routed")
    game.state.units["a_arq"].moved = False
    assert Hex.from_offset(3, 3) in movement.reachable(game.state, game.unit("a_arq"))


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
    assert [e.hex for e in of_kind(events, BlazeBurnedOut)] == [CENTRE]
    caught = {e.hex for e in of_kind(events, HexIgnited)}
    assert len(caught) >= 4  # calm-air chance 1.0 (capped at 95%)
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
        events = game.apply(Volley("a_fire", (3, 3)))
        assert of_kind(events, VolleyResolved)
        lit += any(e.hex == (3, 3) for e in of_kind(events, HexIgnited))
    assert lit / 200 == pytest.approx(0.5, abs=0.1)  # the weapon's sets_fire


def test_open_ground_does_not_burn():
    for seed in range(30):
        game = new_game("burning_town", seed)
        only(game, "a_fire", "j_town")
        place(game, "a_fire", (1, 0))
        place(game, "j_town", (3, 0))  # row 0 is open ground
        advance(game, "allied", "fire")
        assert not of_kind(game.apply(Volley("a_fire", (3, 0))), HexIgnited)


def test_at_night_a_burning_hex_is_seen_from_afar_and_shot_at_as_by_day():
    game = new_game("burning_town")
    only(game, "a_arq", "j_town")
    advance(game, "allied", "fire", turn=2)  # 17:00: dark
    assert game.state.is_night()
    place(game, "a_arq", (1, 3))
    place(game, "j_town", (3, 3))  # 2 hexes: seen even in the dark
    dark = game.preview_fire("a_arq", (3, 3))
    place(game, "j_town", (7, 3))
    assert not game.view_for("allied").enemies  # 6 hexes off in the dark: unseen
    set_fire(game, (7, 3))
    assert [e.id for e in game.view_for("allied").enemies] == ["j_town"]
    place(game, "j_town", (3, 3))
    set_fire(game, (3, 3))
    by_firelight = game.preview_fire("a_arq", (3, 3))
    assert "night" in dict(dark.modifiers)
    assert "night" not in dict(by_firelight.modifiers)
    assert by_firelight.expected > dark.expected


def test_men_the_spreading_flames_reach_get_clear_losing_a_few():
    rules = new_game("burning_town").scenario.rules
    for seed in range(60):
        game = new_game("burning_town", seed, fire_spread=0.9)
        only(game, "j_town", "a_arq")
        place(game, "a_arq", (0, 7))
        place(game, "j_town", nb(CENTRE, "E"))
        set_fire(game, CENTRE, turns=2)
        events = end_turn(game)
        if nb(CENTRE, "E") not in {e.hex for e in of_kind(events, HexIgnited)}:
            continue
        assert men_lost(events, "burned", unit="j_town") == round(1200 * rules.fire_caught_losses)
        assert game.unit("j_town").hex.offset != nb(CENTRE, "E")
        return
    pytest.fail("the fire never spread to the next street")
