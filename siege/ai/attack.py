"""Attack: the side that came to take objectives. The army is shared out over the objectives;
outworks are carried first, and a general assault is concerted on the walls on a day with light
enough; guns batter the gates; missiles prepare the assaults; an ambush waits on the enemy's way
out. The odds of every assault come from the seat's preview, the rules' own arithmetic.
"""

from __future__ import annotations

from collections.abc import Set as AbstractSet

from siege.ai.escape import Escape
from siege.ai.march import FAR, GATE_WAIT_COST, LADDER_WALL_COST
from siege.ai.situation import Situation
from siege.engine.burning import downwind
from siege.engine.hexes import DIRECTIONS, Hex
from siege.engine.map import INF
from siege.engine.orders import Assault, Bombardment, Order, Volley
from siege.engine.seat import Seat
from siege.engine.state import UnitState
from siege.engine.view import visible_from


class Attack(Escape):
    """(part of `Commander`)"""

    def _assign(self, seat: Seat, sit: Situation, goals: dict[str, tuple[Hex, ...]]) -> None:
        """Spread the army over the objectives. Men outside the walls are given the outworks
        (as many as their defenders call for) and the objectives on the wall line (its gates),
        shared out by their points, the nearest men to each; men inside go for what is left
        inside, as many as the enemy seen there calls for. The rest wait in reserve."""
        ground = sit.ground
        points = {o.id: max(o.points.get(self.side, 0.0), 1.0) for o in seat.scenario.objectives}
        outworks = {g: h for g, h in goals.items() if not self._walled(h)}
        walls = {
            g: h
            for g, h in goals.items()
            if self._walled(h) and any(x in ground.rampart for x in h)
        }
        inner = {g: h for g, h in goals.items() if g not in outworks and g not in walls}
        own = sorted(sit.own, key=lambda u: u.id)
        # the fewest men sent at an objective: a hex's worth, as the rules stack them; and the
        # slack a goal may take over its share, a sixth of that (one unit more, not another army)
        least = float(seat.scenario.rules.stacking_limit)
        slack = least / 6.0

        def enemy_near(hexes, reach: int) -> int:
            return sum(
                f.strength for f in sit.foes if min(f.hex.distance(h) for h in hexes) <= reach
            )

        outside_goals = {**outworks, **walls} or dict(inner)
        inside_goals = {**walls, **inner}
        capacity: dict[str, float] = {}
        for g, hexes in outworks.items():
            capacity[g] = max(least, 4.0 * enemy_near(hexes, 2))
        for g, hexes in inner.items():
            capacity[g] = max(least, 3.0 * enemy_near(hexes, 2))
        outside_men = sum(u.strength for u in own if u.hex not in ground.enclosed) or 1
        rest = max(0.0, outside_men - sum(capacity.get(g, 0.0) for g in outworks))
        wall_points = sum(points[g] for g in walls) or 1.0
        for g in walls:
            capacity[g] = max(least, rest * points[g] / wall_points)

        load: dict[str, int] = {g: 0 for g in goals}
        free: list[UnitState] = []
        for unit in own:
            goal_id = self._assignment.get(unit.id)
            inside = unit.hex in ground.enclosed
            if goal_id in walls and not inside and not self._stormed and outworks:
                goal_id = None  # before the assault, the men for the walls may yet be wanted
            if goal_id is not None and goal_id in (inside_goals if inside else outside_goals):
                load[goal_id] += unit.strength
            else:
                self._assignment.pop(unit.id, None)
                free.append(unit)
        if not free:
            return
        options = {
            u.id: (inside_goals if u.hex in ground.enclosed else outside_goals) for u in free
        }
        dist = {}
        for u in free:
            for g, hexes in options[u.id].items():
                d = min(u.at.distance(h) for h in hexes)
                if any(h in ground.works for h in hexes):
                    d += 6  # works are stormed only with men to spare
                dist[(u.id, g)] = d
        left = {u.id: u for u in free}
        while left:
            best = None
            for uid in sorted(left):
                unit = left[uid]
                for g in options[uid]:
                    if load[g] + unit.strength > capacity.get(g, 0.0) * 1.1 + slack:
                        continue
                    key = (dist[(uid, g)], g, uid)
                    if best is None or key < best[0]:
                        best = (key, uid, g)
            if best is None:
                break  # everything has its men: the rest wait in reserve
            _, uid, g = best
            self._assignment[uid] = g
            load[g] += left.pop(uid).strength

    def _keepers(self, seat: Seat, sit: Situation) -> set[str]:
        """Units that stay on objectives already taken, so the enemy cannot walk back in
        (unless the flames come for them)."""
        keep: set[str] = set()
        for goal, hexes in self._goals(seat, "defend").items():
            if sit.night and any(
                h in sit.ground.outer and h not in sit.ground.rampart for h in hexes
            ):
                continue  # by night the streets are left; the walls and gates are kept
            threatened = any(f.hex.distance(h) <= 4 for f in sit.foes for h in hexes)
            for h in hexes:
                if sit.fire_risk(h) > 0.04:
                    continue
                here = sorted((u for u in sit.own if u.hex == h), key=lambda u: (-u.strength, u.id))
                if not here:
                    continue
                if self._dearer_to_hold(seat, sit, goal, h, here):
                    continue
                if threatened:
                    keep.update(u.id for u in here)
                else:
                    keep.add(here[0].id)
        return keep

    def _dearer_to_hold(
        self, seat: Seat, sit: Situation, goal: str, h: Hex, here: list[UnitState]
    ) -> bool:
        """Would standing on `h` under the enemy's fire for the rest of the battle cost more
        men, in the scenario's points, than the objective is worth to hold at the end?"""
        obj = next(o for o in seat.scenario.objectives if o.id == goal)
        worth = obj.points.get(self.side, 0.0) + obj.points.get(seat.enemy, 0.0)
        _, own_man = self._exchange(seat)
        men = sum(u.strength for u in here)
        lost = min(1.0, sit.danger(h) / 100.0 * sit.turns_left()) * men
        return lost * own_man > worth

    def _attack_moves(self, seat: Seat, sit: Situation) -> list[Order]:
        goals = self._goals(seat, "attack")
        planned = self._men_by_hex(sit)
        storm = self._storming(seat, sit)
        self._targets = set()
        self._press = self._pressing(seat, sit)
        orders: list[Order] = []
        busy: set[str] = set(self._keepers(seat, sit))
        if goals:
            self._assign(seat, sit, goals)
            for unit, dest in self._plan_attacks(seat, sit, goals, storm, planned, busy):
                orders.append(self._plan_step(planned, unit, dest))
                busy.add(unit.id)
        ambush = self._ambush_spots(seat, sit)
        for unit in sorted(sit.own, key=lambda u: u.id):
            if unit.id in busy or unit.moved or unit.morale == "routed" or self._slip():
                continue
            score = self._attack_score(seat, sit, unit, goals, storm, planned, ambush)
            if score is None:
                continue
            step = self._best_step(seat, unit, score)
            if step is not None:
                orders.append(self._plan_step(planned, unit, step))
        return orders

    def _plan_attacks(
        self,
        seat: Seat,
        sit: Situation,
        goals: dict[str, tuple[Hex, ...]],
        storm: bool,
        planned: dict[Hex, int],
        busy: set[str],
    ) -> list[tuple[UnitState, Hex]]:
        """By day, the assaults to set up this turn: enemy-held outworks, and on a day of
        general assault the wall and everything the enemy holds inside it."""
        if sit.night:
            return []
        ground = sit.ground
        points = {o.id: o.points.get(self.side, 0.0) for o in seat.scenario.objectives}
        targets: dict[Hex, float] = {}
        for h in sorted(sit.enemy_at):
            on_goal = [g for g, hexes in goals.items() if h in hexes]
            near_outwork = [
                g
                for g, hexes in goals.items()
                if not self._walled(hexes) and min(h.distance(x) for x in hexes) <= 1
            ]
            if h in ground.enclosed:
                if not storm or h not in ground.outer:
                    continue
                if not on_goal and h not in ground.rampart:
                    continue  # in the streets only what is worth taking: objectives, walls
            elif not near_outwork and not on_goal:
                continue
            value = 1.0 + sum(points[g] for g in on_goal) / 10.0
            if h in ground.faces:
                value += 0.3
            if h in ground.works:
                value *= 0.5  # loopholed works: only if the odds are plainly good
            targets[h] = value
        if not targets:
            return []
        units = []
        for u in sorted(sit.own, key=lambda u: u.id):
            if (
                u.id in busy
                or u.moved
                or u.morale not in ("steady", "shaken")
                or u.type.melee <= 0
                or any(w.vs_works > 0 for w in seat.weapons(u.id))
            ):
                continue
            goal = goals.get(self._assignment.get(u.id, ""), ())
            if storm and not goal:
                continue
            if not storm and u.hex in sit.ground.enclosed:
                continue  # before the general assault, the men outside help at the outworks
            units.append(u)
        if not storm:
            targets = {h: v for h, v in targets.items() if h not in sit.ground.enclosed}
        odds = self.style.escalade_odds if storm else self.style.take_threshold
        return self._plan_assaults(seat, sit, targets, units, planned, busy, odds)

    def _weighs_margin(self, seat: Seat) -> bool:
        """Does it weigh an assault by its expected effect on the margin (see `levels`)? Only
        an attacker: the reckoning counts the men an assault costs, not what follows it (a
        repulsed party routs, a hex won in the open stands under the enemy's fire), and a
        defender holds his ground by standing; measured, it threw the Joseon at Chungju onto
        the Japanese muskets (hard -21.0 against -4.5 by the odds, 20 battles)."""
        return self.style.weigh_margin and self._nature_of(seat) == "attacker"

    def _plan_assaults(
        self,
        seat: Seat,
        sit: Situation,
        targets: dict[Hex, float],
        units: list[UnitState],
        planned: dict[Hex, int],
        busy: set[str],
        min_odds: float,
        static: AbstractSet[str] = frozenset(),
    ) -> list[tuple[UnitState, Hex]]:
        """Send to each chosen enemy hex, from as many sides as the ground allows, the units that
        can get next to it this turn — only where the odds, as far as can be seen, are worth
        it. Ladder parties may stand at the foot of a wall; no one climbs down his own."""
        m = seat.map
        limit = seat.scenario.rules.stacking_limit
        reach: dict[str, dict[Hex, float]] = {}
        for u in units:
            if u.id in static:
                if any(t.distance(u.at) == 1 for t in targets):
                    reach[u.id] = {u.at: 0.0}
                continue
            if not self._spend(10):
                break
            near = any(t.distance(u.at) <= 2 * u.type.move_points + 2 for t in targets)
            if not near:
                continue
            options = dict(seat.reachable(u.id))
            options[u.at] = 0.0
            reach[u.id] = options
        units = [u for u in units if u.id in reach]
        platforms: dict[Hex, list[Hex]] = {}
        for t in targets:
            spots = []
            for n, key in m.adjacency[t]:
                if n in sit.enemy_at or sit.fire_risk(n) > 0.25:
                    continue
                wall = m.walls.get(key)
                if wall is not None and wall.inside != t and sit.edge_kind(n, t) == "wall":
                    continue  # nobody climbs down out of his own enclosure
                spots.append(n)
            platforms[t] = spots
        used: set[str] = set()
        moves: list[tuple[UnitState, Hex]] = []
        booked: dict[Hex, int] = {}
        frontage = seat.scenario.rules.frontage_men
        for _ in range(len(targets)):
            best = None
            for t in sorted(targets):
                if t in self._targets or not platforms[t] or not self._spend(5):
                    continue
                placed: list[tuple[UnitState, Hex]] = []
                chosen: set[str] = set()
                for p in platforms[t]:
                    climb = sit.edge_kind(p, t) == "wall"
                    room = limit - planned.get(p, 0) - booked.get(p, 0)
                    here = [
                        u
                        for u in units
                        if u.hex == p and u.id not in used and (u.type.ladders or not climb)
                    ]
                    others = sorted(
                        (
                            u
                            for u in units
                            if u.id not in used
                            and u.id not in chosen
                            and u.hex != p
                            and p in reach[u.id]
                            and (u.type.ladders or not climb)
                            and seat.can_stand(u.id, p)
                        ),
                        key=lambda u: (-sit.attack_value(u, p, t), u.id),
                    )
                    front = 0
                    spare = 1 if climb else 0  # a second party in case the ladders go down
                    for u in here + others:
                        if u.id in chosen:
                            continue
                        if u.hex != p:
                            if u.strength > room:
                                continue
                            room -= u.strength
                        placed.append((u, p))
                        chosen.add(u.id)
                        if front >= frontage:
                            spare -= 1
                        front += u.strength
                        if not self.style.coordinate or (front >= frontage and spare <= 0):
                            break
                    if not self.style.coordinate and placed:
                        break
                if not placed:
                    continue
                p_taken, _ = sit.odds(placed, t)
                score = p_taken * targets[t]
                if self._weighs_margin(seat):
                    worth = self._assault_worth(seat, sit, sit.assault_odds(placed, t), t)
                    good = p_taken >= self.style.least_take and worth > 0.0
                    score = worth
                else:
                    good = p_taken >= min_odds
                if good and (best is None or score > best[0]):
                    best = (score, t, placed)
            if best is None:
                break
            _, t, placed = best
            self._targets.add(t)
            for u, p in placed:
                used.add(u.id)
                if u.hex != p:
                    moves.append((u, p))
                    booked[p] = booked.get(p, 0) + u.strength
                else:
                    busy.add(u.id)  # already at the foot of it: stays
        return moves

    def _attack_score(
        self,
        seat: Seat,
        sit: Situation,
        unit: UnitState,
        goals: dict[str, tuple[Hex, ...]],
        storm: bool,
        planned: dict[Hex, int],
        ambush: tuple[Hex, ...],
    ):
        """How this unit values each hex it could move to (None: it stays)."""
        style = self.style
        ground = sit.ground
        here = unit.at
        weapons = seat.weapons(unit.id)
        gunner = any(w.vs_works > 0 for w in weapons)
        inside = here in ground.enclosed
        adjacent = any(n in sit.enemy_at for n in here.neighbours())
        burning = here in sit.fires or sit.fire_risk(here) > 0.04

        crowd = self._crowding(seat, planned, unit)

        if ambush and self._ambusher(seat, unit) and not gunner:
            if adjacent and not burning:
                return None
            field = self._field(seat, ambush, unit, None)
            return lambda h: (
                field.get(h, FAR) + crowd(h) + self._hazard(sit, h, style.danger_weight)
            )
        if storm and self._targets and self._carries_spur(seat, unit) and not sit.night:
            # a leader with a bounty to offer rides to where the ladders go up, just out of reach
            aims = tuple(sorted(self._targets))
            return lambda h: (
                abs(min(h.distance(t) for t in aims) - 2) * 2.0
                + crowd(h)
                + self._hazard(sit, h, style.danger_weight)
            )
        if inside and sit.night and here in ground.outer:
            # no fighting in the streets in the dark: the gates and walls taken keep their
            # guards, the rest go back out through the gates we hold, away from the flames
            # and the loopholes, to come in again at dawn
            back = self._field(seat, self._approach(sit, tuple(sorted(ground.rampart))), unit, None)
            if back.get(here, INF) >= INF:
                if self._hazard(sit, here, style.danger_weight) < 1.0:
                    return None
                return lambda h: crowd(h) + self._hazard(sit, h, style.danger_weight * 2)
            return lambda h: back.get(h, FAR) + crowd(h) + self._hazard(sit, h, style.danger_weight)
        goal = goals.get(self._assignment.get(unit.id, ""), ())
        if not goal:
            # in reserve: out of the streets while the town burns, else stay put, out of the
            # enemy's fire and the flames
            if here in ground.outer and here not in ground.rampart and sit.fires:
                back = self._field(
                    seat, self._approach(sit, tuple(sorted(ground.rampart))), unit, None
                )
                if back.get(here, INF) < INF:
                    return lambda h: (
                        back.get(h, FAR) + crowd(h) + self._hazard(sit, h, style.danger_weight)
                    )
            if self._hazard(sit, here, style.danger_weight) < 0.5:
                return None
            return lambda h: (
                crowd(h) + self._hazard(sit, h, style.danger_weight * 2) + 0.2 * h.distance(here)
            )
        walled = self._walled(goal)
        if gunner and not (inside and sit.night):
            return self._gun_score(seat, sit, unit, goal, storm, planned, weapons)
        if inside:
            if sit.night and self._hazard(sit, here, style.danger_weight) < 1.0:
                return None
            if adjacent and not burning and self._at_grips(sit, here, goals, storm):
                return None  # at grips: the assault phase will use them
            cost = LADDER_WALL_COST if unit.type.ladders else GATE_WAIT_COST
            field = self._field(seat, goal, unit, cost)
            weight = style.danger_weight * (1.0 if storm else 2.0) * self._press
            if any(h in sit.ground.works for h in goal):
                weight *= 3.0  # a loopholed work: wait out of its fire for the assault
            return lambda h: field.get(h, FAR) + crowd(h) + self._hazard(sit, h, weight)
        if not walled:
            # an outwork: gather close to it out of the worst of the fire; the assault plan
            # sends the parties in
            cost = LADDER_WALL_COST if unit.type.ladders else GATE_WAIT_COST
            field = self._field(seat, goal, unit, cost)
            weight = style.danger_weight * (3.0 if sit.night else 1.0) * self._press
            return lambda h: field.get(h, FAR) + crowd(h) + self._hazard(sit, h, weight)
        # a walled goal, from outside
        # (the foot of the wall is reached round the outside: a price on the walls, rather than
        # none, keeps the plan from changing whenever a gate changes hands)
        field = self._field(seat, self._approach(sit, goal), unit, 30.0)
        open_way = self._field(seat, goal, unit, None) if storm else {}
        climb = LADDER_WALL_COST if unit.type.ladders else GATE_WAIT_COST
        way_in = open_way.get(here, INF)
        if storm and way_in < INF and way_in <= field.get(here, INF) + climb:
            # a gate is ours or broken, and no longer a way than going up at the foot of the
            # goal: in through it
            weight = style.danger_weight * 0.5 * self._press
            return lambda h: open_way.get(h, FAR) + crowd(h) + self._hazard(sit, h, weight)
        if storm and weapons:
            reach = max(w.range for w in weapons)
            aims = tuple(h for h in sit.enemy_at if h.distance(here) <= reach + 4)
            weight = style.danger_weight * 0.5

            def score(h: Hex) -> float:
                able = any(t.distance(h) <= reach for t in aims)
                return (
                    field.get(h, FAR) * 0.3
                    + (-4.0 if able else 0.0)
                    + crowd(h)
                    + self._hazard(sit, h, weight)
                )

            return score
        weight = style.danger_weight * 3.0
        return lambda h: field.get(h, FAR) + crowd(h) + self._hazard(sit, h, weight)

    def _at_grips(
        self, sit: Situation, here: Hex, goals: dict[str, tuple[Hex, ...]], storm: bool
    ) -> bool:
        """Is an enemy next to `here` one the assault phase may go for inside the walls (on a
        goal, or on the wall on a storming day)? Men next to any other wait for odds that
        never come: they march on."""
        wanted = {h for hexes in goals.values() for h in hexes}
        return any(
            n in sit.enemy_at and (n in wanted or (storm and n in sit.ground.rampart))
            for n in here.neighbours()
        )

    def _approach(self, sit: Situation, goal: tuple[Hex, ...]) -> tuple[Hex, ...]:
        """The foot of the wall below a walled goal, outside: where its attackers gather (for a
        goal deep inside, the foot of the whole wall)."""
        ground = sit.ground
        on_wall = [h for h in goal if h in ground.rampart] or sorted(ground.rampart)
        feet = {o for h in on_wall for o, _ in ground.faces[h] if o not in ground.enclosed}
        return tuple(sorted(feet)) or goal

    def _gun_score(
        self,
        seat: Seat,
        sit: Situation,
        unit: UnitState,
        goal: tuple[Hex, ...],
        storm: bool,
        planned: dict[Hex, int],
        weapons,
    ):
        """Guns stand off out of musket range; on the day of the assault they batter the gate
        nearest their goal from where they can see it; against an outwork they fire on its men."""
        style = self.style
        m = seat.map
        reach = max((w.range for w in weapons if w.vs_works > 0), default=1)
        weight = style.danger_weight * 2.0

        crowd = self._crowding(seat, planned, unit)

        gate = self._gate_to_batter(seat, unit, goal) if storm and self._walled(goal) else None
        if gate is not None:
            near_hexes = gate.edge
            field = self._field(seat, (gate.outside,), unit, GATE_WAIT_COST)
            sight = seat.scenario.rules.sight_day

            def score(h: Hex) -> float:
                near = min(near_hexes, key=lambda g: g.distance(h))
                able = near.distance(h) <= reach and near in visible_from(m, h, sight)
                return (
                    (-6.0 if able else field.get(h, FAR) * 0.5)
                    + crowd(h)
                    + self._hazard(sit, h, weight)
                )

            return score
        targets = [h for h in sit.enemy_at if any(h.distance(g) <= 1 for g in goal)]
        if targets and not sit.night:
            fire_reach = max(w.range for w in weapons)
            field = self._field(seat, goal, unit, GATE_WAIT_COST)

            def score(h: Hex) -> float:
                able = any(t.distance(h) <= fire_reach for t in targets)
                return (
                    (-4.0 if able else field.get(h, FAR) * 0.5)
                    + crowd(h)
                    + self._hazard(sit, h, weight)
                )

            return score
        field = self._field(seat, goal, unit, GATE_WAIT_COST)
        return lambda h: field.get(h, FAR) * 0.5 + crowd(h) + self._hazard(sit, h, weight)

    def _gate_to_batter(self, seat: Seat, unit: UnitState, goal: tuple[Hex, ...]):
        """The unbroken gate nearest the goal, for the guns to aim at."""
        best, best_d = None, INF
        for gate in seat.map.gates.values():
            if seat.gates[gate.id] == "broken" or seat.gate_holders.get(gate.id) == self.side:
                continue
            d = min(gate.inside.distance(g) for g in goal) + 0.3 * gate.outside.distance(unit.at)
            if d < best_d:
                best, best_d = gate, d
        return best

    def _carries_spur(self, seat: Seat, unit: UnitState) -> bool:
        """Does a leader with an unused bounty (or the like) ride with this unit?"""
        leader = seat.leader_of_unit(unit.id)
        if leader is None or leader.side != self.side:
            return False
        spec = next((lead for lead in seat.scenario.leaders if lead.id == leader.id), None)
        return spec is not None and any(
            leader.uses.get(a.id, 0) > 0 and (a.escalade_bonus > 0 or a.kind == "bounty")
            for a in spec.abilities
        )

    def _ambusher(self, seat: Seat, unit: UnitState) -> bool:
        """Men whose commander has an ambush to spring."""
        leader = next((lead for lead in seat.leaders() if lead.id == unit.leader), None)
        if leader is None or leader.side != self.side:
            return False
        spec = next((lead for lead in seat.scenario.leaders if lead.id == leader.id), None)
        return bool(spec and any(a.kind == "ambush" for a in spec.abilities))

    def _ambush_spots(self, seat: Seat, sit: Situation) -> tuple[Hex, ...]:
        """Where to wait for an enemy who scores for getting away: on his way to his exits,
        a few hexes short of them, once the assault has begun."""
        enemy = seat.enemy
        exits = sit.ground.exits.get(enemy, ())
        side = next(s for s in seat.scenario.sides if s.id == enemy)
        if not exits or side.scoring.per_1000_own_escaped <= 0 or not self._stormed:
            return ()
        if self._ambush is not None and seat.turn - self._ambush[0] < 4:
            return self._ambush[1]
        spots = self._find_ambush_spots(seat, sit, enemy, exits)
        self._ambush = (seat.turn, spots)
        return spots

    def _find_ambush_spots(
        self, seat: Seat, sit: Situation, enemy: str, exits: tuple[Hex, ...]
    ) -> tuple[Hex, ...]:
        keep = tuple(
            sorted(
                h
                for o, hexes in sit.ground.objective_hexes.items()
                if sit.objectives.get(o) == enemy
                for h in hexes
            )
        )
        if not keep:
            return ()
        f_exit = self.fields.field(seat, exits, "foot", None, enemy)
        f_keep = self.fields.field(seat, keep, "foot", None, enemy)
        m = seat.map
        best = []
        for h in sorted(f_exit):
            d = f_exit[h]
            if not 2.0 <= d <= 5.0 or h in m.water_hexes or h in m.exits or h not in f_keep:
                continue
            best.append((f_keep[h] + d, h))
        best.sort()
        return tuple(h for _, h in best[:2])

    def _fire(self, seat: Seat, sit: Situation) -> list[Order]:
        posture = self._posture(seat, sit)
        storm = posture == "attack" and self._storming(seat, sit)
        orders: list[Order] = []
        expected_on: dict[Hex, float] = {}
        shot: dict[Hex, float] = {}  # the men our volleys are expected to hit there
        targets = sorted(sit.enemy_at)
        for unit in sorted(sit.own, key=lambda u: u.id):
            if unit.fired or unit.morale == "routed" or self._slip():
                continue
            weapons = seat.weapons(unit.id)
            if not weapons:
                continue
            if storm and any(w.vs_works > 0 for w in weapons):
                order = self._bombard_order(seat, unit)
                if order is not None:
                    orders.append(order)
                    continue
            reach = max(w.range for w in weapons)
            best, best_value, best_odds = None, 0.5, 0.0
            for h in targets:
                if h.distance(unit.at) > reach or not self._spend():
                    continue
                odds = seat.preview_fire(unit.id, h.offset, with_morale_risk=False)
                if odds is None:
                    continue
                men = max(1, sit.enemy_men(h))
                overkill = expected_on.get(h, 0.0) / men
                value = odds.expected * (1.0 - min(0.9, overkill * 3))
                if h in self._targets:
                    value *= 1.5  # the stretch our ladders go up this turn
                if odds.weapon.sets_fire > 0 and h in seat.map.flammable_hexes:
                    if not storm or h in self._targets:
                        continue  # the town is fired when it is stormed, not before, and
                        # not where our own ladders go up this turn
                    value += odds.weapon.sets_fire * self._ignite_value(sit, h)
                if value > best_value:
                    best, best_value, best_odds = h, value, odds.expected
            if best is not None:
                orders.append(Volley(unit.id, best.offset))
                expected_on[best] = expected_on.get(best, 0.0) + best_value
                shot[best] = shot.get(best, 0.0) + best_odds
        self._shot_at = (seat.minutes, shot)
        return orders

    def _spared(self, seat: Seat, sit: Situation, target: Hex, group: list[UnitState]) -> float:
        """What leaving the enemy in `target` under our volleys would gain, in points, for the
        rest of the battle at this turn's rate: the men our volleys take there, less those his
        side's fire takes of the men who would go in (all his men at most). What driving him
        off gives up; nothing if the exchange of fire goes against us."""
        minutes, shot = self._shot_at
        if minutes != seat.minutes or target not in shot:
            return 0.0
        enemy_man, own_man = self._exchange(seat)
        ours = sum(sit.danger(u.at) / 100.0 * u.strength for u in group)
        rate = shot[target] * enemy_man - ours * own_man
        if rate <= 0.0:
            return 0.0
        return min(sit.enemy_men(target) * enemy_man, rate * sit.turns_left())

    def _ignite_value(self, sit: Situation, h: Hex) -> float:
        """Men the flames could take if this hex caught: the enemy's, less our own at risk."""
        seat = sit.seat
        rules = seat.scenario.rules
        m = seat.map
        wind_from, wind_strength = seat.wind_from, seat.wind_strength
        if h not in m.flammable_hexes or h in sit.fires or h in sit.burned_out:
            return 0.0
        own: dict[Hex, int] = {}
        for u in sit.own:
            own[u.at] = own.get(u.at, 0) + u.strength
        value = sit.enemy_men(h) * rules.fire_losses * 2
        for d, n in enumerate(h.neighbours()):
            if n not in m.flammable_hexes or n in sit.burned_out:
                continue
            chance = rules.fire_spread
            if downwind(wind_from, d):
                chance += rules.fire_wind_bonus * wind_strength
            value += chance * (sit.enemy_men(n) - 3 * own.get(n, 0)) * rules.fire_losses * 2
        return max(0.0, value)

    def _bombard_order(self, seat: Seat, unit: UnitState) -> Order | None:
        goals = self._goals(seat, "attack")
        goal = goals.get(self._assignment.get(unit.id, ""), ())
        options = []
        for gate in seat.map.gates.values():
            if seat.gates[gate.id] == "broken" or seat.gate_holders.get(gate.id) == self.side:
                continue
            a, b = gate.edge
            facing = a.direction_to(b)
            assert facing is not None  # a gate stands between neighbours
            order = Bombardment(unit.id, a.offset, DIRECTIONS[facing])
            if seat.check(order) is None:
                near_goal = min((gate.inside.distance(g) for g in goal), default=0)
                options.append((near_goal, gate.id, order))
        if options:
            return min(options)[2]
        return None

    def _assault(self, seat: Seat, sit: Situation) -> list[Order]:
        posture = self._posture(seat, sit)
        if posture == "escape":
            return self._break_out(seat, sit)
        ground = sit.ground
        storm = posture == "attack" and self._storming(seat, sit)
        wanted = {h for hexes in self._goals(seat, "attack").values() for h in hexes}
        keep = {h for hexes in self._goals(seat, "defend").values() for h in hexes}
        lost = {h for hexes in ground.objective_hexes.values() for h in hexes} - keep
        orders: list[Order] = []
        used: set[str] = set()
        candidates = []
        own_adjacent: dict[Hex, list[UnitState]] = {}
        for u in sit.own:
            for n in u.at.neighbours():
                if n in sit.enemy_at:
                    own_adjacent.setdefault(n, []).append(u)
        for target in sorted(own_adjacent):
            in_open = target not in ground.enclosed
            if posture == "attack":
                if sit.night and not in_open:
                    continue  # no storming of walls in the dark
            else:
                ours = target in ground.enclosed or target in lost or target in keep
                if not (ours or (in_open and (sit.night or self.style.sally_by_day))):
                    continue  # the garrison sallies to retake its ground, or by night
            attackers = [
                u
                for u in own_adjacent[target]
                if seat.check(Assault((u.id,), target.offset)) is None
            ]
            if not attackers or not self._spend(5):
                continue
            attackers.sort(key=lambda u: (-sit.attack_value(u, u.at, target), u.id))
            group = attackers if self.style.coordinate else attackers[:1]
            odds = seat.preview_assault(tuple(u.id for u in group), target.offset)
            if odds is None:
                continue
            value = odds.chances["taken"] * (
                1.0
                + (0.5 if target in wanted or target in lost else 0.0)
                + (0.3 if target in ground.faces else 0.0)
            )
            if (
                posture == "attack"
                and target in ground.enclosed
                and target not in wanted
                and target not in ground.rampart
            ):
                take, repulse = 0.8, 0.1  # a skirmish in the streets: only a sure thing
            elif storm and not in_open:
                take, repulse = self.style.storm_take, min(0.85, self.style.repulse_limit + 0.3)
            elif sit.night:
                take, repulse = self.style.take_threshold + 0.15, self.style.repulse_limit - 0.2
            elif posture == "defend":
                take, repulse = self.style.take_threshold + 0.05, self.style.repulse_limit - 0.1
            else:
                take, repulse = self.style.take_threshold, self.style.repulse_limit
            candidates.append((-value, target, group, odds, take, repulse))
        for _, target, group, odds, take, repulse in sorted(candidates, key=lambda c: (c[0], c[1])):
            group = [u for u in group if u.id not in used]
            if not group:
                continue
            if len(group) < len(odds.escalading) or any(
                u.id in used for u in own_adjacent[target] if u in group
            ):
                fresh = seat.preview_assault(tuple(u.id for u in group), target.offset)
                if fresh is None:
                    continue
                odds = fresh
            chances = odds.chances
            if self._weighs_margin(seat):
                # by what it is expected to do to the margin, if it has a chance at all and
                # is not a likely rout
                if (
                    chances["taken"] < self.style.least_take
                    or chances["repulsed"] > repulse
                    or self._assault_worth(seat, sit, odds, target) <= 0.0
                ):
                    continue
            elif chances["taken"] < take or chances["repulsed"] > repulse:
                continue
            if posture == "defend" and self.style.spare_no_target:
                spared = self._spared(seat, sit, target, group) * chances["taken"]
                if spared > 0.0 and self._assault_worth(seat, sit, odds, target) <= spared:
                    continue  # he is ours to shoot where he stands: driven off, he is spared
            if self._slip():
                continue
            orders.append(Assault(tuple(u.id for u in group), target.offset))
            used.update(u.id for u in group)
        return orders
