"""The bar along the top of the battle: the hour (sun or moon), the wind, the turn and phase, the
side to move, the score and the result it would give now; and the Menu, End turn, End phase
and Undo buttons at its right."""

from __future__ import annotations

import math

import pygame
import pygame_gui

from siege.ui import explain, fonts
from siege.ui import palette as P
from siege.ui.render.board import compass_vector

TOP_H = 40
WIND_NAMES = {0: "calm", 1: "light", 2: "fresh", 3: "strong"}
PHASES = ("command", "movement", "fire", "assault")


class TopBar:
    def __init__(self, battle) -> None:
        self.battle = battle
        self.text = ""  # what the bar says, for tests and the curious
        self._cache: tuple | None = None
        self._surface: pygame.Surface | None = None
        w, _ = battle.app.size
        x = w - 8  # the buttons stand at the window's right, over the side panel
        self.buttons: dict[str, pygame_gui.elements.UIButton] = {}
        specs = [
            ("menu", "Menu", 70, "Esc: save, load, help, quit"),
            ("end_turn", "End turn", 92, "T: finish every remaining phase of this turn"),
            ("end_phase", "End phase", 100, "E: go on to the next phase"),
        ]
        for key, text, width, tip in specs:
            x -= width
            self.buttons[key] = pygame_gui.elements.UIButton(
                pygame.Rect(x, 5, width, TOP_H - 10),
                text,
                battle.ui,
                tool_tip_text=tip,
                object_id="#primary" if key == "end_phase" else None,
            )
            x -= 6
        self.buttons["undo"] = pygame_gui.elements.UIButton(
            pygame.Rect(x - 64, 5, 64, TOP_H - 10),
            "Undo",
            battle.ui,
            tool_tip_text="U or Ctrl+Z: take back the last order (until dice are rolled)",
        )
        self.right = x - 64 - 8  # where the drawn part of the bar ends

    def button_named(self, element) -> str | None:
        return next((k for k, b in self.buttons.items() if b is element), None)

    def draw(self, screen: pygame.Surface) -> None:
        battle = self.battle
        s, session = battle.seat, battle.session
        w = battle.app.size[0]
        key = (session.revision, s.phase, s.active_side, s.turn, battle.busy, session.human_to_move)
        if key != self._cache or self._surface is None:
            self._cache = key
            self._surface = self._render()
            can = battle.can_command()
            for name in ("end_phase", "end_turn"):
                (self.buttons[name].enable if can else self.buttons[name].disable)()
            undo = self.buttons["undo"]
            (undo.enable if can and s.can_undo() else undo.disable)()
        screen.fill(P.UI_BG, (0, 0, w, TOP_H))
        screen.blit(self._surface, (0, 0))
        pygame.draw.line(screen, (20, 16, 12), (0, TOP_H - 1), (w, TOP_H - 1))

    def _render(self) -> pygame.Surface:
        battle = self.battle
        s, session = battle.seat, battle.session
        bar = pygame.Surface((self.right, TOP_H))
        bar.fill(P.UI_BG)
        cy = TOP_H // 2

        def middle(text: pygame.Surface, x: int, dy: int = 0) -> int:
            bar.blit(text, (x, (TOP_H - text.get_height()) // 2 + dy))
            return x + text.get_width()

        x = 6
        _sun_or_moon(bar, (x + 12, cy), s.is_night())
        x += 28
        x = middle(fonts.title(19).render(s.time_label(), True, P.UI_TEXT), x) + 14
        _wind_arrow(bar, (x + 13, cy), s.wind_from, s.wind_strength)
        x += 30
        wind = f"{s.wind_from} {WIND_NAMES.get(s.wind_strength, '')}"
        x = middle(fonts.ui(12).render(wind, True, P.UI_DIM), x) + 14
        turn = f"Turn {s.turn}/{s.clock.last_turn()}"
        x = middle(fonts.bold(13).render(turn, True, P.UI_TEXT), x) + 12
        # the phase, with four dots for the four phases of a turn
        index = PHASES.index(s.phase) if s.phase in PHASES else 0
        pt = fonts.bold(13).render(s.phase.capitalize(), True, P.UI_ACCENT)
        pygame.draw.rect(
            bar, P.UI_PANEL, (x - 5, 6, pt.get_width() + 36, TOP_H - 12), border_radius=3
        )
        middle(pt, x, -1)
        for k in range(4):
            pygame.draw.circle(
                bar,
                P.UI_ACCENT if k <= index else P.UI_DIM,
                (x + pt.get_width() + 8 + k * 6, cy),
                2 if k != index else 3,
            )
        x += pt.get_width() + 44
        # the side to move, in its colour
        colour = P.hex_to_rgb(
            next(sd.colour for sd in session.scenario.sides if sd.id == s.active_side)
        )
        pygame.draw.rect(bar, colour, (x, 11, 12, TOP_H - 22))
        pygame.draw.rect(bar, P.UI_TEXT, (x, 11, 12, TOP_H - 22), 1)
        x += 18
        who = explain.short_side_name(s, s.active_side)
        if not session.human_to_move and not s.ended:
            who += " (computer)"
        elif session.mode == "ai":
            who += " (you)"
        font = fonts.bold(13)
        x = middle(font.render(who, True, P.UI_TEXT), x) + 18
        # the score and the result it would give now, shortened to the room left
        score = "⚑ " + explain.score_summary(s)
        room = self.right - 6 - x
        if font.size(score)[0] > room:
            font = fonts.ui(12)
        while font.size(score)[0] > room and len(score) > 8:
            score = score[:-2].rstrip() + "…"
        middle(font.render(score, True, P.UI_ACCENT), x)
        self.text = f"{who} {score}"
        return bar


def _sun_or_moon(bar: pygame.Surface, centre: tuple[int, int], night: bool) -> None:
    cx, cy = centre
    if night:
        pygame.draw.circle(bar, (220, 220, 200), (cx, cy), 10)
        pygame.draw.circle(bar, P.UI_BG, (cx + 5, cy - 3), 9)
        return
    pygame.draw.circle(bar, (240, 196, 80), (cx, cy), 8)
    for k in range(8):
        a = math.radians(k * 45)
        pygame.draw.line(
            bar,
            (240, 196, 80),
            (cx + math.cos(a) * 10, cy + math.sin(a) * 10),
            (cx + math.cos(a) * 13, cy + math.sin(a) * 13),
            2,
        )


def _wind_arrow(bar: pygame.Surface, centre: tuple[int, int], frm: str, strength: int) -> None:
    """An arrow blowing toward where the wind goes (none in a calm)."""
    cx, cy = centre
    vx, vy = compass_vector(frm)
    pygame.draw.circle(bar, P.UI_PANEL, (cx, cy), 13)
    if strength <= 0:
        return
    tail = (cx - vx * 10, cy - vy * 10)
    head = (cx + vx * 10, cy + vy * 10)
    pygame.draw.line(bar, P.UI_TEXT, tail, head, 2)
    pygame.draw.polygon(
        bar,
        P.UI_TEXT,
        [
            head,
            (head[0] - vx * 6 - vy * 4, head[1] - vy * 6 + vx * 4),
            (head[0] - vx * 6 + vy * 4, head[1] - vy * 6 - vx * 4),
        ],
    )
