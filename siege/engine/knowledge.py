"""What each side knows and what follows from it, worked out once and kept until it changes:
the hexes a side sees, the enemies it knows of, its units' movement trees and stopping places.

Every rule that plans for a side (legality, the seat's previews, the AI's choices) asks here, so
the same question is never answered twice and never answered from what the side cannot see.
`version` goes up with every change to the state; an answer is kept only while it matches.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from types import MappingProxyType

from siege.engine.hexes import Hex
from siege.engine.movement import (
    Tree,
    ice_at,
    move_points,
    reachable,
    stopping_places,
    zoc_hexes,
)
from siege.engine.state import GameState, UnitState
from siege.engine.view import SightTracker

LIKE_TREES_KEPT = 256  # trees kept by where they start, for any unit of the kind to reuse


class Knowledge:
    def __init__(self, state: GameState) -> None:
        self.state = state
        self.version = 0
        self._sight = {side: SightTracker(side) for side in state.sides}
        self._seen: dict[str, tuple[int, set[Hex]]] = {}
        self._known: dict[str, tuple[int, list[Hex]]] = {}
        self._trees: dict[str, tuple[int, _Tree]] = {}  # unit id -> (version, its tree)
        self._like: dict[tuple[Hex | None, str, str, float, bool], _Tree] = {}  # see `tree`
        self._places: dict[str, tuple[tuple[int, object, int], Tree, Mapping[Hex, float]]] = {}
        self._zoc: dict[Hashable, tuple[tuple[object, ...], object, object, set[Hex]]] = {}
        self._route: tuple[tuple[int, str, Hex], Tree] | None = None  # see `route`

    def changed(self, state: GameState | None = None) -> None:
        """The state changed (or was replaced, after an undo): forget what depended on it."""
        if state is not None:
            self.state = state
        self.version += 1

    # ------------------------------------------------------------------ sight

    def visible(self, side: str) -> set[Hex]:
        """The hexes `side` can see now."""
        cached = self._seen.get(side)
        if cached is None or cached[0] != self.version:
            cached = self._seen[side] = (self.version, self._sight[side].visible(self.state))
        return cached[1]

    def known_enemy_hexes(self, side: str) -> list[Hex]:
        """Where the enemies `side` can see stand, in the order of the units."""
        cached = self._known.get(side)
        if cached is None or cached[0] != self.version:
            seen = self.visible(side)
            cached = self._known[side] = (
                self.version,
                [h for h in self.state.hexes_of(self.state.enemy_of(side)) if h in seen],
            )
        return cached[1]

    def seen_enemy_ids(self, side: str) -> set[str]:
        seen = self.visible(side)
        return {u.id for u in self.state.units_of(self.state.enemy_of(side)) if u.hex in seen}

    # ------------------------------------------------------------------ movement

    def tree(self, unit: UnitState) -> Tree:
        """The unit's movement tree against the enemies its side can see. It is kept while
        nothing it was worked out from has changed (see `_Tree`), so another unit's march, a
        fire or a gate across the town does not make every tree be worked out again; and a
        unit of the same side and movement class that comes to stand where one was worked out,
        with the same movement points, takes it over."""
        kept = self._kept(unit)
        if kept is not None:
            return kept.tree
        enemies = self.known_enemy_hexes(unit.side)
        budget = move_points(self.state, unit)
        tree = reachable(self.state, unit, enemies, budget=budget, zoc=self.zoc(unit.side, enemies))
        return self._keep(unit, _Tree(self.state, unit, budget, enemies, tree)).tree

    def route(self, unit: UnitState, to: Hex) -> Tree:
        """A tree that holds the unit's best path to `to`, if it can get there: its whole tree
        if one is kept, else a search that stops once it has that path (a move given without
        asking first where the unit can go, as in a replayed or loaded battle). Kept for the
        march that follows the order's check."""
        kept = self._kept(unit)
        if kept is not None:
            return kept.tree
        key = (self.version, unit.id, to)
        if self._route is not None and self._route[0] == key:
            return self._route[1]
        enemies = self.known_enemy_hexes(unit.side)
        budget = move_points(self.state, unit)
        zoc = self.zoc(unit.side, enemies)
        tree = reachable(self.state, unit, enemies, budget=budget, zoc=zoc, goal=to)
        self._route = (key, tree)
        return tree

    def _kept(self, unit: UnitState) -> _Tree | None:
        """The unit's whole tree, if one worked out before still holds (see `tree`)."""
        mine = self._trees.get(unit.id)
        if mine is not None and mine[0] == self.version:
            return mine[1]
        cached = None if mine is None else mine[1]
        enemies = self.known_enemy_hexes(unit.side)
        budget = move_points(self.state, unit)
        if cached is not None and cached.holds(self.state, unit, budget, enemies):
            return self._keep(unit, cached)
        # another unit of the same kind may have stood here with the same movement points
        like = (unit.hex, unit.type.movement, unit.side, budget, unit.morale == "routed")
        cached = self._like.get(like)
        if cached is not None and cached.holds(self.state, unit, budget, enemies):
            return self._keep(unit, cached)
        return None

    def _keep(self, unit: UnitState, cached: _Tree) -> _Tree:
        like = (cached.start, unit.type.movement, unit.side, cached.budget, cached.routed)
        self._like.pop(like, None)
        while len(self._like) >= LIKE_TREES_KEPT:
            del self._like[next(iter(self._like))]  # the longest unused goes
        self._like[like] = cached
        self._trees[unit.id] = (self.version, cached)
        return cached

    def places(self, unit: UnitState) -> Mapping[Hex, float]:
        """Hexes the unit may end a move in now, with their cost (read-only). Kept while its
        tree, its strength and where its side's men stand are unchanged."""
        tree = self.tree(unit)
        index = self.state.occupancy
        key = (unit.strength, index.token, index.changes[unit.side])
        found = self._places.get(unit.id)
        if found is not None and found[0] == key and found[1] is tree:
            return found[2]
        places: Mapping[Hex, float]
        if unit.aboard:  # men aboard go where the boat goes: they land, they do not march
            places = MappingProxyType({})
        else:
            places = MappingProxyType(stopping_places(self.state, unit, tree, index.men[unit.side]))
        self._places[unit.id] = (key, tree, places)
        return places

    def can_end_move(self, unit: UnitState, to: Hex) -> bool:
        """Is `to` one of the unit's `places`? Asked of one hex, the search goes only as far
        as it (see `route`)."""
        if unit.aboard:
            return False
        tree = self.route(unit, to)
        if to not in tree:
            return False
        friends = self.state.occupancy.men[unit.side]
        return to in stopping_places(self.state, unit, {to: tree[to]}, friends)

    def zoc(self, slot: Hashable, enemies: list[Hex]) -> set[Hex]:
        """The zone of control of these enemies, kept in `slot` (a side, for the enemies it
        knows of; ("all of", side) for all that side's units) while they stand where they stand
        and the gates and breaches are as they are: another friendly march leaves it."""
        s = self.state
        key = (tuple(enemies), tuple(s.gates.values()), len(s.breaches))
        cached = self._zoc.get(slot)
        if (
            cached is None
            or cached[0] != key
            or cached[1] is not s.map
            or cached[2] is not s.scenario
        ):
            cached = self._zoc[slot] = (key, s.map, s.scenario, zoc_hexes(s, enemies))
        return cached[3]


class _Tree:
    """A movement tree and what it was worked out from. The search only ever looks at the hexes
    it reached and their neighbours (its "halo"): whether an enemy, a fire or thin ice is in
    one, and whether the walls between them are open. While those answers, where the unit
    stands, its movement points, whether it runs in flight, the ground and the rules are the
    same, the search would find the same tree, so it is kept."""

    def __init__(
        self,
        state: GameState,
        unit: UnitState,
        budget: float,
        enemies: list[Hex],
        tree: Tree,
    ) -> None:
        m = self.map = state.map  # (an event that changes the ground builds a new map)
        self.rules = state.scenario.rules  # (and one that changes a rule, new rules)
        self.halo = frozenset().union(*map(m.around.__getitem__, tree))
        walled = m.walled_edges
        walls = {k for h in tree.keys() & walled.keys() for k in walled[h]}
        self.walls = bool(walls)
        self.gates = tuple(sorted({m.gate_at_edge[k] for k in walls if k in m.gate_at_edge}))
        self.water = tuple(sorted(self.halo & m.water_hexes))
        self.tree = tree
        self.start = unit.hex
        self.budget = budget
        self.routed = unit.morale == "routed"
        self.seen = self._reading(state, enemies)

    def holds(self, state: GameState, unit: UnitState, budget: float, enemies: list[Hex]) -> bool:
        """Would the search, run now, find this same tree?"""
        return (
            unit.hex == self.start
            and state.map is self.map
            and state.scenario.rules is self.rules
            and budget == self.budget
            and (unit.morale == "routed") == self.routed
            and self._reading(state, enemies) == self.seen
        )

    def _reading(self, state: GameState, enemies: list[Hex]) -> tuple[object, ...]:
        halo = self.halo
        thin = state.scenario.rules.ice_min_cm
        return (
            halo.intersection(enemies),
            frozenset() if self.routed else halo.intersection(state.fires),
            tuple(ice_at(state, h) < thin for h in self.water),
            # (the walls' openings: the gates, who holds them, the breaches; see `edge_open`)
            tuple((state.gates[g], state.gate_holders.get(g)) for g in self.gates),
            len(state.breaches) if self.walls else 0,
        )
