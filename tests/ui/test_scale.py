"""Interface scale 100/125/150%: the scenes lay out on a smaller screen scaled up to the window,
so each reads as at 100% only larger; clicks land where they are drawn; a small window stays
at 100%; changed in the options in battle, it applies at once and keeps the battle."""

from __future__ import annotations

import pygame
import pygame_gui
import pytest

from siege.ui.app import App, interface_scale
from siege.ui.scenes.battle import Battle
from siege.ui.scenes.menu import MainMenu
from siege.ui.scenes.options import Options
from siege.ui.session import Session
from siege.ui.settings import Settings, scale_label
from tests.ui.conftest import MINIMAL, click, step


def scaled_app(percent: int, size=(1920, 1080)) -> App:
    settings = Settings(animation="instant", brief_at_start=False, ui_scale=percent)
    return App(settings=settings, size=size, headless=True)


def close(app) -> None:
    while app.stack:
        app.stack.pop().on_exit()


@pytest.mark.parametrize(
    ("percent", "logical"), [(100, (1920, 1080)), (125, (1536, 864)), (150, (1280, 720))]
)
def test_the_scenes_lay_out_on_the_window_divided_by_the_scale(percent, logical):
    app = scaled_app(percent)
    try:
        assert app.size == logical and app.window.get_size() == (1920, 1080)
        app.push(MainMenu(app))
        step(app, 2)
        assert app.window.get_at((5, 5)) == app.screen.get_at((3, 3)) or percent == 100
    finally:
        close(app)


def test_a_small_window_stays_readable_by_keeping_its_layout():
    assert interface_scale((1280, 800), 150) == 1.0
    assert interface_scale((1600, 1000), 150) == pytest.approx(1.25)
    assert interface_scale((2560, 1440), 150) == 1.5


def test_a_click_lands_on_the_hex_drawn_under_it(minimal_scenario):
    app = scaled_app(150)
    try:
        battle = Battle(app, Session.new(minimal_scenario, MINIMAL, "hotseat", None, seed=1))
        battle.handed_to = battle.session.game.active_side
        app.push(battle)
        step(app, 2)
        unit = battle.seat.units()[0]
        x, y = battle.board.hex_centre_on_screen(unit.hex)
        click(app, (int(x * 1.5), int(y * 1.5)))  # where the window shows it
        assert battle.selected == [unit.id]
    finally:
        close(app)


def test_the_scale_changed_in_battle_applies_at_once_and_keeps_the_battle(minimal_scenario):
    app = scaled_app(100)
    try:
        session = Session.new(minimal_scenario, MINIMAL, "hotseat", None, seed=1)
        battle = Battle(app, session)
        battle.handed_to = session.game.active_side
        app.push(battle)
        unit = battle.seat.units()[0].id
        battle.select_unit(unit)
        options = Options(app, battle)
        app.push(options)
        step(app)
        options.scale.selected_option = (scale_label(125), scale_label(125))
        event = pygame.event.Event(
            pygame_gui.UI_DROP_DOWN_MENU_CHANGED, ui_element=options.scale, text=scale_label(125)
        )
        app.apply(options.handle_ui(event, False))
        step(app, 2)
        assert app.settings.ui_scale == 125 and app.scale == 1.25 and app.size == (1536, 864)
        fresh = app.top
        assert isinstance(fresh, Battle) and fresh is not battle
        assert fresh.session is session and fresh.selected == [unit]
        assert Settings.load().ui_scale == 125  # kept the moment it changed
    finally:
        close(app)
