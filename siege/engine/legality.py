"""Whether an order is legal now, and if not, why, in words for the player: one check per
order type, looked up in `CHECKS`.

Every check answers from what the ordering side can know. An unseen hex reads the same whether
an enemy stands in it or not ("you see no enemy there"); a march planned through ground that an
unseen enemy holds is accepted, and the march meets him (the "unseen enemy" halt of the rules).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from siege.engine import boats, combat, standing
from siege.engine.hexes import DIRECTIONS, Hex, direction_number, edge_key
from siege.engine.knowledge import Knowledge
from siege.engine.movement import can_stand, edge_open, ice_at, move_points, reachable
from siege.engine.orders import (
    AbilityUse,
    Assault,
    Boarding,
    Bombardment,
    Exit,
    Landing,
    Move,
    Order,
    PhaseEnd,
    Rally,
    UnitOrder,
    Volley,
)
from siege.engine.state import GameState, UnitState

PHASE_OF = {
    Rally: "command",
    AbilityUse: "command",
    Move: "movement",
    Exit: "movement",
    Boarding: "movement",
    Landing: "movement",
    Volley: "fire",
    Bombardment: "fire",
    Assault: "assault",
}


def refusal(state: GameState, know: Knowledge, order: Order) -> str | None:
    """None if `order` is legal now, else the reason it is refused."""
    if state.ended:
        return "the battle is over"
    check = CHECKS.get(type(order))
    if check is None:
        return f"unknown order {order!r}"
    return check(state, know, order)


def _phase_end(state: GameState, know: Knowledge, order: PhaseEnd) -> str | None:
    return None


def _units_of(state: GameState, order: UnitOrder | Assault) -> tuple[list[UnitState], str | None]:
    """The ordered units, or why they cannot be given this order now."""
    ids = order.units if isinstance(order, Assault) else (order.unit,)
    if not ids:
        return [], "no units given"
    units = []
    for uid in ids:
        unit = state.units.get(uid)
        if unit is None:
            return [], f"there is no unit {uid!r}"
        if unit.side != state.active_side:
            return [], f"{unit.name} belong to the other side"
        if not unit.on_map:
            return [], f"{unit.name} are not on the field"
        bound = standing.refusal(state, unit, order)
        if bound is not None:
            return [], bound
        units.append(unit)
    needed = PHASE_OF[type(order)]
    if state.phase != needed:
        return [], (
            f"{order.kind.replace('_', ' ')} orders are given in the {needed} phase, "
            f"not the {state.phase} phase"
        )
    return units, None


def _the_unit(state: GameState, order: UnitOrder) -> tuple[UnitState | None, str | None]:
    """The one unit an order names, or None and why it cannot be given this order now."""
    units, why = _units_of(state, order)
    return (units[0], None) if why is None else (None, why)


def _rally(state: GameState, know: Knowledge, order: Rally) -> str | None:
    unit, why = _the_unit(state, order)
    if unit is None:
        return why
    if unit.morale == "steady":
        return f"{unit.name} are steady already"
    if unit.rallied:
        return f"{unit.name} have already tried to rally this turn"
    return None


def _ability_use(state: GameState, know: Knowledge, order: AbilityUse) -> str | None:
    leader = state.leaders.get(order.leader)
    if leader is None:
        return f"there is no leader {order.leader!r}"
    if leader.side != state.active_side:
        return f"{leader.name} serves the other side"
    if state.phase != "command":
        return "abilities are used in the command phase"
    if state.leader_hex(leader) is None:
        return f"{leader.name} is not on the field"
    if order.ability not in leader.uses:
        return f"{leader.name} has no ability {order.ability!r}"
    if leader.uses[order.ability] <= 0:
        return f"{leader.name} has already used it"
    return None


def _move(state: GameState, know: Knowledge, order: Move) -> str | None:
    unit, why = _the_unit(state, order)
    if unit is None:
        return why
    why = _ready_to_move(unit)
    if why:
        return why
    if unit.aboard:
        return _aboard(state, unit)
    to = Hex.from_offset(*order.to)
    if not state.map.on_map(to):
        return "that is off the map"
    if to == unit.hex:
        return f"{unit.name} are already there"
    if not know.can_end_move(unit, to):
        return _why_unreachable(state, know, unit, to)
    return None


def _why_unreachable(state: GameState, know: Knowledge, unit: UnitState, to: Hex) -> str:
    if to in know.visible(unit.side) and state.side_at(to) not in (None, unit.side):
        return "the enemy holds that hex: assault it instead"
    terrain = state.map.terrain_at(to)
    if getattr(terrain.move_cost, unit.type.movement) is None or not terrain.passable:
        return f"{unit.type.name} cannot enter {terrain.name}"
    if to in state.map.water_hexes and not can_stand(state, unit, to):
        if boats.is_boat(unit):
            return f"{unit.type.name} cannot go on the ice"
        ice, needed = ice_at(state, to), state.scenario.rules.ice_min_cm
        if ice > 0:
            return f"the ice there is too thin to bear them ({ice:g} cm, {needed:g} needed)"
        return f"{unit.type.name} cannot go on open water: cross it by boat"
    limit = state.scenario.rules.stacking_limit
    if state.men_at(to, unit.side) + unit.strength > limit:
        return f"too crowded: at most {limit:,} men may stand in a hex"
    full = reachable(
        state, unit, know.known_enemy_hexes(unit.side), budget=4 * move_points(state, unit)
    )
    if to not in full:
        return (
            "no way there this turn: walls, water, distance or the enemy's zone of "
            "control bar the road"
        )
    return (
        f"too far: {full[to][0]:.1f} movement points needed, {move_points(state, unit):g} available"
    )


def _exit(state: GameState, know: Knowledge, order: Exit) -> str | None:
    unit, why = _the_unit(state, order)
    if unit is None:
        return why
    if unit.moved:
        return f"{unit.name} have already moved this turn"
    if unit.aboard:
        return _aboard(state, unit)
    assert unit.hex is not None  # _the_unit: on the field
    info = state.map.exits.get(unit.hex)
    if info is None:
        return f"{unit.name} are not on a map exit"
    if unit.side not in info[1]:
        return f"that exit is not open to {unit.side}"
    return None


def _aboard(state: GameState, unit: UnitState) -> str:
    boat = state.units[unit.aboard or ""]
    return f"{unit.name} are aboard {boat.name}: land them first, on a hex next to the boat"


def _ready_to_move(unit: UnitState) -> str | None:
    if unit.moved:
        return f"{unit.name} have already moved this turn"
    if unit.morale == "routed":
        return f"{unit.name} are routed and will not obey; rally them first"
    return None


def _boarding(state: GameState, know: Knowledge, order: Boarding) -> str | None:
    unit, why = _the_unit(state, order)
    if unit is None:
        return why
    why = _ready_to_move(unit)
    if why:
        return why
    if unit.aboard:
        return f"{unit.name} are aboard already"
    if boats.is_boat(unit):
        return f"{unit.name} are boats: they carry men, not board"
    boat = state.units.get(order.boat)
    if boat is None or boat.side != unit.side or boat.hex is None or boat.gone:
        return f"you have no boat {order.boat!r} on the field"
    if not boats.is_boat(boat) or boat.type.capacity <= 0:
        return f"{boat.name} carry no men"
    here, there = unit.hex, boat.hex
    if here is None:
        return f"{unit.name} are not on the field"
    if here.distance(there) > 1:
        return f"{boat.name} are too far: go aboard in the boat's hex or next to it"
    if here != there and not edge_open(state, here, there, unit.side):
        return f"a wall stands between {unit.name} and the boats"
    room = boats.room(state, boat)
    if unit.strength > room:
        return f"{boat.name} have room for {max(0, room):,} more men, not {unit.strength:,}"
    limit = state.scenario.rules.stacking_limit
    if here != there and state.men_at(there, unit.side) + unit.strength > limit:
        return f"too crowded: at most {limit:,} men may stand in a hex"
    return None


def _landing(state: GameState, know: Knowledge, order: Landing) -> str | None:
    unit, why = _the_unit(state, order)
    if unit is None:
        return why
    if not unit.aboard:
        return f"{unit.name} are not aboard a boat"
    why = _ready_to_move(unit)
    if why:
        return why
    to, here = Hex.from_offset(*order.to), unit.hex
    if not state.map.on_map(to):
        return "that is off the map"
    if here is None or here.distance(to) != 1:
        return "land on a hex next to the boat"
    if not can_stand(state, unit, to):
        return f"{unit.type.name} cannot land on {state.map.terrain_at(to).name}"
    if not edge_open(state, here, to, unit.side):
        return "a wall stands at the water's edge there"
    if to in know.visible(unit.side) and state.side_at(to) not in (None, unit.side):
        return "the enemy holds that hex: they cannot land there"
    if to in state.fires:
        return "that hex is burning"
    limit = state.scenario.rules.stacking_limit
    if state.men_at(to, unit.side) + unit.strength > limit:
        return f"too crowded: at most {limit:,} men may stand in a hex"
    return None


def _the_shooter(
    state: GameState, order: Volley | Bombardment
) -> tuple[UnitState | None, str | None]:
    """The unit told to shoot, or None and why it cannot."""
    unit, why = _the_unit(state, order)
    if unit is None:
        return None, why
    if unit.fired:
        return None, f"{unit.name} have already fired this turn"
    if unit.morale == "routed":
        return None, f"{unit.name} are routed and cannot fire"
    return unit, None


def _volley(state: GameState, know: Knowledge, order: Volley) -> str | None:
    unit, why = _the_shooter(state, order)
    if unit is None:
        return why
    if not combat.weapons_of(state, unit):
        return f"{unit.name} have no missile weapons"
    ready = combat.ready_weapons(state, unit)
    if not ready:
        return _spent(state, unit)
    target = Hex.from_offset(*order.target)
    if target not in know.visible(unit.side) or state.side_at(target) != state.enemy_of(unit.side):
        return "you see no enemy there"
    if not combat.weapons_reaching(state, unit, target):
        longest = max(w.range for w in ready)
        assert unit.hex is not None  # _the_unit: on the field
        distance = unit.hex.distance(target)
        if distance > longest:
            if any(w.range >= distance for w in combat.weapons_of(state, unit)):
                return f"out of range of what is left: {_spent(state, unit)}"
            return f"out of range: {distance} hexes, range {longest}"
        return "no line of sight to the target"
    return None


def _spent(state: GameState, unit: UnitState) -> str:
    """Which of the unit's weapons have run out, in words."""
    names = [w.name for w in combat.weapons_of(state, unit) if unit.volleys.get(w.id, 1) <= 0]
    return f"{unit.name} have no {' or '.join(names)} volleys left: resupply them"


def _bombardment(state: GameState, know: Knowledge, order: Bombardment) -> str | None:
    unit, why = _the_shooter(state, order)
    if unit is None:
        return why
    if order.side not in DIRECTIONS:
        return f"unknown direction {order.side!r}"
    at = Hex.from_offset(*order.at)
    edge = edge_key(at, at.neighbour(direction_number(order.side)))
    if edge not in state.map.walls:
        return "there is no wall or gate on that edge"
    gate = state.map.gate_at_edge.get(edge)
    if gate is not None and state.gates[gate] == "broken":
        return "that gate is already broken"
    if gate is None and edge in state.breaches:
        return "the wall is already breached there"
    here = unit.hex
    assert here is not None
    near = min(edge, key=lambda h: h.distance(here))
    if combat.bombard_weapon(state, unit, near) is None:
        reach = max(
            (w.range for w in combat.ready_weapons(state, unit) if w.vs_works > 0), default=0
        )
        if not reach:
            if any(w.vs_works > 0 for w in combat.weapons_of(state, unit)):
                return _spent(state, unit)
            return f"{unit.name} have no guns that can batter walls"
        if here.distance(near) > reach:
            return f"out of range: {here.distance(near)} hexes, the guns reach {reach}"
        return "the guns cannot see that stretch of wall"
    return None


def _assault(state: GameState, know: Knowledge, order: Assault) -> str | None:
    units, why = _units_of(state, order)
    if why:
        return why
    if len(set(order.units)) != len(order.units):
        return "a unit is named twice"
    target = Hex.from_offset(*order.target)
    # what the side cannot see reads the same, held or empty
    if target not in know.visible(state.active_side):
        return "you see no enemy there"
    if state.side_at(target) in (None, state.active_side):
        return "there is no enemy there to assault"
    for unit in units:
        if unit.assaulted:
            return f"{unit.name} have already assaulted this turn"
        if unit.aboard:
            return f"{unit.name} cannot attack from the boats: land them first"
        if unit.morale in ("wavering", "routed"):
            return f"{unit.name} are {unit.morale} and will not attack"
        assert unit.hex is not None  # _units_of: on the field
        if unit.hex.distance(target) != 1:
            return f"{unit.name} are not next to the target"
        if unit.type.melee <= 0:
            return f"{unit.name} cannot fight hand to hand"
        key = edge_key(unit.hex, target)
        if key in state.map.walls and not _through_opening(state, unit, target):
            if not unit.type.ladders:
                return f"{unit.name} have no ladders to climb the wall"
            if state.map.walls[key].inside == unit.hex:
                return f"{unit.name} would have to climb down their own wall: use a gate"
    return None


def _through_opening(state: GameState, unit: UnitState, target: Hex) -> bool:
    """Is the wall between the unit and the target open to an attack on foot (an open or
    broken gate, a breach), so that no ladders are needed? A closed gate is not, even to the
    side that holds it (RULES 8)."""
    assert unit.hex is not None
    return combat._edge_kind(state, unit.hex, target) == "breach"


# Each check takes the order of its own type (looked up by type(order)).
CHECKS: dict[type[Order], Callable[[GameState, Knowledge, Any], str | None]] = {
    PhaseEnd: _phase_end,
    Rally: _rally,
    AbilityUse: _ability_use,
    Move: _move,
    Exit: _exit,
    Boarding: _boarding,
    Landing: _landing,
    Volley: _volley,
    Bombardment: _bombardment,
    Assault: _assault,
}
