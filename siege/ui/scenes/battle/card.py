"""The card at the top of the side panel: with nothing selected, the viewer's side at a glance
(men, losses, the score, every objective it can fit); with a unit selected, that unit (its
counter, men, march, weapons, what it has done this turn, its leader) and, in the command
phase, its Rally and leader-ability buttons."""

from __future__ import annotations

import pygame
import pygame_gui

from siege.engine.orders import AbilityUse, Rally
from siege.ui import explain, fonts
from siege.ui import palette as P
from siege.ui.render.counters import CounterArt

PANEL_W = 300
CARD_H = 280
ART = 56  # the selected unit's counter, in pixels


class UnitCard:
    def __init__(self, battle, rect: pygame.Rect) -> None:
        self.battle = battle
        self.rect = rect
        self.text: list[str] = []  # every line drawn, for tests and the curious
        self.buttons: list = []
        self.orders: dict = {}  # button -> the order it gives
        self._buttons_key: tuple | None = None
        self._cache: tuple | None = None
        self._surface: pygame.Surface | None = None

    def draw(self, screen: pygame.Surface) -> None:
        b = self.battle
        key = (tuple(b.selected), b.session.revision, b.seat.phase)
        if key != self._cache or self._surface is None:
            self._cache = key
            self._surface = self._render()
        screen.blit(self._surface, self.rect)

    def _render(self) -> pygame.Surface:
        card = pygame.Surface(self.rect.size)
        card.fill(P.UI_PANEL)
        self.text = []
        if self.battle.selected:
            self._unit(card)
        else:
            self._side(card)
        return card

    def _line(
        self,
        card,
        text: str,
        y: int,
        colour=P.UI_TEXT,
        font=None,
        x: int = 12,
        width: int = PANEL_W - 24,
    ) -> int:
        """Draw `text` wrapped to the card's width; returns the y below it."""
        font = font or fonts.ui(13)
        for line in fonts.wrap(font, text, width):
            card.blit(font.render(line, True, colour), (x, y))
            self.text.append(line)
            y += font.get_linesize()
        return y

    def _side(self, card) -> None:
        """Nothing selected: the side at a glance, the score and every objective."""
        b = self.battle
        s, session = b.seat, b.session
        x, y = 12, 8
        head = fonts.title(22).render(session.side_name(session.viewer), True, P.UI_ACCENT)
        card.blit(head, (x, y))
        y += head.get_height() + 2
        own = s.units()
        men = sum(u.strength for u in own)
        lost = sum(v for k, v in s.losses().items() if k != "escaped")
        y = self._line(card, f"{len(own)} units, {men:,} men on the field; lost {lost:,}", y)
        y = self._line(card, "Score " + explain.score_summary(s), y, P.UI_ACCENT, fonts.bold(13))
        y += 3
        small, small_bold = fonts.ui(12), fonts.bold(12)
        rows = explain.objective_rows(s)
        room = (self.rect.h - 22 - y) // small.get_linesize()
        shown = rows if len(rows) <= room else rows[: room - 1]
        viewer = session.viewer
        for row in shown:
            right = (
                f"{explain.points_for(row, viewer)} pts · {explain.short_side_name(s, row.holder)}"
            )
            colour = (
                P.UI_ACCENT
                if row.holder == viewer
                else (P.UI_DIM if row.holder is None else P.UI_TEXT)
            )
            rt = small_bold.render(right, True, colour)
            name = row.name
            while small.size(name)[0] > PANEL_W - 30 - rt.get_width() and len(name) > 4:
                name = name[:-2].rstrip() + "…"
            card.blit(small.render(name, True, P.UI_TEXT), (x, y))
            card.blit(rt, (PANEL_W - 12 - rt.get_width(), y))
            self.text.append(f"{row.name} {right}")
            y += small.get_linesize()
        if len(shown) < len(rows):
            self._line(card, f"… and {len(rows) - len(shown)} more: press O", y, P.UI_DIM, small)
        self._line(
            card,
            "O: objectives  L: unit list  Tab: next unit  F1: help",
            self.rect.h - 20,
            P.UI_DIM,
            small,
        )

    def _unit(self, card) -> None:
        b = self.battle
        s, board = b.seat, b.board
        x, y = 12, 10
        u = s.unit(b.selected[0])
        art = CounterArt(ART).counter(
            board.unit_colour(u),
            u.type.unit_class,
            u.strength,
            u.morale,
            s.leader_of_unit(u.id) is not None,
            False,
        )
        card.blit(art, (x, y))
        text_x, text_w = x + ART + 10, PANEL_W - ART - 10 - 24
        font = fonts.bold(15) if fonts.bold(15).size(u.name)[0] <= text_w else fonts.bold(13)
        ty = self._line(card, u.name, y, P.UI_TEXT, font, text_x, text_w)
        nation = next(
            (n.name for sd in b.session.scenario.sides for n in sd.nations if n.id == u.nation),
            "",
        )
        ty = self._line(
            card,
            f"{nation} {u.type.name}, {u.type.quality}",
            ty,
            P.UI_DIM,
            fonts.ui(12),
            text_x,
            text_w,
        )
        pygame.draw.circle(card, P.MORALE.get(u.morale, P.UI_TEXT), (text_x + 6, ty + 8), 5)
        card.blit(fonts.ui(13).render(u.morale, True, P.UI_TEXT), (text_x + 16, ty))
        y = max(y + 62, ty + 20)
        for line in unit_lines(s, u, len(b.selected)):
            y = self._line(card, line, y, font=fonts.ui(13))

    # ------------------------------------------------------------------ buttons

    def rebuild_buttons(self) -> None:
        """Rally and leader abilities, shown in the command phase for the selected unit."""
        b = self.battle
        s = b.seat
        key = (tuple(b.selected), s.phase, b.session.revision)
        if key == self._buttons_key:
            return
        self._buttons_key = key
        for button in self.buttons:
            button.kill()
        self.buttons, self.orders = [], {}
        if not b.selected or s.phase != "command" or not b.session.human_to_move:
            return
        unit = s.unit(b.selected[0])
        if unit.side != s.active_side:
            return
        x, y = self.rect.x + 10, self.rect.bottom - 34
        if unit.morale != "steady":
            button = pygame_gui.elements.UIButton(
                pygame.Rect(x, y, 80, 28),
                "Rally (R)",
                b.ui,
                tool_tip_text="try to steady this unit",
                object_id="#rally",
            )
            self.orders[button] = Rally(unit.id)
            self.buttons.append(button)
            x += 86
        leader = s.leader_of_unit(unit.id)
        if leader is None:
            return
        spec = next((lead for lead in b.session.scenario.leaders if lead.id == leader.id), None)
        for ab in spec.abilities if spec else []:
            if leader.uses.get(ab.id, 0) <= 0:
                continue
            width = min(PANEL_W - 20 - (x - self.rect.x), 200)
            if width < 60:
                break
            button = pygame_gui.elements.UIButton(
                pygame.Rect(x, y, width, 28), ab.name[:28], b.ui, tool_tip_text=ab.text
            )
            self.orders[button] = AbilityUse(leader.id, ab.id)
            self.buttons.append(button)
            x += width + 6


def unit_lines(s, u, selected: int) -> list[str]:
    """What the card says of a unit under its name: men, march (tonight's, if less), weapons,
    what it has done this turn, its leader, the ice under it."""
    guns = f", {u.guns} guns" if u.guns else ""
    mp = s.move_points(u.id)
    march = f"move {mp:g} MP"
    if mp != u.type.move_points:
        why = "tonight" if s.is_night() else u.morale
        march += f" {why} ({u.type.move_points:g} normally)"
    lines = [
        f"men: {u.strength:,} of {u.start_strength:,}{guns}",
        f"{march}, {u.type.movement}; melee {u.type.melee:g}; morale {u.type.morale}",
    ]
    weapons = s.weapons(u.id)
    if weapons:
        lines.append(
            "; ".join(
                f"{w.name} {w.effective_range}/{w.range} hexes"
                + (f", {u.volleys[w.id]} of {w.volleys} volleys" if w.id in u.volleys else "")
                for w in weapons
            )
        )
    if u.type.ladders:
        lines.append("carries scaling ladders")
    if u.type.supplies:
        lines.append("supply train: units in or beside its hex fill up")
    if u.type.non_combatant:
        lines.append("non-combatants: they hold no ground alone")
    if u.type.capacity:
        aboard = sum(p.strength for p in s.units() if p.aboard == u.id)
        lines.append(f"boats: {aboard:,} of {u.type.capacity:,} men aboard")
    if u.aboard:
        lines.append(f"aboard {s.unit(u.aboard).name}: click a shore hex beside it to land")
    done = [
        k
        for k, v in (
            ("moved", u.moved),
            ("fired", u.fired),
            ("assaulted", u.assaulted),
            ("rallied", u.rallied),
        )
        if v
    ]
    lines.append("this turn: " + (", ".join(done) if done else "ready"))
    bound = s.standing_order(u.id)
    if bound:
        lines.append(bound)  # an event's standing order: why it marches by itself
    leader = s.leader_of_unit(u.id)
    cmd = s.leader(u.leader) if u.leader else None
    if leader:
        lines.append(f"★ {leader.name}, rating {leader.rating} ({leader.status})")
    elif cmd:
        lines.append(f"answers to {cmd.name} ({cmd.status})")
    if selected > 1:
        lines.append(f"+ {selected - 1} more for the assault (shift+click)")
    ice = s.ice_cm(u.hex) if s.map.water[u.hex.r, u.hex.col] else None
    if ice is not None and ice < s.scenario.rules.ice_min_cm:
        lines.append("on open water")
    elif ice is not None:
        lines.append(f"on the ice: {ice:.0f} cm")
    return lines
