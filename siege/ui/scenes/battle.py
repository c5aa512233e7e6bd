"""The battle screen: map, top bar, side panel (unit, leader, log, minimap), odds previews,
the computer's turn as animation, hot-seat handovers, undo, save and the end of the battle."""

from __future__ import annotations

import html
import math

import pygame
import pygame_gui

from siege.engine.events import (
    AssaultResolved,
    BattleEnded,
    Event,
    GateBroken,
    HexIgnited,
    IceBroke,
    LeaderHit,
    ObjectiveTaken,
    PhaseBegan,
    ScriptedEvent,
    TurnBegan,
    UnitEliminated,
    UnitMoved,
    UnitRetreated,
    VolleyResolved,
    WallBreached,
    WorksDamaged,
)
from siege.engine.hexes import DIRECTIONS, Hex, edge_key
from siege.engine.orders import AbilityUse, Assault, Bombardment, Move, Rally, Volley
from siege.ui import explain, fonts
from siege.ui import palette as P
from siege.ui.render.board import Board, Highlights, Sprite
from siege.ui.scenes.base import Scene
from siege.ui.session import Session, new_save_path

TOP_H = 40
PANEL_W = 300
MINIMAP_H = 170
CARD_H = 280
DRAG_PIXELS = 6
EDGE_SCROLL = 12


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


class MoveAnimation:
    def __init__(
        self,
        unit: str,
        points: list[tuple[float, float]],
        hexes: list[Hex],
        start: float,
        per_hex: float,
        visible: set[Hex] | None,
    ) -> None:
        self.unit = unit
        self.points = points
        self.hexes = hexes
        self.start = start
        self.per_hex = per_hex
        self.visible = visible

    @property
    def end(self) -> float:
        return self.start + self.per_hex * max(0, len(self.points) - 1)

    def position(self, now: float) -> tuple[tuple[float, float], Hex] | None:
        if now < self.start:
            return None
        if self.per_hex <= 0 or len(self.points) < 2:
            return self.points[-1], self.hexes[-1]
        t = (now - self.start) / self.per_hex
        i = min(int(t), len(self.points) - 2)
        f = min(1.0, t - i)
        (ax, ay), (bx, by) = self.points[i], self.points[i + 1]
        return (ax + (bx - ax) * f, ay + (by - ay) * f), self.hexes[i + (1 if f > 0.5 else 0)]


class Battle(Scene):
    def __init__(self, app, session: Session, coach=None) -> None:
        super().__init__(app)
        self.session = session
        self.coach = coach  # the tutorial's guide (siege/ui/tutorial.py), if any
        self.game = session.game
        w, h = app.size
        self.map_rect = pygame.Rect(0, TOP_H, w - PANEL_W, h - TOP_H)
        self.panel_rect = pygame.Rect(w - PANEL_W, TOP_H, PANEL_W, h - TOP_H)
        self.card_rect = pygame.Rect(self.panel_rect.x, TOP_H, PANEL_W, CARD_H)
        self.minimap_rect = pygame.Rect(
            self.panel_rect.x + 8, h - MINIMAP_H - 8, PANEL_W - 16, MINIMAP_H
        )
        self.board = Board(session, self.map_rect)
        self.board.show_fog = session.fog
        # in a real window, new zoom levels are painted in the background (no stalled frame);
        # headless, at once, so every drawn frame is the finished picture
        self.board.background_paint = pygame.display.get_driver() not in ("dummy", "offscreen")
        self.hl = Highlights()
        self.selected: list[str] = []
        self.hover_hex: Hex | None = None
        self.hover_since = 0.0
        self.mouse = (0, 0)
        self.mouse_moved = False
        self.drag_from: tuple[int, int] | None = None
        self.dragging = False
        self.drag_button = 0
        self.preview = None  # ("volley", odds) / ("assault", odds) / ("bombardment", text)
        self.fire_effect: explain.FireEffect | None = None  # with a fire preview, the flames
        self.status = ""
        self.status_until = 0.0
        self.status_rect: pygame.Rect | None = None
        self.card_text: list[str] = []
        self.anims: list[MoveAnimation] = []
        self.busy_until = 0.0
        self.skip = False
        self.pending: list | None = None
        self.ai_error_shown = False
        self.handed_to: str | None = None
        self.last_handover_index: dict[str, int] = {}
        self.replay_queue: list = []
        self.ended_shown = False
        self._weapon_kinds = {w.id: w.kind for w in session.scenario.weapons}
        self.briefed: set[str] = set()  # the sides shown the objectives at their first turn
        self._last_active: str | None = None
        self.recap_from: tuple | None = None  # (record index, own losses, side, turn) at the
        #                                        start of the computer's turn
        self.log_count = 0
        self._tooltip_cache: tuple | None = None
        self._topbar_cache: tuple | None = None
        self._card_cache: tuple | None = None
        self._minimap_cache: tuple | None = None
        self._reach_cache: tuple | None = None
        self._build_ui()
        self._refresh_log(force=True)
        # open on the human's forces
        own = session.seat().units()
        self.board.set_zoom(18.0)
        if own:
            cx = sum(u.hex.q + u.hex.r / 2 for u in own) / len(own)
            cy = sum(u.hex.r for u in own) / len(own)
            self.board.centre_on(Hex(int(round(cx - cy / 2)), int(round(cy))))
        else:
            self.board.centre_on_map()

    # ------------------------------------------------------------------ lifecycle

    def on_enter(self) -> None:
        """Mark a battle as open (a crashed one is kept first); a clean exit removes the mark, a
        crash leaves it behind."""
        from siege.ui import autosave

        note = autosave.begin_battle(self.session.scenario.meta.id)
        if not self.session.autosave():
            note = self.session.autosave_problem
        if note:
            self.say(note, 8.0)

    def on_exit(self) -> None:
        from siege.ui import autosave

        if self.session.ai_job is not None:
            self.session.ai_job = None  # a daemon thread: it ends with the process
        autosave.end_battle()

    # ------------------------------------------------------------------ widgets

    def _build_ui(self) -> None:
        w, _ = self.app.size
        x = w - 8  # the buttons stand at the window's right, over the side panel
        self.buttons = {}
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
                self.ui,
                tool_tip_text=tip,
                object_id="#primary" if key == "end_phase" else None,
            )
            x -= 6
        self.buttons["undo"] = pygame_gui.elements.UIButton(
            pygame.Rect(x - 64, 5, 64, TOP_H - 10),
            "Undo",
            self.ui,
            tool_tip_text="U or Ctrl+Z: take back the last order (until dice are rolled)",
        )
        self.topbar_right = x - 64 - 8
        log_top = self.card_rect.bottom + 4
        log_h = self.minimap_rect.top - 8 - log_top
        self.log_box = pygame_gui.elements.UITextBox(
            "",
            pygame.Rect(self.panel_rect.x + 8, log_top, PANEL_W - 16, log_h),
            self.ui,
            object_id="#log",
        )
        self.card_buttons: list = []
        self._card_buttons_key = None

    def _rebuild_card_buttons(self) -> None:
        """Rally and leader abilities, shown in the command phase for the selected unit."""
        s = self.seat
        key = (tuple(self.selected), s.phase, self.session.revision)
        if key == self._card_buttons_key:
            return
        self._card_buttons_key = key
        for b in self.card_buttons:
            b.kill()
        self.card_buttons = []
        if not self.selected or s.phase != "command" or not self.session.human_to_move:
            return
        unit = s.unit(self.selected[0])
        if unit.side != s.active_side:
            return
        x, y = self.card_rect.x + 10, self.card_rect.bottom - 34
        if unit.morale != "steady":
            b = pygame_gui.elements.UIButton(
                pygame.Rect(x, y, 80, 28),
                "Rally (R)",
                self.ui,
                tool_tip_text="try to steady this unit",
                object_id="#rally",
            )
            b.order = Rally(unit.id)
            self.card_buttons.append(b)
            x += 86
        leader = s.leader_of_unit(unit.id)
        if leader is not None:
            spec = next(
                (lead for lead in self.session.scenario.leaders if lead.id == leader.id), None
            )
            for ab in spec.abilities if spec else []:
                if leader.uses.get(ab.id, 0) <= 0:
                    continue
                width = min(PANEL_W - 20 - (x - self.card_rect.x), 200)
                if width < 60:
                    break
                b = pygame_gui.elements.UIButton(
                    pygame.Rect(x, y, width, 28), ab.name[:28], self.ui, tool_tip_text=ab.text
                )
                b.order = AbilityUse(leader.id, ab.id)
                self.card_buttons.append(b)
                x += width + 6

    # ------------------------------------------------------------------ input

    def handle_ui(self, event, consumed: bool) -> None:
        if event.type != pygame_gui.UI_BUTTON_PRESSED:
            return
        el = event.ui_element
        if self.coach is not None and el is self.coach.next_button:
            self.coach.advance()
        elif el is self.buttons["end_phase"]:
            self.end_phase()
        elif el is self.buttons["end_turn"]:
            self.end_turn()
        elif el is self.buttons["undo"]:
            self.undo()
        elif el is self.buttons["menu"]:
            self.open_menu()
        elif hasattr(el, "order"):
            self.give(el.order)

    def handle(self, event) -> None:
        t = event.type
        if t == pygame.KEYDOWN:
            self._key(event)
        elif t == pygame.MOUSEMOTION:
            self.mouse = event.pos
            self.mouse_moved = True
            if self.drag_from is not None:
                dx, dy = event.pos[0] - self.drag_from[0], event.pos[1] - self.drag_from[1]
                if self.dragging or abs(dx) + abs(dy) > DRAG_PIXELS:
                    self.dragging = True
                    self.board.scroll(-dx, -dy)
                    self.drag_from = event.pos
            self._hover(event.pos)
        elif t == pygame.MOUSEBUTTONDOWN:
            self.mouse = event.pos
            if self.busy and event.button in (1, 3):
                self.skip = True
                return
            if self.minimap_rect.collidepoint(event.pos) and event.button == 1:
                self._minimap_jump(event.pos)
                self.drag_from, self.drag_button = None, 0
                return
            if self.map_rect.collidepoint(event.pos) and event.button in (1, 2, 3):
                self.drag_from = event.pos
                self.drag_button = event.button
                self.dragging = False
        elif t == pygame.MOUSEBUTTONUP:
            self.mouse = event.pos
            if self.drag_from is not None and event.button == self.drag_button:
                was_drag = self.dragging
                self.drag_from, self.dragging = None, False
                if not was_drag and self.map_rect.collidepoint(event.pos):
                    h = self.board.hex_at_screen(*event.pos)
                    if event.button == 1:
                        mods = pygame.key.get_mods()
                        self.click(
                            h,
                            shift=bool(mods & pygame.KMOD_SHIFT),
                            ctrl=bool(mods & pygame.KMOD_CTRL),
                            pos=event.pos,
                        )
                    elif event.button == 3:
                        self.deselect()
        elif t == pygame.MOUSEWHEEL and self.map_rect.collidepoint(self.mouse):
            self.board.zoom(1 if event.y > 0 else -1, self.mouse)
            self._hover(self.mouse)

    def _key(self, event) -> None:
        k, mods = event.key, event.mod
        ctrl = bool(mods & pygame.KMOD_CTRL)
        if k == pygame.K_F1:
            from siege.ui.scenes.help import Help

            self.app.push(Help(self.app))
        elif k == pygame.K_F5:
            self.reload_scenario()
        elif k == pygame.K_SPACE:
            if self.busy:
                self.skip = True
        elif k == pygame.K_ESCAPE:
            if self.selected:
                self.deselect()
            else:
                self.open_menu()
        elif (k == pygame.K_z and ctrl) or (k == pygame.K_u and not ctrl):
            self.undo()
        elif k == pygame.K_s and ctrl:
            self.save()
        elif k == pygame.K_e and not ctrl:
            self.end_phase()
        elif k == pygame.K_t and not ctrl:
            self.end_turn()
        elif k == pygame.K_r and not ctrl:
            if self.selected:
                self.give(Rally(self.selected[0]))
        elif k == pygame.K_TAB:
            self.next_unit()
        elif k == pygame.K_n and self.coach is not None and self.coach.next_button is not None:
            self.coach.advance()
        elif k == pygame.K_o and not ctrl:
            self.show_objectives()
        elif k == pygame.K_l and not ctrl:
            from siege.ui.scenes.unitlist import UnitList

            self.app.push(UnitList(self.app, self))
        elif k in (pygame.K_PLUS, pygame.K_EQUALS, pygame.K_KP_PLUS):
            self.board.zoom(1)
        elif k in (pygame.K_MINUS, pygame.K_KP_MINUS):
            self.board.zoom(-1)
        elif k == pygame.K_HOME:
            self.board.fit()
        elif k == pygame.K_f and self.selected:
            u = self.seat.unit(self.selected[0])
            if u.hex is not None:
                self.board.centre_on(u.hex)

    def _hover(self, pos) -> None:
        h = self.board.hex_at_screen(*pos)
        if h != self.hover_hex:
            self.hover_hex = h
            self.hover_since = self.app.now
        self._update_preview(pos)

    def on_quit_request(self) -> None:
        from siege.ui.scenes.dialogs import AUTOSAVE_NOTE, Confirm

        self.app.push(
            Confirm(
                self.app,
                "Quit the game?",
                f"{AUTOSAVE_NOTE} Orders given since then will be lost unless you save now.",
                [("Save and quit", self._save_and_quit), ("Quit", self._quit), ("Cancel", None)],
            )
        )

    def _save_and_quit(self) -> None:
        self.save()
        self._quit()

    def _quit(self) -> None:
        self.app.quit(0)

    # ------------------------------------------------------------------ state queries

    @property
    def busy(self) -> bool:
        """The computer is moving, or an animation or a replay is playing."""
        if self.replay_queue:
            return True
        if not self.session.human_to_move and not self.seat.ended:
            return True
        # the player's own marches play out while they go on giving orders; only the
        # computer's moves (still animating after its turn) hold them up
        return bool(self.anims or self.app.now < self.busy_until) and not self._own_animation

    @property
    def _own_animation(self) -> bool:
        seat = self.seat
        return all(seat.owns(a.unit) for a in self.anims)

    @property
    def seat(self):
        """The viewer's seat: what the screen may know and do for the side it shows."""
        return self.session.seat()

    def can_command(self) -> bool:
        return self.session.human_to_move and not self.busy

    def own_units_at(self, h: Hex | None) -> list:
        if h is None:
            return []
        return self.seat.units_at(h)

    def enemy_visible_at(self, h: Hex | None) -> bool:
        if h is None:
            return False
        if not self.session.fog:
            return self.game.state.side_at(h) == self.seat.enemy
        return bool(self.seat.enemies_at(h))

    # ------------------------------------------------------------------ clicks and orders

    def click(self, h: Hex | None, shift: bool = False, ctrl: bool = False, pos=None) -> None:
        if h is None:
            return
        phase = self.seat.phase
        own = self.own_units_at(h)
        commanding = self.can_command()
        sel = self.selected[0] if self.selected else None
        if (
            commanding
            and sel
            and phase == "fire"
            and self.preview
            and self.preview[0] == "bombardment"
        ):
            self.give(self.preview[2])
            return
        if own and not (commanding and sel and ctrl and phase == "movement"):
            ids = [u.id for u in own]
            if phase == "assault" and shift and self.selected:
                for uid in ids:
                    if uid not in self.selected:
                        self.selected.append(uid)
                        break
                self._selection_changed()
                return
            if sel in ids and len(ids) > 1:
                nxt = ids[(ids.index(sel) + 1) % len(ids)]
                self.selected = [nxt]
            else:
                self.selected = [ids[-1]]
            self._selection_changed()
            return
        if not commanding or not sel:
            if not own and not self.enemy_visible_at(h):
                self.deselect()
            return
        if phase == "movement":
            self.give(Move(sel, h.offset))
        elif phase == "fire":
            if self.enemy_visible_at(h):
                self.give(Volley(sel, h.offset))
            else:
                self.deselect()
        elif phase == "assault":
            if self.enemy_visible_at(h):
                self.give(Assault(tuple(self.selected), h.offset))
            else:
                self.deselect()
        else:
            self.deselect()

    def give(self, order) -> bool:
        if not self.can_command():
            self.say(
                "wait: it is not your turn to give orders"
                if not self.session.human_to_move
                else "wait for the animation to finish (space skips)"
            )
            return False
        events, reason = self.session.submit(order)
        if reason:
            self.say(reason)
            return False
        self.animate(events)
        self._after_change()
        return True

    def end_phase(self) -> None:
        if not self.can_command():
            return
        self.deselect()
        events = self.session.end_phase()
        self.animate(events)
        self._after_change()

    def end_turn(self, confirmed: bool = False) -> None:
        if not self.can_command():
            return
        idle = explain.units_not_acted(self.seat)
        if idle and not confirmed and self.app.settings.confirm_end_turn:
            from siege.ui.scenes.dialogs import EndTurnWarning

            self.app.push(EndTurnWarning(self.app, self, idle))
            return
        side = self.game.active_side
        self.deselect()
        while self.game.active_side == side and not self.seat.ended:
            self.animate(self.session.end_phase())
        self._after_change()

    def undo(self) -> None:
        if not self.can_command():
            return
        reason = self.session.undo()
        self.game = self.session.game
        if reason:
            self.say(reason)
        else:
            self.say("order taken back")
            self.anims.clear()
            self.board.moving.clear()
            self._after_change()
            self._refresh_log(force=True)

    def reload_scenario(self) -> None:
        """F5, for scenario authors: read the scenario file again and carry on with the changed
        battle — the same orders replayed if they still stand, else from the opening position."""
        from siege.scenario.problems import ScenarioError
        from siege.scenario.validate import load_scenario

        if self.session.ai_job is not None:
            self.say("wait for the computer to finish its move")
            return
        try:
            scenario = load_scenario(self.session.scenario_path)
        except ScenarioError as exc:
            first = exc.problems[0]
            more = f" (and {len(exc.problems) - 1} more)" if len(exc.problems) > 1 else ""
            self.say(f"not reloaded: line {first.line}: {first.message}{more}", 8.0)
            return
        session, replayed = self.session.reloaded(scenario)
        fresh = Battle(self.app, session)
        fresh.handed_to = session.game.active_side
        self.app.replace(fresh)
        fresh.say(
            "scenario reloaded"
            + ("; the orders so far replayed" if replayed else "; the battle starts again")
        )

    def save(self) -> None:
        try:
            path = self.session.save_to(new_save_path(self.session.scenario.meta.id))
        except OSError as exc:
            self.say(f"could not save: {exc.strerror or exc}")
            return
        self._save_thumbnail(path.with_suffix(".png"))
        self.say(f"saved: {path.name}")

    def _save_thumbnail(self, path) -> None:
        """A small picture of the board beside the save, for the save browser."""
        whole = pygame.Surface(self.app.size)
        self.board.draw(whole, Highlights(), self.app.now)  # the board alone, no dialogs
        shot = whole.subsurface(self.map_rect)
        scale = 320 / shot.get_width()
        small = pygame.transform.smoothscale(shot, (320, int(shot.get_height() * scale)))
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            pygame.image.save(small, str(path))
        except (OSError, pygame.error):
            pass  # the picture is a convenience; the save itself is written

    def deselect(self) -> None:
        self.selected = []
        self._selection_changed()

    def select_unit(self, unit_id: str) -> None:
        """Select one of the viewer's units and bring it into view."""
        self.selected = [unit_id]
        self.board.centre_on(self.seat.unit(unit_id).hex)
        self._selection_changed()

    def next_unit(self) -> None:
        s = self.seat
        units = s.units()
        if not units:
            return

        def can_act(u) -> bool:
            return {
                "movement": not u.moved,
                "fire": not u.fired,
                "assault": not u.assaulted,
                "command": u.morale != "steady",
            }.get(s.phase, True)

        ready = [u for u in units if can_act(u)] or units
        ids = [u.id for u in ready]
        cur = self.selected[0] if self.selected else None
        nxt = ids[(ids.index(cur) + 1) % len(ids)] if cur in ids else ids[0]
        self.selected = [nxt]
        self.board.centre_on(s.unit(nxt).hex)
        self._selection_changed()

    def _selection_changed(self) -> None:
        self._reach_cache = None
        self._update_preview(self.mouse)

    def _after_change(self) -> None:
        self.game = self.session.game
        own = {u.id for u in self.seat.units()}
        self.selected = [u for u in self.selected if u in own]
        self._reach_cache = None
        self._refresh_log()
        self._update_preview(self.mouse)

    def say(self, text: str, seconds: float = 4.0) -> None:
        self.status = text
        self.status_until = self.app.now + seconds

    def set_fog(self, fog: bool) -> None:
        """The fog of war turned on or off from the options, for this battle."""
        self.session.fog = fog
        self.board.show_fog = fog
        self.session.revision += 1  # every cached layer drawn again
        self._refresh_log(force=True)

    def show_objectives(self) -> None:
        from siege.ui.scenes.objectives import Objectives

        self.app.push(Objectives(self.app, self))

    def open_menu(self) -> None:
        from siege.ui.scenes.dialogs import GameMenu

        self.app.push(GameMenu(self.app, self))

    # ------------------------------------------------------------------ previews

    def _update_preview(self, pos) -> None:
        self.preview = None
        self.fire_effect = None
        self.hl.hover_edge = None
        self.hl.aim = None
        if not self.selected or not self.session.human_to_move:
            return
        h = self.board.hex_at_screen(*pos) if pos else None
        if h is None:
            return
        s = self.seat
        uid = self.selected[0]
        if not s.owns(uid) or not s.unit(uid).on_map:
            return
        unit = s.unit(uid)
        if s.phase == "fire":
            if self.enemy_visible_at(h):
                odds = self.seat.preview_fire(uid, h.offset)
                self.hl.aim = h
                self.preview = ("volley", odds, Volley(uid, h.offset))
                if odds is None:
                    self.preview = ("refused", self.seat.check(Volley(uid, h.offset)), None)
                else:
                    self.fire_effect = explain.fire_effect(s, odds.weapon, h, odds.target_men)
                    if self.coach is not None:
                        self.coach.saw_preview("fire", uid)
                return
            if s.weapons(unit.id) and unit.guns > 0:
                mx, my = self.board.screen_to_map(*pos)
                d, dist = self.board.layout.nearest_edge(h, mx, my)
                if dist < self.board.size * 0.45:
                    n = h.neighbour(d)
                    key = edge_key(h, n)
                    if key in s.map.walls:
                        order = Bombardment(uid, h.offset, DIRECTIONS[d])
                        reason = self.seat.check(order)
                        self.hl.hover_edge = key
                        if reason is None:
                            near = min(key, key=lambda x: x.distance(unit.hex))
                            weapon, dmg = s.preview_bombardment(uid, near)
                            gate = s.map.gate_at_edge.get(key)
                            if gate:
                                left = s.gate_damage.get(gate, 0.0)
                                what = s.map.gates[gate].name
                            else:
                                left = s.wall_damage.get(key, s.map.walls[key].strength)
                                what = s.map.walls[key].name
                            self.preview = ("bombardment", (what, dmg, left, weapon), order)
                        else:
                            self.preview = ("refused", reason, None)
        elif s.phase == "assault" and self.enemy_visible_at(h):
            ids = tuple(u for u in self.selected if s.unit(u).hex.distance(h) == 1) or tuple(
                self.selected
            )
            odds = self.seat.preview_assault(ids, h.offset)
            self.hl.aim = h
            if odds is None:
                self.preview = ("refused", self.seat.check(Assault(ids, h.offset)), None)
            else:
                self.preview = ("assault", odds, Assault(ids, h.offset))
                if self.coach is not None:
                    self.coach.saw_preview("assault", uid)

    # ------------------------------------------------------------------ animation

    def animate(self, events: list[Event], replay_for: str | None = None) -> None:
        """Turn events into sprites and sounds; enemy events only where the viewer could see
        them (the events come from the viewer's seat)."""
        self.app.sound.play_events(events, self._weapon_kinds)
        if self.skip or self.app.settings.seconds_per_hex <= 0:
            return  # skipped, or animation turned off: the board simply shows the result
        board = self.board
        layout = board.layout
        now = max(self.app.now, self.busy_until)
        per_hex = 0.0 if self.skip else self.app.settings.seconds_per_hex
        viewer = replay_for or self.session.viewer
        fog = self.session.fog
        seat = self.session.seat(viewer)
        visible = seat.visible() if fog else None
        ref = self.game.state
        for e in events:
            if isinstance(e, (UnitMoved, UnitRetreated)) and len(e.path) >= 2:
                hexes = [Hex.from_offset(*p) for p in e.path]
                theirs = not seat.owns(e.unit)
                if fog and theirs and not any(h in visible for h in hexes):
                    continue
                pts = [layout.centre(h) for h in hexes]
                vis = visible if (fog and theirs) else None
                anim = MoveAnimation(e.unit, pts, hexes, now, per_hex, vis)
                self.anims.append(anim)
                now = anim.end if per_hex > 0 else now
            elif isinstance(e, VolleyResolved) and per_hex > 0:
                target = Hex.from_offset(*e.target)
                if not fog:
                    u = ref.units.get(e.unit)
                    shooter = u.hex if u is not None else None
                elif seat.owns(e.unit):
                    shooter = seat.unit(e.unit).hex
                else:
                    seen = seat.seen_enemy(e.unit)
                    shooter = seen.hex if seen is not None else None
                if shooter is None and target not in visible:
                    continue
                if shooter is not None:  # (a hidden shooter's volley is seen where it lands)
                    board.sprites.append(
                        Sprite(
                            "shot",
                            now,
                            0.5,
                            points=[layout.centre(shooter), layout.centre(target)],
                            colour=(250, 230, 150),
                        )
                    )
                board.sprites.append(
                    Sprite(
                        "text",
                        now + 0.25,
                        0.9,
                        points=[layout.centre(target)],
                        text=f"-{e.hits}",
                        colour=P.HIGHLIGHT_TARGET,
                    )
                )
                now += 0.35
            elif isinstance(e, AssaultResolved) and per_hex > 0:
                target = Hex.from_offset(*e.target)
                if fog and target not in visible and not any(seat.owns(a) for a in e.attackers):
                    continue  # a fight the viewer could not see
                board.sprites.append(
                    Sprite("clash", now, 0.7, points=[layout.centre(target)], colour=(230, 60, 40))
                )
                board.sprites.append(
                    Sprite(
                        "text",
                        now + 0.3,
                        1.0,
                        points=[layout.centre(target)],
                        text=e.result,
                        colour=P.INK,
                    )
                )
                now += 0.6
            elif isinstance(e, (HexIgnited, IceBroke)) and per_hex > 0:
                h = Hex.from_offset(*e.hex)
                colour = P.FLAME if isinstance(e, HexIgnited) else P.WATER_OPEN
                board.sprites.append(Sprite("flash", now, 0.8, hexes=[h], colour=colour))
            elif isinstance(e, (GateBroken, WallBreached)) and per_hex > 0:
                if isinstance(e, GateBroken):
                    gate = seat.map.gates.get(e.gate)
                    hexes = list(gate.edge) if gate else []
                else:
                    hexes = [Hex.from_offset(*p) for p in e.edge]
                board.sprites.append(Sprite("flash", now, 1.0, hexes=hexes, colour=(40, 30, 20)))
                if hexes:
                    board.sprites.append(
                        Sprite(
                            "text",
                            now,
                            1.4,
                            points=[layout.centre(hexes[0])],
                            text="breach!" if isinstance(e, WallBreached) else "gate broken!",
                            colour=P.HIGHLIGHT_TARGET,
                        )
                    )
                now += 0.5
            elif isinstance(e, WorksDamaged) and per_hex > 0:
                hexes = [Hex.from_offset(*p) for p in e.edge]
                board.sprites.append(Sprite("flash", now, 0.5, hexes=hexes, colour=(120, 100, 80)))
                now += 0.25
        self.busy_until = max(self.busy_until, now)

    def _advance_anims(self) -> None:
        now = self.app.now
        board = self.board
        board.moving.clear()
        keep = []
        for a in self.anims:
            if self.skip or now >= a.end:
                continue
            keep.append(a)
            pos = a.position(now)
            if pos is None:
                board.hidden_units.add(a.unit)
                continue
            (x, y), h = pos
            board.hidden_units.discard(a.unit)
            if a.visible is not None and h not in a.visible:
                board.hidden_units.add(a.unit)
                continue
            board.moving[a.unit] = (x, y)
        # units waiting for their turn to move stay where they started
        waiting = {a.unit for a in keep if a.position(now) is None}
        board.hidden_units = waiting | {
            a.unit for a in keep if a.unit not in board.moving and a.position(now) is not None
        }
        for a in keep:
            if a.position(now) is None and a.unit not in board.moving:
                board.moving[a.unit] = a.points[0]
                board.hidden_units.discard(a.unit)
        self.anims = keep
        if self.skip:
            self.busy_until = now
            board.sprites.clear()

    # ------------------------------------------------------------------ per frame

    def update(self, dt: float) -> None:
        self._advance_anims()
        now = self.app.now
        session = self.session
        problem = session.autosave_problem  # a blocked autosave is said once per attempt
        if problem and problem is not getattr(self, "_autosave_said", None):
            self._autosave_said = problem
            self.say(problem, 8.0)
        s = self.seat
        self._note_turn_change()
        if self.coach is not None:
            self.coach.update(self)
        if self.replay_queue and not self.anims and now >= self.busy_until:
            item = self.replay_queue.pop(0)
            self.say(item.event.text, 3.0)
            self.animate([item.event], replay_for=session.viewer)
        if self.anims or now < self.busy_until or self.replay_queue:
            self._edge_scroll(dt)
            return
        if not self.session.human_to_move and not s.ended:
            self._computer_turn()
            return
        self.skip = False
        if s.ended:
            if not self.ended_shown:
                self.ended_shown = True
                from siege.ui import autosave

                autosave.end_battle()  # a finished battle is nothing to resume
                from siege.ui.scenes.report import EndReport

                self.app.push(EndReport(self.app, session))
            return
        if session.mode == "hotseat" and self.handed_to != s.active_side:
            self._handover()
            return
        if self.recap_from is not None and session.mode == "ai":
            self._show_recap()
            return
        if self.app.settings.brief_at_start and session.viewer not in self.briefed:
            self.briefed.add(session.viewer)  # each side, at its first turn here
            self.show_objectives()
            return
        self._edge_scroll(dt)
        self._rebuild_card_buttons()

    def _computer_turn(self) -> None:
        session = self.session
        if self.pending is None:
            job = session.ai_job
            if job is None:
                session.start_ai()
                return
            if not job.done:
                # give the thinker the interpreter for a moment: its numpy and scipy calls
                # let go of it, and would otherwise wait a whole switch interval to get it back
                job.thread.join(timeout=0.002)
                return
            session.ai_job = None
            if job.error is not None:
                if not self.ai_error_shown:
                    self.say(
                        f"the computer's commander failed ({job.error!r}); it ends its phase", 8.0
                    )
                    self.ai_error_shown = True
                self.pending = []
            else:
                self.pending = list(job.result or [])
        if self.pending:
            order = self.pending.pop(0)
            if session.active_seat.check(order) is None:  # (not if an earlier one overtook it)
                events, _ = session.submit(order)
                self.animate(events or [])
                self._after_change()
            return
        self.pending = None
        self.animate(session.end_phase())
        self._after_change()

    def _note_turn_change(self) -> None:
        """Against the computer: mark where its turn begins, for the recap when it is over."""
        active = self.game.active_side
        if active == self._last_active:
            return
        self._last_active = active
        session = self.session
        if session.human_to_move:  # the autosave's picture, for the save browser
            from siege.ui import paths

            self._save_thumbnail(paths.autosave_path().with_suffix(".png"))
        if session.mode == "ai" and not session.is_human(active) and self.app.settings.show_recap:
            self.recap_from = (
                len(self.game.record),
                self.seat.losses(),
                active,
                self.game.state.turn,
            )

    def _show_recap(self) -> None:
        from siege.ui.scenes.recap import Recap, make_recap

        start, losses, side, turn = self.recap_from
        self.recap_from = None
        session = self.session
        events = (
            self.seat.events(start) if session.fog else [r.event for r in self.game.record[start:]]
        )
        theirs = [e for e in events if not isinstance(e, (PhaseBegan, TurnBegan))]
        self.app.push(Recap(self.app, self, make_recap(self.seat, side, turn, theirs, losses)))

    def _handover(self) -> None:
        from siege.ui.scenes.handover import Handover

        side = self.game.active_side
        start = self.last_handover_index.get(side, 0)
        log = self.session.seat(side).log()  # only what this side saw, as it saw it
        seen = [r for r in log[start:] if r.side != side]
        self.handed_to = side
        self.last_handover_index[side] = len(log)
        self.deselect()
        self.app.push(Handover(self.app, self, side, seen))

    def start_replay(self, items: list) -> None:
        self.replay_queue = list(items)
        self.skip = False

    def _edge_scroll(self, dt: float) -> None:
        keys = pygame.key.get_pressed()
        speed = 700 * dt
        dx = (keys[pygame.K_RIGHT] or keys[pygame.K_d]) - (keys[pygame.K_LEFT] or keys[pygame.K_a])
        dy = (
            keys[pygame.K_DOWN] or keys[pygame.K_s] and not pygame.key.get_mods() & pygame.KMOD_CTRL
        ) - (keys[pygame.K_UP] or keys[pygame.K_w])
        if self.mouse_moved and pygame.mouse.get_focused() and self.drag_from is None:
            x, y = self.mouse
            w, h = self.app.size
            if x <= 3:
                dx -= 1
            if y <= 3:
                dy -= 1
            if y >= h - 4 and x < self.map_rect.right:
                dy += 1
            if self.map_rect.right - EDGE_SCROLL <= x < self.map_rect.right and y > TOP_H:
                dx += 1
        if dx or dy:
            self.board.scroll(dx * speed, dy * speed)

    # ------------------------------------------------------------------ drawing

    def draw(self, screen: pygame.Surface) -> None:
        now = self.app.now
        self._highlights()
        self.board.draw(screen, self.hl, now)
        self._draw_topbar(screen)
        self._draw_panel(screen)
        self._draw_minimap(screen)
        if self.coach is not None:
            self.coach.draw(screen, self)
        self._draw_status(screen)
        if self.preview is not None:
            self._draw_preview(screen)
        elif self.hover_hex is not None and now - self.hover_since > 0.35 and not self.dragging:
            self._draw_tooltip(screen)

    def _highlights(self) -> None:
        hl = self.hl
        s = self.seat
        hl.hover = self.hover_hex
        own = {u.id: u for u in s.units()}
        hl.selected = [own[u].hex for u in self.selected if u in own]
        key = (tuple(self.selected), self.session.revision, s.phase)
        if key != self._reach_cache:
            self._reach_cache = key
            hl.reachable, hl.targets = {}, []
            if self.selected and self.session.human_to_move:
                uid = self.selected[0]
                unit = s.unit(uid)
                if s.phase == "movement" and not unit.moved and unit.morale != "routed":
                    hl.reachable = self.seat.reachable(uid)
                elif s.phase == "fire" and not unit.fired:
                    hl.targets = sorted(
                        {
                            Hex.from_offset(*o.target)
                            for o in self.seat.legal_orders(uid)
                            if isinstance(o, Volley)
                        }
                    )
                elif s.phase == "assault":
                    # the enemy hexes one of the chosen units may assault now
                    hl.targets = sorted(
                        {
                            Hex.from_offset(*o.target)
                            for u in self.selected
                            if u in own
                            for o in self.seat.legal_orders(u)
                            if isinstance(o, Assault)
                        }
                    )
        hl.path, hl.path_cost = [], None
        if hl.reachable and self.hover_hex in hl.reachable:
            hl.path = self.seat.path(self.selected[0], self.hover_hex.offset)
            hl.path_cost = hl.reachable[self.hover_hex]

    def _draw_topbar(self, screen) -> None:
        s = self.seat
        w = self.app.size[0]
        key = (
            self.session.revision,
            s.phase,
            s.active_side,
            s.turn,
            self.busy,
            self.session.human_to_move,
            w,
        )
        if key != self._topbar_cache:
            self._topbar_cache = key
            bar = pygame.Surface((self.topbar_right, TOP_H))
            bar.fill(P.UI_BG)
            night = s.is_night()
            x = 6
            # day / night disc
            cx, cy = x + 12, TOP_H // 2
            if night:
                pygame.draw.circle(bar, (220, 220, 200), (cx, cy), 10)
                pygame.draw.circle(bar, P.UI_BG, (cx + 5, cy - 3), 9)
            else:
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
            x += 28
            when = fonts.title(19).render(s.time_label(), True, P.UI_TEXT)
            bar.blit(when, (x, (TOP_H - when.get_height()) // 2))
            x += when.get_width() + 14
            # wind: an arrow blowing toward, its strength as a number
            vx, vy = compass_vector(s.wind_from)
            cx = x + 13
            pygame.draw.circle(bar, P.UI_PANEL, (cx, cy), 13)
            if s.wind_strength > 0:
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
            x += 30
            wind_names = {0: "calm", 1: "light", 2: "fresh", 3: "strong"}
            wt = fonts.ui(12).render(
                f"{s.wind_from} {wind_names.get(s.wind_strength, '')}", True, P.UI_DIM
            )
            bar.blit(wt, (x, (TOP_H - wt.get_height()) // 2))
            x += wt.get_width() + 14
            last = s.clock.last_turn()
            tt = fonts.bold(13).render(f"Turn {s.turn}/{last}", True, P.UI_TEXT)
            bar.blit(tt, (x, (TOP_H - tt.get_height()) // 2))
            x += tt.get_width() + 12
            phases = ("command", "movement", "fire", "assault")
            index = phases.index(s.phase) if s.phase in phases else 0
            pt = fonts.bold(13).render(f"{s.phase.capitalize()}", True, P.UI_ACCENT)
            pygame.draw.rect(
                bar, P.UI_PANEL, (x - 5, 6, pt.get_width() + 36, TOP_H - 12), border_radius=3
            )
            bar.blit(pt, (x, (TOP_H - pt.get_height()) // 2 - 1))
            for k in range(4):
                pygame.draw.circle(
                    bar,
                    P.UI_ACCENT if k <= index else P.UI_DIM,
                    (x + pt.get_width() + 8 + k * 6, cy),
                    2 if k != index else 3,
                )
            x += pt.get_width() + 44
            colour = P.hex_to_rgb(
                next(sd.colour for sd in self.session.scenario.sides if sd.id == s.active_side)
            )
            pygame.draw.rect(bar, colour, (x, 11, 12, TOP_H - 22))
            pygame.draw.rect(bar, P.UI_TEXT, (x, 11, 12, TOP_H - 22), 1)
            x += 18
            who = explain.short_side_name(s, s.active_side)
            if not self.session.human_to_move and not s.ended:
                who += " (computer)"
            elif self.session.mode == "ai":
                who += " (you)"
            font = fonts.bold(13)
            wt = font.render(who, True, P.UI_TEXT)
            bar.blit(wt, (x, (TOP_H - wt.get_height()) // 2))
            x += wt.get_width() + 18
            # the score and the result it would give now
            score = "⚑ " + explain.score_summary(s)
            room = self.topbar_right - 6 - x
            if font.size(score)[0] > room:
                font = fonts.ui(12)
            while font.size(score)[0] > room and len(score) > 8:
                score = score[:-2].rstrip() + "…"
            st = font.render(score, True, P.UI_ACCENT)
            bar.blit(st, (x, (TOP_H - st.get_height()) // 2))
            self.topbar_text = f"{who} {score}"
            self._topbar_surface = bar
            can = self.can_command()
            for key_ in ("end_phase", "end_turn"):
                (self.buttons[key_].enable if can else self.buttons[key_].disable)()
            (
                self.buttons["undo"].enable
                if can and self.seat.can_undo()
                else self.buttons["undo"].disable
            )()
        screen.fill(P.UI_BG, (0, 0, self.app.size[0], TOP_H))
        screen.blit(self._topbar_surface, (0, 0))
        pygame.draw.line(screen, (20, 16, 12), (0, TOP_H - 1), (self.app.size[0], TOP_H - 1))

    def _draw_panel(self, screen) -> None:
        screen.fill(P.UI_PANEL, self.panel_rect)
        pygame.draw.line(
            screen, (20, 16, 12), self.panel_rect.topleft, self.panel_rect.bottomleft, 2
        )
        s = self.seat
        key = (tuple(self.selected), self.session.revision, s.phase)
        if key != self._card_cache:
            self._card_cache = key
            self._card_surface = self._render_card()
        screen.blit(self._card_surface, self.card_rect)

    def _render_card(self) -> pygame.Surface:
        card = pygame.Surface(self.card_rect.size)
        card.fill(P.UI_PANEL)
        self.card_text = []
        if not self.selected:
            self._render_side_card(card)
        else:
            self._render_unit_card(card)
        return card

    def _card_line(
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
            self.card_text.append(line)
            y += font.get_linesize()
        return y

    def _render_side_card(self, card) -> None:
        """Nothing selected: the side at a glance, the score and every objective."""
        s = self.seat
        x, y = 12, 8
        head = fonts.title(22).render(
            self.session.side_name(self.session.viewer), True, P.UI_ACCENT
        )
        card.blit(head, (x, y))
        y += head.get_height() + 2
        own = s.units()
        men = sum(u.strength for u in own)
        lost = sum(v for k, v in s.losses().items() if k != "escaped")
        y = self._card_line(card, f"{len(own)} units, {men:,} men on the field; lost {lost:,}", y)
        y = self._card_line(
            card, "Score " + explain.score_summary(s), y, P.UI_ACCENT, fonts.bold(13)
        )
        y += 3
        small, small_bold = fonts.ui(12), fonts.bold(12)
        rows = explain.objective_rows(s)
        room = (self.card_rect.h - 22 - y) // small.get_linesize()
        shown = rows if len(rows) <= room else rows[: room - 1]
        viewer = self.session.viewer
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
            self.card_text.append(f"{row.name} {right}")
            y += small.get_linesize()
        if len(shown) < len(rows):
            self._card_line(
                card, f"… and {len(rows) - len(shown)} more: press O", y, P.UI_DIM, small
            )
        self._card_line(
            card,
            "O: objectives  L: unit list  Tab: next unit  F1: help",
            self.card_rect.h - 20,
            P.UI_DIM,
            small,
        )

    def _render_unit_card(self, card) -> None:
        s = self.seat
        x, y = 12, 10
        u = s.unit(self.selected[0])
        art = self.board.counters.__class__(56).counter(
            self.board.unit_colour(u),
            u.type.unit_class,
            u.strength,
            u.morale,
            s.leader_of_unit(u.id) is not None,
            False,
        )
        card.blit(art, (x, y))
        text_x, text_w = x + 66, PANEL_W - 66 - 24
        font = fonts.bold(15) if fonts.bold(15).size(u.name)[0] <= text_w else fonts.bold(13)
        ty = self._card_line(card, u.name, y, P.UI_TEXT, font, text_x, text_w)
        nation = next(
            (n.name for sd in self.session.scenario.sides for n in sd.nations if n.id == u.nation),
            "",
        )
        ty = self._card_line(
            card,
            f"{nation} {u.type.name}, {u.type.quality}",
            ty,
            P.UI_DIM,
            fonts.ui(12),
            text_x,
            text_w,
        )
        morale_colour = P.MORALE.get(u.morale, P.UI_TEXT)
        pygame.draw.circle(card, morale_colour, (text_x + 6, ty + 8), 5)
        card.blit(fonts.ui(13).render(u.morale, True, P.UI_TEXT), (text_x + 16, ty))
        y = max(y + 62, ty + 20)
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
        if len(self.selected) > 1:
            lines.append(f"+ {len(self.selected) - 1} more for the assault (shift+click)")
        ice = s.ice_cm(u.hex) if s.map.water[u.hex.r, u.hex.col] else None
        if ice is not None:
            lines.append(f"on the ice: {ice:.0f} cm")
        for line in lines:
            y = self._card_line(card, line, y, font=fonts.ui(13))

    def _refresh_log(self, force: bool = False) -> None:
        total = len(self.game.record)
        if not force and total == self.log_count:
            return
        lines = []
        for r in self.session.log_for(self.session.viewer)[-80:]:
            e = r.event
            text = html.escape(e.text)
            if isinstance(e, (TurnBegan,)):
                text = f"<b><font color='#e8c88a'>{text}</font></b>"
            elif isinstance(e, PhaseBegan):
                text = f"<font color='#a8987a'>{text}</font>"
            elif isinstance(
                e,
                (
                    GateBroken,
                    WallBreached,
                    LeaderHit,
                    ObjectiveTaken,
                    IceBroke,
                    BattleEnded,
                    ScriptedEvent,
                    UnitEliminated,
                ),
            ):
                text = f"<b><font color='#f0a070'>{text}</font></b>"
            lines.append(text)
        self.log_box.set_text("<br>".join(lines[-60:]))
        if self.log_box.scroll_bar is not None:
            self.log_box.scroll_bar.set_scroll_from_start_percentage(1.0)
        self.log_count = total

    def _draw_minimap(self, screen) -> None:
        r = self.minimap_rect
        board = self.board
        s = self.seat
        night = s.is_night()
        key = (r.size, night)
        if self._minimap_cache is None or self._minimap_cache[0] != key:
            from siege.ui.layout import Layout

            small = Layout(6.0, margin=6)
            static = board.painter.paint(small, night)
            sw, sh = static.get_size()
            scale = min(r.w / sw, r.h / sh)
            size = (int(sw * scale), int(sh * scale))
            self._minimap_cache = (key, pygame.transform.smoothscale(static, size), small, scale)
        _, surf, small, scale = self._minimap_cache
        dest = surf.get_rect(center=r.center)
        screen.fill((20, 16, 12), r)
        screen.blit(surf, dest)
        ref = self.game.state  # (the fog turned off: the player chose to see everything)
        shown = (
            s.units() + s.enemies()
            if self.session.fog
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
        pygame.draw.rect(
            screen, P.SELECT, (vx, vy, board.viewport.w * ratio, board.viewport.h * ratio), 1
        )
        pygame.draw.rect(screen, P.UI_DIM, r, 1)

    def _minimap_jump(self, pos) -> None:
        if self._minimap_cache is None:
            return
        _, surf, small, scale = self._minimap_cache
        dest = surf.get_rect(center=self.minimap_rect.center)
        mx = (pos[0] - dest.x) / scale
        my = (pos[1] - dest.y) / scale
        h = small.hex_at(mx, my)
        if self.seat.map.on_map(h):
            self.board.centre_on(h)

    def _status_text(self) -> str | None:
        """The line along the map's foot: a message, the computer at work, or a replay."""
        text = None
        if self.app.now < self.status_until and self.status:
            text = self.status
        elif not self.session.human_to_move and not self.seat.ended:
            dots = "." * (1 + int(self.app.now * 2) % 3)
            job = self.session.ai_job
            thinking = job is not None and not job.done
            text = (
                f"The computer {'is thinking' if thinking else 'is moving'} for "
                f"{self.session.side_name(self.game.active_side)}{dots}   "
                "(space: skip the animation)"
            )
        elif self.replay_queue:
            text = "replaying what your men saw…   (space: skip)"
        return text

    def _draw_status(self, screen) -> None:
        text = self._status_text()
        if not text:
            self.status_rect = None
            return
        font = fonts.bold(14)
        rendered = [
            font.render(line, True, P.PAPER)
            for line in fonts.wrap(font, text, self.map_rect.w - 80)
        ]
        w = max(t.get_width() for t in rendered)
        h = sum(t.get_height() for t in rendered)
        rect = pygame.Rect(0, 0, w, h)
        rect.midbottom = (self.map_rect.centerx, self.map_rect.bottom - 12)
        back = rect.inflate(20, 10)
        panel = pygame.Surface(back.size, pygame.SRCALPHA)
        panel.fill((30, 24, 18, 215))
        screen.blit(panel, back)
        y = rect.y
        for t in rendered:
            screen.blit(t, t.get_rect(midtop=(rect.centerx, y)))
            y += t.get_height()
        self.status_rect = back

    # ------------------------------------------------------------------ hover panels

    def _panel_at(
        self, lines: list[tuple[str, tuple, object]], title: str | None = None, colour=P.UI_ACCENT
    ) -> pygame.Surface:
        rendered = []
        if title:
            rendered.append(fonts.bold(14).render(title, True, colour))
        for text, c, font in lines:
            rendered.append(font.render(text, True, c))
        w = max(r.get_width() for r in rendered) + 20
        h = sum(r.get_height() + 2 for r in rendered) + 14
        surf = pygame.Surface((w, h), pygame.SRCALPHA)
        surf.fill((34, 28, 22, 236))
        pygame.draw.rect(surf, colour, surf.get_rect(), 1)
        y = 7
        for r in rendered:
            surf.blit(r, (10, y))
            y += r.get_height() + 2
        return surf

    def _place(self, screen, surf) -> None:
        x, y = self.mouse[0] + 18, self.mouse[1] + 18
        rect = surf.get_rect(topleft=(x, y))
        if rect.right > self.map_rect.right - 4:
            rect.right = self.mouse[0] - 12
        if rect.bottom > self.map_rect.bottom - 4:
            rect.bottom = self.mouse[1] - 12
        rect.clamp_ip(self.map_rect)
        screen.blit(surf, rect)

    def _draw_preview(self, screen) -> None:
        kind, data, _order = self.preview
        key = (
            "preview",
            kind,
            id(data),
            self.session.revision,
            self.mouse if kind == "refused" else 0,
        )
        if self._tooltip_cache is None or self._tooltip_cache[0] != key:
            self._tooltip_cache = (key, self._build_preview(kind, data))
        self._place(screen, self._tooltip_cache[1])

    def _build_preview(self, kind, data) -> pygame.Surface:
        T, D = P.UI_TEXT, P.UI_DIM
        f, b = fonts.ui(13), fonts.bold(13)
        if kind == "refused":
            return self._panel_at([(str(data), T, f)], "Not possible", (200, 90, 70))
        if kind == "volley":
            odds = data
            lines = [
                (f"{odds.weapon.name}: {odds.firers:,} firing at {odds.target_men:,} men", T, f),
                (f"expected hits: {odds.expected:.0f}  (2d6: 7 = as expected)", T, b),
            ]
            effect = self.fire_effect
            if effect is not None:
                lines += [
                    (f"sets the hex alight: {effect.chance:.0%} chance", P.FLAME_CORE, b),
                    (
                        f"   if it catches, ~{effect.burned_if_caught:,} burned under the "
                        f"roofs (then it spreads downwind)",
                        P.FLAME_CORE,
                        f,
                    ),
                    (f"expected burned: {effect.expected_burned:,.0f}", P.FLAME_CORE, b),
                ]
            for name, value in odds.modifiers:
                lines.append((f"   {name}  ×{value:.2f}", D, f))
            if odds.morale_risk:
                risk = odds.morale_risk
                lines.append(("target's morale:", T, f))
                for k in ("no check", "holds", "shaken or worse", "routed"):
                    if k in risk:
                        c = (
                            P.MORALE["routed"]
                            if k == "routed"
                            else (P.MORALE["wavering"] if k.startswith("shaken") else D)
                        )
                        lines.append((f"   {k}: {risk[k]:.0%}", c, f))
            lines.append(("click to fire", P.UI_ACCENT, b))
            return self._panel_at(lines, "Fire")
        if kind == "assault":
            odds = data
            ch = odds.chances
            lines = [
                (f"attack {odds.attack:,.0f}  vs  defence {odds.defence:,.0f}", T, f),
                (
                    f"taken {ch.get('taken', 0):.0%}   held {ch.get('held', 0):.0%}   "
                    f"repulsed {ch.get('repulsed', 0):.0%}",
                    T,
                    b,
                ),
                (
                    f"expected losses: ours ~{odds.attacker_loss:,.0f}, "
                    f"theirs ~{odds.defender_loss:,.0f}",
                    T,
                    f,
                ),
            ]
            if odds.escalading:
                lines.append(
                    (f"{len(odds.escalading)} unit(s) climbing ladders", P.MORALE["wavering"], f)
                )
            for name, value in odds.modifiers:
                lines.append((f"   {name}  ×{value:.2f}", D, f))
            lines.append(("shift+click your units to add them; click to assault", P.UI_ACCENT, b))
            return self._panel_at(lines, "Assault")
        if kind == "bombardment":
            what, dmg, left, weapon = data
            lines = [
                (f"{what}: {left:.0f} damage points left", T, f),
                (f"expected damage: {dmg:.1f}" + (f" ({weapon.name})" if weapon else ""), T, b),
                ("click to bombard", P.UI_ACCENT, b),
            ]
            return self._panel_at(lines, "Bombard")
        return self._panel_at([("?", T, f)])

    def _draw_tooltip(self, screen) -> None:
        """Hex and unit details in the map's lower-left corner, out of the way of the action."""
        h = self.hover_hex
        key = ("hex", h, self.session.revision)
        if self._tooltip_cache is None or self._tooltip_cache[0] != key:
            self._tooltip_cache = (key, self._build_tooltip(h))
        surf = self._tooltip_cache[1]
        rect = surf.get_rect(bottomleft=(self.map_rect.x + 8, self.map_rect.bottom - 8))
        if self.status_rect is not None and rect.colliderect(self.status_rect):
            rect.bottom = self.status_rect.top - 6  # the message stays readable
        if rect.collidepoint(self.mouse):
            rect.bottomleft = (self.map_rect.x + 8, self.map_rect.y + 8 + rect.h)
        screen.blit(surf, rect)

    def _build_tooltip(self, h: Hex) -> pygame.Surface:
        s = self.seat
        m = s.map
        T, D = P.UI_TEXT, P.UI_DIM
        f, b = fonts.ui(13), fonts.bold(13)
        terrain = m.terrain_at(h)
        lines = [(f"[{h.col}, {h.r}]  elevation {m.elevation_of[h]:g} m", D, f)]
        extra = []
        if terrain.cover:
            extra.append(f"cover {terrain.cover:.0%}")
        if m.work_cover.get(h):
            extra.append(f"works +{m.work_cover[h]:.0%}")
        if extra:
            lines.append(("; ".join(extra), T, f))
        if m.water[h.r, h.col]:
            cm = s.ice_cm(h)
            lines.append(
                (
                    f"ice {cm:.0f} cm"
                    + (" — too thin to cross" if cm < s.scenario.rules.ice_min_cm else ""),
                    (170, 200, 230),
                    b,
                )
            )
        for work in s.scenario.map.works:
            if list(h.offset) in [list(p) for p in work.hexes]:
                lines.append((work.name, T, f))
        walls = []
        for n in h.neighbours():
            key = edge_key(h, n)
            wall = m.walls.get(key)
            if wall is None:
                continue
            gate = m.gate_at_edge.get(key)
            if gate:
                walls.append(f"{m.gates[gate].name}: {s.gates.get(gate)}")
            elif key in s.breaches:
                walls.append(f"{wall.name}: breached")
            else:
                walls.append(f"{wall.name} ({wall.height_m:g} m)")
        for w in sorted(set(walls)):
            lines.append((w, T, f))
        if h in s.fires:
            lines.append((f"burning ({s.fires[h]} more turns)", P.FLAME, b))
        elif h in s.burned_out:
            lines.append(("burned out", D, f))
        elif m.flammable[h.r, h.col]:
            lines.append(("flammable", D, f))
        if h in m.exits:
            exit_id, sides = m.exits[h]
            lines.append((f"exit for {', '.join(self.session.side_name(x) for x in sides)}", T, f))
        for obj in s.scenario.objectives:
            if any(tuple(p) == h.offset for p in obj.hexes):
                holder = s.objectives.get(obj.id)
                held_by = self.session.side_name(holder) if holder else "nobody"
                lines.append(
                    (
                        f"objective: {obj.name} ({held_by})",
                        P.UI_ACCENT,
                        f,
                    )
                )
        visible = self.session.view().visible
        if self.session.fog and h not in visible:
            lines.append(("out of sight", D, f))
        if self.session.fog:  # through the viewer's seat: own men, and enemies in sight
            types = {t.id: t.name for t in s.scenario.unit_types}
            for u in self.seat.units_at(h):
                lines.append(
                    (f"{u.name}: {u.strength:,} {u.type.name}, {u.morale}", P.UI_ACCENT, b)
                )
            for e in self.seat.enemies_at(h):
                lines.append(
                    (
                        f"{e.name}: about {e.strength:,} {types.get(e.type, e.type)}, {e.morale}",
                        P.UI_ACCENT,
                        b,
                    )
                )
        else:
            for u in self.game.state.units_at(h):
                lines.append(
                    (f"{u.name}: {u.strength:,} {u.type.name}, {u.morale}", P.UI_ACCENT, b)
                )
        return self._panel_at(lines, terrain.name.capitalize())
