"""Movement: costs by terrain and class, roads, walls and gates, zones of control, stacking.

Paths are found with Dijkstra over hexes; ties break on the hex itself, so the same position
always gives the same path. A side plans against the enemies it can see; the march itself meets
the real ones and stops short if it runs into a hidden enemy's zone of control.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable

from siege.engine.hexes import Hex, edge_key
from siege.engine.state import GameState, UnitState

INF = float("inf")

Tree = dict[Hex, tuple[float, Hex | None]]  # hex -> (cost, previous hex on the path)


def edge_open(state: GameState, a: Hex, b: Hex, side: str | None = None) -> bool:
    """Can men walk across the edge a|b? Walls only through open or broken gates, or a breach.
    The side that holds a closed gate opens it for its own men (and shuts it behind them)."""
    key = edge_key(a, b)
    if key not in state.map.walls:
        return True
    gate = state.map.gate_at_edge.get(key)
    if gate is not None:
        if state.gates[gate] in ("open", "broken"):
            return True
        if side is not None and state.gate_holders.get(gate) == side:
            return True
    return key in state.breaches


def ice_at(state: GameState, h: Hex) -> float:
    """How thick the ice on `h` is now, in cm (0 where there is no water)."""
    found = state.ice_cm.get(h)
    return state.map.ice_start.get(h, 0.0) if found is None else found


def enter_cost(
    state: GameState, unit: UnitState, a: Hex, b: Hex, key: tuple[Hex, Hex] | None = None
) -> float:
    """Movement points to step from a to b, INF if the step is impossible (ignoring enemies)."""
    m = state.map
    cost = m.cost_of[unit.type.movement].get(b, INF)
    if cost == INF:
        return INF
    if b in m.water_hexes and not _water_bears(state, unit, b):
        return INF
    key = key or edge_key(a, b)
    if key in m.walls and not edge_open(state, a, b, unit.side):
        return INF
    if key in m.road_edges:
        cost = min(cost, state.scenario.rules.road_cost)
    return cost


def _water_bears(state: GameState, unit: UnitState, h: Hex) -> bool:
    """Men walk on ice at least `ice_min_cm` thick; boats float only where it is thinner."""
    frozen = ice_at(state, h) >= state.scenario.rules.ice_min_cm
    return frozen != (unit.type.movement == "boat")


def can_stand(state: GameState, unit: UnitState, h: Hex) -> bool:
    """May the unit's kind of troops stand on this ground at all (terrain and ice)?"""
    if state.map.cost_of[unit.type.movement].get(h, INF) == INF:
        return False
    return h not in state.map.water_hexes or _water_bears(state, unit, h)


def zoc_hexes(state: GameState, enemy_hexes: Iterable[Hex]) -> set[Hex]:
    """Hexes next to an enemy, across an edge men could cross (walls stop a zone of control)."""
    zoc: set[Hex] = set()
    if not state.scenario.rules.zone_of_control:
        return zoc
    for e in enemy_hexes:
        for n, key in state.map.adjacency[e]:
            if key not in state.map.walls or edge_open(state, e, n):
                zoc.add(n)
    return zoc


def move_points(state: GameState, unit: UnitState) -> float:
    """Routed men run; wavering men drag their feet, and so do men pinned down by fire; a long
    night turn gives more time to march, though not as much more as its hours."""
    rules = state.scenario.rules
    mp = unit.type.move_points
    if state.is_night():
        mp *= rules.night_move_factor
    if unit.suppression and unit.morale != "routed":
        mp *= max(0.0, 1.0 - rules.suppression_move * unit.suppression)
    if unit.morale == "wavering":
        return mp * 0.75
    if unit.morale == "routed":
        return mp * 1.25
    return mp


def reachable(
    state: GameState,
    unit: UnitState,
    enemy_hexes: Iterable[Hex] | None = None,
    budget: float | None = None,
    zoc: set[Hex] | None = None,
    goal: Hex | None = None,
) -> Tree:
    """Every hex the unit can reach this phase: hex -> (cost, previous hex on the path).

    `enemy_hexes` are the enemies the mover knows of (default: all of them, for the engine's own
    use). The tree includes hexes the unit may only pass through: `stopping_places` filters it.
    `zoc`: `zoc_hexes` of those enemies, if the caller has it already. Nobody marches into or
    through a burning hex, except routed men in flight.
    `goal`: stop as soon as the best path to it is known (a march needs only that one). The
    search takes the same steps in the same order as the whole one up to there, so that path
    and its cost are those of the whole tree; the rest of the tree is partial.
    """
    if unit.hex is None:
        return {}
    if enemy_hexes is None:
        enemy_hexes = state.hexes_of(state.enemy_of(unit.side))
    enemies = set(enemy_hexes)
    if zoc is None:
        zoc = zoc_hexes(state, enemies)
    budget = (move_points(state, unit) if budget is None else budget) + 1e-9
    m = state.map
    rules = state.scenario.rules
    steps = m.steps[unit.type.movement]
    ice_min = rules.ice_min_cm
    afloat = unit.type.movement == "boat"  # boats go where the ice is too thin to walk on
    side = unit.side
    start = unit.hex
    # no one steps where an enemy stands, nor into flames unless routed
    barred = enemies if unit.morale == "routed" else enemies.union(state.fires)
    best: Tree = {start: (0.0, None)}
    frontier: list[tuple[float, Hex]] = [(0.0, start)]
    pop, push, known = heapq.heappop, heapq.heappush, best.get
    # (each test below only drops a step, so their order is free: the cheap and the most
    # often failed come first)
    while frontier:
        cost, here = pop(frontier)
        if cost > best[here][0]:
            continue
        if here == goal:
            break
        if here in zoc and here != start:
            continue  # entering a zone of control ends the move
        for nxt, step, wall, water in steps[here]:
            total = cost + step
            if total > budget:
                continue
            previous = known(nxt)
            if previous is not None and total >= previous[0] - 1e-9:
                continue
            if nxt in barred:
                continue
            if water and (ice_at(state, nxt) < ice_min) != afloat:
                continue
            if wall is not None and not edge_open(state, here, nxt, side):
                continue
            best[nxt] = (total, here)
            push(frontier, (total, nxt))
    return best


def men_by_hex(state: GameState, side: str) -> dict[Hex, int]:
    """How many of a side's men stand in each hex."""
    return state.men_by_hex(side)


def stopping_places(
    state: GameState,
    unit: UnitState,
    tree: Tree,
    friends: dict[Hex, int] | None = None,
) -> dict[Hex, float]:
    """The hexes of a reachable tree where the unit may end its move (room under the limit).
    `friends`: `men_by_hex` for the unit's side, if the caller has it already."""
    room = state.scenario.rules.stacking_limit - unit.strength
    if friends is None:
        friends = men_by_hex(state, unit.side)
    here = unit.hex
    return {h: cost for h, (cost, _) in tree.items() if h != here and friends.get(h, 0) <= room}


def path_to(tree: Tree, goal: Hex) -> list[Hex]:
    path = [goal]
    previous = tree[goal][1]
    while previous is not None:
        path.append(previous)
        previous = tree[previous][1]
    return path[::-1]


def walk(
    state: GameState, unit: UnitState, path: list[Hex], zoc: set[Hex] | None = None
) -> list[Hex]:
    """March along a planned path against the real enemy: stop on entering their zone of control,
    or before a hex someone hidden turned out to hold. `zoc`: that of all the enemy's units,
    if the caller has it already."""
    enemies = state.hexes_of(state.enemy_of(unit.side))
    occupied = set(enemies)
    if zoc is None:
        zoc = zoc_hexes(state, enemies)
    done = [path[0]]
    for h in path[1:]:
        if h in occupied:
            break
        done.append(h)
        if h in zoc:
            break
    limit = state.scenario.rules.stacking_limit
    while len(done) > 1 and state.men_at(done[-1], unit.side) + unit.strength > limit:
        done.pop()  # cannot stop in an overfull hex: halt at the last one with room
    return done
