"""Game: the referee. It owns the state, hands out a seat to each side, and is the one door
through which orders change the battle: `check` says whether an order is legal now and why
not, `apply` carries it out and records who saw what happened.

The rules live in their own modules: legality (is an order allowed), marching, combat, morale,
fire and ice (what an order does), sequence (phases and turns), scripts (the scenario's events),
knowledge (what each side sees and may plan against), witness (who saw each event).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Mapping

from siege.engine import boats, combat, legality, morale, sequence, victory
from siege.engine.events import AbilityUsed, Event, UnitLanded, UnitMoved
from siege.engine.hexes import Hex, direction_number, edge_key
from siege.engine.knowledge import Knowledge
from siege.engine.marching import leave_by_exit, march
from siege.engine.orders import (
    UNIT_ORDERS,
    AbilityUse,
    Assault,
    Boarding,
    Bombardment,
    Exit,
    Landing,
    Move,
    Order,
    PhaseEnd,
    Rally,
    Volley,
)
from siege.engine.seat import Seat
from siege.engine.state import ActiveEffect, GameState, UnitState
from siege.engine.view import View
from siege.engine.witness import Witnessed, witness


class Game:
    def __init__(self, state: GameState, undo: bool = True) -> None:
        """A battle from its opening state (see `siege.scenario.build.new_game`). `undo=False`
        for battles nobody will take an order back in (the computer against itself): it spares a
        copy of the state at every phase."""
        self.state = state
        self.scenario = state.scenario
        self.seed = state.seed
        self.keeps_undo = undo
        self.orders: list[Order] = []
        self.record: list[Witnessed] = []
        self._undoable: list[bool] = []
        self.know = Knowledge(state)
        self._seats: dict[str, Seat] = {}
        self._cleared: tuple[int, Order] | None = None  # the last order `check` passed
        self._lock = threading.RLock()
        side = state.active_side
        before, where = self._sight(), self._where()
        opening = sequence.start(state)
        self.know.changed()
        self.record += witness(state, opening, side, state.turn, before, self._sight(), where)
        self._checkpoint = self._mark() if undo else None

    # ------------------------------------------------------------------ reading

    def seat(self, side: str) -> Seat:
        """All that `side` may ask and do."""
        found = self._seats.get(side)
        if found is None:
            found = self._seats[side] = Seat(self, side)
        return found

    @property
    def log(self) -> list[Event]:
        """Every event so far, as it truly happened (the referee's record; a side reads its
        own through its seat)."""
        return [r.event for r in self.record]

    @property
    def active_side(self) -> str:
        return self.state.active_side

    @property
    def phase(self) -> str:
        return self.state.phase

    def unit(self, unit_id: str) -> UnitState:
        return self.state.units[unit_id]

    def state_hash(self) -> str:
        return self.state.state_hash()

    def outcome(self) -> victory.Outcome:
        return victory.outcome(self.state)

    def visible(self, side: str) -> set[Hex]:
        """The hexes `side` can see now."""
        with self._lock:
            return self.know.visible(side)

    # the seat of the side concerned, for tests and tools that play both sides
    def view_for(self, side: str) -> View:
        return self.seat(side).view()

    def reachable(self, unit_id: str) -> Mapping[Hex, float]:
        return self.seat(self.state.units[unit_id].side).reachable(unit_id)

    def path(self, unit_id: str, to: tuple[int, int]) -> list[Hex]:
        return self.seat(self.state.units[unit_id].side).path(unit_id, to)

    def legal_orders(self, unit_id: str) -> Iterator[Order]:
        return self.seat(self.state.units[unit_id].side).legal_orders(unit_id)

    def preview_fire(self, unit_id: str, target: tuple[int, int]) -> combat.FireOdds | None:
        return self.seat(self.state.units[unit_id].side).preview_fire(unit_id, target)

    def preview_assault(
        self, unit_ids: tuple[str, ...], target: tuple[int, int]
    ) -> combat.AssaultOdds | None:
        return self.seat(self.state.units[unit_ids[0]].side).preview_assault(unit_ids, target)

    # ------------------------------------------------------------------ checking and applying

    def check(self, order: Order) -> str | None:
        """None if `order` is legal for the side to move now, else the reason it is refused,
        in words for the player (and never telling what that side cannot see)."""
        with self._lock:
            reason = legality.refusal(self.state, self.know, order)
            if reason is None:
                self._cleared = (self.know.version, order)  # `apply` need not ask again
            return reason

    def apply(self, order: Order) -> list[Event]:
        """Carry out a legal order; raises IllegalOrder with the reason if it is not."""
        with self._lock:
            if self._cleared != (self.know.version, order):
                reason = self.check(order)
                if reason is not None:
                    raise IllegalOrder(reason)
            s = self.state
            side, turn, rolls = s.active_side, s.turn, s.rolls
            before, where = self._sight(), self._where()
            events = self._carry_out(order)
            self.know.changed()
            after = self._sight()
            self.orders.append(order)
            self._undoable.append(
                s.rolls == rolls
                and not isinstance(order, PhaseEnd)
                and not _showed_more(order, events, before[side], after[side])
            )
            self.record += witness(s, events, side, turn, before, after, where)
            if isinstance(order, PhaseEnd) and self.keeps_undo:
                self._checkpoint = self._mark()
            return events

    def edited(self) -> None:
        """The state was changed by hand (a test's or a tool's set-up), not by an order:
        forget what was worked out from it."""
        with self._lock:
            self.know = Knowledge(self.state)
            self._cleared = None

    def _sight(self) -> dict[str, set[Hex]]:
        return {side: self.know.visible(side) for side in self.state.sides}

    def _where(self) -> dict[str, Hex]:
        """Where each unit on the field stands (for `witness`)."""
        return {
            u.id: u.hex
            for side in self.state.sides
            for u in self.state.units_of(side)
            if u.hex is not None
        }

    def _carry_out(self, order: Order) -> list[Event]:
        s = self.state
        if isinstance(order, PhaseEnd):
            return sequence.end_phase(s, self.know)
        if isinstance(order, AbilityUse):
            return self._use_ability(order)
        if isinstance(order, Assault):
            events = combat.resolve_assault(
                s, [s.units[u] for u in order.units], Hex.from_offset(*order.target)
            )
            return events + victory.update_objectives(s)
        assert isinstance(order, UNIT_ORDERS), f"unhandled order {order!r}"
        unit = s.units[order.unit]
        if isinstance(order, Rally):
            return morale.rally(s, unit)
        if isinstance(order, Move):
            return march(s, self.know, unit, Hex.from_offset(*order.to))
        if isinstance(order, Exit):
            return leave_by_exit(s, unit)
        if isinstance(order, Boarding):
            return boats.board(s, unit, s.units[order.boat])
        if isinstance(order, Landing):
            return boats.land(s, unit, Hex.from_offset(*order.to))
        if isinstance(order, Volley):
            return combat.resolve_fire(s, unit, Hex.from_offset(*order.target))
        if isinstance(order, Bombardment):
            at = Hex.from_offset(*order.at)
            return combat.resolve_bombard(
                s, unit, edge_key(at, at.neighbour(direction_number(order.side)))
            )
        raise AssertionError(f"unhandled order {order!r}")

    def _use_ability(self, order: AbilityUse) -> list[Event]:
        s = self.state
        leader = s.leaders[order.leader]
        spec = next(lead for lead in self.scenario.leaders if lead.id == leader.id)
        ability = next(a for a in spec.abilities if a.id == order.ability)
        leader.uses[ability.id] -= 1
        s.effects.append(
            ActiveEffect(
                source=ability.id,
                side=leader.side,
                until_turn=s.turn + ability.duration_turns - 1,
                morale_bonus=ability.morale_bonus,
                escalade_bonus=ability.escalade_bonus,
                assault_bonus=ability.assault_bonus,
                leader=leader.id,
                radius=ability.radius,
            )
        )
        return [
            AbilityUsed(
                text=ability.text,
                leader=leader.id,
                ability=ability.id,
                turns=ability.duration_turns,
            )
        ]

    # ------------------------------------------------------------------ undo, copies, replay

    def can_undo(self) -> bool:
        return self.keeps_undo and bool(self._undoable) and self._undoable[-1]

    def undo(self) -> None:
        """Take back the last order, if it rolled no dice, showed no new ground and met no
        unseen enemy (RULES: undo)."""
        with self._lock:
            if not self.can_undo():
                raise IllegalOrder(
                    "the last order cannot be taken back (dice were rolled, new "
                    "ground was seen, or a phase ended)"
                )
            assert self._checkpoint is not None  # can_undo
            state, n_orders, n_record = self._checkpoint
            again = self.orders[n_orders:-1]
            self.state = state.clone()
            del self.orders[n_orders:], self._undoable[n_orders:], self.record[n_record:]
            self.know.changed(self.state)
            for order in again:  # the phase's earlier orders, which rolled no dice either
                self.apply(order)

    def _mark(self) -> tuple[GameState, int, int]:
        """A copy of the state at the start of a phase: undo goes back to it and replays the
        phase's orders but the last (a phase cannot be undone, so nothing earlier is needed)."""
        return self.state.clone(), len(self.orders), len(self.record)

    def copy(self) -> Game:
        """An independent copy of the battle as it stands (for the computer to think on)."""
        with self._lock:
            other = object.__new__(Game)
            other.__dict__.update(self.__dict__)
            other.state = self.state.clone()
            other.orders = list(self.orders)
            other.record = list(self.record)
            other._undoable = list(self._undoable)
            other.keeps_undo = False
            other._checkpoint = None
            other.know = Knowledge(other.state)
            other._seats = {}
            other._cleared = None
            other._lock = threading.RLock()
            return other

    @classmethod
    def replay(cls, state: GameState, orders: list[Order], undo: bool = True) -> Game:
        """The battle from this opening state after these orders."""
        game = cls(state, undo)
        for order in orders:
            game.apply(order)
        return game


def _showed_more(order: Order, events: list[Event], before: set[Hex], after: set[Hex]) -> bool:
    """Did this march show the side anything it could not take back: new ground in sight, or a
    halt by an enemy it had not seen?"""
    if not isinstance(order, (Move, Exit, Boarding, Landing)):
        return False
    if not after <= before:
        return True
    first = events[0] if events else None
    if isinstance(order, Landing):  # the shore was held by an enemy they had not seen
        return isinstance(first, UnitLanded) and len(first.path) < 2
    return (
        isinstance(order, Move)
        and isinstance(first, UnitMoved)
        and tuple(first.path[-1]) != tuple(order.to)
    )


class IllegalOrder(ValueError):
    """An order the rules refuse; the message says why, for the player."""
