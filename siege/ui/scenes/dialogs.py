"""Small overlay scenes: a yes/no confirmation and the in-battle game menu."""

from __future__ import annotations

from typing import Callable

import pygame
import pygame_gui

from siege.ui import fonts
from siege.ui import palette as P
from siege.ui.scenes.base import Scene


def dim_screen(screen: pygame.Surface, alpha: int = 150) -> None:
    shade = pygame.Surface(screen.get_size(), pygame.SRCALPHA)
    shade.fill((16, 12, 8, alpha))
    screen.blit(shade, (0, 0))


class Confirm(Scene):
    """A question with buttons; each button runs its callback (None just closes)."""

    opaque = False

    def __init__(self, app, title: str, text: str,
                 choices: list[tuple[str, Callable[[], None] | None]]) -> None:
        super().__init__(app)
        self.title = title
        w, h = app.size
        self.box = pygame.Rect(0, 0, 460, 200)
        self.box.center = (w // 2, h // 2)
        self.text = pygame_gui.elements.UITextBox(
            text, pygame.Rect(self.box.x + 16, self.box.y + 52, self.box.w - 32, 80), self.ui)
        self.buttons = {}
        bw = (self.box.w - 32 - 8 * (len(choices) - 1)) // len(choices)
        for i, (label, fn) in enumerate(choices):
            b = pygame_gui.elements.UIButton(
                pygame.Rect(self.box.x + 16 + i * (bw + 8), self.box.bottom - 50, bw, 34), label,
                self.ui, object_id="#primary" if i == 0 else None)
            self.buttons[b] = fn

    def handle_ui(self, event, consumed) -> None:
        if event.type == pygame_gui.UI_BUTTON_PRESSED and event.ui_element in self.buttons:
            fn = self.buttons[event.ui_element]
            self.app.pop()
            if fn is not None:
                fn()

    def handle(self, event) -> None:
        if event.type == pygame.KEYDOWN and event.key == pygame.K_ESCAPE:
            self.app.pop()

    def on_quit_request(self) -> None:
        self.app.quit(0)

    def draw(self, screen) -> None:
        dim_screen(screen)
        pygame.draw.rect(screen, P.UI_PANEL, self.box, border_radius=6)
        pygame.draw.rect(screen, P.UI_ACCENT, self.box, 2, border_radius=6)
        t = fonts.title(24).render(self.title, True, P.UI_ACCENT)
        screen.blit(t, (self.box.x + 16, self.box.y + 12))


class GameMenu(Scene):
    """Esc in battle: resume, save, load, help, quit to the menu, quit the game."""

    opaque = False

    def __init__(self, app, battle) -> None:
        super().__init__(app)
        self.battle = battle
        w, h = app.size
        items = [("resume", "Resume"), ("save", "Save game  (Ctrl+S)"), ("load", "Load game"),
                 ("help", "Help  (F1)"), ("menu", "Quit to main menu"), ("quit", "Quit the game")]
        self.box = pygame.Rect(0, 0, 300, 70 + 44 * len(items))
        self.box.center = (w // 2, h // 2)
        self.buttons = {}
        for i, (key, label) in enumerate(items):
            b = pygame_gui.elements.UIButton(
                pygame.Rect(self.box.x + 30, self.box.y + 60 + i * 44, 240, 36), label, self.ui,
                object_id="#primary" if key == "resume" else None)
            self.buttons[b] = key

    def handle_ui(self, event, consumed) -> None:
        if event.type != pygame_gui.UI_BUTTON_PRESSED or event.ui_element not in self.buttons:
            return
        key = self.buttons[event.ui_element]
        app = self.app
        if key == "resume":
            app.pop()
        elif key == "save":
            app.pop()
            self.battle.save()
        elif key == "load":
            from siege.ui.scenes.menu import LoadList

            app.pop()
            app.push(LoadList(app))
        elif key == "help":
            from siege.ui.scenes.help import Help

            app.pop()
            app.push(Help(app))
        elif key == "menu":
            app.pop()
            app.push(Confirm(app, "Leave the battle?",
                             "It was autosaved at the start of this player-turn; you can resume "
                             "it from the main menu.", [("Leave", self._to_menu), ("Stay", None)]))
        elif key == "quit":
            app.pop()
            self.battle.on_quit_request()

    def _to_menu(self) -> None:
        from siege.ui.scenes.menu import MainMenu

        self.app.clear_to(MainMenu(self.app))

    def handle(self, event) -> None:
        if event.type == pygame.KEYDOWN and event.key == pygame.K_ESCAPE:
            self.app.pop()

    def on_quit_request(self) -> None:
        self.app.pop()
        self.battle.on_quit_request()

    def draw(self, screen) -> None:
        dim_screen(screen, 120)
        pygame.draw.rect(screen, P.UI_PANEL, self.box, border_radius=6)
        pygame.draw.rect(screen, P.UI_ACCENT, self.box, 2, border_radius=6)
        t = fonts.title(26).render("Siege", True, P.UI_ACCENT)
        screen.blit(t, t.get_rect(midtop=(self.box.centerx, self.box.y + 12)))
