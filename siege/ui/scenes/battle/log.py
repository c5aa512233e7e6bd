"""The battle log in the side panel (what the viewer's side saw, newest at the foot, the turns,
breaches and deaths picked out) and the status line along the map's foot (a message, the
computer at work, a replay)."""

from __future__ import annotations

import html

import pygame
import pygame_gui

from siege.engine.events import (
    BattleEnded,
    GateBroken,
    IceBroke,
    LeaderHit,
    ObjectiveTaken,
    PhaseBegan,
    ScriptedEvent,
    TurnBegan,
    UnitEliminated,
    WallBreached,
)
from siege.ui import fonts
from siege.ui import palette as P

SHOWN = 60  # lines in the log box
STRIKING = (
    GateBroken,
    WallBreached,
    LeaderHit,
    ObjectiveTaken,
    IceBroke,
    BattleEnded,
    ScriptedEvent,
    UnitEliminated,
)


def log_line(event) -> str:
    """One event as a line of the log box's HTML."""
    text = html.escape(event.text)
    if isinstance(event, TurnBegan):
        return f"<b><font color='#e8c88a'>{text}</font></b>"
    if isinstance(event, PhaseBegan):
        return f"<font color='#a8987a'>{text}</font>"
    if isinstance(event, STRIKING):
        return f"<b><font color='#f0a070'>{text}</font></b>"
    return text


class BattleLog:
    def __init__(self, battle, rect: pygame.Rect) -> None:
        self.battle = battle
        self.box = pygame_gui.elements.UITextBox("", rect, battle.ui, object_id="#log")
        self.count = -1  # records in the game when the box was last filled

    def refresh(self, force: bool = False) -> None:
        session = self.battle.session
        total = len(session.game.record)
        if not force and total == self.count:
            return
        lines = [log_line(r.event) for r in session.log_for(session.viewer)[-80:]]
        self.box.set_text("<br>".join(lines[-SHOWN:]))
        if self.box.scroll_bar is not None:
            self.box.scroll_bar.set_scroll_from_start_percentage(1.0)
        self.count = total


class StatusLine:
    def __init__(self, battle) -> None:
        self.battle = battle
        self.message = ""
        self.until = 0.0
        self.rect: pygame.Rect | None = None  # where it was last drawn
        self.standing: str | None = None  # said when there is nothing else (a replay's place)

    def say(self, text: str, seconds: float = 4.0) -> None:
        self.message = text
        self.until = self.battle.app.now + seconds

    def text(self) -> str | None:
        """A message, the computer at work, or a replay; None when there is nothing to say."""
        b = self.battle
        now, session = b.app.now, b.session
        if now < self.until and self.message:
            return self.message
        if not session.human_to_move and not b.seat.ended:
            dots = "." * (1 + int(now * 2) % 3)
            job = session.ai_job
            thinking = job is not None and not job.done
            return (
                f"The computer {'is thinking' if thinking else 'is moving'} for "
                f"{session.side_name(session.game.active_side)}{dots}   "
                "(space: skip the animation)"
            )
        if b.replay_queue:
            return "replaying what your men saw…   (space: skip)"
        return self.standing

    def draw(self, screen: pygame.Surface, area: pygame.Rect) -> None:
        text = self.text()
        if not text:
            self.rect = None
            return
        font = fonts.bold(14)
        rendered = [
            font.render(line, True, P.PAPER) for line in fonts.wrap(font, text, area.w - 80)
        ]
        w = max(t.get_width() for t in rendered)
        h = sum(t.get_height() for t in rendered)
        rect = pygame.Rect(0, 0, w, h)
        rect.midbottom = (area.centerx, area.bottom - 12)
        back = rect.inflate(20, 10)
        panel = pygame.Surface(back.size, pygame.SRCALPHA)
        panel.fill((30, 24, 18, 215))
        screen.blit(panel, back)
        y = rect.y
        for t in rendered:
            screen.blit(t, t.get_rect(midtop=(rect.centerx, y)))
            y += t.get_height()
        self.rect = back
