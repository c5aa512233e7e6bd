"""The save browser (scenario, turn, date in the battle, side, mode, a picture, delete) and the
options changed in battle, each kept the moment it changes."""

from __future__ import annotations

import json

import pygame
import pygame_gui

from siege.ui import paths
from siege.ui.scenes.battle import Battle
from siege.ui.scenes.dialogs import Confirm, GameMenu
from siege.ui.scenes.menu import LoadList
from siege.ui.scenes.options import Options
from siege.ui.session import Session

from .conftest import MINIMAL, key, step


def open_battle(app, scenario, mode="ai", side="allied") -> Battle:
    session = Session.new(scenario, MINIMAL, mode, side, seed=5)
    battle = Battle(app, session)
    battle.handed_to = session.game.active_side
    app.push(battle)
    step(app, 2)
    return battle


def press(app, element) -> None:
    pygame.event.post(pygame.event.Event(pygame_gui.UI_BUTTON_PRESSED, ui_element=element))
    step(app)


def test_the_browser_shows_what_each_save_is(app, minimal_scenario, data_dir):
    battle = open_battle(app, minimal_scenario)
    battle.end_phase()
    key(app, pygame.K_s, pygame.KMOD_CTRL)
    saved = [p for p in (data_dir / "saves").glob("minimal_pyongyang-*.json")]
    assert len(saved) == 1 and saved[0].with_suffix(".png").is_file()  # with its picture
    browser = LoadList(app)
    app.push(browser)
    step(app)
    names = [e.path.name for e in browser.entries]
    assert names[0] == "autosave.json" and saved[0].name in names
    entry = next(e for e in browser.entries if e.path == saved[0])
    assert entry.title == minimal_scenario.meta.title
    assert entry.turn == 1 and entry.time == battle.seat.time_label()
    assert entry.side == battle.session.side_name("allied") and entry.mode == "ai"
    assert "turn 1" in entry.label and "as Ming-Joseon vs the computer" in entry.label
    autosave = browser.entries[0]
    assert browser._thumbnail(autosave) is not None
    browser.choose(saved[0])
    assert browser._thumbnail(entry) is not None
    step(app)


def test_delete_a_save_after_asking(app, minimal_scenario, data_dir):
    battle = open_battle(app, minimal_scenario)
    battle.save()
    saved = next((data_dir / "saves").glob("minimal_pyongyang-*.json"))
    browser = LoadList(app)
    app.push(browser)
    browser.choose(saved)
    press(app, browser.delete)
    assert isinstance(app.top, Confirm)
    keep = next(b for b, fn in app.top.buttons.items() if fn is None)
    press(app, keep)
    assert saved.exists()
    press(app, browser.delete)
    delete = next(b for b, fn in app.top.buttons.items() if fn is not None)
    press(app, delete)
    assert app.top is browser
    assert not saved.exists() and not saved.with_suffix(".png").exists()
    assert saved not in browser.files


def test_options_in_battle_apply_and_are_kept(app, minimal_scenario):
    battle = open_battle(app, minimal_scenario)
    menu = GameMenu(app, battle)
    app.push(menu)
    press(app, next(b for b, k in menu.buttons.items() if k == "options"))
    options = app.top
    assert isinstance(options, Options)
    fog = next(b for b, name in options.toggles.items() if name == "fog_of_war")
    pygame.event.post(pygame.event.Event(pygame_gui.UI_CHECK_BOX_UNCHECKED, ui_element=fog))
    step(app)
    assert battle.session.fog is False and battle.board.show_fog is False
    options.anim.selected_option = ("slow", "slow")
    pygame.event.post(
        pygame.event.Event(
            pygame_gui.UI_DROP_DOWN_MENU_CHANGED, ui_element=options.anim, text="slow"
        )
    )
    step(app)
    saved = json.loads(paths.settings_path().read_text())
    assert saved["fog_of_war"] is False and saved["animation"] == "slow"
    assert app.settings.seconds_per_hex > 0.2
    press(app, options.close)
    assert app.top is battle
