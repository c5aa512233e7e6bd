"""Fire and bombardment as a player sees them: the odds preview, cover, loopholes, crowding,
night, and how long a gate stands against guns."""

from __future__ import annotations

import statistics

import pytest
from kit import advance, men_lost, new_game, of_kind, only, place, real_scenario

from siege.engine.events import CasualtiesTaken, GateBroken, VolleyResolved, WallBreached
from siege.engine.hexes import DIRECTIONS
from siege.engine.orders import Bombardment, PhaseEnd, Volley


def mods(odds) -> dict[str, float]:
    return {name: value for name, value in odds.modifiers}


def firing(name: str, side: str, *units: str, seed: int = 1, turn: int | None = None, **rules):
    game = new_game(name, seed, **rules)
    only(game, *units)
    advance(game, side, "fire", turn=turn)
    return game


# --------------------------------------------------------------------------- the preview


def test_preview_fire_shows_the_expected_hits_and_why():
    game = firing("open_ground", "allied", "a_arq", "j_spear")
    place(game, "a_arq", (2, 2))
    place(game, "j_spear", (3, 2))
    odds = game.preview_fire("a_arq", (3, 2))
    # 1,000 arquebusiers x 6 per 100, nothing else in play
    assert odds.expected == pytest.approx(60.0)
    assert odds.firers == 1000 and odds.target_men == 1200
    assert "expect 60 hits" in odds.describe()
    assert sum(odds.morale_risk.values()) == pytest.approx(1.0, abs=0.01)


def test_preview_is_none_when_the_order_would_be_refused():
    game = firing("open_ground", "allied", "a_arq", "j_spear")
    place(game, "a_arq", (0, 2))
    place(game, "j_spear", (8, 2))
    assert game.preview_fire("a_arq", (8, 2)) is None


def test_long_range_halves_the_effect():
    game = firing("open_ground", "allied", "a_arq", "j_spear")
    place(game, "a_arq", (1, 2))
    place(game, "j_spear", (3, 2))
    odds = game.preview_fire("a_arq", (3, 2))
    assert mods(odds)["long range (2 hexes)"] == 0.5
    assert odds.expected == pytest.approx(30.0)


def test_average_hits_match_the_preview():
    """2d6 scale a volley around its expected value: over many volleys the mean is the preview."""
    hits, expected = [], None
    for seed in range(300):
        game = firing("open_ground", "allied", "a_arq", "j_spear", seed=seed)
        place(game, "a_arq", (2, 2))
        place(game, "j_spear", (3, 2))
        expected = game.preview_fire("a_arq", (3, 2)).expected
        [fired] = of_kind(game.apply(Volley("a_arq", (3, 2))), VolleyResolved)
        hits.append(fired.hits)
    assert statistics.mean(hits) == pytest.approx(expected, rel=0.06)
    assert min(hits) < expected < max(hits)


def test_a_volley_takes_its_hits_from_the_target():
    game = firing("open_ground", "allied", "a_arq", "j_spear", seed=5)
    place(game, "a_arq", (2, 2))
    place(game, "j_spear", (3, 2))
    events = game.apply(Volley("a_arq", (3, 2)))
    [fired] = of_kind(events, VolleyResolved)
    assert len(fired.dice) == 2 and f"{fired.dice[0]}+{fired.dice[1]}" in fired.text
    assert fired.hits == round(fired.expected * sum(fired.dice) / 7)
    assert men_lost(events, unit="j_spear") == fired.hits
    assert game.unit("j_spear").strength == 1200 - fired.hits
    [loss] = [e for e in of_kind(events, CasualtiesTaken) if e.unit == "j_spear"]
    assert loss.killed + loss.wounded == fired.hits and loss.wounded > loss.killed


# --------------------------------------------------------------------------- walls and works


def test_fire_from_loopholes_hurts_more():
    game = firing("walled_town", "japan", "j_fort", "a_arq")
    place(game, "a_arq", (5, 5))  # just outside the fort's west face
    place(game, "j_fort", (6, 5))  # inside, at the loopholes
    from_fort = game.preview_fire("j_fort", (5, 5))
    place(game, "j_fort", (4, 5))  # the same men in the open, the same distance
    in_open = game.preview_fire("j_fort", (5, 5))
    assert mods(from_fort)["through loopholes"] == pytest.approx(1.3)
    assert "through loopholes" not in mods(in_open)
    assert from_fort.expected == pytest.approx(in_open.expected * 1.3)


def test_defenders_behind_a_parapet_lose_fewer():
    game = firing("walled_town", "allied", "a_arq", "j_town")
    place(game, "a_arq", (1, 1))
    place(game, "j_town", (2, 1))  # inside the town wall, facing the shooters
    behind_wall = game.preview_fire("a_arq", (2, 1))
    place(game, "j_town", (1, 0))  # in the open, as close
    in_open = game.preview_fire("a_arq", (1, 0))
    assert mods(behind_wall)["behind the wall"] == pytest.approx(0.5)
    assert behind_wall.expected < in_open.expected * 0.5 + 1e-9


def test_a_loopholed_wall_covers_better_than_a_plain_parapet():
    game = firing("walled_town", "allied", "a_arq", "j_town", "j_fort")
    place(game, "a_arq", (1, 1))
    place(game, "j_town", (2, 1))
    parapet = mods(game.preview_fire("a_arq", (2, 1)))["behind the wall"]
    place(game, "a_arq", (5, 5))
    place(game, "j_fort", (6, 5))
    loopholed = mods(game.preview_fire("a_arq", (6, 5)))["behind the wall"]
    assert loopholed < parapet


def test_a_crowded_hex_loses_more_to_the_same_volley():
    game = firing("open_ground", "allied", "a_arq", "j_spear", "j_arq")
    place(game, "a_arq", (2, 2))
    place(game, "j_spear", (3, 2))
    place(game, "j_arq", (8, 6))
    alone = game.preview_fire("a_arq", (3, 2))
    place(game, "j_arq", (3, 2))  # 1,200 + 1,000 men in one hex
    crowded = game.preview_fire("a_arq", (3, 2))
    assert "crowded (2,200 men)" in mods(crowded)
    assert crowded.expected > alone.expected * 1.2
    assert crowded.target_men == 2200


def test_terrain_cover_protects_the_target():
    game = firing("open_ground", "allied", "a_arq", "j_spear")
    place(game, "a_arq", (3, 3))
    place(game, "j_spear", (4, 3))  # next door, in the wood
    in_wood = game.preview_fire("a_arq", (4, 3))
    assert mods(in_wood)["terrain cover"] == pytest.approx(0.7)
    place(game, "j_spear", (2, 3))  # next door on the other side, in the open
    in_open = game.preview_fire("a_arq", (2, 3))
    assert in_wood.expected == pytest.approx(in_open.expected * 0.7)


# --------------------------------------------------------------------------- night


def test_night_reduces_fire():
    day = firing("open_ground", "allied", "a_arq", "j_spear")
    night = firing("open_ground", "allied", "a_arq", "j_spear", turn=3)
    assert not day.state.is_night() and night.state.is_night()
    for game in (day, night):
        place(game, "a_arq", (2, 2))
        place(game, "j_spear", (3, 2))
    by_day = day.preview_fire("a_arq", (3, 2))
    by_night = night.preview_fire("a_arq", (3, 2))
    assert mods(by_night)["night"] == pytest.approx(0.4)  # the arquebus's night_factor
    assert by_night.expected == pytest.approx(by_day.expected * 0.4)


# --------------------------------------------------------------------------- refusals


def test_out_of_range_is_refused_with_the_range():
    game = firing("open_ground", "allied", "a_arq", "j_spear")
    place(game, "a_arq", (0, 2))
    place(game, "j_spear", (4, 2))
    assert game.check(Volley("a_arq", (4, 2))) == "out of range: 4 hexes, range 3"


def test_no_line_of_sight_is_refused():
    game = firing("open_ground", "allied", "a_arq", "a_horse", "j_spear")
    place(game, "a_arq", (3, 4))
    place(game, "j_spear", (6, 4))  # the wood at [4-5, 4] is between
    place(game, "a_horse", (6, 6))  # ...but the horse sees the enemy
    assert [e.id for e in game.view_for("allied").enemies] == ["j_spear"]
    assert game.check(Volley("a_arq", (6, 4))) == "no line of sight to the target"


def test_firing_at_an_empty_or_unseen_hex_is_refused():
    game = firing("open_ground", "allied", "a_arq", "j_spear")
    place(game, "a_arq", (2, 2))
    place(game, "j_spear", (8, 7))
    assert game.check(Volley("a_arq", (3, 2))) == "you see no enemy there"


def test_units_without_missiles_cannot_fire():
    game = firing("walled_town", "allied", "a_spear", "j_gate")
    place(game, "a_spear", (1, 0))
    place(game, "j_gate", (2, 0))
    assert "no missile weapons" in game.check(Volley("a_spear", (2, 0)))


def test_a_unit_fires_once_per_turn():
    game = firing("open_ground", "allied", "a_arq", "j_spear")
    place(game, "a_arq", (2, 2))
    place(game, "j_spear", (3, 2))
    game.apply(Volley("a_arq", (3, 2)))
    assert "already fired" in game.check(Volley("a_arq", (3, 2)))


# --------------------------------------------------------------------------- bombardment


def volleys_to_break(game, unit: str, at: tuple[int, int], side: str, limit: int = 200) -> int:
    """Bombard one edge every fire phase until it breaks; the number of volleys it took."""
    owner = game.unit(unit).side
    for volley in range(1, limit + 1):
        advance(game, owner, "fire")
        events = game.apply(Bombardment(unit, at, side))
        if of_kind(events, GateBroken) or of_kind(events, WallBreached):
            return volley
        game.apply(PhaseEnd())
    raise AssertionError(f"still standing after {limit} volleys")


def test_a_bombarded_gate_breaks_after_a_plausible_number_of_volleys():
    counts = []
    for seed in range(12):
        game = new_game("walled_town", seed)
        only(game, "a_guns", "j_gate")
        counts.append(volleys_to_break(game, "a_guns", (2, 2), "W"))
    mean = statistics.mean(counts)
    print(f"walled_town West Gate: mean {mean:.1f} volleys, {min(counts)}-{max(counts)}")
    assert 3 <= mean <= 30
    assert max(counts) - min(counts) <= 10  # the dice matter, but not wildly


def test_a_broken_gate_cannot_be_bombarded_again_and_opens_the_way():
    game = new_game("walled_town", 3)
    only(game, "a_guns", "j_gate")
    volleys_to_break(game, "a_guns", (2, 2), "W")
    advance(game, "allied", "fire")
    game.apply(PhaseEnd())
    advance(game, "allied", "fire")
    assert game.check(Bombardment("a_guns", (2, 2), "W")) == "that gate is already broken"
    assert "no wall or gate" in game.check(Bombardment("a_guns", (0, 5), "E"))


def _real_battery_before(game, target: str) -> tuple[tuple[int, int], str]:
    """Put the great-general battery just outside a gate of the real scenario; the gate's edge."""
    gate = game.state.map.gates[target]
    place(game, "hq_great_1", gate.outside.offset)
    direction = DIRECTIONS[gate.inside.direction_to(gate.outside)]
    return gate.inside.offset, direction


def test_a_gate_of_the_real_scenario_stands_a_plausible_number_of_volleys():
    """With the shipped numbers, a great-general battery needs several volleys for a gate."""
    counts = []
    for seed in range(8):
        game = new_game(real_scenario(), seed)
        at, side = _real_battery_before(game, "chilseong")
        counts.append(volleys_to_break(game, "hq_great_1", at, side))
    mean = statistics.mean(counts)
    print(f"pyongyang_1593 Chilseong gate vs a great-general battery: mean {mean:.1f} volleys")
    assert 3 <= mean <= 30


def test_a_stone_wall_of_the_real_scenario_is_hard_to_breach():
    """The walls of Pyongyang were climbed, not breached: guns take many volleys over it."""
    game = new_game(real_scenario(), 1)
    gate = game.state.map.gates["chilseong"]
    # the wall edge beside the gate: the gatehouse hex's next edge that is walled but not a gate
    inside = gate.inside
    wall_edges = [
        (d, inside.neighbour(d))
        for d in range(6)
        if (min(inside, inside.neighbour(d)), max(inside, inside.neighbour(d)))
        in game.state.map.walls
        and inside.neighbour(d) != gate.outside
    ]
    assert wall_edges, "the gatehouse has a plain wall edge too"
    d, outside = wall_edges[0]
    place(game, "hq_great_1", outside.offset)
    volleys = volleys_to_break(game, "hq_great_1", inside.offset, DIRECTIONS[d])
    assert volleys >= 10


def test_guns_batter_only_walls_they_can_see():
    game = new_game("walled_town")
    only(game, "a_guns", "j_town")
    place(game, "a_guns", (0, 2))
    advance(game, "allied", "fire")
    # the edge between [3, 0] (outside, north) and [3, 1] (inside): the town lies between
    reason = game.check(Bombardment("a_guns", (3, 0), "SE"))
    assert reason is not None
