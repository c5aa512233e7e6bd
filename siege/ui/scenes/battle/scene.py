"""The battle screen, put together: the map (siege/ui/render/board.py) with the top bar, the
side panel (unit card, log, minimap), previews and tooltips, the animator, and the turn's flow:
the player's orders, the computer's turn, hot-seat handovers, the recap, the end report.

Each part lives in its own module beside this one; this one owns the selection and the flow.
"""

from __future__ import annotations

import pygame

from siege.engine.events import Event, PhaseBegan, TurnBegan
from siege.engine.hexes import Hex
from siege.engine.orders import Assault, Volley
from siege.ui import explain
from siege.ui import palette as P
from siege.ui.render.board import Board, Highlights
from siege.ui.scenes.base import Next, Push, Quit, Replace, Scene
from siege.ui.scenes.battle.animator import Animator
from siege.ui.scenes.battle.card import CARD_H, PANEL_W, UnitCard
from siege.ui.scenes.battle.input import BattleInput
from siege.ui.scenes.battle.log import BattleLog, StatusLine
from siege.ui.scenes.battle.minimap import MINIMAP_H, Minimap
from siege.ui.scenes.battle.tooltips import Tooltips
from siege.ui.scenes.battle.topbar import TOP_H, TopBar
from siege.ui.session import Session, new_save_path

OPENING_ZOOM = 18.0


class Battle(Scene):
    def __init__(self, app, session: Session, coach=None) -> None:
        super().__init__(app)
        self.session = session
        self.coach = coach  # the tutorial's guide (siege/ui/tutorial.py), if any
        self.game = session.game
        w, h = app.size
        self.map_rect = pygame.Rect(0, TOP_H, w - PANEL_W, h - TOP_H)
        self.panel_rect = pygame.Rect(w - PANEL_W, TOP_H, PANEL_W, h - TOP_H)
        self.board = Board(session, self.map_rect)
        self.board.show_fog = session.fog
        # in a real window, new zoom levels are painted in the background (no stalled frame);
        # headless, at once, so every drawn frame is the finished picture
        self.board.background_paint = pygame.display.get_driver() not in ("dummy", "offscreen")
        self.hl = Highlights()
        self.selected: list[str] = []
        self.weapon_kinds = {w.id: w.kind for w in session.scenario.weapons}
        # the flow of turns
        self.pending: list | None = None  # the computer's orders still to play
        self.ai_error_shown = False
        self.handed_to: str | None = None  # hot-seat: the side the screen was handed to
        self.last_handover_index: dict[str, int] = {}
        self.replay_queue: list = []
        self.ended_shown = False
        self.briefed: set[str] = set()  # the sides shown the objectives at their first turn
        self._last_active: str | None = None
        self.recap_from: tuple | None = None  # (record index, own losses, side, turn) at the
        #                                        start of the computer's turn
        self._autosave_said: str | None = None
        self._reach_cache: tuple | None = None
        # the parts
        card_rect = pygame.Rect(self.panel_rect.x, TOP_H, PANEL_W, CARD_H)
        minimap_rect = pygame.Rect(
            self.panel_rect.x + 8, h - MINIMAP_H - 8, PANEL_W - 16, MINIMAP_H
        )
        log_rect = pygame.Rect(
            self.panel_rect.x + 8,
            card_rect.bottom + 4,
            PANEL_W - 16,
            minimap_rect.top - 8 - (card_rect.bottom + 4),
        )
        self.input = BattleInput(self)
        self.animator = Animator(self)
        self.topbar = TopBar(self)
        self.card = UnitCard(self, card_rect)
        self.log = BattleLog(self, log_rect)
        self.minimap = Minimap(self, minimap_rect)
        self.tips = Tooltips(self)
        self.status = StatusLine(self)
        self.log.refresh(force=True)
        self._open_on_own_forces()

    def rebuilt(self) -> Battle:
        """This battle on a new screen laid out afresh (a new interface scale): the same session,
        the selection, the sides already briefed or handed over, the map point in view."""
        fresh = type(self)(self.app, self.session, self.coach)
        fresh.selected = list(self.selected)
        fresh.briefed = set(self.briefed)
        fresh.handed_to = self.handed_to
        fresh.last_handover_index = dict(self.last_handover_index)
        fresh.ended_shown = self.ended_shown
        fresh._last_active = self._last_active
        fresh.board.set_zoom(self.board.size)
        centre = self.board.screen_to_map(*self.map_rect.center)
        fresh.board.camera.look_at(*centre)
        if self.coach is not None:
            self.coach.next_button = None  # its button belonged to the old screen
        return fresh

    def _open_on_own_forces(self) -> None:
        own = [u.hex for u in self.session.seat().units() if u.hex is not None]
        self.board.set_zoom(OPENING_ZOOM)
        if own:
            cx = sum(h.q + h.r / 2 for h in own) / len(own)
            cy = sum(h.r for h in own) / len(own)
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

    def handle_ui(self, event, consumed: bool) -> Next:
        return self.input.handle_ui(event)

    def handle(self, event) -> Next:
        return self.input.handle(event)

    def on_quit_request(self) -> Next:
        from siege.ui.scenes.dialogs import AUTOSAVE_NOTE, Confirm

        def save_and_quit() -> Next:
            self.save()
            return Quit(0)

        return Push(
            Confirm(
                self.app,
                "Quit the game?",
                f"{AUTOSAVE_NOTE} Orders given since then will be lost unless you save now.",
                [("Save and quit", save_and_quit), ("Quit", lambda: Quit(0)), ("Cancel", None)],
            )
        )

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
        return self.animator.playing and not self.animator.only_own_marches()

    @property
    def seat(self):
        """The viewer's seat: what the screen may know and do for the side it shows."""
        return self.session.seat()

    def can_command(self) -> bool:
        return self.session.human_to_move and not self.busy

    def own_units_at(self, h: Hex | None) -> list:
        return [] if h is None else self.seat.units_at(h)

    def enemy_visible_at(self, h: Hex | None) -> bool:
        if h is None:
            return False
        if not self.session.fog:
            return self.game.state.side_at(h) == self.seat.enemy
        return bool(self.seat.enemies_at(h))

    # ------------------------------------------------------------------ orders

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
        self.animate(events or [])
        self.after_change()
        return True

    def end_phase(self) -> None:
        if not self.can_command():
            return
        self.deselect()
        self.animate(self.session.end_phase() or [])
        self.after_change()

    def end_turn(self, confirmed: bool = False) -> Next:
        """Every remaining phase of this turn; first a word if units could still act."""
        if not self.can_command():
            return None
        idle = explain.units_not_acted(self.seat)
        if idle and not confirmed and self.app.settings.confirm_end_turn:
            from siege.ui.scenes.dialogs import EndTurnWarning

            return Push(EndTurnWarning(self.app, self, idle))
        side = self.game.active_side
        self.deselect()
        while self.game.active_side == side and not self.seat.ended:
            self.animate(self.session.end_phase())
        self.after_change()
        return None

    def undo(self) -> None:
        if not self.can_command():
            return
        reason = self.session.undo()
        self.game = self.session.game
        if reason:
            self.say(reason)
            return
        self.say("order taken back")
        self.animator.clear()
        self.after_change()
        self.log.refresh(force=True)

    def reload_scenario(self) -> Next:
        """F5, for scenario authors: read the scenario file again and carry on with the changed
        battle — the same orders replayed if they still stand, else from the opening position."""
        from siege.scenario.problems import ScenarioError
        from siege.scenario.validate import load_scenario

        if self.session.ai_job is not None:
            self.say("wait for the computer to finish its move")
            return None
        try:
            scenario = load_scenario(self.session.scenario_path)
        except ScenarioError as exc:
            first = exc.problems[0]
            more = f" (and {len(exc.problems) - 1} more)" if len(exc.problems) > 1 else ""
            self.say(f"not reloaded: line {first.line}: {first.message}{more}", 8.0)
            return None
        session, replayed = self.session.reloaded(scenario)
        fresh = Battle(self.app, session)
        fresh.handed_to = session.game.active_side
        fresh.say(
            "scenario reloaded"
            + ("; the orders so far replayed" if replayed else "; the battle starts again")
        )
        return Replace(fresh)

    def save(self) -> None:
        try:
            path = self.session.save_to(new_save_path(self.session.scenario.meta.id))
        except OSError as exc:
            self.say(f"could not save: {exc.strerror or exc}")
            return
        self.save_thumbnail(path.with_suffix(".png"))
        self.say(f"saved: {path.name}")

    def save_thumbnail(self, path) -> None:
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

    # ------------------------------------------------------------------ selection

    def deselect(self) -> None:
        self.selected = []
        self.selection_changed()

    def select_unit(self, unit_id: str) -> None:
        """Select one of the viewer's units and bring it into view."""
        self.selected = [unit_id]
        self.board.centre_on(self.seat.unit(unit_id).hex)
        self.selection_changed()

    def next_unit(self) -> None:
        """Tab: the next unit that can still act in this phase (any, if none can)."""
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

        ids = [u.id for u in ([u for u in units if can_act(u)] or units)]
        cur = self.selected[0] if self.selected else None
        nxt = ids[(ids.index(cur) + 1) % len(ids)] if cur in ids else ids[0]
        self.select_unit(nxt)

    def selection_changed(self) -> None:
        self._reach_cache = None
        self.tips.update(self.input.mouse)

    def after_change(self) -> None:
        """After an order or a phase: drop units no longer ours from the selection, refresh."""
        self.game = self.session.game
        own = {u.id for u in self.seat.units()}
        self.selected = [u for u in self.selected if u in own]
        self._reach_cache = None
        self.log.refresh()
        self.tips.update(self.input.mouse)

    def say(self, text: str, seconds: float = 4.0) -> None:
        self.status.say(text, seconds)

    def set_fog(self, fog: bool) -> None:
        """The fog of war turned on or off from the options, for this battle."""
        self.session.fog = fog
        self.board.show_fog = fog
        self.session.revision += 1  # every cached layer drawn again
        self.log.refresh(force=True)

    def show_objectives(self) -> Next:
        from siege.ui.scenes.objectives import Objectives

        return Push(Objectives(self.app, self))

    def open_menu(self) -> Next:
        from siege.ui.scenes.dialogs import GameMenu

        return Push(GameMenu(self.app, self))

    def animate(self, events: list[Event], replay_for: str | None = None) -> None:
        self.animator.animate(events, replay_for)

    def start_replay(self, items: list) -> None:
        self.replay_queue = list(items)
        self.animator.skip = False

    # ------------------------------------------------------------------ per frame

    def update(self, dt: float) -> Next:
        self.animator.advance()
        now = self.app.now
        session = self.session
        problem = session.autosave_problem  # a blocked autosave is said once per attempt
        if problem and problem is not self._autosave_said:
            self._autosave_said = problem
            self.say(problem, 8.0)
        s = self.seat
        self._note_turn_change()
        if self.coach is not None:
            self.coach.update(self)
        if self.replay_queue and not self.animator.anims and now >= self.animator.busy_until:
            item = self.replay_queue.pop(0)
            self.say(item.event.text, 3.0)
            self.animate([item.event], replay_for=session.viewer)
        if self.animator.playing or self.replay_queue:
            self.input.edge_scroll(dt)
            return None
        if not session.human_to_move and not s.ended:
            self._computer_turn()
            return None
        self.animator.skip = False
        if s.ended:
            if self.ended_shown:
                return None
            self.ended_shown = True
            from siege.ui import autosave
            from siege.ui.scenes.report import EndReport

            autosave.end_battle()  # a finished battle is nothing to resume
            return Push(EndReport(self.app, session))
        if session.mode == "hotseat" and self.handed_to != s.active_side:
            return self._handover()
        if self.recap_from is not None and session.mode == "ai":
            return self._recap()
        if self.app.settings.brief_at_start and session.viewer not in self.briefed:
            self.briefed.add(session.viewer)  # each side, at its first turn here
            return self.show_objectives()
        self.input.edge_scroll(dt)
        self.card.rebuild_buttons()
        return None

    def _computer_turn(self) -> None:
        """One step of the computer's turn a frame: start it thinking, wait, or play an order."""
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
                self.after_change()
            return
        self.pending = None
        self.animate(session.end_phase())
        self.after_change()

    def _note_turn_change(self) -> None:
        """Against the computer: mark where its turn begins, for the recap when it is over."""
        active = self.game.active_side
        if active == self._last_active:
            return
        self._last_active = active
        session = self.session
        if session.human_to_move:  # the autosave's picture, for the save browser
            from siege.ui import paths

            self.save_thumbnail(paths.autosave_path().with_suffix(".png"))
        if session.mode == "ai" and not session.is_human(active) and self.app.settings.show_recap:
            self.recap_from = (
                len(self.game.record),
                self.seat.losses(),
                active,
                self.game.state.turn,
            )

    def _recap(self) -> Next:
        from siege.ui.scenes.recap import Recap, make_recap

        assert self.recap_from is not None
        start, losses, side, turn = self.recap_from
        self.recap_from = None
        events = (
            self.seat.events(start)
            if self.session.fog
            else [r.event for r in self.game.record[start:]]
        )
        theirs = [e for e in events if not isinstance(e, (PhaseBegan, TurnBegan))]
        return Push(Recap(self.app, self, make_recap(self.seat, side, turn, theirs, losses)))

    def _handover(self) -> Next:
        from siege.ui.scenes.handover import Handover

        side = self.game.active_side
        start = self.last_handover_index.get(side, 0)
        log = self.session.seat(side).log()  # only what this side saw, as it saw it
        seen = [r for r in log[start:] if r.side != side]
        self.handed_to = side
        self.last_handover_index[side] = len(log)
        self.deselect()
        return Push(Handover(self.app, self, side, seen))

    # ------------------------------------------------------------------ drawing

    def draw(self, screen: pygame.Surface) -> None:
        self._highlights()
        self.board.draw(screen, self.hl, self.app.now)
        self.topbar.draw(screen)
        screen.fill(P.UI_PANEL, self.panel_rect)
        pygame.draw.line(
            screen, (20, 16, 12), self.panel_rect.topleft, self.panel_rect.bottomleft, 2
        )
        self.card.draw(screen)
        self.minimap.draw(screen)
        if self.coach is not None:
            self.coach.draw(screen, self)
        self.status.draw(screen, self.map_rect)
        i = self.input
        self.tips.draw(screen, i.hover_hex, i.hover_since, i.dragging)

    def _highlights(self) -> None:
        """The selected unit's reach (movement), or the enemies it can hit (fire, assault)."""
        hl = self.hl
        s = self.seat
        hl.hover = self.input.hover_hex
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
                    hl.reachable = s.reachable(uid)
                elif s.phase == "fire" and not unit.fired:
                    hl.targets = sorted(
                        {
                            Hex.from_offset(*o.target)
                            for o in s.legal_orders(uid)
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
                            for o in s.legal_orders(u)
                            if isinstance(o, Assault)
                        }
                    )
        hl.path, hl.path_cost = [], None
        hover = self.input.hover_hex
        if hl.reachable and hover in hl.reachable:
            hl.path = s.path(self.selected[0], hover.offset)
            hl.path_cost = hl.reachable[hover]
