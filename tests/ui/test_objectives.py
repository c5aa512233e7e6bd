"""How to win, on screen: the objectives dialog at a side's first turn and on O, the score and
the victory level it would give in the top bar, and the points beside each objective's flag."""

from __future__ import annotations

import pygame
import pygame_gui

from siege.ui import explain
from siege.ui.scenes.battle import Battle
from siege.ui.scenes.handover import Handover
from siege.ui.scenes.objectives import Objectives
from siege.ui.session import Session

from .conftest import MINIMAL, click, key, step


def open_battle(app, scenario, mode="ai", side="allied") -> Battle:
    session = Session.new(scenario, MINIMAL, mode, side, seed=5)
    battle = Battle(app, session)
    app.push(battle)
    step(app, 2)
    return battle


def test_the_objectives_open_the_battle_and_list_everything(app, minimal_scenario):
    app.settings.brief_at_start = True
    battle = open_battle(app, minimal_scenario)
    dialog = app.top
    assert isinstance(dialog, Objectives)
    for obj in minimal_scenario.objectives:
        assert obj.name in dialog.html
        for points in obj.points.values():
            assert f"{points:g}" in dialog.html
    assert "Score now" in dialog.html and "decisive" in dialog.html
    assert "The battle ends after turn" in dialog.html
    key(app, pygame.K_RETURN)
    assert app.top is battle
    step(app, 3)
    assert app.top is battle  # once only
    key(app, pygame.K_o)
    assert isinstance(app.top, Objectives)
    pygame.event.post(pygame.event.Event(pygame_gui.UI_BUTTON_PRESSED, ui_element=app.top.close))
    step(app)
    assert app.top is battle


def test_each_hotseat_player_is_briefed_at_their_first_turn(app, minimal_scenario):
    app.settings.brief_at_start = True
    battle = open_battle(app, minimal_scenario, "hotseat", None)
    assert isinstance(app.top, Handover)
    click(app, (20, 20))
    assert isinstance(app.top, Objectives) and "Ming" in app.top.title
    key(app, pygame.K_ESCAPE)
    key(app, pygame.K_t)
    step(app, 3)
    assert isinstance(app.top, Handover)
    click(app, (20, 20))
    assert isinstance(app.top, Objectives) and "Japan" in app.top.title
    assert battle.session.viewer == "japan"


def test_score_and_victory_level_in_the_top_bar(app, minimal_scenario):
    battle = open_battle(app, minimal_scenario)
    step(app)
    summary = explain.score_summary(battle.seat)
    assert summary in battle.topbar.text
    assert "marginal win" in summary or "decisive win" in summary or "draw" in summary


def test_objective_flags_carry_their_points(app, minimal_scenario):
    battle = open_battle(app, minimal_scenario)
    step(app)
    labels = battle.board.marker_labels
    assert set(labels) == {o.id for o in minimal_scenario.objectives}
    for obj in minimal_scenario.objectives:
        assert labels[obj.id] == f"{obj.points['allied']:g}"
