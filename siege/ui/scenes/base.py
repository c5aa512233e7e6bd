"""Scenes on a stack: the top one gets input; opaque scenes hide those beneath.

A scene never works the stack itself: its `handle`, `handle_ui`, `update` and `on_quit_request`
return what should happen next (`Push`, `Pop`, `Replace`, `ClearTo`, `Quit`, a list of them to
be done in order, or None), and the app carries it out. So a scene can be driven and checked
without a window, and what a button leads to is read in one return statement.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pygame

if TYPE_CHECKING:
    from siege.ui.app import App


@dataclass(frozen=True)
class Push:
    """Open `scene` over the current one."""

    scene: Scene


@dataclass(frozen=True)
class Pop:
    """Close the top scene; the one beneath resumes."""


@dataclass(frozen=True)
class Replace:
    """Close the top scene and open `scene` in its place."""

    scene: Scene


@dataclass(frozen=True)
class ClearTo:
    """Close every scene and open `scene` alone."""

    scene: Scene


@dataclass(frozen=True)
class Quit:
    """Close the window, the program exiting with `code`."""

    code: int = 0


Transition = Push | Pop | Replace | ClearTo | Quit
Next = Transition | Sequence[Transition] | None


def then(*steps: Next) -> list[Transition]:
    """Several steps in order, flattened (None steps dropped)."""
    out: list[Transition] = []
    for step in steps:
        if step is None:
            continue
        if isinstance(step, (list, tuple)):
            out.extend(then(*step))
        else:
            out.append(step)  # type: ignore[arg-type]
    return out


class Scene:
    opaque = True

    def __init__(self, app: App) -> None:
        self.app = app
        self.ui = app.make_ui()

    # lifecycle
    def on_enter(self) -> None: ...
    def on_exit(self) -> None: ...
    def on_resume(self) -> None: ...

    # per frame: each returns what should happen next
    def handle(self, event: pygame.event.Event) -> Next:
        return None

    def handle_ui(self, event: pygame.event.Event, consumed: bool) -> Next:
        return None

    def update(self, dt: float) -> Next:
        return None

    def draw(self, screen: pygame.Surface) -> None: ...

    def draw_ui(self, screen: pygame.Surface) -> None:
        self.ui.draw_ui(screen)

    def on_quit_request(self) -> Next:
        """The window's close button: by default, close at once."""
        return Quit(0)
