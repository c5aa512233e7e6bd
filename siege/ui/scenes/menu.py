"""The main menu: scenarios (shipped and the player's own), how to play them, options, loading a
saved game, and the offer to resume after a crash."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from pathlib import Path

import pygame
import pygame_gui

from siege import __version__
from siege.scenario.schema import Scenario
from siege.ui import autosave, fonts, paths
from siege.ui import palette as P
from siege.ui.scenes.base import ClearTo, Next, Pop, Push, Quit, Replace, Scene
from siege.ui.settings import ANIMATION_SPEEDS, UI_SCALES, WINDOW_SIZES, scale_label, scale_of

CHECK_SECONDS = 20.0  # the longest the menu waits for one scenario file to be checked


@dataclass
class ScenarioEntry:
    path: Path
    title: str
    scenario: Scenario | None = None
    problem: str | None = None
    checked: bool = False

    @property
    def label(self) -> str:
        if not self.checked:
            return f"{self.title}  (checking…)"
        if self.problem:
            return f"{self.title}  — error: {self.problem}"
        return self.title


def scenario_files() -> list[Path]:
    found = []
    for folder in (paths.SHIPPED_SCENARIOS, paths.user_scenarios_dir()):
        if folder.is_dir():
            found += sorted(p for p in folder.glob("*.yaml") if p.is_file())
    return found


def check_entry(entry: ScenarioEntry) -> None:
    """Validate one file; a broken one is listed with its first problem, never raised."""
    from siege.scenario.problems import ScenarioError
    from siege.scenario.validate import load_scenario

    try:
        entry.scenario = load_scenario(entry.path)
        entry.title = entry.scenario.meta.title
    except ScenarioError as exc:
        first = exc.problems[0] if exc.problems else None
        entry.problem = f"{first.line}:{first.column}: {first.message}" if first else "invalid"
    except Exception as exc:  # noqa: BLE001 - a menu entry, not a crash
        entry.problem = f"cannot read: {exc}"
    entry.checked = True


class MainMenu(Scene):
    def __init__(self, app) -> None:
        super().__init__(app)
        self.settings = app.settings
        self.entries = [ScenarioEntry(p, p.stem) for p in scenario_files()]
        self._checker = threading.Thread(target=self._check_all, daemon=True)
        self._checker.start()
        self._listed: tuple = ()
        self.message = ""
        w, h = app.size
        left = 40
        col_w = min(520, w // 2 - 140)
        self.list = pygame_gui.elements.UISelectionList(
            pygame.Rect(left, 200, col_w, 200), [], self.ui
        )
        self.desc = pygame_gui.elements.UITextBox(
            "", pygame.Rect(left, 410, col_w, h - 410 - 40), self.ui
        )
        rx = left + col_w + 50
        rw = min(320, w - rx - 40)
        y = 200
        self.mode_options: dict[str, tuple[str, str | None]] = {}
        self.mode = pygame_gui.elements.UIDropDownMenu(
            ["(loading)"], "(loading)", pygame.Rect(rx, y, rw, 32), self.ui
        )
        y += 58
        self.difficulty = pygame_gui.elements.UIDropDownMenu(
            ["easy", "normal", "hard"],
            self.settings.difficulty
            if self.settings.difficulty in ("easy", "normal", "hard")
            else "normal",
            pygame.Rect(rx + 110, y, rw - 110, 32),
            self.ui,
        )
        y += 70
        self.fog = pygame_gui.elements.UICheckBox(
            pygame.Rect(rx, y, 24, 24),
            "Fog of war",
            self.ui,
            initial_state=self.settings.fog_of_war,
        )
        y += 40
        self.anim = pygame_gui.elements.UIDropDownMenu(
            list(ANIMATION_SPEEDS),
            self.settings.animation,
            pygame.Rect(rx + 110, y, rw - 110, 32),
            self.ui,
        )
        y += 42
        sizes: list[str | tuple[str, str]] = [f"{a}×{b}" for a, b in WINDOW_SIZES]
        current = f"{self.settings.width}×{self.settings.height}"
        if current not in sizes:
            sizes.insert(0, current)
        self.size_menu = pygame_gui.elements.UIDropDownMenu(
            sizes, current, pygame.Rect(rx + 110, y, rw - 110, 32), self.ui
        )
        y += 42
        self.fullscreen = pygame_gui.elements.UICheckBox(
            pygame.Rect(rx, y, 24, 24),
            "Full screen",
            self.ui,
            initial_state=self.settings.fullscreen,
        )
        self.scale_menu = pygame_gui.elements.UIDropDownMenu(
            [scale_label(p) for p in UI_SCALES],
            scale_label(self.settings.ui_scale),
            pygame.Rect(rx + rw - 150, y - 4, 150, 32),
            self.ui,
        )
        y += 50
        self.start = pygame_gui.elements.UIButton(
            pygame.Rect(rx, y, rw, 44), "Start the battle", self.ui, object_id="#primary"
        )
        y += 52
        half = (rw - 8) // 2
        self.tutorial = pygame_gui.elements.UIButton(
            pygame.Rect(rx, y, half, 36),
            "Tutorial",
            self.ui,
            tool_tip_text="a short guided battle that teaches the game step by step",
        )
        self.load = pygame_gui.elements.UIButton(
            pygame.Rect(rx + half + 8, y, rw - half - 8, 36), "Saved games", self.ui
        )
        y += 44
        self.quit_button = pygame_gui.elements.UIButton(pygame.Rect(rx, y, rw, 36), "Quit", self.ui)
        self.rx, self.rw = rx, rw
        self.resume: pygame_gui.elements.UIButton | None = None
        self.dismiss: pygame_gui.elements.UIButton | None = None
        self.selected: ScenarioEntry | None = None
        self._refresh_list()

    def on_enter(self) -> None:
        """Offer to resume only now, once the scenes beneath have closed: a battle left by
        "Quit to main menu" removes its running-marker as it goes, after this menu was built."""
        self._offer_resume()

    def _offer_resume(self) -> None:
        if self.resume is not None or not autosave.crashed():
            return
        w = self.app.size[0]
        self.resume = pygame_gui.elements.UIButton(
            pygame.Rect(w - 430, 20, 220, 36),
            "Resume the last battle",
            self.ui,
            object_id="#primary",
            tool_tip_text="the game did not close properly last time; "
            "this resumes from the autosave",
        )
        self.dismiss = pygame_gui.elements.UIButton(
            pygame.Rect(w - 200, 20, 160, 36), "No, start afresh", self.ui
        )

    # ------------------------------------------------------------------ scenarios

    def _check_all(self) -> None:
        """Check each file in turn, each within CHECK_SECONDS: one that takes longer is listed
        as an error and the rest are checked (its thread is left to finish on its own)."""
        for entry in self.entries:
            worker = threading.Thread(target=check_entry, args=(entry,), daemon=True)
            worker.start()
            worker.join(CHECK_SECONDS)
            if worker.is_alive():
                entry.problem = f"took longer than {CHECK_SECONDS:g} s to check; skipped"
                entry.checked = True

    def _refresh_list(self) -> None:
        labels = tuple(e.label for e in self.entries)
        if labels == self._listed:
            return
        self._listed = labels
        chosen = self.selected.path if self.selected else None
        self.list.set_item_list(list(labels) or ["(no scenarios found)"])
        if chosen is None:
            default = next((e for e in self.entries if e.path == paths.DEFAULT_SCENARIO), None)
            default = default or next(
                (e for e in self.entries if e.checked and not e.problem), None
            )
            if default is not None and default.checked and not default.problem:
                self._select(default)
        elif self.selected is not None:
            self._select(self.selected)

    def _select(self, entry: ScenarioEntry) -> None:
        self.selected = entry
        for item in self.list.item_list:
            item["selected"] = item["text"] == entry.label
        if hasattr(self.list, "rebuild"):
            for item in self.list.item_list:
                button = item.get("button_element")
                if button is not None:
                    (button.select if item["selected"] else button.unselect)()
        self._describe()

    def _describe(self) -> None:
        e = self.selected
        if e is None:
            self.desc.set_text("")
            return
        if e.problem:
            self.desc.set_text(
                f"<b>{e.path.name}</b><br><font color='#f0a070'>{e.problem}</font>"
                "<br><br>Run <i>python main.py validate</i> on it to see every "
                "problem."
            )
            self._set_modes([])
            return
        if e.scenario is None:
            self.desc.set_text("checking…")
            return
        sc = e.scenario
        units = len(sc.units)
        text = (
            f"<b>{sc.meta.title}</b> — {sc.meta.dates}<br>{sc.meta.description.strip()}<br><br>"
            f"{sc.map.width}×{sc.map.height} hexes, {units} units. "
        )
        for side in sc.sides:
            men = sum(u.strength for u in sc.units if u.side == side.id)
            text += f"<br><b>{side.name}</b>: {men:,} men. {side.briefing}"
        self.desc.set_text(text)
        self._set_modes(
            [(f"{s.name} vs the computer", ("ai", s.id)) for s in sc.sides]
            + [("Hot-seat: two players, one screen", ("hotseat", None))]
        )

    def _set_modes(self, options: list[tuple[str, tuple[str, str | None]]]) -> None:
        key = tuple(o[0] for o in options)
        if key == tuple(self.mode_options):
            return
        self.mode_options = dict(options)
        rect = self.mode.relative_rect
        self.mode.kill()
        labels: list[str | tuple[str, str]] = [*self.mode_options] or ["(no scenario chosen)"]
        self.mode = pygame_gui.elements.UIDropDownMenu(labels, labels[0], rect, self.ui)
        self._mode_changed()

    # ------------------------------------------------------------------ input

    def handle_ui(self, event, consumed) -> Next:
        t = event.type
        options = (
            self.difficulty,
            self.fog,
            self.anim,
            self.size_menu,
            self.fullscreen,
            self.scale_menu,
        )
        if (
            t
            in (
                pygame_gui.UI_DROP_DOWN_MENU_CHANGED,
                pygame_gui.UI_CHECK_BOX_CHECKED,
                pygame_gui.UI_CHECK_BOX_UNCHECKED,
            )
            and event.ui_element in options
        ):
            self._save_options()  # kept the moment they change
            if event.ui_element in (self.size_menu, self.fullscreen, self.scale_menu):
                return self._apply_window()
            return None
        if t == pygame_gui.UI_DROP_DOWN_MENU_CHANGED and event.ui_element is self.mode:
            self._mode_changed()
            return None
        if t == pygame_gui.UI_SELECTION_LIST_NEW_SELECTION and event.ui_element is self.list:
            label = event.text
            entry = next((e for e in self.entries if e.label == label), None)
            if entry is not None:
                self.selected = entry
                self._describe()
        elif (
            t == pygame_gui.UI_SELECTION_LIST_DOUBLE_CLICKED_SELECTION
            and event.ui_element is self.list
        ):
            return self.start_battle()
        elif t == pygame_gui.UI_BUTTON_PRESSED:
            el = event.ui_element
            if el is self.start:
                return self.start_battle()
            if el is self.load:
                return Push(LoadList(self.app))
            if el is self.tutorial:
                return self.start_tutorial()
            if el is self.quit_button:
                return Quit(0)
            if el is self.resume:
                return self.resume_autosave()
            if el is self.dismiss:
                autosave.dismiss()  # the player's say: the crashed game may be overwritten
                self._withdraw_resume()
        return None

    def handle(self, event) -> Next:
        if event.type == pygame.KEYDOWN:
            if event.key == pygame.K_F1:
                from siege.ui.scenes.help import Help

                return Push(Help(self.app))
            if event.key == pygame.K_ESCAPE:
                return Quit(0)
            if event.key == pygame.K_RETURN:
                return self.start_battle()
        return None

    def _save_options(self) -> None:
        st = self.settings
        st.fog_of_war = bool(self.fog.is_checked)
        st.fullscreen = bool(self.fullscreen.is_checked)
        st.animation = (
            self.anim.selected_option[0]
            if isinstance(self.anim.selected_option, tuple)
            else self.anim.selected_option
        )
        diff = self.difficulty.selected_option
        st.difficulty = diff[0] if isinstance(diff, tuple) else diff
        st.ui_scale = scale_of(self.scale_menu.selected_option)
        chosen = self.size_menu.selected_option
        size = chosen[0] if isinstance(chosen, tuple) else chosen
        try:
            a, b = size.split("×")
            st.width, st.height = int(a), int(b)
        except ValueError:
            pass
        st.save()

    def _apply_window(self) -> Next:
        """A new window size, full screen or interface scale takes effect at once: the window is
        reopened and the menu laid out again for it."""
        st = self.settings
        window = self.app.window
        if (
            (st.width, st.height) == window.get_size()
            and st.fullscreen == bool(window.get_flags() & pygame.FULLSCREEN)
            and self.app.scale == self.app.scale_for(st.ui_scale)
        ):
            return None
        headless = self.app.pg.display.get_driver() in ("dummy", "offscreen")
        self.app.set_window((st.width, st.height), st.fullscreen and not headless)
        fresh = MainMenu(self.app)
        fresh.selected = next(
            (
                e
                for e in fresh.entries
                if self.selected is not None and e.path == self.selected.path
            ),
            None,
        )
        return Replace(fresh)

    def _mode_chosen(self) -> tuple[str, str | None]:
        choice = self.mode.selected_option
        label = choice[0] if isinstance(choice, tuple) else choice
        return self.mode_options.get(label, ("ai", None))

    def _mode_changed(self) -> None:
        """The computer's difficulty means nothing in hot-seat: greyed out there."""
        mode, _ = self._mode_chosen()
        (self.difficulty.disable if mode == "hotseat" else self.difficulty.enable)()

    def start_battle(self) -> Next:
        from siege.ui.scenes.battle import Battle
        from siege.ui.session import Session

        e = self.selected
        if e is None or e.scenario is None:
            self.message = "choose a scenario that loads without errors"
            return None
        self._save_options()
        mode, side = self._mode_chosen()
        seed = int(time.time()) % 100000
        session = Session.new(
            e.scenario, e.path, mode, side, self.settings.difficulty, seed, self.settings.fog_of_war
        )
        return Push(Battle(self.app, session))

    def start_tutorial(self) -> Next:
        from siege.scenario.problems import ScenarioError
        from siege.scenario.validate import load_scenario
        from siege.ui.app import tutorial_battle

        try:
            scenario = load_scenario(paths.TUTORIAL_SCENARIO)
        except ScenarioError as exc:
            self.message = f"the tutorial cannot be read: {exc.problems[0]}"
            return None
        return Push(tutorial_battle(self.app, scenario))

    def resume_autosave(self) -> Next:
        from siege.save import SaveError
        from siege.ui.app import LoadProblem, load_session
        from siege.ui.scenes.battle import Battle

        source = autosave.resumable() or paths.autosave_path()
        try:
            session = load_session(source)
        except (SaveError, LoadProblem) as exc:
            self.message = f"the autosave cannot be resumed: {str(exc).splitlines()[0][:160]}"
            return None
        autosave.dismiss()  # the crashed game goes on, so there is nothing to keep apart
        return Push(Battle(self.app, session))

    def on_resume(self) -> None:
        if self.resume is not None and not paths.running_marker().exists():
            self._withdraw_resume()

    def _withdraw_resume(self) -> None:
        """Take the offer to resume the crashed battle off the screen."""
        for button in (self.resume, self.dismiss):
            if button is not None:
                button.kill()
        self.resume = self.dismiss = None

    def update(self, dt: float) -> None:
        self._refresh_list()
        if (
            self.selected is not None
            and self.selected.checked
            and (self.selected.scenario is not None or self.selected.problem)
            and not self.mode_options
            and not self.selected.problem
        ):
            self._describe()

    def _thumbnail(self) -> pygame.Surface | None:
        """A small drawing of the chosen scenario's map, made once per scenario."""
        e = self.selected
        if e is None or e.scenario is None:
            return None
        room = self.app.size[0] - (self.rx + self.rw + 30) - 30
        if room < 120:
            return None
        cache = getattr(self, "_thumb", None)
        if cache is not None and cache[0] == (e.path, room):
            return cache[1]
        from siege.engine.map import build_map
        from siege.ui.layout import Layout
        from siege.ui.render.terrain import TerrainPainter

        painter = TerrainPainter(e.scenario, build_map(e.scenario))
        full = painter.paint(Layout(6.0, margin=8))
        scale = min(room / full.get_width(), (self.app.size[1] - 260) / full.get_height())
        thumb = pygame.transform.smoothscale(
            full, (int(full.get_width() * scale), int(full.get_height() * scale))
        )
        self._thumb = ((e.path, room), thumb)
        return thumb

    def draw(self, screen) -> None:
        w, h = self.app.size
        screen.fill(P.UI_BG)
        paper = pygame.Rect(0, 0, w, 150)
        screen.fill(P.PAPER, paper)
        for x in range(0, w, 6):
            pygame.draw.line(screen, P.PAPER_DARK, (x, 146), (x + 3, 150))
        t = fonts.title(64).render("Siege", True, P.INK)
        screen.blit(t, (40, 14))
        sub = fonts.label(24).render("Pyongyang, February 1593", True, P.INK_SOFT)
        screen.blit(sub, (46 + t.get_width() + 14, 50))
        tag = fonts.ui(14).render(
            "A turn-based wargame of walls, gates, fire and the frozen Daedong", True, P.INK_SOFT
        )
        screen.blit(tag, (44, 104))
        version = fonts.ui(12).render(f"version {__version__}", True, P.INK_SOFT)
        screen.blit(version, (w - version.get_width() - 16, 126))
        heading = fonts.title(24)
        screen.blit(heading.render("Scenario", True, P.UI_ACCENT), (40, 164))
        screen.blit(heading.render("Play", True, P.UI_ACCENT), (self.rx, 164))
        f = fonts.ui(14)
        screen.blit(f.render("Difficulty", True, P.UI_TEXT), (self.rx, 266))
        screen.blit(heading.render("Options", True, P.UI_ACCENT), (self.rx, 296))
        screen.blit(f.render("Animation", True, P.UI_TEXT), (self.rx, 376))
        screen.blit(f.render("Window", True, P.UI_TEXT), (self.rx, 418))
        thumb = self._thumbnail()
        if thumb is not None:
            x = self.rx + self.rw + 30
            screen.blit(heading.render("The field", True, P.UI_ACCENT), (x, 164))
            screen.blit(thumb, (x, 200))
            pygame.draw.rect(
                screen, P.UI_DIM, (x - 1, 199, thumb.get_width() + 2, thumb.get_height() + 2), 1
            )
        if self.message:
            m = fonts.bold(14).render(self.message, True, (240, 160, 112))
            screen.blit(m, (40, h - 30))
        if self.resume is not None:
            m = fonts.bold(14).render("The last battle did not close properly.", True, P.INK)
            screen.blit(m, (w - 430, 62))


def _modified(path: Path) -> float | None:
    """When a saved game was written; None for what is not a file (a dangling link, a folder)."""
    try:
        return path.stat().st_mtime if path.is_file() else None
    except OSError:
        return None


@dataclass
class SaveEntry:
    """One saved game as the browser lists it: what the file says of itself, read without
    replaying the battle (older saves without a summary show what they can)."""

    path: Path
    saved: float
    title: str = ""
    turn: int | None = None
    time: str = ""
    side: str = ""
    mode: str = ""
    problem: str = ""

    @property
    def is_autosave(self) -> bool:
        return self.path.name == "autosave.json"

    @property
    def thumbnail_path(self) -> Path:
        return self.path.with_suffix(".png")

    @property
    def label(self) -> str:
        stamp = time.strftime("%d %b %H:%M", time.localtime(self.saved))
        name = "autosave" if self.is_autosave else stamp
        if self.problem:
            return f"{name} · {self.path.name} cannot be read ({self.problem})"
        where = f"turn {self.turn} ({self.time})" if self.turn is not None else "turn ?"
        return f"{name} · {self.title or self.path.stem} · {where} · {self.mode_words}"

    @property
    def mode_words(self) -> str:
        if self.mode == "hotseat":
            return "hot-seat"
        return f"as {self.side.split()[0]} vs the computer" if self.side else "vs the computer"


def read_entry(path: Path) -> SaveEntry:
    from siege.save import SaveError, read_save

    entry = SaveEntry(path, _modified(path) or 0.0)
    try:
        data = read_save(path)
    except SaveError as exc:
        entry.problem = str(exc).split(": ")[-1][:60]
        return entry
    extra = data.extra if isinstance(data.extra, dict) else {}
    entry.title = str(extra.get("summary_title", data.scenario_id))
    turn = extra.get("summary_turn")
    entry.turn = turn if isinstance(turn, int) and not isinstance(turn, bool) else None
    entry.time = str(extra.get("summary_time", ""))
    entry.side = str(extra.get("summary_side", ""))
    entry.mode = str(extra.get("mode", ""))
    return entry


class LoadList(Scene):
    """The save browser: every saved game (the autosave first, then the newest) with its
    scenario, turn, date in the battle, side and mode, a picture of the board, Load and Delete."""

    def __init__(self, app) -> None:
        super().__init__(app)
        w, h = app.size
        self.list_rect = pygame.Rect(60, 130, w - 120 - 340, h - 240)
        self.thumb_rect = pygame.Rect(self.list_rect.right + 20, 130, 320, 240)
        self.entries: list[SaveEntry] = []
        self.list = pygame_gui.elements.UISelectionList(self.list_rect, [], self.ui)
        self.load = pygame_gui.elements.UIButton(
            pygame.Rect(w - 280, h - 90, 220, 44), "Load", self.ui, object_id="#primary"
        )
        self.delete = pygame_gui.elements.UIButton(
            pygame.Rect(w - 460, h - 90, 160, 44), "Delete", self.ui
        )
        self.back = pygame_gui.elements.UIButton(pygame.Rect(60, h - 90, 160, 44), "Back", self.ui)
        self.message = ""
        self.chosen: SaveEntry | None = None
        self._thumbs: dict[Path, pygame.Surface | None] = {}
        self.refresh()

    @staticmethod
    def _files() -> list[Path]:
        folder = paths.saves_dir()
        if not folder.is_dir():
            return []
        files = [
            p
            for p in folder.glob("*.json")
            if not p.name.startswith(".")
            and p.name not in ("autosave.new.json", "autosave.prev.json")
            and _modified(p) is not None
        ]
        return sorted(files, key=lambda p: (p.name != "autosave.json", -(_modified(p) or 0.0)))

    @property
    def files(self) -> list[Path]:
        return [e.path for e in self.entries]

    def refresh(self) -> None:
        self.entries = [read_entry(p) for p in self._files()]
        self.list.set_item_list([e.label for e in self.entries] or ["(no saved games yet)"])
        self.chosen = self.entries[0] if self.entries else None
        self._mark_chosen()

    def _mark_chosen(self) -> None:
        for item in self.list.item_list:
            selected = self.chosen is not None and item["text"] == self.chosen.label
            item["selected"] = selected
            button = item.get("button_element")
            if button is not None:
                (button.select if selected else button.unselect)()

    def choose(self, path: Path) -> None:
        self.chosen = next((e for e in self.entries if e.path == path), None)
        self._mark_chosen()

    def handle_ui(self, event, consumed) -> Next:
        if event.type == pygame_gui.UI_BUTTON_PRESSED:
            if event.ui_element is self.back:
                return Pop()
            if event.ui_element is self.load:
                return self.load_selected()
            if event.ui_element is self.delete:
                return self.ask_delete()
        elif event.type == pygame_gui.UI_SELECTION_LIST_NEW_SELECTION:
            self.chosen = next((e for e in self.entries if e.label == event.text), self.chosen)
        elif event.type == pygame_gui.UI_SELECTION_LIST_DOUBLE_CLICKED_SELECTION:
            return self.load_selected()
        return None

    def handle(self, event) -> Next:
        if event.type == pygame.KEYDOWN:
            if event.key == pygame.K_ESCAPE:
                return Pop()
            if event.key == pygame.K_DELETE:
                return self.ask_delete()
        return None

    def load_selected(self) -> Next:
        if self.chosen is None:
            self.message = "choose a saved game first"
            return None
        return self.load_path(self.chosen.path)

    def ask_delete(self) -> Next:
        from siege.ui.scenes.dialogs import Confirm

        entry = self.chosen
        if entry is None:
            self.message = "choose a saved game first"
            return None
        return Push(
            Confirm(
                self.app,
                "Delete this save?",
                f"{entry.path.name} will be removed for good.",
                [("Delete", lambda: self.delete_entry(entry)), ("Keep it", None)],
            )
        )

    def delete_entry(self, entry: SaveEntry) -> Next:
        try:
            entry.path.unlink(missing_ok=True)
            entry.thumbnail_path.unlink(missing_ok=True)
        except OSError as exc:
            self.message = f"could not delete {entry.path.name}: {exc.strerror or exc}"
            return None
        self.message = f"deleted {entry.path.name}"
        self._thumbs.pop(entry.path, None)
        self.refresh()
        return None

    def load_path(self, path: Path) -> Next:
        from siege.save import SaveError
        from siege.ui.app import LoadProblem, load_session
        from siege.ui.scenes.battle import Battle

        try:
            session = load_session(path)
        except (SaveError, LoadProblem) as exc:
            self.message = str(exc).splitlines()[0][:160]
            return None
        return [ClearTo(MainMenu(self.app)), Push(Battle(self.app, session))]

    def _thumbnail(self, entry: SaveEntry) -> pygame.Surface | None:
        if entry.path not in self._thumbs:
            picture = None
            try:
                if entry.thumbnail_path.is_file():
                    image = pygame.image.load(str(entry.thumbnail_path))
                    scale = min(
                        self.thumb_rect.w / image.get_width(),
                        self.thumb_rect.h / image.get_height(),
                    )
                    picture = pygame.transform.smoothscale(
                        image, (int(image.get_width() * scale), int(image.get_height() * scale))
                    )
            except (OSError, pygame.error, ValueError, ZeroDivisionError):
                picture = None
            self._thumbs[entry.path] = picture
        return self._thumbs[entry.path]

    def draw(self, screen) -> None:
        w, h = self.app.size
        screen.fill(P.UI_BG)
        t = fonts.title(40).render("Saved games", True, P.UI_ACCENT)
        screen.blit(t, (60, 50))
        hint = fonts.ui(13).render(str(paths.saves_dir()), True, P.UI_DIM)
        screen.blit(hint, (62, 100))
        entry = self.chosen
        pygame.draw.rect(screen, P.UI_PANEL, self.thumb_rect)
        pygame.draw.rect(screen, P.UI_DIM, self.thumb_rect, 1)
        if entry is not None:
            picture = self._thumbnail(entry)
            if picture is not None:
                screen.blit(picture, picture.get_rect(center=self.thumb_rect.center))
            else:
                no = fonts.italic(13).render("no picture of this one", True, P.UI_DIM)
                screen.blit(no, no.get_rect(center=self.thumb_rect.center))
            y = self.thumb_rect.bottom + 12
            lines = (
                [entry.problem]
                if entry.problem
                else [
                    entry.title,
                    f"turn {entry.turn}, {entry.time}" if entry.turn is not None else "",
                    "hot-seat" if entry.mode == "hotseat" else f"{entry.side} vs the computer",
                    entry.path.name,
                    "saved " + time.strftime("%d %b %Y %H:%M", time.localtime(entry.saved)),
                ]
            )
            for line in lines:
                for part in fonts.wrap(fonts.ui(14), line, self.thumb_rect.w):
                    screen.blit(fonts.ui(14).render(part, True, P.UI_TEXT), (self.thumb_rect.x, y))
                    y += 19
        if self.message:
            m = fonts.bold(14).render(self.message, True, (240, 160, 112))
            screen.blit(m, (240, h - 78))
