"""Morale: steady -> shaken -> wavering -> routed, and back by rallying.

A check is 2d6 against the unit's morale plus modifiers: a roll at or under the target holds;
over it, the unit drops a level (two levels when the roll misses by 4 or more). Leaders in
command radius add to the target; so do the bounty and the signal cannon while they last. The
target is kept between `morale_target_min` and `morale_target_max`, so no check is certain.

Suppression is kept apart from morale: incoming fire pins men down whatever it costs them, and
they shoot, march and fight worse until they recover at the end of their own player-turn.
"""

from __future__ import annotations

from siege.engine.events import Event, MoraleChanged, MoraleHeld, UnitRallied, UnitSuppressed
from siege.engine.hexes import Hex
from siege.engine.state import MORALE_STATES, GameState, UnitState


def leader_bonus(
    state: GameState, unit: UnitState, seen: set[Hex] | None = None
) -> tuple[int, str | None]:
    """The best leader of the unit's side whose command radius reaches it: (bonus, leader id).
    `seen`: count only leaders standing there (what another side can know)."""
    if unit.hex is None:
        return 0, None
    best, who = 0, None
    for leader in state.leaders.values():
        if leader.side != unit.side:
            continue
        at = state.leader_hex(leader)
        if (
            at is None
            or at.distance(unit.hex) > leader.command_radius
            or (seen is not None and at not in seen)
        ):
            continue
        bonus = (leader.rating + 1) // 2
        if bonus > best:
            best, who = bonus, leader.id
    return best, who


def effect_bonus(
    state: GameState, unit: UnitState, kind: str, seen: set[Hex] | None = None
) -> float:
    """Sum of a bonus (`morale_bonus`, `escalade_bonus`, ...) from effects that reach the unit.
    `seen`: count only effects of leaders standing there (what another side can know)."""
    total = 0.0
    for e in state.effects:
        if e.side != unit.side or e.until_turn < state.turn:
            continue
        if e.leader is not None:
            leader = state.leaders.get(e.leader)
            at = state.leader_hex(leader) if leader else None
            if (
                at is None
                or unit.hex is None
                or at.distance(unit.hex) > e.radius
                or (seen is not None and at not in seen)
            ):
                continue
        total += getattr(e, kind)
    return total


def enemies_adjacent(state: GameState, h: Hex, side: str) -> list[Hex]:
    return [n for n in h.neighbours() if state.side_at(n) not in (None, side)]


def morale_target(
    state: GameState, unit: UnitState, extra: int = 0, seen: set[Hex] | None = None
) -> tuple[int, list[str]]:
    """The check's target and its reasons; `seen`: as a side seeing those hexes reckons it
    (its enemies' leaders out of its sight are not counted)."""
    rules = state.scenario.rules
    target = unit.type.morale + extra
    notes = [f"base {unit.type.morale}"]
    if extra:
        notes.append(f"{extra:+d} situation")
    bonus, who = leader_bonus(state, unit, seen)
    if who is not None:
        target += bonus
        notes.append(f"+{bonus} {state.leaders[who].name}")
    boost = int(effect_bonus(state, unit, "morale_bonus", seen))
    if boost:
        target += boost
        notes.append(f"{boost:+d} inspired")
    if state.is_night():
        target += rules.night_morale
        notes.append(f"{rules.night_morale:+d} night")
    if unit.hex is not None:
        if len(enemies_adjacent(state, unit.hex, unit.side)) >= 2:
            target += rules.flanked_morale
            notes.append(f"{rules.flanked_morale:+d} flanked")
        if unit.hex in state.fires:
            target -= 1
            notes.append("-1 fire")
        ground = state.map.ground_in_combat(unit.hex, unit.type.movement)
        if ground is not None and ground.morale:
            target += ground.morale
            notes.append(f"{ground.morale:+d} {state.map.terrain_at(unit.hex).name}")
        for leader_id, turn in state.leaders_lost:
            if turn == state.turn and _near_lost_leader(state, unit, leader_id):
                target += rules.leader_lost_morale
                notes.append(f"{rules.leader_lost_morale:+d} leader lost")
                break
    return _capped(state, target, notes), notes


def _capped(state: GameState, target: int, notes: list[str]) -> int:
    """No roll is certain either way: a 12 always fails, a 2 always holds."""
    rules = state.scenario.rules
    capped = min(rules.morale_target_max, max(rules.morale_target_min, target))
    if capped != target:
        notes.append(f"{target} capped at {capped}")
    return capped


def _near_lost_leader(state: GameState, unit: UnitState, leader_id: str) -> bool:
    leader = state.leaders[leader_id]
    return leader.side == unit.side and unit.leader == leader_id


def check(state: GameState, unit: UnitState, reason: str, extra: int = 0) -> list[Event]:
    """Roll a morale check; returns what happened, including panic spreading from a rout."""
    if unit.gone or unit.morale == "routed":
        return []
    target, notes = morale_target(state, unit, extra)
    dice = state.d6(2)
    roll = sum(dice)
    why = f"{reason}: 2d6 {dice[0]}+{dice[1]}={roll} vs {target} ({', '.join(notes)})"
    if roll <= target:
        return [
            MoraleHeld(
                text=f"{unit.name} stand firm — {why}.",
                unit=unit.id,
                reason=reason,
                target=target,
                dice=dice,
            )
        ]
    drop = 2 if roll - target >= 4 else 1
    before = unit.morale
    unit.morale = MORALE_STATES[min(3, unit.morale_level + drop)]
    events: list[Event] = [
        MoraleChanged(
            text=f"{unit.name} are {unit.morale} — {why}.",
            unit=unit.id,
            before=before,
            after=unit.morale,
            reason=reason,
            target=target,
            dice=dice,
        )
    ]
    if unit.morale == "routed":
        events += panic(state, unit)
    return events


def panic(state: GameState, routed: UnitState) -> list[Event]:
    """A rout shakes the friends beside it."""
    radius = state.scenario.rules.panic_radius
    there = routed.hex
    if there is None or radius <= 0:
        return []
    events: list[Event] = []
    for u in state.units_of(routed.side):
        if (
            u is not routed
            and u.hex is not None
            and not u.gone
            and u.morale != "routed"
            and u.hex.distance(there) <= radius
        ):
            events += check(state, u, f"panic as {routed.name} rout", extra=-1)
    return events


def rally_target(state: GameState, unit: UnitState) -> tuple[int, list[str], str | None]:
    rules = state.scenario.rules
    target = rules.rally_base
    notes = [f"base {rules.rally_base}"]
    bonus, who = leader_bonus(state, unit)
    if who is not None:
        target += bonus * 2
        notes.append(f"+{bonus * 2} {state.leaders[who].name}")
    boost = int(effect_bonus(state, unit, "morale_bonus"))
    if boost:
        target += boost
        notes.append(f"{boost:+d} inspired")
    if unit.hex is not None and enemies_adjacent(state, unit.hex, unit.side):
        target -= 2
        notes.append("-2 enemy adjacent")
    return _capped(state, target, notes), notes, who


def rally(state: GameState, unit: UnitState) -> list[Event]:
    target, notes, who = rally_target(state, unit)
    dice = state.d6(2)
    roll = sum(dice)
    unit.rallied = True
    why = f"2d6 {dice[0]}+{dice[1]}={roll} vs {target} ({', '.join(notes)})"
    if roll > target:
        return [
            MoraleHeld(
                text=f"{unit.name} will not rally — {why}.",
                unit=unit.id,
                reason="rally",
                target=target,
                dice=dice,
            )
        ]
    before = unit.morale
    unit.morale = MORALE_STATES[unit.morale_level - 1]
    return [
        UnitRallied(
            text=f"{unit.name} rally to {unit.morale} — {why}.",
            unit=unit.id,
            before=before,
            after=unit.morale,
            target=target,
            dice=dice,
            leader=who,
        )
    ]


def chance_at_most(target: int) -> float:
    """P(2d6 <= target)."""
    return sum(1 for a in range(1, 7) for b in range(1, 7) if a + b <= target) / 36


# --------------------------------------------------------------------------- suppression


def suppression_factor(state: GameState, unit: UnitState, per_point: float) -> float:
    """What a unit's suppression leaves of its fire, assault or march (`per_point` lost each)."""
    return max(0.0, 1.0 - per_point * unit.suppression)


def suppress(state: GameState, unit: UnitState, points: int, reason: str) -> list[Event]:
    """Fire pins the unit down by `points`, up to `suppression_max`, whatever its losses."""
    if unit.gone or points <= 0:
        return []
    before = unit.suppression
    unit.suppression = min(state.scenario.rules.suppression_max, before + points)
    if unit.suppression == before:
        return []
    return [
        UnitSuppressed(
            text=f"{unit.name} are pinned down by {reason} "
            f"(suppression {before} -> {unit.suppression}).",
            unit=unit.id,
            before=before,
            after=unit.suppression,
            reason=reason,
        )
    ]


def recover(state: GameState, side: str) -> list[Event]:
    """End of `side`'s player-turn: its units shed suppression (more within a leader's
    command radius) and forget the directions they were shot at from."""
    rules = state.scenario.rules
    events: list[Event] = []
    for u in state.units.values():
        if u.side != side or not u.on_map:
            continue
        u.fire_bearings = 0
        if u.suppression == 0:
            continue
        shed = rules.suppression_recovery
        if leader_bonus(state, u)[0] > 0:
            shed += rules.suppression_leader_recovery
        before = u.suppression
        u.suppression = max(0, before - shed)
        if u.suppression != before:
            events.append(
                UnitSuppressed(
                    text=f"{u.name} recover from fire (suppression {before} -> {u.suppression}).",
                    unit=u.id,
                    before=before,
                    after=u.suppression,
                    reason="recovery",
                )
            )
    return events
