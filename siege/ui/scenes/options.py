"""Options from the game menu in battle: animation speed, sound volume and mute, the fog of war
(applied to the open battle at once), the End-turn warning, the briefing and recap dialogs.
Each is kept the moment it changes."""

from __future__ import annotations

import pygame
import pygame_gui

from siege.ui import fonts
from siege.ui import palette as P
from siege.ui.scenes.base import Next, Pop, Quit, Replace, Scene, then
from siege.ui.scenes.dialogs import dim_screen
from siege.ui.settings import ANIMATION_SPEEDS, UI_SCALES, scale_label, scale_of

TOGGLES = (
    ("fog_of_war", "Fog of war"),
    ("confirm_end_turn", "Warn on End turn while units could still act"),
    ("brief_at_start", "Show the objectives at each side's first turn"),
    ("show_recap", "Sum up the computer's turn when it is over"),
    ("mute", "Mute the sound"),
)


class Options(Scene):
    opaque = False

    def __init__(self, app, battle=None) -> None:
        super().__init__(app)
        self.battle = battle
        st = app.settings
        w, h = app.size
        self.box = pygame.Rect(0, 0, 520, 192 + 40 * len(TOGGLES) + 60)
        self.box.center = (w // 2, h // 2)
        x, y = self.box.x + 20, self.box.y + 60
        self.anim = pygame_gui.elements.UIDropDownMenu(
            list(ANIMATION_SPEEDS), st.animation, pygame.Rect(x + 200, y, 200, 30), self.ui
        )
        y += 42
        self.volume = pygame_gui.elements.UIHorizontalSlider(
            pygame.Rect(x + 200, y, 200, 26), float(st.volume), (0.0, 100.0), self.ui
        )
        y += 42
        self.scale = pygame_gui.elements.UIDropDownMenu(
            [scale_label(p) for p in UI_SCALES],
            scale_label(st.ui_scale),
            pygame.Rect(x + 200, y, 200, 30),
            self.ui,
        )
        y += 42
        self.toggles = {}
        for name, label in TOGGLES:
            box = pygame_gui.elements.UICheckBox(
                pygame.Rect(x, y, 22, 22), label, self.ui, initial_state=bool(getattr(st, name))
            )
            self.toggles[box] = name
            y += 40
        self.close = pygame_gui.elements.UIButton(
            pygame.Rect(self.box.right - 180, self.box.bottom - 52, 160, 36),
            "Done",
            self.ui,
            object_id="#primary",
        )

    def set_option(self, name: str, value) -> None:
        """Change one option and keep it; the fog applies to the open battle at once."""
        st = self.app.settings
        setattr(st, name, value)
        st.save()
        if name == "fog_of_war" and self.battle is not None:
            self.battle.set_fog(bool(value))

    def handle_ui(self, event, consumed) -> Next:
        t = event.type
        if (
            t in (pygame_gui.UI_CHECK_BOX_CHECKED, pygame_gui.UI_CHECK_BOX_UNCHECKED)
            and event.ui_element in self.toggles
        ):
            self.set_option(self.toggles[event.ui_element], t == pygame_gui.UI_CHECK_BOX_CHECKED)
        elif t == pygame_gui.UI_DROP_DOWN_MENU_CHANGED and event.ui_element is self.anim:
            choice = self.anim.selected_option
            self.set_option("animation", choice[0] if isinstance(choice, tuple) else choice)
        elif t == pygame_gui.UI_DROP_DOWN_MENU_CHANGED and event.ui_element is self.scale:
            self.set_option("ui_scale", scale_of(self.scale.selected_option))
            return self.rescaled()
        elif t == pygame_gui.UI_HORIZONTAL_SLIDER_MOVED and event.ui_element is self.volume:
            self.set_option("volume", int(round(self.volume.get_current_value())))
            self.app.sound.play("volley")  # hear the new level
        elif t == pygame_gui.UI_BUTTON_PRESSED and event.ui_element is self.close:
            return Pop()
        return None

    def rescaled(self) -> Next:
        """The window reopened at the new scale and the battle laid out again for it."""
        app = self.app
        if app.scale == app.scale_for(app.settings.ui_scale):
            return None
        full = bool(app.window.get_flags() & pygame.FULLSCREEN)
        app.set_window(app.window.get_size(), full)
        if self.battle is None:
            return Pop()
        return then(Pop(), Replace(self.battle.rebuilt()))

    def handle(self, event) -> Next:
        if event.type == pygame.KEYDOWN and event.key == pygame.K_ESCAPE:
            return Pop()
        return None

    def on_quit_request(self) -> Next:
        return then(Pop(), self.battle.on_quit_request() if self.battle is not None else Quit(0))

    def draw(self, screen) -> None:
        dim_screen(screen, 120)
        pygame.draw.rect(screen, P.UI_PANEL, self.box, border_radius=6)
        pygame.draw.rect(screen, P.UI_ACCENT, self.box, 2, border_radius=6)
        screen.blit(
            fonts.title(26).render("Options", True, P.UI_ACCENT), (self.box.x + 20, self.box.y + 12)
        )
        screen.blit(
            fonts.ui(14).render("Animation speed", True, P.UI_TEXT),
            (self.box.x + 20, self.box.y + 66),
        )
        screen.blit(
            fonts.ui(14).render(f"Volume  {self.app.settings.volume}%", True, P.UI_TEXT),
            (self.box.x + 20, self.box.y + 106),
        )
        screen.blit(
            fonts.ui(14).render("Interface scale", True, P.UI_TEXT),
            (self.box.x + 20, self.box.y + 148),
        )
