"""The turn sequence. A turn is two player-turns (the side that moves first, then the other),
each in four phases: command (rally, abilities), movement, fire (volleys and bombardment),
assault. Units under an event's standing order march to it as their side's movement phase
begins (engine/standing.py). When a side ends its assault phase its routed units flee and
loaded ice may break; when both have moved, the turn ends: fires burn and spread, the wind may
veer, the clock advances, reinforcements enter and scripted events fire."""

from __future__ import annotations

from siege.engine import burning, ice, morale, standing, supply, victory
from siege.engine.events import BattleEnded, Event, PhaseBegan, TurnBegan
from siege.engine.knowledge import Knowledge
from siege.engine.marching import NearestEnemy, flee
from siege.engine.scripts import reinforce, scripted
from siege.engine.state import PHASES, GameState
from siege.engine.view import remember_sightings


def start(state: GameState) -> list[Event]:
    """What happens as the battle opens: turn 1 begins, its scripted events fire."""
    s = state
    events: list[Event] = [
        TurnBegan(
            text=f"Turn 1 — {s.time_label()}.", turn=1, time=s.time_label(), night=s.is_night()
        )
    ]
    events += scripted(s)
    events += victory.update_objectives(s)
    events.append(phase_began(s))
    return events


def phase_began(state: GameState) -> PhaseBegan:
    name = side_name(state, state.active_side)
    return PhaseBegan(
        text=f"{name}: {state.phase} phase.",
        side=state.active_side,
        phase=state.phase,
        turn=state.turn,
    )


def side_name(state: GameState, side: str) -> str:
    return next(s.name for s in state.scenario.sides if s.id == side)


def end_phase(state: GameState, know: Knowledge) -> list[Event]:
    s = state
    index = PHASES.index(s.phase)
    if index + 1 < len(PHASES):
        s.phase = PHASES[index + 1]
        events: list[Event] = [phase_began(s)]
        if s.phase == "movement" and s.standing:
            events += standing.carry_out(s, know)
        return events
    events = _end_player_turn(s, know)
    s.side_index = 1 - s.side_index
    s.phase = PHASES[0]
    if s.side_index == s.first_side:
        events += _end_turn(s)
    if not s.ended:
        for u in s.units.values():
            if u.side != s.active_side:
                continue
            u.moved = u.fired = u.assaulted = u.rallied = False
        events += supply.resupply(s, s.active_side)
        events.append(phase_began(s))
    return events


def _end_player_turn(state: GameState, know: Knowledge) -> list[Event]:
    s = state
    side = s.active_side
    events: list[Event] = []
    nearest = NearestEnemy(s.hexes_of(s.enemy_of(side)))
    for u in s.units_of(side):
        if u.on_map and u.morale == "routed" and not u.aboard:  # (men aboard go with the boat)
            events += flee(s, u, nearest)
    events += ice.settle(s)
    s.ice_traffic.clear()
    events += victory.update_objectives(s)
    events += morale.recover(s, side)
    know.changed()
    remember_sightings(s, {side: know.visible(side) for side in s.sides})
    return events


def _end_turn(state: GameState) -> list[Event]:
    s = state
    events = burning.burn(s)
    events += burning.veer(s)
    s.minutes += s.clock.turn_length(s.minutes)
    if s.clock.finished(s.minutes):
        return events + finish(s, "time ran out")
    s.turn += 1
    s.effects = [e for e in s.effects if e.until_turn >= s.turn]
    events.append(
        TurnBegan(
            text=f"Turn {s.turn} — {s.time_label()}{' (night)' if s.is_night() else ''}.",
            turn=s.turn,
            time=s.time_label(),
            night=s.is_night(),
        )
    )
    events += standing.expire(s)
    events += reinforce(s)
    events += scripted(s)
    gone = victory.side_gone(s)
    if gone and s.scenario.victory.end_when_side_gone:
        events += finish(s, f"{side_name(s, gone)} have no men left on the field")
    return events


def finish(state: GameState, reason: str) -> list[Event]:
    s = state
    s.ended = True
    s.end_reason = reason
    result = victory.outcome(s)
    verdict = (
        f"{result.level} victory for {side_name(s, result.winner)}" if result.winner else "a draw"
    )
    points = ", ".join(f"{k} {v:g}" for k, v in result.scores.items())
    return [
        BattleEnded(
            text=f"The battle ends ({reason}): {verdict} ({points}).",
            winner=result.winner,
            level=result.level,
            reason=reason,
            scores=tuple(result.scores.items()),
        )
    ]
