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
from siege.ui import autosave, fonts, paths
from siege.ui import palette as P
from siege.ui.scenes.base import Scene
from siege.ui.settings import ANIMATION_SPEEDS, WINDOW_SIZES


CHECK_SECONDS = 20.0   # the longest the menu waits for one scenario file to be checked


@dataclass
class ScenarioEntry:
    path: Path
    title: str
    scenario: object | None = None
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
            pygame.Rect(left, 200, col_w, 200), [], self.ui)
        self.desc = pygame_gui.elements.UITextBox(
            "", pygame.Rect(left, 410, col_w, h - 410 - 40), self.ui)
        rx = left + col_w + 50
        rw = min(320, w - rx - 40)
        y = 200
        self.mode_options = {}
        self.mode = pygame_gui.elements.UIDropDownMenu(["(loading)"], "(loading)",
                                                       pygame.Rect(rx, y, rw, 32), self.ui)
        y += 58
        self.difficulty = pygame_gui.elements.UIDropDownMenu(
            ["easy", "normal", "hard"], self.settings.difficulty
            if self.settings.difficulty in ("easy", "normal", "hard") else "normal",
            pygame.Rect(rx + 110, y, rw - 110, 32), self.ui)
        y += 70
        self.fog = pygame_gui.elements.UICheckBox(pygame.Rect(rx, y, 24, 24), "Fog of war",
                                                  self.ui, initial_state=self.settings.fog_of_war)
        y += 40
        self.anim = pygame_gui.elements.UIDropDownMenu(
            list(ANIMATION_SPEEDS), self.settings.animation,
            pygame.Rect(rx + 110, y, rw - 110, 32), self.ui)
        y += 42
        sizes = [f"{a}×{b}" for a, b in WINDOW_SIZES]
        current = f"{self.settings.width}×{self.settings.height}"
        if current not in sizes:
            sizes.insert(0, current)
        self.size_menu = pygame_gui.elements.UIDropDownMenu(
            sizes, current, pygame.Rect(rx + 110, y, rw - 110, 32), self.ui)
        y += 42
        self.fullscreen = pygame_gui.elements.UICheckBox(pygame.Rect(rx, y, 24, 24), "Full screen",
                                                         self.ui,
                                                         initial_state=self.settings.fullscreen)
        y += 50
        self.start = pygame_gui.elements.UIButton(pygame.Rect(rx, y, rw, 44), "Start the battle",
                                                  self.ui, object_id="#primary")
        y += 52
        self.load = pygame_gui.elements.UIButton(pygame.Rect(rx, y, rw, 36), "Load a saved game",
                                                 self.ui)
        y += 44
        self.quit_button = pygame_gui.elements.UIButton(pygame.Rect(rx, y, rw, 36), "Quit", self.ui)
        self.rx, self.rw = rx, rw
        self.resume = None
        self.dismiss = None
        if autosave.crashed():
            self.resume = pygame_gui.elements.UIButton(
                pygame.Rect(w - 430, 20, 220, 36), "Resume the last battle", self.ui,
                object_id="#primary", tool_tip_text="the game did not close properly last time; "
                                                    "this resumes from the autosave")
            self.dismiss = pygame_gui.elements.UIButton(pygame.Rect(w - 200, 20, 160, 36),
                                                        "No, start afresh", self.ui)
        self.selected: ScenarioEntry | None = None
        self._refresh_list()

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
            default = default or next((e for e in self.entries if e.checked and not e.problem), None)
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
            self.desc.set_text(f"<b>{e.path.name}</b><br><font color='#f0a070'>{e.problem}</font>"
                               "<br><br>Run <i>python main.py validate</i> on it to see every "
                               "problem.")
            self._set_modes([])
            return
        if e.scenario is None:
            self.desc.set_text("checking…")
            return
        sc = e.scenario
        units = len(sc.units)
        text = (f"<b>{sc.meta.title}</b> — {sc.meta.dates}<br>{sc.meta.description.strip()}<br><br>"
                f"{sc.map.width}×{sc.map.height} hexes, {units} units. ")
        for side in sc.sides:
            men = sum(u.strength for u in sc.units if u.side == side.id)
            text += f"<br><b>{side.name}</b>: {men:,} men. {side.briefing}"
        self.desc.set_text(text)
        self._set_modes([(f"{s.name} vs the computer", ("ai", s.id)) for s in sc.sides]
                        + [("Hot-seat: two players, one screen", ("hotseat", None))])

    def _set_modes(self, options: list) -> None:
        key = tuple(o[0] for o in options)
        if key == tuple(self.mode_options):
            return
        self.mode_options = dict(options)
        rect = self.mode.relative_rect
        self.mode.kill()
        labels = list(self.mode_options) or ["(no scenario chosen)"]
        self.mode = pygame_gui.elements.UIDropDownMenu(labels, labels[0], rect, self.ui)

    # ------------------------------------------------------------------ input

    def handle_ui(self, event, consumed) -> None:
        t = event.type
        if t == pygame_gui.UI_SELECTION_LIST_NEW_SELECTION and event.ui_element is self.list:
            label = event.text
            entry = next((e for e in self.entries if e.label == label), None)
            if entry is not None:
                self.selected = entry
                self._describe()
        elif t == pygame_gui.UI_SELECTION_LIST_DOUBLE_CLICKED_SELECTION and event.ui_element is self.list:
            self.start_battle()
        elif t == pygame_gui.UI_BUTTON_PRESSED:
            el = event.ui_element
            if el is self.start:
                self.start_battle()
            elif el is self.load:
                self.app.push(LoadList(self.app))
            elif el is self.quit_button:
                self.app.quit(0)
            elif el is self.resume:
                self.resume_autosave()
            elif el is self.dismiss:
                autosave.dismiss()   # the player's say: the crashed game may be overwritten
                self.resume.kill()
                self.dismiss.kill()
                self.resume = self.dismiss = None

    def handle(self, event) -> None:
        if event.type == pygame.KEYDOWN:
            if event.key == pygame.K_F1:
                from siege.ui.scenes.help import Help

                self.app.push(Help(self.app))
            elif event.key == pygame.K_ESCAPE:
                self.app.quit(0)
            elif event.key == pygame.K_RETURN:
                self.start_battle()

    def _save_options(self) -> None:
        st = self.settings
        st.fog_of_war = bool(self.fog.is_checked)
        st.fullscreen = bool(self.fullscreen.is_checked)
        st.animation = self.anim.selected_option[0] if isinstance(self.anim.selected_option, tuple) \
            else self.anim.selected_option
        diff = self.difficulty.selected_option
        st.difficulty = diff[0] if isinstance(diff, tuple) else diff
        size = self.size_menu.selected_option
        size = size[0] if isinstance(size, tuple) else size
        try:
            a, b = size.split("×")
            st.width, st.height = int(a), int(b)
        except ValueError:
            pass
        st.save()

    def _apply_window(self) -> None:
        st = self.settings
        if (st.width, st.height) != tuple(self.app.size) or st.fullscreen != bool(
                self.app.screen.get_flags() & pygame.FULLSCREEN):
            if self.app.pg.display.get_driver() not in ("dummy", "offscreen"):
                self.app.set_window((st.width, st.height), st.fullscreen)

    def start_battle(self) -> None:
        from siege.ui.scenes.battle import Battle
        from siege.ui.session import Session

        e = self.selected
        if e is None or e.scenario is None:
            self.message = "choose a scenario that loads without errors"
            return
        self._save_options()
        choice = self.mode.selected_option
        label = choice[0] if isinstance(choice, tuple) else choice
        mode, side = self.mode_options.get(label, ("ai", None))
        seed = int(time.time()) % 100000
        session = Session.new(e.scenario, e.path, mode, side, self.settings.difficulty, seed,
                              self.settings.fog_of_war)
        self._apply_window()
        self.app.push(Battle(self.app, session))

    def resume_autosave(self) -> None:
        from siege.save import SaveError
        from siege.ui.app import LoadProblem, load_session
        from siege.ui.scenes.battle import Battle

        source = autosave.resumable() or paths.autosave_path()
        try:
            session = load_session(source)
        except (SaveError, LoadProblem) as exc:
            self.message = f"the autosave cannot be resumed: {str(exc).splitlines()[0][:160]}"
            return
        autosave.dismiss()   # the crashed game goes on, so there is nothing to keep apart
        self.app.push(Battle(self.app, session))

    def on_resume(self) -> None:
        if self.resume is not None and not paths.running_marker().exists():
            self.resume.kill()
            self.dismiss.kill()
            self.resume = self.dismiss = None

    def update(self, dt: float) -> None:
        self._refresh_list()
        if self.selected is not None and self.selected.checked and \
                (self.selected.scenario is not None or self.selected.problem) and \
                not self.mode_options and not self.selected.problem:
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
            full, (int(full.get_width() * scale), int(full.get_height() * scale)))
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
        tag = fonts.ui(14).render("A turn-based wargame of walls, gates, fire and the frozen Daedong",
                                  True, P.INK_SOFT)
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
            pygame.draw.rect(screen, P.UI_DIM, (x - 1, 199, thumb.get_width() + 2,
                                                thumb.get_height() + 2), 1)
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


class LoadList(Scene):
    """Saved games, newest first; the autosave at the top."""

    def __init__(self, app) -> None:
        super().__init__(app)
        w, h = app.size
        self.files = self._files()
        labels = [self._label(p) for p in self.files] or ["(no saved games yet)"]
        self.list = pygame_gui.elements.UISelectionList(
            pygame.Rect(60, 130, w - 120, h - 240), labels, self.ui)
        self.load = pygame_gui.elements.UIButton(pygame.Rect(w - 280, h - 90, 220, 44), "Load",
                                                 self.ui, object_id="#primary")
        self.back = pygame_gui.elements.UIButton(pygame.Rect(60, h - 90, 160, 44), "Back", self.ui)
        self.message = ""

    @staticmethod
    def _files() -> list[Path]:
        folder = paths.saves_dir()
        if not folder.is_dir():
            return []
        files = [p for p in folder.glob("*.json") if not p.name.startswith(".")
                 and p.name != "autosave.new.json" and _modified(p) is not None]
        return sorted(files, key=lambda p: (p.name != "autosave.json", -(_modified(p) or 0.0)))

    @staticmethod
    def _label(p: Path) -> str:
        when = _modified(p)
        stamp = time.strftime("%d %b %Y %H:%M", time.localtime(when)) if when else "?"
        name = "autosave" if p.name == "autosave.json" else p.stem
        return f"{name}   —   {stamp}"

    def handle_ui(self, event, consumed) -> None:
        if event.type == pygame_gui.UI_BUTTON_PRESSED:
            if event.ui_element is self.back:
                self.app.pop()
            elif event.ui_element is self.load:
                self.load_selected()
        elif event.type == pygame_gui.UI_SELECTION_LIST_DOUBLE_CLICKED_SELECTION:
            self.load_selected()

    def handle(self, event) -> None:
        if event.type == pygame.KEYDOWN and event.key == pygame.K_ESCAPE:
            self.app.pop()

    def load_selected(self) -> None:
        label = self.list.get_single_selection()
        if label is None or not self.files:
            self.message = "choose a saved game first"
            return
        labels = [self._label(p) for p in self.files]
        if label not in labels:
            return
        self.load_path(self.files[labels.index(label)])

    def load_path(self, path: Path) -> None:
        from siege.save import SaveError
        from siege.ui.app import LoadProblem, load_session
        from siege.ui.scenes.battle import Battle

        try:
            session = load_session(path)
        except (SaveError, LoadProblem) as exc:
            self.message = str(exc).splitlines()[0][:160]
            return
        self.app.clear_to(MainMenu(self.app))
        self.app.push(Battle(self.app, session))

    def draw(self, screen) -> None:
        w, h = self.app.size
        screen.fill(P.UI_BG)
        t = fonts.title(40).render("Load a saved game", True, P.UI_ACCENT)
        screen.blit(t, (60, 50))
        hint = fonts.ui(13).render(str(paths.saves_dir()), True, P.UI_DIM)
        screen.blit(hint, (62, 100))
        if self.message:
            m = fonts.bold(14).render(self.message, True, (240, 160, 112))
            screen.blit(m, (240, h - 78))
