"""What a commander reads off the field before he gives orders.

`Ground` is what the map says and never changes in a battle: the inside of each enclosure, the
stretches of wall and the hexes just outside them, the gates, the objectives. `Situation` is one
phase's reading of one side's view: where the enemy is seen (and where he was last seen), how
much fire he can put on each hex, where the flames may spread, and the odds of an assault
estimated from what can be seen — the same arithmetic the rules use, so a plan made on it holds
when the order is given. Nothing here reads an enemy the side cannot see.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from siege.engine import morale
from siege.engine.fire import downwind
from siege.engine.hexes import Hex
from siege.engine.map import INF
from siege.engine.state import GameState, UnitState
from siege.engine.view import View, visible_from
from siege.scenario.schema import UnitType, WeaponType

# P(2d6 >= n) for n = 2..12 (and beyond the ends)
_AT_LEAST = {n: sum(1 for a in range(1, 7) for b in range(1, 7) if a + b >= n) / 36
             for n in range(2, 13)}


def p_at_least(n: float) -> float:
    need = math.ceil(n - 1e-9)
    if need <= 2:
        return 1.0
    if need > 12:
        return 0.0
    return _AT_LEAST[need]


def assault_chances(ratio: float) -> tuple[float, float]:
    """(P taken, P repulsed) of an assault at attack/defence `ratio` (ladders aside)."""
    score = math.log2(max(ratio, 1e-6))
    taken = p_at_least(7 + 4 * (0.5 - score))
    repulsed = 1.0 - p_at_least(7 + 4 * (-0.5 - score) + 1e-6)
    return taken, repulsed


@dataclass
class Ground:
    """The static lie of the land for planning (built once per battle map)."""

    interiors: dict[str, frozenset[Hex]]
    outer: frozenset[Hex]                     # inside the largest enclosure
    works: frozenset[Hex]                     # inside loopholed works
    faces: dict[Hex, tuple[tuple[Hex, tuple[Hex, Hex]], ...]]   # inside hex -> (outside, edge)
    rampart: frozenset[Hex]                   # inside hexes on the outer wall, facing out
    enclosed: frozenset[Hex]                  # inside any enclosure
    gates_inside: dict[Hex, str]              # inside hex -> gate id
    objective_hexes: dict[str, tuple[Hex, ...]]
    exits: dict[str, tuple[Hex, ...]]         # side -> its exit hexes

    @classmethod
    def of(cls, state: GameState) -> "Ground":
        scenario = state.scenario
        rows = scenario.map.rows()
        interiors: dict[str, frozenset[Hex]] = {}
        for enc in scenario.map.enclosures:
            codes = set(enc.around)
            interiors[enc.id] = frozenset(Hex.from_offset(c, r) for r, line in enumerate(rows)
                                          for c, ch in enumerate(line) if ch in codes)
        outer = max(interiors.values(), key=len) if interiors else frozenset()
        loopholed = {e.id for e in scenario.map.enclosures if e.loopholes}
        works = frozenset(h for k, v in interiors.items() if k in loopholed for h in v)
        faces: dict[Hex, list] = {}
        for key in sorted(state.map.walls):
            wall = state.map.walls[key]
            outside = key[0] if key[1] == wall.inside else key[1]
            faces.setdefault(wall.inside, []).append((outside, key))
        enclosed = frozenset(h for v in interiors.values() for h in v)
        rampart = frozenset(h for h, v in faces.items() if h in outer
                            and any(o not in outer for o, _ in v))
        exits: dict[str, list[Hex]] = {}
        for h in sorted(state.map.exits):
            for side in state.map.exits[h][1]:
                exits.setdefault(side, []).append(h)
        return cls(interiors, outer, works, {h: tuple(v) for h, v in faces.items()}, rampart, enclosed,
                   {g.inside: g.id for g in state.map.gates.values()},
                   {o.id: tuple(sorted(Hex.from_offset(*p) for p in o.hexes))
                    for o in scenario.objectives},
                   {k: tuple(v) for k, v in exits.items()})


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
    state: GameState
    view: View
    ground: Ground
    foes: list[Foe]
    night: bool
    enemy_at: dict[Hex, list[Foe]] = field(default_factory=dict)
    _danger: dict[Hex, float] | None = None
    _fire_risk: dict[Hex, float] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for f in self.foes:
            if f.seen:
                self.enemy_at.setdefault(f.hex, []).append(f)

    @property
    def enemy_hexes(self) -> set[Hex]:
        return set(self.enemy_at)

    def enemy_men(self, h: Hex) -> int:
        return sum(f.strength for f in self.enemy_at.get(h, ()))

    # ------------------------------------------------------------------ enemy fire

    def danger(self, h: Hex) -> float:
        """Share (in %) of a unit's men the enemy's missiles can be expected to hit in a turn
        while it stands in `h`, counting every enemy seen or lately seen who could fire on it."""
        if self._danger is None:
            self._danger = self._danger_map()
        return self._danger.get(h, 0.0)

    def _danger_map(self) -> dict[Hex, float]:
        state, rules = self.state, self.state.scenario.rules
        m = state.map
        weapons = {w.id: w for w in state.scenario.weapons}
        guns = {u.id: u.guns for u in state.scenario.units}
        out: dict[Hex, float] = {}
        for foe in self.foes:
            arms = [weapons[w] for w in foe.type.weapons if w in weapons]
            if not arms or foe.morale == "routed":
                continue
            factor = rules.morale_factor.get(foe.morale, 1.0) * \
                rules.quality_factor.get(foe.type.quality, 1.0)
            if not foe.seen:
                factor *= 0.7     # he may have moved
            loopholed = foe.hex in self.ground.works
            best: dict[Hex, float] = {}
            for w in arms:
                reach = w.range
                if self.night and not w.indirect:
                    reach = min(reach, rules.sight_night)
                sight = None if w.indirect else visible_from(m, foe.hex, max(reach, rules.sight_day))
                base = (guns.get(foe.id, 0) if w.per_gun
                        else min(foe.strength, rules.firing_men) / 100.0) * w.lethality * factor
                if self.night:
                    base *= w.night_factor
                for h in foe.hex.within(reach):
                    if h == foe.hex or (sight is not None and h not in sight):
                        continue
                    d = foe.hex.distance(h)
                    hits = base * (0.5 if d > w.effective_range else 1.0)
                    if loopholed and h not in self.ground.works:
                        hits *= 1.0 + rules.loophole_fire_bonus
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
            out[h] = out[h] * max(0.0, 1.0 - c) / 10.0   # hits on 1,000 men, as a percentage
        return out

    # ------------------------------------------------------------------ fire in the city

    def fire_risk(self, h: Hex) -> float:
        """Chance this hex is burning by the end of the turn (1 if it burns now)."""
        state = self.state
        if h in state.fires:
            return 1.0
        if h in self._fire_risk:
            return self._fire_risk[h]
        risk = 0.0
        if h in state.map.flammable_hexes and h not in state.burned_out and state.fires:
            rules = state.scenario.rules
            spare = 1.0
            for d, n in enumerate(h.neighbours()):
                if n in state.fires:
                    # the flames in n reach h if h lies downwind of n
                    back = (d + 3) % 6
                    chance = rules.fire_spread
                    if downwind(state.wind_from, back):
                        chance += rules.fire_wind_bonus * state.wind_strength
                    spare *= 1.0 - min(0.95, chance)
            risk = 1.0 - spare
        self._fire_risk[h] = risk
        return risk

    # ------------------------------------------------------------------ assault arithmetic

    def attack_value(self, unit: UnitState, frm: Hex, target: Hex, men: int | None = None) -> float:
        """What `unit` would bring to an assault on `target` from `frm` (frontage-limited)."""
        state, rules = self.state, self.state.scenario.rules
        n = min(unit.strength if men is None else men, rules.frontage_men)
        value = n * unit.type.melee * rules.morale_factor.get(unit.morale, 1.0) \
            * rules.quality_factor.get(unit.type.quality, 1.0)
        value *= 1.0 + morale.effect_bonus(state, unit, "assault_bonus")
        value *= morale.suppression_factor(state, unit, rules.suppression_assault)
        kind = self.edge_kind(frm, target)
        if kind == "wall":
            value *= min(1.0, rules.escalade_factor + morale.effect_bonus(state, unit, "escalade_bonus"))
        elif kind == "breach":
            value *= rules.breach_factor
        return value

    def edge_kind(self, a: Hex, b: Hex) -> str:
        from siege.engine.combat import _edge_kind
        return _edge_kind(self.state, a, b)

    def defence_value(self, target: Hex, hexes_attacking: int, defenders: list | None = None) -> float:
        """The defence of `target` as seen (strengths are only known to the nearest hundred)."""
        rules = self.state.scenario.rules
        m = self.state.map
        units = self.enemy_at.get(target, []) if defenders is None else defenders
        men = sum(u.strength for u in units)
        if men <= 0:
            return 1.0
        engaged = min(men, rules.frontage_men * max(1, hexes_attacking))
        fighting = engaged + rules.reserve_factor * (men - engaged)   # reserves feed the fight
        value = 0.0
        for u in units:
            value += fighting * u.strength / men * u.type.melee \
                * rules.morale_factor.get(u.morale, 1.0) * rules.quality_factor.get(u.type.quality, 1.0)
        cover = float(m.cover[target.r, target.col]) + m.work_cover.get(target, 0.0)
        return max(1.0, value * (1.0 + cover))

    def odds(self, placed: list[tuple[UnitState, Hex]], target: Hex,
             defence: float | None = None) -> tuple[float, float]:
        """(P taken, P repulsed) if these units attacked `target` from these hexes, counting the
        chance that ladders are thrown down (as the rules do)."""
        rules = self.state.scenario.rules
        hexes = {frm for _, frm in placed}
        defence = self.defence_value(target, len(hexes)) if defence is None else defence
        climbers = [i for i, (u, frm) in enumerate(placed)
                    if self.edge_kind(frm, target) == "wall"]
        climbers = climbers[:5]
        taken = repulsed = 0.0
        for mask in range(1 << len(climbers)):
            p = 1.0
            thrown = set()
            for bit, i in enumerate(climbers):
                unit = placed[i][0]
                q = max(0.0, rules.ladder_throw_chance
                        - morale.effect_bonus(self.state, unit, "escalade_bonus") / 2)
                if mask >> bit & 1:
                    p *= q
                    thrown.add(i)
                else:
                    p *= 1.0 - q
            if p <= 0.0:
                continue
            room: dict[Hex, int] = {}
            attack = 0.0
            for i, (u, frm) in enumerate(placed):
                if i in thrown:
                    continue
                free = rules.frontage_men - room.get(frm, 0)
                n = max(0, min(u.strength, free))
                room[frm] = room.get(frm, 0) + n
                if n:
                    attack += self.attack_value(u, frm, target, n)
            if attack <= 0:
                repulsed += p
                continue
            t, r = assault_chances(attack / defence)
            taken += p * t
            repulsed += p * r
        return taken, repulsed


def unit_types(state: GameState) -> dict[str, UnitType]:
    return {t.id: t for t in state.scenario.unit_types}


def weapons_by_id(state: GameState) -> dict[str, WeaponType]:
    return {w.id: w for w in state.scenario.weapons}


def far(h: Hex, others) -> float:
    return float(min((h.distance(o) for o in others), default=INF))
