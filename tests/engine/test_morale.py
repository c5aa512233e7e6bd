"""Morale as a player sees it: losses shake men, routed men run, leaders rally them, Li Rusong's
bounty puts heart into those near him for a while."""

from __future__ import annotations

import pytest
from kit import advance, dist, end_turn, men_lost, new_game, of_kind, only, place

from siege.engine import morale
from siege.engine.events import AbilityUsed, MoraleChanged, MoraleHeld, UnitRallied, UnitRetreated
from siege.engine.orders import AbilityUse, Assault, Move, PhaseEnd, Rally, Volley


def target_of(game, unit_id: str) -> int:
    """The 2d6 number a unit's morale check must not exceed (a read-only rules query)."""
    return morale.morale_target(game.state, game.unit(unit_id))[0]


# --------------------------------------------------------------------------- losses and checks


def test_a_volley_that_costs_4_percent_forces_a_morale_check_and_a_lighter_one_does_not():
    seen = set()
    for seed in range(30):
        game = new_game("open_ground", seed, heavy_fire_share=1.0)  # losses alone decide
        only(game, "a_arq", "j_spear")
        advance(game, "allied", "fire")
        place(game, "a_arq", (2, 2))
        place(game, "j_spear", (3, 2))
        events = game.apply(Volley("a_arq", (3, 2)))
        hits = men_lost(events, unit="j_spear")
        checks = [
            e for e in events if isinstance(e, (MoraleHeld, MoraleChanged)) and e.unit == "j_spear"
        ]
        heavy = hits >= game.scenario.rules.morale_loss_check * 1200
        assert len(checks) == (1 if heavy else 0), (seed, hits)
        if checks:
            assert "2d6" in checks[0].text
        seen.add(heavy)
    assert seen == {True, False}


def test_a_rout_spreads_panic_to_friends_alongside():
    for seed in range(200):
        game = new_game("open_ground", seed)
        only(game, "a_arq", "j_spear", "j_arq")
        advance(game, "allied", "fire")
        place(game, "a_arq", (2, 2))
        place(game, "j_spear", (3, 2), morale="wavering")
        place(game, "j_arq", (4, 2))
        events = game.apply(Volley("a_arq", (3, 2)))
        if any(
            isinstance(e, MoraleChanged) and e.unit == "j_spear" and e.after == "routed"
            for e in events
        ):
            panic = [
                e
                for e in events
                if isinstance(e, (MoraleHeld, MoraleChanged)) and e.unit == "j_arq"
            ]
            assert panic and "panic" in panic[0].reason
            return
    pytest.fail("the wavering spearmen never routed")


# --------------------------------------------------------------------------- routed men


def routed_japanese(seed: int = 1, at=(5, 2), enemy_at=(3, 2)):
    game = new_game("open_ground", seed)
    only(game, "a_arq", "j_arch")
    place(game, "a_arq", enemy_at)
    place(game, "j_arch", at, morale="routed")
    advance(game, "japan", "assault")
    return game


def test_routed_units_flee_away_from_the_enemy():
    game = routed_japanese()
    before = dist((5, 2), (3, 2))
    events = game.apply(PhaseEnd())  # the end of the Japanese player-turn
    [fled] = [e for e in of_kind(events, UnitRetreated) if e.unit == "j_arch"]
    assert fled.path[0] == (5, 2)
    after = game.unit("j_arch").hex.offset
    assert after == fled.path[-1]
    assert dist(after, (3, 2)) > before + 1


def test_routed_units_caught_beside_the_enemy_are_cut_down_or_taken():
    game = routed_japanese(at=(4, 2))
    events = game.apply(PhaseEnd())
    assert men_lost(events, "captured", unit="j_arch") > 0
    assert men_lost(events, "killed", unit="j_arch") > 0
    assert game.unit("j_arch").strength < 600


def test_routed_units_neither_fire_nor_assault():
    game = new_game("open_ground")
    only(game, "a_arq", "j_spear")
    place(game, "a_arq", (2, 2), morale="routed")
    place(game, "j_spear", (3, 2))
    advance(game, "allied", "fire")
    assert "routed" in game.check(Volley("a_arq", (3, 2)))
    advance(game, "allied", "assault")
    assert "routed" in game.check(Assault(("a_arq",), (3, 2)))


def test_wavering_men_drag_their_feet():
    game = new_game("open_ground")
    only(game, "a_arq")
    advance(game, "allied", "movement")
    place(game, "a_arq", (0, 5))
    steady = max(dist((0, 5), h.offset) for h in game.reachable("a_arq"))
    place(game, "a_arq", (0, 5), morale="wavering")
    wavering = max(dist((0, 5), h.offset) for h in game.reachable("a_arq"))
    assert wavering < steady
    assert "available" in game.check(Move("a_arq", (4, 5)))


# --------------------------------------------------------------------------- rallying


def rally_rate(with_leader: bool, trials: int = 200) -> tuple[float, set[int]]:
    rallied, targets = 0, set()
    for seed in range(trials):
        game = new_game("open_ground", seed)
        only(game, "a_arq", "a_arch")
        place(game, "a_arch", (1, 4), morale="wavering")
        place(game, "a_arq", (1, 3) if with_leader else (9, 7))  # Li Rusong rides with a_arq
        events = game.apply(Rally("a_arch"))
        targets |= {e.target for e in events if isinstance(e, (UnitRallied, MoraleHeld))}
        if of_kind(events, UnitRallied):
            rallied += 1
            assert game.unit("a_arch").morale == "shaken"
    return rallied / trials, targets


def test_a_leader_in_radius_rallies_a_wavering_unit_more_often():
    led, led_targets = rally_rate(with_leader=True)
    alone, alone_targets = rally_rate(with_leader=False)
    print(f"rally: {led:.0%} with Li Rusong near, {alone:.0%} alone")
    assert led > alone + 0.3
    assert min(led_targets) > max(alone_targets)


def test_rally_orders_are_refused_for_steady_units_and_twice_a_turn():
    game = new_game("open_ground", 4)
    only(game, "a_arq", "a_arch")
    place(game, "a_arch", (1, 4), morale="routed")
    assert game.check(Rally("a_arq")) == "Ming arquebusiers are steady already"
    events = game.apply(Rally("a_arch"))
    rallied = of_kind(events, UnitRallied)
    assert not rallied or rallied[0].after == "wavering"  # one step at a time
    assert "already tried to rally" in game.check(Rally("a_arch"))


def test_a_leader_nearby_steadies_the_men():
    game = new_game("open_ground")
    only(game, "a_arq", "a_arch")
    place(game, "a_arq", (9, 7))
    far = target_of(game, "a_arch")
    place(game, "a_arq", (1, 3))
    near = target_of(game, "a_arch")
    assert near == far + 3  # Li Rusong, rating 5: +(5 + 1) // 2


def test_night_makes_men_jumpier():
    game = new_game("open_ground")
    only(game, "a_arch")
    day = target_of(game, "a_arch")
    advance(game, "allied", "command", turn=3)
    assert target_of(game, "a_arch") == day + game.scenario.rules.night_morale


# --------------------------------------------------------------------------- the bounty


def test_the_bounty_raises_morale_near_li_rusong_for_its_duration_only_once():
    game = new_game("open_ground")
    only(game, "a_arq", "a_arch", "a_horse")
    place(game, "a_arq", (1, 2))
    place(game, "a_arch", (1, 4))  # 2 hexes from Li Rusong: inside
    place(game, "a_horse", (5, 6))  # far outside
    near_before, far_before = target_of(game, "a_arch"), target_of(game, "a_horse")

    events = game.apply(AbilityUse("li_rusong", "bounty"))
    [used] = of_kind(events, AbilityUsed)
    assert used.turns == 2 and "silver" in used.text
    assert target_of(game, "a_arch") == near_before + 2
    assert target_of(game, "a_horse") == far_before
    assert game.check(AbilityUse("li_rusong", "bounty")) == "Li Rusong has already used it"

    end_turn(game)  # turn 2: still in force
    assert target_of(game, "a_arch") == near_before + 2
    assert game.check(AbilityUse("li_rusong", "bounty")) == "Li Rusong has already used it"
    end_turn(game)  # turn 3: spent
    night = game.scenario.rules.night_morale  # 17:00 is after sunset
    assert target_of(game, "a_arch") == near_before + night


def test_the_bounty_puts_men_on_the_ladders_with_a_will():
    game = new_game("walled_town")
    only(game, "a_ladders", "j_gate")
    place(game, "a_ladders", (1, 2))
    place(game, "j_gate", (2, 2), strength=400)
    game.apply(AbilityUse("li_rusong", "bounty"))
    advance(game, "allied", "assault")
    with_bounty = game.preview_assault(("a_ladders",), (2, 2))
    plain = new_game("walled_town")
    only(plain, "a_ladders", "j_gate")
    place(plain, "a_ladders", (1, 2))
    place(plain, "j_gate", (2, 2), strength=400)
    advance(plain, "allied", "assault")
    without = plain.preview_assault(("a_ladders",), (2, 2))
    name = "Ming foot with ladders on ladders"
    assert dict(with_bounty.modifiers)[name] == pytest.approx(dict(without.modifiers)[name] + 0.3)
    assert with_bounty.chances["taken"] >= without.chances["taken"]


def test_abilities_are_refused_outside_the_command_phase_and_to_the_enemy():
    game = new_game("open_ground")
    assert game.check(AbilityUse("konishi", "bounty")) == "Konishi Yukinaga serves the other side"
    assert game.check(AbilityUse("li_rusong", "charge")) == "Li Rusong has no ability 'charge'"
    advance(game, "allied", "movement")
    assert (
        game.check(AbilityUse("li_rusong", "bounty")) == "abilities are used in the command phase"
    )


# --------------------------------------------------------------------------- no certain check


def test_no_morale_check_or_rally_is_ever_certain():
    """Li Rusong (+3), his bounty (+2) and the signal gun would put a check at 13: it is
    capped at 11, so a 12 still fails; a hopeless one stays at 2, so a 2 still holds."""
    game = new_game("open_ground")
    only(game, "a_arq", "j_spear")
    place(game, "a_arq", (2, 2))
    place(game, "j_spear", (3, 2))
    rules = game.scenario.rules
    assert target_of(game, "a_arq") == 7 + 3
    assert (
        morale.morale_target(game.state, game.unit("a_arq"), extra=3)[0]
        == rules.morale_target_max
        == 11
    )
    assert (
        morale.morale_target(game.state, game.unit("j_spear"), extra=-9)[0]
        == rules.morale_target_min
        == 2
    )
    notes = morale.morale_target(game.state, game.unit("a_arq"), extra=3)[1]
    assert "13 capped at 11" in notes
    assert morale.chance_at_most(2) > 0 and morale.chance_at_most(11) < 1


def test_a_rally_with_the_best_leader_and_the_bounty_can_still_fail():
    fails = 0
    for seed in range(200):
        game = new_game("open_ground", seed)
        only(game, "a_arq", "j_spear")
        place(game, "a_arq", (2, 2), morale="shaken")
        place(game, "j_spear", (6, 2))
        game.apply(AbilityUse("li_rusong", "bounty"))  # +2: 5 + 6 + 2 = 13, capped at 11
        assert morale.rally_target(game.state, game.unit("a_arq"))[0] == 11
        events = game.apply(Rally("a_arq"))
        fails += not of_kind(events, UnitRallied)
    assert 0 < fails < 20  # 1 in 36
