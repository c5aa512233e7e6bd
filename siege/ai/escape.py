"""Escape: a side that scores for men got away leaves the field by night once the city is lost
or its strength broken, the whole army at once, on its exits — across the ice if that is the
way, crowding it as little as caution allows; men whose way the enemy bars cut through him.
"""

from __future__ import annotations

import math

from siege.ai.fields import distance_field
from siege.ai.march import FAR, March
from siege.ai.situation import Situation
from siege.engine.hexes import Hex
from siege.engine.map import INF
from siege.engine.orders import Assault, Exit, Order
from siege.engine.seat import Seat
from siege.engine.state import UnitState


class Escape(March):
    """(part of `Commander`)"""

    def _escape_moves(self, seat: Seat, sit: Situation) -> list[Order]:
        exits = sit.ground.exits.get(self.side, ())
        orders: list[Order] = []
        planned = self._men_by_hex(sit)
        traffic: dict[Hex, float] = {}
        units = sorted(sit.own, key=lambda u: u.id)
        # a gatehouse the enemy has taken and left is ours again as soon as a man stands in it
        enemy_at = {f.hex for f in sit.foes}
        reclaim = frozenset(
            g.id
            for g in seat.map.gates.values()
            if sit.gate_holders.get(g.id) not in (None, self.side) and g.inside not in enemy_at
        )
        # the way out round the enemy: his hexes are barred, the ground he watches costs dear
        extra: dict[Hex, float] = {}
        for f in sit.foes:
            for n, key in seat.map.adjacency[f.hex]:
                if key not in seat.map.walls or seat.edge_open(f.hex, n):
                    extra[n] = 3.0
        for f in sit.foes:
            extra[f.hex] = INF
        # thin ice is dearer ground: a march plans round it as far as caution says, counting
        # what a column of the usual size would lose if it gave way
        rules = seat.scenario.rules
        sizes = sorted(u.strength for u in units)
        typical = sizes[len(sizes) // 2] if sizes else 0
        for h in seat.map.water_hexes:
            cap = seat.ice_capacity(h)
            if cap <= 0 or h in extra:
                continue
            over = typical * rules.ice_night_factor / cap - 1.0
            if over > 0:
                chance = min(0.95, 0.1 + over * rules.ice_break_slope)
                extra[h] = self.style.ice_caution * 60.0 * chance * rules.ice_break_drown
        # the plan is made once and kept (a column that changes its road every hour gets
        # nowhere), unless the ice it meant to cross has given way
        ice_now = tuple(sorted((h.offset, round(v)) for h, v in seat.ice_changed().items()))
        if self._escape_plan is None or self._escape_plan[0] != ice_now:
            self._escape_plan = (ice_now, {})
        fields = self._escape_plan[1]
        for unit in units:
            movement = unit.type.movement
            if movement not in fields:
                fields[movement] = distance_field(
                    seat, exits, movement, None, self.side, reclaim, extra
                )
        # the nearest go first, so the column does not trample itself
        units.sort(key=lambda u: (fields[u.type.movement].get(u.at, INF), u.id))
        for unit in units:
            if unit.moved or unit.morale == "routed":
                continue
            if unit.hex in seat.map.exits:
                orders.append(Exit(unit.id))
                continue
            field = fields[unit.type.movement]
            if not self._sets_out(seat, sit, unit, field):
                continue
            step = self._escape_step(seat, sit, unit, field, planned, traffic)
            if step is not None:
                if sit.night:
                    self._under_way.add(unit.id)
                path = seat.path(unit.id, step.offset)
                for h in path[1:-1]:
                    if h in seat.map.water_hexes:
                        traffic[h] = traffic.get(h, 0.0) + unit.strength
                orders.append(self._plan_step(planned, unit, step))
        return orders

    def _sets_out(
        self, seat: Seat, sit: Situation, unit: UnitState, field: dict[Hex, float]
    ) -> bool:
        """Does this unit march now? A garrison leaves in the dark, when the enemy cannot see
        it go. By day only those already on their way go on (on the ice, or set out by night
        and out of the walls) and those for whom staying is worse: the flames or the enemy
        upon them, or no night left to get out in before the battle ends."""
        if sit.night or unit.at in seat.map.water_hexes:
            return True
        if unit.id in self._under_way and unit.at not in sit.ground.enclosed:
            return True
        if sit.fire_risk(unit.at) >= 0.5:
            return True
        if any(
            n in sit.enemy_at and sit.edge_kind(unit.at, n) != "wall" for n in unit.at.neighbours()
        ):
            return True
        # the march out, in night turns, after the daylight still to wait through
        way = field.get(unit.at, INF)
        if way >= FAR:
            return True  # no way out: nothing to wait for
        turns = math.ceil(way / unit.type.move_points)
        return sit.light_left() + turns * seat.clock.night_minutes >= sit.time_left()

    def _escape_step(
        self,
        seat: Seat,
        sit: Situation,
        unit: UnitState,
        field: dict[Hex, float],
        planned: dict[Hex, int],
        traffic: dict[Hex, float],
    ) -> Hex | None:
        """The hex to march to: nearest the exits, keeping clear of the enemy and the flames,
        and (as caution allows) of ice already loaded by the men ahead."""
        if not self._spend(10):
            return None
        rules = seat.scenario.rules
        options = seat.reachable(unit.id)
        if not options:
            return None
        limit = rules.stacking_limit
        night = rules.ice_night_factor if sit.night else 1.0
        caution = self.style.ice_caution

        crowd = self._crowding(seat, planned, unit)

        def base(h: Hex) -> float:
            value = (
                field.get(h, FAR) + crowd(h) + self._hazard(sit, h, self.style.danger_weight * 0.5)
            )
            return value

        here = base(unit.at)
        if field.get(unit.at, INF) < FAR:
            here += 4.0  # the night is short: waiting costs too (if there is a way out at all;
            # men shut in with none do not pace up and down)
        if unit.hex in seat.map.water_hexes:
            load = (
                (
                    planned.get(unit.hex, 0)
                    + rules.ice_traffic_share
                    * (traffic.get(unit.hex, 0.0) + self._ice_traffic.get(unit.hex, 0))
                )
                * night
                / max(seat.ice_capacity(unit.hex), 1.0)
            )
            here += caution * 10.0 * max(0.0, load - 0.8)
        ranked = sorted((base(h), h) for h in options if planned.get(h, 0) + unit.strength <= limit)
        best, best_score = None, here
        for value, h in ranked[:10]:
            if value >= best_score - 1e-9:
                break
            if caution > 0:
                # the ice under this march, as loaded by the men ahead of it this turn (the
                # plan already counts what the ice bears at all)
                risk = 0.0
                path = seat.path(unit.id, h.offset)
                for p in path[1:]:
                    if p not in seat.map.water_hexes:
                        continue
                    ahead = rules.ice_traffic_share * (
                        traffic.get(p, 0.0) + self._ice_traffic.get(p, 0)
                    )
                    if p == h:
                        ahead += planned.get(p, 0)
                    cap = max(seat.ice_capacity(p), 1.0)
                    risk += max(0.0, (unit.strength + ahead) * night / cap - 1.0) - max(
                        0.0, unit.strength * night / cap - 1.0
                    )
                value += caution * 10.0 * risk
            if value < best_score - 1e-9:
                best, best_score = h, value
        return best

    def _break_out(self, seat: Seat, sit: Situation) -> list[Order]:
        """Men whose way out the enemy bars cut through him, if the odds are fair."""
        orders: list[Order] = []
        used: set[str] = set()
        fields = self._escape_plan[1] if self._escape_plan else {}
        for target in sorted(sit.enemy_at):
            group = []
            for u in sorted(sit.own, key=lambda u: u.id):
                if u.id in used or u.at.distance(target) != 1:
                    continue
                field = fields.get(u.type.movement, {})
                if field.get(target, INF) >= field.get(u.at, INF) and field.get(u.at, INF) < INF:
                    continue  # he is not in the way
                if seat.check(Assault((u.id,), target.offset)) is None:
                    group.append(u)
            if not group or not self._spend(5):
                continue
            odds = seat.preview_assault(tuple(u.id for u in group), target.offset)
            if odds is None or odds.chances["taken"] < self.style.take_threshold:
                continue
            orders.append(Assault(tuple(u.id for u in group), target.offset))
            used.update(u.id for u in group)
        return orders
