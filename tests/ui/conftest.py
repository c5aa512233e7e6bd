"""Headless UI tests: the dummy SDL drivers are chosen before pygame is imported, and every test
gets its own player folder (SIEGE_DATA_DIR) so saves and settings never touch the real one."""

from __future__ import annotations

import os

os.environ["SDL_VIDEODRIVER"] = "dummy"
os.environ["SDL_AUDIODRIVER"] = "dummy"
os.environ["PYGAME_HIDE_SUPPORT_PROMPT"] = "1"

from pathlib import Path  # noqa: E402

import pygame  # noqa: E402
import pytest  # noqa: E402

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
MINIMAL = REPO / "scenarios" / "examples" / "minimal.yaml"
BIG = HERE / "data" / "big_siege.yaml"


@pytest.fixture(autouse=True)
def data_dir(tmp_path, monkeypatch):
    folder = tmp_path / "siege-data"
    monkeypatch.setenv("SIEGE_DATA_DIR", str(folder))
    return folder


@pytest.fixture(scope="session")
def minimal_scenario():
    from siege.scenario.validate import load_scenario

    return load_scenario(MINIMAL)


@pytest.fixture(scope="session")
def big_scenario():
    from siege.scenario.validate import load_scenario

    return load_scenario(BIG)


@pytest.fixture
def app():
    from siege.ui.app import App
    from siege.ui.settings import Settings

    a = App(
        settings=Settings(
            animation="instant", confirm_end_turn=False, brief_at_start=False, show_recap=False
        ),
        size=(1280, 800),
        headless=True,
    )
    yield a
    while a.stack:
        a.stack.pop().on_exit()


def step(app, frames: int = 1) -> None:
    for _ in range(frames):
        app.step(0.02)


def post(event_type, **attrs) -> None:
    pygame.event.post(pygame.event.Event(event_type, **attrs))


def click(app, pos, button: int = 1) -> None:
    """A real click: move there, press, release, then one frame to handle it."""
    post(pygame.MOUSEMOTION, pos=pos, rel=(0, 0), buttons=(0, 0, 0))
    post(pygame.MOUSEBUTTONDOWN, pos=pos, button=button)
    post(pygame.MOUSEBUTTONUP, pos=pos, button=button)
    step(app)


def hover(app, pos) -> None:
    post(pygame.MOUSEMOTION, pos=pos, rel=(1, 1), buttons=(0, 0, 0))
    step(app)


def key(app, k, mod: int = 0) -> None:
    post(pygame.KEYDOWN, key=k, mod=mod, unicode="", scancode=0)
    post(pygame.KEYUP, key=k, mod=mod, unicode="", scancode=0)
    step(app)


def run_until(app, condition, frames: int = 2000) -> bool:
    for _ in range(frames):
        if condition():
            return True
        app.step(0.05)
    return condition()
