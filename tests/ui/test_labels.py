"""The game's own labels (gates, works, objectives, exits): an author moves or hides each one in
the scenario file, the map and the preview follow it, and the shipped battles draw no name twice."""

from __future__ import annotations

from pathlib import Path

import pygame
import pytest

from siege.engine.map import build_map
from siege.scenario.validate import load_scenario, load_scenario_text
from siege.ui.layout import Layout
from siege.ui.render.labels import draw_entry_names
from siege.ui.render.terrain import TerrainPainter
from tests.scenario.test_validator import edit, problems_in

from .conftest import MINIMAL, REPO

SHIPPED = sorted((REPO / "scenarios").glob("*.yaml"))
NORTH_EXIT = "      hexes: [[10, 0], [11, 0]]\n      sides: [japan]\n"
FORT_WORK = "      hexes: [[3, 3]]\n      cover: 0.1\n"


@pytest.fixture
def text() -> str:
    return MINIMAL.read_text(encoding="utf-8")


def with_label(text: str, label: str, after: str = NORTH_EXIT) -> str:
    return edit(text, (after, after + f"      label: {label}\n"))


def exit_name(app, scenario, size: float = 18.0) -> pygame.Rect | None:
    painter = TerrainPainter(scenario, build_map(scenario))
    painter.paint(Layout(size))
    return painter.exit_name_rects.get("north_exit")


def preview_names(app, scenario, size: float = 18.0) -> dict:
    layout = Layout(size)
    screen = pygame.Surface(layout.map_pixel_size(scenario.map.width, scenario.map.height))
    return draw_entry_names(screen, layout, lambda x, y: (x, y), scenario)


def test_an_exit_name_moves_by_the_offset_in_hexes(app, text):
    layout = Layout(18.0)
    before = exit_name(app, load_scenario_text(text))
    after = exit_name(app, load_scenario_text(with_label(text, "{offset: [-2, 1.5]}")))
    assert before is not None and after is not None
    assert after.centerx - before.centerx == pytest.approx(-2 * layout.hex_width, abs=1)
    assert after.centery - before.centery == pytest.approx(1.5 * 1.5 * layout.size, abs=1)


def test_an_exit_name_goes_to_the_hex_named(app, text):
    moved = exit_name(app, load_scenario_text(with_label(text, "{at: [5, 4]}")))
    assert moved is not None
    x, y = Layout(18.0).centre_of(5, 4)
    assert moved.center == pytest.approx((x, y), abs=1)


def test_a_hidden_exit_name_is_not_drawn_on_the_map_or_the_preview(app, text):
    shown = load_scenario_text(text)
    hidden = load_scenario_text(with_label(text, "{hide: true}"))
    assert exit_name(app, shown) is not None and exit_name(app, hidden) is None
    # a map too small to name its exits leaves it to the preview, which obeys `hide` too
    assert ("exit", "north_exit") in preview_names(app, shown, size=8.0)
    assert ("exit", "north_exit") not in preview_names(app, hidden, size=8.0)
    assert ("exit", "south_exit") in preview_names(app, hidden, size=8.0)


def test_a_work_name_in_the_preview_moves_and_hides(app, text):
    """The game puts a work's name just under its hexes, nudged down off the names already
    drawn; one the author moved stays exactly where it was put."""
    layout = Layout(18.0)
    x, y = layout.centre_of(3, 3)
    moved = load_scenario_text(with_label(text, "{offset: [0.5, -1]}", after=FORT_WORK))
    after = preview_names(app, moved)[("work", "fort_shields")]
    expected = (x + 0.5 * layout.hex_width, y + 14 - 1.5 * layout.size)
    assert after.center == pytest.approx(expected, abs=1)
    gone = load_scenario_text(with_label(text, "{hide: true}", after=FORT_WORK))
    assert ("work", "fort_shields") not in preview_names(app, gone)


def test_a_label_moved_off_the_map_is_a_problem_at_its_key(text):
    problems = problems_in(with_label(text, "{at: [40, 4]}"))
    assert len(problems) == 1
    assert "map.exits[0].label.at" in problems[0].message or "off the map" in problems[0].message
    assert problems[0].line == text[: text.index(NORTH_EXIT)].count("\n") + 3


def test_hidden_and_moved_at_once_is_refused_with_the_reason(text):
    problems = problems_in(with_label(text, "{hide: true, offset: [1, 0]}"))
    assert len(problems) == 1 and "a hidden label is not drawn" in problems[0].message


def test_a_label_saves_keep_their_hash_when_it_moves(text):
    from siege.save import scenario_hash

    moved = load_scenario_text(with_label(text, "{offset: [1, 1]}"))
    assert scenario_hash(moved) == scenario_hash(load_scenario_text(text))


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_shipped_battles_draw_no_name_twice_and_no_two_place_names_overlap(app, path: Path):
    """On the map at the middle zoom: an exit the author names with a place label has the
    game's name for it hidden ("to Sunan" once), and no two place names overlap (the Daedong
    work and the Daedong gate)."""
    scenario = load_scenario(path)
    painter = TerrainPainter(scenario, build_map(scenario))
    painter.paint(Layout(18.0))
    texts = [lab.text.lower() for lab in scenario.map.labels]
    names = [ex.name.lower() for ex in scenario.map.exits if ex.id in painter.exit_name_rects]
    assert not set(names) & set(texts)
    rects = painter.label_rects + list(painter.exit_name_rects.values())
    overlaps = [
        (i, j)
        for i, a in enumerate(rects)
        for j, b in enumerate(rects)
        if i < j and a.colliderect(b)
    ]
    assert not overlaps, [scenario.map.labels[i].text for i, _ in overlaps[:3]]
