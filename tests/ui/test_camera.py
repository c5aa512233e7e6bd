"""The camera's sums alone (no pygame, no window): zoom keeps the point under the mouse still,
the view never leaves the map, and a screen point maps back to the hex drawn there."""

from __future__ import annotations

import sys

import pytest

from siege.engine.hexes import Hex
from siege.ui.camera import ZOOMS, Camera

VIEW = (0, 40, 980, 760)


def test_the_camera_needs_no_pygame():
    import subprocess

    code = (
        "import sys; import siege.ui.camera; "
        "sys.exit(1 if any(m.startswith('pygame') for m in sys.modules) else 0)"
    )
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0


@pytest.mark.parametrize("size", ZOOMS)
def test_a_screen_point_maps_back_to_the_hex_drawn_there(size):
    cam = Camera(VIEW, (60, 40), size)
    for h in (Hex.from_offset(0, 0), Hex.from_offset(20, 13), Hex.from_offset(59, 39)):
        cam.centre_on(h)
        assert cam.hex_at_screen(*cam.hex_centre_on_screen(h)) == h


def test_zooming_keeps_the_map_point_under_the_mouse_still():
    cam = Camera(VIEW, (60, 40), 18.0)
    cam.centre_on(Hex.from_offset(30, 20))
    mouse = (500, 400)
    under = cam.hex_at_screen(*mouse)
    assert cam.zoom(1, mouse)
    assert cam.size == 24.0
    assert cam.hex_at_screen(*mouse) == under
    assert cam.zoom(-2, mouse) and cam.size == 14.0
    assert cam.hex_at_screen(*mouse) == under


def test_zoom_stops_at_the_last_level():
    cam = Camera(VIEW, (60, 40), ZOOMS[-1])
    assert not cam.zoom(1)
    assert cam.size == ZOOMS[-1]


def test_the_view_never_leaves_a_large_map_and_centres_a_small_one():
    cam = Camera(VIEW, (60, 40), 32.0)
    cam.scroll(-10_000, -10_000)
    assert cam.pos == [0.0, 0.0]
    cam.scroll(10**6, 10**6)
    w, h = cam.map_size
    assert cam.pos == [w - VIEW[2], h - VIEW[3]]
    small = Camera(VIEW, (6, 4), 8.0)
    small.scroll(300, 300)
    sw, sh = small.map_size
    assert small.pos == [-(VIEW[2] - sw) / 2, -(VIEW[3] - sh) / 2]


def test_fit_shows_the_whole_map():
    cam = Camera(VIEW, (60, 40), 18.0)
    cam.fit()
    w, h = cam.map_size
    assert w <= VIEW[2] and h <= VIEW[3]
    x0, y0 = cam.map_to_screen(0, 0)
    x1, y1 = cam.map_to_screen(w, h)
    assert VIEW[0] <= x0 and x1 <= VIEW[0] + VIEW[2]
    assert VIEW[1] <= y0 and y1 <= VIEW[1] + VIEW[3]


def test_off_the_viewport_or_the_map_is_no_hex():
    cam = Camera(VIEW, (60, 40), 18.0)
    assert cam.hex_at_screen(5, 10) is None  # above the viewport (the top bar)
    assert cam.hex_at_screen(990, 400) is None  # right of it (the side panel)
    small = Camera(VIEW, (6, 4), 8.0)
    small.clamp()
    assert small.hex_at_screen(VIEW[0] + 2, VIEW[1] + 2) is None  # the desk around the map


def test_the_minimap_draws_only_inside_its_frame_on_a_small_map(app):
    """A map smaller than the view (the tutorial's): the view's outline used to run out over
    the map and the log."""
    import pygame

    from siege.scenario.validate import load_scenario
    from siege.ui import paths
    from siege.ui.app import tutorial_battle

    battle = tutorial_battle(app, load_scenario(paths.TUTORIAL_SCENARIO))
    sheet = pygame.Surface(app.size)
    sheet.fill((0, 0, 0))
    battle.minimap.draw(sheet)
    inside = battle.minimap.rect
    mask = pygame.mask.from_threshold(sheet, (0, 0, 0), (1, 1, 1, 255))
    mask.invert()  # every pixel drawn
    drawn = mask.get_bounding_rects()
    assert drawn and all(inside.contains(r) for r in drawn)
