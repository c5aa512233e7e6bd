"""Hot-seat handover: the board is hidden until the next player is at the screen."""

from __future__ import annotations

import pygame
import pygame_gui

from siege.engine.events import PhaseBegan
from siege.ui import fonts
from siege.ui import palette as P
from siege.ui.scenes.base import Next, Pop, Scene
from siege.ui.scenes.battle.animator import ANIMATED


class Handover(Scene):
    opaque = True  # nothing of the board may show through

    def __init__(self, app, battle, side: str, seen: list) -> None:
        super().__init__(app)
        self.battle = battle
        self.side = side
        self.seen = [r for r in seen if not isinstance(r.event, PhaseBegan)]
        self.name = battle.session.side_name(side)
        w, h = app.size
        self.colour = P.hex_to_rgb(
            next(s.colour for s in battle.session.scenario.sides if s.id == side)
        )
        self.ready = pygame_gui.elements.UIButton(
            pygame.Rect(w // 2 - 150, h // 2 + 70, 300, 44),
            "I am ready",
            self.ui,
            object_id="#primary",
        )
        movable = [r for r in self.seen if isinstance(r.event, ANIMATED)]
        self.replay = None
        if movable:
            self.replay = pygame_gui.elements.UIButton(
                pygame.Rect(w // 2 - 150, h // 2 + 124, 300, 36),
                f"Ready, and replay what we saw ({len(movable)})",
                self.ui,
                tool_tip_text="watch the enemy's moves your units could see",
            )
        self.movable = movable

    def handle_ui(self, event, consumed) -> Next:
        if event.type == pygame_gui.UI_BUTTON_PRESSED:
            if event.ui_element is self.ready:
                return Pop()
            if event.ui_element is self.replay:
                self.battle.start_replay(self.movable)
                return Pop()
        return None

    def handle(self, event) -> Next:
        clicked = event.type == pygame.MOUSEBUTTONUP and event.button == 1
        pressed = event.type == pygame.KEYDOWN and event.key in (pygame.K_RETURN, pygame.K_SPACE)
        return Pop() if clicked or pressed else None

    def on_quit_request(self) -> Next:
        return self.battle.on_quit_request()

    def draw(self, screen) -> None:
        screen.fill(P.HANDOVER)
        w, h = self.app.size
        # the side's colour, muted: nothing on this screen may look like a counter
        pygame.draw.rect(
            screen, P.lerp(self.colour, P.HANDOVER, 0.3), (w // 2 - 40, h // 2 - 150, 80, 6)
        )
        t = fonts.title(44).render(f"{self.name} to move", True, P.UI_TEXT)
        screen.blit(t, t.get_rect(center=(w // 2, h // 2 - 90)))
        s = self.battle.seat
        sub = fonts.ui(16).render(
            f"Turn {s.turn}, {s.time_label()}{' (night)' if s.is_night() else ''}", True, P.UI_DIM
        )
        screen.blit(sub, sub.get_rect(center=(w // 2, h // 2 - 40)))
        msg = fonts.italic(15).render(
            "Hand the screen over. Click when ready; the other player should look away.",
            True,
            P.UI_DIM,
        )
        screen.blit(msg, msg.get_rect(center=(w // 2, h // 2 + 10)))
        if self.seen:
            n = fonts.ui(14).render(
                f"{len(self.seen)} things happened in sight of your men since your last turn.",
                True,
                P.UI_DIM,
            )
            screen.blit(n, n.get_rect(center=(w // 2, h // 2 + 40)))
