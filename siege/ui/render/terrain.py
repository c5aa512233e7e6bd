"""The static map, drawn once per zoom level onto one surface: paper, terrain washes and ink
symbols, hill hachures from the elevation array, roofs and lanes, the ice, roads, camps, works,
walls, the fort's outline, exits, labels. Everything that changes in play (gates, breaches,
fires, fog, units) is drawn over it by `board.py`.
"""

from __future__ import annotations

import math
import random

import numpy as np
import pygame

from siege.engine.hexes import DIRECTIONS, Hex
from siege.engine.map import BattleMap
from siege.scenario.schema import Scenario, TerrainType
from siege.ui import fonts
from siege.ui import palette as P
from siege.ui.layout import EDGE_CORNERS, Layout
from siege.ui.render.labels import EXIT_NAMES_FROM, centre_of_hexes, placed


def terrain_style(t: TerrainType, max_elev: float) -> str:
    """One drawing style per terrain type, from its properties (and its id for flavour)."""
    key = f"{t.id} {t.name}".lower()
    if t.water:
        return "water"
    if not t.passable or all(getattr(t.move_cost, c) is None for c in ("foot", "horse", "guns")):
        return "cliff"
    if any(w in key for w in ("fort", "bastion", "redoubt", " work")):
        return "fort"
    if t.urban:
        return "urban" if t.blocks_sight or "house" in key else "square"
    if any(w in key for w in ("hamlet", "village", "farmstead")):
        return "hamlet"
    if t.elevation >= max(20.0, 0.5 * max_elev) and t.elevation > 0:
        return "high"
    if t.elevation > 0:
        return "hill"
    if t.blocks_sight or "wood" in key or "forest" in key or "pine" in key:
        return "woods"
    if any(w in key for w in ("field", "farm", "paddy", "crop")):
        return "fields"
    if any(w in key for w in ("bank", "sand", "beach", "shore", "strand")):
        return "bank"
    if any(w in key for w in ("marsh", "swamp", "reed")):
        return "marsh"
    if "camp" in key:
        return "camp"
    return "open"


class TerrainPainter:
    """Draws the static map of one scenario at one zoom; cheap to keep, costly to build."""

    def __init__(self, scenario: Scenario, battle_map: BattleMap) -> None:
        self.scenario = scenario
        self.map = battle_map
        self.max_elev = float(battle_map.elevation.max()) if battle_map.elevation.size else 0.0
        self.styles = [terrain_style(t, self.max_elev) for t in battle_map.terrain]
        self.label_rects: list[pygame.Rect] = []  # where the last paint put the place names
        self.gate_boxes: list[pygame.Rect] = []  # and the gates they keep clear of
        self.exit_name_rects: dict[str, pygame.Rect] = {}  # exit id -> where its name went

    def style_at(self, h: Hex) -> str:
        return self.styles[int(self.map.code_index[h.r, h.col])]

    # ------------------------------------------------------------------ the whole surface

    def paint(self, layout: Layout, night: bool = False) -> pygame.Surface:
        m = self.map
        size = layout.map_pixel_size(m.width, m.height)
        screen = pygame.display.get_surface()  # painted in the screen's own pixel format, so
        surf = pygame.Surface(size, 0, screen) if screen else pygame.Surface(size)  # no copy
        surf.fill(P.PAPER)
        self._paper_grain(surf)
        rng = random.Random(1593)
        for h in m.hexes:
            self._hex(surf, layout, h, rng)
        self._hillshade(surf, layout)
        self._grid(surf, layout)
        self._roads(surf, layout)
        self._camps(surf, layout)
        self._works(surf, layout)
        self._fort_fill(surf, layout)
        self._walls(surf, layout)
        self._exits(surf, layout)
        self._labels(surf, layout)
        self._frame(surf, layout)
        if night:
            surf.fill(P.NIGHT_MULT, special_flags=pygame.BLEND_MULT)
        return surf

    def _paper_grain(self, surf: pygame.Surface) -> None:
        rng = np.random.default_rng(7)
        tile = pygame.Surface((128, 128))
        noise = rng.integers(240, 256, size=(128, 128), dtype=np.uint8)
        arr = np.stack([noise] * 3, axis=-1)
        pygame.surfarray.blit_array(tile, arr)
        w, h = surf.get_size()
        for x in range(0, w, 128):
            for y in range(0, h, 128):
                surf.blit(tile, (x, y), special_flags=pygame.BLEND_MULT)

    # ------------------------------------------------------------------ one hex

    def _hex(self, surf: pygame.Surface, layout: Layout, h: Hex, rng: random.Random) -> None:
        style = self.style_at(h)
        s = layout.size
        pts = layout.corners(h, 1.0)
        cx, cy = layout.centre(h)
        hr = random.Random(h.q * 7919 + h.r * 104729)
        if style == "water":
            cm = float(self.map.ice_cm[h.r, h.col])
            draw_ice(surf, layout, h, cm)
            return
        colour = {
            "open": P.OPEN,
            "fields": P.FIELD,
            "woods": P.WOODS,
            "hill": P.HILL_LOW,
            "high": P.HILL_HIGH,
            "urban": P.URBAN,
            "square": P.SQUARE,
            "fort": P.FORT_GROUND,
            "cliff": P.CLIFF,
            "bank": P.BANK,
            "marsh": P.WOODS,
            "camp": P.OPEN,
            "hamlet": P.FIELD,
        }[style]
        if style in ("hill", "high") and self.max_elev > 0:
            t = float(self.map.elevation[h.r, h.col]) / self.max_elev
            colour = P.lerp(P.HILL_LOW, P.HILL_HIGH, t)
        if style == "open":
            colour = P.lerp(P.OPEN, P.PAPER_DARK, hr.random() * 0.25)
        pygame.draw.polygon(surf, colour, pts)
        if s < 7:
            return
        if style == "fields" and hr.random() < 0.55:
            # furrows: parallel strokes, angle varying by field
            ang = hr.choice((0.0, 0.5, -0.5, 1.2))
            dx, dy = math.cos(ang), math.sin(ang)
            for k in (-1, 0, 1):
                ox, oy = -dy * k * s * 0.26, dx * k * s * 0.26
                a = (cx + ox - dx * s * 0.55, cy + oy - dy * s * 0.55)
                b = (cx + ox + dx * s * 0.55, cy + oy + dy * s * 0.55)
                pygame.draw.line(surf, P.lerp(colour, P.FIELD_LINE, 0.7), a, b, 1)
        elif style == "woods":
            for _ in range(3):
                tx = cx + hr.uniform(-0.45, 0.45) * s
                ty = cy + hr.uniform(-0.4, 0.4) * s
                r = max(2, int(s * 0.2))
                pygame.draw.line(surf, P.WOODS_INK, (tx, ty), (tx, ty + r * 1.4), 1)
                pygame.draw.circle(surf, P.lerp(P.WOODS, P.WOODS_INK, 0.35), (tx, ty), r)
                pygame.draw.circle(surf, P.WOODS_INK, (tx, ty), r, 1)
        elif style == "urban":
            self._roofs(surf, layout, h, hr)
        elif style == "hamlet":
            for _ in range(3):
                w_, h_ = s * 0.34, s * 0.24
                x = cx + hr.uniform(-0.45, 0.2) * s
                y = cy + hr.uniform(-0.4, 0.3) * s
                pygame.draw.rect(surf, P.ROOF, (x, y, w_, h_))
                pygame.draw.rect(surf, P.INK_SOFT, (x, y, w_, h_), 1)
        elif style == "square":
            for _ in range(4):
                px = cx + hr.uniform(-0.5, 0.5) * s
                py = cy + hr.uniform(-0.5, 0.5) * s
                pygame.draw.circle(surf, P.INK_SOFT, (px, py), 1)
        elif style == "cliff":
            for k in range(5):
                x0 = cx - s * 0.6 + k * s * 0.3
                pygame.draw.line(surf, P.INK, (x0, cy - s * 0.4), (x0 + s * 0.2, cy + s * 0.4), 2)
        elif style == "bank":
            for _ in range(5):
                px = cx + hr.uniform(-0.55, 0.55) * s
                py = cy + hr.uniform(-0.5, 0.5) * s
                surf.set_at((int(px), int(py)), P.INK_SOFT)
        elif style == "marsh":
            for _ in range(3):
                px = cx + hr.uniform(-0.5, 0.5) * s
                py = cy + hr.uniform(-0.4, 0.4) * s
                pygame.draw.line(surf, P.WOODS_INK, (px - s * 0.15, py), (px + s * 0.15, py), 1)
                pygame.draw.line(surf, P.WOODS_INK, (px, py), (px, py - s * 0.15), 1)
        elif style == "fort":
            for k in range(-3, 4):
                a = (cx + k * s * 0.18 - s * 0.3, cy - s * 0.55)
                b = (cx + k * s * 0.18 + s * 0.3, cy + s * 0.55)
                pygame.draw.line(surf, P.lerp(P.FORT_GROUND, P.HACHURE, 0.35), a, b, 1)

    def _roofs(self, surf: pygame.Surface, layout: Layout, h: Hex, hr: random.Random) -> None:
        """A block of houses: tiled roofs with a ridge line, paper lanes between them."""
        s = layout.size
        cx, cy = layout.centre(h)
        cell = s * 0.42
        roof_w, roof_h = cell * 0.8, cell * 0.55
        for gy in (-1, 0, 1):
            for gx in (-1, 0, 1):
                if abs(gx) + abs(gy) == 2 and hr.random() < 0.6:
                    continue
                if hr.random() < 0.12:
                    continue
                x = cx + gx * cell + (gy & 1) * cell * 0.3 - roof_w / 2
                y = cy + gy * cell * 0.8 - roof_h / 2
                rect = pygame.Rect(int(x), int(y), max(2, int(roof_w)), max(2, int(roof_h)))
                shade = P.lerp(P.ROOF, P.ROOF_LIGHT, hr.random() * 0.6)
                pygame.draw.rect(surf, shade, rect)
                if s >= 14:
                    pygame.draw.line(
                        surf,
                        P.darker(shade, 0.7),
                        (rect.left + 1, rect.centery),
                        (rect.right - 2, rect.centery),
                        1,
                    )

    def _hillshade(self, surf: pygame.Surface, layout: Layout) -> None:
        """Hachures on slopes: short ink strokes running downhill from each higher hex, denser
        where the drop is steeper, the way engravers drew relief."""
        m = self.map
        if self.max_elev <= 0 or layout.size < 6:
            return
        s = layout.size
        pts_cache: dict[Hex, list[tuple[float, float]]] = {}
        for h in m.hexes:
            e = m.elevation_of[h]
            if e <= 0:
                continue
            pts = pts_cache.setdefault(h, layout.corners(h))
            cx, cy = layout.centre(h)
            for d, n in enumerate(h.neighbours()):
                if not m.on_map(n):
                    continue
                drop = e - m.elevation_of[n]
                if drop < 8:
                    continue
                i, j = EDGE_CORNERS[d]
                (ax, ay), (bx, by) = pts[i], pts[j]
                strokes = 2 + min(4, int(drop / 20))
                for k in range(strokes):
                    t = (k + 0.5) / strokes
                    ex, ey = ax + (bx - ax) * t, ay + (by - ay) * t
                    # from the edge inward, toward the centre
                    ix, iy = ex + (cx - ex) * 0.38, ey + (cy - ey) * 0.38
                    width = 2 if drop >= 40 and s >= 14 else 1
                    pygame.draw.line(surf, P.HACHURE, (ex, ey), (ix, iy), width)
            # the sunlit north-west slopes lighter, the south-east darker
            nw = Hex(h.q, h.r - 1)
            se = Hex(h.q, h.r + 1)
            if m.on_map(nw) and m.on_map(se):
                slope = m.elevation_of[se] - m.elevation_of[nw]
                if abs(slope) > 5:
                    tint = pygame.Surface((int(s * 2) + 2, int(s * 2) + 2), pygame.SRCALPHA)
                    local = [(x - cx + s + 1, y - cy + s + 1) for x, y in pts]
                    colour = (255, 250, 230, 40) if slope > 0 else (60, 40, 20, 40)
                    pygame.draw.polygon(tint, colour, local)
                    surf.blit(tint, (cx - s - 1, cy - s - 1))

    def _grid(self, surf: pygame.Surface, layout: Layout) -> None:
        if layout.size < 8:
            return
        grid = pygame.Surface(surf.get_size(), pygame.SRCALPHA)
        colour = (*P.INK_SOFT, 46)
        for h in self.map.hexes:
            pygame.draw.lines(grid, colour, True, layout.corners(h), 1)
        surf.blit(grid, (0, 0))

    def _roads(self, surf: pygame.Surface, layout: Layout) -> None:
        w = max(2, int(layout.size * 0.22))
        for road in self.scenario.map.roads:
            pts = [layout.centre_of(c, r) for c, r in road.path]
            if len(pts) >= 2:
                pygame.draw.lines(surf, P.PAPER, False, pts, w + 2)
                pygame.draw.lines(surf, P.ROAD, False, pts, max(1, w // 2))
                for x, y in pts:
                    pygame.draw.circle(surf, P.ROAD, (x, y), max(1, w // 2) // 2 + 1)

    def _camps(self, surf: pygame.Surface, layout: Layout) -> None:
        """A camp: one small tent per hex in the side's colour, and a dashed line around it."""
        s = layout.size
        colours = {side.id: P.hex_to_rgb(side.colour) for side in self.scenario.sides}
        for camp in self.scenario.map.camps:
            colour = P.lerp(colours.get(camp.side, P.INK), P.PAPER, 0.35)
            cells = {Hex.from_offset(c, r) for c, r in camp.hexes}
            for h in cells:
                cx, cy = layout.centre(h)
                hr = random.Random(h.q * 17 + h.r * 5)
                tx, ty = cx + hr.uniform(-0.25, 0.25) * s, cy + hr.uniform(-0.2, 0.2) * s
                tri = [
                    (tx - s * 0.24, ty + s * 0.18),
                    (tx + s * 0.24, ty + s * 0.18),
                    (tx, ty - s * 0.22),
                ]
                pygame.draw.polygon(surf, colour, tri)
                pygame.draw.polygon(surf, P.INK_SOFT, tri, 1)
                for d, n in enumerate(h.neighbours()):
                    if n in cells:
                        continue
                    i, j = EDGE_CORNERS[d]
                    pts = layout.corners(h, 0.9)
                    (ax, ay), (bx, by) = pts[i], pts[j]
                    for k in range(0, 4, 2):
                        t0, t1 = k / 4, (k + 1) / 4
                        pygame.draw.line(
                            surf,
                            P.INK_SOFT,
                            (ax + (bx - ax) * t0, ay + (by - ay) * t0),
                            (ax + (bx - ax) * t1, ay + (by - ay) * t1),
                            1,
                        )

    def _works(self, surf: pygame.Surface, layout: Layout) -> None:
        s = layout.size
        for work in self.scenario.map.works:
            for col, row in work.hexes:
                cx, cy = layout.centre_of(col, row)
                if work.kind == "abatis":
                    for k in range(-2, 3):
                        x = cx + k * s * 0.2
                        pygame.draw.line(
                            surf,
                            P.INK,
                            (x - s * 0.1, cy + s * 0.45),
                            (x + s * 0.1, cy + s * 0.25),
                            1,
                        )
                        pygame.draw.line(
                            surf,
                            P.INK,
                            (x + s * 0.1, cy + s * 0.45),
                            (x - s * 0.1, cy + s * 0.25),
                            1,
                        )
                elif work.kind == "dugouts":
                    for dx, dy in ((-0.35, 0.35), (0.3, 0.4), (0.0, -0.45)):
                        r = pygame.Rect(0, 0, max(3, int(s * 0.3)), max(2, int(s * 0.18)))
                        r.center = (int(cx + dx * s), int(cy + dy * s))
                        pygame.draw.arc(surf, P.INK, r, 0, math.pi, 1)
                else:  # shields, trenches: a short double line
                    pygame.draw.line(
                        surf, P.INK, (cx - s * 0.4, cy + s * 0.42), (cx + s * 0.4, cy + s * 0.42), 2
                    )

    def _fort_fill(self, surf: pygame.Surface, layout: Layout) -> None:
        """Loopholed works (the northern fort) get a red hatch inside their wall line."""
        m = self.map
        forts = {w.enclosure for w in m.walls.values() if w.loopholes and w.kind != "stone_wall"}
        forts |= {
            e.id for e in self.scenario.map.enclosures if "fort" in f"{e.id} {e.name}".lower()
        }
        if not forts:
            return
        inside: set[Hex] = set()
        codes = {e.id: set(e.around) for e in self.scenario.map.enclosures if e.id in forts}
        rows = self.scenario.map.rows()
        for h in m.hexes:
            if any(rows[h.r][h.col] in c for c in codes.values()):
                inside.add(h)
        if not inside:
            return
        # The hatch goes on a layer only as big as the fort (the mask clears everything outside
        # its hexes anyway), with room for the strokes to run on uncut: at the closest zoom a
        # whole-map layer and mask were two 26 MB surfaces for a few dozen hexes. Shifting by
        # whole pixels keeps every pixel as it was.
        corners = [p for h in inside for p in layout.corners(h)]
        reach = math.ceil(layout.size * 0.5) + 2
        ox = math.floor(min(x for x, _ in corners)) - reach
        oy = math.floor(min(y for _, y in corners)) - reach
        size = (
            math.ceil(max(x for x, _ in corners)) + reach - ox,
            math.ceil(max(y for _, y in corners)) + reach - oy,
        )

        def local(points: list[tuple[float, float]]) -> list[tuple[float, float]]:
            return [(x - ox, y - oy) for x, y in points]

        hatch = pygame.Surface(size, pygame.SRCALPHA)
        s = layout.size
        for h in inside:
            cx, cy = layout.centre(h)
            pygame.draw.polygon(hatch, (*P.FORT_HATCH, 40), local(layout.corners(h)))
            for k in range(-3, 4):
                a = (cx + k * s * 0.25 - s * 0.35, cy + s * 0.6)
                b = (cx + k * s * 0.25 + s * 0.35, cy - s * 0.6)
                start, end = local([a, b])
                pygame.draw.line(hatch, (*P.FORT_HATCH, 70), start, end, 1)
        mask = pygame.Surface(size, pygame.SRCALPHA)
        for h in inside:
            pygame.draw.polygon(mask, (255, 255, 255, 255), local(layout.corners(h, 0.98)))
        hatch.blit(mask, (0, 0), special_flags=pygame.BLEND_RGBA_MIN)
        surf.blit(hatch, (ox, oy))

    def _walls(self, surf: pygame.Surface, layout: Layout) -> None:
        """Walls as thick ink along hex edges, with merlons on the outer face and loophole dots."""
        s = layout.size
        for (a, b), wall in sorted(self.map.walls.items()):
            p, q = layout.edge(a, b)
            inside = wall.inside
            outside = b if inside == a else a
            ix, iy = layout.centre(inside)
            ox, oy = layout.centre(outside)
            nx, ny = ox - ix, oy - iy
            norm = math.hypot(nx, ny) or 1.0
            nx, ny = nx / norm, ny / norm
            if wall.kind == "stone_wall":
                colour, width = P.WALL_STONE, max(3, int(s * 0.26))
            elif wall.kind == "earthwork":
                colour, width = P.WALL_EARTH, max(3, int(s * 0.22))
            else:
                colour, width = P.WALL_PALISADE, max(2, int(s * 0.14))
            # extend a little so corners join
            dx, dy = q[0] - p[0], q[1] - p[1]
            ext = 0.06
            p2 = (p[0] - dx * ext, p[1] - dy * ext)
            q2 = (q[0] + dx * ext, q[1] + dy * ext)
            pygame.draw.line(surf, colour, p2, q2, width)
            if s >= 10:
                # merlons / stakes on the outer face
                teeth = 4 if wall.kind != "palisade" else 6
                for k in range(teeth):
                    t = (k + 0.5) / teeth
                    mx, my = p[0] + dx * t, p[1] + dy * t
                    off = width * 0.5
                    r = pygame.Rect(0, 0, max(2, width // 2 + 1), max(2, width // 2 + 1))
                    r.center = (int(mx + nx * (off + 1)), int(my + ny * (off + 1)))
                    pygame.draw.rect(surf, colour, r)
                if wall.loopholes:
                    for k in range(3):
                        t = (k + 1) / 4
                        pygame.draw.circle(
                            surf, P.PAPER, (p[0] + dx * t, p[1] + dy * t), max(1, width // 5)
                        )

    def _exits(self, surf: pygame.Surface, layout: Layout) -> None:
        m = self.map
        s = layout.size
        font = fonts.label(max(10, int(s * 0.7)))
        self.exit_name_rects = {}
        for ex in self.scenario.map.exits:
            xs = [layout.centre_of(c, r) for c, r in ex.hexes]
            for (col, row), (cx, cy) in zip(ex.hexes, xs, strict=True):
                # point the arrow off the nearest map edge
                dists = {"W": col, "E": m.width - 1 - col, "N": row, "S": m.height - 1 - row}
                edge = min(dists, key=lambda d: dists[d])
                vx, vy = {"W": (-1, 0), "E": (1, 0), "N": (0, -1), "S": (0, 1)}[edge]
                tip = (cx + vx * s * 0.7, cy + vy * s * 0.7)
                base = (cx + vx * s * 0.05, cy + vy * s * 0.05)
                pygame.draw.line(surf, P.INK_SOFT, base, tip, 2 if s >= 14 else 1)
                wing = s * 0.2
                left = (tip[0] - vx * wing - vy * wing, tip[1] - vy * wing + vx * wing)
                right = (tip[0] - vx * wing + vy * wing, tip[1] - vy * wing - vx * wing)
                pygame.draw.polygon(surf, P.INK_SOFT, [tip, left, right])
            if s < EXIT_NAMES_FROM:
                continue
            x, y = centre_of_hexes(layout, ex.hexes)  # beside the exit, on the map's side
            where = placed(
                layout, (x, y + s * 0.9 if y < surf.get_height() / 2 else y - s * 0.9), ex.label
            )
            if where is not None:
                text = fonts.halo_text(font, ex.name, P.INK_SOFT, P.PAPER, 1)
                rect = text.get_rect(center=where)
                rect.clamp_ip(surf.get_rect())
                surf.blit(text, rect)
                self.exit_name_rects[ex.id] = rect

    def _labels(self, surf: pygame.Surface, layout: Layout) -> None:
        """Place names, each moved off the gates (which change in play and must stay readable)
        and off the labels already placed: the nearest free spot above or below its hex."""
        size = max(12, int(layout.size * 1.15))
        font = fonts.label(size)
        s = layout.size
        gates = []
        for gate in self.map.gates.values():
            p, q = layout.edge(*gate.edge)
            box = pygame.Rect(0, 0, int(s * 1.2), int(s * 1.2))
            box.center = (int((p[0] + q[0]) / 2), int((p[1] + q[1]) / 2))
            gates.append(box)
        placed: list[pygame.Rect] = []
        for lab in self.scenario.map.labels:
            x, y = layout.centre_of(*lab.at)
            text = fonts.halo_text(font, lab.text, P.INK, P.PAPER, 2)
            for dy in (0, -1, 1, -2, 2, -3, 3):
                rect = text.get_rect(center=(x, y + dy * s * 0.75))
                rect.clamp_ip(surf.get_rect())
                if rect.collidelist(gates) < 0 and rect.collidelist(placed) < 0:
                    break
            else:
                rect = text.get_rect(center=(x, y))
                rect.clamp_ip(surf.get_rect())
            placed.append(rect)
            surf.blit(text, rect)
        self.label_rects, self.gate_boxes = placed, gates

    def _frame(self, surf: pygame.Surface, layout: Layout) -> None:
        w, h = surf.get_size()
        m = int(layout.margin * 0.45)
        pygame.draw.rect(surf, P.INK, (m, m, w - 2 * m, h - 2 * m), 2)
        pygame.draw.rect(surf, P.INK_SOFT, (m + 4, m + 4, w - 2 * m - 8, h - 2 * m - 8), 1)
        # a compass rose in the top-right corner
        cx, cy, r = w - layout.margin - 28, layout.margin + 30, 20
        pygame.draw.circle(surf, P.PAPER, (cx, cy), r + 3)
        pygame.draw.circle(surf, P.INK, (cx, cy), r, 1)
        pygame.draw.polygon(surf, P.INK, [(cx, cy - r), (cx - 5, cy), (cx + 5, cy)])
        pygame.draw.polygon(surf, P.INK_SOFT, [(cx, cy + r), (cx - 5, cy), (cx + 5, cy)], 1)
        n = fonts.title(14).render("N", True, P.INK)
        surf.blit(n, n.get_rect(midbottom=(cx, cy - r - 1)))


def draw_ice(surf: pygame.Surface, layout: Layout, h: Hex, cm: float) -> None:
    """River ice shaded by thickness: white and cracked when thick, dark blue when thin, open
    water with ripples when broken."""
    s = layout.size
    pts = layout.corners(h, 1.0)
    cx, cy = layout.centre(h)
    hr = random.Random(h.q * 31 + h.r * 17)
    if cm <= 0.5:
        pygame.draw.polygon(surf, P.WATER_OPEN, pts)
        for k in (-0.3, 0.1, 0.45):
            y = cy + k * s
            pygame.draw.arc(
                surf, P.ICE_THIN, (cx - s * 0.5, y - s * 0.12, s * 0.5, s * 0.25), 0, math.pi, 1
            )
            pygame.draw.arc(
                surf, P.ICE_THIN, (cx, y - s * 0.12, s * 0.5, s * 0.25), math.pi, 2 * math.pi, 1
            )
        return
    t = max(0.0, min(1.0, (cm - 5.0) / 35.0))
    pygame.draw.polygon(surf, P.lerp(P.ICE_THIN, P.ICE_THICK, t), pts)
    if s < 8:
        return
    crack = P.lerp(P.WATER_OPEN, P.ICE_CRACK, t)
    for _ in range(2 if t > 0.5 else 3):
        x, y = cx + hr.uniform(-0.5, 0.5) * s, cy + hr.uniform(-0.4, 0.4) * s
        for _ in range(3):
            nx, ny = x + hr.uniform(-0.35, 0.35) * s, y + hr.uniform(-0.3, 0.3) * s
            pygame.draw.line(surf, crack, (x, y), (nx, ny), 1)
            x, y = nx, ny


def edge_direction_name(a: Hex, b: Hex) -> str:
    d = a.direction_to(b)
    return DIRECTIONS[d] if d is not None else "?"
