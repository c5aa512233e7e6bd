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
