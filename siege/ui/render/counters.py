"""Unit counters, drawn in code and cached by look: nation colour, a type symbol by unit class,
strength, a morale pip, a leader star, and a dimmed corner once the unit has acted."""

from __future__ import annotations

import math

import pygame

from siege.ui import fonts
from siege.ui import palette as P


def strength_label(men: int) -> str:
    if men >= 1000:
        return f"{men / 1000:.1f}k".replace(".0k", "k")
    return str(men)


def draw_symbol(surf: pygame.Surface, kind: str, rect: pygame.Rect, ink) -> None:
    """A period pictogram for each unit class, fitted to `rect`."""
    x, y, w, h = rect
    cx, cy = rect.center
    lw = max(1, int(min(w, h) / 9))
    if kind == "arquebusiers":
        # a matchlock: long barrel, a stock, and a spark at the muzzle
        pygame.draw.line(
            surf, ink, (x + w * 0.12, cy + h * 0.18), (x + w * 0.82, cy - h * 0.2), lw + 1
        )
        pygame.draw.polygon(
            surf,
            ink,
            [
                (x + w * 0.08, cy + h * 0.1),
                (x + w * 0.3, cy + h * 0.02),
                (x + w * 0.34, cy + h * 0.22),
                (x + w * 0.1, cy + h * 0.36),
            ],
        )
        sx, sy = x + w * 0.9, cy - h * 0.26
        for a in range(0, 360, 60):
            pygame.draw.line(
                surf,
                ink,
                (sx, sy),
                (
                    sx + math.cos(math.radians(a)) * w * 0.09,
                    sy + math.sin(math.radians(a)) * w * 0.09,
                ),
                1,
            )
    elif kind == "archers":
        arc = pygame.Rect(x + w * 0.2, y + h * 0.05, w * 0.5, h * 0.9)
        pygame.draw.arc(surf, ink, arc, -math.pi / 2, math.pi / 2, lw + 1)
        pygame.draw.line(surf, ink, (arc.centerx, arc.top + 1), (arc.centerx, arc.bottom - 1), 1)
        pygame.draw.line(surf, ink, (x + w * 0.12, cy), (x + w * 0.88, cy), lw)
        pygame.draw.polygon(
            surf,
            ink,
            [(x + w * 0.92, cy), (x + w * 0.78, cy - h * 0.1), (x + w * 0.78, cy + h * 0.1)],
        )
    elif kind == "spearmen":
        for dx in (-0.18, 0.18):
            bx = cx + dx * w
            pygame.draw.line(surf, ink, (bx, y + h * 0.95), (bx, y + h * 0.25), lw)
            pygame.draw.polygon(
                surf,
                ink,
                [(bx, y + h * 0.02), (bx - w * 0.08, y + h * 0.28), (bx + w * 0.08, y + h * 0.28)],
            )
    elif kind == "swordsmen":
        for sgn in (-1, 1):
            blade_from = (cx - sgn * w * 0.38, y + h * 0.9)
            blade_to = (cx + sgn * w * 0.38, y + h * 0.1)
            pygame.draw.line(surf, ink, blade_from, blade_to, lw + 1)
            gx, gy = cx - sgn * w * 0.22, y + h * 0.68
            pygame.draw.line(
                surf,
                ink,
                (gx - w * 0.1, gy - h * 0.08 * sgn * 0 - h * 0.06),
                (gx + w * 0.1, gy + h * 0.06),
                lw,
            )
    elif kind == "cavalry":
        pygame.draw.line(surf, ink, (x + 2, y + h - 2), (x + w - 2, y + 2), lw + 1)
        # a horseshoe
        shoe = pygame.Rect(0, 0, w * 0.42, h * 0.5)
        shoe.center = (cx + w * 0.18, cy + h * 0.18)
        pygame.draw.arc(surf, ink, shoe, math.pi * 0.0, math.pi * 1.0, lw)
    elif kind == "artillery":
        wheel = max(3, int(h * 0.24))
        pygame.draw.line(
            surf,
            ink,
            (x + w * 0.15, cy + h * 0.12),
            (x + w * 0.9, cy - h * 0.2),
            max(2, int(h * 0.2)),
        )
        pygame.draw.circle(surf, ink, (x + w * 0.35, cy + h * 0.22), wheel, lw)
        pygame.draw.circle(surf, ink, (x + w * 0.35, cy + h * 0.22), max(1, lw))
    elif kind == "monks":
        r = min(w, h) * 0.42
        pygame.draw.circle(surf, ink, (cx, cy), r, lw)
        pygame.draw.circle(surf, ink, (cx, cy), max(2, r * 0.25))
        for k in range(8):
            angle = math.radians(k * 45 + 22.5)
            tip = (cx + math.cos(angle) * r, cy + math.sin(angle) * r)
            pygame.draw.line(surf, ink, (cx, cy), tip, 1)
    else:  # mixed infantry: the old crossed box
        box = rect.inflate(-w * 0.1, -h * 0.2)
        pygame.draw.rect(surf, ink, box, lw)
        pygame.draw.line(surf, ink, box.topleft, box.bottomright, lw)
        pygame.draw.line(surf, ink, box.bottomleft, box.topright, lw)


class CounterArt:
    """Builds and caches counter surfaces for one counter size."""

    def __init__(self, size: int) -> None:
        self.size = max(12, int(size))
        self._cache: dict[tuple, pygame.Surface] = {}

    def counter(
        self,
        colour,
        kind: str,
        men: int,
        morale: str,
        leader: bool,
        spent: bool,
        faded: bool = False,
        ghost_label: str = "",
        suppression: int = 0,
    ) -> pygame.Surface:
        key = (
            colour,
            kind,
            strength_label(men),
            morale,
            leader,
            spent,
            faded,
            ghost_label,
            suppression,
        )
        surf = self._cache.get(key)
        if surf is None:
            if len(self._cache) > 2000:
                self._cache.clear()
            surf = self._cache[key] = self._draw(
                colour, kind, men, morale, leader, spent, faded, ghost_label, suppression
            )
        return surf

    def _draw(
        self, colour, kind, men, morale, leader, spent, faded, ghost_label, suppression
    ) -> pygame.Surface:
        s = self.size
        surf = pygame.Surface((s + 3, s + 3), pygame.SRCALPHA)
        body = pygame.Rect(0, 0, s, s)
        # a drop shadow, then the counter
        pygame.draw.rect(surf, (30, 20, 10, 110), body.move(2, 2), border_radius=max(2, s // 8))
        fill = colour if not faded else P.lerp(colour, P.PAPER, 0.55)
        pygame.draw.rect(surf, fill, body, border_radius=max(2, s // 8))
        edge = P.darker(colour, 0.45) if P.luminance(colour) > 0.5 else (24, 16, 10)
        pygame.draw.rect(surf, edge, body, max(1, s // 18), border_radius=max(2, s // 8))
        ink = P.ink_on(fill)
        sym = pygame.Rect(s * 0.2, s * 0.1, s * 0.6, s * 0.48)
        if ghost_label:
            q = fonts.bold(max(8, int(s * 0.5))).render("?", True, ink)
            surf.blit(q, q.get_rect(center=sym.center))
        else:
            draw_symbol(surf, kind, sym, ink)
        if s >= 18:
            text = ghost_label or strength_label(men)
            label = fonts.bold(max(8, int(s * 0.3))).render(text, True, ink)
            surf.blit(label, self.label_rect(text))
        if morale != "steady" and not ghost_label:
            r = max(3, s // 7)
            pygame.draw.circle(surf, P.MORALE.get(morale, P.INK), (r + 2, r + 2), r)
            pygame.draw.circle(surf, (20, 12, 8), (r + 2, r + 2), r, 1)
        if suppression and not ghost_label:
            # pinned down by fire: one short dash per suppression point, down the left edge
            w, h = max(3, s // 6), max(2, s // 14)
            for i in range(suppression):
                dash = pygame.Rect(2, s // 3 + i * (h + 2), w, h)
                pygame.draw.rect(surf, P.PAPER, dash)
                pygame.draw.rect(surf, (20, 12, 8), dash.inflate(2, 2), 1)
        if leader:
            self._star(surf, (s - s // 6 - 1, s // 6 + 1), max(3, s // 6))
        if spent:
            tri = [(s - 1, s - 1), (s - 1, s - s * 0.3), (s - s * 0.3, s - 1)]
            pygame.draw.polygon(surf, (30, 20, 10, 150), tri)
        if faded:
            surf.set_alpha(150)
        return surf

    def label_rect(self, text: str) -> pygame.Rect:
        """Where the strength (or ghost) label sits on a counter, in the counter's pixels."""
        s = self.size
        w, h = fonts.bold(max(8, int(s * 0.3))).size(text)
        return pygame.Rect(0, 0, w, h).move(s // 2 - w // 2, s - max(1, s // 16) - h)

    @staticmethod
    def _star(surf, centre, r) -> None:
        cx, cy = centre
        pts = []
        for k in range(10):
            a = math.radians(-90 + k * 36)
            rr = r if k % 2 == 0 else r * 0.45
            pts.append((cx + math.cos(a) * rr, cy + math.sin(a) * rr))
        pygame.draw.polygon(surf, (236, 190, 60), pts)
        pygame.draw.polygon(surf, (60, 40, 10), pts, 1)
