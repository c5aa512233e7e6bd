"""March: where each unit steps this phase, as the best of the places it can reach by a
score the plan gives it — distance to its goal, crowding, the enemy's fire, the flames, the ice.
"""

from __future__ import annotations

from collections.abc import Callable

from siege.ai.planning import Planning
from siege.ai.situation import Situation
from siege.engine.hexes import Hex
from siege.engine.orders import Move
from siege.engine.seat import Seat
from siege.engine.state import UnitState

LADDER_WALL_COST = 4.0  # a ladder party plans to climb rather than walk far round
GATE_WAIT_COST = 10.0  # men without ladders plan to go in by a gate once it is broken
FAR = 999.0  # no way there: what is left to choose by is the danger
MIN_GAIN = 0.75  # a march must be worth it: no shuffling for a trifle


class March(Planning):
    """(part of `Commander`)"""

    def _crowding(
        self, seat: Seat, planned: dict[Hex, int], unit: UnitState
    ) -> Callable[[Hex], float]:
        """The penalty for `unit` packing a hex beyond the density the enemy's fire punishes
        (by the men `planned` to stand in each hex when it is asked)."""
        threshold = seat.scenario.rules.density_threshold
        weight = self.style.crowd_weight

        def crowd(h: Hex) -> float:
            total = planned.get(h, 0) + (0 if h == unit.hex else unit.strength)
            over = total / threshold - 1.0
            return over * weight if over > 0 else 0.0

        return crowd

    def _men_by_hex(self, sit: Situation) -> dict[Hex, int]:
        men: dict[Hex, int] = {}
        for u in sit.own:
            men[u.at] = men.get(u.at, 0) + u.strength
        self._planned = men
        return men

    def _plan_step(self, planned: dict[Hex, int], unit: UnitState, to: Hex) -> Move:
        planned[unit.at] = planned.get(unit.at, 0) - unit.strength
        planned[to] = planned.get(to, 0) + unit.strength
        return Move(unit.id, to.offset)

    def _hazard(self, sit: Situation, h: Hex, danger_weight: float) -> float:
        """What standing in `h` costs: the enemy's fire, and the flames (a hex that may catch
        this turn costs what the fire would take, in the same coin as the enemy's volleys).
        Kept for the phase: every unit that could go there asks."""
        key = (h, danger_weight)
        found = self._hazards.get(key)
        if found is None:
            found = self._hazards[key] = self._work_out_hazard(sit, h, danger_weight)
        return found

    def _work_out_hazard(self, sit: Situation, h: Hex, danger_weight: float) -> float:
        cost = danger_weight * sit.danger(h)
        risk = sit.fire_risk(h)
        if risk > 0:
            share = sit.seat.scenario.rules.fire_losses * 100.0
            cost += self.style.fire_weight * risk * share + (40.0 if h in sit.fires else 0.0)
        return cost

    def _best_step(self, seat: Seat, unit: UnitState, score) -> Hex | None:
        """The reachable hex with the lowest score (None: stay)."""
        if not self._spend(10):
            return None
        here = score(unit.hex)
        options = seat.reachable(unit.id)
        if not options:
            return None
        here += self._ice_cost(seat, unit, unit.at)
        # the room left in each hex: earlier orders this phase may have filled it
        room = seat.scenario.rules.stacking_limit - unit.strength
        planned = self._planned or {}
        water = seat.map.water_hexes
        bar = here - MIN_GAIN
        ranked = []
        for h in options:  # (in any order: the ranking sorts on (value, hex))
            if planned.get(h, 0) > room:
                continue
            value = score(h)
            if h in water:
                value += self._ice_cost(seat, unit, h)
            if value < bar:
                ranked.append((value, h))
        ranked.sort()
        for _value, h in ranked[: self.style.breadth]:
            risk = self._path_ice_risk(seat, unit, h)
            if risk <= 0.0:
                self._book_traffic(seat, unit, h)
                return h
        # every good march crosses ice that may not bear it: only a short, safe step then
        for _value, h in ranked:
            if h.distance(unit.at) <= 2 and self._path_ice_risk(seat, unit, h) <= 0.0:
                self._book_traffic(seat, unit, h)
                return h
        return None

    def _path_ice_risk(self, seat: Seat, unit: UnitState, to: Hex) -> float:
        """How far past what it bears the march would load the ice it crosses (the column
        ahead of it this phase counting, as the rules count it)."""
        m = seat.map
        tree_path = seat.path(unit.id, to.offset)
        rules = seat.scenario.rules
        risk = 0.0
        for h in tree_path[1:-1]:
            if h not in m.water_hexes:
                continue
            men = (
                unit.strength
                + (self._planned or {}).get(h, 0)
                + rules.ice_traffic_share * (self._ice_traffic.get(h, 0) + self._traffic.get(h, 0))
            )
            load = men * rules.ice_night_factor / max(seat.ice_capacity(h), 1.0)
            risk += max(0.0, load - 0.95)
        return risk

    def _book_traffic(self, seat: Seat, unit: UnitState, to: Hex) -> None:
        m = seat.map
        if (
            not any(n in m.water_hexes for n, _ in m.adjacency[unit.at])
            and unit.at.distance(to) <= 1
        ):
            return
        for h in seat.path(unit.id, to.offset)[1:-1]:
            if h in m.water_hexes:
                self._traffic[h] = self._traffic.get(h, 0) + unit.strength

    def _ice_cost(self, seat: Seat, unit: UnitState, h: Hex) -> float:
        """Nobody means to stand on ice that may not bear him."""
        if h not in seat.map.water_hexes:
            return 0.0
        rules = seat.scenario.rules
        men: float = (self._planned or {}).get(h, 0) + (0 if h == unit.hex else unit.strength)
        men += rules.ice_traffic_share * self._ice_traffic.get(h, 0)
        load = men * rules.ice_night_factor / max(seat.ice_capacity(h), 1.0)  # night may fall
        return 30.0 * max(0.0, load - 0.7) + (200.0 if load > 0.95 else 0.0)

    def _field(
        self,
        seat: Seat,
        goal: tuple[Hex, ...],
        unit: UnitState,
        wall_cost: float | None,
        side: str | None = None,
    ) -> dict[Hex, float]:
        return self.fields.field(seat, goal, unit.type.movement, wall_cost, side or self.side)
