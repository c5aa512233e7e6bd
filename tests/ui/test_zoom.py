"""Smooth zoom: with background painting on (as in a real window), a new zoom level shows the
last map scaled at once and the sharp one when its worker has painted it."""

from __future__ import annotations

import time

import pygame

from siege.ui.render.board import DESK
from siege.ui.scenes.battle import Battle
from siege.ui.session import Session

from .conftest import MINIMAL, step


def test_a_new_zoom_is_painted_in_the_background(app, minimal_scenario):
    session = Session.new(minimal_scenario, MINIMAL, "ai", "allied", seed=5)
    battle = Battle(app, session)
    battle.handed_to = "allied"
    app.push(battle)
    step(app, 2)
    board = battle.board
    assert board.sharp
    board.background_paint = True
    before = pygame.surfarray.array3d(app.screen).copy()
    board.zoom(1)
    board.draw(app.screen, battle.hl, 0.0)
    assert not board.sharp or not board._painting  # (a quick worker may be done)
    shown = pygame.surfarray.array3d(app.screen.subsurface(board.viewport)).reshape(-1, 3)
    drawn = (shown != DESK).any(axis=1).mean()
    assert drawn > 0.15, drawn  # the old map, scaled: not a blank
    deadline = time.monotonic() + 20
    while not board.sharp and time.monotonic() < deadline:
        time.sleep(0.02)
        board.draw(app.screen, battle.hl, 0.0)
    assert board.sharp and not board._painting
    assert (pygame.surfarray.array3d(app.screen) != before).any()
    # the sharp map at this zoom is kept: zooming back and forth paints nothing new
    board.zoom(-1)
    board.draw(app.screen, battle.hl, 0.0)
    assert board.sharp
