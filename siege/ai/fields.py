"""Distance fields: how far every hex is from a set of goals, for a movement class.

One reverse Dijkstra from the goals gives every unit its way toward them at once. Closed walls
can be given a price instead of being impassable ("siege distance"): an army with ladders
plans to the stretch of wall nearest its goal, and one with guns to the gate it will batter.
Fields depend only on the ground and the works, so they are cached until a gate breaks, a
wall is breached or the ice gives way.
"""

from __future__ import annotations

import heapq

from siege.engine.hexes import Hex
from siege.engine.map import INF
from siege.engine.movement import ice_at
from siege.engine.state import GameState

Field = dict[Hex, float]


class FieldCache:
    def __init__(self) -> None:
        self._fields: dict[tuple, Field] = {}

    def works_key(self, state: GameState) -> tuple:
        """What the fields depend on besides the ground. Who holds a closed gate is left out on
        purpose: it changes often in a fight and matters little to a plan; the field is
        recomputed when a gate breaks, a wall is breached or ice gives way."""
        return (tuple(sorted(g for g, s in state.gates.items() if s in ("open", "broken"))),
                len(state.breaches), len(state.ice_cm))

    def field(self, state: GameState, goals: tuple[Hex, ...], movement: str,
              wall_cost: float | None, side: str) -> Field:
        key = (goals, movement, wall_cost, side, self.works_key(state))
        found = self._fields.get(key)
        if found is None:
            if len(self._fields) > 256:
                self._fields.clear()
            found = self._fields[key] = distance_field(state, goals, movement, wall_cost, side)
        return found


def distance_field(state: GameState, goals: tuple[Hex, ...], movement: str,
                   wall_cost: float | None, side: str) -> Field:
    """Cost for a unit of `movement` class to reach the nearest goal from every hex.

    `wall_cost`: extra cost to cross a closed wall or gate (None: walls are impassable).
    """
    m = state.map
    rules = state.scenario.rules
    costs = m.cost_of[movement]
    dist: Field = {}
    frontier: list[tuple[float, Hex]] = []
    for g in goals:
        if m.on_map(g):
            dist[g] = 0.0
            frontier.append((0.0, g))
    heapq.heapify(frontier)
    while frontier:
        d, here = heapq.heappop(frontier)
        if d > dist.get(here, INF):
            continue
        enter_here = costs.get(here, INF)
        if enter_here == INF:
            if here not in goals:
                continue
            enter_here = 1.0
        if here in m.water_hexes and ice_at(state, here) < rules.ice_min_cm:
            continue
        for n, key in m.adjacency[here]:
            if costs[n] == INF:
                continue
            step = enter_here
            if key in m.road_edges:
                step = min(step, rules.road_cost)
            if key in m.walls:
                gate = m.gate_at_edge.get(key)
                passable = key in state.breaches or (gate is not None and (
                    state.gates[gate] in ("open", "broken") or state.gate_holders.get(gate) == side))
                if not passable:
                    if wall_cost is None:
                        continue
                    step += wall_cost
            nd = d + step
            if nd < dist.get(n, INF) - 1e-9:
                dist[n] = nd
                heapq.heappush(frontier, (nd, n))
    return dist
