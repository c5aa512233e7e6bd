"""The end of the battle: the verdict, losses by side and cause beside history, each side's
strength turn by turn, and the key moments from the log."""

from __future__ import annotations

import html

import pygame
import pygame_gui

from siege.engine.state import LOSS_CAUSES
from siege.engine.victory import non_combatants_lost as lost_apart
from siege.ui import fonts
from siege.ui import palette as P
from siege.ui.scenes.base import ClearTo, Next, Pop, Scene


class EndReport(Scene):
    opaque = True

    def __init__(self, app, session) -> None:
        super().__init__(app)
        self.session = session
        w, h = app.size
        self.moments = pygame_gui.elements.UITextBox(
            self._moments_html(),
            pygame.Rect(w // 2 + 10, 380, w // 2 - 30, h - 450),
            self.ui,
            object_id="#log",
        )
        self.back = pygame_gui.elements.UIButton(
            pygame.Rect(w - 220, h - 56, 200, 40), "Main menu", self.ui, object_id="#primary"
        )
        self.look = pygame_gui.elements.UIButton(
            pygame.Rect(w - 430, h - 56, 200, 40), "Look at the field", self.ui
        )
        self._surface: pygame.Surface | None = None

    def _moments_html(self) -> str:
        lines = []
        for r in self.session.key_moments():
            lines.append(f"<font color='#a8987a'>turn {r.turn}</font> {html.escape(r.event.text)}")
        return "<br>".join(lines) or "<i>No gates broke, no walls fell, no leader was hit.</i>"

    def handle_ui(self, event, consumed) -> Next:
        if event.type == pygame_gui.UI_BUTTON_PRESSED:
            if event.ui_element is self.back:
                from siege.ui.scenes.menu import MainMenu

                return ClearTo(MainMenu(self.app))
            if event.ui_element is self.look:
                return Pop()
        return None

    def handle(self, event) -> Next:
        if event.type == pygame.KEYDOWN and event.key == pygame.K_ESCAPE:
            return Pop()
        return None

    def draw(self, screen) -> None:
        if self._surface is None or self._surface.get_size() != screen.get_size():
            self._surface = self._render(screen.get_size())
        screen.blit(self._surface, (0, 0))

    # ------------------------------------------------------------------ the page

    def _render(self, size) -> pygame.Surface:
        w, h = size
        surf = pygame.Surface(size)
        surf.fill(P.PAPER)
        game = self.session.game
        s = game.state  # the battle is over: the report may reveal everything
        scen = self.session.scenario
        result = game.outcome()
        names = {sd.id: sd.name for sd in scen.sides}
        if result.winner:
            verdict = f"{result.level.capitalize()} victory for {names[result.winner]}"
        else:
            verdict = "A draw"
        t = fonts.title(40).render(verdict, True, P.INK)
        surf.blit(t, (30, 18))
        reason = result.reason if result.finished else "the battle is still going on"
        sub = fonts.italic(15).render(
            f"{scen.meta.title} — ended {s.time_label()} ({reason}); "
            f"points: " + ", ".join(f"{names[k]} {v:g}" for k, v in result.scores.items()),
            True,
            P.INK_SOFT,
        )
        surf.blit(sub, (32, 70))
        self._losses(surf, pygame.Rect(30, 108, w // 2 - 40, 250), names)
        self._chart(surf, pygame.Rect(w // 2 + 10, 108, w // 2 - 40, 250))
        y = 380
        hist = scen.history
        if hist is not None:
            hl = fonts.title(22).render(
                f"What happened ({self.session.scenario.meta.dates})", True, P.INK
            )
            surf.blit(hl, (30, y))
            y += 32
            y = self._wrap(
                surf, hist.outcome, fonts.ui(14), P.INK, pygame.Rect(30, y, w // 2 - 60, 200)
            )
            for side_id, hs in hist.sides.items():
                if hs.note:
                    y = self._wrap(
                        surf,
                        f"{names.get(side_id, side_id)}: {hs.note}",
                        fonts.italic(13),
                        P.INK_SOFT,
                        pygame.Rect(30, y + 4, w // 2 - 60, 80),
                    )
        km = fonts.title(22).render("Key moments", True, P.INK)
        surf.blit(km, (w // 2 + 10, 350))
        return surf

    @staticmethod
    def _wrap(surf, text, font, colour, rect) -> int:
        words = text.split()
        line, y = "", rect.y
        for word in words:
            trial = f"{line} {word}".strip()
            if font.size(trial)[0] > rect.w and line:
                surf.blit(font.render(line, True, colour), (rect.x, y))
                y += font.get_linesize()
                line = word
            else:
                line = trial
        if line:
            surf.blit(font.render(line, True, colour), (rect.x, y))
            y += font.get_linesize()
        return y

    def _losses(self, surf, rect, names) -> None:
        s = self.session.game.state
        hist = self.session.scenario.history
        f, b = fonts.ui(13), fonts.bold(13)
        title = fonts.title(22).render("Losses (history in brackets)", True, P.INK)
        surf.blit(title, rect.topleft)
        y = rect.y + 34
        col_w = (rect.w - 110) // max(1, len(s.sides))
        for i, side in enumerate(s.sides):
            t = b.render(names[side], True, P.INK)
            surf.blit(t, (rect.x + 110 + i * col_w, y))
        y += 22
        apart = any(lost_apart(s, side) for side in s.sides)
        rows = LOSS_CAUSES + ("total",) + (("non-combatants",) if apart else ())
        for cause in rows:
            surf.blit((b if cause == "total" else f).render(cause, True, P.INK), (rect.x, y))
            for i, side in enumerate(s.sides):
                soldiers = s.soldier_losses(side)
                if cause == "total":
                    ours = sum(v for k, v in soldiers.items() if k != "escaped")
                elif cause == "non-combatants":
                    ours = lost_apart(s, side)
                else:
                    ours = soldiers.get(cause, 0)
                text = f"{ours:,}"
                if hist is not None and side in hist.sides and cause != "non-combatants":
                    hs = hist.sides[side]
                    if cause == "escaped":
                        theirs = hs.escaped
                    elif cause == "total":
                        theirs = sum(hs.losses.model_dump().values())
                    else:
                        theirs = getattr(hs.losses, cause, None)
                    if theirs is not None:
                        text += f"  ({theirs:,})"
                surf.blit(
                    (b if cause == "total" else f).render(text, True, P.INK),
                    (rect.x + 110 + i * col_w, y),
                )
            y += 20
            if cause == "escaped":
                pygame.draw.line(surf, P.INK_SOFT, (rect.x, y + 1), (rect.right, y + 1))
                y += 4
        start = ", ".join(f"{names[x]} {s.start_strength.get(x, 0):,}" for x in s.sides)
        surf.blit(f.render(f"at the start: {start}", True, P.INK_SOFT), (rect.x, y + 6))

    def _chart(self, surf, rect) -> None:
        """Men still in the ranks, per side, turn by turn."""
        title = fonts.title(22).render("Strength by turn", True, P.INK)
        surf.blit(title, rect.topleft)
        area = pygame.Rect(rect.x + 56, rect.y + 40, rect.w - 70, rect.h - 70)
        pygame.draw.rect(surf, P.PAPER_DARK, area)
        pygame.draw.rect(surf, P.INK_SOFT, area, 1)
        hist = self.session.strength
        s = self.session.game.state
        if not hist:
            return
        top = max(max(d.values()) for _, d in hist) or 1
        turns = [t for t, _ in hist]
        t0, t1 = min(turns), max(max(turns), min(turns) + 1)
        f = fonts.ui(11)
        for k in range(5):
            v = top * k / 4
            y = area.bottom - area.h * k / 4
            pygame.draw.line(surf, P.GRID, (area.x, y), (area.right, y))
            lab = f.render(f"{v / 1000:.0f}k" if top >= 4000 else f"{v:.0f}", True, P.INK_SOFT)
            surf.blit(lab, lab.get_rect(midright=(area.x - 4, y)))
        for t in range(t0, t1 + 1, max(1, (t1 - t0) // 10)):
            x = area.x + area.w * (t - t0) / (t1 - t0)
            lab = f.render(str(t), True, P.INK_SOFT)
            surf.blit(lab, lab.get_rect(midtop=(x, area.bottom + 3)))
        surf.blit(f.render("turn", True, P.INK_SOFT), (area.right - 24, area.bottom + 16))
        for i, side in enumerate(s.sides):
            colour = P.hex_to_rgb(
                next(sd.colour for sd in self.session.scenario.sides if sd.id == side)
            )
            if P.luminance(colour) > 0.8:
                colour = P.INK
            pts = [
                (
                    area.x + area.w * (t - t0) / (t1 - t0),
                    area.bottom - area.h * d.get(side, 0) / top,
                )
                for t, d in hist
            ]
            if len(pts) == 1:
                pts = pts + [(area.right, pts[0][1])]
            pygame.draw.lines(surf, colour, False, pts, 3)
            name = self.session.side_name(side)
            lab = fonts.bold(12).render(name, True, colour)
            surf.blit(lab, (area.x + 8, area.y + 6 + i * 16))
