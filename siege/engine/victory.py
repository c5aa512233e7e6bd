"""Objectives, victory points and the end of the battle.

A side takes an objective when its units stand on at least one of its hexes and no enemy is on
any of them; it keeps it until the enemy does the same. At the end each side scores the points
of what it holds plus its `scoring` terms; the margin between the two decides the level.
"""

from __future__ import annotations

from dataclasses import dataclass

from siege.engine.events import Event, ObjectiveTaken
from siege.engine.hexes import Hex
from siege.engine.state import GameState


def update_objectives(state: GameState) -> list[Event]:
    """Who holds each objective and gatehouse now: non-combatants hold nothing alone."""
    events: list[Event] = []
    for obj in state.scenario.objectives:
        present = sorted(
            {
                side
                for h in state.map.objective_hexes[obj.id]
                if (side := _holder(state, h)) is not None
            }
        )
        if len(present) == 1 and state.objectives[obj.id] != present[0]:
            state.objectives[obj.id] = present[0]
            side_name = next(s.name for s in state.scenario.sides if s.id == present[0])
            events.append(
                ObjectiveTaken(
                    text=f"{side_name} take {obj.name}.", objective=obj.id, side=present[0]
                )
            )
    for gate in state.map.gates.values():
        holder = _holder(state, gate.inside)
        if holder is not None and state.gate_holders.get(gate.id) != holder:
            state.gate_holders[gate.id] = holder  # whoever holds the gatehouse opens the gate
    return events


def _holder(state: GameState, h: Hex) -> str | None:
    """The side whose soldiers stand on a hex (the last to arrive among them), if any.

    Asked only of objective and gatehouse hexes: a full scan of every occupied hex after each
    order cost a tenth of a turn.
    """
    here = state.occupancy.units_in.get(h)
    if not here:
        return None
    return next((u.side for u in reversed(here) if u.soldiers), None)


def lost(state: GameState, side: str) -> int:
    """Soldiers a side has lost, not counting those who got away (non-combatants are counted
    apart: they score nothing and trigger nothing)."""
    return sum(n for cause, n in state.soldier_losses(side).items() if cause != "escaped")


def non_combatants_lost(state: GameState, side: str) -> int:
    """Non-combatants (porters, civilians) a side has lost, not counting those who got away."""
    apart = state.non_combatant_losses.get(side, {})
    return sum(n for cause, n in apart.items() if cause != "escaped")


def scores(state: GameState) -> dict[str, float]:
    out = {}
    for side in state.scenario.sides:
        enemy = state.enemy_of(side.id)
        sc = side.scoring
        points = sum(
            obj.points.get(side.id, 0.0)
            for obj in state.scenario.objectives
            if state.objectives.get(obj.id) == side.id
        )
        points += sc.per_1000_enemy_lost * lost(state, enemy) / 1000
        points += sc.per_1000_own_escaped * state.losses[side.id]["escaped"] / 1000
        points += sc.per_1000_own_lost * lost(state, side.id) / 1000
        out[side.id] = round(points, 2)
    return out


@dataclass(frozen=True)
class Outcome:
    finished: bool
    winner: str | None
    level: str  # decisive, marginal, draw (or "in progress")
    scores: dict[str, float]
    reason: str


def outcome(state: GameState) -> Outcome:
    points = scores(state)
    a, b = state.sides
    margin = abs(points[a] - points[b])
    leader = a if points[a] > points[b] else b
    level, winner = "draw", None
    for lv in sorted(state.scenario.victory.levels, key=lambda v: -v.margin):
        if margin >= lv.margin:
            level, winner = lv.level, leader
            break
    if not state.ended:
        return Outcome(False, winner, level, points, "in progress")
    return Outcome(True, winner, level, points, state.end_reason)


def side_gone(state: GameState) -> str | None:
    """A side with no men on the map and none still to come."""
    for side in state.sides:
        if not any(u.side == side and not u.gone for u in state.units.values()):
            return side
    return None
