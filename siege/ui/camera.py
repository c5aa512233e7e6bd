"""Where the map view looks and how large a hex is drawn: pure arithmetic, no pygame, so the
sums of zooming, scrolling and picking a hex under the mouse can be tested alone.

`pos` is the map-pixel position of the viewport's top-left corner; `size` is the hex size
(centre to corner, in pixels). Map pixels are those of `Layout`.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from siege.engine.hexes import Hex
from siege.ui.layout import Layout

ZOOMS = (8.0, 11.0, 14.0, 18.0, 24.0, 32.0)
MIN_SIZE = 4.0


class Camera:
    def __init__(
        self,
        viewport: tuple[int, int, int, int],
        map_hexes: tuple[int, int],
        size: float = ZOOMS[3],
    ) -> None:
        self.viewport = tuple(viewport)  # x, y, w, h on the screen
        self.map_hexes = map_hexes  # columns, rows
        self.size = float(size)
        self.layout = Layout(self.size)
        self.pos = [0.0, 0.0]

    @property
    def map_size(self) -> tuple[int, int]:
        """The whole map at this zoom, in pixels."""
        return self.layout.map_pixel_size(*self.map_hexes)

    def on_map(self, h: Hex) -> bool:
        col, row = h.offset
        return 0 <= col < self.map_hexes[0] and 0 <= row < self.map_hexes[1]

    # ------------------------------------------------------------------ zoom

    def set_zoom(self, size: float, anchor: tuple[float, float] | None = None) -> None:
        """Zoom to hex size `size`, keeping the map point under `anchor` (screen) still."""
        vx, vy, vw, vh = self.viewport
        if anchor is None:
            anchor = (vx + vw // 2, vy + vh // 2)
        mx, my = self.screen_to_map(*anchor)
        margin = self.layout.margin
        w, h = self.map_size
        fx = (mx - margin) / max(1.0, w - 2 * margin)
        fy = (my - margin) / max(1.0, h - 2 * margin)
        self.size = float(size)
        self.layout = Layout(self.size)
        w, h = self.map_size
        nmx = margin + fx * (w - 2 * margin)
        nmy = margin + fy * (h - 2 * margin)
        self.pos = [nmx - (anchor[0] - vx), nmy - (anchor[1] - vy)]
        self.clamp()

    def zoom(self, steps: int, anchor: tuple[float, float] | None = None) -> bool:
        """Step along the zoom levels from the nearest one; False when already at the end."""
        index = min(range(len(ZOOMS)), key=lambda i: abs(ZOOMS[i] - self.size))
        index = max(0, min(len(ZOOMS) - 1, index + steps))
        if ZOOMS[index] == self.size:
            return False
        self.set_zoom(ZOOMS[index], anchor)
        return True

    def fit_size(self) -> float:
        """The hex size at which the whole map, its margin too, fits the viewport."""
        cols, rows = self.map_hexes
        _, _, vw, vh = self.viewport
        margin = 2 * self.layout.margin + 8
        w = (vw - margin) / (math.sqrt(3) * (cols + 0.5))
        h = (vh - margin) / (1.5 * rows + 0.5)
        return max(MIN_SIZE, min(w, h, ZOOMS[-1]))

    def fit(self) -> None:
        self.set_zoom(self.fit_size())
        self.centre_on_map()

    # ------------------------------------------------------------------ where it looks

    def centre_on_map(self) -> None:
        w, h = self.map_size
        self.look_at(w / 2, h / 2)

    def centre_on(self, h: Hex) -> None:
        self.look_at(*self.layout.centre(h))

    def look_at(self, x: float, y: float) -> None:
        """Put the map pixel (x, y) at the viewport's centre (as near as the edges allow)."""
        _, _, vw, vh = self.viewport
        self.pos = [x - vw / 2, y - vh / 2]
        self.clamp()

    def scroll(self, dx: float, dy: float) -> None:
        self.pos[0] += dx
        self.pos[1] += dy
        self.clamp()

    def clamp(self) -> None:
        """Keep the map in view: a map smaller than the viewport is centred in it, a larger
        one never shows the desk beyond its edges."""
        w, h = self.map_size
        _, _, vw, vh = self.viewport
        for i, (extent, view) in enumerate(((w, vw), (h, vh))):
            if extent <= view:
                self.pos[i] = -(view - extent) / 2
            else:
                self.pos[i] = max(0.0, min(self.pos[i], extent - view))

    # ------------------------------------------------------------------ screen <-> map

    def map_to_screen(self, x: float, y: float) -> tuple[float, float]:
        return x - self.pos[0] + self.viewport[0], y - self.pos[1] + self.viewport[1]

    def screen_to_map(self, x: float, y: float) -> tuple[float, float]:
        return x - self.viewport[0] + self.pos[0], y - self.viewport[1] + self.pos[1]

    def in_viewport(self, x: float, y: float) -> bool:
        vx, vy, vw, vh = self.viewport
        return vx <= x < vx + vw and vy <= y < vy + vh

    def hex_centre_on_screen(self, h: Hex) -> tuple[int, int]:
        x, y = self.map_to_screen(*self.layout.centre(h))
        return int(round(x)), int(round(y))

    def hex_at_screen(
        self, x: float, y: float, on_map: Callable[[Hex], bool] | None = None
    ) -> Hex | None:
        """The map hex under a screen point, None off the viewport or off the map."""
        if not self.in_viewport(x, y):
            return None
        h = self.layout.hex_at(*self.screen_to_map(x, y))
        return h if (on_map or self.on_map)(h) else None
