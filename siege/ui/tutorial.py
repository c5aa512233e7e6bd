"""The tutorial's guide: it walks a scenario's `tutorial:` steps, shows the current hint over the
map and moves on when the player has done what the step asks, checked through the viewer's seat
(and the previews the screen showed). The steps are data; the rules know nothing of them."""

from __future__ import annotations

import pygame
import pygame_gui

from siege.ui import fonts
from siege.ui import palette as P

WIDTH = 420


class Coach:
    def __init__(self, steps) -> None:
        self.steps = list(steps)
        self.index = 0
        self.previews: set[tuple[str, str]] = set()  # (kind, unit) of odds the player saw
        self.next_button: pygame_gui.elements.UIButton | None = None
        self.rect: pygame.Rect | None = None

    @property
    def finished(self) -> bool:
        return self.index >= len(self.steps)

    @property
    def step(self):
        return None if self.finished else self.steps[self.index]

    def saw_preview(self, kind: str, unit: str) -> None:
        self.previews.add((kind, unit))

    def done(self, battle) -> bool:
        """Has the player done what the current step asks?"""
        step = self.step
        seat = battle.seat
        if step is None or step.done_when == "next":
            return False
        units = [u for u in seat.units() if step.unit in (None, u.id)]
        kind = step.done_when
        if kind == "selected":
            return step.unit in battle.selected if step.unit else bool(battle.selected)
        if kind in ("moved", "fired", "assaulted", "rallied"):
            return any(getattr(u, kind) for u in units)
        if kind == "enemy_seen":
            return bool(seat.enemies())
        if kind == "phase":
            return seat.phase == step.phase and seat.is_active
        if kind in ("fire_preview", "assault_preview"):
            which = kind.split("_")[0]
            return any(k == which and step.unit in (None, u) for k, u in self.previews)
        if kind == "turn":
            return seat.turn >= (step.turn or 1)
        return False

    def advance(self) -> None:
        self.index += 1
        self.previews.clear()

    def update(self, battle) -> None:
        while not self.finished and self.done(battle):
            self.advance()
        self._button(battle)

    def _button(self, battle) -> None:
        """A Next button while the step asks for one."""
        wanted = self.step is not None and self.step.done_when == "next"
        if wanted and self.next_button is None:
            r = battle.map_rect
            self.next_button = pygame_gui.elements.UIButton(
                pygame.Rect(r.x + 12 + WIDTH - 96, r.y + 12, 84, 28),
                "Next",
                battle.ui,
                object_id="#primary",
                tool_tip_text="N: the next step",
            )
        elif not wanted and self.next_button is not None:
            self.next_button.kill()
            self.next_button = None

    def draw(self, screen, battle) -> None:
        step = self.step
        if step is None:
            self.rect = None
            return
        r = battle.map_rect
        font = fonts.ui(14)
        lines = fonts.wrap(font, step.text, WIDTH - 24)
        head = fonts.bold(13).render(
            f"Tutorial — step {self.index + 1} of {len(self.steps)}", True, P.UI_ACCENT
        )
        h = 44 + len(lines) * font.get_linesize() + 10
        self.rect = pygame.Rect(r.x + 8, r.y + 8, WIDTH, h)
        panel = pygame.Surface(self.rect.size, pygame.SRCALPHA)
        panel.fill((34, 28, 22, 238))
        pygame.draw.rect(panel, P.UI_ACCENT, panel.get_rect(), 2, border_radius=4)
        panel.blit(head, (12, 12))
        y = 40
        for line in lines:
            panel.blit(font.render(line, True, P.UI_TEXT), (12, y))
            y += font.get_linesize()
        screen.blit(panel, self.rect)
        if self.next_button is not None:
            self.next_button.set_relative_position((self.rect.right - 96, self.rect.y + 6))
