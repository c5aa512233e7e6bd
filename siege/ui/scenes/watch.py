"""`python main.py watch SAVE`: a saved battle played back on the battle screen, each order
animated in turn. A replay hides nothing: the fog is off and both sides' moves are shown.

Space pauses and plays; N or . plays one order (while paused); [ and ] change the speed; Home
shows the whole map; a click on a unit shows its card; Esc or Q closes the window."""

from __future__ import annotations

import pygame

from siege.ui.playback import Playback
from siege.ui.scenes.base import Next, Quit
from siege.ui.scenes.battle import Battle
from siege.ui.session import Session

HELP = "space: pause/play   N: one order   [ ]: speed   Esc: close"


class Watch(Battle):
    def __init__(self, app, playback: Playback, session: Session) -> None:
        super().__init__(app, session)
        self.playback = playback
        self.animator.seconds_per_hex = playback.seconds_per_hex
        self.handed_to = session.game.active_side  # no handover screens in a replay
        self.board.fit()

    @classmethod
    def of_save(cls, app, save, scenario, scenario_path) -> Watch:
        playback = Playback(scenario, save)
        sides = tuple(s.id for s in scenario.sides)
        session = Session(
            scenario, playback.game, scenario_path, "hotseat", sides, seed=save.seed, fog=False
        )
        return cls(app, playback, session)

    def rebuilt(self) -> Watch:
        """The replay on a new screen laid out afresh (a new interface scale), where it was."""
        fresh = Watch(self.app, self.playback, self.session)
        fresh.board.set_zoom(self.board.size)
        fresh.board.camera.look_at(*self.board.screen_to_map(*self.map_rect.center))
        return fresh

    # a replay writes no autosave and marks no battle as open
    def on_enter(self) -> None:
        self.say(HELP, 6.0)

    def on_exit(self) -> None: ...

    def can_command(self) -> bool:
        return False

    def give(self, order) -> bool:
        self.say("a replay: orders cannot be given")
        return False

    def on_quit_request(self) -> Next:
        return Quit(0)

    def handle(self, event) -> Next:
        if event.type == pygame.KEYDOWN:
            k = event.key
            pb = self.playback
            if k in (pygame.K_ESCAPE, pygame.K_q):
                return Quit(0)
            if k == pygame.K_SPACE:
                pb.paused = not pb.paused
                self.say("paused" if pb.paused else f"playing ({pb.speed_name})", 2.0)
                return None
            if k in (pygame.K_n, pygame.K_PERIOD):
                pb.paused = True
                self.play_one()
                return None
            if k in (pygame.K_LEFTBRACKET, pygame.K_RIGHTBRACKET):
                pb.faster(1 if k == pygame.K_RIGHTBRACKET else -1)
                self.animator.seconds_per_hex = pb.seconds_per_hex
                self.say(f"speed: {pb.speed_name}", 2.0)
                return None
            if k in (pygame.K_HOME, pygame.K_PLUS, pygame.K_EQUALS, pygame.K_MINUS, pygame.K_f):
                return self.input.key(event)
            return None
        return self.input.handle(event)

    def play_one(self) -> None:
        """The next order of the save, animated; the board drawn anew."""
        self.animator.skip = False
        events = self.playback.step()
        self.session.revision += 1
        self.animate(events)
        self.after_change()

    def update(self, dt: float) -> Next:
        self.animator.advance()
        self.input.edge_scroll(dt)
        pb = self.playback
        if not self.animator.playing and pb.due(dt):
            self.play_one()
            if pb.problem:
                self.say(pb.problem, 60.0)
            elif pb.finished:
                self.say(f"the end of the save ({len(pb.orders)} orders)", 30.0)
        return None

    def draw(self, screen: pygame.Surface) -> None:
        pb = self.playback
        state = "paused" if pb.paused else ("the end" if pb.finished else pb.speed_name)
        self.status.standing = (
            f"replay: order {pb.position} of {len(pb.orders)}, {state}   ({HELP})"
        )
        super().draw(screen)
