"""Marches as the rules carry them out: a Move order along its planned path against the real
enemy, leaving the field by an exit, and the flight of routed men at the end of their turn."""

from __future__ import annotations

from siege.engine import boats, ice, victory
from siege.engine.events import Event, UnitExited, UnitMoved, UnitRetreated
from siege.engine.hexes import Hex
from siege.engine.knowledge import Knowledge
from siege.engine.losses import leave_field, take_losses
from siege.engine.movement import path_to, reachable, walk
from siege.engine.state import GameState, UnitState


def march(state: GameState, know: Knowledge, unit: UnitState, to: Hex) -> list[Event]:
    """Walk the path planned against the enemies the side knows of; the real ones halt it."""
    s = state
    tree = know.route(unit, to)
    planned = path_to(tree, to)
    enemy = s.enemy_of(unit.side)
    zoc = know.zoc(("all of", enemy), s.hexes_of(enemy))
    done = walk(s, unit, planned, zoc)
    unit.moved = True
    if len(done) < 2:
        if s.side_at(planned[1]) == enemy or planned[1] in zoc:
            why = "are halted at once by an enemy they had not seen"
        else:
            why = "find no hex on their way with room to stop in, and stay where they are"
        assert unit.hex is not None  # it did not leave the hex it stood on
        return [
            UnitMoved(text=f"{unit.name} {why}.", unit=unit.id, path=(unit.hex.offset,), cost=0.0)
        ]
    broke_at, drowning = ice.cross(s, unit, done)
    if broke_at is not None:
        done = done[: done.index(broke_at) + 1]
    if broke_at is None:
        unit.hex = done[-1]  # (where the ice broke, `cross` has placed the survivors)
    boats.carry(s, unit, done[0])
    cost = tree[done[-1]][0]
    note = "" if done[-1] == to else " — halted by an enemy they had not seen"
    if broke_at is not None:
        note = " — the ice broke under the column"
    events: list[Event] = [
        UnitMoved(
            text=f"{unit.name} march to [{done[-1].col}, {done[-1].r}] ({cost:g} MP){note}.",
            unit=unit.id,
            path=tuple(h.offset for h in done),
            cost=cost,
        )
    ]
    return events + drowning + victory.update_objectives(s)


def leave_by_exit(state: GameState, unit: UnitState) -> list[Event]:
    assert unit.hex is not None, "only a unit on the field leaves by an exit"
    exit_id, _ = state.map.exits[unit.hex]
    name = next(e.name for e in state.scenario.map.exits if e.id == exit_id)
    events: list[Event] = []
    for u in [unit, *boats.passengers(state, unit)]:  # a boat takes the men aboard with it
        events.append(
            UnitExited(
                text=f"{u.name} leave the field ({name}) with {u.strength:,} men.",
                unit=u.id,
                exit=exit_id,
                men=u.strength,
            )
        )
        u.moved = True
        u.aboard = None
        leave_field(state, u)
    return events


class NearestEnemy:
    """How far each hex lies from the nearest enemy, worked out once per hex: the enemy stands
    still while a side's routed men run, so one of these serves all of them."""

    def __init__(self, enemies: list[Hex]) -> None:
        self.enemies = list(dict.fromkeys(enemies))  # (one per hex held)
        self._memo: dict[Hex, int] = {}

    def __call__(self, h: Hex) -> int:
        found = self._memo.get(h)
        if found is None:
            found = self._memo[h] = min(h.distance(e) for e in self.enemies)
        return found


def flee(state: GameState, unit: UnitState, nearest: NearestEnemy | None = None) -> list[Event]:
    """Routed men run from the enemy; caught beside him, they are cut down or taken."""
    s = state
    rules = s.scenario.rules
    if nearest is None:
        nearest = NearestEnemy(s.hexes_of(s.enemy_of(unit.side)))
    enemies = nearest.enemies
    events: list[Event] = []
    here = unit.hex
    assert here is not None, "only a unit on the field flees"
    if any(here.distance(e) == 1 for e in enemies):
        men = int(round(unit.strength * rules.rout_pursuit))
        captured = int(round(men * rules.capture_ratio))
        events += take_losses(s, unit, "pursuit", captured=captured, killed=men - captured)
        if unit.gone:
            return events
    exit_info = s.map.exits.get(here)
    if exit_info and unit.side in exit_info[1]:
        return events + leave_by_exit(s, unit)
    tree = reachable(s, unit, enemies)
    if not enemies or len(tree) <= 1:
        return events

    def safety(h: Hex) -> tuple[int, bool, float, Hex]:
        return (nearest(h), h in s.map.exits, -tree[h][0], h)

    best = max(tree, key=safety)
    if best != here and safety(best)[0] > nearest(here):
        # a rout over the river loads the ice like any march (and breaks it more readily)
        path = path_to(tree, best)
        broke_at, drowning = ice.cross(s, unit, path)
        if broke_at is None:
            unit.hex = best
            boats.carry(s, unit, path[0])
        else:
            path = path[: path.index(broke_at) + 1]
        end = path[-1]
        note = "" if broke_at is None else " — the ice breaks under them"
        events.append(
            UnitRetreated(
                text=f"{unit.name} flee to [{end.col}, {end.r}]{note}.",
                unit=unit.id,
                path=tuple(h.offset for h in path),
            )
        )
        events += drowning
    return events
