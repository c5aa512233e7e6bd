"""The window does not load OpenGL only to choose how to show its picture: SDL on Linux would
open a hidden OpenGL window for that, which keeps Mesa and LLVM in memory for the whole game
(peak memory of a full game under Xvfb: 268 MB with it, 167 MB without)."""

from __future__ import annotations

import os

from siege.ui.app import _ensure_video_driver


def test_the_window_asks_sdl_for_its_plain_framebuffer(monkeypatch) -> None:
    monkeypatch.delenv("SDL_FRAMEBUFFER_ACCELERATION", raising=False)
    _ensure_video_driver(headless=False)
    assert os.environ["SDL_FRAMEBUFFER_ACCELERATION"] == "0"


def test_a_players_own_choice_is_kept(monkeypatch) -> None:
    monkeypatch.setenv("SDL_FRAMEBUFFER_ACCELERATION", "opengl")
    _ensure_video_driver(headless=False)
    assert os.environ["SDL_FRAMEBUFFER_ACCELERATION"] == "opengl"


def test_zooming_keeps_the_painted_maps_within_their_budget(app, minimal_scenario, monkeypatch):
    """Zoom in to the closest level and back out: the maps kept for zooming back stay within
    the budget (the one on screen always kept), and going back to a level still kept shows it
    without painting it again."""
    from siege.ui.render import board as board_module
    from siege.ui.scenes.battle import Battle
    from siege.ui.session import Session

    from .conftest import MINIMAL, step

    battle = Battle(app, Session.new(minimal_scenario, MINIMAL, "hotseat", None, seed=5))
    app.push(battle)
    step(app)
    board = battle.board
    sizes = {
        z: board_module.Layout(z).map_pixel_size(board.map.width, board.map.height)
        for z in board_module.ZOOMS
    }
    closest = sizes[board_module.ZOOMS[-1]]
    budget = closest[0] * closest[1] * 4 * 2  # room for the closest map and a little more
    monkeypatch.setattr(board_module, "STATIC_BUDGET_BYTES", budget, raising=False)
    for z in board_module.ZOOMS:
        board.set_zoom(z)
        board.static(False)
        kept = sum(s.get_pitch() * s.get_height() for s in board._static.values())
        assert kept <= budget or len(board._static) == 1
        assert (z, False) in board._static
    assert len(board._static) < len(board_module.ZOOMS)  # the budget did drop some
    before = board._static[(board_module.ZOOMS[-2], False)]
    board.set_zoom(board_module.ZOOMS[-2])
    assert board.static(False) is before  # still kept: not painted again
