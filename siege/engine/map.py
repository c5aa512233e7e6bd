"""The ground: terrain per hex as numpy arrays, hex-edge walls and gates, ice, roads and exits.

`BattleMap` is static between events (built from the scenario and shared, never copied by
saves or undo); an event that changes terrain builds a new one (`GameState.terrain_changes`
says how). What changes in play (gate states, wall damage, ice, fires) lives in `GameState`.
Arrays are indexed `[row, col]`, like the terrain rows in the file.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any

import numpy as np
import numpy.typing as npt

from siege.engine.hexes import Hex, direction_number, edge_key
from siege.scenario.schema import Enclosure, GroundInCombat, Scenario, TerrainType

INF = float("inf")
MOVEMENT_CLASSES = ("foot", "horse", "guns", "boat")


@dataclass(frozen=True)
class WallSpec:
    """The wall on one hex edge, as built."""

    enclosure: str
    name: str
    kind: str
    height_m: float
    strength: float
    loopholes: bool
    condition: float
    inside: Hex  # the hex on the enclosure's side


@dataclass(frozen=True)
class GateSpec:
    id: str
    name: str
    edge: tuple[Hex, Hex]
    inside: Hex
    outside: Hex
    strength: float
    state: str


@dataclass
class BattleMap:
    width: int
    height: int
    metres_per_hex: float
    terrain: list[TerrainType]
    code_index: np.ndarray  # [row, col] -> index into terrain
    cost: dict[str, np.ndarray]  # movement class -> [row, col] cost, inf where impassable
    cover: np.ndarray
    elevation: np.ndarray
    blocks_sight: np.ndarray
    flammable: np.ndarray
    water: np.ndarray
    ice_cm: np.ndarray  # starting ice thickness on water hexes
    urban: np.ndarray
    walls: dict[tuple[Hex, Hex], WallSpec]
    gates: dict[str, GateSpec]
    gate_at_edge: dict[tuple[Hex, Hex], str]
    work_cover: dict[Hex, float]
    road_edges: frozenset[tuple[Hex, Hex]]
    exits: dict[Hex, tuple[str, tuple[str, ...]]]  # hex -> (exit id, sides allowed)
    objective_hexes: dict[str, tuple[Hex, ...]]  # objective id -> its hexes
    hexes: list[Hex] = field(default_factory=list)
    # plain-Python copies of the arrays for the hot loops (numpy scalar access is slow)
    cost_of: dict[str, dict[Hex, float]] = field(default_factory=dict)
    elevation_of: dict[Hex, float] = field(default_factory=dict)
    water_hexes: frozenset[Hex] = frozenset()
    ice_start: dict[Hex, float] = field(default_factory=dict)
    flammable_hexes: frozenset[Hex] = frozenset()
    # each hex's on-map neighbours with the key of the edge between: (neighbour, edge key)
    adjacency: dict[Hex, tuple[tuple[Hex, tuple[Hex, Hex]], ...]] = field(default_factory=dict)
    # each hex with its on-map neighbours, and the walled edges of the hexes that have any
    around: dict[Hex, frozenset[Hex]] = field(default_factory=dict)
    walled_edges: dict[Hex, tuple[tuple[Hex, Hex], ...]] = field(default_factory=dict)
    # per movement class, each hex's steps into neighbours that class can enter at all:
    # (neighbour, cost with the road along the edge, the wall's edge key or None, is water)
    steps: dict[str, dict[Hex, tuple[tuple[Hex, float, tuple[Hex, Hex] | None, bool], ...]]] = (
        field(default_factory=dict)
    )
    # what can be seen from a hex within a radius: the ground does not change, so it is kept
    sight_cache: dict[tuple[Hex, int], frozenset[Hex]] = field(default_factory=dict)
    sight_grid: Any = None  # the arrays sight is worked out from (engine.view builds it)
    # movement class -> the hexes whose terrain changes how that class fights (few or none)
    combat_ground: dict[str, dict[Hex, GroundInCombat]] = field(default_factory=dict)

    def on_map(self, h: Hex) -> bool:
        col, row = h.offset
        return 0 <= col < self.width and 0 <= row < self.height

    def terrain_at(self, h: Hex) -> TerrainType:
        col, row = h.offset
        return self.terrain[int(self.code_index[row, col])]

    def ground_in_combat(self, h: Hex, movement: str) -> GroundInCombat | None:
        """How troops of this movement class shoot, fight and hold on the hex's terrain (None:
        as anywhere else)."""
        return self.combat_ground.get(movement, {}).get(h)

    def neighbours(self, h: Hex) -> list[Hex]:
        return [n for n in h.neighbours() if self.on_map(n)]

    def wall_between(self, a: Hex, b: Hex) -> WallSpec | None:
        return self.walls.get(edge_key(a, b))


def build_map(scenario: Scenario, changed: Mapping[Hex, str] | None = None) -> BattleMap:
    """The ground of a scenario; `changed`: hexes an event has turned into another terrain
    (hex -> terrain id). The walls stand where the file's own rows put them."""
    spec = scenario.map
    rows = spec.rows()
    codes = {t.code: i for i, t in enumerate(spec.terrain_types)}
    shape = (spec.height, spec.width)
    code_index = np.zeros(shape, dtype=np.int16)
    for row, line in enumerate(rows):
        code_index[row, :] = [codes[c] for c in line]
    if changed:
        ids = {t.id: i for i, t in enumerate(spec.terrain_types)}
        for h, terrain in changed.items():
            code_index[h.r, h.col] = ids[terrain]

    def per_terrain(values: list[Any], dtype: npt.DTypeLike) -> np.ndarray:
        return np.asarray(values, dtype=dtype)[code_index]

    types = spec.terrain_types
    cost = {}
    for cls in MOVEMENT_CLASSES:
        values = [
            INF
            if (not t.passable or getattr(t.move_cost, cls) is None)
            else getattr(t.move_cost, cls)
            for t in types
        ]
        cost[cls] = per_terrain(values, np.float64)
    ice = per_terrain([t.ice_cm or 0.0 for t in types], np.float64)
    for patch in spec.ice:
        for col, row in patch.hexes:
            ice[row, col] = patch.thickness_cm

    walls = _walls(spec.enclosures, rows)
    gates: dict[str, GateSpec] = {}
    for gate in spec.gates:
        here = Hex.from_offset(*gate.at)
        there = here.neighbour(direction_number(gate.side))
        inside = walls[edge_key(here, there)].inside
        outside = there if inside == here else here
        gates[gate.id] = GateSpec(
            gate.id, gate.name, edge_key(here, there), inside, outside, gate.strength, gate.state
        )
    work_cover: dict[Hex, float] = {}
    for work in spec.works:
        for col, row in work.hexes:
            h = Hex.from_offset(col, row)
            work_cover[h] = max(work_cover.get(h, 0.0), work.cover)
    road_edges: set[tuple[Hex, Hex]] = set()
    for road in spec.roads:
        path = [Hex.from_offset(*p) for p in road.path]
        road_edges.update(edge_key(a, b) for a, b in pairwise(path))
    exits: dict[Hex, tuple[str, tuple[str, ...]]] = {}
    for ex in spec.exits:
        for col, row in ex.hexes:
            exits[Hex.from_offset(col, row)] = (ex.id, tuple(ex.sides))

    m = BattleMap(
        width=spec.width,
        height=spec.height,
        metres_per_hex=spec.metres_per_hex,
        terrain=types,
        code_index=code_index,
        cost=cost,
        cover=per_terrain([t.cover for t in types], np.float64),
        elevation=per_terrain([t.elevation for t in types], np.float64),
        blocks_sight=per_terrain([t.blocks_sight for t in types], bool),
        flammable=per_terrain([t.flammable for t in types], bool),
        water=per_terrain([t.water for t in types], bool),
        ice_cm=ice,
        urban=per_terrain([t.urban for t in types], bool),
        walls=walls,
        gates=gates,
        gate_at_edge={g.edge: g.id for g in gates.values()},
        work_cover=work_cover,
        road_edges=frozenset(road_edges),
        exits=exits,
        objective_hexes={
            o.id: tuple(Hex.from_offset(*p) for p in o.hexes) for o in scenario.objectives
        },
    )
    m.hexes = [Hex.from_offset(c, r) for r in range(spec.height) for c in range(spec.width)]
    for cls in MOVEMENT_CLASSES:
        m.cost_of[cls] = {h: float(cost[cls][h.r, h.col]) for h in m.hexes}
    m.elevation_of = {h: float(m.elevation[h.r, h.col]) for h in m.hexes}
    m.water_hexes = frozenset(h for h in m.hexes if m.water[h.r, h.col])
    m.ice_start = {h: float(m.ice_cm[h.r, h.col]) for h in m.hexes}
    m.flammable_hexes = frozenset(h for h in m.hexes if m.flammable[h.r, h.col])
    for h in m.hexes:
        for cls, ground in m.terrain_at(h).combat.items():
            m.combat_ground.setdefault(cls, {})[h] = ground
    m.adjacency = {
        h: tuple((n, edge_key(h, n)) for n in h.neighbours() if m.on_map(n)) for h in m.hexes
    }
    m.around = {h: frozenset([h, *(n for n, _ in m.adjacency[h])]) for h in m.hexes}
    for h in m.hexes:
        edges = tuple(key for _, key in m.adjacency[h] if key in walls)
        if edges:
            m.walled_edges[h] = edges
    road_cost = scenario.rules.road_cost
    for cls in MOVEMENT_CLASSES:
        costs = m.cost_of[cls]
        m.steps[cls] = {
            h: tuple(
                (
                    n,
                    min(costs[n], road_cost) if key in m.road_edges else costs[n],
                    key if key in walls else None,
                    n in m.water_hexes,
                )
                for n, key in m.adjacency[h]
                if costs[n] < INF
            )
            for h in m.hexes
        }
    return m


def _walls(enclosures: list[Enclosure], rows: list[str]) -> dict[tuple[Hex, Hex], WallSpec]:
    """A wall on every edge between an enclosure's inside hexes and the rest; taller walls win."""
    walls: dict[tuple[Hex, Hex], WallSpec] = {}
    height, width = len(rows), len(rows[0]) if rows else 0
    for enc in enclosures:
        inside_codes = set(enc.around)
        overrides = {}
        for section in enc.sections:
            here = Hex.from_offset(*section.at)
            overrides[edge_key(here, here.neighbour(direction_number(section.side)))] = section
        for row in range(height):
            for col in range(width):
                if rows[row][col] not in inside_codes:
                    continue
                here = Hex.from_offset(col, row)
                for nb in here.neighbours():
                    ncol, nrow = nb.offset
                    if (
                        0 <= nrow < height
                        and 0 <= ncol < width
                        and rows[nrow][ncol] in inside_codes
                    ):
                        continue
                    key = edge_key(here, nb)
                    override = overrides.get(key)
                    h = override.height_m if override and override.height_m else enc.height_m
                    cond = (
                        override.condition
                        if override and override.condition is not None
                        else enc.condition
                    )
                    existing = walls.get(key)
                    if existing is None or h > existing.height_m:
                        walls[key] = WallSpec(
                            enc.id, enc.name, enc.kind, h, enc.strength, enc.loopholes, cond, here
                        )
    return walls
