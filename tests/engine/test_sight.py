"""Sight and fog of war: what each side's view shows."""

from __future__ import annotations

import gc

from kit import DATA, advance, new_game, only, place

from siege.engine.game import Game
from siege.engine.view import line_of_sight
from siege.scenario.build import new_game as build_game
from siege.scenario.validate import load_scenario_text


def enemy_ids(game: Game, side: str) -> list[str]:
    return sorted(e.id for e in game.view_for(side).enemies)


def test_by_day_the_open_field_is_seen_from_afar():
    game = new_game("open_ground")
    only(game, "a_arq", "j_arq")
    place(game, "a_arq", (0, 0))
    place(game, "j_arq", (9, 0))
    assert enemy_ids(game, "allied") == ["j_arq"]
    assert enemy_ids(game, "japan") == ["a_arq"]


def test_a_wood_hides_what_is_behind_it():
    game = new_game("open_ground")
    only(game, "a_arq", "j_arq")
    place(game, "a_arq", (2, 4))
    place(game, "j_arq", (7, 4))  # the wood at [4-5, 3-4] stands between
    assert enemy_ids(game, "allied") == []
    place(game, "j_arq", (7, 6))  # out from behind it
    assert enemy_ids(game, "allied") == ["j_arq"]


def test_at_night_sight_shrinks_to_a_couple_of_hexes():
    game = new_game("open_ground")
    only(game, "a_arq", "j_arq")
    advance(game, "allied", "command", turn=3)  # 17:00, after sunset
    assert game.state.is_night()
    place(game, "a_arq", (0, 0))
    place(game, "j_arq", (5, 0))
    assert enemy_ids(game, "allied") == []
    place(game, "j_arq", (2, 0))  # rules.sight_night = 2
    assert enemy_ids(game, "allied") == ["j_arq"]


def test_scouts_count_the_enemy_to_the_nearest_hundred():
    game = new_game("open_ground")
    only(game, "a_arq", "j_arq")
    place(game, "j_arq", (5, 2), strength=1234)
    [seen] = game.view_for("allied").enemies
    assert seen.strength == 1200
    assert game.view_for("japan").own[0].strength == 1234


def _variant_with_a_wooded_ridge() -> str:
    """open_ground with a wood down column 3: the allies' view is cut in two."""
    text = (DATA / "open_ground.yaml").read_text(encoding="utf-8")
    rows = [
        "..........",
        "..........",
        "..........",
        "....ww....",
        "....ww....",
        "..........",
        ".^........",
        "..........",
    ]
    block = "\n".join("    " + r for r in rows)
    assert block in text
    ridge = "\n".join("    " + r[:3] + "w" + r[4:] for r in rows)
    return text.replace(block, ridge).replace("id: test_open_ground", "id: test_wooded_ridge")


def _short_sighted(text: str) -> str:
    """Sight 4 hexes by day: the same test, computed faster."""
    assert "rules:\n" in text
    return text.replace("rules:\n", "rules:\n  sight_day: 4\n")


def test_sight_lines_belong_to_their_own_map():
    """Loading one scenario after another (menu -> battle -> menu -> another battle) must not
    give the second battle the first one's sight lines. (A regression test: sight lines were
    once cached by id(map), and a map built at a freed map's address inherited its lines.)"""
    plain = load_scenario_text(_short_sighted((DATA / "open_ground.yaml").read_text("utf-8")))
    ridge = load_scenario_text(_short_sighted(_variant_with_a_wooded_ridge()))
    expected = {}
    for sc in (plain, ridge):
        # worked out without the cache: every allied unit's line of sight, hex by hex
        g = build_game(sc, 1)
        m = g.state.map
        watchers = [u.hex for u in g.state.units.values() if u.side == "allied" and u.on_map]
        expected[sc.meta.id] = {
            h
            for w in watchers
            for h in w.within(sc.rules.sight_day)
            if m.on_map(h) and line_of_sight(m, w, h)
        }
        del g, m
    assert expected["test_open_ground"] != expected["test_wooded_ridge"]
    owner: dict[int, str] = {}
    reused = 0
    for _ in range(40):
        for sc in (plain, ridge):
            game = build_game(sc, 1)
            key = id(game.state.map)
            reused += owner.get(key, sc.meta.id) != sc.meta.id
            owner[key] = sc.meta.id
            assert game.view_for("allied").visible == expected[sc.meta.id], (
                f"{sc.meta.id} was given another map's sight lines"
            )
            del game
            gc.collect(1)
    print(f"{reused} maps were built at a freed map's address")


def test_sight_worked_out_all_at_once_matches_each_line_on_the_shipped_ground():
    """The sight cache is filled by array arithmetic over every line from a hex at once; it
    must agree, hex for hex, with the plain definition (`line_of_sight`), over Moranbong, the
    walls and the city's roofs, by day and by night."""
    from pathlib import Path

    from siege.engine.map import build_map
    from siege.engine.view import visible_from
    from siege.scenario.validate import load_scenario

    root = Path(__file__).resolve().parents[2]
    m = build_map(load_scenario(root / "scenarios" / "pyongyang_1593.yaml"))
    checked = 0
    for origin in m.hexes[::23]:
        for radius in (2, 10):
            expected = {
                h for h in origin.within(radius) if m.on_map(h) and line_of_sight(m, origin, h)
            }
            assert visible_from(m, origin, radius) == expected, (origin.offset, radius)
            checked += 1
    assert checked == 2 * len(m.hexes[::23])


def test_a_line_is_the_same_wherever_it_is_drawn():
    """Lines along a hex edge fall to the same side anywhere on the map (sight from a hex does
    not depend on where on the map the hex lies)."""
    from hypothesis import given
    from hypothesis import strategies as st

    from siege.engine.hexes import Hex

    @given(st.integers(-40, 40), st.integers(-40, 40), st.integers(-12, 12), st.integers(-12, 12))
    def same(q, r, dq, dr):
        line = Hex(0, 0).line_to(Hex(dq, dr))
        moved = Hex(q, r).line_to(Hex(q + dq, r + dr))
        assert moved == tuple(Hex(h.q + q, h.r + r) for h in line)

    same()
