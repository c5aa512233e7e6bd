"""The player's hands on the battle: mouse and keys turned into selections and orders.

Left click selects one of your units (again: the next in the stack; shift+click in the assault
phase adds one) or gives the selected unit the order of the phase at that hex (move, fire,
assault; near a wall with guns, bombard); right click deselects; drag scrolls; the wheel
zooms. The keys are listed in the help (F1). Every handler returns what should happen next.
"""

from __future__ import annotations

import pygame
import pygame_gui

from siege.engine.hexes import Hex
from siege.engine.orders import Assault, Boarding, Landing, Move, Rally, Volley
from siege.ui.scenes.base import Next, Push

DRAG_PIXELS = 6
EDGE_SCROLL = 12
SCROLL_SPEED = 700  # pixels a second, keys or the window's edge


class BattleInput:
    def __init__(self, battle) -> None:
        self.battle = battle
        self.mouse = (0, 0)
        self.mouse_moved = False
        self.hover_hex: Hex | None = None
        self.hover_since = 0.0
        self.drag_from: tuple[int, int] | None = None
        self.dragging = False
        self.drag_button = 0

    def handle_ui(self, event) -> Next:
        if event.type != pygame_gui.UI_BUTTON_PRESSED:
            return None
        b = self.battle
        el = event.ui_element
        if b.coach is not None and el is b.coach.next_button:
            b.coach.advance()
            return None
        name = b.topbar.button_named(el)
        if name == "end_phase":
            b.end_phase()
        elif name == "end_turn":
            return b.end_turn()
        elif name == "undo":
            b.undo()
        elif name == "menu":
            return b.open_menu()
        elif el in b.card.orders:
            b.give(b.card.orders[el])
        return None

    def handle(self, event) -> Next:
        b = self.battle
        t = event.type
        if t == pygame.KEYDOWN:
            return self.key(event)
        if t == pygame.MOUSEMOTION:
            self.mouse = event.pos
            self.mouse_moved = True
            if self.drag_from is not None:
                dx, dy = event.pos[0] - self.drag_from[0], event.pos[1] - self.drag_from[1]
                if self.dragging or abs(dx) + abs(dy) > DRAG_PIXELS:
                    self.dragging = True
                    b.board.scroll(-dx, -dy)
                    self.drag_from = event.pos
            self.hover(event.pos)
        elif t == pygame.MOUSEBUTTONDOWN:
            self.mouse = event.pos
            if b.busy and event.button in (1, 3):
                b.animator.skip = True
            elif b.minimap.rect.collidepoint(event.pos) and event.button == 1:
                b.minimap.jump(event.pos)
                self.drag_from, self.drag_button = None, 0
            elif b.map_rect.collidepoint(event.pos) and event.button in (1, 2, 3):
                self.drag_from = event.pos
                self.drag_button = event.button
                self.dragging = False
        elif t == pygame.MOUSEBUTTONUP:
            self.mouse = event.pos
            if self.drag_from is not None and event.button == self.drag_button:
                was_drag = self.dragging
                self.drag_from, self.dragging = None, False
                if not was_drag and b.map_rect.collidepoint(event.pos):
                    h = b.board.hex_at_screen(*event.pos)
                    if event.button == 1:
                        mods = pygame.key.get_mods()
                        self.click(
                            h,
                            shift=bool(mods & pygame.KMOD_SHIFT),
                            ctrl=bool(mods & pygame.KMOD_CTRL),
                        )
                    elif event.button == 3:
                        b.deselect()
        elif t == pygame.MOUSEWHEEL and b.map_rect.collidepoint(self.mouse):
            b.board.zoom(1 if event.y > 0 else -1, self.mouse)
            self.hover(self.mouse)
        return None

    def key(self, event) -> Next:
        b = self.battle
        k, mods = event.key, event.mod
        ctrl = bool(mods & pygame.KMOD_CTRL)
        if k == pygame.K_F1:
            from siege.ui.scenes.help import Help

            return Push(Help(b.app))
        if k == pygame.K_F5:
            return b.reload_scenario()
        if k == pygame.K_ESCAPE:
            if not b.selected:
                return b.open_menu()
            b.deselect()
        elif k == pygame.K_SPACE:
            if b.busy:
                b.animator.skip = True
        elif (k == pygame.K_z and ctrl) or (k == pygame.K_u and not ctrl):
            b.undo()
        elif k == pygame.K_s and ctrl:
            b.save()
        elif k == pygame.K_e and not ctrl:
            b.end_phase()
        elif k == pygame.K_t and not ctrl:
            return b.end_turn()
        elif k == pygame.K_r and not ctrl:
            if b.selected:
                b.give(Rally(b.selected[0]))
        elif k == pygame.K_TAB:
            b.next_unit()
        elif k == pygame.K_n and b.coach is not None and b.coach.next_button is not None:
            b.coach.advance()
        elif k == pygame.K_o and not ctrl:
            return b.show_objectives()
        elif k == pygame.K_l and not ctrl:
            from siege.ui.scenes.unitlist import UnitList

            return Push(UnitList(b.app, b))
        elif k in (pygame.K_PLUS, pygame.K_EQUALS, pygame.K_KP_PLUS):
            b.board.zoom(1)
        elif k in (pygame.K_MINUS, pygame.K_KP_MINUS):
            b.board.zoom(-1)
        elif k == pygame.K_HOME:
            b.board.fit()
        elif k == pygame.K_f and b.selected:
            u = b.seat.unit(b.selected[0])
            if u.hex is not None:
                b.board.centre_on(u.hex)
        return None

    def hover(self, pos) -> None:
        h = self.battle.board.hex_at_screen(*pos)
        if h != self.hover_hex:
            self.hover_hex = h
            self.hover_since = self.battle.app.now
        self.battle.tips.update(pos)

    def click(self, h: Hex | None, shift: bool = False, ctrl: bool = False) -> None:
        """A left click on hex `h`: select there, or order the selected unit there."""
        b = self.battle
        if h is None:
            return
        phase = b.seat.phase
        own = b.own_units_at(h)
        commanding = b.can_command()
        sel = b.selected[0] if b.selected else None
        preview = b.tips.preview
        if commanding and sel and phase == "fire" and preview and preview[0] == "bombardment":
            b.give(preview[2])
            return
        if own and not (commanding and sel and ctrl and phase == "movement"):
            ids = [u.id for u in own]
            if phase == "assault" and shift and b.selected:
                extra = next((uid for uid in ids if uid not in b.selected), None)
                if extra is not None:
                    b.selected.append(extra)
            elif sel in ids and len(ids) > 1:
                b.selected = [ids[(ids.index(sel) + 1) % len(ids)]]
            else:
                b.selected = [ids[-1]]
            b.selection_changed()
            return
        if not commanding or not sel:
            if not own and not b.enemy_visible_at(h):
                b.deselect()
            return
        if phase == "movement":
            b.give(self.movement_order(sel, h))
        elif phase == "fire" and b.enemy_visible_at(h):
            b.give(Volley(sel, h.offset))
        elif phase == "assault" and b.enemy_visible_at(h):
            b.give(Assault(tuple(b.selected), h.offset))
        else:
            b.deselect()

    def movement_order(self, unit_id: str, h: Hex):
        """A click on a hex in the movement phase: men aboard land there; men beside one of
        the side's boats (Ctrl+click its hex) go aboard; anyone else marches there."""
        seat = self.battle.seat
        unit = seat.unit(unit_id)
        if unit.aboard:
            return Landing(unit_id, h.offset)
        boat = next((b for b in seat.boats() if b.hex == h and b.id != unit_id), None)
        if boat is not None:
            return Boarding(unit_id, boat.id)
        return Move(unit_id, h.offset)

    def edge_scroll(self, dt: float) -> None:
        """Arrow keys or WASD, or the mouse at the window's edge, scroll the map."""
        b = self.battle
        keys = pygame.key.get_pressed()
        ctrl = pygame.key.get_mods() & pygame.KMOD_CTRL
        dx = (keys[pygame.K_RIGHT] or keys[pygame.K_d]) - (keys[pygame.K_LEFT] or keys[pygame.K_a])
        dy = (keys[pygame.K_DOWN] or (keys[pygame.K_s] and not ctrl)) - (
            keys[pygame.K_UP] or keys[pygame.K_w]
        )
        if self.mouse_moved and pygame.mouse.get_focused() and self.drag_from is None:
            x, y = self.mouse
            _, h = b.app.size
            right = b.map_rect.right
            if x <= 3:
                dx -= 1
            if y <= 3:
                dy -= 1
            if y >= h - 4 and x < right:
                dy += 1
            if right - EDGE_SCROLL <= x < right and y > b.map_rect.y:
                dx += 1
        if dx or dy:
            speed = SCROLL_SPEED * dt
            b.board.scroll(dx * speed, dy * speed)
