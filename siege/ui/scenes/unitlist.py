"""L in battle: the army at a glance. Every unit of the viewer's side on the field, sortable by
name, men, morale or whether it has acted this turn; a click on a row selects the unit and
brings it into view. Reads only the viewer's own units, through its seat."""

from __future__ import annotations

import pygame

from siege.ui import fonts
from siege.ui import palette as P
from siege.ui.scenes.base import Next, Pop, Scene, then
from siege.ui.scenes.dialogs import dim_screen

MORALE_ORDER = {"routed": 0, "wavering": 1, "shaken": 2, "steady": 3}
COLUMNS = (
    ("name", "Unit", 0.0),
    ("men", "Men", 0.50),
    ("morale", "Morale", 0.64),
    ("acted", "This turn", 0.80),
)
ROW_H = 22
HEAD_H = 56


def acted(unit) -> str:
    done = [
        k
        for k, v in (
            ("moved", unit.moved),
            ("fired", unit.fired),
            ("assaulted", unit.assaulted),
            ("rallied", unit.rallied),
        )
        if v
    ]
    return ", ".join(done) if done else "ready"


def sort_units(units: list, key: str, reverse: bool = False) -> list:
    """Units in the order a column asks for: names A-Z, the strongest first, the shakiest
    first, the units yet to act first; ties by name."""
    keys = {
        "name": lambda u: (u.name.lower(),),
        "men": lambda u: (-u.strength, u.name.lower()),
        "morale": lambda u: (MORALE_ORDER.get(u.morale, 3), u.name.lower()),
        "acted": lambda u: (acted(u) != "ready", u.name.lower()),
    }
    out = sorted(units, key=keys[key])
    return out[::-1] if reverse else out


class UnitList(Scene):
    opaque = False

    def __init__(self, app, battle) -> None:
        super().__init__(app)
        self.battle = battle
        w, h = app.size
        self.box = pygame.Rect(0, 0, min(620, battle.map_rect.w - 40), battle.map_rect.h - 40)
        self.box.midtop = (battle.map_rect.centerx, battle.map_rect.y + 20)
        self.sort_key = "acted"
        self.reverse = False
        self.scroll = 0
        self.rows: list = []
        self._resort()

    # ------------------------------------------------------------------ data

    def _resort(self) -> None:
        self.rows = sort_units(self.battle.seat.units(), self.sort_key, self.reverse)

    def sort_by(self, key: str) -> None:
        """A click on a column head: sort by it; a second click turns the order round."""
        if key == self.sort_key:
            self.reverse = not self.reverse
        else:
            self.sort_key, self.reverse = key, False
        self.scroll = 0
        self._resort()

    @property
    def visible_rows(self) -> int:
        return max(1, (self.box.h - HEAD_H - 30) // ROW_H)

    def row_at(self, pos) -> int | None:
        x, y = pos
        if not self.box.collidepoint(pos) or y < self.box.y + HEAD_H:
            return None
        i = (y - self.box.y - HEAD_H) // ROW_H + self.scroll
        return i if 0 <= i < len(self.rows) and i < self.scroll + self.visible_rows else None

    def column_at(self, pos) -> str | None:
        x, y = pos
        if not (self.box.y + 30 <= y < self.box.y + HEAD_H and self.box.x <= x < self.box.right):
            return None
        frac = (x - self.box.x - 12) / (self.box.w - 24)
        chosen = None
        for key, _title, start in COLUMNS:
            if frac >= start:
                chosen = key
        return chosen

    # ------------------------------------------------------------------ input

    def handle(self, event) -> Next:
        if event.type == pygame.KEYDOWN:
            if event.key in (pygame.K_ESCAPE, pygame.K_l):
                return Pop()
            if event.key == pygame.K_DOWN:
                self._scroll(1)
            elif event.key == pygame.K_UP:
                self._scroll(-1)
        elif event.type == pygame.MOUSEWHEEL:
            self._scroll(-3 if event.y > 0 else 3)
        elif event.type == pygame.MOUSEBUTTONUP and event.button == 1:
            column = self.column_at(event.pos)
            if column is not None:
                self.sort_by(column)
                return None
            row = self.row_at(event.pos)
            if row is not None:
                self.battle.select_unit(self.rows[row].id)
                return Pop()
            if not self.box.collidepoint(event.pos):
                return Pop()
        return None

    def _scroll(self, rows: int) -> None:
        most = max(0, len(self.rows) - self.visible_rows)
        self.scroll = max(0, min(most, self.scroll + rows))

    def on_quit_request(self) -> Next:
        return then(Pop(), self.battle.on_quit_request())

    # ------------------------------------------------------------------ drawing

    def draw(self, screen) -> None:
        dim_screen(screen, 90)
        box = self.box
        pygame.draw.rect(screen, P.UI_PANEL, box, border_radius=6)
        pygame.draw.rect(screen, P.UI_ACCENT, box, 2, border_radius=6)
        men = sum(u.strength for u in self.rows)
        title = fonts.title(22).render(
            f"Your army: {len(self.rows)} units, {men:,} men", True, P.UI_ACCENT
        )
        screen.blit(title, (box.x + 12, box.y + 6))
        inner = box.w - 24
        head = fonts.bold(13)
        for key, name, start in COLUMNS:
            mark = (" \u25b2" if self.reverse else " \u25bc") if key == self.sort_key else ""
            t = head.render(name + mark, True, P.UI_ACCENT if key == self.sort_key else P.UI_TEXT)
            screen.blit(t, (box.x + 12 + start * inner, box.y + 34))
        pygame.draw.line(
            screen, P.UI_DIM, (box.x + 8, box.y + HEAD_H - 2), (box.right - 8, box.y + HEAD_H - 2)
        )
        f = fonts.ui(13)
        selected = set(self.battle.selected)
        y = box.y + HEAD_H
        for unit in self.rows[self.scroll : self.scroll + self.visible_rows]:
            if unit.id in selected:
                pygame.draw.rect(screen, P.UI_BG, (box.x + 6, y, box.w - 12, ROW_H))
            name = unit.name
            while f.size(name)[0] > COLUMNS[1][2] * inner - 8 and len(name) > 4:
                name = name[:-2].rstrip() + "\u2026"
            colour = P.UI_TEXT if acted(unit) == "ready" else P.UI_DIM
            cells = (name, f"{unit.strength:,}", unit.morale, acted(unit))
            for (_key, _title, start), text in zip(COLUMNS, cells, strict=True):
                ink = P.MORALE.get(unit.morale, colour) if _key == "morale" else colour
                screen.blit(f.render(text, True, ink), (box.x + 12 + start * inner, y + 3))
            y += ROW_H
        more = len(self.rows) - self.visible_rows
        hint = "click a unit to select it and centre the map on it; click a heading to sort" + (
            f"; wheel to scroll ({more} more)" if more > 0 else ""
        )
        ht = fonts.ui(12).render(hint, True, P.UI_DIM)
        screen.blit(ht, (box.x + 12, box.bottom - 22))
