"""Scenes on a stack: the top one gets input; opaque scenes hide those beneath."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pygame

if TYPE_CHECKING:
    from siege.ui.app import App


class Scene:
    opaque = True

    def __init__(self, app: App) -> None:
        self.app = app
        self.ui = app.make_ui()

    # lifecycle
    def on_enter(self) -> None: ...
    def on_exit(self) -> None: ...
    def on_resume(self) -> None: ...

    # per frame
    def handle(self, event: pygame.event.Event) -> None: ...
    def update(self, dt: float) -> None: ...
    def draw(self, screen: pygame.Surface) -> None: ...

    def draw_ui(self, screen: pygame.Surface) -> None:
        self.ui.draw_ui(screen)

    def on_quit_request(self) -> None:
        """The window's close button: by default, close at once."""
        self.app.quit(0)
