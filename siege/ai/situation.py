"""What a commander reads off the field before he gives orders, all of it through his seat.

`Ground` is what the map says and never changes in a battle: the inside of each enclosure, the
stretches of wall and the hexes just outside them, the gates, the objectives, the exits.
`Situation` is one phase's reading of one side's seat: where the enemy is seen (and where he
was last seen), how much fire he can put on each hex, where the flames may spread, and the
odds of an assault planned before the march — asked of the seat, which answers with the rules'
own arithmetic. Nothing here can read an enemy the side cannot see: the seat is all it has.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from siege.engine.burning import downwind
from siege.engine.combat import AssaultOdds
from siege.engine.hexes import Hex, edge_key
from siege.engine.map import BattleMap
from siege.engine.seat import Seat
from siege.engine.state import UnitState
from siege.engine.view import visible_from
from siege.scenario.schema import UnitType

REACHES_KEPT = 20_000  # firing positions remembered (a few MB), then begun afresh


@dataclass
class Ground:
    """The static lie of the land for planning (built once per battle map)."""

    interiors: dict[str, frozenset[Hex]]
    outer: frozenset[Hex]  # inside the largest enclosure
    works: frozenset[Hex]  # inside loopholed works
    faces: dict[Hex, tuple[tuple[Hex, tuple[Hex, Hex]], ...]]  # inside hex -> (outside, edge)
    rampart: frozenset[Hex]  # inside hexes on the outer wall, facing out
    enclosed: frozenset[Hex]  # inside any enclosure
    gates_inside: dict[Hex, str]  # inside hex -> gate id
    objective_hexes: dict[str, tuple[Hex, ...]]
    exits: dict[str, tuple[Hex, ...]]  # side -> its exit hexes
    # (where, range, effective range, sight) -> `fire_reach` on `_reach_map`: a battle asks
    # again and again for the same few hundred firing positions
    _reach: dict[tuple[object, ...], tuple[tuple[Hex, float], ...]] = field(default_factory=dict)
    _reach_map: BattleMap | None = None

    @classmethod
    def of(cls, seat: Seat) -> Ground:
        scenario = seat.scenario
        m = seat.map
        rows = scenario.map.rows()
        interiors: dict[str, frozenset[Hex]] = {}
        for enc in scenario.map.enclosures:
            codes = set(enc.around)
            interiors[enc.id] = frozenset(
                Hex.from_offset(c, r)
                for r, line in enumerate(rows)
                for c, ch in enumerate(line)
                if ch in codes
            )
        outer = max(interiors.values(), key=len) if interiors else frozenset()
        loopholed = {e.id for e in scenario.map.enclosures if e.loopholes}
        works = frozenset(h for k, v in interiors.items() if k in loopholed for h in v)
        faces: dict[Hex, list] = {}
        for key in sorted(m.walls):
            wall = m.walls[key]
            outside = key[0] if key[1] == wall.inside else key[1]
            faces.setdefault(wall.inside, []).append((outside, key))
        enclosed = frozenset(h for v in interiors.values() for h in v)
        rampart = frozenset(
            h for h, v in faces.items() if h in outer and any(o not in outer for o, _ in v)
        )
        exits: dict[str, list[Hex]] = {}
        for h in sorted(m.exits):
            for side in m.exits[h][1]:
                exits.setdefault(side, []).append(h)
        return cls(
            interiors,
            outer,
            works,
            {h: tuple(v) for h, v in faces.items()},
            rampart,
            enclosed,
            {g.inside: g.id for g in m.gates.values()},
            {
                o.id: tuple(sorted(Hex.from_offset(*p) for p in o.hexes))
                for o in scenario.objectives
            },
            {k: tuple(v) for k, v in exits.items()},
        )

    def fire_reach(
        self, m: BattleMap, at: Hex, reach: int, effective: int, sight: int | None
    ) -> tuple[tuple[Hex, float], ...]:
        """The hexes a weapon of range `reach` fired from `at` can strike, each with the share
        of its full effect it has there (half beyond the `effective` range); a weapon that
        needs to see its target strikes only the hexes seen from `at` within `sight`."""
        if self._reach_map is not m or len(self._reach) >= REACHES_KEPT:
            self._reach.clear()  # (a new map, after an event changed the ground)
            self._reach_map = m
        key = (at, reach, effective, sight)
        found = self._reach.get(key)
        if found is None:
            seen = None if sight is None else visible_from(m, at, sight)
            found = self._reach[key] = tuple(
                (h, 0.5 if at.distance(h) > effective else 1.0)
                for h in at.within(reach)
                if h != at and (seen is None or h in seen)
            )
        return found


@dataclass
class Foe:
    """An enemy unit as this side knows it: seen now, or remembered where it was last seen."""

    id: str
    hex: Hex
    strength: int
    type: UnitType
    morale: str
    seen: bool


@dataclass
class Situation:
    """One phase's reading of the field. The public state (fires, gates, objectives) is read
    from the seat once, here, rather than by every unit that asks."""

    seat: Seat
    ground: Ground
    foes: list[Foe]
    own: list[UnitState]
    night: bool
    fires: dict[Hex, int] = field(default_factory=dict)
    burned_out: frozenset[Hex] = frozenset()
    gates: dict[str, str] = field(default_factory=dict)
    gate_holders: dict[str, str | None] = field(default_factory=dict)
    objectives: dict[str, str | None] = field(default_factory=dict)
    enemy_at: dict[Hex, list[Foe]] = field(default_factory=dict)
    _danger: dict[Hex, float] | None = None
    _fire_risk: dict[Hex, float] = field(default_factory=dict)
    _odds: dict[tuple, AssaultOdds | None] = field(default_factory=dict)

    @classmethod
    def read(cls, seat: Seat, ground: Ground, foes: list[Foe]) -> Situation:
        return cls(
            seat,
            ground,
            foes,
            list(seat.units()),
            seat.is_night(),
            dict(seat.fires),
            frozenset(seat.burned_out),
            dict(seat.gates),
            dict(seat.gate_holders),
            dict(seat.objectives),
        )

    def __post_init__(self) -> None:
        for f in self.foes:
            if f.seen:
                self.enemy_at.setdefault(f.hex, []).append(f)

    @property
    def side(self) -> str:
        return self.seat.side

    @property
    def rules(self):
        return self.seat.scenario.rules

    def enemy_men(self, h: Hex) -> int:
        return sum(f.strength for f in self.enemy_at.get(h, ()))

    def own_men(self) -> int:
        return sum(u.strength for u in self.own)

    def enemy_strength(self) -> int:
        """The enemy's men as far as known: those seen or lately seen."""
        return sum(f.strength for f in self.foes)

    # ------------------------------------------------------------------ the clock

    def light_left(self) -> int:
        """Minutes of daylight left today (0 at night)."""
        clock, minutes = self.seat.clock, self.seat.minutes
        left = 0
        while not clock.is_night(minutes) and not clock.finished(minutes) and left < 24 * 60:
            left += clock.turn_length(minutes)
            minutes += clock.turn_length(minutes)
        return left

    def daylight(self) -> int:
        """Minutes from sunrise to sunset, as the calendar sets them."""
        clock = self.seat.clock
        return (clock.sunset[0] * 60 + clock.sunset[1]) - (clock.sunrise[0] * 60 + clock.sunrise[1])

    def time_left(self) -> int:
        """Minutes until the battle's last turn ends."""
        clock = self.seat.clock
        return max(0, int((clock.end - clock.time(self.seat.minutes)).total_seconds() // 60))

    def turns_left(self) -> float:
        """The battle's time left, in turns of the present length."""
        return self.time_left() / max(1, self.seat.clock.turn_length(self.seat.minutes))

    def time_total(self) -> int:
        clock = self.seat.clock
        return max(1, int((clock.end - clock.start).total_seconds() // 60))

    def night_of(self):
        """The date of the evening a night began on (the small hours belong to the evening
        before), so that one night is one night even across midnight."""
        return (self.seat.clock.time(self.seat.minutes) - timedelta(hours=12)).date()

    # ------------------------------------------------------------------ the ground

    def edge_kind(self, a: Hex, b: Hex) -> str:
        """What an assault across a|b meets: 'open' ground, a 'breach' or a 'wall' to climb."""
        if edge_key(a, b) not in self.seat.map.walls:
            return "open"
        return self.seat.edge_kind(a, b)

    # ------------------------------------------------------------------ enemy fire

    def danger(self, h: Hex) -> float:
        """Share (in %) of a unit's men the enemy's missiles might hit in a turn while it
        stands in `h`, counting every enemy seen or lately seen who could fire on it: a rough
        reckoning of threat for choosing where to stand, not the rules' odds of a volley."""
        if self._danger is None:
            self._danger = self._danger_map()
        return self._danger.get(h, 0.0)

    def _danger_map(self) -> dict[Hex, float]:
        seat, rules = self.seat, self.rules
        m = seat.map
        weapons = {w.id: w for w in seat.scenario.weapons}
        guns = {u.id: u.guns for u in seat.scenario.units}  # the order of battle is public
        out: dict[Hex, float] = {}
        for foe in self.foes:
            arms = [weapons[w] for w in foe.type.weapons if w in weapons]
            if not arms or foe.morale == "routed":
                continue
            factor = (
                rules.morale_factor.get(foe.morale, 1.0)
                * rules.quality_factor.get(foe.type.quality, 1.0)
                * (1.0 if foe.seen else 0.7)
            )
            best: dict[Hex, float] = {}
            for w in arms:
                reach = (
                    w.range if (w.indirect or not self.night) else min(w.range, rules.sight_night)
                )
                sight = None if w.indirect else max(reach, rules.sight_day)
                base = (
                    (
                        guns.get(foe.id, 0)
                        if w.per_gun
                        else min(foe.strength, rules.firing_men) / 100.0
                    )
                    * w.lethality
                    * factor
                )
                if self.night:
                    base *= w.night_factor
                for h, share in self.ground.fire_reach(m, foe.hex, reach, w.effective_range, sight):
                    hits = base * share
                    if hits > best.get(h, 0.0):
                        best[h] = hits
            for h, hits in best.items():
                out[h] = out.get(h, 0.0) + hits
        cover = m.cover
        for h in list(out):
            if not m.on_map(h):
                del out[h]
                continue
            c = float(cover[h.r, h.col]) + m.work_cover.get(h, 0.0)
            out[h] = out[h] * max(0.0, 1.0 - c) / 10.0  # hits on 1,000 men, as a percentage
        return out

    # ------------------------------------------------------------------ fire in the city

    def fire_risk(self, h: Hex) -> float:
        """Chance this hex is burning by the end of the turn (1 if it burns now)."""
        if h in self.fires:
            return 1.0
        found = self._fire_risk.get(h)
        if found is not None:
            return found
        risk = 0.0
        m = self.seat.map
        if h in m.flammable_hexes and h not in self.burned_out and self.fires:
            rules = self.rules
            wind_from, wind_strength = self.seat.wind_from, self.seat.wind_strength
            spare = 1.0
            for d, n in enumerate(h.neighbours()):
                if n in self.fires:
                    chance = rules.fire_spread  # the flames in n reach h downwind of n
                    if downwind(wind_from, (d + 3) % 6):
                        chance += rules.fire_wind_bonus * wind_strength
                    spare *= 1.0 - min(0.95, chance)
            risk = 1.0 - spare
        self._fire_risk[h] = risk
        return risk

    # ------------------------------------------------------------------ the odds, from the seat

    def assault_odds(self, placed: list[tuple[UnitState, Hex]], target: Hex) -> AssaultOdds | None:
        """The rules' odds if these units attacked `target` from these hexes (kept for the
        phase: a plan asks the same question many times)."""
        key = (tuple((u.id, p) for u, p in placed), target)
        if key not in self._odds:
            self._odds[key] = self.seat.preview_assault_from([(u.id, p) for u, p in placed], target)
        return self._odds[key]

    def odds(self, placed: list[tuple[UnitState, Hex]], target: Hex) -> tuple[float, float]:
        """(P taken, P repulsed) of that assault."""
        odds = self.assault_odds(placed, target)
        if odds is None:
            return 0.0, 1.0
        return odds.chances["taken"], odds.chances["repulsed"]

    def attack_value(self, unit: UnitState, frm: Hex, target: Hex) -> float:
        """What `unit` alone would bring to an assault on `target` from `frm` (to rank who
        goes first)."""
        odds = self.assault_odds([(unit, frm)], target)
        return odds.attack if odds is not None else 0.0


def unit_types(seat: Seat) -> dict[str, UnitType]:
    return {t.id: t for t in seat.scenario.unit_types}
