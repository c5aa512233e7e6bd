"""Scripted events: the scenario's `events:` fire when their trigger holds at the start of a
turn, and their effects change the battle: the wind, morale, reinforcements, gates, the rules'
constants, the terrain, units' weapons, standing orders, units taken off, leaders struck down,
and the commander's intent. Whatever they change is kept in the state (and its hash), so a
replay of the same orders changes it again at the same moment."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from siege.engine import standing, supply, victory
from siege.engine.events import (
    Event,
    LeaderHit,
    ScriptedEvent,
    TerrainChanged,
    UnitEntered,
    UnitExited,
    UnitMoved,
    UnitRearmed,
    WindChanged,
)
from siege.engine.hexes import Hex
from siege.engine.losses import leave_field, take_losses
from siege.engine.map import build_map
from siege.engine.movement import can_stand
from siege.engine.state import ActiveEffect, GameState, UnitState
from siege.scenario.schema import (
    EventSpec,
    Resupply,
    Rules,
    SetIntent,
    SetRule,
    SetTerrain,
    SetWeapons,
)

# rules the static map is built with: changing one builds the map anew
MAP_RULES = ("road_cost",)


def scripted(state: GameState) -> list[Event]:
    """Fire every scripted event whose trigger holds this turn."""
    s = state
    events: list[Event] = []
    start = s.clock.time(s.minutes)
    end = s.clock.time(s.minutes + s.clock.turn_length(s.minutes))
    for spec in s.scenario.events:
        if spec.once and spec.id in s.fired_events:
            continue
        t = spec.trigger
        if t.turn is not None and t.turn != s.turn:
            continue
        if t.at is not None:
            when = datetime.fromisoformat(t.at)
            if not (start <= when < end or (s.turn == 1 and when < start)):
                continue
        if t.gate_state and any(s.gates.get(g) != v for g, v in t.gate_state.items()):
            continue
        if t.objective_held and any(s.objectives.get(o) != v for o, v in t.objective_held.items()):
            continue
        if t.side_losses_at_least and any(
            victory.lost(s, side) < n for side, n in t.side_losses_at_least.items()
        ):
            continue
        if t.unit_in_area and not _in_area(s, t.unit_in_area.side, t.unit_in_area.hexes):
            continue
        s.fired_events.append(spec.id)
        events.append(
            ScriptedEvent(
                text=f"{spec.title}: {spec.text}",
                event=spec.id,
                title=spec.title,
                audience=tuple(spec.seen_by or ()),
            )
        )
        events += _effects(s, spec)
    return events


def _in_area(state: GameState, side: str, hexes: list[tuple[int, int]]) -> bool:
    area = {Hex.from_offset(*p) for p in hexes}
    return any(u.hex in area for u in state.units_of(side))


def _effects(state: GameState, spec: EventSpec) -> list[Event]:
    s = state
    events: list[Event] = []
    for effect in spec.effects:
        if effect.kind == "wind_shift":
            s.wind_from = effect.blowing_from
            if effect.strength is not None:
                s.wind_strength = effect.strength
            events.append(
                WindChanged(
                    text=f"The wind now blows from the {s.wind_from}.",
                    blowing_from=s.wind_from,
                    strength=s.wind_strength,
                )
            )
        elif effect.kind == "morale_boost":
            s.effects.append(
                ActiveEffect(
                    source=spec.id,
                    side=effect.side,
                    until_turn=s.turn + effect.turns - 1,
                    morale_bonus=effect.amount,
                )
            )
        elif effect.kind == "reinforce":
            for uid in effect.units:
                s.units[uid].entry_turn = min(s.units[uid].entry_turn, s.turn)
                if effect.at is not None:
                    s.units[uid].entry_hex = Hex.from_offset(*effect.at)
            events += reinforce(s)
        elif effect.kind == "set_gate":
            s.gates[effect.gate] = effect.state
        elif effect.kind == "set_rule":
            events += _set_rule(s, effect)
        elif effect.kind == "set_terrain":
            events += _set_terrain(s, effect)
        elif effect.kind == "set_weapons":
            events += _set_weapons(s, effect)
        elif effect.kind == "standing_order":
            events += standing.give(s, spec, effect)
        elif effect.kind == "remove_units":
            for uid in effect.units:
                u = s.units[uid]
                if u.gone:
                    continue
                men, was_on = u.strength, u.on_map
                leave_field(s, u)  # (one not yet come never will)
                if was_on:
                    events.append(
                        UnitExited(
                            text=f"{u.name} leave the field ({spec.title}).", unit=uid, men=men
                        )
                    )
        elif effect.kind == "leader_fate":
            events += _leader_fate(s, effect.leader, effect.fate)
        elif effect.kind == "set_intent":
            _set_intent(s, effect)
        elif effect.kind == "resupply":
            events += _resupply(s, effect)
    return events


def _resupply(state: GameState, effect: Resupply) -> list[Event]:
    """Fill up the named units, or every unit of a side on the field (units not yet on the
    field are filled too when named: they come with what they carry)."""
    named = [state.units[uid] for uid in effect.units]
    if effect.side is not None:
        named += [u for u in state.units_of(effect.side) if u.id not in effect.units]
    events: list[Event] = []
    for u in named:
        if not u.gone:
            events += supply.fill(state, u, effect.weapon, effect.volleys)
    return events


def changed_rules(rules: Rules, name: str, value: bool | int | float) -> Rules:
    """The rules with one constant changed, checked against the limits `rules:` has (the
    validator asks the same, so a scenario that passes it never fails here)."""
    return Rules.model_validate({**rules.model_dump(), name: value})


def _set_rule(state: GameState, effect: SetRule) -> list[Event]:
    s = state
    rules = changed_rules(s.scenario.rules, effect.rule, effect.value)
    s.rule_changes[effect.rule] = getattr(rules, effect.rule)
    s.scenario = s.scenario.model_copy(update={"rules": rules})
    if effect.rule in MAP_RULES:
        s.map = build_map(s.scenario, s.terrain_changes)
    return []


def _set_terrain(state: GameState, effect: SetTerrain) -> list[Event]:
    """New ground in the listed hexes: the map is built anew, keeping the lines of sight that
    no changed hex lies on; men caught on ground they can no longer stand on move to the
    nearest hex beside it they can hold, or are lost (drowned) with no such hex."""
    s = state
    hexes = [Hex.from_offset(*p) for p in effect.hexes]
    for h in hexes:
        s.terrain_changes[h] = effect.terrain
    old = s.map
    s.map = build_map(s.scenario, s.terrain_changes)
    s.map.sight_cache = {
        (origin, radius): seen
        for (origin, radius), seen in old.sight_cache.items()
        if all(origin.distance(h) > radius for h in hexes)
    }
    name = next(t.name for t in s.scenario.map.terrain_types if t.id == effect.terrain)
    events: list[Event] = [
        TerrainChanged(
            text=f"{len(hexes)} hex{'es' if len(hexes) > 1 else ''} become {name}.",
            hexes=tuple(h.offset for h in hexes),
            terrain=effect.terrain,
        )
    ]
    for h in hexes:
        for u in s.units_at(h):
            if not can_stand(s, u, h):
                events += _off_lost_ground(s, u, h)
    return events


def _off_lost_ground(state: GameState, unit: UnitState, here: Hex) -> list[Event]:
    s = state
    limit = s.scenario.rules.stacking_limit
    room = [
        n
        for n in sorted(s.map.neighbours(here))
        if can_stand(s, unit, n)
        and s.side_at(n) in (None, unit.side)
        and s.men_at(n, unit.side) + unit.strength <= limit
    ]
    if room:
        unit.hex = room[0]
        return [
            UnitMoved(
                text=f"{unit.name} get clear to [{room[0].col}, {room[0].r}].",
                unit=unit.id,
                path=(here.offset, room[0].offset),
                cost=0.0,
            )
        ]
    return take_losses(s, unit, "the ground gave way", drowned=unit.strength)


def _set_weapons(state: GameState, effect: SetWeapons) -> list[Event]:
    s = state
    events: list[Event] = []
    for uid in effect.units:
        u = s.units[uid]
        now = s.armament.get(uid, tuple(u.type.weapons))
        kept = [w for w in now if w not in effect.take]
        armed = tuple(kept + [w for w in effect.give if w not in kept])
        if armed == now:
            continue
        s.armament[uid] = armed
        full = supply.carried(s)  # a weapon that runs out comes full; one taken leaves none
        u.volleys = {
            w: u.volleys.get(w, full[w]) if w in now else full[w] for w in armed if w in full
        }
        names = {w.id: w.name for w in s.scenario.weapons}
        carry = ", ".join(names[w] for w in armed) or "no missile weapons"
        events.append(UnitRearmed(text=f"{u.name} now carry {carry}.", unit=uid, weapons=armed))
    return events


def _leader_fate(state: GameState, leader_id: str, fate: str) -> list[Event]:
    s = state
    leader = s.leaders[leader_id]
    if leader.status not in ("active", "wounded"):
        return []
    if fate == "killed":
        leader.status = "killed"
        s.leaders_lost.append((leader.id, s.turn))
        return [LeaderHit(text=f"{leader.name} is killed.", leader=leader.id, result="killed")]
    leader.status = "wounded"
    leader.rating = max(1, leader.rating - 1)
    return [
        LeaderHit(
            text=f"{leader.name} is wounded; rating now {leader.rating}.",
            leader=leader.id,
            result="wounded",
        )
    ]


def _set_intent(state: GameState, effect: SetIntent) -> None:
    s = state
    keys: dict[str, Any] = {
        k: v for k, v in effect.model_dump(exclude={"kind", "side"}).items() if v is not None
    }
    s.intent_changes.setdefault(effect.side, {}).update(keys)
    sides = [
        side.model_copy(update={"ai": side.ai.model_copy(update=keys)})
        if side.id == effect.side
        else side
        for side in s.scenario.sides
    ]
    s.scenario = s.scenario.model_copy(update={"sides": sides})


def reinforce(state: GameState) -> list[Event]:
    """Units whose time has come enter at their hex, unless the enemy holds it."""
    s = state
    events: list[Event] = []
    for u in s.units.values():
        if u.hex is None and not u.gone and u.entry_turn <= s.turn:
            if s.side_at(u.entry_hex) not in (None, u.side):
                continue  # the enemy holds the way in: try again next turn
            u.hex = u.entry_hex
            events.append(
                UnitEntered(
                    text=f"{u.name} arrive at [{u.entry_hex.col}, {u.entry_hex.r}].",
                    unit=u.id,
                    at=u.entry_hex.offset,
                )
            )
    return events
