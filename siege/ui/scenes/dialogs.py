"""Small overlay scenes: a yes/no confirmation and the in-battle game menu."""

from __future__ import annotations

from collections.abc import Callable

import pygame
import pygame_gui

from siege.ui import fonts
from siege.ui import palette as P
from siege.ui.scenes.base import ClearTo, Next, Pop, Push, Quit, Scene, then

AUTOSAVE_NOTE = "The battle is saved by itself at the start of every side's turn (the autosave)."


def dim_screen(screen: pygame.Surface, alpha: int = 150) -> None:
    shade = pygame.Surface(screen.get_size(), pygame.SRCALPHA)
    shade.fill((16, 12, 8, alpha))
    screen.blit(shade, (0, 0))


class Confirm(Scene):
    """A question with buttons; each closes the question and runs its callback (None just
    closes), which returns what should happen next."""

    opaque = False

    def __init__(
        self, app, title: str, text: str, choices: list[tuple[str, Callable[[], Next] | None]]
    ) -> None:
        super().__init__(app)
        self.title = title
        w, h = app.size
        self.box = pygame.Rect(0, 0, 460, 200)
        self.box.center = (w // 2, h // 2)
        self.text = pygame_gui.elements.UITextBox(
            text, pygame.Rect(self.box.x + 16, self.box.y + 52, self.box.w - 32, 80), self.ui
        )
        self.buttons = {}
        bw = (self.box.w - 32 - 8 * (len(choices) - 1)) // len(choices)
        for i, (label, fn) in enumerate(choices):
            b = pygame_gui.elements.UIButton(
                pygame.Rect(self.box.x + 16 + i * (bw + 8), self.box.bottom - 50, bw, 34),
                label,
                self.ui,
                object_id="#primary" if i == 0 else None,
            )
            self.buttons[b] = fn

    def handle_ui(self, event, consumed) -> Next:
        if event.type == pygame_gui.UI_BUTTON_PRESSED and event.ui_element in self.buttons:
            fn = self.buttons[event.ui_element]
            return then(Pop(), fn() if fn is not None else None)
        return None

    def handle(self, event) -> Next:
        if event.type == pygame.KEYDOWN and event.key == pygame.K_ESCAPE:
            return Pop()
        return None

    def on_quit_request(self) -> Next:
        return Quit(0)

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
        items = [
            ("resume", "Resume"),
            ("save", "Save game  (Ctrl+S)"),
            ("load", "Load game"),
            ("options", "Options"),
            ("help", "Help  (F1)"),
            ("menu", "Quit to main menu"),
            ("quit", "Quit the game"),
        ]
        self.box = pygame.Rect(0, 0, 300, 70 + 44 * len(items))
        self.box.center = (w // 2, h // 2)
        self.buttons = {}
        for i, (key, label) in enumerate(items):
            b = pygame_gui.elements.UIButton(
                pygame.Rect(self.box.x + 30, self.box.y + 60 + i * 44, 240, 36),
                label,
                self.ui,
                object_id="#primary" if key == "resume" else None,
            )
            self.buttons[b] = key

    def handle_ui(self, event, consumed) -> Next:
        if event.type != pygame_gui.UI_BUTTON_PRESSED or event.ui_element not in self.buttons:
            return None
        key = self.buttons[event.ui_element]
        app = self.app
        if key == "save":
            self.battle.save()
        elif key == "load":
            from siege.ui.scenes.menu import LoadList

            return then(Pop(), Push(LoadList(app)))
        elif key == "options":
            from siege.ui.scenes.options import Options

            return then(Pop(), Push(Options(app, self.battle)))
        elif key == "help":
            from siege.ui.scenes.help import Help

            return then(Pop(), Push(Help(app)))
        elif key == "menu":
            leave = Confirm(
                app,
                "Leave the battle?",
                f"{AUTOSAVE_NOTE} Load it from the main menu to go on.",
                [("Leave", self._to_menu), ("Stay", None)],
            )
            return then(Pop(), Push(leave))
        elif key == "quit":
            return then(Pop(), self.battle.on_quit_request())
        return Pop()  # resume, or saved

    def _to_menu(self) -> Next:
        from siege.ui.scenes.menu import MainMenu

        return ClearTo(MainMenu(self.app))

    def handle(self, event) -> Next:
        if event.type == pygame.KEYDOWN and event.key == pygame.K_ESCAPE:
            return Pop()
        return None

    def on_quit_request(self) -> Next:
        return then(Pop(), self.battle.on_quit_request())

    def draw(self, screen) -> None:
        dim_screen(screen, 120)
        pygame.draw.rect(screen, P.UI_PANEL, self.box, border_radius=6)
        pygame.draw.rect(screen, P.UI_ACCENT, self.box, 2, border_radius=6)
        t = fonts.title(26).render("Siege", True, P.UI_ACCENT)
        screen.blit(t, t.get_rect(midtop=(self.box.centerx, self.box.y + 12)))


class EndTurnWarning(Scene):
    """End turn while units could still act: say how many, offer to go back to them, and let
    the player turn the question off for good (kept in the settings)."""

    opaque = False

    def __init__(self, app, battle, idle: list) -> None:
        super().__init__(app)
        self.battle = battle
        self.idle = idle
        w, h = app.size
        self.box = pygame.Rect(0, 0, 480, 210)
        self.box.center = (w // 2, h // 2)
        phase = battle.seat.phase
        verb = "fired at the enemy in reach" if phase == "fire" else "moved"
        names = ", ".join(u.name for u in idle[:3]) + (", …" if len(idle) > 3 else "")
        self.text = pygame_gui.elements.UITextBox(
            f"<b>{len(idle)} of your units</b> have not {verb} this turn: {names}",
            pygame.Rect(self.box.x + 16, self.box.y + 50, self.box.w - 32, 74),
            self.ui,
        )
        self.never = pygame_gui.elements.UICheckBox(
            pygame.Rect(self.box.x + 16, self.box.y + 128, 20, 20), "Don't ask again", self.ui
        )
        bw = (self.box.w - 40) // 2
        self.end = pygame_gui.elements.UIButton(
            pygame.Rect(self.box.x + 16, self.box.bottom - 48, bw, 34),
            "End the turn",
            self.ui,
            object_id="#primary",
        )
        self.back = pygame_gui.elements.UIButton(
            pygame.Rect(self.box.right - 16 - bw, self.box.bottom - 48, bw, 34),
            "Show me the first (Tab)",
            self.ui,
        )

    def _keep_choice(self) -> None:
        if self.never.is_checked:
            self.app.settings.confirm_end_turn = False
            self.app.settings.save()

    def _end_turn(self) -> Next:
        self._keep_choice()
        return then(Pop(), self.battle.end_turn(confirmed=True))

    def handle_ui(self, event, consumed) -> Next:
        if event.type != pygame_gui.UI_BUTTON_PRESSED:
            return None
        if event.ui_element is self.end:
            return self._end_turn()
        if event.ui_element is self.back:
            self._keep_choice()
            self.battle.select_unit(self.idle[0].id)
            return Pop()
        return None

    def handle(self, event) -> Next:
        if event.type == pygame.KEYDOWN:
            if event.key == pygame.K_ESCAPE:
                return Pop()
            if event.key in (pygame.K_RETURN, pygame.K_t):
                return self._end_turn()
        return None

    def on_quit_request(self) -> Next:
        return then(Pop(), self.battle.on_quit_request())

    def draw(self, screen) -> None:
        dim_screen(screen, 110)
        pygame.draw.rect(screen, P.UI_PANEL, self.box, border_radius=6)
        pygame.draw.rect(screen, P.UI_ACCENT, self.box, 2, border_radius=6)
        t = fonts.title(24).render("End the turn?", True, P.UI_ACCENT)
        screen.blit(t, (self.box.x + 16, self.box.y + 12))
