"""The defects a new player found (issue 13), each driven through the real scenes."""

from __future__ import annotations

import json
import shutil
import time

import pygame
import pygame_gui
import pytest

from siege.engine.hexes import Hex
from siege.engine.orders import Volley
from siege.ui import palette as P
from siege.ui import paths
from siege.ui.scenes.battle import Battle
from siege.ui.scenes.dialogs import AUTOSAVE_NOTE, Confirm, EndTurnWarning, GameMenu
from siege.ui.scenes.menu import MainMenu
from siege.ui.scenes.report import EndReport
from siege.ui.session import Session

from .conftest import MINIMAL, REPO, hover, key, run_until, step

FULL = REPO / "scenarios" / "pyongyang_1593.yaml"


@pytest.fixture(scope="module")
def full_scenario():
    from siege.scenario.validate import load_scenario

    return load_scenario(FULL)


@pytest.fixture
def fire_scenario(tmp_path):
    """The minimal battle with an arquebus that sets fire, facing a garrison in the town."""
    from siege.scenario.validate import load_scenario

    shutil.copy(MINIMAL, tmp_path / "minimal.yaml")
    path = tmp_path / "fire.yaml"
    path.write_text(
        "extends: minimal.yaml\n"
        "meta: {id: fire_arrows_test, title: 'Test: fire arrows at the town'}\n"
        "weapons:\n  - {id: arquebus, sets_fire: 0.6}\n"
        "units:\n  - {id: fort_garrison, at: [7, 3]}\n"
        "  - {id: ming_south_corps, at: [7, 5]}\n",
        encoding="utf-8",
    )
    return path, load_scenario(path)


def open_battle(app, scenario, path=MINIMAL, mode="hotseat", side=None, seed=5) -> Battle:
    session = Session.new(scenario, path, mode, side, seed=seed)
    battle = Battle(app, session)
    battle.handed_to = session.game.active_side  # no handover screen first
    app.push(battle)
    step(app, 2)
    return battle


def to_phase(app, battle, phase):
    while battle.game.phase != phase:
        key(app, pygame.K_e)


def test_every_objective_is_listed_with_its_points(app, full_scenario):
    battle = open_battle(app, full_scenario, FULL, "ai", "allies")
    text = "\n".join(battle.card.text)
    for obj in full_scenario.objectives:
        assert obj.name[:12] in text, obj.name
    assert "30 pts" in text and "Score" in text


def test_stack_badge_leaves_the_strength_readable(app, full_scenario):
    from siege.ui.render.counters import strength_label

    battle = open_battle(app, full_scenario, FULL, "ai", "allies")
    board = battle.board
    board.set_zoom(24.0)
    items = board._unit_art()
    badges = {id(t) for k, t in board._tiles.items() if k[0] == "badge"}
    checked = 0
    for i, (x, y, art) in enumerate(items):
        if id(art) not in badges:
            continue
        bx, by = x, y
        tx, ty, _top = items[i - 1]  # the stack's top counter
        label = board.counters.label_rect(strength_label(8800)).move(tx, ty)
        assert not label.colliderect(pygame.Rect(bx, by, *art.get_size())), (label, bx, by)
        checked += 1
    assert checked > 5


def test_no_crash_warning_after_quit_to_menu(app, minimal_scenario):
    app.push(MainMenu(app))
    battle = open_battle(app, minimal_scenario)
    assert paths.running_marker().exists()
    menu = GameMenu(app, battle)
    app.push(menu)
    app.apply(menu._to_menu())
    step(app)
    assert isinstance(app.top, MainMenu)
    assert app.top.resume is None and not paths.running_marker().exists()


def test_no_crash_warning_after_a_finished_battle(app, minimal_scenario):
    app.push(MainMenu(app))
    battle = open_battle(app, minimal_scenario)
    session = battle.session
    while not session.game.state.ended:
        session.end_phase()
    battle.after_change()
    assert run_until(app, lambda: isinstance(app.top, EndReport), 50)
    assert not paths.running_marker().exists()
    pygame.event.post(pygame.event.Event(pygame_gui.UI_BUTTON_PRESSED, ui_element=app.top.back))
    step(app)
    assert isinstance(app.top, MainMenu) and app.top.resume is None


def test_path_cost_is_drawn_over_the_counters(app, minimal_scenario):
    battle = open_battle(app, minimal_scenario)
    for h in battle.game.state.map.water_hexes:
        battle.game.state.ice_cm[h] = 60.0
    to_phase(app, battle, "movement")
    battle.board.set_zoom(32.0)
    battle.select_unit("ming_cavalry")
    step(app)
    # a destination just below another unit of ours, whose counter would cover the label
    target = Hex.from_offset(6, 9)
    battle.board.centre_on(target)
    hover(app, battle.board.hex_centre_on_screen(target))
    step(app)
    rect = battle.board.path_label_rect
    assert rect is not None
    area = pygame.surfarray.array3d(app.screen.subsurface(rect)).reshape(-1, 3).astype(int)
    path_ink = (abs(area - P.HIGHLIGHT_PATH).sum(axis=1) < 40).sum()
    assert path_ink > 20  # the figures are on top


def test_fire_preview_shows_the_flames(app, fire_scenario):
    path, scenario = fire_scenario
    battle = open_battle(app, scenario, path)
    to_phase(app, battle, "fire")
    battle.select_unit("ming_south_corps")
    target = Hex.from_offset(7, 3)
    battle.board.centre_on(target)
    hover(app, battle.board.hex_centre_on_screen(target))
    assert battle.tips.preview[0] == "volley"
    effect = battle.tips.fire_effect
    assert effect is not None and effect.chance == pytest.approx(0.6)
    share = scenario.rules.fire_losses
    assert effect.burned_if_caught == round(battle.tips.preview[1].target_men * share) > 0
    assert effect.expected_burned == pytest.approx(0.6 * effect.burned_if_caught)
    n = len(battle.game.record)
    assert battle.give(Volley("ming_south_corps", (7, 3)))
    texts = [r.event.text for r in battle.game.record[n:]]
    assert any("open fire with arquebus" in t for t in texts)  # not "fire arquebus"


def test_a_burning_hex_is_plain_at_night(app, minimal_scenario):
    battle = open_battle(app, minimal_scenario)
    state = battle.game.state
    assert state.is_night()
    h = Hex.from_offset(7, 2)
    battle.board.centre_on(h)
    battle.board.hidden_units = {u.id for u in state.units.values()}
    battle.board._unit_key = None

    def brightness() -> float:
        battle.board.draw(app.screen, battle.hl, 0.0)
        x, y = battle.board.hex_centre_on_screen(h)
        r = int(battle.board.size * 0.6)
        return pygame.surfarray.array3d(app.screen.subsurface((x - r, y - r, 2 * r, 2 * r))).mean()

    dark = brightness()
    state.fires[h] = 3
    lit = brightness()
    assert lit > dark + 40, (dark, lit)


def test_a_long_message_wraps_inside_the_map(app, minimal_scenario):
    battle = open_battle(app, minimal_scenario)
    battle.say(
        "Konishi's guard fire arquebus at [6, 4]: 1,200 men, expected 14 (long range x0.50, "
        "terrain cover x0.85, behind the wall x0.50); 2d6 3+4 -> 14 hits, and the Ming "
        "southern corps waver as the smoke clears over the frozen river",
        10,
    )
    step(app)
    assert battle.status.rect is not None
    assert battle.map_rect.contains(battle.status.rect)
    assert battle.status.rect.height > 40  # more than one line


def test_options_are_kept_the_moment_they_change(app):
    menu = MainMenu(app)
    app.push(menu)
    step(app)
    menu.fog.is_checked = False
    pygame.event.post(pygame.event.Event(pygame_gui.UI_CHECK_BOX_UNCHECKED, ui_element=menu.fog))
    step(app)
    saved = json.loads(paths.settings_path().read_text())
    assert saved["fog_of_war"] is False


def test_a_new_window_size_applies_at_once(app):
    menu = MainMenu(app)
    app.push(menu)
    step(app)
    menu.size_menu.selected_option = ("1440×900", "1440×900")
    pygame.event.post(
        pygame.event.Event(
            pygame_gui.UI_DROP_DOWN_MENU_CHANGED, ui_element=menu.size_menu, text="1440×900"
        )
    )
    step(app)
    assert app.size == (1440, 900) and app.screen.get_size() == (1440, 900)
    assert isinstance(app.top, MainMenu) and app.top is not menu  # laid out for the new size
    assert json.loads(paths.settings_path().read_text())["width"] == 1440


def test_night_march_shows_the_night_move_points(app, full_scenario):
    battle = open_battle(app, full_scenario, FULL, "ai", "allies")
    seat = battle.seat
    assert seat.is_night()
    unit = seat.units()[0]
    battle.select_unit(unit.id)
    step(app)
    mp = seat.move_points(unit.id)
    assert mp > unit.type.move_points
    assert any(f"move {mp:g} MP tonight" in line for line in battle.card.text)


def test_long_names_are_wrapped_not_cut(app, full_scenario):
    battle = open_battle(app, full_scenario, FULL, "ai", "allies")
    unit = max(battle.seat.units(), key=lambda u: len(u.name))
    battle.select_unit(unit.id)
    step(app)
    words = " ".join(battle.card.text).split()
    assert all(w in words for w in unit.name.split())


def test_place_names_keep_off_the_gates(app, full_scenario):
    battle = open_battle(app, full_scenario, FULL, "ai", "allies")
    painter = battle.board.painter
    battle.board.static(False)
    assert painter.label_rects and painter.gate_boxes
    hits = [r for r in painter.label_rects if r.collidelist(painter.gate_boxes) >= 0]
    assert not hits


def test_end_turn_warns_of_units_not_moved(app, minimal_scenario):
    app.settings.confirm_end_turn = True
    battle = open_battle(app, minimal_scenario)
    key(app, pygame.K_t)
    warning = app.top
    assert isinstance(warning, EndTurnWarning) and len(warning.idle) >= 4
    assert battle.game.active_side == "allied"
    warning.never.is_checked = True
    pygame.event.post(pygame.event.Event(pygame_gui.UI_BUTTON_PRESSED, ui_element=warning.end))
    step(app, 2)
    assert battle.game.active_side == "japan"
    assert json.loads(paths.settings_path().read_text())["confirm_end_turn"] is False


def test_end_turn_warning_can_take_you_to_the_unit(app, minimal_scenario):
    app.settings.confirm_end_turn = True
    battle = open_battle(app, minimal_scenario)
    key(app, pygame.K_t)
    warning = app.top
    pygame.event.post(pygame.event.Event(pygame_gui.UI_BUTTON_PRESSED, ui_element=warning.back))
    step(app)
    assert app.top is battle and battle.selected == [warning.idle[0].id]
    assert battle.game.active_side == "allied"


def test_no_difficulty_in_hotseat(app):
    menu = MainMenu(app)
    app.push(menu)
    # the menu checks the scenarios in a thread: give it time on a busy machine (not a timing test)
    give_up = time.monotonic() + 120
    while (menu.selected is None or not menu.mode_options) and time.monotonic() < give_up:
        step(app)
        time.sleep(0.01)
    hotseat = next(label for label, (mode, _) in menu.mode_options.items() if mode == "hotseat")
    menu.mode.selected_option = (hotseat, hotseat)
    pygame.event.post(
        pygame.event.Event(pygame_gui.UI_DROP_DOWN_MENU_CHANGED, ui_element=menu.mode, text=hotseat)
    )
    step(app)
    assert not menu.difficulty.is_enabled
    vs_ai = next(label for label, (mode, _) in menu.mode_options.items() if mode == "ai")
    menu.mode.selected_option = (vs_ai, vs_ai)
    pygame.event.post(
        pygame.event.Event(pygame_gui.UI_DROP_DOWN_MENU_CHANGED, ui_element=menu.mode, text=vs_ai)
    )
    step(app)
    assert menu.difficulty.is_enabled


def test_the_computers_turn_is_worded_for_any_side_name(app, minimal_scenario):
    battle = open_battle(app, minimal_scenario, mode="ai", side="japan")
    text = battle.status.text()
    assert text.startswith("The computer is") and "for Ming" in text


def test_both_dialogs_say_the_same_about_the_autosave(app, minimal_scenario):
    battle = open_battle(app, minimal_scenario)
    app.apply(battle.on_quit_request())
    assert isinstance(app.top, Confirm) and AUTOSAVE_NOTE in app.top.text.html_text
    app.pop()
    menu = GameMenu(app, battle)
    app.push(menu)
    leave = next(b for b, k in menu.buttons.items() if k == "menu")
    pygame.event.post(pygame.event.Event(pygame_gui.UI_BUTTON_PRESSED, ui_element=leave))
    step(app)
    assert isinstance(app.top, Confirm) and AUTOSAVE_NOTE in app.top.text.html_text
