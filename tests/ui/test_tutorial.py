"""The tutorial played through the real battle screen, each step done as a player would do it:
keys, clicks and hovers. Also: the menu entry and the command line."""

from __future__ import annotations

import pygame
import pygame_gui

from siege.engine.hexes import Hex
from siege.ui import paths
from siege.ui.app import tutorial_battle
from siege.ui.scenes.battle import Battle
from siege.ui.scenes.menu import MainMenu

from .conftest import REPO, click, hover, key, run_until, step


def load_tutorial():
    from siege.scenario.validate import load_scenario

    return load_scenario(paths.TUTORIAL_SCENARIO)


def at(battle, offset):
    h = Hex.from_offset(*offset)
    battle.board.centre_on(h)
    return battle.board.hex_centre_on_screen(h)


def test_the_tutorial_from_first_step_to_last(app):
    scenario = load_tutorial()
    battle = tutorial_battle(app, scenario)
    app.push(battle)
    step(app, 2)
    coach = battle.coach
    assert len(coach.steps) >= 12 and coach.index == 0

    def now(kind):
        assert coach.step.done_when == kind, (coach.index, coach.step)

    now("next")
    assert coach.next_button is not None
    pygame.event.post(
        pygame.event.Event(pygame_gui.UI_BUTTON_PRESSED, ui_element=coach.next_button)
    )
    step(app)
    now("phase")
    key(app, pygame.K_e)
    step(app)
    now("selected")
    click(app, at(battle, (4, 7)))
    step(app)
    now("moved")
    click(app, at(battle, (3, 4)))
    step(app)
    now("next")
    key(app, pygame.K_n)
    step(app)
    now("moved")  # the archers, with their ladders
    click(app, at(battle, (1, 5)))
    click(app, at(battle, (2, 2)))
    step(app)
    now("phase")
    key(app, pygame.K_e)
    step(app)
    now("fire_preview")
    click(app, at(battle, (3, 4)))
    hover(app, at(battle, (2, 3)))
    step(app)
    now("fired")
    click(app, at(battle, (2, 3)))
    step(app)
    now("phase")
    key(app, pygame.K_e)
    step(app)
    now("assault_preview")
    click(app, at(battle, (2, 2)))
    assert battle.selected == ["joseon_archers"]
    hover(app, at(battle, (2, 3)))
    step(app)
    now("assaulted")
    click(app, at(battle, (2, 3)))
    step(app)
    now("next")
    key(app, pygame.K_n)
    step(app)
    now("turn")
    key(app, pygame.K_t)
    assert run_until(app, lambda: coach.index > 13 or coach.finished, 4000)
    now("next")
    key(app, pygame.K_n)
    step(app)
    assert coach.finished and coach.next_button is None
    assert app.top is battle


def test_the_menu_opens_the_tutorial(app):
    menu = MainMenu(app)
    app.push(menu)
    pygame.event.post(pygame.event.Event(pygame_gui.UI_BUTTON_PRESSED, ui_element=menu.tutorial))
    step(app)
    battle = app.top
    assert isinstance(battle, Battle) and battle.coach is not None
    assert battle.session.scenario.meta.id == "tutorial"


def test_the_engine_knows_nothing_of_tutorials():
    engine = REPO / "siege" / "engine"
    assert not [p.name for p in engine.glob("*.py") if "tutorial" in p.read_text().lower()]
