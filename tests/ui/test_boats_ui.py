"""Boats in the window: Ctrl+click the boats' hex to go aboard, click a shore hex to land; the
unit card says who is aboard and how many volleys are left."""

from __future__ import annotations

import os
from pathlib import Path

import pygame

from siege.engine.orders import PhaseEnd
from siege.scenario.validate import load_scenario

from .conftest import click, step
from .test_battle import open_battle, pass_handover, screen_pos, to_phase

RIVER = Path(__file__).resolve().parents[1] / "engine" / "data" / "river_landing.yaml"


def test_go_aboard_cross_and_land_with_the_mouse(app):
    battle = open_battle(app, load_scenario(RIVER))
    pass_handover(app)
    to_phase(app, battle, "movement")
    click(app, screen_pos(battle, (1, 4)))
    assert battle.selected == ["a_spear"]
    pygame.key.set_mods(pygame.KMOD_CTRL)
    try:
        click(app, screen_pos(battle, (1, 3)))  # the boats' hex
    finally:
        pygame.key.set_mods(0)
    spear = battle.game.unit("a_spear")
    assert spear.aboard == "a_boats" and spear.hex.offset == (1, 3)
    battle.selected = ["a_spear"]
    battle.selection_changed()
    step(app)
    text = " ".join(battle.card.text)
    assert "aboard Ming boats" in text
    battle.selected = ["a_boats"]
    battle.selection_changed()
    step(app)
    assert "1,000 of 1,200 men aboard" in " ".join(battle.card.text)
    assert "on open water" in " ".join(battle.card.text)
    click(app, screen_pos(battle, (1, 2)))  # the boats row across with the men aboard
    assert spear.hex.offset == (1, 2)
    game = battle.game
    while not (game.active_side == "allied" and game.phase == "movement" and game.state.turn == 2):
        game.apply(PhaseEnd())
    battle.after_change()
    step(app, 2)
    if app.top is not battle:
        pass_handover(app)
    click(app, screen_pos(battle, (1, 2)))
    if battle.selected != ["a_spear"]:
        click(app, screen_pos(battle, (1, 2)))  # (the stack cycles: boats, then spearmen)
    assert battle.selected == ["a_spear"]
    click(app, screen_pos(battle, (1, 1)))  # the north bank
    assert spear.aboard is None and spear.hex.offset == (1, 1)


def test_the_card_shows_the_volleys_left(app):
    battle = open_battle(app, load_scenario(RIVER))
    pass_handover(app)
    click(app, screen_pos(battle, (5, 4)))
    assert battle.selected == ["a_arch"]
    step(app)
    assert "bow 2/3 hexes, 2 of 2 volleys" in " ".join(battle.card.text)


def test_screenshot_of_the_boats_card(app, tmp_path):
    """(Writes a picture to look at; asserts only that it was drawn.)"""
    battle = open_battle(app, load_scenario(RIVER))
    pass_handover(app)
    to_phase(app, battle, "movement")
    click(app, screen_pos(battle, (1, 4)))
    pygame.key.set_mods(pygame.KMOD_CTRL)
    try:
        click(app, screen_pos(battle, (1, 3)))  # aboard
    finally:
        pygame.key.set_mods(0)
    click(app, screen_pos(battle, (1, 3)))
    step(app, 2)
    out = Path(os.environ.get("SIEGE_SHOT_DIR", tmp_path)) / "boats_card.png"
    pygame.image.save(app.screen, str(out))
    assert out.stat().st_size > 0
