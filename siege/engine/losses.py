"""Taking men out of units. Every man who leaves is recorded by cause, so totals are conserved."""

from __future__ import annotations

from siege.engine.events import CasualtiesTaken, Event, LeaderHit, UnitEliminated
from siege.engine.state import GameState, UnitState


def take_losses(state: GameState, unit: UnitState, source: str, **by_cause: int) -> list[Event]:
    """Remove men from `unit` by cause (killed=, wounded=, burned=, drowned=, captured=).

    Losses are capped at the unit's strength, taken in the order given. A unit reduced to
    nothing is eliminated; its leader may be hit when it suffers.
    """
    taken: dict[str, int] = {}
    left = unit.strength
    for cause, men in by_cause.items():
        men = max(0, min(int(men), left))
        if men:
            taken[cause] = men
            left -= men
            state.record_loss(unit.side, cause, men, unit.soldiers)
    if not taken:
        return []
    lost = unit.strength - left
    share = lost / unit.strength
    unit.strength = left
    words = ", ".join(f"{n:,} {c}" for c, n in taken.items())
    events: list[Event] = [
        CasualtiesTaken(
            text=f"{unit.name} lose {words} ({source}).", unit=unit.id, source=source, **taken
        )
    ]
    events += _leader_hit(state, unit, share)
    if unit.strength == 0:
        last = list(taken)[-1]
        events += eliminate(
            state,
            unit,
            f"{unit.name} is destroyed.",
            leader_fate="captured" if last == "captured" else "killed",
        )
    return events


def _leader_hit(state: GameState, unit: UnitState, share: float) -> list[Event]:
    leader = state.leader_of_unit(unit.id)
    if leader is None or share <= 0:
        return []
    hit, roll = state.chance(min(0.5, state.scenario.rules.leader_hit_chance * share))
    if not hit:
        return []
    killed = roll <= max(1, round(min(0.5, state.scenario.rules.leader_hit_chance * share) * 30))
    if killed or leader.status == "wounded":
        leader.status = "killed"
        state.leaders_lost.append((leader.id, state.turn))
        return [
            LeaderHit(
                text=f"{leader.name} is killed with {unit.name} (d100 {roll}).",
                leader=leader.id,
                result="killed",
            )
        ]
    leader.status = "wounded"
    leader.rating = max(1, leader.rating - 1)
    return [
        LeaderHit(
            text=f"{leader.name} is wounded (d100 {roll}); rating now {leader.rating}.",
            leader=leader.id,
            result="wounded",
        )
    ]


def eliminate(
    state: GameState, unit: UnitState, text: str, leader_fate: str = "killed"
) -> list[Event]:
    """The unit is gone; its leader joins the nearest friendly unit within 3 hexes, or shares
    its fate (killed, or captured when the last men were taken)."""
    where = unit.hex
    aboard = [u for u in state.units_at(where) if u.aboard == unit.id] if where else []
    unit.gone = True
    unit.hex = None
    events: list[Event] = [UnitEliminated(text=text, unit=unit.id)]
    for u in aboard:  # the boat is lost with the men aboard
        u.aboard = None
        events += take_losses(state, u, f"{unit.name} lost", drowned=u.strength)
    leader = state.leader_of_unit(unit.id)
    if leader is None:
        return events
    others = [
        (u.hex.distance(where), u.id, u)
        for u in state.units_of(unit.side)
        if state.leader_of_unit(u.id) is None
        and where is not None
        and u.hex is not None
        and u.hex.distance(where) <= 3
    ]
    if others:
        _, _, refuge = min(others, key=lambda near: near[:2])
        leader.unit = refuge.id
    else:
        leader.status = leader_fate
        state.leaders_lost.append((leader.id, state.turn))
        events.append(
            LeaderHit(
                text=f"{leader.name} is lost with {unit.name}.",
                leader=leader.id,
                result=leader.status,
            )
        )
    return events


def split_combat(men: int, wound_ratio: float) -> dict[str, int]:
    """Combat losses as killed and wounded (the wounded are carried off and out of the fight)."""
    wounded = int(round(men * wound_ratio))
    return {"killed": men - wounded, "wounded": wounded}


def leave_field(state: GameState, unit: UnitState) -> None:
    """The unit marches off the map by an exit: its men are counted as escaped, and its leader
    goes with it (neither lost nor captured)."""
    state.record_loss(unit.side, "escaped", unit.strength, unit.soldiers)
    unit.strength = 0
    unit.gone = True
    unit.hex = None
    leader = state.leader_of_unit(unit.id)
    if leader is not None:
        leader.status = "escaped"
