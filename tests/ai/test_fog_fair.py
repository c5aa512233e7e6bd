"""The computer plays fair: it reads its side's seat only, so an enemy it cannot see changes
nothing it does — whether that enemy is there, not there, or somewhere else out of sight."""

from __future__ import annotations

from pathlib import Path

import pytest

from siege.ai import Commander
from siege.engine.hexes import Hex
from siege.engine.orders import PhaseEnd
from siege.scenario.build import new_game
from siege.scenario.validate import load_scenario

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def assault():
    return load_scenario(ROOT / "scenarios" / "pyongyang_1593_assault.yaml")


def _hidden_enemy(game, side: str):
    """An enemy unit on the field the side does not see, and a far hex out of its sight the
    unit could stand on instead."""
    seen = game.visible(side)
    own = [u.hex for u in game.state.units_of(side)]
    far = game.state.scenario.rules.sight_day + 2
    for unit in game.state.units.values():
        if unit.side == side or not unit.on_map or unit.hex in seen:
            continue
        for h in sorted(game.state.map.hexes):
            if h in seen or h == unit.hex or game.state.units_at(h):
                continue
            if (
                min(h.distance(o) for o in own) > far
                and game.state.map.cost_of[unit.type.movement].get(h, float("inf")) < 99
            ):
                return unit.id, h
    raise AssertionError("the test needs an enemy out of sight with room to move unseen")


def _variant(scenario, seed: int, side: str, unit_id: str, change: str, to: Hex):
    game = new_game(scenario, seed, undo=False)
    unit = game.state.units[unit_id]
    if change == "removed":
        unit.hex = None
        unit.gone = True
    elif change == "moved":
        unit.hex = to
    game.edited()
    return game


def _orders(game, side: str, seed: int, phases: int = 8) -> list:
    commander = Commander(side, "normal", seed)
    out = []
    for _ in range(phases):
        if game.state.ended:
            break
        if game.active_side == side:
            out.append(commander.orders_for_phase(game.seat(side).snapshot()))
        game.apply(PhaseEnd())
    return out


@pytest.mark.parametrize("side", ["allies", "japan"])
def test_orders_do_not_depend_on_an_enemy_out_of_sight(assault, side: str) -> None:
    seed = 9
    unit_id, elsewhere = _hidden_enemy(new_game(assault, seed, undo=False), side)
    plans = {
        change: _orders(_variant(assault, seed, side, unit_id, change, elsewhere), side, seed)
        for change in ("there", "removed", "moved")
    }
    assert any(plans["there"]), "the commander gave no orders at all: the test proves nothing"
    assert plans["removed"] == plans["there"]
    assert plans["moved"] == plans["there"]
