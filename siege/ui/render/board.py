"""The battle map as the player sees it: the cached static map, a cached layer for what changes
only when an order is applied (gates, breaches, burned ground, ice, objectives, fog), then per
frame only flames, highlights, counters and animations.

Camera (siege/ui/camera.py): `cam` is the map-pixel position of the viewport's top-left corner.
"""

from __future__ import annotations

import math
import random
import threading
from dataclasses import dataclass, field
from typing import Any

import pygame

from siege.engine.hexes import Hex
from siege.engine.view import SeenUnit
from siege.ui import fonts
from siege.ui import palette as P
from siege.ui.camera import ZOOMS, Camera
from siege.ui.layout import Layout
from siege.ui.render.counters import CounterArt
from siege.ui.render.terrain import TerrainPainter, draw_ice

STATIC_KEPT = 4  # painted maps kept for zooming back without a repaint
STATIC_BUDGET_BYTES = 48 * 2**20  # and the memory they may take together
DESK = (48, 40, 32)


def compass_vector(frm: str) -> tuple[float, float]:
    """The direction the wind blows toward, as a screen vector."""
    vec = {
        "N": (0, 1),
        "NE": (-0.7, 0.7),
        "E": (-1, 0),
        "SE": (-0.7, -0.7),
        "S": (0, -1),
        "SW": (0.7, -0.7),
        "W": (1, 0),
        "NW": (0.7, 0.7),
    }
    return vec.get(frm, (0, 0))


@dataclass
class Highlights:
    reachable: dict[Hex, float] = field(default_factory=dict)
    path: list[Hex] = field(default_factory=list)
    path_cost: float | None = None
    targets: list[Hex] = field(default_factory=list)
    selected: list[Hex] = field(default_factory=list)
    hover: Hex | None = None
    hover_edge: tuple[Hex, Hex] | None = None
    aim: Hex | None = None


@dataclass
class Sprite:
    """A unit drawn somewhere other than its hex (moving), or an effect."""

    kind: str  # "unit", "shot", "clash", "text", "flash"
    start: float
    duration: float
    unit: str | None = None
    points: list[tuple[float, float]] = field(default_factory=list)  # map pixels
    text: str = ""
    colour: tuple[int, int, int] = (0, 0, 0)
    hexes: list[Hex] = field(default_factory=list)


class Board:
    def __init__(self, session, viewport: pygame.Rect) -> None:
        self.session = session
        self.scenario = session.scenario
        self.map = session.seat().map
        self.painter = TerrainPainter(self.scenario, self.map)
        self.viewport = pygame.Rect(viewport)
        vp = self.viewport
        self.camera = Camera((vp.x, vp.y, vp.w, vp.h), (self.map.width, self.map.height), ZOOMS[3])
        self._static: dict[tuple[float, bool], pygame.Surface] = {}
        self._bg: pygame.Surface | None = None
        self._bg_key: tuple[Any, ...] | None = None
        self._tiles: dict[tuple, pygame.Surface] = {}
        self.counters = CounterArt(int(self.size * 1.22))
        self.sprites: list[Sprite] = []
        self.moving: dict[str, tuple[float, float]] = {}  # unit id -> map pixel (animating)
        self.hidden_units: set[str] = set()  # not drawn (e.g. before animation)
        self.colours = self._colours()
        self.show_fog = True
        self._unit_key: tuple[Any, ...] | None = None
        self.daylight = False
        self._unit_items: list = []
        self.path_label_rect: pygame.Rect | None = None
        self.background_paint = False  # paint new zooms in a worker (a real window)
        self._painting: dict[tuple, threading.Thread] = {}
        self._done_painting: list = []
        self.marker_labels: dict[str, str] = {}  # objective id -> the points drawn by it

    # ------------------------------------------------------------------ colours

    def _colours(self) -> dict[str, tuple[int, int, int]]:
        out = {}
        for side in self.scenario.sides:
            out[side.id] = P.hex_to_rgb(side.colour)
            for nation in side.nations:
                out[nation.id] = P.hex_to_rgb(nation.colour)
        return out

    def unit_colour(self, unit) -> tuple[int, int, int]:
        return self.colours.get(unit.nation or "", self.colours.get(unit.side, P.INK))

    # ------------------------------------------------------------------ camera and zoom
    # (the arithmetic is siege/ui/camera.py; the board keeps its counters the right size)

    @property
    def cam(self) -> list[float]:
        return self.camera.pos

    @property
    def size(self) -> float:
        return self.camera.size

    @property
    def layout(self) -> Layout:
        return self.camera.layout

    @property
    def map_size(self) -> tuple[int, int]:
        return self.camera.map_size

    def set_zoom(self, size: float, anchor: tuple[int, int] | None = None) -> None:
        """Zoom to hex size `size`, keeping the map point under `anchor` (screen) still."""
        self.camera.set_zoom(size, anchor)
        self.counters = CounterArt(int(self.size * 1.22))

    def zoom(self, steps: int, anchor: tuple[int, int] | None = None) -> None:
        if self.camera.zoom(steps, anchor):
            self.counters = CounterArt(int(self.size * 1.22))

    def fit_size(self) -> float:
        """The hex size at which the whole map fits the viewport."""
        return self.camera.fit_size()

    def fit(self) -> None:
        self.set_zoom(self.fit_size())
        self.centre_on_map()

    def centre_on_map(self) -> None:
        self.camera.centre_on_map()

    def centre_on(self, h: Hex) -> None:
        self.camera.centre_on(h)

    def scroll(self, dx: float, dy: float) -> None:
        self.camera.scroll(dx, dy)

    def clamp(self) -> None:
        self.camera.clamp()

    def map_to_screen(self, x: float, y: float) -> tuple[float, float]:
        return self.camera.map_to_screen(x, y)

    def screen_to_map(self, x: float, y: float) -> tuple[float, float]:
        return self.camera.screen_to_map(x, y)

    def hex_centre_on_screen(self, h: Hex) -> tuple[int, int]:
        return self.camera.hex_centre_on_screen(h)

    def hex_at_screen(self, x: int, y: int) -> Hex | None:
        return self.camera.hex_at_screen(x, y, self.map.on_map)

    # ------------------------------------------------------------------ cached layers

    def static(self, night: bool) -> pygame.Surface | None:
        """The painted map at this zoom. With `background_paint` on and another zoom already
        painted, a new zoom is painted in a worker thread and this returns None until it is
        ready (the frame shows the old one scaled meanwhile), so zooming never stalls a frame."""
        key = (self.size, night)
        surf = self._static.pop(key, None)
        if surf is not None:
            self._static[key] = surf  # the most recently shown, last to be dropped
            return surf
        if self.background_paint and any(k[1] == night for k in self._static):
            if key not in self._painting:
                layout = Layout(self.size)
                worker = threading.Thread(
                    target=self._paint_into,
                    args=(key, layout, night),
                    name="siege-paint",
                    daemon=True,
                )
                self._painting[key] = worker
                worker.start()
            return None
        self._store(key, self.painter.paint(self.layout, night))
        return self._static[key]

    def _paint_into(self, key, layout: Layout, night: bool) -> None:
        painter = self.painter
        surf = painter.paint(layout, night)
        if painter is self.painter:  # (not the ground as it was before an event changed it)
            self._done_painting.append((key, surf))

    def _follow_ground(self) -> None:
        """An event changed the terrain (the engine built a new map): paint the new ground."""
        ground = self.session.seat().map
        if ground is self.map:
            return
        self.map = ground
        self.painter = TerrainPainter(self.scenario, ground)
        self._static.clear()
        self._painting.clear()
        self._done_painting.clear()
        self._bg = self._bg_key = None

    def _store(self, key, surf: pygame.Surface) -> None:
        """Keep the painted map; drop the least recently shown ones past STATIC_KEPT maps or
        STATIC_BUDGET_BYTES (the newest is always kept). At the closest zoom one map of the
        1593 battle is 26 MB: four of them were most of a long session's memory."""
        self._static.pop(key, None)
        self._static[key] = surf
        while len(self._static) > 1 and (
            len(self._static) > STATIC_KEPT
            or sum(s.get_pitch() * s.get_height() for s in self._static.values())
            > STATIC_BUDGET_BYTES
        ):
            self._static.pop(next(iter(self._static)))

    def _collect_paintings(self) -> None:
        while self._done_painting:
            key, surf = self._done_painting.pop(0)
            self._painting.pop(key, None)
            self._store(key, surf)

    @property
    def sharp(self) -> bool:
        """Is the map drawn at its own zoom (not the last one, scaled)?"""
        return self._bg_key is not None and self._bg_key[0] == self.size

    def _tile(self, kind: str, colour, alpha: int) -> pygame.Surface:
        key = (kind, self.size, colour, alpha)
        t = self._tiles.get(key)
        if t is None:
            s = self.size
            t = pygame.Surface((int(s * 2) + 2, int(s * 2) + 2), pygame.SRCALPHA)
            local = Layout(s, margin=0)
            pts = [
                (x - local.ox + s + 1, y - local.oy + s + 1) for x, y in local.corners(Hex(0, 0))
            ]
            if kind == "fill":
                pygame.draw.polygon(t, (*colour, alpha), pts)
            elif kind == "fog":
                pygame.draw.polygon(t, (*colour, alpha), pts)
                for k in range(-4, 5):
                    a = (s + 1 + k * s * 0.3 - s * 0.5, s * 1.9)
                    b = (s + 1 + k * s * 0.3 + s * 0.5, s * 0.1)
                    pygame.draw.line(t, (*P.INK_SOFT, 40), a, b, 1)
                mask = pygame.Surface(t.get_size(), pygame.SRCALPHA)
                pygame.draw.polygon(mask, (255, 255, 255, 255), pts)
                t.blit(mask, (0, 0), special_flags=pygame.BLEND_RGBA_MIN)
            else:  # outline
                pygame.draw.polygon(t, (*colour, alpha), pts, max(2, int(s / 7)))
            self._tiles[key] = t
        return t

    def _blit_tile(
        self, target: pygame.Surface, tile: pygame.Surface, h: Hex, to_screen: bool = True
    ) -> None:
        x, y = self.layout.centre(h)
        if to_screen:
            x, y = self.map_to_screen(x, y)
        target.blit(tile, (x - self.size - 1, y - self.size - 1))

    def background(self) -> pygame.Surface | None:
        """Static map + what changes only with orders, composed once per revision."""
        session = self.session
        s = session.seat()
        night = s.is_night() and not self.daylight
        fog = self.show_fog and session.fog
        key = (self.size, night, session.revision, session.viewer, fog)
        if key != self._bg_key or self._bg is None:
            static = self.static(night)
            if static is None:
                return None  # being painted: the caller shows the last one scaled
            bg = static.copy()
            self._draw_changes(bg, night)
            if fog:
                visible = session.view().visible
                tile = self._tile(
                    "fog", (120, 112, 100) if not night else (26, 30, 56), 110 if not night else 120
                )
                for h in self.map.hexes:
                    if h not in visible:
                        self._blit_tile(bg, tile, h, to_screen=False)
            self._bg = bg
            self._bg_key = key
        return self._bg

    def _draw_changes(self, surf: pygame.Surface, night: bool) -> None:
        s = self.session.seat()  # the works, fires and ice are public: any seat tells them
        layout = self.layout
        size = self.size
        dim = (
            (lambda c: tuple(int(a * b / 255) for a, b in zip(c, P.NIGHT_MULT, strict=True)))
            if night
            else (lambda c: c)
        )
        # ice that has changed (broken, thinned)
        for h, _cm in s.ice_changes.items():
            draw_ice(surf, layout, h, s.ice_cm(h))
        # burned-out ground
        for h in s.burned_out:
            if h in s.fires:
                continue
            pts = layout.corners(h, 0.92)
            pygame.draw.polygon(surf, dim(P.ASH), pts)
            cx, cy = layout.centre(h)
            rng = random.Random(h.q * 13 + h.r)
            for _ in range(5):
                x, y = cx + rng.uniform(-0.5, 0.5) * size, cy + rng.uniform(-0.5, 0.5) * size
                pygame.draw.line(
                    surf, dim((60, 50, 45)), (x, y), (x + size * 0.2, y - size * 0.1), 2
                )
        # breaches: a gap of rubble in the wall line
        for a, b in s.breaches:
            p, q = layout.edge(a, b)
            width = max(3, int(size * 0.3))
            mid = ((p[0] + q[0]) / 2, (p[1] + q[1]) / 2)
            gap_a = (p[0] + (q[0] - p[0]) * 0.2, p[1] + (q[1] - p[1]) * 0.2)
            gap_b = (p[0] + (q[0] - p[0]) * 0.8, p[1] + (q[1] - p[1]) * 0.8)
            pygame.draw.line(surf, dim(P.PAPER_DARK), gap_a, gap_b, width + 2)
            rng = random.Random(a.q * 7 + b.r)
            for _ in range(7):
                x = mid[0] + rng.uniform(-0.35, 0.35) * size
                y = mid[1] + rng.uniform(-0.35, 0.35) * size
                pygame.draw.circle(surf, dim(P.WALL_STONE), (x, y), max(1, int(size * 0.07)))
        # gates, with their state
        for gid, gate in self.map.gates.items():
            self._gate(surf, gate, s.gates.get(gid, gate.state), dim)
        # objectives: a small flag in the holder's colour on the first hex, with its points
        self.marker_labels = {}
        for obj in self.scenario.objectives:
            holder = s.objectives.get(obj.id)
            col, row = obj.hexes[0]
            cx, cy = layout.centre_of(col, row)
            colour = (
                dim(self.colours.get(holder, (200, 200, 200))) if holder else dim((200, 200, 200))
            )
            pole_top = (cx - size * 0.55, cy - size * 0.7)
            pygame.draw.line(surf, dim(P.INK), (cx - size * 0.55, cy + size * 0.1), pole_top, 2)
            flag = [
                pole_top,
                (pole_top[0] + size * 0.45, pole_top[1] + size * 0.12),
                (pole_top[0], pole_top[1] + size * 0.26),
            ]
            pygame.draw.polygon(surf, colour, flag)
            pygame.draw.polygon(surf, dim(P.INK), flag, 1)
            # its worth to the viewer beside the flag, undimmed: readable at night too
            worth = obj.points.get(self.session.viewer, max(obj.points.values(), default=0))
            if size >= 11:
                label = fonts.halo_text(
                    fonts.bold(max(10, int(size * 0.6))), f"{worth:g}", P.INK, P.PAPER, 1
                )
                surf.blit(
                    label,
                    label.get_rect(midleft=(pole_top[0] + size * 0.5, pole_top[1] + size * 0.12)),
                )
                self.marker_labels[obj.id] = f"{worth:g}"

    def _gate(self, surf, gate, state: str, dim) -> None:
        size = self.size
        p, q = self.layout.edge(*gate.edge)
        mid = ((p[0] + q[0]) / 2, (p[1] + q[1]) / 2)
        colour = {
            "barred": P.GATE_BARRED,
            "closed": P.GATE_CLOSED,
            "open": P.GATE_OPEN,
            "broken": P.GATE_BROKEN,
        }.get(state, P.GATE_CLOSED)
        dx, dy = q[0] - p[0], q[1] - p[1]
        length = math.hypot(dx, dy) or 1.0
        ux, uy = dx / length, dy / length
        half = size * 0.42
        a = (mid[0] - ux * half, mid[1] - uy * half)
        b = (mid[0] + ux * half, mid[1] + uy * half)
        thick = max(4, int(size * 0.34))
        # the gatehouse: a block across the wall line
        nx, ny = -uy, ux
        block = [
            (a[0] + nx * thick * 0.8, a[1] + ny * thick * 0.8),
            (b[0] + nx * thick * 0.8, b[1] + ny * thick * 0.8),
            (b[0] - nx * thick * 0.8, b[1] - ny * thick * 0.8),
            (a[0] - nx * thick * 0.8, a[1] - ny * thick * 0.8),
        ]
        pygame.draw.polygon(surf, dim(P.PAPER), block)
        pygame.draw.polygon(surf, dim(P.WALL_STONE), block, max(1, int(size / 10)))
        if state == "open":
            # leaves swung back: two short strokes, a clear passage
            pygame.draw.line(surf, dim(colour), a, (a[0] + nx * thick, a[1] + ny * thick), 3)
            pygame.draw.line(surf, dim(colour), b, (b[0] + nx * thick, b[1] + ny * thick), 3)
        elif state == "broken":
            for t in (0.15, 0.45, 0.75):
                x, y = a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t
                pygame.draw.line(
                    surf,
                    dim(colour),
                    (x - nx * thick * 0.6, y - ny * thick * 0.6),
                    (
                        x + ux * size * 0.15 + nx * thick * 0.5,
                        y + uy * size * 0.15 + ny * thick * 0.5,
                    ),
                    2,
                )
        else:
            pygame.draw.line(surf, dim(colour), a, b, max(3, thick // 2))
            if state == "barred":
                # a bar across the leaves
                pygame.draw.line(
                    surf,
                    dim(P.INK),
                    (mid[0] - nx * thick * 0.7, mid[1] - ny * thick * 0.7),
                    (mid[0] + nx * thick * 0.7, mid[1] + ny * thick * 0.7),
                    2,
                )

    # ------------------------------------------------------------------ per frame

    def draw(self, screen: pygame.Surface, hl: Highlights, now: float) -> None:
        vp = self.viewport
        self._follow_ground()
        self._collect_paintings()
        bg = self.background()
        if bg is None:
            self._draw_scaled_last(screen)
            self._draw_over(screen, hl, now)
            return
        if (
            self.cam[0] < 0
            or self.cam[1] < 0
            or bg.get_width() - self.cam[0] < vp.w
            or bg.get_height() - self.cam[1] < vp.h
        ):
            screen.fill(DESK, vp)
        area = pygame.Rect(int(self.cam[0]), int(self.cam[1]), vp.w, vp.h)
        dest = [vp.x, vp.y]
        if area.x < 0:
            dest[0] -= area.x
            area.w += area.x
            area.x = 0
        if area.y < 0:
            dest[1] -= area.y
            area.h += area.y
            area.y = 0
        prev_clip = screen.get_clip()
        screen.set_clip(vp)
        screen.blit(bg, dest, area)
        screen.set_clip(prev_clip)
        self._draw_over(screen, hl, now)

    def _draw_scaled_last(self, screen: pygame.Surface) -> None:
        """While the new zoom is painted: the last map, scaled to the new zoom, in view."""
        vp = self.viewport
        screen.fill(DESK, vp)
        if self._bg is None or self._bg_key is None:
            return
        old = self._bg_key[0]
        f = old / self.size
        m = self.layout.margin
        src = pygame.Rect(
            int(m + (self.cam[0] - m) * f),
            int(m + (self.cam[1] - m) * f),
            max(1, int(vp.w * f)),
            max(1, int(vp.h * f)),
        )
        clipped = src.clip(self._bg.get_rect())
        if clipped.w <= 0 or clipped.h <= 0:
            return
        part = pygame.transform.scale(
            self._bg.subsurface(clipped), (max(1, int(clipped.w / f)), max(1, int(clipped.h / f)))
        )
        prev_clip = screen.get_clip()
        screen.set_clip(vp)
        screen.blit(part, (vp.x + (clipped.x - src.x) / f, vp.y + (clipped.y - src.y) / f))
        screen.set_clip(prev_clip)

    def _draw_over(self, screen: pygame.Surface, hl: Highlights, now: float) -> None:
        """What is drawn over the map every frame: flames, highlights, counters, effects."""
        vp = self.viewport
        prev_clip = screen.get_clip()
        screen.set_clip(vp)
        on_screen = self._on_screen_test()
        self._fires(screen, now, on_screen)
        self._highlights(screen, hl, on_screen, now)
        self._units(screen, on_screen, hl)
        self._path_cost(screen, hl)
        self._sprites(screen, now)
        if hl.hover is not None:
            self._blit_tile(screen, self._tile("outline", P.INK, 170), hl.hover)
        if hl.hover_edge is not None:
            p, q = self.layout.edge(*hl.hover_edge)
            pygame.draw.line(
                screen,
                P.HIGHLIGHT_TARGET,
                self.map_to_screen(*p),
                self.map_to_screen(*q),
                max(3, int(self.size / 4)),
            )
        screen.set_clip(prev_clip)

    def _on_screen_test(self):
        x0, y0 = self.cam[0] - self.size * 2, self.cam[1] - self.size * 2
        x1, y1 = (
            self.cam[0] + self.viewport.w + self.size * 2,
            self.cam[1] + self.viewport.h + self.size * 2,
        )
        layout = self.layout

        def test(h: Hex) -> bool:
            x, y = layout.centre(h)
            return x0 <= x <= x1 and y0 <= y <= y1

        return test

    def _fires(self, screen, now: float, on_screen) -> None:
        s = self.session.seat()
        if not s.fires:
            return
        size = self.size
        night = s.is_night() and not self.daylight
        for h in s.fires:
            if not on_screen(h):
                continue
            cx, cy = self.hex_centre_on_screen(h)
            if night:
                # a fire lights the dark: a bright glow and a flickering rim, seen from afar
                self._blit_tile(screen, self._tile("fill", P.FLAME_CORE, 150), h)
                rim = 200 + int(55 * math.sin(now * 6 + h.q))
                self._blit_tile(screen, self._tile("outline", P.FLAME, rim // 10 * 10), h)
            else:
                self._blit_tile(screen, self._tile("fill", P.FLAME, 60), h)
            rng = random.Random(h.q * 131 + h.r)
            for k in range(3):
                phase = now * (5 + k) + rng.random() * 6
                fx = cx + (k - 1) * size * 0.35
                fy = cy + size * 0.3
                height = size * (0.55 + 0.18 * math.sin(phase))
                w = size * 0.2
                flame = [
                    (fx - w, fy),
                    (fx - w * 0.4, fy - height * 0.6),
                    (fx + w * 0.2 * math.sin(phase * 1.3), fy - height),
                    (fx + w * 0.5, fy - height * 0.55),
                    (fx + w, fy),
                ]
                pygame.draw.polygon(screen, P.FLAME, flame)
                core = [(fx - w * 0.5, fy), (fx, fy - height * 0.5), (fx + w * 0.5, fy)]
                pygame.draw.polygon(screen, P.FLAME_CORE, core)
            # smoke drifting downwind
            for k in range(3):
                t = (now * 0.35 + k / 3 + rng.random()) % 1.0
                r = int(size * (0.2 + 0.35 * t))
                dx, dy = compass_vector(self.session.seat().wind_from)
                x = cx + dx * size * 1.6 * t
                y = cy - size * 0.7 - size * 0.9 * t + dy * size * t
                alpha = int(120 * (1 - t)) // 10 * 10
                key = ("smoke", r, alpha)
                smoke = self._tiles.get(key)
                if smoke is None:
                    smoke = self._tiles[key] = pygame.Surface(
                        (r * 2 + 2, r * 2 + 2), pygame.SRCALPHA
                    )
                    pygame.draw.circle(smoke, (*P.SMOKE, alpha), (r + 1, r + 1), r)
                screen.blit(smoke, (x - r, y - r))

    def _highlights(self, screen, hl: Highlights, on_screen, now: float = 0.0) -> None:
        if hl.reachable:
            tile = self._tile("fill", P.HIGHLIGHT_MOVE, 70)
            for h in hl.reachable:
                if on_screen(h):
                    self._blit_tile(screen, tile, h)
        if hl.targets:
            # enemies within reach: a red rim and a slow red pulse, plain by day and by night
            tile = self._tile("outline", P.HIGHLIGHT_TARGET, 240)
            pulse = self._tile("fill", P.HIGHLIGHT_TARGET, 40 + 10 * int(4 + 4 * math.sin(now * 4)))
            for h in hl.targets:
                if on_screen(h):
                    self._blit_tile(screen, pulse, h)
                    self._blit_tile(screen, tile, h)
        if hl.aim is not None:
            self._blit_tile(screen, self._tile("fill", P.HIGHLIGHT_TARGET, 90), hl.aim)
        if len(hl.path) >= 2:
            pts = [self.map_to_screen(*self.layout.centre(h)) for h in hl.path]
            pygame.draw.lines(screen, P.PAPER, False, pts, max(4, int(self.size / 3.5)))
            pygame.draw.lines(screen, P.HIGHLIGHT_PATH, False, pts, max(2, int(self.size / 6)))
            for x, y in pts[1:-1]:
                pygame.draw.circle(screen, P.HIGHLIGHT_PATH, (x, y), max(2, int(self.size / 6)))
        for h in hl.selected:
            self._blit_tile(screen, self._tile("outline", P.SELECT, 255), h)

    def _path_cost(self, screen, hl: Highlights) -> None:
        """The march's cost above its end, drawn over the counters so none can hide it."""
        self.path_label_rect = None
        if len(hl.path) < 2 or hl.path_cost is None:
            return
        ex, ey = self.map_to_screen(*self.layout.centre(hl.path[-1]))
        label = fonts.halo_text(
            fonts.bold(max(12, int(self.size * 0.7))),
            f"{hl.path_cost:g} MP",
            P.HIGHLIGHT_PATH,
            P.PAPER,
            2,
        )
        rect = label.get_rect(midbottom=(ex, ey - self.counters.size * 0.55))
        rect.clamp_ip(self.viewport)
        screen.blit(label, rect)
        self.path_label_rect = rect

    def _units(self, screen, on_screen, hl: Highlights) -> None:
        """Counters: the list of (map position, art) is rebuilt only when the state, the zoom or
        the animation set changes; a frame just blits the ones on screen."""
        session = self.session
        s = session.seat()
        key = (
            session.revision,
            session.viewer,
            session.fog,
            self.size,
            s.phase,
            tuple(sorted(self.hidden_units)),
            tuple(sorted(self.moving)),
        )
        if key != self._unit_key:
            self._unit_key = key
            self._unit_items = self._unit_art()
        cx, cy = self.cam[0] - self.viewport.x, self.cam[1] - self.viewport.y
        x0, y0 = self.cam[0] - 64, self.cam[1] - 64
        x1, y1 = self.cam[0] + self.viewport.w + 64, self.cam[1] + self.viewport.h + 64
        screen.blits(
            [
                (art, (x - cx, y - cy))
                for x, y, art in self._unit_items
                if x0 <= x <= x1 and y0 <= y <= y1
            ],
            doreturn=False,
        )
        half = self.counters.size / 2
        for uid, (mx, my) in self.moving.items():
            u = self._shown_unit(uid)
            x, y = self.map_to_screen(mx, my)
            screen.blit(self._counter_art(u, s, self._leaders()), (x - half, y - half))

    def _leaders(self) -> set[str]:
        if self.session.fog:
            return self.session.seat().leader_units()
        s = self.session.game.state
        return {
            lead.unit
            for lead in s.leaders.values()
            if lead.unit and lead.status in ("active", "wounded")
        }

    def _shown_unit(self, uid: str):
        """A unit as the viewer knows it: its own, an enemy in sight, or (an enemy marching out
        of sight, a last-seen marker) what the scenario says of it, strength unknown."""
        seat = self.session.seat()
        if not self.session.fog:
            return self.session.game.state.units[uid]
        if seat.owns(uid):
            return seat.unit(uid)
        seen = seat.seen_enemy(uid)
        if seen is not None:
            return seen
        spec = next(u for u in self.scenario.units if u.id == uid)
        unit_type = next(t for t in self.scenario.unit_types if t.id == spec.type)
        side = next(sd for sd in self.scenario.sides if sd.id == spec.side)
        return SeenUnit(
            uid,
            spec.name,
            spec.side,
            Hex.from_offset(*spec.at),
            0,
            unit_type.id,
            unit_type.unit_class,
            "steady",
            spec.nation or side.nations[0].id,
        )

    def _unit_art(self) -> list[tuple[float, float, pygame.Surface]]:
        session = self.session
        s = session.seat()
        ref = session.game.state
        fog = session.fog
        view = session.view()
        c = self.counters
        half = c.size / 2
        layout = self.layout
        leaders = self._leaders()
        items: list[tuple[float, float, pygame.Surface]] = []
        stacks: dict[Hex, list] = {}
        # through the viewer's seat: its own units and the enemies it sees (the fog off: all)
        shown = (
            session.seat().units() + view.enemies
            if fog
            else [u for side in ref.sides for u in ref.units_of(side)]
        )
        for u in shown:
            if u.id in self.hidden_units or u.id in self.moving:
                continue
            stacks.setdefault(u.hex, []).append(u)
        if fog:
            enemy_ids_seen = {e.id for e in view.enemies}
            for uid, (h, turn) in view.last_seen.items():
                if uid in enemy_ids_seen or h in view.visible or h in stacks:
                    continue
                u = self._shown_unit(uid)
                art = c.counter(
                    self.unit_colour(u),
                    u.unit_class,
                    0,
                    "steady",
                    False,
                    False,
                    faded=True,
                    ghost_label=f"T{turn}",
                )
                x, y = layout.centre(h)
                items.append((x - half, y - half, art))
        step = max(2, int(c.size / 8))
        for h, units in stacks.items():
            x, y = layout.centre(h)
            units = sorted(units, key=lambda u: (u.strength, u.id))
            n = len(units)
            for i, u in enumerate(units[-3:]):
                off = (i - min(n, 3) + 1) * step
                items.append((x + off - half, y + off - half, self._counter_art(u, s, leaders)))
            if n > 1 and c.size >= 18:
                # on the top counter's right edge, between the leader star and the spent
                # corner: clear of the strength figure along its bottom
                badge = self._badge(n)
                items.append((x + half - 3, y - badge.get_height() // 2 - c.size * 0.1, badge))
        return items

    def _badge(self, n: int) -> pygame.Surface:
        key = ("badge", n, self.counters.size)
        t = self._tiles.get(key)
        if t is None:
            label = fonts.bold(max(9, int(self.counters.size * 0.3))).render(str(n), True, P.PAPER)
            r = max(label.get_width(), label.get_height()) // 2 + 2
            t = pygame.Surface((16, 16) if r <= 8 else (2 * r, 2 * r), pygame.SRCALPHA)
            pygame.draw.circle(
                t, P.INK, (t.get_width() // 2, t.get_height() // 2), t.get_width() // 2
            )
            t.blit(label, label.get_rect(center=(t.get_width() // 2, t.get_height() // 2)))
            self._tiles[key] = t
        return t

    def _counter_art(self, u, s, leaders: set[str]) -> pygame.Surface:
        """A unit's counter: one of the viewer's own (a UnitState) or an enemy as seen."""
        seen = isinstance(u, SeenUnit)
        spent = (
            not seen
            and u.side == s.active_side
            and (
                (s.phase == "movement" and u.moved)
                or (s.phase == "fire" and u.fired)
                or (s.phase == "assault" and u.assaulted)
            )
        )
        strength = u.strength
        if not seen and u.side != self.session.viewer and self.session.fog:
            strength = max(100, int(round(u.strength / 100.0)) * 100)
        unit_class = u.unit_class if seen else u.type.unit_class
        return self.counters.counter(
            self.unit_colour(u),
            unit_class,
            strength,
            u.morale,
            u.id in leaders,
            spent,
            suppression=u.suppression,
        )

    def _sprites(self, screen, now: float) -> None:
        alive = []
        for sp in self.sprites:
            t = (now - sp.start) / sp.duration if sp.duration > 0 else 1.0
            if t >= 1.0:
                continue
            alive.append(sp)
            if t < 0:
                continue
            if sp.kind == "shot" and len(sp.points) == 2:
                a = self.map_to_screen(*sp.points[0])
                b = self.map_to_screen(*sp.points[1])
                k = min(1.0, t * 2)
                head = (a[0] + (b[0] - a[0]) * k, a[1] + (b[1] - a[1]) * k)
                pygame.draw.line(screen, sp.colour, a, head, max(2, int(self.size / 8)))
                if t > 0.45:
                    r = int(self.size * (0.3 + 0.5 * (t - 0.45)))
                    pygame.draw.circle(screen, P.FLAME_CORE, (int(b[0]), int(b[1])), r, 2)
            elif sp.kind == "clash" and sp.points:
                x, y = self.map_to_screen(*sp.points[0])
                spread = self.size * (0.5 + 0.4 * math.sin(t * math.pi))
                for k in range(8):
                    ang = math.radians(k * 45 + t * 90)
                    pygame.draw.line(
                        screen,
                        sp.colour,
                        (x + math.cos(ang) * spread * 0.3, y + math.sin(ang) * spread * 0.3),
                        (x + math.cos(ang) * spread, y + math.sin(ang) * spread),
                        3,
                    )
            elif sp.kind == "flash":
                for h in sp.hexes:
                    alpha = int(160 * (1 - t))
                    self._blit_tile(
                        screen, self._tile("fill", sp.colour, 160), h
                    ) if alpha > 80 else self._blit_tile(
                        screen, self._tile("fill", sp.colour, 70), h
                    )
            elif sp.kind == "text" and sp.points:
                x, y = self.map_to_screen(*sp.points[0])
                label = fonts.halo_text(
                    fonts.bold(max(12, int(self.size * 0.75))), sp.text, sp.colour, P.PAPER, 2
                )
                screen.blit(label, label.get_rect(center=(x, y - self.size * (0.6 + t))))
        self.sprites = alive
