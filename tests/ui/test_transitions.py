"""Scenes say what should happen next and the app does it: a button's result can be read
before anything changes on the stack, and Esc, the close button and dialogs chain as the
player expects."""

from __future__ import annotations

import pygame
import pygame_gui

from siege.ui.scenes.base import ClearTo, Pop, Push, Quit
from siege.ui.scenes.battle import Battle
from siege.ui.scenes.dialogs import Confirm, EndTurnWarning, GameMenu
from siege.ui.scenes.menu import MainMenu
from siege.ui.scenes.options import Options
from siege.ui.session import Session
from tests.ui.conftest import MINIMAL, key, step


def pressed(element) -> pygame.event.Event:
    return pygame.event.Event(pygame_gui.UI_BUTTON_PRESSED, ui_element=element)


def open_battle(app, scenario) -> Battle:
    battle = Battle(app, Session.new(scenario, MINIMAL, "ai", None, seed=3))
    app.push(battle)
    step(app, 2)
    return battle


def test_a_dialog_button_returns_its_steps_and_leaves_the_stack_alone(app, minimal_scenario):
    battle = open_battle(app, minimal_scenario)
    menu = GameMenu(app, battle)
    app.push(menu)
    options = next(b for b, name in menu.buttons.items() if name == "options")
    result = menu.handle_ui(pressed(options), False)
    assert app.top is menu  # nothing done yet
    assert isinstance(result[0], Pop) and isinstance(result[1], Push)
    assert isinstance(result[1].scene, Options)
    app.apply(result)
    assert app.top is result[1].scene and app.stack[-2] is battle


def test_leaving_the_battle_clears_the_stack_to_the_menu(app, minimal_scenario):
    battle = open_battle(app, minimal_scenario)
    menu = GameMenu(app, battle)
    leave = next(b for b, name in menu.buttons.items() if name == "menu")
    app.push(menu)
    app.apply(menu.handle_ui(pressed(leave), False))
    confirm = app.top
    assert isinstance(confirm, Confirm)
    yes = next(b for b, fn in confirm.buttons.items() if fn is not None)
    result = confirm.handle_ui(pressed(yes), False)
    assert isinstance(result[-1], ClearTo) and isinstance(result[-1].scene, MainMenu)
    app.apply(result)
    assert len(app.stack) == 1 and isinstance(app.top, MainMenu)


def test_the_close_button_in_battle_asks_first_and_quit_quits(app, minimal_scenario):
    battle = open_battle(app, minimal_scenario)
    asked = battle.on_quit_request()
    assert isinstance(asked, Push) and isinstance(asked.scene, Confirm)
    app.apply(asked)
    quit_button = next(b for b in asked.scene.buttons if b.text == "Quit")
    result = asked.scene.handle_ui(pressed(quit_button), False)
    assert isinstance(result[-1], Quit) and app.running
    app.apply(result)
    assert not app.running and app.exit_code == 0


def test_end_turn_with_idle_units_returns_the_warning(app, minimal_scenario):
    app.settings.confirm_end_turn = True
    battle = open_battle(app, minimal_scenario)
    while battle.seat.phase != "movement":
        battle.end_phase()
    warning = battle.end_turn()
    assert isinstance(warning, Push) and isinstance(warning.scene, EndTurnWarning)
    assert battle.seat.phase == "movement"  # nothing ended yet
    app.apply(warning)
    key(app, pygame.K_RETURN)  # "End the turn"
    assert app.top is battle
    assert not battle.session.human_to_move or battle.seat.turn > 1
