"""Fire, bombardment and assault, each with an odds preview that touches no state.

Fire: expected hits = firers x lethality x modifiers; 2d6 scale the result (7 = as expected).
Every volley that hits suppresses the men in the hex; a heavy volley, or one from a second
direction (crossfire), also forces a morale check, whatever it cost.
Bombardment: guns x damage per gun against a gate or a wall section, until it breaks.
Assault: attack against defence across hex edges, each edge limited by frontage; a wall edge
is climbed by ladder (escalade) unless its gate is broken or the wall breached. The score is
log2(attack / defence) + (2d6 - 7) / 4: at +0.5 the hex falls, at -0.5 the attack is beaten off.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from siege.engine import boats, burning, ice, morale
from siege.engine.events import (
    AssaultResolved,
    Event,
    GateBroken,
    HexIgnited,
    LaddersThrownDown,
    MoraleChanged,
    UnitRetreated,
    VolleyResolved,
    WallBreached,
    WorksDamaged,
)
from siege.engine.hexes import Hex, direction_number, edge_key
from siege.engine.losses import split_combat, take_losses
from siege.engine.movement import can_stand, edge_open, enter_cost
from siege.engine.state import MORALE_STATES, GameState, UnitState
from siege.engine.view import can_see
from siege.scenario.schema import GroundInCombat, Rules, WeaponType

DICE_2D6 = [(a, b) for a in range(1, 7) for b in range(1, 7)]


def weapons_of(state: GameState, unit: UnitState) -> list[WeaponType]:
    """The unit's weapons, as its type arms it (spent or not)."""
    table = {w.id: w for w in state.scenario.weapons}
    armed = state.armament.get(unit.id, unit.type.weapons)  # (events may re-arm a unit)
    return [table[w] for w in armed if w in table]


def ready_weapons(state: GameState, unit: UnitState) -> list[WeaponType]:
    """The unit's weapons it has volleys left for (those that never run out included)."""
    return [w for w in weapons_of(state, unit) if unit.volleys.get(w.id, 1) > 0]


def spend_volley(unit: UnitState, weapon: WeaponType) -> None:
    """One volley of a weapon that runs out is used up."""
    if weapon.id in unit.volleys:
        unit.volleys[weapon.id] -= 1


# --------------------------------------------------------------------------- fire


@dataclass
class FireOdds:
    weapon: WeaponType
    firers: int
    expected: float
    modifiers: list[tuple[str, float]] = field(default_factory=list)
    target_men: int = 0
    morale_risk: dict[str, float] = field(default_factory=dict)
    heavy_chance: float = 0.0  # that the volley is heavy: 2 suppression and a check
    flanking: bool = False  # crossfire: a check whatever the losses
    suppression: dict[str, float] = field(default_factory=dict)  # points gained -> chance

    def describe(self) -> str:
        mods = ", ".join(f"{name} x{value:.2f}" for name, value in self.modifiers)
        text = (
            f"{self.weapon.name}: {self.firers:,} firing, expect {self.expected:.0f} hits ({mods})"
        )
        if self.suppression:
            pins = ", ".join(f"+{k} {v:.0%}" for k, v in self.suppression.items())
            text += f"; suppresses {pins}"
        if self.flanking:
            text += "; crossfire forces a morale check"
        elif self.heavy_chance:
            text += f"; heavy fire {self.heavy_chance:.0%}"
        return text


def wall_cover(state: GameState, shooter: Hex, target: Hex) -> float:
    """Cover the target gets from a wall or work it stands behind, facing the shooter."""
    rules = state.scenario.rules
    line = shooter.line_to(target)
    if len(line) < 2:
        return 0.0
    wall = state.map.walls.get(edge_key(line[-2], line[-1]))
    if wall is None or wall.inside != target or edge_key(line[-2], line[-1]) in state.breaches:
        return 0.0
    return rules.loophole_cover if wall.loopholes else rules.parapet_cover


def fires_from_loopholes(state: GameState, shooter: Hex, target: Hex) -> bool:
    line = shooter.line_to(target)
    if len(line) < 2:
        return False
    wall = state.map.walls.get(edge_key(line[0], line[1]))
    return wall is not None and wall.inside == shooter and wall.loopholes


def fire_odds(
    state: GameState,
    unit: UnitState,
    target: Hex,
    with_morale_risk: bool = False,
    seen: set[Hex] | None = None,
) -> FireOdds | None:
    """The best volley `unit` could fire at `target` now, or None if it cannot reach it.
    `with_morale_risk` adds the chance of each morale and suppression result and whether the
    volley comes as crossfire (for the player's preview), reckoned from the hexes `seen` by the
    firer's side (hidden leaders are not counted)."""
    if unit.hex is None:
        return None
    distance = unit.hex.distance(target)
    best: FireOdds | None = None
    for weapon in weapons_reaching(state, unit, target):
        odds = _weapon_odds(state, unit, weapon, target, distance)
        if best is None or odds.expected > best.expected:
            best = odds
    if best is not None and with_morale_risk:
        _add_suppression_odds(state, unit.hex, target, best)
        best.morale_risk = _fire_morale_risk(state, target, best.expected, best.flanking, seen)
    return best


def weapons_reaching(state: GameState, unit: UnitState, target: Hex) -> list[WeaponType]:
    """The unit's weapons that can fire at `target` now: with volleys left, in range, and in
    sight unless they fire over what is between."""
    if unit.hex is None:
        return []
    distance = unit.hex.distance(target)
    return [
        w
        for w in ready_weapons(state, unit)
        if 0 < distance <= w.range
        and (w.indirect or can_see(state, unit.hex, target, state.is_night()))
    ]


def fire_bearing(shooter: Hex, target: Hex) -> int:
    """The direction (0-5) from the target toward the shooter: where the fire comes from."""
    line = target.line_to(shooter)
    bearing = line[0].direction_to(line[1])
    assert bearing is not None  # the first two hexes of a line are neighbours
    return bearing


def crossfire(state: GameState, unit: UnitState, bearing: int) -> bool:
    """Has the unit been shot at, since its last recovery, from a direction at least
    `crossfire_degrees` away from this one?"""
    apart = state.scenario.rules.crossfire_degrees // 60
    return any(
        unit.fire_bearings >> d & 1 and min(abs(d - bearing), 6 - abs(d - bearing)) >= apart
        for d in range(6)
    )


def _is_heavy(rules: Rules, hits: int, men: int) -> bool:
    return hits >= 1 and hits >= rules.heavy_fire_share * men


def _add_suppression_odds(state: GameState, shooter: Hex, target: Hex, odds: FireOdds) -> None:
    """For the largest unit in the target hex: how much the volley pins it, how likely it is
    to be heavy, and whether it comes as crossfire."""
    units = state.units_at(target)
    if not units:
        return
    rules = state.scenario.rules
    unit = max(units, key=lambda u: (u.strength, u.id))
    gained: dict[str, float] = {}
    heavy = 0.0
    for a, b in DICE_2D6:
        hits = round(odds.expected * (a + b) / 7.0)
        if hits < 1:
            continue
        big = _is_heavy(rules, hits, odds.target_men)
        heavy += big / 36
        points = str(min(2 if big else 1, rules.suppression_max - unit.suppression))
        if points != "0":
            gained[points] = gained.get(points, 0.0) + 1 / 36
    odds.suppression = {k: round(v, 3) for k, v in sorted(gained.items())}
    odds.heavy_chance = round(heavy, 3)
    odds.flanking = crossfire(state, unit, fire_bearing(shooter, target))


def _weapon_odds(
    state: GameState, unit: UnitState, weapon: WeaponType, target: Hex, distance: int
) -> FireOdds:
    rules = state.scenario.rules
    m = state.map
    assert unit.hex is not None, "only a unit on the field shoots"
    if weapon.per_gun:
        firers = unit.guns
        base = firers * weapon.lethality
    else:
        firers = min(unit.strength, rules.firing_men)
        base = firers / 100.0 * weapon.lethality
    mods: list[tuple[str, float]] = []
    if distance > weapon.effective_range:
        mods.append((f"long range ({distance} hexes)", 0.5))
    terrain_cover = float(m.cover[target.r, target.col])
    work = m.work_cover.get(target, 0.0)
    wall = wall_cover(state, unit.hex, target)
    for name, cover in (
        ("terrain cover", terrain_cover),
        ("works", work),
        ("behind the wall", wall),
    ):
        if cover > 0:
            mods.append((name, 1.0 - cover))
    men = state.men_at(target)
    if men > rules.density_threshold:
        mods.append(
            (
                f"crowded ({men:,} men)",
                1.0 + rules.density_penalty * (men / rules.density_threshold - 1.0),
            )
        )
    if state.is_night() and target not in state.fires:
        mods.append(("night", weapon.night_factor))
    mods.append((f"{unit.morale}", rules.morale_factor.get(unit.morale, 1.0)))
    if unit.suppression:
        mods.append(
            (
                f"suppressed ({unit.suppression})",
                morale.suppression_factor(state, unit, rules.suppression_fire),
            )
        )
    quality = rules.quality_factor.get(unit.type.quality, 1.0)
    if quality != 1.0:
        mods.append((unit.type.quality, quality))
    ground = _ground(state, unit)
    if ground is not None and ground[1].fire != 1.0:
        mods.append((f"{unit.type.movement} in {ground[0]}", ground[1].fire))
    if fires_from_loopholes(state, unit.hex, target):
        mods.append(("through loopholes", 1.0 + rules.loophole_fire_bonus))
    if m.elevation_of[unit.hex] - m.elevation_of[target] >= 10:
        mods.append(("firing downhill", 1.0 + rules.height_bonus))
    expected = base
    for _, value in mods:
        expected *= value
    mods = [(n, v) for n, v in mods if abs(v - 1.0) > 1e-9]
    return FireOdds(weapon, firers, expected, mods, men)


def _fire_morale_risk(
    state: GameState, target: Hex, expected: float, flanking: bool, seen: set[Hex] | None = None
) -> dict[str, float]:
    """For the largest unit in the target hex: the chance of each morale result (a check comes
    from heavy losses, heavy fire or crossfire)."""
    units = [u for u in state.units_at(target)]
    if not units:
        return {}
    rules = state.scenario.rules
    men = sum(u.strength for u in units)
    unit = max(units, key=lambda u: (u.strength, u.id))
    check_target, _ = morale.morale_target(state, unit, seen=seen)
    outcomes = _check_outcomes(unit, check_target).items()  # (the same for every roll)
    risk = {"no check": 0.0, "holds": 0.0, "shaken or worse": 0.0, "routed": 0.0}
    for a, b in DICE_2D6:
        hits = round(expected * (a + b) / 7.0)
        own = hits * unit.strength / men
        if (
            own < rules.morale_loss_check * unit.strength
            and not _is_heavy(rules, hits, men)
            and not (flanking and hits >= 1)
        ):
            risk["no check"] += 1 / 36
            continue
        for outcome, p in outcomes:
            risk[outcome] += p / 36
    return {k: round(v, 3) for k, v in risk.items()}


def _check_outcomes(unit: UnitState, target: int) -> dict[str, float]:
    out = {"holds": 0.0, "shaken or worse": 0.0, "routed": 0.0}
    for a, b in DICE_2D6:
        roll = a + b
        if roll <= target:
            out["holds"] += 1 / 36
            continue
        drop = 2 if roll - target >= 4 else 1
        out["routed" if unit.morale_level + drop >= 3 else "shaken or worse"] += 1 / 36
    return out


def resolve_fire(state: GameState, unit: UnitState, target: Hex) -> list[Event]:
    odds = fire_odds(state, unit, target)
    assert odds is not None, "check() refuses fire that cannot reach"
    assert unit.hex is not None
    dice = state.d6(2)
    hits = int(round(odds.expected * sum(dice) / 7.0))
    mods = ", ".join(f"{n} x{v:.2f}" for n, v in odds.modifiers) or "no modifiers"
    events: list[Event] = [
        VolleyResolved(
            text=f"{unit.name} open fire with {odds.weapon.name} at [{target.col}, {target.r}]: "
            f"{odds.firers:,} {'guns' if odds.weapon.per_gun else 'men'}, expected "
            f"{odds.expected:.0f} ({mods}); 2d6 {dice[0]}+{dice[1]} -> {hits} hit.",
            unit=unit.id,
            target=target.offset,
            weapon=odds.weapon.id,
            expected=round(odds.expected, 3),
            modifiers=tuple((n, round(v, 3)) for n, v in odds.modifiers),
            dice=dice,
            hits=hits,
        )
    ]
    unit.fired = True
    spend_volley(unit, odds.weapon)
    events += spread_hits(
        state, target, hits, f"{odds.weapon.name} from {unit.name}", fire_bearing(unit.hex, target)
    )
    if odds.weapon.sets_fire > 0:
        events += try_ignite(state, target, odds.weapon.sets_fire, odds.weapon.name)
    return events


def spread_hits(state: GameState, target: Hex, hits: int, source: str, bearing: int) -> list[Event]:
    """Share hits among the units in a hex by their strength. Every unit there is suppressed
    (two points if the volley is heavy for the hex); heavy losses, heavy fire or crossfire
    (a second direction, `bearing` being this one's) force a morale check."""
    units = state.units_at(target)
    men = sum(u.strength for u in units)
    if hits <= 0 or men == 0:
        return []
    rules = state.scenario.rules
    heavy = _is_heavy(rules, hits, men)
    events: list[Event] = []
    remaining = hits
    for i, u in enumerate(units):
        share = remaining if i == len(units) - 1 else int(round(hits * u.strength / men))
        share = min(share, remaining)
        remaining -= share
        before = u.strength
        flanked = crossfire(state, u, bearing)
        u.fire_bearings |= 1 << bearing
        events += take_losses(state, u, source, **split_combat(share, rules.wound_ratio))
        if u.gone:
            continue
        events += morale.suppress(
            state, u, 2 if heavy else 1, f"{'heavy ' if heavy else ''}{source}"
        )
        why = [
            w
            for w, yes in (
                (f"losses to {source}", share >= rules.morale_loss_check * before),
                (f"heavy fire from {source}", heavy),
                (f"crossfire ({source})", flanked),
            )
            if yes
        ]
        if why:
            events += morale.check(state, u, why[0])
    return events


def try_ignite(state: GameState, target: Hex, chance: float, cause: str) -> list[Event]:
    m = state.map
    if target in state.fires or target in state.burned_out or target not in m.flammable_hexes:
        return []
    caught, roll = state.chance(chance)
    if not caught:
        return []
    state.fires[target] = state.scenario.rules.fire_burn_turns
    return [
        HexIgnited(
            text=f"{cause} set [{target.col}, {target.r}] alight (d100 {roll}).",
            hex=target.offset,
            cause=cause,
        )
    ] + burning.catch(
        state, target, f"{cause}: the hex goes up in flames", state.scenario.rules.fire_losses
    )


# --------------------------------------------------------------------------- bombardment


def bombard_weapon(state: GameState, unit: UnitState, at: Hex) -> WeaponType | None:
    """The best gun the unit has for battering works at hex `at`: in range and, unless it fires
    indirectly, in sight."""
    if unit.hex is None:
        return None
    d = unit.hex.distance(at)
    seen = d == 0 or can_see(state, unit.hex, at, state.is_night())
    options = [
        w
        for w in ready_weapons(state, unit)
        if w.vs_works > 0 and w.range >= d and (w.indirect or seen)
    ]
    return max(options, key=lambda w: (w.vs_works, w.id)) if options else None


def bombard_expected(state: GameState, unit: UnitState, weapon: WeaponType) -> float:
    guns = unit.guns if weapon.per_gun else max(1, unit.strength // 100)
    factor = state.scenario.rules.morale_factor.get(unit.morale, 1.0)
    return guns * weapon.vs_works * factor


def resolve_bombard(state: GameState, unit: UnitState, edge: tuple[Hex, Hex]) -> list[Event]:
    here = unit.hex
    assert here is not None, "only a unit on the field bombards"
    near = min(edge, key=lambda h: h.distance(here))
    weapon = bombard_weapon(state, unit, near)
    assert weapon is not None
    dice = state.d6(2)
    damage = bombard_expected(state, unit, weapon) * sum(dice) / 7.0
    unit.fired = True
    spend_volley(unit, weapon)
    gate = state.map.gate_at_edge.get(edge)
    events: list[Event] = []
    a, b = edge
    if gate is not None and state.gates[gate] != "broken":
        left = max(0.0, state.gate_damage[gate] - damage)
        state.gate_damage[gate] = left
        name = state.map.gates[gate].name
        events.append(
            WorksDamaged(
                text=f"{unit.name} batter {name} with {weapon.name}: 2d6 {dice[0]}+{dice[1]} -> "
                f"{damage:.0f} damage, {left:.0f} left.",
                unit=unit.id,
                target=gate,
                edge=(a.offset, b.offset),
                damage=round(damage, 3),
                remaining=round(left, 3),
                dice=dice,
            )
        )
        if left <= 0:
            state.gates[gate] = "broken"
            events.append(GateBroken(text=f"{name} is smashed open!", gate=gate))
        return events
    wall = state.map.walls[edge]
    left = max(0.0, state.wall_damage.get(edge, wall.strength * wall.condition) - damage)
    state.wall_damage[edge] = left
    events.append(
        WorksDamaged(
            text=f"{unit.name} batter {wall.name} with {weapon.name}: 2d6 {dice[0]}+{dice[1]} -> "
            f"{damage:.0f} damage, {left:.0f} left.",
            unit=unit.id,
            target="wall",
            edge=(a.offset, b.offset),
            damage=round(damage, 3),
            remaining=round(left, 3),
            dice=dice,
        )
    )
    if left <= 0 and edge not in state.breaches:
        state.breaches.append(edge)
        events.append(
            WallBreached(
                text=f"A breach opens in {wall.name}!",
                edge=(a.offset, b.offset),
                enclosure=wall.enclosure,
            )
        )
    return events


# --------------------------------------------------------------------------- assault


@dataclass
class AssaultOdds:
    attack: float
    defence: float
    modifiers: list[tuple[str, float]]
    escalading: list[str]
    chances: dict[str, float]  # taken / held / repulsed
    attacker_loss: float  # expected men lost at even dice
    defender_loss: float
    engaged: int = 0  # defenders at the frontage
    reserve: int = 0  # defenders behind it, who feed the fight
    crowd: int = 0  # attackers behind their frontage, in the crush

    def describe(self) -> str:
        mods = ", ".join(f"{n} x{v:.2f}" for n, v in self.modifiers) or "no modifiers"
        odds = ", ".join(f"{k} {v:.0%}" for k, v in self.chances.items())
        depth = f"{self.engaged:,} defenders at the frontage, {self.reserve:,} in reserve"
        if self.crowd:
            depth += f"; {self.crowd:,} of ours crowd behind the frontage"
        return f"attack {self.attack:.0f} vs defence {self.defence:.0f} ({mods}; {depth}): {odds}"


def _edge_kind(state: GameState, a: Hex, b: Hex) -> str:
    """'open' ground, a 'breach' (an open or broken gate, a breached wall), or a 'wall' to
    climb. A closed or barred gate is a wall to fight across even for the side that holds it:
    it opens its gate to march its own men through, not to sally into the enemy's face."""
    key = edge_key(a, b)
    if key not in state.map.walls:
        return "open"
    return "breach" if edge_open(state, a, b) else "wall"


@dataclass
class _Engagement:
    attack: float
    defence: float
    modifiers: list[tuple[str, float]]
    escalading: list[UnitState]
    engaged: int  # defenders at the frontage
    reserve: int  # defenders behind it
    at_edge: dict[str, int]  # attacker id -> its men at the frontage
    behind: dict[str, int]  # attacker id -> its men crowding behind it


def fighting_value(state: GameState, unit: UnitState) -> float:
    """One man's worth in a melee: melee x morale x quality x what suppression leaves x how
    his kind of troops fight on the ground he stands on."""
    rules = state.scenario.rules
    return (
        unit.type.melee
        * rules.morale_factor.get(unit.morale, 1.0)
        * rules.quality_factor.get(unit.type.quality, 1.0)
        * morale.suppression_factor(state, unit, rules.suppression_assault)
        * ground_melee(state, unit)
    )


def _ground(state: GameState, unit: UnitState) -> tuple[str, GroundInCombat] | None:
    """The name of the terrain the unit stands on and how its kind of troops fight there, if
    that terrain says (`combat:`)."""
    h = unit.hex
    ground = None if h is None else state.map.ground_in_combat(h, unit.type.movement)
    return None if ground is None or h is None else (state.map.terrain_at(h).name, ground)


def ground_melee(state: GameState, unit: UnitState) -> float:
    """What the ground the unit stands on makes of its men in a melee (1: nothing)."""
    ground = _ground(state, unit)
    return 1.0 if ground is None else ground[1].melee


def _ground_note(state: GameState, unit: UnitState) -> list[tuple[str, float]]:
    """The modifier line a preview shows for the ground's effect on a unit's melee."""
    ground = _ground(state, unit)
    if ground is None or ground[1].melee == 1.0:
        return []
    return [(f"{unit.name} in {ground[0]}", ground[1].melee)]


def defence_of(
    state: GameState, defenders: list[UnitState], target: Hex, attacking_hexes: int
) -> tuple[float, int, int, list[tuple[str, float]]]:
    """(defence, engaged, reserve, modifiers): the men at the frontage of `attacking_hexes`
    fight whole; those behind them count `reserve_factor` of their value; cover multiplies."""
    rules = state.scenario.rules
    mods: list[tuple[str, float]] = []
    men = sum(u.strength for u in defenders)
    engaged = min(men, rules.frontage_men * max(1, attacking_hexes))
    reserve = men - engaged
    depth = (engaged + rules.reserve_factor * reserve) / men if men else 0.0
    defence = 0.0
    for u in defenders:
        defence += u.strength * depth * fighting_value(state, u)
        mods += _ground_note(state, u)
        if u.suppression:
            mods.append(
                (
                    f"{u.name} suppressed ({u.suppression})",
                    morale.suppression_factor(state, u, rules.suppression_assault),
                )
            )
    if reserve:
        mods.append((f"{reserve:,} defenders in reserve", depth * men / engaged))
    cover = float(state.map.cover[target.r, target.col]) + state.map.work_cover.get(target, 0.0)
    if cover > 0:
        mods.append(("defenders' cover", 1.0 + cover))
        defence *= 1.0 + cover
    return max(defence, 1.0), engaged, reserve, mods


def _engagement(state: GameState, attackers: list[UnitState], target: Hex) -> _Engagement:
    """Attack and defence strengths if these attackers come to grips with the hex."""
    rules = state.scenario.rules
    mods: list[tuple[str, float]] = []
    per_edge: dict[Hex, int] = {}
    at_edge: dict[str, int] = {}
    behind: dict[str, int] = {}
    attack = 0.0
    escalading = []
    for u in attackers:
        assert u.hex is not None, "only units on the field assault"
        kind = _edge_kind(state, u.hex, target)
        room = rules.frontage_men - per_edge.get(u.hex, 0)
        men = max(0, min(u.strength, room))
        per_edge[u.hex] = per_edge.get(u.hex, 0) + men
        at_edge[u.id], behind[u.id] = men, u.strength - men
        value = men * fighting_value(state, u)
        mods += _ground_note(state, u)
        if u.suppression:
            mods.append(
                (
                    f"{u.name} suppressed ({u.suppression})",
                    morale.suppression_factor(state, u, rules.suppression_assault),
                )
            )
        value *= 1.0 + morale.effect_bonus(state, u, "assault_bonus")
        if kind == "wall":
            factor = min(
                1.0, rules.escalade_factor + morale.effect_bonus(state, u, "escalade_bonus")
            )
            mods.append((f"{u.name} on ladders", factor))
            escalading.append(u)
            value *= factor
        elif kind == "breach":
            mods.append((f"{u.name} through the breach", rules.breach_factor))
            value *= rules.breach_factor
        attack += value
    defence, engaged, reserve, defence_mods = defence_of(
        state, defenders_of(state, target), target, len(per_edge)
    )
    return _Engagement(
        attack, defence, mods + defence_mods, escalading, engaged, reserve, at_edge, behind
    )


def defenders_of(state: GameState, target: Hex) -> list[UnitState]:
    """The men who fight for a hex: its soldiers (the non-combatants with them do not)."""
    return [u for u in state.units_at(target) if u.soldiers]


def attacker_losses(rules: Rules, e: _Engagement, unit_id: str, share: float) -> int:
    """A unit's men at the frontage lose `share`; those crowding behind, `crowd_loss` of it."""
    return int(round(share * (e.at_edge[unit_id] + rules.crowd_loss * e.behind[unit_id])))


def ladder_throw_chance(state: GameState, unit: UnitState) -> float:
    rules = state.scenario.rules
    return max(
        0.0, rules.ladder_throw_chance - morale.effect_bonus(state, unit, "escalade_bonus") / 2
    )


def assault_odds(state: GameState, attackers: list[UnitState], target: Hex) -> AssaultOdds:
    """The odds of an assault, counting the chance that ladders are thrown down first."""
    rules = state.scenario.rules
    full = _engagement(state, attackers, target)
    if not defenders_of(state, target):
        return AssaultOdds(
            full.attack, 0.0, [("no soldiers there: they give way", 1.0)], [], dict(GIVE_WAY), 0, 0
        )
    climbers = full.escalading[:6]  # beyond six, the rest are assumed to climb
    chances = {"taken": 0.0, "held": 0.0, "repulsed": 0.0}
    for mask in range(1 << len(climbers)):
        p = 1.0
        thrown = set()
        for i, u in enumerate(climbers):
            q = ladder_throw_chance(state, u)
            if mask >> i & 1:
                p *= q
                thrown.add(u.id)
            else:
                p *= 1.0 - q
        if p == 0.0:
            continue
        up = [u for u in attackers if u.id not in thrown]
        if not up:
            chances["repulsed"] += p
            continue
        e = full if not thrown else _engagement(state, up, target)
        ratio = math.log2(max(e.attack, 1e-6) / e.defence)
        for a, b in DICE_2D6:
            chances[_assault_result(ratio + (a + b - 7) / 4.0)] += p / 36
    ratio = math.log2(max(full.attack, 1e-6) / full.defence)
    att_loss, def_loss = _loss_shares(rules, ratio)
    return AssaultOdds(
        full.attack,
        full.defence,
        full.modifiers,
        [u.id for u in full.escalading],
        {k: round(v, 3) for k, v in chances.items()},
        sum(attacker_losses(rules, full, u.id, att_loss) for u in attackers),
        def_loss * full.engaged,
        full.engaged,
        full.reserve,
        sum(full.behind.values()),
    )


def _assault_result(score: float) -> str:
    if score >= 0.5:
        return "taken"
    if score <= -0.5:
        return "repulsed"
    return "held"


def _loss_shares(rules: Rules, score: float) -> tuple[float, float]:
    attacker = min(rules.assault_loss_cap, max(0.01, rules.assault_loss * 2 ** (-score)))
    defender = min(rules.assault_loss_cap, max(0.01, rules.assault_loss * 2**score))
    return attacker, defender


GIVE_WAY = {"taken": 1.0, "held": 0.0, "repulsed": 0.0}


def _give_way(state: GameState, attackers: list[UnitState], target: Hex) -> list[Event]:
    """Non-combatants alone in a hex do not fight: they fall back before the attackers (or are
    taken, with no way back), and the attackers walk in. No dice are rolled."""
    for u in attackers:
        u.assaulted = True
    events: list[Event] = [
        AssaultResolved(
            text=f"{' and '.join(u.name for u in attackers)} advance on "
            f"[{target.col}, {target.r}]: nobody there fights, and the hex is taken.",
            attackers=tuple(u.id for u in attackers),
            target=target.offset,
            result="taken",
        )
    ]
    threats = [a.hex for a in attackers if a.hex is not None]
    for u in state.units_at(target):
        if not u.aboard:  # (men aboard go with their boat)
            events += retreat(state, u, threats)
    return events + _advance(state, attackers, target)


def resolve_assault(state: GameState, attackers: list[UnitState], target: Hex) -> list[Event]:
    rules = state.scenario.rules
    if not defenders_of(state, target):
        return _give_way(state, attackers, target)
    events: list[Event] = []
    climbing = []
    for u in attackers:
        u.assaulted = True
        assert u.hex is not None, "only units on the field assault"
        if _edge_kind(state, u.hex, target) == "wall":
            thrown, roll = state.chance(ladder_throw_chance(state, u))
            if thrown:
                events.append(
                    LaddersThrownDown(
                        text=f"The defenders throw down {u.name}'s ladders (d100 {roll}).",
                        unit=u.id,
                        dice=(roll,),
                    )
                )
                men = int(round(min(u.strength, rules.frontage_men) * rules.assault_loss))
                events += take_losses(
                    state, u, "falling ladders", **split_combat(men, rules.wound_ratio)
                )
                continue
        climbing.append(u)
    climbing = [u for u in climbing if not u.gone]
    if not climbing:
        return events
    e = _engagement(state, climbing, target)
    dice = state.d6(2)
    ratio = math.log2(max(e.attack, 1e-6) / e.defence)
    score = ratio + (sum(dice) - 7) / 4.0
    result = _assault_result(score)
    defenders = defenders_of(state, target)
    escalade = bool(e.escalading)
    mods_text = ", ".join(f"{n} x{v:.2f}" for n, v in e.modifiers) or "no modifiers"
    names = " and ".join(u.name for u in climbing)
    events.append(
        AssaultResolved(
            text=f"{names} {'escalade' if escalade else 'assault'} "
            f"[{target.col}, {target.r}]: attack {e.attack:.0f} vs defence {e.defence:.0f} "
            f"({mods_text}); score {ratio:+.2f} + (2d6 {dice[0]}+{dice[1]} - 7)/4 = {score:+.2f} "
            f"-> {result}.",
            attackers=tuple(u.id for u in climbing),
            target=target.offset,
            attack=round(e.attack, 2),
            defence=round(e.defence, 2),
            modifiers=tuple((n, round(v, 3)) for n, v in e.modifiers),
            dice=dice,
            result=result,
            escalade=escalade,
        )
    )
    att_share, def_share = _loss_shares(rules, score)
    for u in climbing:
        before = u.strength
        men = attacker_losses(rules, e, u.id, att_share)
        events += take_losses(
            state,
            u,
            f"assault on [{target.col}, {target.r}]",
            **split_combat(men, rules.wound_ratio),
        )
        if not u.gone and men >= rules.morale_loss_check * before:
            events += morale.check(state, u, "assault losses")
    def_men = sum(u.strength for u in defenders)
    for u in defenders:
        before = u.strength
        men = int(round(e.engaged * u.strength / def_men * def_share)) if def_men else 0
        if u.morale == "routed":
            men *= 2  # men who have already broken are cut down
        events += take_losses(state, u, "assault", **split_combat(men, rules.wound_ratio))
        if not u.gone and result != "taken" and men >= rules.morale_loss_check * before:
            events += morale.check(state, u, "assault losses")
    if result == "taken":
        for u in state.units_at(target):  # the non-combatants go back with the soldiers
            if not u.gone and not u.aboard:  # and men aboard with their boat
                events += retreat(state, u, [a.hex for a in climbing if a.hex is not None])
        events += _advance(state, [u for u in climbing if not u.gone], target)
    return events


def _advance(state: GameState, attackers: list[UnitState], target: Hex) -> list[Event]:
    """The victors follow into the hex they took, as many as the stacking limit allows (but
    not into a burning hex, nor onto ice their weight would break)."""
    limit = state.scenario.rules.stacking_limit
    events: list[Event] = []
    if target in state.fires:
        return events  # nobody follows the enemy into the flames
    for u in sorted(attackers, key=lambda u: -u.strength):
        if state.side_at(target) not in (None, u.side):
            break
        if state.men_at(target, u.side) + u.strength > limit:
            continue
        if not can_stand(state, u, target):
            continue  # guns do not follow onto the ice, horse not up a cliff
        if target in state.map.water_hexes and ice.load(state, target, u) > 1.0:
            continue  # nor onto ice that would not bear them
        origin = u.hex
        assert origin is not None, "only units on the field advance"
        u.hex = target
        boats.carry(state, u, origin)
        u.moved = True
        events.append(
            UnitRetreated(
                text=f"{u.name} advance into [{target.col}, {target.r}].",
                unit=u.id,
                path=(origin.offset, target.offset),
            )
        )
    return events


def retreat(state: GameState, unit: UnitState, threats: list[Hex]) -> list[Event]:
    """Fall back one hex away from the attackers; men with nowhere to go (enemies, water or
    walls all round) are taken."""
    rules = state.scenario.rules
    here = unit.hex
    assert here is not None, "only a unit on the field retreats"
    options = []
    for n in here.neighbours():
        if not state.map.on_map(n) or enter_cost(state, unit, here, n) == float("inf"):
            continue
        if state.side_at(n) not in (None, unit.side):
            continue  # (a retreat may crowd a friendly hex past the stacking limit)
        danger = min((n.distance(t) for t in threats), default=9)
        options.append((n in state.fires, -danger, n))  # into the flames only as a last way
    before = unit.morale
    if unit.morale_level < 1:
        unit.morale = MORALE_STATES[1]
    events: list[Event] = []
    if before != unit.morale:
        events.append(
            MoraleChanged(
                text=f"{unit.name} are driven back and shaken.",
                unit=unit.id,
                before=before,
                after=unit.morale,
                reason="driven from a hex",
            )
        )
    if not options:
        captured = int(round(unit.strength * rules.capture_ratio))
        events += take_losses(
            state,
            unit,
            "cut off with no way back",
            captured=captured,
            killed=unit.strength - captured,
        )
        return events
    _, _, to = min(options)
    unit.hex = to
    boats.carry(state, unit, here)
    events.append(
        UnitRetreated(
            text=f"{unit.name} fall back to [{to.col}, {to.r}].",
            unit=unit.id,
            path=(here.offset, to.offset),
        )
    )
    return events


def wall_edge_toward(state: GameState, at: Hex, side: str) -> tuple[Hex, Hex] | None:
    """The wall edge named by a hex and a direction, if there is a wall on it."""
    key = edge_key(at, at.neighbour(direction_number(side)))
    return key if key in state.map.walls else None
