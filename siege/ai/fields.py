"""Distance fields: how far every hex is from a set of goals, for a movement class.

One reverse Dijkstra from the goals gives every unit its way toward them at once. Closed walls
can be given a price instead of being impassable ("siege distance"): an army with ladders
plans to the stretch of wall nearest its goal, and one with guns to the gate it will batter.
Fields depend only on the ground and the works, so they are cached until a gate breaks or
changes hands, a wall is breached or the ice gives way.

The search runs over a compact copy of the map (hexes numbered, each with its neighbours and
the road and wall on the edge between), built once per map and movement class: the AI asks for
a few hundred fields a battle, and each must cost a few milliseconds, not tens.
"""

from __future__ import annotations

import heapq
import weakref
from dataclasses import dataclass

from siege.engine.hexes import Hex
from siege.engine.map import INF, BattleMap
from siege.engine.movement import ice_at
from siege.engine.state import GameState

Field = dict[Hex, float]


@dataclass
class _Graph:
    hexes: list[Hex]
    index: dict[Hex, int]
    cost: list[float]                             # to enter each hex, INF where it cannot
    water: list[int]                              # numbers of the water hexes
    walls: list[tuple[Hex, Hex]]                  # wall edges, numbered
    # per hex `here`: (neighbour j, cost of the step j -> here, wall number or -1), only for
    # neighbours that can be stood on at all
    links: list[tuple[tuple[int, float, int], ...]]


# map (by identity, while it lives) -> movement class -> graph
_GRAPHS: dict[int, tuple["weakref.ref[BattleMap]", dict[str, _Graph]]] = {}


def _graph(m: BattleMap, movement: str, road_cost: float) -> _Graph:
    entry = _GRAPHS.get(id(m))
    if entry is None or entry[0]() is not m:
        for k in [k for k, (ref, _) in _GRAPHS.items() if ref() is None]:
            del _GRAPHS[k]
        entry = _GRAPHS[id(m)] = (weakref.ref(m), {})
    per_map = entry[1]
    g = per_map.get((movement, road_cost))
    if g is None:
        hexes = list(m.hexes)
        index = {h: i for i, h in enumerate(hexes)}
        costs = m.cost_of[movement]
        cost = [costs[h] for h in hexes]
        walls = sorted(m.walls)
        wall_no = {k: i for i, k in enumerate(walls)}
        links = []
        for i, h in enumerate(hexes):
            enter = cost[i] if cost[i] < INF else 1.0     # (a goal may stand where none can)
            out = []
            for n, key in m.adjacency[h]:
                j = index[n]
                if cost[j] == INF:
                    continue
                step = road_cost if key in m.road_edges and road_cost < enter else enter
                out.append((j, step, wall_no.get(key, -1)))
            links.append(tuple(out))
        g = per_map[(movement, road_cost)] = _Graph(
            hexes, index, cost, [i for i, h in enumerate(hexes) if h in m.water_hexes], walls,
            links)
    return g


class FieldCache:
    def __init__(self) -> None:
        self._fields: dict[tuple, Field] = {}

    def works_key(self, state: GameState, side: str | None) -> tuple:
        """What a side's fields depend on besides the ground: which gates are open or broken,
        which closed ones the side holds, the breaches, and where the ice has gone (weakened
        ice is still ice: a plan need not be remade for it)."""
        thin = state.scenario.rules.ice_min_cm
        return (tuple(sorted(g for g, s in state.gates.items() if s in ("open", "broken")
                             or (side is not None and state.gate_holders.get(g) == side))),
                len(state.breaches),
                tuple(sorted(h.offset for h, v in state.ice_cm.items() if v < thin)))

    def field(self, state: GameState, goals: tuple[Hex, ...], movement: str,
              wall_cost: float | None, side: str, open_gates: frozenset[str] = frozenset()
              ) -> Field:
        # where walls have a price anyway, who holds a closed gate changes a plan by no more
        # than that price: such fields are not remade for it
        holders = side if wall_cost is None else None
        key = (goals, movement, wall_cost, side, open_gates, self.works_key(state, holders))
        found = self._fields.pop(key, None)
        if found is None:
            while len(self._fields) >= 96:          # forget the longest unused
                del self._fields[next(iter(self._fields))]
            found = distance_field(state, goals, movement, wall_cost, side, open_gates)
        self._fields[key] = found                   # (most recently used last)
        return found


def distance_field(state: GameState, goals: tuple[Hex, ...], movement: str,
                   wall_cost: float | None, side: str,
                   open_gates: frozenset[str] = frozenset(),
                   extra: dict[Hex, float] | None = None) -> Field:
    """Cost for a unit of `movement` class to reach the nearest goal from every hex.

    `wall_cost`: extra cost to cross a closed wall or gate (None: walls are impassable).
    `open_gates`: closed gates to count as passable (a side that can take back a gatehouse
    the enemy has left plans to go out by it). `extra`: a price on entering some hexes (an
    enemy's zone of control, say; INF to bar them).
    """
    m = state.map
    rules = state.scenario.rules
    g = _graph(m, movement, rules.road_cost)
    n = len(g.hexes)
    cost = g.cost
    blocked = [False] * n
    for i in g.water:
        if ice_at(state, g.hexes[i]) < rules.ice_min_cm:
            blocked[i] = True
    breaches = set(state.breaches)
    passable = []
    for key in g.walls:
        gate = m.gate_at_edge.get(key)
        passable.append(key in breaches or (gate is not None and (
            state.gates[gate] in ("open", "broken") or state.gate_holders.get(gate) == side
            or gate in open_gates)))
    toll = [0.0] * n
    if extra:
        for h, v in extra.items():
            i = g.index.get(h)
            if i is not None:
                toll[i] = v
    dist = [INF] * n
    goal_set = set()
    frontier: list[tuple[float, int]] = []
    for h in goals:
        i = g.index.get(h)
        if i is not None and dist[i] > 0.0:
            dist[i] = 0.0
            goal_set.add(i)
            frontier.append((0.0, i))
    heapq.heapify(frontier)
    pop, push = heapq.heappop, heapq.heappush
    links = g.links
    while frontier:
        d, here = pop(frontier)
        if d > dist[here] or blocked[here]:
            continue
        if cost[here] == INF and here not in goal_set:
            continue
        base = d + toll[here]
        for j, step, w in links[here]:
            if w >= 0 and not passable[w]:
                if wall_cost is None:
                    continue
                step += wall_cost
            nd = base + step
            if nd < dist[j] - 1e-9:
                dist[j] = nd
                push(frontier, (nd, j))
    hexes = g.hexes
    return {hexes[i]: d for i, d in enumerate(dist) if d < INF}
