"""The small map in the side panel's foot: the whole field, the units the viewer may see, the
part of the map in view; a click there brings that place into view."""

from __future__ import annotations

import pygame

from siege.ui import palette as P
from siege.ui.layout import Layout

MINIMAP_H = 170


class Minimap:
    def __init__(self, battle, rect: pygame.Rect) -> None:
        self.battle = battle
        self.rect = rect
        self._cache: tuple | None = None  # (key, picture, layout, scale)

    def _picture(self):
        r = self.rect
        night = self.battle.seat.is_night()
        key = (r.size, night)
        if self._cache is None or self._cache[0] != key:
            small = Layout(6.0, margin=6)
            static = self.battle.board.painter.paint(small, night)
            sw, sh = static.get_size()
            scale = min(r.w / sw, r.h / sh)
            size = (int(sw * scale), int(sh * scale))
            self._cache = (key, pygame.transform.smoothscale(static, size), small, scale)
        return self._cache[1:]

    def draw(self, screen: pygame.Surface) -> None:
        b = self.battle
        r, board, s = self.rect, b.board, b.seat
        surf, small, scale = self._picture()
        dest = surf.get_rect(center=r.center)
        screen.fill((20, 16, 12), r)
        screen.blit(surf, dest)
        ref = b.session.game.state  # (the fog turned off: the player chose to see everything)
        shown = (
            s.units() + s.enemies()
            if b.session.fog
            else [u for side in ref.sides for u in ref.units_of(side)]
        )
        for u in shown:
            x, y = small.centre(u.hex)
            pygame.draw.rect(
                screen, board.unit_colour(u), (dest.x + x * scale - 2, dest.y + y * scale - 2, 4, 4)
            )
        # the viewport
        ratio = scale * small.size / board.size
        vx = dest.x + (board.cam[0] - board.layout.margin) * ratio + small.margin * scale
        vy = dest.y + (board.cam[1] - board.layout.margin) * ratio + small.margin * scale
        view = pygame.Rect(vx, vy, board.viewport.w * ratio, board.viewport.h * ratio)
        pygame.draw.rect(screen, P.SELECT, view.clip(dest), 1)  # (a small map: all of it)
        pygame.draw.rect(screen, P.UI_DIM, r, 1)

    def jump(self, pos: tuple[int, int]) -> None:
        """Bring the map point clicked on the minimap into view."""
        surf, small, scale = self._picture()
        dest = surf.get_rect(center=self.rect.center)
        h = small.hex_at((pos[0] - dest.x) / scale, (pos[1] - dest.y) / scale)
        if self.battle.seat.map.on_map(h):
            self.battle.board.centre_on(h)
