"""O in battle, and at the start of each side's first turn: how this battle is won — the side's
briefing, every objective with its points and who holds it, the score now and what it would
give, and the scoring rules in the scenario's own numbers."""

from __future__ import annotations

import html

import pygame
import pygame_gui

from siege.ui import explain, fonts
from siege.ui import palette as P
from siege.ui.scenes.base import Next, Pop, Scene, then
from siege.ui.scenes.dialogs import dim_screen


def objectives_html(seat, viewer: str) -> str:
    """The dialog's text, from what the viewer's seat may know (holders and score are public)."""
    scen = seat.scenario
    side = next(s for s in scen.sides if s.id == viewer)
    a, b = seat.sides
    out = []
    if side.briefing:
        out.append(f"<i>{html.escape(side.briefing)}</i><br><br>")
    out.append(
        f"<b><font color='#e8c88a'>Score now: {html.escape(explain.score_summary(seat))}"
        "</font></b><br><br>"
    )
    out.append(
        f"<b>Objective — points to {html.escape(explain.short_side_name(seat, a))} / "
        f"{html.escape(explain.short_side_name(seat, b))} — held by</b><br>"
    )
    for row in explain.objective_rows(seat):
        colour = "#e8c88a" if row.holder == viewer else "#d8ccb4"
        out.append(
            f"<font color='{colour}'>{html.escape(row.name)} — "
            f"{explain.points_for(row, a)} / {explain.points_for(row, b)} — "
            f"{html.escape(explain.side_name(seat, row.holder))}</font><br>"
        )
    out.append("<br><b><font color='#e8c88a'>What decides the battle</font></b><br>")
    out.append("<br>".join(html.escape(line) for line in explain.victory_rules(seat)))
    return "".join(out)


class Objectives(Scene):
    opaque = False

    def __init__(self, app, battle) -> None:
        super().__init__(app)
        self.battle = battle
        w, h = app.size
        self.box = pygame.Rect(0, 0, min(760, w - 80), min(600, h - 60))
        self.box.center = (w // 2, h // 2)
        seat = battle.seat
        self.html = objectives_html(seat, battle.session.viewer)
        self.text = pygame_gui.elements.UITextBox(
            self.html,
            pygame.Rect(self.box.x + 16, self.box.y + 56, self.box.w - 32, self.box.h - 56 - 60),
            self.ui,
            object_id="#log",
        )
        self.close = pygame_gui.elements.UIButton(
            pygame.Rect(self.box.right - 196, self.box.bottom - 50, 180, 36),
            "To the battle",
            self.ui,
            object_id="#primary",
            tool_tip_text="O shows this again",
        )
        self.title = f"How to win: {battle.session.side_name(battle.session.viewer)}"

    def handle_ui(self, event, consumed) -> Next:
        if event.type == pygame_gui.UI_BUTTON_PRESSED and event.ui_element is self.close:
            return Pop()
        return None

    def handle(self, event) -> Next:
        if event.type == pygame.KEYDOWN and event.key in (
            pygame.K_ESCAPE,
            pygame.K_o,
            pygame.K_RETURN,
            pygame.K_SPACE,
        ):
            return Pop()
        return None

    def on_quit_request(self) -> Next:
        return then(Pop(), self.battle.on_quit_request())

    def draw(self, screen) -> None:
        dim_screen(screen, 130)
        pygame.draw.rect(screen, P.UI_PANEL, self.box, border_radius=6)
        pygame.draw.rect(screen, P.UI_ACCENT, self.box, 2, border_radius=6)
        title = self.title
        font = fonts.title(26)
        while font.size(title)[0] > self.box.w - 32 and len(title) > 10:
            title = title[:-2].rstrip() + "\u2026"
        screen.blit(font.render(title, True, P.UI_ACCENT), (self.box.x + 16, self.box.y + 12))
