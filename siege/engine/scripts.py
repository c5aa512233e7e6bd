"""Scripted events: the scenario's `events:` fire when their trigger holds at the start of a
turn, and their effects change the battle (wind, morale, reinforcements, gates)."""

from __future__ import annotations

from datetime import datetime

from siege.engine import supply, victory
from siege.engine.events import Event, ScriptedEvent, UnitEntered, WindChanged
from siege.engine.state import ActiveEffect, GameState
from siege.scenario.schema import Resupply


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
        s.fired_events.append(spec.id)
        events.append(
            ScriptedEvent(text=f"{spec.title}: {spec.text}", event=spec.id, title=spec.title)
        )
        events += _effects(s, spec)
    return events


def _effects(state: GameState, spec) -> list[Event]:
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
            events += reinforce(s)
        elif effect.kind == "set_gate":
            s.gates[effect.gate] = effect.state
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
