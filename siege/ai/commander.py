"""A commander for either side of any scenario, reasoning as a general of the period would.

It reads only its side's view (own units, enemies in sight, where others were last seen) and
the public state of the works, and it acts only through orders `Game.check` accepts. Its plan
comes from the scenario's data — objectives, enclosures, gates, exits and scoring — so a
modder's battle gets an opponent too:

- a side with objectives to take **attacks**: guns batter the gates nearest its goals, ladder
  troops close on the walls at several points at once (crowded hexes are avoided), breaches and
  broken gates are exploited, shaken units are rallied, and at night the attack draws back out
  of musket range of loopholed works;
- a side with objectives to keep **defends**: the walls stay manned, reserves go where the enemy
  is breaking in, lost ground next to them is counter-attacked, parties raid by night, and once
  the walls are carried the men fall back on the strongest work;
- a side that scores for men escaped **abandons the field by night** when the walls are lost,
  marching on its exits (over the ice if that is the way).

Difficulty changes how well it plays (coordination, caution, slips), never the dice or the
strengths. Work is bounded by `max_evaluations` per phase, a deterministic cap, so it never
stalls the game whatever the scenario.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from siege.ai.fields import FieldCache
from siege.engine import combat, ice
from siege.engine.game import Game
from siege.engine.hexes import DIRECTIONS, Hex, edge_key
from siege.engine.map import INF
from siege.engine.orders import Assault, Bombard, Exit, Fire, Move, Order, Rally, UseAbility
from siege.engine.state import UnitState
from siege.engine.view import View

DIFFICULTIES = ("easy", "normal", "hard")


@dataclass(frozen=True)
class Style:
    coordinate: bool          # assault with every unit that can reach, not one at a time
    take_threshold: float     # P(taken) needed to launch an assault
    repulse_limit: float      # most P(repulsed) accepted
    slip: float               # chance to skip an order or pick a worse one
    crowd_weight: float       # how much it avoids packing hexes
    raid_chance: float        # per night turn, for a defender
    ice_caution: float        # how much a retreat over ice avoids loading it past its limit


STYLES = {
    "easy": Style(False, 0.25, 0.7, 0.25, 0.2, 0.1, 0.0),
    "normal": Style(True, 0.35, 0.5, 0.04, 1.0, 0.35, 0.3),
    "hard": Style(True, 0.3, 0.45, 0.0, 1.5, 0.5, 3.0),
}

LADDER_WALL_COST = 4.0     # a ladder party plans to climb rather than walk far round
GATE_WAIT_COST = 10.0      # men without ladders plan to go in by a gate once it is broken


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
        self._interiors: dict[str, frozenset[Hex]] | None = None
        self._assignment: dict[str, str] = {}
        self._raiders: list[str] = []
        self._evaluations = 0
        self._planned: dict[Hex, int] | None = None
        self._storm_day = None
        self._ready_since = None

    # ------------------------------------------------------------------ entry point

    def orders_for_phase(self, game: Game) -> list[Order]:
        state = game.state
        if state.ended or state.active_side != self.side:
            return []
        self._evaluations = 0
        self._planned = None
        view = game.view_for(self.side)
        phase = state.phase
        if phase == "command":
            return self._command(game, view)
        if phase == "movement":
            return self._movement(game, view)
        if phase == "fire":
            return self._fire(game, view)
        return self._assault(game, view)

    def play_phase(self, game: Game) -> list:
        """Apply this phase's orders (those still legal); returns the events."""
        events = []
        for order in self.orders_for_phase(game):
            if game.check(order) is None:
                events += game.apply(order)
        return events

    def _spend(self, n: int = 1) -> bool:
        self._evaluations += n
        return self._evaluations <= self.max_evaluations

    def _slip(self) -> bool:
        return self.style.slip > 0 and self.rng.random() < self.style.slip

    # ------------------------------------------------------------------ reading the situation

    def _interior(self, game: Game) -> dict[str, frozenset[Hex]]:
        """Each enclosure's inside hexes (static)."""
        if self._interiors is None:
            rows = game.scenario.map.rows()
            self._interiors = {}
            for enc in game.scenario.map.enclosures:
                codes = set(enc.around)
                self._interiors[enc.id] = frozenset(
                    Hex.from_offset(c, r) for r, line in enumerate(rows)
                    for c, ch in enumerate(line) if ch in codes)
        return self._interiors

    def _posture(self, game: Game) -> str:
        """attack, defend or escape."""
        state = game.state
        to_gain = to_keep = 0.0
        for obj in game.scenario.objectives:
            points = obj.points.get(self.side, 0.0)
            if state.objectives.get(obj.id) == self.side:
                to_keep += points
            else:
                to_gain += points
        if self.escaping:
            return "escape"
        if to_gain > to_keep:
            return "attack"
        if self._should_escape(game, to_keep):
            self.escaping = True
            return "escape"
        return "defend"

    def _should_escape(self, game: Game, to_keep: float) -> bool:
        state = game.state
        side = next(s for s in game.scenario.sides if s.id == self.side)
        exits = [h for h, (_, sides) in state.map.exits.items() if self.side in sides]
        if side.scoring.per_1000_own_escaped <= 0 or not exits or not state.is_night():
            return False
        held_at_start = sum(o.points.get(self.side, 0.0) for o in game.scenario.objectives
                            if o.holder == self.side)
        lost_ground = held_at_start > 0 and to_keep <= 0.5 * held_at_start
        weak = state.men_on_map(self.side) < 0.4 * state.start_strength[self.side]
        return lost_ground or weak

    def _goals(self, game: Game, posture: str) -> dict[str, tuple[Hex, ...]]:
        """Objective id -> its hexes, for the objectives this side wants."""
        state = game.state
        goals = {}
        for obj in game.scenario.objectives:
            if obj.points.get(self.side, 0.0) <= 0:
                continue
            holder = state.objectives.get(obj.id)
            if (posture == "attack") == (holder != self.side):
                goals[obj.id] = tuple(sorted(Hex.from_offset(*p) for p in obj.hexes))
        return goals

    # ------------------------------------------------------------------ command phase

    def _command(self, game: Game, view: View) -> list[Order]:
        state = game.state
        orders: list[Order] = []
        for unit in view.own:
            if unit.morale != "steady" and not unit.rallied and not self._slip():
                orders.append(Rally(unit.id))
        if self._posture(game) == "attack" and not state.is_night():
            enemy_hexes = set(view.enemy_hexes())
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
                    engaged = [u for u in view.own if u.hex.distance(at) <= ability.radius
                               and any(n in enemy_hexes for n in u.hex.neighbours())]
                    if len(engaged) >= (2 if self.style.coordinate else 1):
                        orders.append(UseAbility(leader.id, ability.id))
        return orders

    # ------------------------------------------------------------------ movement phase

    def _movement(self, game: Game, view: View) -> list[Order]:
        posture = self._posture(game)
        if posture == "escape":
            return self._escape_moves(game, view)
        if posture == "attack":
            return self._attack_moves(game, view)
        return self._defend_moves(game, view)

    def _crowd(self, game: Game, planned: dict[Hex, int], h: Hex, unit: UnitState) -> float:
        """Penalty for packing a hex beyond the density the enemy's fire punishes.
        `planned` starts as the side's men per hex and follows the moves as they are planned."""
        total = planned.get(h, 0) + (0 if h == unit.hex else unit.strength)
        over = total / game.scenario.rules.density_threshold - 1.0
        return over * self.style.crowd_weight if over > 0 else 0.0

    def _men_by_hex(self, view: View) -> dict[Hex, int]:
        """Men per hex now; kept up to date as this phase's moves are planned."""
        men: dict[Hex, int] = {}
        for u in view.own:
            men[u.hex] = men.get(u.hex, 0) + u.strength
        self._planned = men
        return men

    def _plan_step(self, planned: dict[Hex, int], unit: UnitState, to: Hex) -> Move:
        planned[unit.hex] = planned.get(unit.hex, 0) - unit.strength
        planned[to] = planned.get(to, 0) + unit.strength
        return Move(unit.id, to.offset)

    def _best_step(self, game: Game, unit: UnitState, score) -> Hex | None:
        """The reachable hex with the lowest score (None: stay). Nobody stays in the flames."""
        if not self._spend(10):
            return None
        fires = game.state.fires
        here = score(unit.hex) + (12.0 if unit.hex in fires else 0.0)
        if all(score(n) + (12.0 if n in fires else 0.0) >= here - 1e-9
               for n, _ in game.state.map.adjacency[unit.hex]):
            return None   # no neighbour is better: stay (and spare the path search)
        options = game.reachable(unit.id)
        if not options:
            return None
        limit = game.scenario.rules.stacking_limit
        best, best_score = None, here
        for h in sorted(options):
            if self._planned is not None and self._planned.get(h, 0) + unit.strength > limit:
                continue   # earlier orders this phase will have filled it
            value = score(h) + (12.0 if h in fires else 0.0)
            if value < best_score - 1e-9:
                best, best_score = h, value
        return best

    def _attack_moves(self, game: Game, view: View) -> list[Order]:
        """Take the outworks at once; close on the walls out of musket range, guns battering
        the gates; then, on a morning when the army stands ready, storm everywhere at once."""
        state = game.state
        goals = self._goals(game, "attack")
        if not goals:
            return []
        enemy_hexes = set(view.enemy_hexes())
        storming = self._storming(game, view, goals)
        self._assign(game, view, goals)
        planned = self._men_by_hex(view)
        keep_off = self._fire_zone(game, enemy_hexes)
        orders: list[Order] = []
        for unit in sorted(view.own, key=lambda u: u.id):
            if unit.moved or unit.morale == "routed" or self._slip():
                continue
            goal_id = self._assignment.get(unit.id, "")
            goal = goals.get(goal_id, ())
            if not goal:
                continue
            walled = goal_id in self._walled_goals(game)
            gunner = any(w.vs_works > 0 for w in combat.weapons_of(state, unit))
            if gunner:
                target = self._gate_to_batter(game, unit, goal)
                field = self.fields.field(state, target or goal, unit.type.movement,
                                          GATE_WAIT_COST, self.side)
                reach = max((w.range for w in combat.weapons_of(state, unit) if w.vs_works > 0),
                            default=1)
                if target and min(unit.hex.distance(t) for t in target) <= reach \
                        and unit.hex not in keep_off:
                    continue  # in range of its gate and out of musket range: stay and fire

                def score(h: Hex, field=field, unit=unit, target=target, reach=reach) -> float:
                    near = min((h.distance(t) for t in target), default=9) if target else 9
                    stop = -3.0 if target and near <= reach else 0.0
                    return (field.get(h, INF) + stop + (8.0 if h in keep_off else 0.0)
                            + self._crowd(game, planned, h, unit))
            else:
                cost = LADDER_WALL_COST if unit.type.ladders else GATE_WAIT_COST
                field = self.fields.field(state, goal, unit.type.movement, cost, self.side)
                hold_back = walled and not storming

                def score(h: Hex, field=field, unit=unit, hold_back=hold_back) -> float:
                    value = field.get(h, INF) + self._crowd(game, planned, h, unit)
                    if hold_back and h in keep_off:
                        value += 8.0   # wait for the general assault out of musket range
                    return value
            step = self._best_step(game, unit, score)
            if step is not None:
                orders.append(self._plan_step(planned, unit, step))
        return orders

    def _walled_goals(self, game: Game) -> set[str]:
        """Objectives inside an enclosure: they must be stormed, not walked into."""
        inside = set().union(*self._interior(game).values()) if self._interior(game) else set()
        return {o.id for o in game.scenario.objectives
                if any(Hex.from_offset(*p) in inside for p in o.hexes)}

    def _fire_zone(self, game: Game, enemy_hexes: set[Hex]) -> set[Hex]:
        """Hexes enemy missiles can reach from where the enemy is seen (our own ground inside
        their walls excepted: once in, we stay in)."""
        zone: set[Hex] = set()
        reach = 1 + max((w.range for w in game.scenario.weapons if not w.per_gun), default=1) // 2
        for e in sorted(enemy_hexes):
            zone.update(e.within(reach + 1))
        return zone

    def _storming(self, game: Game, view: View, goals: dict[str, tuple[Hex, ...]]) -> bool:
        """Is this a day of general assault? Outworks taken, daylight enough, the army ready."""
        state = game.state
        if state.is_night():
            self._storm_day = None
            return False
        day = state.clock.time(state.minutes).date()
        if getattr(self, "_storm_day", None) == day:
            return True
        walled = self._walled_goals(game)
        if self._ready_since is None and any(g not in walled for g in goals):
            return False    # first the outworks (Moranbong); once invested, the siege goes on
        light_left = 0
        minutes = state.minutes
        while not state.clock.is_night(minutes) and light_left < 600:
            light_left += state.clock.turn_length(minutes)
            minutes += state.clock.turn_length(minutes)
        if light_left < 300:
            return False    # too late in the day to begin
        if self._ready_since is None:
            self._ready_since = day   # invested: the storm comes next morning, or on a breach
        broken = any(v == "broken" for v in state.gates.values()) or state.breaches
        if broken or day > self._ready_since:
            self._storm_day = day
            return True
        return False

    def _far(self, h: Hex, enemies: set[Hex]) -> float:
        return float(min((h.distance(e) for e in enemies), default=9))

    def _loophole_danger(self, game: Game, enemy_hexes: set[Hex]) -> set[Hex]:
        """Hexes within two of an enemy behind loopholes: where to stay out of at night."""
        walls = game.state.map.walls
        danger: set[Hex] = set()
        for e in sorted(enemy_hexes):
            loopholed = any(edge_key(e, n) in walls and walls[edge_key(e, n)].loopholes
                            and walls[edge_key(e, n)].inside == e for n in e.neighbours())
            if loopholed:
                danger.update(e.within(2))
        return danger

    def _assign(self, game: Game, view: View, goals: dict[str, tuple[Hex, ...]]) -> None:
        """Spread the army over the objectives: near ones first, but no one goal gets them all."""
        state = game.state
        weights = {o.id: o.points.get(self.side, 0.0) for o in game.scenario.objectives}
        load: dict[str, int] = {g: 0 for g in goals}
        for unit_id in sorted(self._assignment):
            g = self._assignment[unit_id]
            unit = state.units.get(unit_id)
            if g in goals and unit is not None and unit.on_map:
                load[g] += unit.strength
        total = sum(u.strength for u in view.own) or 1
        for unit in sorted(view.own, key=lambda u: u.id):
            if self._assignment.get(unit.id) in goals:
                continue
            best, best_score = None, INF
            for gid, hexes in goals.items():
                d = float(min(unit.hex.distance(h) for h in hexes))  # as the crow flies
                share = load[gid] / total
                score = d + 30.0 * share / max(weights.get(gid, 1.0), 1.0) ** 0.5
                if score < best_score:
                    best, best_score = gid, score
            if best is not None:
                self._assignment[unit.id] = best
                load[best] += unit.strength

    def _gate_to_batter(self, game: Game, unit: UnitState, goal: tuple[Hex, ...]
                        ) -> tuple[Hex, ...]:
        """The outside hex of the unbroken gate nearest the goal, for the guns to aim at."""
        state = game.state
        best, best_d = (), INF
        for gate in state.map.gates.values():
            if state.gates[gate.id] == "broken" or state.gate_holders.get(gate.id) == self.side:
                continue
            d = min(gate.inside.distance(g) for g in goal) + 0.3 * gate.outside.distance(unit.hex)
            if d < best_d:
                best, best_d = (gate.outside,), d
        return best

    def _defend_moves(self, game: Game, view: View) -> list[Order]:
        state = game.state
        enemy_hexes = set(view.enemy_hexes())
        interiors = self._interior(game)
        keep = self._goals(game, "defend")
        keep_hexes = {h for hexes in keep.values() for h in hexes}
        breached = self._threats(game, enemy_hexes)
        walls_carried = self._walls_carried(game, enemy_hexes)
        night = state.is_night()
        orders: list[Order] = []
        planned = self._men_by_hex(view)
        raid_ok = night and self.rng.random() < self.style.raid_chance
        for unit in sorted(view.own, key=lambda u: u.id):
            if unit.moved or unit.morale == "routed" or self._slip():
                continue
            here = unit.hex
            on_wall = any(edge_key(here, n) in state.map.walls for n in here.neighbours())
            adjacent_enemy = any(n in enemy_hexes for n in here.neighbours())
            burning = here in state.fires
            if adjacent_enemy and unit.morale == "steady" and not walls_carried and not burning:
                continue  # hold the line
            goal: tuple[Hex, ...] = ()
            if walls_carried or unit.morale == "wavering":
                goal = self._keep_hexes(game, interiors, keep)
            elif breached:
                goal = tuple(sorted(breached))
            elif (on_wall or here in keep_hexes) and not burning:
                continue
            elif raid_ok and unit.morale == "steady" and unit.type.melee >= 1.0:
                targets = self._raid_targets(view)
                if targets:
                    goal = targets
                    raid_ok = False
            if not goal:
                goal = self._wall_posts(game, interiors, enemy_hexes, keep_hexes)
            if not goal and burning:
                step = self._best_step(game, unit, lambda h, here=here: 0.5 * h.distance(here))
                if step is not None:
                    orders.append(self._plan_step(planned, unit, step))
                continue
            if not goal:
                continue
            field = self.fields.field(state, goal, unit.type.movement, None, self.side)

            def score(h: Hex, field=field, unit=unit) -> float:
                return field.get(h, INF) + self._crowd(game, planned, h, unit)

            step = self._best_step(game, unit, score)
            if step is not None:
                orders.append(self._plan_step(planned, unit, step))
        return orders

    def _threats(self, game: Game, enemy_hexes: set[Hex]) -> set[Hex]:
        """Inside hexes of broken gates and breaches with the enemy near: where to send help."""
        state = game.state
        threats: set[Hex] = set()
        edges = [g.edge for g in state.map.gates.values() if state.gates[g.id] == "broken"]
        edges += list(state.breaches)
        for edge in edges:
            inside = state.map.walls[edge].inside
            if any(e.distance(inside) <= 3 for e in enemy_hexes):
                threats.add(inside)
        return threats

    def _walls_carried(self, game: Game, enemy_hexes: set[Hex]) -> bool:
        """Is the enemy inside our outer enclosure in strength?"""
        interiors = self._interior(game)
        if not interiors:
            return False
        outer = max(interiors.values(), key=len)
        return sum(1 for e in enemy_hexes if e in outer) >= 2

    def _keep_hexes(self, game: Game, interiors: dict[str, frozenset[Hex]],
                    keep: dict[str, tuple[Hex, ...]]) -> tuple[Hex, ...]:
        """Fall back on the loopholed works we still hold, else on what objectives remain."""
        state = game.state
        works = [e.id for e in game.scenario.map.enclosures if e.loopholes]
        hexes = sorted(h for w in works for h in interiors.get(w, ())
                       if state.side_at(h) in (None, self.side))
        if hexes:
            return tuple(hexes)
        return tuple(sorted(h for v in keep.values() for h in v))

    def _wall_posts(self, game: Game, interiors: dict[str, frozenset[Hex]], enemy_hexes: set[Hex],
                    keep_hexes: set[Hex]) -> tuple[Hex, ...]:
        """Inside hexes on the wall nearest the enemy, for reserves to reinforce."""
        state = game.state
        if not enemy_hexes:
            return ()
        posts = []
        for key, wall in state.map.walls.items():
            inside = wall.inside
            outside = key[0] if key[1] == inside else key[1]
            if min(outside.distance(e) for e in enemy_hexes) <= 3 and \
                    state.men_at(inside, self.side) < game.scenario.rules.stacking_limit // 2:
                posts.append(inside)
        return tuple(sorted(set(posts)))

    def _raid_targets(self, view: View) -> tuple[Hex, ...]:
        """Where enemy camps were last seen near enough for a night raid."""
        own = [u.hex for u in view.own]
        spots = sorted({h for h, _ in view.last_seen.values()})
        near = [h for h in spots if min((h.distance(o) for o in own), default=99) <= 6]
        return tuple(near[:3])

    def _escape_moves(self, game: Game, view: View) -> list[Order]:
        state = game.state
        exits = tuple(sorted(h for h, (_, sides) in state.map.exits.items() if self.side in sides))
        orders: list[Order] = []
        planned = self._men_by_hex(view)
        for unit in sorted(view.own, key=lambda u: u.id):
            if unit.moved or unit.morale == "routed":
                continue
            if unit.hex in state.map.exits:
                orders.append(Exit(unit.id))
                continue
            field = self.fields.field(state, exits, unit.type.movement, None, self.side)

            def score(h: Hex, field=field, unit=unit) -> float:
                value = field.get(h, INF) + self._crowd(game, planned, h, unit)
                if h in state.map.water_hexes:
                    men = planned.get(h, 0) + (0 if h == unit.hex else unit.strength)
                    overload = men / max(ice.capacity(state, h), 1.0) - 0.8
                    value += self.style.ice_caution * max(0.0, overload)
                return value

            step = self._best_step(game, unit, score)
            if step is not None:
                orders.append(self._plan_step(planned, unit, step))
        return orders

    # ------------------------------------------------------------------ fire phase

    def _fire(self, game: Game, view: View) -> list[Order]:
        state = game.state
        posture = self._posture(game)
        enemy_hexes = view.enemy_hexes()
        orders: list[Order] = []
        expected_on: dict[Hex, float] = {}
        for unit in sorted(view.own, key=lambda u: u.id):
            if unit.fired or unit.morale == "routed" or self._slip():
                continue
            weapons = combat.weapons_of(state, unit)
            if not weapons:
                continue
            if posture == "attack" and any(w.vs_works > 0 for w in weapons):
                order = self._bombard_order(game, unit)
                if order is not None:
                    orders.append(order)
                    continue
            reach = max(w.range for w in weapons)
            best, best_value = None, 0.5
            for h in enemy_hexes:
                if h.distance(unit.hex) > reach or not self._spend():
                    continue
                odds = combat.fire_odds(state, unit, h)
                if odds is None:
                    continue
                men = max(1, state.men_at(h))  # visible hex: its men are seen
                overkill = expected_on.get(h, 0.0) / men
                value = odds.expected * (1.0 - min(0.9, overkill * 3))
                if value > best_value:
                    best, best_value = h, value
            if best is not None:
                orders.append(Fire(unit.id, best.offset))
                expected_on[best] = expected_on.get(best, 0.0) + best_value
        return orders

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

    def _assault(self, game: Game, view: View) -> list[Order]:
        state = game.state
        posture = self._posture(game)
        if posture == "escape":
            return []
        night = state.is_night()
        if posture == "attack" and night:
            return []   # no general assault in the dark
        interiors = self._interior(game)
        ours = set().union(*interiors.values()) if interiors else set()
        keep = {h for hexes in self._goals(game, "defend").values() for h in hexes}
        wanted = {h for hexes in self._goals(game, "attack").values() for h in hexes}
        orders: list[Order] = []
        used: set[str] = set()
        candidates = []
        for target in view.enemy_hexes():
            attackers = [u for u in view.own if u.id not in used and u.hex.distance(target) == 1
                         and game.check(Assault((u.id,), target.offset)) is None]
            if not attackers or not self._spend(5):
                continue
            if posture == "defend" and not (target in ours or target in keep or night):
                continue   # the garrison sallies only to retake its own ground, or by night
            group = attackers if self.style.coordinate else [max(attackers, key=lambda u: u.strength)]
            odds = game.preview_assault(tuple(u.id for u in group), target.offset)
            if odds is None:
                continue
            value = odds.chances["taken"] + (0.5 if target in wanted or target in keep else 0.0)
            candidates.append((-value, target, group, odds))
        threshold = self.style.take_threshold + (0.15 if posture == "defend" and night else 0.0)
        repulse_limit = self.style.repulse_limit
        if posture == "attack" and self._storm_day is not None:
            threshold, repulse_limit = threshold * 0.5, min(0.8, repulse_limit + 0.25)
        for _, target, group, odds in sorted(candidates, key=lambda c: (c[0], c[1])):
            group = [u for u in group if u.id not in used]
            if not group:
                continue
            if odds.chances["taken"] < threshold or odds.chances["repulsed"] > repulse_limit:
                continue
            if self._slip():
                continue
            orders.append(Assault(tuple(u.id for u in group), target.offset))
            used.update(u.id for u in group)
        return orders
