"""Planning: what kind of battle this is for the side, and what it means to do in it.

Read from what every scenario has: who holds each objective at the start and what it is worth
to the side (a side that holds most of what it scores for defends, the other attacks), the
enclosures and their gates, the exits and whether the side scores for men got away, and the
calendar. The thresholds scale with the armies (the side's own strength), the map (its
enclosures) and the clock (the battle's length and the day's light).
"""

from __future__ import annotations

from datetime import datetime

from siege.ai.mind import Mind
from siege.ai.situation import Foe, Ground, Situation, unit_types
from siege.engine.hexes import Hex
from siege.engine.seat import Seat


class Planning(Mind):
    """(part of `Commander`)"""

    def _situation(self, seat: Seat) -> Situation:
        if self._ground is None:
            self._ground = Ground.of(seat)
        view = seat.view()
        types = unit_types(seat)
        foes = []
        for e in view.enemies:
            self._memory[e.id] = (e.hex, seat.turn, e.type, e.strength, e.morale)
            foes.append(Foe(e.id, e.hex, e.strength, types[e.type], e.morale, True))
        seen_ids = {e.id for e in view.enemies}
        seen_hexes = {e.hex for e in view.enemies}
        for uid in sorted(self._memory):
            where, turn, type_id, strength, mood = self._memory[uid]
            if uid in seen_ids or seat.turn - turn > self.style.memory_turns:
                continue
            if where in seat.visible() and where not in seen_hexes:
                continue  # we can see the place, and he is not there
            foes.append(Foe(uid, where, strength, types[type_id], mood, False))
        return Situation.read(seat, self._ground, foes)

    def _nature_of(self, seat: Seat) -> str:
        """A side that holds most of what it scores for at the start is the defender."""
        posture = self.intent.posture if self.intent is not None else "auto"
        if self._nature is None and posture != "auto":
            self._nature = "attacker" if posture == "attack" else "defender"
        if self._nature is None:
            held = gain = 0.0
            for obj in seat.scenario.objectives:
                points = obj.points.get(self.side, 0.0)
                if obj.holder == self.side:
                    held += points
                else:
                    gain += points
            self._nature = "defender" if held > gain else "attacker"
        return self._nature

    def _posture(self, seat: Seat, sit: Situation) -> str:
        """attack, defend or escape."""
        if self.escaping:
            return "escape"
        if self._nature_of(seat) == "attacker":
            return "attack"
        if self._should_escape(seat, sit):
            self.escaping = True
            return "escape"
        return "defend"

    def _should_escape(self, seat: Seat, sit: Situation) -> bool:
        """By night, once the walls are carried or the ground mostly lost or the men too few."""
        side = next(s for s in seat.scenario.sides if s.id == self.side)
        if side.scoring.per_1000_own_escaped <= 0 or not sit.ground.exits.get(self.side):
            return False
        if (
            self.intent is not None
            and self.intent.hold_until
            and seat.clock.time(seat.minutes) < datetime.fromisoformat(self.intent.hold_until)
        ):
            return False
        if not sit.night:
            return False
        held_at_start = sum(
            o.points.get(self.side, 0.0) for o in seat.scenario.objectives if o.holder == self.side
        )
        held = sum(
            o.points.get(self.side, 0.0)
            for o in seat.scenario.objectives
            if sit.objectives.get(o.id) == self.side
        )
        lost_ground = held_at_start > 0 and held <= 0.5 * held_at_start
        weak = sit.own_men() < 0.4 * seat.start_strength()
        return lost_ground or weak or self._walls_carried(seat, sit)

    def _walls_carried(self, seat: Seat, sit: Situation) -> bool:
        """Is the enemy inside our outer wall in strength, or holding half its gates?"""
        outer = sit.ground.outer
        if not outer:
            return False
        inside = sum(f.strength for f in sit.foes if f.hex in outer)
        gates = [g for g in seat.map.gates.values() if g.inside in outer]
        lost = sum(1 for g in gates if sit.gate_holders.get(g.id) not in (None, self.side))
        garrison = seat.start_strength()  # "in strength" is reckoned against our own
        return inside >= 0.25 * garrison or bool(
            gates and lost * 2 >= len(gates) and inside >= 0.1 * garrison
        )

    def _goals(self, seat: Seat, want: str) -> dict[str, tuple[Hex, ...]]:
        """Objective id -> its hexes: those to take ("attack") or to keep ("defend")."""
        goals = {}
        held = seat.objectives
        for obj in seat.scenario.objectives:
            if obj.points.get(self.side, 0.0) <= 0:
                continue
            holder = held.get(obj.id)
            if (want == "attack") == (holder != self.side):
                goals[obj.id] = self._read_ground().objective_hexes[obj.id]
        return goals

    def _read_ground(self) -> Ground:
        """The ground as read at the first phase (`_situation` reads it)."""
        assert self._ground is not None, "the ground is read with the first situation"
        return self._ground

    def _walled(self, goal: tuple[Hex, ...]) -> bool:
        return any(h in self._read_ground().enclosed for h in goal)

    def _storming(self, seat: Seat, sit: Situation) -> bool:
        """Is this a day of general assault? Once the outworks are taken (or a third of the
        battle's time is spent before the walls, or what is left of it is less than a day), by
        day with light enough for the work — half a day's daylight, or what the battle has
        left: then the whole army goes in together, and goes on doing so each day after."""
        if sit.night:
            return False
        day = seat.clock.time(seat.minutes).date()
        if self._storm_day == day:
            return True
        if (
            self.intent is not None
            and self.intent.storm_after
            and seat.clock.time(seat.minutes) < datetime.fromisoformat(self.intent.storm_after)
        ):
            return False
        goals = self._goals(seat, "attack")
        outworks = [g for g, hexes in goals.items() if not self._walled(hexes)]
        walled = [g for g, hexes in goals.items() if self._walled(hexes)]
        if not walled:
            return False
        left = sit.time_left()
        pressed = left <= 24 * 60 or left <= sit.time_total() * 2 // 3
        light = min(sit.daylight() // 2, left)
        if (not outworks or pressed or self._stormed) and sit.light_left() >= light:
            self._storm_day = day
            self._stormed = True
            return True
        return False

    def _pressing(self, seat: Seat, sit: Situation) -> float:
        """How much the enemy's fire counts on the march: all of it while the battle as it
        stands is won; once standing still loses it, only the share of the battle's time left,
        so that the later it is, the more fire a unit accepts to get to its goal."""
        if seat.outcome().winner == self.side:
            return 1.0
        return sit.time_left() / sit.time_total()

    def _exchange(self, seat: Seat) -> tuple[float, float]:
        """What one man lost is worth to the victory margin (our points less theirs), read from
        both sides' scoring: (an enemy's man, one of ours — a cost)."""
        ours = next(s for s in seat.scenario.sides if s.id == self.side).scoring
        theirs = next(s for s in seat.scenario.sides if s.id == seat.enemy).scoring
        enemy_man = (ours.per_1000_enemy_lost - theirs.per_1000_own_lost) / 1000.0
        own_man = (theirs.per_1000_enemy_lost - ours.per_1000_own_lost) / 1000.0
        return enemy_man, own_man

    def _swing(self, seat: Seat, sit: Situation, h: Hex) -> float:
        """What taking hex `h` would move the margin by: each objective on it, shared over its
        hexes (all of them must be cleared), counting what the enemy loses as well as what we
        gain; a stretch of the enemy's wall, the least of what the walled goals' hexes are
        worth, for the way in it opens."""
        swing = self._objective_swing(seat, sit, h)
        if swing == 0.0 and h in sit.ground.rampart:
            walled = (
                self._objective_swing(seat, sit, x)
                for hexes in self._goals(seat, "attack").values()
                if self._walled(hexes)
                for x in hexes
            )
            swing = min((v for v in walled if v > 0), default=0.0)
        return swing

    def _objective_swing(self, seat: Seat, sit: Situation, h: Hex) -> float:
        swing = 0.0
        for obj in seat.scenario.objectives:
            hexes = self._read_ground().objective_hexes[obj.id]
            holder = sit.objectives.get(obj.id)
            if h not in hexes or holder == self.side:
                continue
            gain = obj.points.get(self.side, 0.0)
            if holder == seat.enemy:
                gain += obj.points.get(seat.enemy, 0.0)
            swing += gain / len(hexes)
        return swing

    def _assault_worth(self, seat: Seat, sit: Situation, odds, h: Hex) -> float:
        """The expected change to the victory margin of an assault with these odds on `h`:
        the ground it may take, and the men both sides are expected to lose."""
        enemy_man, own_man = self._exchange(seat)
        return (
            odds.chances["taken"] * self._swing(seat, sit, h)
            + odds.defender_loss * enemy_man
            - odds.attacker_loss * own_man
        )

    def _is_objective_hex(self, seat: Seat, h: Hex) -> bool:
        return any(h in hexes for hexes in self._read_ground().objective_hexes.values())
