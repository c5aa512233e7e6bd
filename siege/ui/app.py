"""The game window: one App runs a stack of scenes (main menu, battle, handover, end report, help).

Entry points for the command line: `run_menu`, `run_battle`, `run_load` open the window;
`render_preview` draws the opening position headless with the same renderer.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

from siege.ui import paths
from siege.ui.settings import Settings

MIN_LAYOUT = (1280, 720)  # the smallest logical size every screen is laid out for at a scale


def _ensure_video_driver(headless: bool) -> None:
    if headless:
        os.environ["SDL_VIDEODRIVER"] = "dummy"
        os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
    # The window's picture goes to the screen as a plain shared-memory image. Left to itself,
    # SDL on Linux first opens a hidden OpenGL window to ask who made the graphics driver,
    # which loads Mesa and its LLVM (about 100 MB resident for the whole game, measured under
    # Xvfb) and then, on most drivers, draws with shared memory anyway. Frame times measured
    # the same either way (median 2.4 ms).
    os.environ.setdefault("SDL_FRAMEBUFFER_ACCELERATION", "0")


class App:
    def __init__(
        self,
        settings: Settings | None = None,
        size: tuple[int, int] | None = None,
        headless: bool = False,
    ) -> None:
        _ensure_video_driver(headless)
        import pygame

        self.pg = pygame
        pygame.display.init()
        pygame.font.init()
        self.settings = settings or Settings.load()
        flags = (
            pygame.FULLSCREEN if (self.settings.fullscreen and not headless and size is None) else 0
        )
        self.set_window(size or self.settings.size, bool(flags))
        pygame.display.set_caption("Siege — Pyongyang, February 1593")
        pygame.key.set_repeat(300, 40)
        self.clock = pygame.time.Clock()
        self.stack: list = []
        self.running = True
        self.exit_code = 0
        self.frame_times: list[float] = []
        self.now = 0.0
        self._theme = self._load_theme()
        from siege.ui.sound import Sounds

        self.sound = Sounds(self.settings)  # synthesised once, at start-up

    # ------------------------------------------------------------------ theme

    def _load_theme(self) -> dict:
        text = paths.THEME.read_text(encoding="utf-8")
        text = text.replace("{fonts}", str(paths.FONTS).replace("\\", "/"))
        return json.loads(text)

    def make_ui(self):
        import pygame_gui

        manager = pygame_gui.UIManager(self.size, self._theme, enable_live_theme_updates=False)
        manager.mouse_pos_scale_factor = [1 / self.scale, 1 / self.scale]
        manager.preload_fonts(
            [
                {"name": "dejavu_condensed", "point_size": size, "style": style}
                for size in (12, 13, 14)
                for style in ("bold", "italic")
            ]
            + [{"name": "noto_sans", "point_size": 14, "style": "bold"}]
        )
        return manager

    def set_window(self, size: tuple[int, int], fullscreen: bool) -> None:
        """Open (or reopen) the window. With an interface scale above 100%, the scenes draw on
        a smaller `screen` (`size` is its size) that is scaled up to the window each frame, and
        mouse positions are scaled down to match; so every scene lays out as it does at 100%."""
        pg = self.pg
        flags = pg.FULLSCREEN if fullscreen else 0
        self.window = pg.display.set_mode(size, flags)
        self.scale = interface_scale(self.window.get_size(), self.settings.ui_scale)
        if self.scale == 1.0:
            self.screen = self.window
        else:
            w, h = self.window.get_size()
            self.screen = pg.Surface((round(w / self.scale), round(h / self.scale))).convert()
        self.size = self.screen.get_size()

    # ------------------------------------------------------------------ the stack

    @property
    def top(self):
        return self.stack[-1] if self.stack else None

    def push(self, scene) -> None:
        self.stack.append(scene)
        scene.on_enter()

    def pop(self):
        scene = self.stack.pop()
        scene.on_exit()
        if self.stack:
            self.stack[-1].on_resume()
        return scene

    def replace(self, scene) -> None:
        if self.stack:
            self.stack.pop().on_exit()
        self.push(scene)

    def clear_to(self, scene) -> None:
        while self.stack:
            self.stack.pop().on_exit()
        self.push(scene)

    def quit(self, code: int = 0) -> None:
        self.exit_code = code
        self.running = False

    def apply(self, what) -> None:
        """Carry out what a scene returned: a transition, a list of them in order, or None."""
        from siege.ui.scenes.base import ClearTo, Pop, Push, Quit, Replace, then

        for step in then(what):
            if isinstance(step, Push):
                self.push(step.scene)
            elif isinstance(step, Pop):
                if self.stack:
                    self.pop()
            elif isinstance(step, Replace):
                self.replace(step.scene)
            elif isinstance(step, ClearTo):
                self.clear_to(step.scene)
            elif isinstance(step, Quit):
                self.quit(step.code)
            else:
                raise TypeError(f"not a scene transition: {step!r}")

    # ------------------------------------------------------------------ the loop

    def step(self, dt: float | None = None) -> None:
        """One frame: input to the top scene, update it, draw the visible scenes."""
        pg = self.pg
        if dt is None:
            dt = self.clock.tick(60) / 1000.0
        self.now += dt
        start = time.perf_counter()
        for event in pg.event.get():
            top = self.top
            if top is None:
                break
            if event.type == pg.QUIT:
                self.apply(top.on_quit_request())
                continue
            consumed = top.ui.process_events(event)  # (it scales mouse positions itself)
            self.apply(top.handle_ui(event, consumed))
            if not consumed and top is self.top:
                self.apply(top.handle(self._scaled(event)))
        top = self.top
        if top is None:
            self.running = False
            return
        top.ui.update(dt)
        self.apply(top.update(dt))
        self.draw()
        self.frame_times.append(time.perf_counter() - start)
        if len(self.frame_times) > 600:
            del self.frame_times[:300]
        if self.screen is not self.window:
            pg.transform.smoothscale(self.screen, self.window.get_size(), self.window)
        pg.display.flip()

    def scale_for(self, percent: int) -> float:
        return interface_scale(self.window.get_size(), percent)

    def _scaled(self, event):
        """A mouse event with its position in the scenes' (scaled-down) pixels."""
        if self.scale == 1.0 or not hasattr(event, "pos"):
            return event
        x, y = event.pos
        attrs = dict(event.dict, pos=(int(x / self.scale), int(y / self.scale)))
        return self.pg.event.Event(event.type, attrs)

    def draw(self) -> None:
        first = 0
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i].opaque:
                first = i
                break
        for scene in self.stack[first:]:
            scene.draw(self.screen)
            scene.draw_ui(self.screen)

    def run(self) -> int:
        # benchmarks/run.py times process start to the first frame with this set
        first_frame_only = bool(os.environ.get("SIEGE_EXIT_AFTER_FIRST_FRAME"))
        try:
            while self.running and self.stack:
                self.step()
                if first_frame_only:
                    self.running = False
        except BaseException:
            # a crash: leave the battle's running-marker in place, so the next start offers
            # to resume from the autosave
            self.pg.display.quit()
            raise
        while self.stack:
            self.stack.pop().on_exit()
        self.pg.display.quit()
        return self.exit_code


def interface_scale(window: tuple[int, int], percent: int) -> float:
    """The scale the interface is drawn at: the chosen one, as far as the window leaves the
    scenes at least MIN_LAYOUT pixels to lay out in (a small window stays at 100%)."""
    room = min(window[0] / MIN_LAYOUT[0], window[1] / MIN_LAYOUT[1])
    return max(1.0, min(percent / 100.0, room))


# ---------------------------------------------------------------------- entry points


def _report(message: str) -> None:
    print(f"siege: {message}", file=sys.stderr)


def run_menu() -> int:
    from siege.ui.scenes.menu import MainMenu

    app = App()
    app.push(MainMenu(app))
    return app.run()


def run_battle(
    scenario_path,
    mode: str = "ai",
    side: str | None = None,
    difficulty: str = "normal",
    seed: int = 0,
    scenario=None,
) -> int:
    from siege.scenario.problems import ScenarioError
    from siege.scenario.validate import load_scenario
    from siege.ui.scenes.battle import Battle
    from siege.ui.session import Session

    try:
        scenario = scenario or load_scenario(scenario_path)
    except ScenarioError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        return 1
    sides = [s.id for s in scenario.sides]
    if side is not None and side not in sides:
        _report(f"unknown side {side!r}; this scenario has {', '.join(sides)}")
        return 2
    _keep_crashed_game()
    app = App()
    session = Session.new(
        scenario, scenario_path, mode, side, difficulty, seed, app.settings.fog_of_war
    )
    from siege.ui.scenes.menu import MainMenu

    app.push(MainMenu(app))
    app.push(Battle(app, session))
    return app.run()


def run_tutorial() -> int:
    """The guided battle (scenarios/tutorial.yaml): the allies against the computer, easy."""
    from siege.scenario.problems import ScenarioError
    from siege.scenario.validate import load_scenario

    try:
        scenario = load_scenario(paths.TUTORIAL_SCENARIO)
    except ScenarioError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        return 1
    app = App()
    from siege.ui.scenes.menu import MainMenu

    app.push(MainMenu(app))
    app.push(tutorial_battle(app, scenario))
    return app.run()


def tutorial_battle(app, scenario):
    """The tutorial's battle scene, its guide attached; played at once (no briefing first)."""
    from siege.ui.scenes.battle import Battle
    from siege.ui.session import Session
    from siege.ui.tutorial import Coach

    side = next((s.id for s in scenario.sides if s.moves_first), scenario.sides[0].id)
    session = Session.new(scenario, paths.TUTORIAL_SCENARIO, "ai", side, "easy", 1, fog=True)
    battle = Battle(app, session, coach=Coach(scenario.tutorial))
    battle.briefed.add(side)
    return battle


def run_load(save_path) -> int:
    from siege.save import SaveError
    from siege.ui.scenes.battle import Battle
    from siege.ui.scenes.menu import MainMenu

    try:
        session = load_session(save_path)
    except SaveError as exc:
        _report(str(exc))
        return 1
    except LoadProblem as exc:
        for line in exc.lines:
            print(line, file=sys.stderr)
        return 1
    _keep_crashed_game()
    app = App()
    app.push(MainMenu(app))
    app.push(Battle(app, session))
    return app.run()


def run_watch(save_path) -> int:
    """A save played back in the window, fog off (siege/ui/scenes/watch.py)."""
    from siege.save import SaveError, check_scenario_file, read_save, scenario_hash
    from siege.scenario.problems import ScenarioError
    from siege.scenario.validate import load_scenario
    from siege.shipped import resolve_scenario
    from siege.ui.scenes.watch import Watch

    try:
        save = read_save(save_path)
        scenario_path = resolve_scenario(save.scenario_path or paths.DEFAULT_SCENARIO)
        check_scenario_file(scenario_path)
        scenario = load_scenario(scenario_path)
        if scenario.meta.id != save.scenario_id or scenario_hash(scenario) != save.scenario_hash:
            raise SaveError(
                f"{save_path}: made for another version of scenario {save.scenario_id!r}"
            )
    except SaveError as exc:
        _report(str(exc))
        return 1
    except ScenarioError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        return 1
    app = App()
    app.push(Watch.of_save(app, save, scenario, scenario_path))
    return app.run()


def _keep_crashed_game() -> None:
    """Started from the command line after a crash: keep the crashed game under a new name
    before this battle's autosaves could replace it, and say where it is."""
    from siege.ui import autosave

    kept = autosave.keep_crashed_game()
    if kept is not None:
        _report(
            f"the last battle did not close properly; it is kept as {kept} "
            f"(python main.py load {kept})"
        )


class LoadProblem(Exception):
    def __init__(self, lines: list[str]) -> None:
        super().__init__("\n".join(lines))
        self.lines = lines


def load_session(save_path):
    """Read a save, load its scenario and replay it; SaveError or LoadProblem on failure."""
    from siege.save import check_scenario_file, read_save
    from siege.scenario.problems import ScenarioError
    from siege.scenario.validate import load_scenario
    from siege.shipped import resolve_scenario
    from siege.ui.session import Session

    save = read_save(save_path)
    scenario_path = resolve_scenario(save.scenario_path or paths.DEFAULT_SCENARIO)
    check_scenario_file(scenario_path)
    try:
        scenario = load_scenario(scenario_path)
    except ScenarioError as exc:
        raise LoadProblem([str(p) for p in exc.problems]) from None
    return Session.from_save(save, scenario, scenario_path)


def render_preview(
    scenario_path, out_png, size: tuple[int, int] = (1280, 800), scenario=None
) -> None:
    """The opening position drawn headless: the whole map, fitted to `size`, with its units."""
    from siege.scenario.validate import load_scenario
    from siege.ui.render.board import Board, Highlights
    from siege.ui.render.labels import draw_entry_names
    from siege.ui.session import Session

    app = App(size=size, headless=True, settings=Settings())
    pg = app.pg
    scenario = scenario or load_scenario(scenario_path)
    session = Session.new(scenario, scenario_path, "hotseat", None, fog=False)
    board = Board(session, pg.Rect(0, 0, *size))
    board.fit()
    board.daylight = True  # the map is meant to be read here, whatever the hour
    board.draw(app.screen, Highlights(), 0.0)
    draw_entry_names(app.screen, board.layout, board.map_to_screen, scenario)
    _preview_caption(app.screen, scenario, session)
    out = Path(out_png)
    out.parent.mkdir(parents=True, exist_ok=True)
    pg.image.save(app.screen, str(out))
    pg.display.quit()


def _preview_caption(screen, scenario, session) -> None:
    from siege.ui import fonts
    from siege.ui import palette as P

    s = session.game.state
    title = fonts.title(26).render(scenario.meta.title, True, P.INK)
    sub = fonts.italic(13).render(
        f"{scenario.meta.dates} — opening position, {s.time_label()}", True, P.INK_SOFT
    )
    w = max(title.get_width(), sub.get_width()) + 24
    box = screen.get_rect().inflate(0, 0)
    rect = box.__class__(
        12,
        box.h - title.get_height() - sub.get_height() - 28,
        w,
        title.get_height() + sub.get_height() + 16,
    )
    import pygame

    panel = pygame.Surface(rect.size, pygame.SRCALPHA)
    panel.fill((*P.PAPER, 225))
    pygame.draw.rect(panel, P.INK, panel.get_rect(), 1)
    panel.blit(title, (12, 6))
    panel.blit(sub, (12, 8 + title.get_height()))
    screen.blit(panel, rect)
