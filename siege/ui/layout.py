"""Hex <-> pixel for pointy-top, odd-r maps (Red Blob Games' Layout idea), UI side only.

Map pixels: hex [0, 0]'s centre sits one margin in from the top-left corner of the map surface.
The camera turns map pixels into screen pixels by an offset; zoom is the hex size (centre to
corner, in pixels).
"""

from __future__ import annotations

import math

from siege.engine.hexes import Hex, cube_round

SQRT3 = math.sqrt(3.0)
# the two corners (indices into Layout.corners) of the edge facing each direction E..SE
EDGE_CORNERS = tuple(((6 - d) % 6, (7 - d) % 6) for d in range(6))


class Layout:
    def __init__(self, size: float, margin: float = 24.0) -> None:
        self.size = float(size)
        self.margin = margin
        self.ox = margin + SQRT3 * size / 2
        self.oy = margin + size
        self._unit = [
            (math.cos(math.radians(60 * i - 30)), math.sin(math.radians(60 * i - 30)))
            for i in range(6)
        ]

    @property
    def hex_width(self) -> float:
        return SQRT3 * self.size

    def map_pixel_size(self, width: int, height: int) -> tuple[int, int]:
        w = self.hex_width * (width + 0.5) + 2 * self.margin
        h = self.size * (1.5 * height + 0.5) + 2 * self.margin
        return int(math.ceil(w)), int(math.ceil(h))

    def centre(self, h: Hex) -> tuple[float, float]:
        x = self.size * SQRT3 * (h.q + h.r / 2.0) + self.ox
        y = self.size * 1.5 * h.r + self.oy
        return x, y

    def centre_of(self, col: int, row: int) -> tuple[float, float]:
        return self.centre(Hex.from_offset(col, row))

    def hex_at(self, x: float, y: float) -> Hex:
        px, py = (x - self.ox) / self.size, (y - self.oy) / self.size
        q = SQRT3 / 3 * px - py / 3
        r = 2.0 / 3 * py
        return cube_round(q, r, -q - r)

    def corners(self, h: Hex, scale: float = 1.0) -> list[tuple[float, float]]:
        cx, cy = self.centre(h)
        s = self.size * scale
        return [(cx + s * ux, cy + s * uy) for ux, uy in self._unit]

    def edge(self, a: Hex, b: Hex) -> tuple[tuple[float, float], tuple[float, float]]:
        """The two end points of the edge between adjacent hexes a and b."""
        d = a.direction_to(b)
        if d is None:
            raise ValueError(f"{a} and {b} are not neighbours")
        pts = self.corners(a)
        i, j = EDGE_CORNERS[d]
        return pts[i], pts[j]

    def nearest_edge(self, h: Hex, x: float, y: float) -> tuple[int, float]:
        """(direction, distance in pixels) of the edge of h nearest to the point."""
        best = (0, float("inf"))
        pts = self.corners(h)
        for d, (i, j) in enumerate(EDGE_CORNERS):
            (ax, ay), (bx, by) = pts[i], pts[j]
            mx, my = (ax + bx) / 2, (ay + by) / 2
            dist = math.hypot(x - mx, y - my)
            if dist < best[1]:
                best = (d, dist)
        return best
