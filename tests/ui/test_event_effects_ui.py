"""The battle screen shows what events changed: a unit under a standing order is refused other
orders with the reason, and a burnt bridge is painted as the water it has become."""

from __future__ import annotations

import os
from pathlib import Path

import pygame

from siege.engine.hexes import Hex
from siege.engine.orders import Move, PhaseEnd
from siege.scenario.validate import load_scenario
from siege.ui.scenes.battle import Battle
from siege.ui.session import Session

from .conftest import click, step

FIELD = Path(__file__).resolve().parents[1] / "engine" / "data" / "field_events.yaml"


def test_a_standing_order_and_the_changed_ground_on_the_battle_screen(app, tmp_path):
    session = Session.new(load_scenario(FIELD), FIELD, "hotseat", None, seed=5)
    battle = Battle(app, session)
    app.push(battle)
    step(app, 2)
    bridge = Hex.from_offset(5, 6)
    before = battle.board.painter.style_at(bridge)
    game = battle.game
    while not (game.state.turn == 2 and game.active_side == "japan" and game.phase == "movement"):
        game.apply(PhaseEnd())
    step(app, 2)
    while not isinstance(app.top, Battle):  # the hot-seat handover between the sides
        click(app, (20, 20))
        step(app, 2)
    assert battle.board.map is game.state.map  # the board follows the ground an event changed
    assert battle.board.painter.style_at(bridge) != before
    why = game.seat("japan").check(Move("j_arch", (8, 6)))
    assert why is not None and "leave the field by the road east" in why
    shot = Path(os.environ.get("SIEGE_SHOT_DIR", str(tmp_path))) / "standing_order.png"
    battle.selected = ["j_arch"]
    step(app, 2)
    pygame.image.save(app.screen, str(shot))
    assert shot.stat().st_size > 0
