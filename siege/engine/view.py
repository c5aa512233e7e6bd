"""Line of sight and fog of war: what one side can see. The AI and the UI read only a View.

Sight from a hex is cached on the map (walls and hills do not move; an event that changes the
ground builds a new map, keeping what it cannot have changed), so each side's
view is a union of cached sets. A wall blocks a line that crosses it unless the line passes
above its top (a hill looks down into a walled town); the wall beside either end of the line never
blocks (men on a wall see over its parapet, and men at its foot see what stands on it). Houses
block sight unless the line passes over their roofs.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

import numpy as np

from siege.engine.hexes import AXIAL_STEPS, Hex, edge_key
from siege.engine.map import BattleMap
from siege.engine.state import GameState, UnitState

EYE_M = 2.0  # a man's eye above the ground
ROOF_M = 6.0  # houses and woods that block sight stand this high


def line_of_sight(m: BattleMap, a: Hex, b: Hex) -> bool:
    """Can a man at a see a man at b (and so shoot at him)?"""
    line = a.line_to(b)
    n = len(line) - 1
    if n <= 1:
        return True
    ha = m.elevation_of[a] + EYE_M
    hb = m.elevation_of[b] + EYE_M
    for i in range(1, n):
        h = line[i]
        if not m.on_map(h):
            return False
        height_here = ha + (hb - ha) * i / n
        if m.blocks_sight[h.r, h.col] and m.elevation_of[h] + ROOF_M >= height_here:
            return False
    for i in range(n):
        wall = m.walls.get(edge_key(line[i], line[i + 1]))
        if wall is None or i == 0 or i == n - 1:
            continue  # a wall at either end is the watcher's own parapet or the target's
        top = max(m.elevation_of[line[i]], m.elevation_of[line[i + 1]]) + wall.height_m
        height_here = ha + (hb - ha) * (i + 0.5) / n
        if top >= height_here:
            return False
    return True


def visible_from(m: BattleMap, origin: Hex, radius: int) -> frozenset[Hex]:
    """Every hex a man at `origin` can see within `radius`: `line_of_sight` to each of them,
    worked out for all the lines at once (see `_SightLines`) and kept on the map."""
    cache = m.sight_cache
    key = (origin, radius)
    seen = cache.get(key)
    if seen is None:
        seen = cache[key] = _sight_grid(m).visible(origin, _sight_lines(radius))
    return seen


@functools.lru_cache(maxsize=8)
def _sight_lines(radius: int) -> _SightLines:
    return _SightLines(radius)


class _SightLines:
    """The straight line from a hex to every hex within `radius`, as axial steps relative to
    the watcher (a line does not change when both ends move together), one row per target,
    padded to the longest; with the fraction of the way each step lies, to lerp eye heights."""

    def __init__(self, radius: int) -> None:
        origin = Hex(0, 0)
        targets = list(origin.within(radius))  # (the watcher's own hex: a line of one)
        width = radius + 1
        self.target_q = np.array([h.q for h in targets], dtype=np.int64)
        self.target_r = np.array([h.r for h in targets], dtype=np.int64)
        self.q = np.zeros((len(targets), width), dtype=np.int64)
        self.r = np.zeros((len(targets), width), dtype=np.int64)
        self.length = np.zeros(len(targets), dtype=np.int64)
        for k, t in enumerate(targets):
            line = origin.line_to(t)
            self.length[k] = len(line) - 1
            for i, h in enumerate(line):
                self.q[k, i], self.r[k, i] = h.q, h.r
            for i in range(len(line), width):  # pad with the target (masked out below)
                self.q[k, i], self.r[k, i] = t.q, t.r
        step = np.arange(width)
        n = self.length[:, None]
        self.divisor = np.maximum(n, 1)
        # hexes strictly between the ends, and edges not at either end
        self.between = (step >= 1) & (step < n)
        self.inner_edge = (step >= 1) & (step < n - 1)
        self.step = step
        # the direction of each step along the line (for the wall on that edge)
        dq = np.diff(self.q, axis=1)
        dr = np.diff(self.r, axis=1)
        self.direction = np.zeros(dq.shape, dtype=np.int64)
        for d, (sq, sr) in enumerate(AXIAL_STEPS):
            self.direction[(dq == sq) & (dr == sr)] = d


class _SightGrid:
    """The map's sight-relevant ground as arrays with a margin of blocking hexes around it (a
    line that leaves the map is blind), and the top of the wall on each hex's six edges."""

    def __init__(self, m: BattleMap) -> None:
        pad = 12  # wider than any sight radius needs
        self.m = m
        self.pad = pad
        h, w = m.height + 2 * pad, m.width + 2 * pad
        self.on_map = np.zeros((h, w), dtype=bool)
        self.on_map[pad : pad + m.height, pad : pad + m.width] = True
        self.elevation = np.zeros((h, w))
        self.elevation[pad : pad + m.height, pad : pad + m.width] = m.elevation
        self.blocks = np.zeros((h, w), dtype=bool)
        self.blocks[pad : pad + m.height, pad : pad + m.width] = m.blocks_sight
        self.wall_top = np.full((h, w, 6), -np.inf)
        for (a, b), wall in m.walls.items():
            if not (m.on_map(a) and m.on_map(b)):
                continue  # a wall along the map's edge: no line both sees and crosses it
            top = max(m.elevation_of[a], m.elevation_of[b]) + wall.height_m
            self.wall_top[a.r + pad, a.col + pad, a.direction_to(b)] = top
            self.wall_top[b.r + pad, b.col + pad, b.direction_to(a)] = top

    def visible(self, origin: Hex, lines: _SightLines) -> frozenset[Hex]:
        pad = self.pad
        radius = lines.q.shape[1] - 1
        if radius > pad:
            return frozenset(
                h
                for h in origin.within(radius)
                if self.m.on_map(h) and line_of_sight(self.m, origin, h)
            )
        q = lines.q + origin.q
        r = lines.r + origin.r
        rows = r + pad
        cols = q + (r - (r & 1)) // 2 + pad
        elevation = self.elevation[rows, cols]
        n = lines.divisor
        ha = self.elevation[origin.r + pad, origin.col + pad] + EYE_M
        hb = elevation[np.arange(len(n)), lines.length][:, None] + EYE_M
        height = ha + (hb - ha) * lines.step / n
        blind = lines.between & (
            ~self.on_map[rows, cols] | (self.blocks[rows, cols] & (elevation + ROOF_M >= height))
        )
        tops = self.wall_top[rows[:, :-1], cols[:, :-1], lines.direction]
        edge_height = ha + (hb - ha) * (lines.step[:-1] + 0.5) / n
        blind[:, :-1] |= lines.inner_edge[:, :-1] & (tops >= edge_height)
        seen = ~blind.any(axis=1) & self.on_map[rows[:, -1], cols[:, -1]]
        tq = (lines.target_q + origin.q)[seen].tolist()
        tr = (lines.target_r + origin.r)[seen].tolist()
        return frozenset(map(Hex, tq, tr))


def _sight_grid(m: BattleMap) -> _SightGrid:
    grid: _SightGrid | None = m.sight_grid
    if grid is None:
        grid = m.sight_grid = _SightGrid(m)
    return grid


def lit(state: GameState, h: Hex) -> bool:
    """A burning hex, or one beside a fire, can be seen at night from afar."""
    return h in state.fires or any(n in state.fires for n in h.neighbours())


def can_see(state: GameState, watcher: Hex, target: Hex, is_night: bool) -> bool:
    rules = state.scenario.rules
    d = watcher.distance(target)
    if is_night:
        limit = rules.sight_by_fire if lit(state, target) else rules.sight_night
    else:
        limit = rules.sight_day
    return d <= limit and target in visible_from(state.map, watcher, max(limit, rules.sight_day))


def visible_hexes(state: GameState, side: str, is_night: bool | None = None) -> set[Hex]:
    rules = state.scenario.rules
    is_night = state.is_night() if is_night is None else is_night
    seen: set[Hex] = set()
    watchers = sorted(set(state.hexes_of(side)))
    radius = rules.sight_night if is_night else rules.sight_day
    for w in watchers:
        seen |= visible_from(state.map, w, radius)
    if is_night and state.fires:
        glow = lit_hexes(state)
        for w in watchers:
            seen |= visible_from(state.map, w, rules.sight_by_fire) & glow
    return seen


def lit_hexes(state: GameState) -> frozenset[Hex]:
    """Burning hexes and their neighbours: seen from afar at night."""
    glow = set(state.fires)
    for h in state.fires:
        glow.update(h.neighbours())
    return frozenset(glow)


class SightTracker:
    """One side's visible hexes, kept up to date as its units move rather than recomputed.

    It counts, for every hex, how many of the side's positions see it; moving a unit subtracts
    its old position's sight and adds the new one's. Day and night use different radii, so the
    counts are rebuilt when the light changes. Fires at night are added on top.
    """

    def __init__(self, side: str) -> None:
        self.side = side
        self.radius = -1
        self.watchers: dict[Hex, None] = {}  # the hexes whose sight is counted
        self.counts: dict[Hex, int] = {}
        self._last: tuple[object, ...] | None = None
        self._seen: set[Hex] = set()
        self._glow: tuple[tuple[Hex, ...], frozenset[Hex]] = ((), frozenset())  # fires -> lit hexes
        self._quick: tuple[object, ...] | None = None
        self._ground: tuple[tuple[Hex, str], ...] = ()

    def _add(self, m: BattleMap, h: Hex, sign: int) -> None:
        for seen in visible_from(m, h, self.radius):
            n = self.counts.get(seen, 0) + sign
            if n:
                self.counts[seen] = n
            else:
                del self.counts[seen]

    def visible(self, state: GameState) -> set[Hex]:
        rules = state.scenario.rules
        is_night = state.is_night()
        radius = rules.sight_night if is_night else rules.sight_day
        side = self.side
        # nothing of the side's has been placed anew, in the same light: a cheap first test
        index = state.occupancy
        fires = tuple(sorted(state.fires)) if is_night else ()
        ground = tuple(state.terrain_changes.items())  # (an event changed the ground)
        quick = (index.token, index.changes[side], radius, fires, ground)
        if quick == self._quick:
            return self._seen
        now = index.men[side]  # the hexes the side's units stand in (read, not changed)
        key = (radius, fires, ground)
        self._quick = quick
        if key == self._last and now.keys() == self.watchers.keys():
            return self._seen  # (men came or went, but no hex was taken or left)
        if radius != self.radius or ground != self._ground:
            self.radius, self.watchers, self.counts, self._ground = radius, {}, {}, ground
        for h in [h for h in self.watchers if h not in now]:
            self._add(state.map, h, -1)
            del self.watchers[h]
        for h in sorted(now.keys() - self.watchers.keys()):
            self._add(state.map, h, +1)
            self.watchers[h] = None
        seen = set(self.counts)
        if is_night and state.fires:
            if self._glow[0] != fires:
                self._glow = (fires, lit_hexes(state))
            glow = self._glow[1]
            for w in sorted(now):
                seen |= visible_from(state.map, w, rules.sight_by_fire) & glow
        self._last, self._seen = key, seen
        return seen


@dataclass
class SeenUnit:
    """An enemy unit as the other side sees it: where, how many (roughly), what kind."""

    id: str
    name: str
    side: str
    hex: Hex
    strength: int
    type: str
    unit_class: str
    morale: str
    nation: str | None = None
    suppression: int = 0


@dataclass
class View:
    side: str
    visible: set[Hex]
    own: list[UnitState]
    enemies: list[SeenUnit]
    last_seen: dict[str, tuple[Hex, int]] = field(default_factory=dict)

    def enemy_hexes(self) -> list[Hex]:
        return sorted({e.hex for e in self.enemies})


def view_for(state: GameState, side: str, seen: set[Hex] | None = None) -> View:
    """What `side` knows: its own units, the enemies in sight, where others were last seen.
    `seen`: the side's visible hexes, if the caller keeps them up to date already."""
    seen = visible_hexes(state, side) if seen is None else seen
    enemy = state.enemy_of(side)
    enemies = [
        SeenUnit(
            u.id,
            u.name,
            u.side,
            u.hex,
            scouts_count(u.strength),
            u.type.id,
            u.type.unit_class,
            u.morale,
            suppression=u.suppression,
        )
        for u in state.units_of(enemy)
        if u.hex in seen
    ]
    own = state.units_of(side)
    return View(side, seen, own, enemies, dict(state.last_seen[side]))


def remember_sightings(state: GameState, seen_by: dict[str, set[Hex]]) -> None:
    """Note where each side last saw each enemy unit (for the last-seen markers)."""
    for side in state.sides:
        seen = seen_by[side]
        enemy = state.enemy_of(side)
        for u in state.units_of(enemy):
            if u.hex in seen:
                state.last_seen[side][u.id] = (u.hex, state.turn)


def scouts_count(men: int) -> int:
    """Scouts count an enemy to the nearest hundred."""
    return max(100, int(round(men / 100.0)) * 100)
