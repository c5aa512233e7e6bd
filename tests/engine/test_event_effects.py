"""Events that change the field (data/field_events.yaml): a rules constant, the terrain, sight,
weapons, standing orders carried out by the rules, units taken off, a leader struck down, the
commander's intent, and the triggers "a unit of a side in an area" and "a side's losses"."""

from __future__ import annotations

import kit
import pytest

from siege.engine import events as ev
from siege.engine.hexes import Hex
from siege.engine.orders import Move, PhaseEnd, Rally, Volley
from siege.scenario.build import replay_game

H = Hex.from_offset


def game(seed: int = 1):
    return kit.new_game("field_events", seed)


def at_turn(turn: int, side: str = "allied", phase: str = "command", seed: int = 1):
    g = game(seed)
    kit.advance(g, side, phase, turn)
    return g


def test_set_rule_changes_the_constant_the_rules_and_both_seats_read():
    g = at_turn(2)
    assert g.state.scenario.rules.sight_day == 4
    assert g.seat("japan").scenario.rules.sight_day == 4
    assert g.scenario.rules.sight_day == 10  # the file as loaded, which a save records
    # the mist came down: nothing further than 4 hexes from an allied unit is seen
    seen = g.seat("allied").visible()
    own = [u.hex for u in g.seat("allied").units()]
    assert seen and all(min(h.distance(o) for o in own) <= 4 for h in seen)
    assert "rule_changes" in g.state.snapshot()


def test_set_terrain_bars_the_burnt_bridge_and_men_on_it_get_clear():
    g = game()
    kit.place(g, "a_arch", (5, 6))
    kit.advance(g, "allied", "movement", 1)
    assert H(4, 6) in g.reachable("a_arch")
    kit.advance(g, "allied", "command", 2)
    assert g.state.map.terrain_at(H(5, 6)).id == "deep_water"
    arch = g.unit("a_arch")
    assert arch.on_map and arch.hex != H(5, 6) and arch.hex.distance(H(5, 6)) == 1
    assert any(isinstance(e, ev.TerrainChanged) for e in g.log)
    kit.advance(g, "allied", "movement", 2)
    assert H(5, 6) not in g.reachable("a_arch")
    assert "can" in g.check(Move("a_arch", (5, 6)))  # "... cannot enter deep water"


def test_set_terrain_opens_sight_through_a_felled_wood():
    g = game()
    kit.only(g, "a_arq", "j_arq")
    kit.place(g, "a_arq", (3, 3))
    kit.place(g, "j_arq", (7, 3))
    g.edited()
    assert H(7, 3) not in g.seat("allied").visible()  # behind the wood
    kit.advance(g, "allied", "command", 2)
    assert g.state.map.terrain_at(H(4, 3)).id == "open"
    assert H(7, 3) in g.seat("allied").visible()
    assert g.seat("allied").seen_enemy("j_arq") is not None


def test_set_weapons_gives_and_takes_a_units_weapons():
    g = at_turn(2)
    assert [w.id for w in g.seat("allied").weapons("a_horse")] == ["cannon"]
    assert g.unit("a_horse").volleys == {"cannon": 5}  # a weapon given comes full
    assert [w.id for w in g.seat("allied").weapons("a_arch")] == ["bow"]
    rearmed = [e for e in g.seat("allied").events() if isinstance(e, ev.UnitRearmed)]
    assert rearmed and rearmed[0].unit == "a_horse"
    assert not [e for e in g.seat("japan").events() if isinstance(e, ev.UnitRearmed)]


def test_a_withdraw_order_marches_the_unit_each_turn_and_refuses_other_orders():
    g = game()
    kit.place(g, "j_spear", (9, 0))  # two marches from [9, 7]
    kit.advance(g, "japan", "command", 2)
    spear = g.unit("j_spear")
    why = g.check(Rally("j_spear"))
    assert why is None or "withdraw" not in why  # rallying is still allowed
    assert "withdraw" in g.seat("japan").standing_order("j_spear")
    start = spear.hex
    kit.advance(g, "japan", "movement", 2)  # the march happens as the phase begins
    assert spear.hex != start and spear.hex.distance(H(9, 7)) < start.distance(H(9, 7))
    why = g.check(Move("j_spear", (8, 4)))
    assert "withdraw" in why and "Withdrawal by night" in why
    assert g.seat("japan").reachable("j_spear") == {}
    for turn in (3, 4, 5):
        kit.advance(g, "japan", "fire", turn)
        if spear.hex == H(9, 7):
            break
    assert spear.hex == H(9, 7)
    assert g.seat("japan").standing_order("j_spear") is None
    ended = [e for e in g.seat("japan").events() if isinstance(e, ev.StandingOrderEnded)]
    assert any(e.unit == "j_spear" for e in ended)
    kit.advance(g, "japan", "movement", g.state.turn + 1)
    assert g.check(Move("j_spear", (8, 6))) is None


def test_a_leave_order_marches_to_the_exit_and_off_the_field():
    g = at_turn(2, "japan", "command")
    escaped = g.state.losses["japan"]["escaped"]
    for turn in range(2, 9):
        kit.advance(g, "japan", "fire", turn)
        if g.unit("j_arch").gone:
            break
    assert g.unit("j_arch").gone
    assert g.state.losses["japan"]["escaped"] == escaped + 600
    assert any(isinstance(e, ev.UnitExited) and e.unit == "j_arch" for e in g.log)


def test_a_hold_order_keeps_units_in_their_hex_for_its_turns_then_ends():
    g = at_turn(2, "japan", "movement")
    assert "hold" in g.check(Move("j_arq", (7, 2)))
    kit.advance(g, "japan", "fire", 2)
    assert "hold" not in (g.check(Volley("j_arq", (1, 2))) or "")  # a hold still fires
    kit.advance(g, "japan", "movement", 3)
    assert "hold" in g.check(Move("j_arq", (7, 2)))
    kit.advance(g, "japan", "movement", 4)
    assert g.check(Move("j_arq", (7, 2))) is None
    assert g.seat("japan").standing_order("j_arq") is None


def test_standing_orders_are_told_only_to_their_own_side():
    g = at_turn(2, "japan", "command")
    theirs = g.seat("allied").events()
    ours = g.seat("japan").events()
    assert not [e for e in theirs if isinstance(e, ev.StandingOrderGiven)]
    assert not [e for e in theirs if getattr(e, "event", "") == "garrison_withdraws"]
    assert {e.unit for e in ours if isinstance(e, ev.StandingOrderGiven)} == {
        "j_spear",
        "j_arch",
        "j_arq",
    }
    assert g.seat("allied").standing_orders() == {}
    assert set(g.seat("japan").standing_orders()) == {"j_spear", "j_arch", "j_arq"}
    with pytest.raises(KeyError):
        g.seat("allied").standing_order("j_spear")


def test_remove_units_takes_them_off_and_counts_them_escaped():
    g = at_turn(3)
    assert g.unit("a_guns").gone
    assert g.state.losses["allied"]["escaped"] == 300


def test_leader_fate_wounds_a_leader_and_lowers_his_rating():
    g = at_turn(3)
    li = g.state.leaders["li_rusong"]
    assert (li.status, li.rating) == ("wounded", 4)
    assert any(isinstance(e, ev.LeaderHit) and e.leader == "li_rusong" for e in g.log)


def test_set_intent_changes_the_commanders_intent_the_seat_gives():
    g = at_turn(3)
    intent = next(s.ai for s in g.seat("allied").scenario.sides if s.id == "allied")
    assert (intent.posture, intent.aggression, intent.caution) == ("attack", 0.5, 1.0)
    assert next(s.ai for s in g.scenario.sides if s.id == "allied").posture == "auto"


def test_a_unit_entering_an_area_fires_its_event_at_the_next_turn():
    g = game()
    kit.advance(g, "allied", "command", 2)
    assert "crossroads_reached" not in g.state.fired_events
    kit.place(g, "a_horse", (6, 1))
    kit.advance(g, "allied", "command", 3)
    assert "crossroads_reached" in g.state.fired_events
    assert any(e.source == "crossroads_reached" for e in g.seat("allied").effects())


def test_a_sides_losses_passing_n_fires_its_event():
    g = at_turn(2, "japan", "command")
    assert g.seat("japan").standing_orders()
    g.state.losses["japan"]["killed"] += 299
    kit.advance(g, "allied", "command", 3)
    assert "heavy_losses" not in g.state.fired_events
    g.state.losses["japan"]["killed"] += 1
    kit.advance(g, "allied", "command", 4)
    assert "heavy_losses" in g.state.fired_events
    assert g.seat("japan").standing_orders() == {}  # released


def test_the_changes_are_in_the_hash_and_a_replay_reproduces_them():
    g = game(seed=5)
    kit.advance(g, "japan", "assault", 4)
    snap = g.state.snapshot()
    for key in ("rule_changes", "terrain_changes", "armament", "intent_changes"):
        assert key in snap
    again = replay_game(g.scenario, 5, list(g.orders))
    assert again.state_hash() == g.state_hash()
    assert again.state.map.terrain_at(H(5, 6)).id == "deep_water"
    copy = g.copy()
    copy.apply(PhaseEnd())
    assert g.state.scenario.rules.sight_day == 4 and g.state_hash() != copy.state_hash()


def test_a_battle_without_such_events_keeps_its_hash_keys():
    g = kit.new_game("open_ground")
    kit.advance(g, "japan", "assault", 3)
    snap = g.state.snapshot()
    assert not {"rule_changes", "terrain_changes", "armament", "standing"} & set(snap)


def test_the_computer_takes_up_an_intent_an_event_sets():
    from siege.ai import Commander
    from siege.ai.levels import STYLES

    g = game()
    commander = Commander("allied", "normal", seed=1)
    commander.orders_for_phase(g.seat("allied"))
    assert commander.intent.posture == "auto"
    kit.advance(g, "allied", "command", 3)
    commander.orders_for_phase(g.seat("allied"))
    assert commander.intent.posture == "attack"
    base = STYLES["normal"].take_threshold
    assert commander.style.take_threshold == pytest.approx(base - 0.05)  # aggression 0.5


def test_the_computer_plays_through_standing_orders_on_both_sides():
    from siege import sim

    played = sim.play(kit.scenario("field_events"), 3)
    marched = [
        r.event
        for r in played.record
        if isinstance(r.event, ev.UnitMoved) and r.event.unit == "j_spear"
    ]
    assert played.state.ended and marched
    assert "garrison_withdraws" in played.state.fired_events


def test_the_commanders_plans_follow_ground_an_event_changed():
    """A distance field worked out before the bridge burnt is not reused after it."""
    from siege.ai.fields import FieldCache

    g = game()
    cache = FieldCache()
    goals = (H(4, 6),)
    before = cache.field(g.seat("allied"), goals, "foot", None, "allied")
    assert before.get(H(5, 6), float("inf")) < float("inf")  # the bridge can be walked
    kit.advance(g, "allied", "command", 2)  # the bridge is burnt
    after = cache.field(g.seat("allied"), goals, "foot", None, "allied")
    assert after.get(H(5, 6), float("inf")) == float("inf")
