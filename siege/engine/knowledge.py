"""What each side knows and what follows from it, worked out once and kept until it changes:
the hexes a side sees, the enemies it knows of, its units' movement trees and stopping places.

Every rule that plans for a side (legality, the seat's previews, the AI's choices) asks here, so
the same question is never answered twice and never answered from what the side cannot see.
`version` goes up with every change to the state; an answer is kept only while it matches.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from types import MappingProxyType
from typing import Any

from siege.engine.hexes import Hex
from siege.engine.movement import move_points, reachable, stopping_places, zoc_hexes
from siege.engine.state import GameState, UnitState
from siege.engine.view import SightTracker


class Knowledge:
    def __init__(self, state: GameState) -> None:
        self.state = state
        self.version = 0
        self._sight = {side: SightTracker(side) for side in state.sides}
        self._seen: dict[str, tuple[int, set[Hex]]] = {}
        self._known: dict[str, tuple[int, list[Hex]]] = {}
        self._trees: dict[str, tuple[int, tuple, dict]] = {}
        self._places: dict[str, tuple[int, Mapping[Hex, float]]] = {}
        self._men: dict[str, tuple[int, dict[Hex, int]]] = {}
        self._zoc: dict[Hashable, tuple[tuple, set[Hex]]] = {}
        self._works: tuple[int, tuple] | None = None
        self._min_steps: dict[str, Any] = {}

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

    def tree(self, unit: UnitState) -> dict:
        """The unit's movement tree against the enemies its side can see. It is kept while
        nothing it depends on has changed (where the unit stands, its morale, day or night,
        the known enemies within its reach, the gates, breaches and ice), so another unit's
        march does not make every tree be worked out again."""
        cached = self._trees.get(unit.id)
        if cached is not None and cached[0] == self.version:
            return cached[2]
        enemies = self.known_enemy_hexes(unit.side)
        reach = int(move_points(self.state, unit) / self._min_step(unit.type.movement)) + 2
        here = unit.hex
        near = tuple(e for e in dict.fromkeys(enemies) if e.distance(here) <= reach)
        key = (
            unit.hex,
            unit.morale,
            unit.suppression,
            self.state.is_night(),
            near,
            self.works_key(),
        )
        if cached is None or cached[1] != key:
            cached = (
                self.version,
                key,
                reachable(self.state, unit, enemies, zoc=self.zoc(unit.side, enemies)),
            )
        else:
            cached = (self.version, key, cached[2])
        self._trees[unit.id] = cached
        return cached[2]

    def places(self, unit: UnitState) -> Mapping[Hex, float]:
        """Hexes the unit may end a move in now, with their cost (read-only)."""
        found = self._places.get(unit.id)
        if found is not None and found[0] == self.version:
            return found[1]
        men = self._men.get(unit.side)
        if men is None or men[0] != self.version:
            men = self._men[unit.side] = (self.version, self.state.men_by_hex(unit.side))
        places = MappingProxyType(stopping_places(self.state, unit, self.tree(unit), men[1]))
        self._places[unit.id] = (self.version, places)
        return places

    def zoc(self, slot: Hashable, enemies: list[Hex]) -> set[Hex]:
        """The zone of control of these enemies, kept in `slot` (a side, for the enemies it
        knows of; ("all of", side) for all that side's units) while they stand where they stand
        and the gates and breaches are as they are: another friendly march leaves it."""
        key = (tuple(enemies), self.works_key())
        cached = self._zoc.get(slot)
        if cached is None or cached[0] != key:
            cached = self._zoc[slot] = (key, zoc_hexes(self.state, enemies))
        return cached[1]

    def works_key(self) -> tuple:
        """What movement depends on besides the units: gates, who holds them, breaches, ice,
        fires, and the ground events changed."""
        cached = self._works
        if cached is None or cached[0] != self.version:
            s = self.state
            key = (
                tuple(s.gates.values()),
                tuple(s.gate_holders.values()),
                len(s.breaches),
                tuple(sorted((h.offset, v) for h, v in s.ice_cm.items())),
                tuple(sorted(s.fires)),
                tuple(s.terrain_changes.items()),
                s.scenario.rules.road_cost,
            )
            cached = self._works = (self.version, key)
        return cached[1]

    def _min_step(self, movement: str) -> float:
        """The cheapest step a unit of this movement class can take (road or terrain)."""
        if self._min_steps.get("map") is not self.state.map:  # (an event changed the ground)
            self._min_steps = {"map": self.state.map}
        found = self._min_steps.get(movement)
        if found is None:
            costs = [c for c in self.state.map.cost_of[movement].values() if c > 0]
            found = self._min_steps[movement] = max(
                0.1, min([self.state.scenario.rules.road_cost] + costs)
            )
        return found
