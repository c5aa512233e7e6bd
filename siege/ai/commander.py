"""A commander for either side of any scenario, reasoning as a general of the period would.

It reads only its side's view (own units, enemies in sight, where others were last seen) and
the public state of the field (map, gates, breaches, fires, wind, clock, who holds each
objective), and it acts only through orders `Game.check` accepts. Its plan comes from the
scenario's data — objectives, enclosures, gates, exits and scoring — so a modder's battle gets
an opponent too.

**The side that came to take objectives attacks.** First the outworks: objectives outside any
wall are carried by assault, with missile fire to prepare them. Meanwhile the rest of the army
closes on the walls but halts out of musket range. The general assault comes on a morning once
the outworks are taken (or, if they hold out, after two days before the walls): the guns open
on the gates nearest the goals, ladder parties march to the foot of the wall and go up it on
the same turn, two or three to one stretch of wall from several sides at once, after the
archers and fire-arrow men have shot it over and set the town burning upwind of its defenders;
once over the wall, the troops roll up the gates and the streets from inside, keep clear of the
flames and of loopholed works they cannot take, and draw back out of musket range at dusk. A
leader's bounty is offered where the ladders stand; horse with an ambush waits on the enemy's
line of retreat and falls on whatever comes by in the dark.

**The side that holds objectives defends.** Posts on the walls and the outworks hold; reserves
go where the enemy is closing or has got in, lost ground is counter-attacked when the odds are
fair; men leave burning streets; once the walls are carried the garrison falls back on its
works and the objectives it still holds. **A side that scores for men got away abandons the
field by night** once the walls are carried or its strength is broken, the whole garrison at
once, marching on its exits — across the ice if that is the way, crowding it as little as time
allows.

Difficulty changes how well it plays (how well the assaults are concerted, how much it minds
the enemy's fire, the flames and the ice, and how often it slips), never the dice or the
strengths. Work is bounded by `max_evaluations` per phase, a deterministic cap.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from siege.ai.fields import FieldCache, distance_field
from siege.ai.situation import Foe, Ground, Situation, assault_chances, unit_types
from siege.engine import combat, ice
from siege.engine.game import Game
from siege.engine.hexes import DIRECTIONS, Hex
from siege.engine.map import INF
from siege.engine.movement import can_stand, edge_open
from siege.engine.orders import Assault, Bombard, Exit, Fire, Move, Order, Rally, UseAbility
from siege.engine.state import UnitState
from siege.engine.view import View, visible_from

DIFFICULTIES = ("easy", "normal", "hard")


@dataclass(frozen=True)
class Style:
    coordinate: bool          # concert assaults (several units, several sides) or go one by one
    escalade_odds: float      # estimated P(taken) needed to send ladder parties to a stretch
    take_threshold: float     # P(taken) needed to launch an assault outside a general assault
    storm_take: float         # ... during a general assault
    repulse_limit: float      # most P(repulsed) accepted outside a general assault
    slip: float               # chance to skip an order
    crowd_weight: float       # how much it avoids packing hexes
    danger_weight: float      # cost of standing where the enemy's fire takes 1 % a turn
    fire_weight: float        # cost of a hex that may burn this turn
    raid_chance: float        # per night turn, for a defender
    ice_caution: float        # how much a retreat over the ice avoids loading it past its limit


STYLES = {
    "easy": Style(False, 0.2, 0.5, 0.25, 0.6, 0.2, 0.3, 0.4, 0.5, 0.1, 0.0),
    "normal": Style(True, 0.4, 0.4, 0.3, 0.5, 0.04, 1.0, 2.0, 2.5, 0.3, 0.6),
    "hard": Style(True, 0.5, 0.4, 0.3, 0.45, 0.0, 1.5, 3.0, 4.0, 0.4, 3.0),
}

LADDER_WALL_COST = 4.0     # a ladder party plans to climb rather than walk far round
GATE_WAIT_COST = 10.0      # men without ladders plan to go in by a gate once it is broken
FAR = 999.0                # no way there: what is left to choose by is the danger
MIN_GAIN = 0.75            # a march must be worth it: no shuffling for a trifle
POST_MEN = 1500            # men a threatened stretch of wall wants
KEEP_MEN = 2500            # men a keep hex is filled with before the next is taken


class Commander:
    """Plays one side. `orders_for_phase(game)` returns this phase's orders (never EndPhase);
    apply each only if `game.check` still accepts it, as earlier ones change the field."""

    def __init__(self, side: str, difficulty: str = "normal", seed: int = 0,
                 max_evaluations: int = 4000) -> None:
        if difficulty not in STYLES:
            raise ValueError(f"difficulty must be one of {', '.join(DIFFICULTIES)}")
        self.side = side
        self.difficulty = difficulty
        self.style = STYLES[difficulty]
        self.rng = random.Random(f"{seed}/{side}/{difficulty}")
        self.max_evaluations = max_evaluations
        self.fields = FieldCache()
        self.escaping = False
        self._ground: Ground | None = None
        self._nature: str | None = None
        self._assignment: dict[str, str] = {}
        self._memory: dict[str, tuple[Hex, int, str, int, str]] = {}   # enemy seen before
        self._evaluations = 0
        self._planned: dict[Hex, int] | None = None
        self._first_day = None
        self._ready_day = None
        self._storm_day = None
        self._stormed = False
        self._targets: set[Hex] = set()
        self._raided_night = None
        self._traffic: dict[Hex, int] = {}
        self._hazards: dict[tuple[Hex, float], float] = {}
        self._ambush: tuple[int, tuple[Hex, ...]] | None = None
        self._escape_plan: tuple[tuple, dict[str, dict[Hex, float]]] | None = None

    # ------------------------------------------------------------------ entry point

    def orders_for_phase(self, game) -> list[Order]:
        if hasattr(game, "snapshot"):      # a Seat (the rebuilt commander reads only that)
            game = game._game
        state = game.state
        if state.ended or state.active_side != self.side:
            return []
        self._evaluations = 0
        self._planned = None
        self._traffic = {}
        self._hazards = {}
        sit = self._situation(game)
        phase = state.phase
        if phase == "command":
            return self._command(game, sit)
        if phase == "movement":
            return self._movement(game, sit)
        if phase == "fire":
            return self._fire(game, sit)
        return self._assault(game, sit)

    def play_phase(self, game: Game) -> list:
        """Apply this phase's orders (those still legal); returns the events."""
        events = []
        for order in self.orders_for_phase(game):
            if game.check(order) is None:     # (not if the orders before it overtook it)
                events += game.apply(order)
        return events

    def _spend(self, n: int = 1) -> bool:
        self._evaluations += n
        return self._evaluations <= self.max_evaluations

    def _slip(self) -> bool:
        return self.style.slip > 0 and self.rng.random() < self.style.slip

    # ------------------------------------------------------------------ reading the situation

    def _situation(self, game: Game) -> Situation:
        state = game.state
        if self._ground is None:
            self._ground = Ground.of(state)
        view = game.view_for(self.side)
        types = unit_types(state)
        foes = []
        for e in view.enemies:
            self._memory[e.id] = (e.hex, state.turn, e.type, e.strength, e.morale)
            foes.append(Foe(e.id, e.hex, e.strength, types[e.type], e.morale, True))
        seen_ids = {e.id for e in view.enemies}
        seen_hexes = {e.hex for e in view.enemies}
        for uid in sorted(self._memory):
            where, turn, type_id, strength, mood = self._memory[uid]
            if uid in seen_ids or state.turn - turn > 3:
                continue
            if where in view.visible and where not in seen_hexes:
                continue      # we can see the place, and he is not there
            foes.append(Foe(uid, where, strength, types[type_id], mood, False))
        return Situation(state, view, self._ground, foes, state.is_night())

    def _nature_of(self, game: Game) -> str:
        """A side that holds most of what it scores for at the start is the defender."""
        if self._nature is None:
            held = gain = 0.0
            for obj in game.scenario.objectives:
                points = obj.points.get(self.side, 0.0)
                if obj.holder == self.side:
                    held += points
                else:
                    gain += points
            self._nature = "defender" if held > gain else "attacker"
        return self._nature

    @staticmethod
    def _night_of(game: Game) -> date:
        """The date of the evening a night began on (the small hours belong to the evening
        before), so that one night is one night even across midnight."""
        state = game.state
        return (state.clock.time(state.minutes) - timedelta(hours=12)).date()

    def _posture(self, game: Game, sit: Situation) -> str:
        """attack, defend or escape."""
        if self.escaping:
            return "escape"
        if self._nature_of(game) == "attacker":
            return "attack"
        if self._should_escape(game, sit):
            self.escaping = True
            return "escape"
        return "defend"

    def _should_escape(self, game: Game, sit: Situation) -> bool:
        """By night, once the walls are carried or the ground mostly lost or the men too few."""
        state = game.state
        side = next(s for s in game.scenario.sides if s.id == self.side)
        if side.scoring.per_1000_own_escaped <= 0 or not sit.ground.exits.get(self.side):
            return False
        if not sit.night:
            return False
        held_at_start = sum(o.points.get(self.side, 0.0) for o in game.scenario.objectives
                            if o.holder == self.side)
        held = sum(o.points.get(self.side, 0.0) for o in game.scenario.objectives
                   if state.objectives.get(o.id) == self.side)
        lost_ground = held_at_start > 0 and held <= 0.5 * held_at_start
        weak = state.men_on_map(self.side) < 0.4 * state.start_strength[self.side]
        return lost_ground or weak or self._walls_carried(game, sit)

    def _walls_carried(self, game: Game, sit: Situation) -> bool:
        """Is the enemy inside our outer wall in strength, or holding half its gates?"""
        outer = sit.ground.outer
        if not outer:
            return False
        inside = sum(f.strength for f in sit.foes if f.hex in outer)
        gates = [g for g in game.state.map.gates.values() if g.inside in outer]
        lost = sum(1 for g in gates if game.state.gate_holders.get(g.id) not in (None, self.side))
        return inside >= 4000 or (gates and lost * 2 >= len(gates) and inside >= 1500)

    def _goals(self, game: Game, want: str) -> dict[str, tuple[Hex, ...]]:
        """Objective id -> its hexes: those to take ("attack") or to keep ("defend")."""
        state = game.state
        goals = {}
        for obj in game.scenario.objectives:
            if obj.points.get(self.side, 0.0) <= 0:
                continue
            holder = state.objectives.get(obj.id)
            if (want == "attack") == (holder != self.side):
                goals[obj.id] = self._ground.objective_hexes[obj.id]
        return goals

    def _walled(self, goal: tuple[Hex, ...]) -> bool:
        return any(h in self._ground.enclosed for h in goal)

    def _light_left(self, game: Game) -> int:
        state = game.state
        left, minutes = 0, state.minutes
        while not state.clock.is_night(minutes) and left < 720 and not state.clock.finished(minutes):
            left += state.clock.turn_length(minutes)
            minutes += state.clock.turn_length(minutes)
        return left

    # ------------------------------------------------------------------ command phase

    def _command(self, game: Game, sit: Situation) -> list[Order]:
        state = game.state
        orders: list[Order] = []
        for unit in sorted(sit.view.own, key=lambda u: u.id):
            if unit.morale != "steady" and not unit.rallied and not self._slip():
                orders.append(Rally(unit.id))
        posture = self._posture(game, sit)
        if posture == "escape":
            return orders
        storm = posture == "attack" and self._storming(game, sit)
        for leader in state.leaders.values():
            if leader.side != self.side or not any(n > 0 for n in leader.uses.values()):
                continue
            at = state.leader_hex(leader)
            if at is None:
                continue
            spec = next(lead for lead in game.scenario.leaders if lead.id == leader.id)
            for ability in spec.abilities:
                if leader.uses.get(ability.id, 0) <= 0:
                    continue
                if self._ability_wanted(game, sit, ability, at, posture, storm):
                    orders.append(UseAbility(leader.id, ability.id))
        return orders

    def _ability_wanted(self, game: Game, sit: Situation, ability, at: Hex, posture: str,
                        storm: bool) -> bool:
        near = [u for u in sit.view.own if u.hex.distance(at) <= ability.radius
                and u.morale != "routed"]
        engaged = [u for u in near if any(n in sit.enemy_at for n in u.hex.neighbours())]
        need = 2 if self.style.coordinate else 1
        if ability.kind == "ambush":
            open_ground = [u for u in engaged
                           if any(n in sit.enemy_at and n not in sit.ground.enclosed
                                  for n in u.hex.neighbours())]
            return len(open_ground) >= 1
        if posture == "attack":
            if sit.night:
                return False
            if ability.escalade_bonus > 0 or ability.kind == "bounty":
                # where the ladders stand, on a day of general assault
                climbing = [u for u in engaged if u.type.ladders and any(
                    n in sit.enemy_at and sit.edge_kind(u.hex, n) == "wall"
                    for n in u.hex.neighbours())]
                return storm and len(climbing) >= need + 1
            return len(engaged) >= need + 1
        # a defender's sortie or exhortation: when the enemy is inside or on our ground
        inside = [u for u in engaged if any(
            n in sit.enemy_at and (n in sit.ground.enclosed or self._is_objective_hex(game, n))
            for n in u.hex.neighbours())]
        return len(inside) >= need

    def _is_objective_hex(self, game: Game, h: Hex) -> bool:
        return any(h in hexes for hexes in self._ground.objective_hexes.values())

    # ------------------------------------------------------------------ movement helpers

    def _movement(self, game: Game, sit: Situation) -> list[Order]:
        posture = self._posture(game, sit)
        if posture == "escape":
            return self._escape_moves(game, sit)
        if posture == "attack":
            return self._attack_moves(game, sit)
        return self._defend_moves(game, sit)

    def _crowd(self, game: Game, planned: dict[Hex, int], h: Hex, unit: UnitState) -> float:
        """Penalty for packing a hex beyond the density the enemy's fire punishes."""
        total = planned.get(h, 0) + (0 if h == unit.hex else unit.strength)
        over = total / game.scenario.rules.density_threshold - 1.0
        return over * self.style.crowd_weight if over > 0 else 0.0

    def _men_by_hex(self, view: View) -> dict[Hex, int]:
        men: dict[Hex, int] = {}
        for u in view.own:
            men[u.hex] = men.get(u.hex, 0) + u.strength
        self._planned = men
        return men

    def _plan_step(self, planned: dict[Hex, int], unit: UnitState, to: Hex) -> Move:
        planned[unit.hex] = planned.get(unit.hex, 0) - unit.strength
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
            share = sit.state.scenario.rules.fire_losses * 100.0
            cost += self.style.fire_weight * risk * share + (40.0 if h in sit.state.fires else 0.0)
        return cost

    def _best_step(self, game: Game, unit: UnitState, score) -> Hex | None:
        """The reachable hex with the lowest score (None: stay)."""
        if not self._spend(10):
            return None
        here = score(unit.hex)
        if all(score(n) >= here - 1e-9 for n, _ in game.state.map.adjacency[unit.hex]):
            return None   # no neighbour is better: stay (and spare the path search)
        options = game.reachable(unit.id)
        if not options:
            return None
        limit = game.scenario.rules.stacking_limit
        here += self._ice_cost(game, unit, unit.hex)
        ranked = []
        for h in sorted(options):
            if self._planned is not None and self._planned.get(h, 0) + unit.strength > limit:
                continue   # earlier orders this phase will have filled it
            value = score(h) + self._ice_cost(game, unit, h)
            if value < here - MIN_GAIN:
                ranked.append((value, h))
        ranked.sort()
        for value, h in ranked[:8]:
            risk = self._path_ice_risk(game, unit, h)
            if risk <= 0.0:
                self._book_traffic(game, unit, h)
                return h
        # every good march crosses ice that may not bear it: only a short, safe step then
        for value, h in ranked:
            if h.distance(unit.hex) <= 2 and self._path_ice_risk(game, unit, h) <= 0.0:
                self._book_traffic(game, unit, h)
                return h
        return None

    def _path_ice_risk(self, game: Game, unit: UnitState, to: Hex) -> float:
        """How far past what it bears the march would load the ice it crosses (the column
        ahead of it this phase counting, as the rules count it)."""
        state = game.state
        m = state.map
        tree_path = game.path(unit.id, to.offset)
        rules = state.scenario.rules
        risk = 0.0
        for h in tree_path[1:-1]:
            if h not in m.water_hexes:
                continue
            men = unit.strength + (self._planned or {}).get(h, 0) + rules.ice_traffic_share * (
                state.ice_traffic.get(h, 0) + self._traffic.get(h, 0))
            load = men * rules.ice_night_factor / max(ice.capacity(state, h), 1.0)
            risk += max(0.0, load - 0.95)
        return risk

    def _book_traffic(self, game: Game, unit: UnitState, to: Hex) -> None:
        m = game.state.map
        if not any(n in m.water_hexes for n, _ in m.adjacency[unit.hex]) and \
                unit.hex.distance(to) <= 1:
            return
        for h in game.path(unit.id, to.offset)[1:-1]:
            if h in m.water_hexes:
                self._traffic[h] = self._traffic.get(h, 0) + unit.strength

    def _ice_cost(self, game: Game, unit: UnitState, h: Hex) -> float:
        """Nobody means to stand on ice that may not bear him."""
        state = game.state
        if h not in state.map.water_hexes:
            return 0.0
        rules = state.scenario.rules
        men = (self._planned or {}).get(h, 0) + (0 if h == unit.hex else unit.strength)
        men += rules.ice_traffic_share * state.ice_traffic.get(h, 0)
        load = men * rules.ice_night_factor / max(ice.capacity(state, h), 1.0)   # night may fall
        return 30.0 * max(0.0, load - 0.7) + (200.0 if load > 0.95 else 0.0)

    def _field(self, game: Game, goal: tuple[Hex, ...], unit: UnitState, wall_cost: float | None,
               side: str | None = None) -> dict[Hex, float]:
        return self.fields.field(game.state, goal, unit.type.movement, wall_cost, side or self.side)

    # ------------------------------------------------------------------ the attacker

    def _storming(self, game: Game, sit: Situation) -> bool:
        """Is this a day of general assault? Outworks taken (or two days spent before the
        walls), a morning with daylight enough: then the whole army goes in together."""
        state = game.state
        if sit.night:
            return False
        day = state.clock.time(state.minutes).date()
        if self._storm_day == day:
            return True
        if self._first_day is None:
            self._first_day = day
        goals = self._goals(game, "attack")
        outworks = [g for g, hexes in goals.items() if not self._walled(hexes)]
        walled = [g for g, hexes in goals.items() if self._walled(hexes)]
        if not walled:
            return False
        if not outworks and self._ready_day is None:
            first_turn = state.clock.is_night(state.minutes - 1)
            self._ready_day = day if first_turn else day + timedelta(days=1)
        due = (day - self._first_day).days >= 2
        ready = self._ready_day is not None and day >= self._ready_day
        if (ready or due or self._stormed) and self._light_left(game) >= 300:
            self._storm_day = day
            self._stormed = True
            return True
        return False

    def _assign(self, game: Game, sit: Situation, goals: dict[str, tuple[Hex, ...]]) -> None:
        """Spread the army over the objectives. Men outside the walls are given the outworks
        (as many as their defenders call for) and the objectives on the wall line (its gates),
        shared out by their points, the nearest men to each; men inside go for what is left
        inside, as many as the enemy seen there calls for. The rest wait in reserve."""
        ground = sit.ground
        points = {o.id: max(o.points.get(self.side, 0.0), 1.0) for o in game.scenario.objectives}
        outworks = {g: h for g, h in goals.items() if not self._walled(h)}
        walls = {g: h for g, h in goals.items()
                 if self._walled(h) and any(x in ground.rampart for x in h)}
        inner = {g: h for g, h in goals.items() if g not in outworks and g not in walls}
        own = sorted(sit.view.own, key=lambda u: u.id)

        def enemy_near(hexes, reach: int) -> int:
            return sum(f.strength for f in sit.foes
                       if min(f.hex.distance(h) for h in hexes) <= reach)

        outside_goals = {**outworks, **walls} or dict(inner)
        inside_goals = {**walls, **inner}
        capacity: dict[str, float] = {}
        for g, hexes in outworks.items():
            capacity[g] = max(3000.0, 4.0 * enemy_near(hexes, 2))
        for g, hexes in inner.items():
            capacity[g] = max(3000.0, 3.0 * enemy_near(hexes, 2))
        outside_men = sum(u.strength for u in own if u.hex not in ground.enclosed) or 1
        rest = max(0.0, outside_men - sum(capacity.get(g, 0.0) for g in outworks))
        wall_points = sum(points[g] for g in walls) or 1.0
        for g in walls:
            capacity[g] = max(3000.0, rest * points[g] / wall_points)

        load: dict[str, int] = {g: 0 for g in goals}
        free: list[UnitState] = []
        for unit in own:
            g = self._assignment.get(unit.id)
            inside = unit.hex in ground.enclosed
            if g in walls and not inside and not self._stormed and outworks:
                g = None     # before the assault, the men for the walls may yet be wanted
            if g in (inside_goals if inside else outside_goals):
                load[g] += unit.strength
            else:
                self._assignment.pop(unit.id, None)
                free.append(unit)
        if not free:
            return
        options = {u.id: (inside_goals if u.hex in ground.enclosed else outside_goals) for u in free}
        dist = {}
        for u in free:
            for g, hexes in options[u.id].items():
                d = min(u.hex.distance(h) for h in hexes)
                if any(h in ground.works for h in hexes):
                    d += 6      # works are stormed only with men to spare
                dist[(u.id, g)] = d
        left = {u.id: u for u in free}
        while left:
            best = None
            for uid in sorted(left):
                unit = left[uid]
                for g in options[uid]:
                    if load[g] + unit.strength > capacity.get(g, 0.0) * 1.1 + 500:
                        continue
                    key = (dist[(uid, g)], g, uid)
                    if best is None or key < best[0]:
                        best = (key, uid, g)
            if best is None:
                break             # everything has its men: the rest wait in reserve
            _, uid, g = best
            self._assignment[uid] = g
            load[g] += left.pop(uid).strength

    def _keepers(self, game: Game, sit: Situation) -> set[str]:
        """Units that stay on objectives already taken, so the enemy cannot walk back in
        (unless the flames come for them)."""
        keep: set[str] = set()
        for obj_id, hexes in self._goals(game, "defend").items():
            if sit.night and any(h in sit.ground.outer and h not in sit.ground.rampart
                                 for h in hexes):
                continue     # by night the streets are left; the walls and gates are kept
            threatened = any(f.hex.distance(h) <= 4 for f in sit.foes for h in hexes)
            for h in hexes:
                if sit.fire_risk(h) > 0.04:
                    continue
                here = sorted((u for u in sit.view.own if u.hex == h),
                              key=lambda u: (-u.strength, u.id))
                if not here:
                    continue
                if threatened:
                    keep.update(u.id for u in here)
                else:
                    keep.add(here[0].id)
        return keep

    def _attack_moves(self, game: Game, sit: Situation) -> list[Order]:
        goals = self._goals(game, "attack")
        planned = self._men_by_hex(sit.view)
        storm = self._storming(game, sit)
        self._targets = set()
        orders: list[Order] = []
        busy: set[str] = set(self._keepers(game, sit))
        if goals:
            self._assign(game, sit, goals)
            for unit, dest in self._plan_attacks(game, sit, goals, storm, planned, busy):
                orders.append(self._plan_step(planned, unit, dest))
                busy.add(unit.id)
        ambush = self._ambush_spots(game, sit)
        for unit in sorted(sit.view.own, key=lambda u: u.id):
            if unit.id in busy or unit.moved or unit.morale == "routed" or self._slip():
                continue
            score = self._attack_score(game, sit, unit, goals, storm, planned, ambush)
            if score is None:
                continue
            step = self._best_step(game, unit, score)
            if step is not None:
                orders.append(self._plan_step(planned, unit, step))
        return orders

    def _plan_attacks(self, game: Game, sit: Situation, goals: dict[str, tuple[Hex, ...]],
                      storm: bool, planned: dict[Hex, int], busy: set[str]
                      ) -> list[tuple[UnitState, Hex]]:
        """By day, the assaults to set up this turn: enemy-held outworks, and on a day of
        general assault the wall and everything the enemy holds inside it."""
        if sit.night:
            return []
        state = game.state
        ground = sit.ground
        points = {o.id: o.points.get(self.side, 0.0) for o in game.scenario.objectives}
        targets: dict[Hex, float] = {}
        for h in sorted(sit.enemy_at):
            on_goal = [g for g, hexes in goals.items() if h in hexes]
            near_outwork = [g for g, hexes in goals.items() if not self._walled(hexes)
                            and min(h.distance(x) for x in hexes) <= 1]
            if h in ground.enclosed:
                if not storm or h not in ground.outer:
                    continue
                if not on_goal and h not in ground.rampart:
                    continue      # in the streets only what is worth taking: objectives, walls
            elif not near_outwork and not on_goal:
                continue
            value = 1.0 + sum(points[g] for g in on_goal) / 10.0
            if h in ground.faces:
                value += 0.3
            if h in ground.works:
                value *= 0.5     # loopholed works: only if the odds are plainly good
            targets[h] = value
        if not targets:
            return []
        units = []
        for u in sorted(sit.view.own, key=lambda u: u.id):
            if (u.id in busy or u.moved or u.morale not in ("steady", "shaken") or u.type.melee <= 0
                    or any(w.vs_works > 0 for w in combat.weapons_of(state, u))):
                continue
            goal = goals.get(self._assignment.get(u.id, ""), ())
            if storm and not goal:
                continue
            if not storm and u.hex in sit.ground.enclosed:
                continue     # before the general assault, the men outside help at the outworks
            units.append(u)
        if not storm:
            targets = {h: v for h, v in targets.items() if h not in sit.ground.enclosed}
        odds = self.style.escalade_odds if storm else self.style.take_threshold
        return self._plan_assaults(game, sit, targets, units, planned, busy, odds)

    def _plan_assaults(self, game: Game, sit: Situation, targets: dict[Hex, float],
                       units: list[UnitState], planned: dict[Hex, int], busy: set[str],
                       min_odds: float, static: set[str] = frozenset()
                       ) -> list[tuple[UnitState, Hex]]:
        """Send to each chosen enemy hex, from as many sides as the ground allows, the units that
        can get next to it this turn — only where the odds, as far as can be seen, are worth
        it. Ladder parties may stand at the foot of a wall; no one climbs down his own."""
        state = game.state
        m = state.map
        limit = state.scenario.rules.stacking_limit
        reach: dict[str, dict[Hex, float]] = {}
        for u in units:
            if u.id in static:
                if any(t.distance(u.hex) == 1 for t in targets):
                    reach[u.id] = {u.hex: 0.0}
                continue
            if not self._spend(10):
                break
            near = any(t.distance(u.hex) <= 2 * u.type.move_points + 2 for t in targets)
            if not near:
                continue
            options = dict(game.reachable(u.id))
            options[u.hex] = 0.0
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
                    continue      # nobody climbs down out of his own enclosure
                spots.append(n)
            platforms[t] = spots
        used: set[str] = set()
        moves: list[tuple[UnitState, Hex]] = []
        booked: dict[Hex, int] = {}
        frontage = state.scenario.rules.frontage_men
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
                    here = [u for u in units if u.hex == p and u.id not in used
                            and (u.type.ladders or not climb)]
                    others = sorted((u for u in units if u.id not in used and u.id not in chosen
                                     and u.hex != p and p in reach[u.id]
                                     and (u.type.ladders or not climb) and can_stand(state, u, p)),
                                    key=lambda u: (-sit.attack_value(u, p, t), u.id))
                    front = 0
                    spare = 1 if climb else 0     # a second party in case the ladders go down
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
                if p_taken >= min_odds and (best is None or score > best[0]):
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
                    busy.add(u.id)   # already at the foot of it: stays
        return moves

    def _attack_score(self, game: Game, sit: Situation, unit: UnitState,
                      goals: dict[str, tuple[Hex, ...]], storm: bool, planned: dict[Hex, int],
                      ambush: tuple[Hex, ...]):
        """How this unit values each hex it could move to (None: it stays)."""
        state = game.state
        style = self.style
        ground = sit.ground
        here = unit.hex
        weapons = combat.weapons_of(state, unit)
        gunner = any(w.vs_works > 0 for w in weapons)
        inside = here in ground.enclosed
        adjacent = any(n in sit.enemy_at for n in here.neighbours())
        burning = here in state.fires or sit.fire_risk(here) > 0.04

        def crowd(h: Hex) -> float:
            return self._crowd(game, planned, h, unit)

        if ambush and self._ambusher(game, unit) and not gunner:
            if adjacent and not burning:
                return None
            field = self._field(game, ambush, unit, None)
            return lambda h: field.get(h, FAR) + crowd(h) + self._hazard(sit, h, style.danger_weight)
        if storm and self._targets and self._carries_spur(game, unit) and not sit.night:
            # a leader with a bounty to offer rides to where the ladders go up, just out of reach
            aims = tuple(sorted(self._targets))
            return lambda h: abs(min(h.distance(t) for t in aims) - 2) * 2.0 + crowd(h) \
                + self._hazard(sit, h, style.danger_weight)
        if inside and sit.night and here in ground.outer:
            # no fighting in the streets in the dark: the gates and walls taken keep their
            # guards, the rest go back out through the gates we hold, away from the flames
            # and the loopholes, to come in again at dawn
            back = self._field(game, self._approach(sit, tuple(sorted(ground.rampart))), unit, None)
            if back.get(here, INF) >= INF:
                if self._hazard(sit, here, style.danger_weight) < 1.0:
                    return None
                return lambda h: crowd(h) + self._hazard(sit, h, style.danger_weight * 2)
            return lambda h: back.get(h, FAR) + crowd(h) + self._hazard(sit, h, style.danger_weight)
        goal = goals.get(self._assignment.get(unit.id, ""), ())
        if not goal:
            # in reserve: out of the streets while the town burns, else stay put, out of the
            # enemy's fire and the flames
            if here in ground.outer and here not in ground.rampart and state.fires:
                back = self._field(game, self._approach(sit, tuple(sorted(ground.rampart))),
                                   unit, None)
                if back.get(here, INF) < INF:
                    return lambda h: back.get(h, FAR) + crowd(h) \
                        + self._hazard(sit, h, style.danger_weight)
            if self._hazard(sit, here, style.danger_weight) < 0.5:
                return None
            return lambda h: crowd(h) + self._hazard(sit, h, style.danger_weight * 2) \
                + 0.2 * h.distance(here)
        walled = self._walled(goal)
        if gunner and not (inside and sit.night):
            return self._gun_score(game, sit, unit, goal, storm, planned, weapons)
        if inside:
            if sit.night and self._hazard(sit, here, style.danger_weight) < 1.0:
                return None
            if adjacent and not burning:
                return None      # at grips: the assault phase will use them
            cost = LADDER_WALL_COST if unit.type.ladders else GATE_WAIT_COST
            field = self._field(game, goal, unit, cost)
            weight = style.danger_weight * (1.0 if storm else 2.0)
            if any(h in sit.ground.works for h in goal):
                weight *= 3.0    # a loopholed work: wait out of its fire for the assault
            return lambda h: field.get(h, FAR) + crowd(h) + self._hazard(sit, h, weight)
        if not walled:
            # an outwork: gather close to it out of the worst of the fire; the assault plan
            # sends the parties in
            cost = LADDER_WALL_COST if unit.type.ladders else GATE_WAIT_COST
            field = self._field(game, goal, unit, cost)
            weight = style.danger_weight * (3.0 if sit.night else 1.0)
            return lambda h: field.get(h, FAR) + crowd(h) + self._hazard(sit, h, weight)
        # a walled goal, from outside
        open_way = self._field(game, goal, unit, None) if storm else {}
        if storm and open_way.get(here, INF) < INF:
            # a gate is ours or broken: in through it
            weight = style.danger_weight * 0.5
            return lambda h: open_way.get(h, FAR) + crowd(h) + self._hazard(sit, h, weight)
        # (the foot of the wall is reached round the outside: a price on the walls, rather than
        # none, keeps the plan from changing whenever a gate changes hands)
        field = self._field(game, self._approach(sit, goal), unit, 30.0)
        if storm and weapons:
            reach = max(w.range for w in weapons)
            aims = [h for h in sit.enemy_at if h.distance(here) <= reach + 4]
            weight = style.danger_weight * 0.5

            def score(h: Hex) -> float:
                able = any(t.distance(h) <= reach for t in aims)
                return field.get(h, FAR) * 0.3 + (-4.0 if able else 0.0) + crowd(h) \
                    + self._hazard(sit, h, weight)
            return score
        weight = style.danger_weight * 3.0
        return lambda h: field.get(h, FAR) + crowd(h) + self._hazard(sit, h, weight)

    def _approach(self, sit: Situation, goal: tuple[Hex, ...]) -> tuple[Hex, ...]:
        """The foot of the wall below a walled goal, outside: where its attackers gather (for a
        goal deep inside, the foot of the whole wall)."""
        ground = sit.ground
        on_wall = [h for h in goal if h in ground.rampart] or sorted(ground.rampart)
        feet = {o for h in on_wall for o, _ in ground.faces[h] if o not in ground.enclosed}
        return tuple(sorted(feet)) or goal

    def _gun_score(self, game: Game, sit: Situation, unit: UnitState, goal: tuple[Hex, ...],
                   storm: bool, planned: dict[Hex, int], weapons):
        """Guns stand off out of musket range; on the day of the assault they batter the gate
        nearest their goal from where they can see it; against an outwork they fire on its men."""
        state = game.state
        style = self.style
        m = state.map
        reach = max((w.range for w in weapons if w.vs_works > 0), default=1)
        weight = style.danger_weight * 2.0

        def crowd(h: Hex) -> float:
            return self._crowd(game, planned, h, unit)

        gate = self._gate_to_batter(game, unit, goal) if storm and self._walled(goal) else None
        if gate is not None:
            near_hexes = gate.edge
            field = self._field(game, (gate.outside,), unit, GATE_WAIT_COST)
            sight = state.scenario.rules.sight_day

            def score(h: Hex) -> float:
                near = min(near_hexes, key=lambda g: g.distance(h))
                able = near.distance(h) <= reach and near in visible_from(m, h, sight)
                return (-6.0 if able else field.get(h, FAR) * 0.5) + crowd(h) \
                    + self._hazard(sit, h, weight)
            return score
        targets = [h for h in sit.enemy_at if any(h.distance(g) <= 1 for g in goal)]
        if targets and not sit.night:
            fire_reach = max(w.range for w in weapons)
            field = self._field(game, goal, unit, GATE_WAIT_COST)

            def score(h: Hex) -> float:
                able = any(t.distance(h) <= fire_reach for t in targets)
                return (-4.0 if able else field.get(h, FAR) * 0.5) + crowd(h) \
                    + self._hazard(sit, h, weight)
            return score
        field = self._field(game, goal, unit, GATE_WAIT_COST)
        return lambda h: field.get(h, FAR) * 0.5 + crowd(h) + self._hazard(sit, h, weight)

    def _gate_to_batter(self, game: Game, unit: UnitState, goal: tuple[Hex, ...]):
        """The unbroken gate nearest the goal, for the guns to aim at."""
        state = game.state
        best, best_d = None, INF
        for gate in state.map.gates.values():
            if state.gates[gate.id] == "broken" or state.gate_holders.get(gate.id) == self.side:
                continue
            d = min(gate.inside.distance(g) for g in goal) + 0.3 * gate.outside.distance(unit.hex)
            if d < best_d:
                best, best_d = gate, d
        return best

    def _carries_spur(self, game: Game, unit: UnitState) -> bool:
        """Does a leader with an unused bounty (or the like) ride with this unit?"""
        leader = game.state.leader_of_unit(unit.id)
        if leader is None or leader.side != self.side:
            return False
        spec = next((lead for lead in game.scenario.leaders if lead.id == leader.id), None)
        return bool(spec) and any(
            leader.uses.get(a.id, 0) > 0 and (a.escalade_bonus > 0 or a.kind == "bounty")
            for a in spec.abilities)

    def _ambusher(self, game: Game, unit: UnitState) -> bool:
        """Men whose commander has an ambush to spring."""
        leader = game.state.leaders.get(unit.leader) if unit.leader else None
        if leader is None or leader.side != self.side:
            return False
        spec = next((lead for lead in game.scenario.leaders if lead.id == leader.id), None)
        return bool(spec and any(a.kind == "ambush" for a in spec.abilities))

    def _ambush_spots(self, game: Game, sit: Situation) -> tuple[Hex, ...]:
        """Where to wait for an enemy who scores for getting away: on his way to his exits,
        a few hexes short of them, once the assault has begun."""
        state = game.state
        enemy = state.enemy_of(self.side)
        exits = sit.ground.exits.get(enemy, ())
        side = next(s for s in game.scenario.sides if s.id == enemy)
        if not exits or side.scoring.per_1000_own_escaped <= 0 or not self._stormed:
            return ()
        if self._ambush is not None and state.turn - self._ambush[0] < 4:
            return self._ambush[1]
        spots = self._find_ambush_spots(game, sit, enemy, exits)
        self._ambush = (state.turn, spots)
        return spots

    def _find_ambush_spots(self, game: Game, sit: Situation, enemy: str,
                           exits: tuple[Hex, ...]) -> tuple[Hex, ...]:
        state = game.state
        keep = tuple(sorted(h for o, hexes in sit.ground.objective_hexes.items()
                            if state.objectives.get(o) == enemy for h in hexes))
        if not keep:
            return ()
        f_exit = self.fields.field(state, exits, "foot", None, enemy)
        f_keep = self.fields.field(state, keep, "foot", None, enemy)
        m = state.map
        best = []
        for h in sorted(f_exit):
            d = f_exit[h]
            if not 2.0 <= d <= 5.0 or h in m.water_hexes or h in m.exits or h not in f_keep:
                continue
            best.append((f_keep[h] + d, h))
        best.sort()
        return tuple(h for _, h in best[:2])

    # ------------------------------------------------------------------ the defender

    def _defend_moves(self, game: Game, sit: Situation) -> list[Order]:
        state = game.state
        ground = sit.ground
        keep = self._goals(game, "defend")
        keep_hexes = {h for hexes in keep.values() for h in hexes}
        carried = self._walls_carried(game, sit)
        orders: list[Order] = []
        planned = self._men_by_hex(sit.view)
        busy: set[str] = set()
        self._targets = set()
        for unit, dest in self._plan_counterattacks(game, sit, keep_hexes, carried, planned, busy):
            orders.append(self._plan_step(planned, unit, dest))
            busy.add(unit.id)
        raid = self._raid_targets(game, sit)
        posts = self._threatened_posts(game, sit, keep_hexes)
        home = tuple(sorted(g.inside for g in state.map.gates.values()
                            if g.inside in ground.outer and state.gate_holders.get(g.id) == self.side
                            and g.inside not in sit.enemy_at))
        outposts = tuple(h for h in posts if h not in ground.enclosed)
        for unit in sorted(sit.view.own, key=lambda u: u.id):
            if unit.id in busy or unit.moved or unit.morale == "routed" or self._slip():
                continue
            here = unit.hex
            burning = here in state.fires
            risky = sit.fire_risk(here) > 0.5
            adjacent = any(n in sit.enemy_at for n in here.neighbours())
            on_post = here in ground.rampart or here in keep_hexes
            goal: tuple[Hex, ...] = ()
            if carried or unit.morale == "wavering":
                if here in keep_hexes and not burning and not risky:
                    continue
                goal = self._fallback(game, sit, keep, planned, unit)
            elif adjacent and not burning:
                continue  # hold the line
            elif on_post and not burning and not self._spare(game, sit, unit):
                continue  # a post is held, flames about or not, until it burns
            elif here not in ground.enclosed:
                goal = outposts or home     # cut off outside: to the outwork, or home
            elif raid and unit.morale == "steady" and unit.type.melee >= 1.0 and \
                    self._raided_night != self._night_of(game):
                goal = raid
                self._raided_night = self._night_of(game)
            else:
                goal = posts
            if not goal:
                if not burning and not risky:
                    continue
                goal = tuple(sorted(keep_hexes)) or (here,)
            field = self._field(game, goal, unit, None)

            def score(h: Hex, field=field, unit=unit) -> float:
                return field.get(h, FAR) + self._crowd(game, planned, h, unit) \
                    + self._hazard(sit, h, self.style.danger_weight * 0.3)

            step = self._best_step(game, unit, score)
            if step is not None:
                orders.append(self._plan_step(planned, unit, step))
        return orders

    def _plan_counterattacks(self, game: Game, sit: Situation, keep_hexes: set[Hex],
                             carried: bool, planned: dict[Hex, int], busy: set[str]
                             ) -> list[tuple[UnitState, Hex]]:
        """Retake ground of ours the enemy has got into (inside the walls, or an objective),
        with the reserves, when the odds are fair; the men on the walls join in only from
        where they stand."""
        ground = sit.ground
        points: dict[Hex, float] = {}
        for o in game.scenario.objectives:
            for h in ground.objective_hexes[o.id]:
                points[h] = points.get(h, 0.0) + o.points.get(self.side, 0.0)
        targets: dict[Hex, float] = {}
        for h in sorted(sit.enemy_at):
            if h in ground.enclosed or h in points:
                targets[h] = 1.0 + points.get(h, 0.0) / 10.0 + (1.0 if h in ground.works else 0.0)
        if not targets:
            return []
        units, static = [], set()
        for u in sorted(sit.view.own, key=lambda u: u.id):
            if u.moved or u.morale not in ("steady", "shaken") or u.type.melee <= 0:
                continue
            on_post = u.hex in ground.rampart or u.hex in keep_hexes
            if (on_post and not carried) or any(n in sit.enemy_at and n not in targets
                                               for n in u.hex.neighbours()):
                static.add(u.id)
            units.append(u)
        odds = self.style.take_threshold + (0.15 if sit.night else 0.05)
        return self._plan_assaults(game, sit, targets, units, planned, busy, odds, static)

    def _spare(self, game: Game, sit: Situation, unit: UnitState) -> bool:
        """A wall post with no enemy near it can spare its men when others are threatened."""
        near = any(f.hex.distance(unit.hex) <= 4 for f in sit.foes)
        if near:
            return False
        keep = {h for hexes in self._goals(game, "defend").values() for h in hexes}
        if unit.hex in keep:
            return False
        return bool(sit.foes) and any(f.hex in sit.ground.outer for f in sit.foes)

    def _threatened_posts(self, game: Game, sit: Situation, keep_hexes: set[Hex]) -> tuple[Hex, ...]:
        """Our hexes where the enemy is closing and our men are few, most threatened first;
        and ground of ours the enemy has got into, to counter-attack."""
        state = game.state
        ground = sit.ground
        rules = state.scenario.rules
        own = {}
        for u in sit.view.own:
            own[u.hex] = own.get(u.hex, 0) + u.strength
        scored = []
        candidates = set(h for h in own if h in ground.faces and h in ground.outer) | keep_hexes
        for h in sorted(candidates):
            if h in sit.enemy_at:
                continue
            threat = sum(sit.enemy_men(n) for n in h.neighbours() if n in sit.enemy_at)
            threat += 0.3 * sum(f.strength for f in sit.foes if 2 <= f.hex.distance(h) <= 3)
            if threat <= 0:
                continue
            if own.get(h, 0) >= min(POST_MEN + threat / 3, rules.stacking_limit - 400):
                continue
            scored.append((-threat, h))
        # enemy inside our walls or on our objectives: get next to him
        for h in sorted(sit.enemy_at):
            if h in ground.enclosed or self._is_objective_hex(game, h):
                for n in h.neighbours():
                    if n not in sit.enemy_at and state.map.on_map(n) and \
                            (n in ground.enclosed) == (h in ground.enclosed):
                        scored.append((-sit.enemy_men(h) * 0.5, n))
        scored.sort()
        return tuple(h for _, h in scored[:8])

    def _fallback(self, game: Game, sit: Situation, keep: dict[str, tuple[Hex, ...]],
                  planned: dict[Hex, int], unit: UnitState) -> tuple[Hex, ...]:
        """Where to go once the walls are carried: the works and objectives still held,
        the most valuable first, each hex filled before the next."""
        state = game.state
        points = {o.id: o.points.get(self.side, 0.0) for o in game.scenario.objectives}
        exits = sit.ground.exits.get(self.side, ())
        side = next(s for s in game.scenario.sides if s.id == self.side)
        way_out = self._field(game, exits, unit, None) if exits and \
            side.scoring.per_1000_own_escaped > 0 else {}
        ranked = []
        for obj_id, hexes in keep.items():
            loopholed = any(h in sit.ground.works for h in hexes)
            value = points.get(obj_id, 0.0) * (2.0 if loopholed else 1.0)
            for h in hexes:
                if h in state.fires or planned.get(h, 0) + unit.strength > KEEP_MEN:
                    continue
                # a garrison that means to get away by night does not shut itself in far
                # from its road out
                v = value / (1.0 + way_out.get(h, 0.0) / 8.0) if way_out else value
                ranked.append((-round(v, 1), h))
        ranked.sort()
        return tuple(sorted(h for _, h in ranked[:8]))

    def _raid_targets(self, game: Game, sit: Situation) -> tuple[Hex, ...]:
        """Where the enemy's camps were seen near enough for a night raid."""
        if not sit.night or self.rng.random() >= self.style.raid_chance:
            return ()
        own = [u.hex for u in sit.view.own]
        spots = sorted({f.hex for f in sit.foes if f.hex not in sit.ground.enclosed})
        near = [h for h in spots if min((h.distance(o) for o in own), default=99) <= 5]
        return tuple(near[:3])

    # ------------------------------------------------------------------ the escape

    def _escape_moves(self, game: Game, sit: Situation) -> list[Order]:
        state = game.state
        exits = sit.ground.exits.get(self.side, ())
        orders: list[Order] = []
        planned = self._men_by_hex(sit.view)
        traffic: dict[Hex, float] = {}
        units = sorted(sit.view.own, key=lambda u: u.id)
        # a gatehouse the enemy has taken and left is ours again as soon as a man stands in it
        enemy_at = {f.hex for f in sit.foes}
        reclaim = frozenset(g.id for g in state.map.gates.values()
                            if state.gate_holders.get(g.id) not in (None, self.side)
                            and g.inside not in enemy_at)
        # the way out round the enemy: his hexes are barred, the ground he watches costs dear
        extra: dict[Hex, float] = {}
        for f in sit.foes:
            for n, key in state.map.adjacency[f.hex]:
                if key not in state.map.walls or edge_open(state, f.hex, n):
                    extra[n] = 3.0
        for f in sit.foes:
            extra[f.hex] = INF
        # thin ice is dearer ground: a march plans round it as far as caution says, counting
        # what a column of the usual size would lose if it gave way
        rules = state.scenario.rules
        sizes = sorted(u.strength for u in units)
        typical = sizes[len(sizes) // 2] if sizes else 0
        for h in state.map.water_hexes:
            cap = ice.capacity(state, h)
            if cap <= 0 or h in extra:
                continue
            over = typical * rules.ice_night_factor / cap - 1.0
            if over > 0:
                chance = min(0.95, 0.1 + over * rules.ice_break_slope)
                extra[h] = self.style.ice_caution * 60.0 * chance * rules.ice_break_drown
        # the plan is made once and kept (a column that changes its road every hour gets
        # nowhere), unless the ice it meant to cross has given way
        ice_now = tuple(sorted((h.offset, round(v)) for h, v in state.ice_cm.items()))
        if self._escape_plan is None or self._escape_plan[0] != ice_now:
            self._escape_plan = (ice_now, {})
        fields = self._escape_plan[1]
        for unit in units:
            key = unit.type.movement
            if key not in fields:
                fields[key] = distance_field(state, exits, key, None, self.side, reclaim, extra)
        # the nearest go first, so the column does not trample itself
        units.sort(key=lambda u: (fields[u.type.movement].get(u.hex, INF), u.id))
        for unit in units:
            if unit.moved or unit.morale == "routed":
                continue
            if unit.hex in state.map.exits:
                orders.append(Exit(unit.id))
                continue
            field = fields[unit.type.movement]
            step = self._escape_step(game, sit, unit, field, planned, traffic)
            if step is not None:
                path = game.path(unit.id, step.offset)
                for h in path[1:-1]:
                    if h in state.map.water_hexes:
                        traffic[h] = traffic.get(h, 0.0) + unit.strength
                orders.append(self._plan_step(planned, unit, step))
        return orders

    def _escape_step(self, game: Game, sit: Situation, unit: UnitState, field: dict[Hex, float],
                     planned: dict[Hex, int], traffic: dict[Hex, float]) -> Hex | None:
        """The hex to march to: nearest the exits, keeping clear of the enemy and the flames,
        and (as caution allows) of ice already loaded by the men ahead."""
        if not self._spend(10):
            return None
        state = game.state
        rules = state.scenario.rules
        options = game.reachable(unit.id)
        if not options:
            return None
        limit = rules.stacking_limit
        night = rules.ice_night_factor if sit.night else 1.0
        caution = self.style.ice_caution

        def base(h: Hex) -> float:
            value = field.get(h, FAR) + self._crowd(game, planned, h, unit) \
                + self._hazard(sit, h, self.style.danger_weight * 0.5)
            return value

        here = base(unit.hex) + 4.0      # the night is short: waiting costs too
        if unit.hex in state.map.water_hexes:
            load = (planned.get(unit.hex, 0) + rules.ice_traffic_share * (
                traffic.get(unit.hex, 0.0) + state.ice_traffic.get(unit.hex, 0))) * night \
                / max(ice.capacity(state, unit.hex), 1.0)
            here += caution * 10.0 * max(0.0, load - 0.8)
        ranked = sorted((base(h), h) for h in options
                        if planned.get(h, 0) + unit.strength <= limit)
        best, best_score = None, here
        for value, h in ranked[:10]:
            if value >= best_score - 1e-9:
                break
            if caution > 0:
                # the ice under this march, as loaded by the men ahead of it this turn (the
                # plan already counts what the ice bears at all)
                risk = 0.0
                path = game.path(unit.id, h.offset)
                for p in path[1:]:
                    if p not in state.map.water_hexes:
                        continue
                    ahead = rules.ice_traffic_share * (traffic.get(p, 0.0)
                                                       + state.ice_traffic.get(p, 0))
                    if p == h:
                        ahead += planned.get(p, 0)
                    cap = max(ice.capacity(state, p), 1.0)
                    risk += max(0.0, (unit.strength + ahead) * night / cap - 1.0) \
                        - max(0.0, unit.strength * night / cap - 1.0)
                value += caution * 10.0 * risk
            if value < best_score - 1e-9:
                best, best_score = h, value
        return best

    def _break_out(self, game: Game, sit: Situation) -> list[Order]:
        """Men whose way out the enemy bars cut through him, if the odds are fair."""
        orders: list[Order] = []
        used: set[str] = set()
        fields = self._escape_plan[1] if self._escape_plan else {}
        for target in sorted(sit.enemy_at):
            group = []
            for u in sorted(sit.view.own, key=lambda u: u.id):
                if u.id in used or u.hex.distance(target) != 1:
                    continue
                field = fields.get(u.type.movement, {})
                if field.get(target, INF) >= field.get(u.hex, INF) and field.get(u.hex, INF) < INF:
                    continue         # he is not in the way
                if game.check(Assault((u.id,), target.offset)) is None:
                    group.append(u)
            if not group or not self._spend(5):
                continue
            odds = game.preview_assault(tuple(u.id for u in group), target.offset)
            if odds is None or odds.chances["taken"] < self.style.take_threshold:
                continue
            orders.append(Assault(tuple(u.id for u in group), target.offset))
            used.update(u.id for u in group)
        return orders

    # ------------------------------------------------------------------ fire phase

    def _fire(self, game: Game, sit: Situation) -> list[Order]:
        state = game.state
        posture = self._posture(game, sit)
        storm = posture == "attack" and self._storming(game, sit)
        orders: list[Order] = []
        expected_on: dict[Hex, float] = {}
        for unit in sorted(sit.view.own, key=lambda u: u.id):
            if unit.fired or unit.morale == "routed" or self._slip():
                continue
            weapons = combat.weapons_of(state, unit)
            if not weapons:
                continue
            if storm and any(w.vs_works > 0 for w in weapons):
                order = self._bombard_order(game, unit)
                if order is not None:
                    orders.append(order)
                    continue
            reach = max(w.range for w in weapons)
            best, best_value = None, 0.5
            for h in sorted(sit.enemy_at):
                if h.distance(unit.hex) > reach or not self._spend():
                    continue
                odds = combat.fire_odds(state, unit, h)
                if odds is None:
                    continue
                men = max(1, sit.enemy_men(h))
                overkill = expected_on.get(h, 0.0) / men
                value = odds.expected * (1.0 - min(0.9, overkill * 3))
                if h in self._targets:
                    value *= 1.5    # the stretch our ladders go up this turn
                if odds.weapon.sets_fire > 0 and h in state.map.flammable_hexes:
                    if not storm or h in self._targets:
                        continue    # the town is fired when it is stormed, not before, and
                        # not where our own ladders go up this turn
                    value += odds.weapon.sets_fire * self._ignite_value(sit, h)
                if value > best_value:
                    best, best_value = h, value
            if best is not None:
                orders.append(Fire(unit.id, best.offset))
                expected_on[best] = expected_on.get(best, 0.0) + best_value
        return orders

    def _ignite_value(self, sit: Situation, h: Hex) -> float:
        """Men the flames could take if this hex caught: the enemy's, less our own at risk."""
        state = sit.state
        rules = state.scenario.rules
        m = state.map
        if h not in m.flammable_hexes or h in state.fires or h in state.burned_out:
            return 0.0
        from siege.engine.fire import downwind
        own: dict[Hex, int] = {}
        for u in sit.view.own:
            own[u.hex] = own.get(u.hex, 0) + u.strength
        value = sit.enemy_men(h) * rules.fire_losses * 2
        for d, n in enumerate(h.neighbours()):
            if n not in m.flammable_hexes or n in state.burned_out:
                continue
            chance = rules.fire_spread
            if downwind(state.wind_from, d):
                chance += rules.fire_wind_bonus * state.wind_strength
            value += chance * (sit.enemy_men(n) - 3 * own.get(n, 0)) * rules.fire_losses * 2
        return max(0.0, value)

    def _bombard_order(self, game: Game, unit: UnitState) -> Order | None:
        state = game.state
        goals = self._goals(game, "attack")
        goal = goals.get(self._assignment.get(unit.id, ""), ())
        options = []
        for gate in state.map.gates.values():
            if state.gates[gate.id] == "broken" or state.gate_holders.get(gate.id) == self.side:
                continue
            a, b = gate.edge
            order = Bombard(unit.id, a.offset, DIRECTIONS[a.direction_to(b)])
            if game.check(order) is None:
                near_goal = min((gate.inside.distance(g) for g in goal), default=0)
                options.append((near_goal, gate.id, order))
        if options:
            return min(options)[2]
        return None

    # ------------------------------------------------------------------ assault phase

    def _assault(self, game: Game, sit: Situation) -> list[Order]:
        state = game.state
        posture = self._posture(game, sit)
        if posture == "escape":
            return self._break_out(game, sit)
        ground = sit.ground
        storm = posture == "attack" and self._storming(game, sit)
        wanted = {h for hexes in self._goals(game, "attack").values() for h in hexes}
        keep = {h for hexes in self._goals(game, "defend").values() for h in hexes}
        lost = {h for hexes in self._ground.objective_hexes.values() for h in hexes} - keep
        orders: list[Order] = []
        used: set[str] = set()
        candidates = []
        own_adjacent: dict[Hex, list[UnitState]] = {}
        for u in sit.view.own:
            for n in u.hex.neighbours():
                if n in sit.enemy_at:
                    own_adjacent.setdefault(n, []).append(u)
        for target in sorted(own_adjacent):
            in_open = target not in ground.enclosed
            if posture == "attack":
                if sit.night and not in_open:
                    continue          # no storming of walls in the dark
            else:
                ours = target in ground.enclosed or target in lost or target in keep
                if not (ours or (sit.night and in_open)):
                    continue          # the garrison sallies to retake its ground, or by night
            attackers = [u for u in own_adjacent[target]
                         if game.check(Assault((u.id,), target.offset)) is None]
            if not attackers or not self._spend(5):
                continue
            attackers.sort(key=lambda u: (-sit.attack_value(u, u.hex, target), u.id))
            group = attackers if self.style.coordinate else attackers[:1]
            odds = game.preview_assault(tuple(u.id for u in group), target.offset)
            if odds is None:
                continue
            value = odds.chances["taken"] * (1.0 + (0.5 if target in wanted or target in lost else 0.0)
                                             + (0.3 if target in ground.faces else 0.0))
            if posture == "attack" and target in ground.enclosed and target not in wanted \
                    and target not in ground.rampart:
                take, repulse = 0.8, 0.1   # a skirmish in the streets: only a sure thing
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
            chances = odds.chances
            if len(group) < len(odds.escalading) or any(
                    u.id in used for u in own_adjacent[target] if u in group):
                fresh = game.preview_assault(tuple(u.id for u in group), target.offset)
                if fresh is None:
                    continue
                chances = fresh.chances
            if chances["taken"] < take or chances["repulsed"] > repulse:
                continue
            if self._slip():
                continue
            orders.append(Assault(tuple(u.id for u in group), target.offset))
            used.update(u.id for u in group)
        return orders


__all__ = ["Commander", "DIFFICULTIES", "STYLES", "Style", "assault_chances"]
