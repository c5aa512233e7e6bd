"""The army at a glance: the unit list (L), sortable, a click centring the map on a unit; and
in the fire and assault phases the enemies the selected unit can reach marked on the map."""

from __future__ import annotations

import pygame

from siege.engine.hexes import Hex
from siege.engine.orders import Assault, Move, Volley
from siege.ui.scenes.battle import Battle
from siege.ui.scenes.unitlist import COLUMNS, HEAD_H, ROW_H, UnitList, sort_units
from siege.ui.session import Session

from .conftest import MINIMAL, click, key, step


def open_battle(app, scenario) -> Battle:
    session = Session.new(scenario, MINIMAL, "hotseat", None, seed=5)
    battle = Battle(app, session)
    battle.handed_to = session.game.active_side
    app.push(battle)
    step(app, 2)
    for h in session.game.state.map.water_hexes:
        session.game.state.ice_cm[h] = 60.0  # setup: ice that never breaks here
    return battle


def to_phase(app, battle, phase):
    while battle.game.phase != phase:
        key(app, pygame.K_e)


def heading_pos(ulist, column):
    start = next(s for k, _t, s in COLUMNS if k == column)
    return (int(ulist.box.x + 14 + start * (ulist.box.w - 24)), ulist.box.y + 40)


def test_unit_list_sorts_and_centres(app, minimal_scenario):
    battle = open_battle(app, minimal_scenario)
    to_phase(app, battle, "movement")
    assert battle.give(Move("ming_cavalry", (7, 6)))
    key(app, pygame.K_l)
    ulist = app.top
    assert isinstance(ulist, UnitList)
    own = battle.seat.units()
    assert {u.id for u in ulist.rows} == {u.id for u in own}  # own units only
    assert ulist.rows[-1].id == "ming_cavalry"  # the ones to act first
    click(app, heading_pos(ulist, "men"))
    men = [u.strength for u in ulist.rows]
    assert men == sorted(men, reverse=True)
    click(app, heading_pos(ulist, "men"))  # again: the other way
    assert [u.strength for u in ulist.rows] == sorted(men)
    click(app, heading_pos(ulist, "name"))
    names = [u.name.lower() for u in ulist.rows]
    assert names == sorted(names)
    # a click on a row selects that unit and brings it into view
    row = 2
    chosen = ulist.rows[row]
    battle.board.centre_on_map()
    click(app, (ulist.box.x + 40, ulist.box.y + HEAD_H + row * ROW_H + ROW_H // 2))
    assert app.top is battle and battle.selected == [chosen.id]
    x, y = battle.board.hex_centre_on_screen(chosen.hex)
    assert battle.map_rect.inflate(-100, -100).collidepoint(x, y)


def test_sort_by_morale_puts_the_shakiest_first(minimal_scenario):
    class U:
        def __init__(self, name, morale):
            self.name, self.morale, self.strength = name, morale, 100
            self.moved = self.fired = self.assaulted = self.rallied = False

    units = [U("a", "steady"), U("b", "routed"), U("c", "shaken"), U("d", "wavering")]
    assert [u.name for u in sort_units(units, "morale")] == ["b", "d", "c", "a"]


def test_enemies_in_reach_are_marked_in_fire_and_assault(app, minimal_scenario):
    battle = open_battle(app, minimal_scenario)
    to_phase(app, battle, "movement")
    assert battle.give(Move("ming_south_corps", (3, 4)))
    assert battle.give(Move("joseon_archers", (2, 2)))
    to_phase(app, battle, "fire")
    battle.select_unit("ming_south_corps")
    step(app)
    fire = {
        Hex.from_offset(*o.target)
        for o in battle.seat.legal_orders("ming_south_corps")
        if isinstance(o, Volley)
    }
    assert fire and set(battle.hl.targets) == fire
    to_phase(app, battle, "assault")
    battle.select_unit("ming_south_corps")  # no ladders for the fort's wall: none
    step(app)
    assert battle.hl.targets == []
    battle.select_unit("joseon_archers")  # ladders, beside the fort
    step(app)
    assault = {
        Hex.from_offset(*o.target)
        for o in battle.seat.legal_orders("joseon_archers")
        if isinstance(o, Assault)
    }
    assert assault and set(battle.hl.targets) == assault
    assert all(battle.enemy_visible_at(h) for h in battle.hl.targets)
