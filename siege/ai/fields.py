"""Distance fields: how far every hex is from a set of goals, for a movement class.

One reverse Dijkstra from the goals gives every unit its way toward them at once. Closed walls
can be given a price instead of being impassable ("siege distance"): an army with ladders
plans to the stretch of wall nearest its goal, and one with guns to the gate it will batter.
Fields depend only on the ground and the works, so they are cached until a gate breaks or
changes hands, a wall is breached, the ice gives way or an event changes the ground.

The search is scipy's compiled Dijkstra over the map as a sparse graph: the AI asks for a few
hundred fields a battle, and each must cost a fraction of a millisecond, not several. The
graph's edges (each hex to each neighbour, with the step's cost and the wall on the edge) are
built once per map and movement class; each search only prices the walls and the ice of the
moment, and the priced graph is kept for the next field over the same works.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import dijkstra

from siege.engine.hexes import Hex
from siege.engine.map import INF, BattleMap
from siege.engine.seat import Seat

Field = dict[Hex, float]


@dataclass
class _Graph:
    hexes: np.ndarray  # [hex] the Hex itself (objects: a field is read off by a mask)
    index: dict[Hex, int]
    enterable: np.ndarray  # [hex] it can be stood on (a goal may be anyway)
    water: np.ndarray  # [hex] numbers of the water hexes
    ice: np.ndarray  # [hex] the ice at the start of the battle, in cm
    walls: list[tuple[Hex, Hex]]  # wall edges, numbered
    # one row per step between neighbours that can both be stood on, searched from the goals
    # outward: the search reaches `to` from `at`, which costs what a unit pays to step from
    # `to` into `at` (a road's price where a road runs along the edge), over wall `wall` or -1
    at: np.ndarray
    to: np.ndarray
    step: np.ndarray
    wall: np.ndarray
    # (side, gates crossed as open, the works' state) -> `_closed_walls`
    closed: dict[tuple[object, ...], np.ndarray] = field(default_factory=dict)
    # (the hexes searched on from, the walls closed, their price) -> the search's graph: many
    # fields of a phase, to different goals, are searched over the same one
    graphs: dict[tuple[object, ...], csr_matrix] = field(default_factory=dict)


# map (by identity, while it lives) -> (movement class, road cost) -> graph
_GRAPHS: dict[int, tuple[weakref.ref[BattleMap], dict[tuple[str, float], _Graph]]] = {}


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
        rows: list[tuple[int, int, float, int]] = []
        for i, h in enumerate(hexes):
            enter = cost[i] if cost[i] < INF else 1.0  # (a goal may stand where none can)
            for n, key in m.adjacency[h]:
                j = index[n]
                if cost[j] == INF:
                    continue
                step = road_cost if key in m.road_edges and road_cost < enter else enter
                rows.append((i, j, step, wall_no.get(key, -1)))
        columns: tuple[tuple[Any, ...], ...] = (
            tuple(zip(*rows, strict=True)) if rows else ((), (), (), ())
        )
        at, to, steps, wall = columns
        numbered = np.empty(len(hexes), dtype=object)
        for i, h in enumerate(hexes):
            numbered[i] = h  # (one by one: numpy would read a list of tuples as rows)
        g = per_map[(movement, road_cost)] = _Graph(
            numbered,
            index,
            np.array([c < INF for c in cost], dtype=bool),
            np.array([i for i, h in enumerate(hexes) if h in m.water_hexes], dtype=np.int64),
            np.array([m.ice_cm[h.r, h.col] for h in hexes], dtype=np.float64),
            walls,
            np.array(at, dtype=np.int64),
            np.array(to, dtype=np.int64),
            np.array(steps, dtype=np.float64),
            np.array(wall, dtype=np.int64),
        )
    return g


class FieldCache:
    def __init__(self) -> None:
        self._fields: dict[tuple, Field] = {}

    def works_key(self, seat: Seat, side: str | None) -> tuple:
        """What a side's fields depend on besides the ground: which gates are open or broken,
        which closed ones the side holds, the breaches, where the ice has gone (weakened
        ice is still ice: a plan need not be remade for it), and ground an event has changed
        (a burnt bridge, a thaw)."""
        thin = seat.scenario.rules.ice_min_cm
        holders = seat.gate_holders
        return (
            tuple(
                sorted(
                    g
                    for g, s in seat.gates.items()
                    if s in ("open", "broken") or (side is not None and holders.get(g) == side)
                )
            ),
            len(seat.breaches),
            tuple(sorted(h.offset for h, v in seat.ice_changed().items() if v < thin)),
            tuple(sorted((h.offset, t) for h, t in seat.terrain_changes().items())),
        )

    def field(
        self,
        seat: Seat,
        goals: tuple[Hex, ...],
        movement: str,
        wall_cost: float | None,
        side: str,
        open_gates: frozenset[str] = frozenset(),
    ) -> Field:
        # where walls have a price anyway, who holds a closed gate changes a plan by no more
        # than that price: such fields are not remade for it
        holders = side if wall_cost is None else None
        key = (goals, movement, wall_cost, side, open_gates, self.works_key(seat, holders))
        found = self._fields.pop(key, None)
        if found is None:
            while len(self._fields) >= 96:  # forget the longest unused
                del self._fields[next(iter(self._fields))]
            found = distance_field(seat, goals, movement, wall_cost, side, open_gates)
        self._fields[key] = found  # (most recently used last)
        return found


def distance_field(
    seat: Seat,
    goals: tuple[Hex, ...],
    movement: str,
    wall_cost: float | None,
    side: str,
    open_gates: frozenset[str] = frozenset(),
    extra: dict[Hex, float] | None = None,
) -> Field:
    """Cost for a unit of `movement` class to reach the nearest goal from every hex.

    `wall_cost`: extra cost to cross a closed wall or gate (None: walls are impassable).
    `open_gates`: closed gates to count as passable (a side that can take back a gatehouse
    the enemy has left plans to go out by it). `extra`: a price on entering some hexes (an
    enemy's zone of control, say; INF to bar them).
    """
    m = seat.map
    rules = seat.scenario.rules
    g = _graph(m, movement, rules.road_cost)
    goal_ids = sorted({g.index[h] for h in goals if h in g.index})
    if not goal_ids:
        return {}
    # the hexes the search may go on from: those a unit can stand on (and the goals), but not
    # water whose ice is too thin to bear anyone
    expands = g.enterable.copy()
    expands[goal_ids] = True
    ice = g.ice.copy()
    for h, cm in seat.ice_changed().items():  # the ice that has changed since the start
        ice[g.index[h]] = cm
    expands[g.water[ice[g.water] < rules.ice_min_cm]] = False
    closed = _closed_walls(seat, g, side, open_gates)
    if extra:
        graph = _search_graph(g, expands, closed, wall_cost, extra)
    else:
        key = (expands.tobytes(), closed.tobytes(), wall_cost)
        graph = g.graphs.pop(key, None)
        if graph is None:
            while len(g.graphs) >= 16:
                del g.graphs[next(iter(g.graphs))]  # the longest unused goes
            graph = _search_graph(g, expands, closed, wall_cost, extra)
        g.graphs[key] = graph  # (most recently used last)
    dist = dijkstra(graph, directed=True, indices=goal_ids, min_only=True)
    found = np.isfinite(dist)
    return dict(zip(g.hexes[found].tolist(), dist[found].tolist(), strict=True))


def _search_graph(
    g: _Graph,
    expands: np.ndarray,
    closed: np.ndarray,
    wall_cost: float | None,
    extra: dict[Hex, float] | None,
) -> csr_matrix:
    """The graph a field's search runs over: the steps out of the hexes it may go on from,
    each priced with the walls (and `extra`'s tolls) of the moment."""
    n = len(g.hexes)
    weight = g.step.copy()
    if extra:
        toll = np.zeros(n)
        for h, v in extra.items():
            i = g.index.get(h)
            if i is not None:
                toll[i] = v
        weight += toll[g.at]
    keep = expands[g.at]
    if len(closed):
        over_wall = np.zeros(len(weight), dtype=bool)
        has_wall = g.wall >= 0
        over_wall[has_wall] = closed[g.wall[has_wall]]
        if wall_cost is None:
            keep &= ~over_wall
        else:
            weight[over_wall] += wall_cost
    keep &= np.isfinite(weight)
    # csgraph reads a zero weight as no edge: a free step costs next to nothing instead
    return csr_matrix((np.maximum(weight[keep], 1e-9), (g.at[keep], g.to[keep])), shape=(n, n))


def _closed_walls(seat: Seat, g: _Graph, side: str, open_gates: frozenset[str]) -> np.ndarray:
    """[wall] which of the graph's walls `side` cannot cross now (kept while the gates, who
    holds them and the breaches are as they were: a battle asks for many fields between)."""
    key = (
        side,
        open_gates,
        tuple(seat.gates.items()),
        tuple(seat.gate_holders.items()),
        len(seat.breaches),
    )
    found = g.closed.get(key)
    if found is None:
        m = seat.map
        while len(g.closed) >= 64:
            del g.closed[next(iter(g.closed))]
        found = g.closed[key] = np.array(
            [
                not (seat.edge_open(a, b, side) or m.gate_at_edge.get((a, b)) in open_gates)
                for a, b in g.walls
            ],
            dtype=bool,
        )
    return found
