"""Standing orders: what a scenario's event tells units to do over the following turns, carried
out by the rules for the computer and the player alike.

- withdraw: at the start of each of its side's movement phases the unit marches toward the
  nearest of its `to` hexes, as far as this turn's movement allows; it takes no other orders
  (it may still rally) until it stands in one of them.
- leave: the same march toward the exit's hexes; a unit that starts its movement phase on one
  leaves the field by it (its men count as escaped).
- hold: the unit may not move or leave until the order runs out; it fires and fights as usual.
Routed men do not march to orders: they flee as routed men do, and march again once rallied.
"""

from __future__ import annotations

from siege.engine.events import Event, StandingOrderEnded, StandingOrderGiven, UnitMoved
from siege.engine.hexes import Hex
from siege.engine.knowledge import Knowledge
from siege.engine.marching import leave_by_exit, march
from siege.engine.movement import path_to, reachable
from siege.engine.orders import Exit, Move, Order, Rally
from siege.engine.state import GameState, Standing, UnitState
from siege.scenario.schema import EventSpec
from siege.scenario.schema import StandingOrder as StandingOrderEffect

FAR = 1e6  # movement points: a plan over as many turns as the march takes


def give(state: GameState, spec: EventSpec, effect: StandingOrderEffect) -> list[Event]:
    """Put the units the effect names under its order (or lift theirs: `release`)."""
    s = state
    if effect.units is not None:
        chosen = [s.units[uid] for uid in effect.units]
    else:
        area = {Hex.from_offset(*p) for p in effect.area} if effect.area else None
        side = effect.side or ""  # (the schema has it when `units` is not given)
        chosen = [u for u in s.units_of(side) if area is None or u.hex in area]
    events: list[Event] = []
    for u in chosen:
        if not u.on_map:
            continue
        if effect.order == "release":
            if u.id in s.standing:
                events.append(_ended(s, u, f"{u.name} are released from their orders."))
            continue
        s.standing[u.id] = Standing(
            order=effect.order,
            event=spec.id,
            why=spec.title,
            to=tuple(Hex.from_offset(*p) for p in effect.to or ()),
            exit=effect.exit,
            until_turn=None if effect.turns is None else s.turn + effect.turns - 1,
        )
        events.append(
            StandingOrderGiven(
                text=f"{u.name}: {describe(s, s.standing[u.id])}.",
                unit=u.id,
                order=effect.order,
                event=spec.id,
            )
        )
    return events


def describe(state: GameState, order: Standing) -> str:
    """The order in words, for the log and the unit panel."""
    if order.order == "withdraw":
        where = ", ".join(f"[{h.col}, {h.r}]" for h in order.to[:3])
        more = " …" if len(order.to) > 3 else ""
        return f"ordered to withdraw to {where}{more} ({order.why})"
    if order.order == "leave":
        name = next(e.name for e in state.scenario.map.exits if e.id == order.exit)
        return f"ordered to leave the field by {name} ({order.why})"
    until = "to the end" if order.until_turn is None else f"until turn {order.until_turn}"
    return f"ordered to hold their ground {until} ({order.why})"


def refusal(state: GameState, unit: UnitState, order: Order) -> str | None:
    """Why a standing order forbids this order to the unit, or None."""
    standing = state.standing.get(unit.id)
    if standing is None or isinstance(order, Rally):
        return None
    if standing.order == "hold":
        if isinstance(order, (Move, Exit)):
            return f"{unit.name} are {describe(state, standing)}: they may not move"
        return None
    return (
        f"{unit.name} are {describe(state, standing)}: they march by themselves and take "
        "no other orders until they get there"
    )


def carry_out(state: GameState, know: Knowledge) -> list[Event]:
    """The active side's movement phase begins: units under orders march to them."""
    s = state
    events: list[Event] = []
    for uid, order in list(s.standing.items()):
        u = s.units[uid]
        here = u.hex
        if u.side != s.active_side or here is None or u.gone or u.morale == "routed":
            continue
        if order.order == "hold":
            continue
        if order.order == "leave" and s.map.exits.get(here, ("", ()))[0] == order.exit:
            del s.standing[uid]
            events += leave_by_exit(s, u)
            know.changed()
            continue
        goals = order.to if order.order == "withdraw" else _exit_hexes(s, order.exit)
        if here not in goals:
            events += _toward(s, know, u, here, goals)
            know.changed()
        if order.order == "withdraw" and u.on_map and u.hex in goals:
            events.append(_ended(s, u, f"{u.name} reach the place they were sent to."))
    return events


def expire(state: GameState) -> list[Event]:
    """A new turn: holds that have run out end; orders of units gone from the field lapse."""
    s = state
    events: list[Event] = []
    for uid, order in list(s.standing.items()):
        u = s.units[uid]
        if u.gone:
            del s.standing[uid]
        elif order.until_turn is not None and order.until_turn < s.turn:
            events.append(_ended(s, u, f"{u.name} need hold no longer."))
    return events


def _ended(state: GameState, unit: UnitState, text: str) -> StandingOrderEnded:
    order = state.standing.pop(unit.id)
    return StandingOrderEnded(text=text, unit=unit.id, order=order.order)


def _exit_hexes(state: GameState, exit_id: str | None) -> tuple[Hex, ...]:
    return tuple(h for h, (eid, _) in state.map.exits.items() if eid == exit_id)


def _toward(
    state: GameState, know: Knowledge, unit: UnitState, here: Hex, goals: tuple[Hex, ...]
) -> list[Event]:
    """March as far as this turn allows along the cheapest way to the nearest goal the side
    knows a way to (planned against the enemies it sees, like any march); with no way known,
    to the stopping place nearest a goal as the crow flies."""
    places = know.places(unit)
    if not places:
        return []
    enemies = know.known_enemy_hexes(unit.side)
    far = reachable(state, unit, enemies, budget=FAR, zoc=know.zoc(unit.side, enemies))
    known = [g for g in goals if g in far]
    stop = None
    if known:
        goal = min(known, key=lambda g: (far[g][0], g))
        on_the_way = [h for h in path_to(far, goal)[1:] if h in places]
        stop = on_the_way[-1] if on_the_way else None
    if stop is None:

        def nearness(h: Hex) -> tuple[int, float, Hex]:
            return (min(h.distance(g) for g in goals), places[h], h)

        best = min(places, key=nearness)
        if nearness(best)[0] < min(here.distance(g) for g in goals):
            stop = best
    if stop is None:
        return [
            UnitMoved(
                text=f"{unit.name} find no way nearer the place they were sent to.",
                unit=unit.id,
                path=(here.offset,),
                cost=0.0,
            )
        ]
    return march(state, know, unit, stop)
