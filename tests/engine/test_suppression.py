"""Suppression, kept apart from morale: fire pins men down whatever it costs them; pinned men
shoot, march and fight worse until they recover at the end of their own player-turn; heavy fire
and crossfire force a morale check."""

from __future__ import annotations

from kit import advance, end_player_turn, new_game, of_kind, only, place

from siege.engine import morale
from siege.engine.events import MoraleChanged, MoraleHeld, UnitSuppressed
from siege.engine.orders import Volley


def under_fire(seed: int = 1, *units: str, **rules):
    """open_ground at the allies' fire phase, with only the named units."""
    game = new_game("open_ground", seed, **rules)
    only(game, *units)
    advance(game, "allied", "fire")
    return game


def pin(game, unit_id: str, points: int) -> None:
    """Setup only: the unit is pinned down by `points` of suppression."""
    game.state.units[unit_id].suppression = points
    game.edited()


def checks_of(events, unit: str) -> list:
    return [e for e in events if isinstance(e, (MoraleHeld, MoraleChanged)) and e.unit == unit]


def test_a_volley_suppresses_every_unit_in_the_hex_whatever_its_losses():
    game = under_fire(1, "a_arch", "j_spear", "j_arch", heavy_fire_share=1.0)
    place(game, "a_arch", (2, 2))
    place(game, "j_spear", (5, 2))  # long range, in the open: a few hits at most
    place(game, "j_arch", (5, 2))
    events = game.apply(Volley("a_arch", (5, 2)))
    pinned = {e.unit: (e.before, e.after) for e in of_kind(events, UnitSuppressed)}
    assert pinned == {"j_spear": (0, 1), "j_arch": (0, 1)}
    assert "pinned down" in of_kind(events, UnitSuppressed)[0].text
    assert not checks_of(events, "j_spear")  # light fire from one side: no check


def test_suppression_is_capped():
    game = under_fire(1, "a_arq", "a_arch", "a_horse", "j_spear", "j_arch")
    cap = game.scenario.rules.suppression_max
    place(game, "j_spear", (4, 2), strength=3000)
    for uid, at in (("a_arq", (3, 2)), ("a_arch", (2, 2)), ("a_horse", (2, 3))):
        place(game, uid, at)
        game.apply(Volley(uid, (4, 2)))
    assert game.unit("j_spear").suppression == cap


def test_a_suppressed_unit_shoots_marches_and_assaults_worse():
    game = under_fire(1, "a_arq", "j_spear")
    place(game, "a_arq", (2, 2))
    place(game, "j_spear", (3, 2))
    fresh = game.preview_fire("a_arq", (3, 2))
    pin(game, "a_arq", 2)
    pinned = game.preview_fire("a_arq", (3, 2))
    rules = game.scenario.rules
    assert dict(pinned.modifiers)["suppressed (2)"] == 1 - 2 * rules.suppression_fire
    assert pinned.expected < fresh.expected
    advance(game, "allied", "assault")
    before = game.preview_assault(("a_arq",), (3, 2))
    pin(game, "j_spear", 3)  # the defenders pinned: fight worse too
    both = game.preview_assault(("a_arq",), (3, 2))
    assert both.defence < before.defence
    assert "Japanese spearmen suppressed (3)" in dict(both.modifiers)
    assert "suppressed" in both.describe()

    walker = new_game("open_ground")
    only(walker, "a_arq")
    advance(walker, "allied", "movement")
    far = len(walker.reachable("a_arq"))
    pin(walker, "a_arq", 3)
    assert len(walker.reachable("a_arq")) < far


def test_suppression_recovers_at_the_end_of_its_own_player_turn_faster_near_a_leader():
    game = under_fire(1, "a_arq", "j_arq", "j_spear")
    place(game, "j_arq", (7, 2))  # Konishi (command radius 2)
    place(game, "j_spear", (7, 6))  # 4 hexes off: no leader
    for uid in ("j_arq", "j_spear"):
        pin(game, uid, 3)
    rules = game.scenario.rules
    end_player_turn(game)  # the allies' turn ends: no change
    assert game.unit("j_spear").suppression == 3
    events = end_player_turn(game)  # Japan's own turn ends
    assert game.unit("j_spear").suppression == 3 - rules.suppression_recovery
    assert game.unit("j_arq").suppression == max(
        0, 3 - rules.suppression_recovery - rules.suppression_leader_recovery
    )
    recovered = {e.unit for e in of_kind(events, UnitSuppressed) if e.reason == "recovery"}
    assert recovered == {"j_arq", "j_spear"}


def test_heavy_fire_forces_a_morale_check_whatever_the_losses():
    game = under_fire(3, "a_arq", "j_spear", morale_loss_check=1.0, heavy_fire_share=0.001)
    place(game, "a_arq", (2, 2))
    place(game, "j_spear", (3, 2))
    events = game.apply(Volley("a_arq", (3, 2)))
    [check] = checks_of(events, "j_spear")
    assert check.reason.startswith("heavy fire")
    assert [(e.before, e.after) for e in of_kind(events, UnitSuppressed)] == [(0, 2)]


def test_crossfire_forces_a_morale_check_and_fire_from_one_side_does_not():
    game = under_fire(
        1, "a_arq", "a_arch", "a_horse", "j_spear", morale_loss_check=1.0, heavy_fire_share=1.0
    )
    place(game, "j_spear", (6, 1), strength=1200)
    place(game, "a_arq", (4, 1))  # from the west
    place(game, "a_arch", (4, 2))  # west too, a little south
    place(game, "a_horse", (8, 1))  # from the east
    assert not checks_of(game.apply(Volley("a_arq", (6, 1))), "j_spear")
    assert not game.preview_fire("a_arch", (6, 1)).flanking
    assert not checks_of(game.apply(Volley("a_arch", (6, 1))), "j_spear")
    preview = game.preview_fire("a_horse", (6, 1))
    assert preview.flanking and "crossfire" in preview.describe()
    [check] = checks_of(game.apply(Volley("a_horse", (6, 1))), "j_spear")
    assert check.reason.startswith("crossfire")


def test_the_fire_preview_shows_what_the_volley_will_pin():
    game = under_fire(1, "a_arq", "j_spear")
    place(game, "a_arq", (2, 2))
    place(game, "j_spear", (3, 2))
    odds = game.preview_fire("a_arq", (3, 2))
    assert sum(odds.suppression.values()) <= 1
    assert set(odds.suppression) <= {"1", "2"}
    assert 0 <= odds.heavy_chance <= 1
    assert "suppresses" in odds.describe()


def test_suppression_is_in_the_state_hash_and_survives_a_clone():
    game = under_fire(1, "a_arq", "j_spear")
    before = game.state_hash()
    copy = game.state.clone()
    pin(game, "j_spear", 1)
    assert game.state_hash() != before
    assert copy.units["j_spear"].suppression == 0
    again = game.state.clone()
    assert again.units["j_spear"].suppression == 1 and again.state_hash() == game.state_hash()
    game.state.units["j_spear"].fire_bearings = 0b100
    assert game.state_hash() != again.state_hash()


def test_suppression_is_not_morale():
    """A pinned unit's morale state and its morale target are untouched by suppression."""
    game = under_fire(1, "a_arq", "j_spear")
    place(game, "j_spear", (3, 2))
    target = morale.morale_target(game.state, game.unit("j_spear"))[0]
    pin(game, "j_spear", 3)
    assert morale.morale_target(game.state, game.unit("j_spear"))[0] == target
    assert game.unit("j_spear").morale == "steady"


def test_a_scenario_may_ask_crossfire_from_opposite_sides():
    for degrees, flanked in ((120, True), (180, False)):
        game = under_fire(1, "a_arq", "a_horse", "j_spear", crossfire_degrees=degrees)
        place(game, "j_spear", (6, 1))
        place(game, "a_arq", (4, 1))  # from the west
        place(game, "a_horse", (7, 0))  # from the north-east: 120 degrees
        game.apply(Volley("a_arq", (6, 1)))
        assert game.preview_fire("a_horse", (6, 1)).flanking is flanked
