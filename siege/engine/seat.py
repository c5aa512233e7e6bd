"""Seat: everything one side's player or computer may ask and do. The battle screen, hot-seat,
the end report and the computer commander read the battle only through a seat.

Nothing a seat returns depends on what its side cannot see: its units and the enemies in
sight, what is public (the clock, the map, the works — gates, breaches, fires, ice — who holds
each objective, the score), its own log of what it witnessed, and the rules' answers (legality,
reachable places, paths, odds previews) worked out against the enemies it knows of.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING

from siege.engine import combat, ice, movement, standing, victory
from siege.engine.clock import Clock
from siege.engine.hexes import DIRECTIONS, Hex
from siege.engine.map import BattleMap
from siege.engine.movement import ice_at, move_points, path_to
from siege.engine.orders import (
    AbilityUse,
    Assault,
    Boarding,
    Bombardment,
    Exit,
    Landing,
    Move,
    Order,
    Rally,
    Volley,
)
from siege.engine.state import ActiveEffect, LeaderState, UnitState
from siege.engine.view import SeenUnit, View, scouts_count, view_for
from siege.engine.witness import Witnessed
from siege.scenario.schema import Scenario, WeaponType

if TYPE_CHECKING:
    from siege.engine.events import Event
    from siege.engine.game import Game


class NotYourTurn(ValueError):
    """An order given by a seat whose side is not the one to move."""


class Seat:
    def __init__(self, game: Game, side: str) -> None:
        if side not in game.state.sides:
            raise KeyError(f"no side {side!r}")
        self._game = game
        self.side = side

    # ------------------------------------------------------------------ what is public

    @property
    def scenario(self) -> Scenario:
        """The scenario as it now stands: events may have changed its rules and intents."""
        return self._game.state.scenario

    @property
    def map(self) -> BattleMap:
        return self._game.state.map

    @property
    def enemy(self) -> str:
        return self._game.state.enemy_of(self.side)

    @property
    def sides(self) -> list[str]:
        return list(self._game.state.sides)

    @property
    def active_side(self) -> str:
        return self._game.state.active_side

    @property
    def is_active(self) -> bool:
        return self._game.state.active_side == self.side and not self._game.state.ended

    @property
    def phase(self) -> str:
        return self._game.state.phase

    @property
    def turn(self) -> int:
        return self._game.state.turn

    @property
    def minutes(self) -> int:
        return self._game.state.minutes

    @property
    def ended(self) -> bool:
        return self._game.state.ended

    @property
    def end_reason(self) -> str:
        return self._game.state.end_reason

    def time_label(self) -> str:
        return self._game.state.time_label()

    def is_night(self) -> bool:
        return self._game.state.is_night()

    @property
    def clock(self) -> Clock:
        return self._game.state.clock

    @property
    def wind_from(self) -> str:
        return self._game.state.wind_from

    @property
    def wind_strength(self) -> int:
        return self._game.state.wind_strength

    @property
    def gates(self) -> Mapping[str, str]:
        return dict(self._game.state.gates)

    @property
    def gate_holders(self) -> Mapping[str, str | None]:
        return dict(self._game.state.gate_holders)

    @property
    def breaches(self) -> list[tuple[Hex, Hex]]:
        return list(self._game.state.breaches)

    @property
    def wall_damage(self) -> Mapping[tuple[Hex, Hex], float]:
        return dict(self._game.state.wall_damage)

    @property
    def gate_damage(self) -> Mapping[str, float]:
        return dict(self._game.state.gate_damage)

    @property
    def fires(self) -> Mapping[Hex, int]:
        return dict(self._game.state.fires)

    @property
    def burned_out(self) -> list[Hex]:
        return list(self._game.state.burned_out)

    def ice_cm(self, h: Hex) -> float:
        """The thickness of the ice on a water hex now."""
        return ice_at(self._game.state, h)

    @property
    def ice_changes(self) -> Mapping[Hex, float]:
        """The water hexes whose ice has changed since the start (broken or thinned)."""
        return dict(self._game.state.ice_cm)

    @property
    def objectives(self) -> Mapping[str, str | None]:
        return dict(self._game.state.objectives)

    def outcome(self) -> victory.Outcome:
        """The score and the victory level it would give now (objective holders are known)."""
        return victory.outcome(self._game.state)

    def leaders(self) -> list[LeaderState]:
        """The side's own leaders."""
        return [lead for lead in self._game.state.leaders.values() if lead.side == self.side]

    def leader_of_unit(self, unit_id: str) -> LeaderState | None:
        unit = self._own(unit_id)
        return self._game.state.leader_of_unit(unit.id)

    def leader(self, leader_id: str) -> LeaderState | None:
        """One of the side's own leaders (None for the enemy's, or no such leader)."""
        lead = self._game.state.leaders.get(leader_id)
        return lead if lead is not None and lead.side == self.side else None

    def leader_units(self) -> set[str]:
        """The units, own or enemy in sight, that a leader rides with."""
        shown = {u.id for u in self.units()} | {e.id for e in self.enemies()}
        return {
            lead.unit
            for lead in self._game.state.leaders.values()
            if lead.unit in shown and lead.status in ("active", "wounded")
        }

    def losses(self) -> dict[str, int]:
        """The side's own men lost so far, by cause."""
        return dict(self._game.state.losses[self.side])

    def effects(self) -> list[ActiveEffect]:
        """The temporary bonuses in force for this side."""
        return [e for e in self._game.state.effects if e.side == self.side]

    # ------------------------------------------------------------------ what the side sees

    def visible(self) -> set[Hex]:
        """The hexes the side sees now (read-only)."""
        return self._game.know.visible(self.side)

    def view(self) -> View:
        return view_for(self._game.state, self.side, self.visible())

    def units(self) -> list[UnitState]:
        """The side's units on the field, in the scenario's order (read them; give orders to
        change them)."""
        return self._game.state.units_of(self.side)

    def all_units(self) -> list[UnitState]:
        """Every unit of the side: on the field, yet to come and gone."""
        return [u for u in self._game.state.units.values() if u.side == self.side]

    def unit(self, unit_id: str) -> UnitState:
        """One of the side's own units (KeyError for any other)."""
        return self._own(unit_id)

    def owns(self, unit_id: str) -> bool:
        unit = self._game.state.units.get(unit_id)
        return unit is not None and unit.side == self.side

    def seen_enemy(self, unit_id: str) -> SeenUnit | None:
        """The enemy unit as the side sees it now, or None if it is out of sight."""
        return next((e for e in self.enemies() if e.id == unit_id), None)

    def enemies(self) -> list[SeenUnit]:
        return self.view().enemies

    def enemy_hexes(self) -> list[Hex]:
        """Where the enemies in sight stand, in the order of the units."""
        return list(self._game.know.known_enemy_hexes(self.side))

    def units_at(self, h: Hex) -> list[UnitState]:
        """Own units in the hex."""
        return [u for u in self._game.state.units_at(h) if u.side == self.side]

    def enemies_at(self, h: Hex) -> list[SeenUnit]:
        """The enemy units the side sees in the hex (none if it cannot see it)."""
        if h not in self.visible():
            return []
        return [e for e in self.enemies() if e.hex == h]

    def holder_of(self, h: Hex) -> str | None:
        """Who the side knows holds the hex: itself, the enemy in sight, or None."""
        s = self._game.state
        if s.men_at(h, self.side):
            return self.side
        if h in self.visible() and s.men_at(h, self.enemy):
            return self.enemy
        return None

    def men_at(self, h: Hex) -> int:
        """Own men in the hex."""
        return self._game.state.men_at(h, self.side)

    def last_seen(self) -> dict[str, tuple[Hex, int]]:
        return dict(self._game.state.last_seen[self.side])

    def log(self) -> list[Witnessed]:
        """What the side witnessed, oldest first, each event as the side saw it. `seen_by` is
        this side alone: who else saw an event would tell where the enemy's eyes are."""
        side = self.side
        only = frozenset((side,))
        return [
            Witnessed(r.shown_to(side), only, r.turn, r.side)
            for r in self._game.record
            if side in r.seen_by
        ]

    def events(self, since: int = 0) -> list[Event]:
        """The events of `log()` from position `since` of the whole record on."""
        side = self.side
        return [r.shown_to(side) for r in self._game.record[since:] if side in r.seen_by]

    # ------------------------------------------------------------------ orders

    def check(self, order: Order) -> str | None:
        """None if this side may give the order now, else why not."""
        if not self.is_active:
            return "the battle is over" if self.ended else "it is not your turn"
        return self._game.check(order)

    def apply(self, order: Order) -> list[Event]:
        """Give the order; returns what the side saw of what happened."""
        if not self.is_active:
            raise NotYourTurn("it is not your turn" if not self.ended else "the battle is over")
        start = len(self._game.record)
        self._game.apply(order)
        return self.events(start)

    def legal_orders(self, unit_id: str) -> Iterator[Order]:
        """Every order the unit may be given now (the AI's menu; also handy in tests)."""
        s = self._game.state
        unit = s.units.get(unit_id)
        if (
            unit is None
            or unit.side != self.side
            or not self.is_active
            or unit.hex is None
            or unit.gone
        ):
            return
        candidates: list[Order] = []
        if s.phase == "command":
            candidates.append(Rally(unit.id))
            leader = s.leader_of_unit(unit.id)
            if leader:
                candidates += [AbilityUse(leader.id, a) for a in leader.uses]
        elif s.phase == "movement":
            candidates += [Move(unit.id, h.offset) for h in sorted(self.reachable(unit.id))]
            candidates.append(Exit(unit.id))
            candidates += self._boat_orders(unit)
        elif s.phase == "fire":
            longest = max((w.range for w in combat.weapons_of(s, unit)), default=0)
            targets = sorted({h for h in self.enemy_hexes() if h.distance(unit.hex) <= longest})
            candidates += [Volley(unit.id, h.offset) for h in targets]
            if longest > 0:
                for a, b in sorted(
                    k
                    for k in s.map.walls
                    if min(k[0].distance(unit.hex), k[1].distance(unit.hex)) <= longest
                ):
                    facing = a.direction_to(b)
                    assert facing is not None  # a wall runs between neighbours
                    candidates.append(Bombardment(unit.id, a.offset, DIRECTIONS[facing]))
        elif s.phase == "assault":
            known = set(self.enemy_hexes())
            candidates += [
                Assault((unit.id,), n.offset) for n in unit.hex.neighbours() if n in known
            ]
        for order in candidates:
            if self.check(order) is None:
                yield order

    def _boat_orders(self, unit: UnitState) -> list[Order]:
        """Going aboard one of the side's boats in or next to the unit's hex, or landing next
        to the boat it is aboard (none where the side has no boats)."""
        if unit.hex is None:
            return []
        if unit.aboard:
            return [Landing(unit.id, n.offset) for n in sorted(unit.hex.neighbours())]
        return [
            Boarding(unit.id, b.id)
            for b in self.boats()
            if b.id != unit.id and b.hex is not None and b.hex.distance(unit.hex) <= 1
        ]

    def boats(self) -> list[UnitState]:
        """The side's boats on the field that carry men."""
        return [u for u in self.units() if u.type.movement == "boat" and u.type.capacity > 0]

    def reachable(self, unit_id: str) -> Mapping[Hex, float]:
        """Hexes the unit may move to now, with their cost, planned against the enemies the
        side can see (read-only; kept until the next order). None for a unit a standing order
        keeps from moving."""
        unit = self._own(unit_id)
        if unit.on_map and standing.refusal(self._game.state, unit, Move(unit.id, (0, 0))):
            return MappingProxyType({})
        return self._game.know.places(unit)

    def move_points(self, unit_id: str) -> float:
        """The movement points the unit has this turn (a night march goes further)."""
        return move_points(self._game.state, self._own(unit_id))

    def path(self, unit_id: str, to: tuple[int, int]) -> list[Hex]:
        """The path a march to `to` would plan (it may meet an unseen enemy on the way)."""
        tree = self._game.know.tree(self._own(unit_id))
        goal = Hex.from_offset(*to)
        return path_to(tree, goal) if goal in tree else []

    def preview_fire(
        self, unit_id: str, target: tuple[int, int], with_morale_risk: bool = True
    ) -> combat.FireOdds | None:
        """The odds of a volley, or None if it is not allowed (see `check`). `with_morale_risk`:
        the chances of suppression and of each morale result too (the computer, weighing
        every target in reach, asks for the expected losses alone)."""
        if self.check(Volley(unit_id, target)) is not None:
            return None
        s = self._game.state
        odds = combat.fire_odds(
            s,
            s.units[unit_id],
            Hex.from_offset(*target),
            with_morale_risk=with_morale_risk,
            seen=self.visible(),
        )
        if odds is not None:  # the enemy's men as the scouts count them
            odds = dataclasses.replace(odds, target_men=scouts_count(odds.target_men))
        return odds

    def preview_assault(
        self, unit_ids: tuple[str, ...], target: tuple[int, int]
    ) -> combat.AssaultOdds | None:
        """The odds of an assault, or None if it is not allowed (see `check`)."""
        if self.check(Assault(tuple(unit_ids), target)) is not None:
            return None
        s = self._game.state
        return combat.assault_odds(s, [s.units[u] for u in unit_ids], Hex.from_offset(*target))

    def can_undo(self) -> bool:
        """May the side take back its last order (see RULES: undo)?"""
        return self.is_active and self._game.can_undo()

    def undo(self) -> None:
        if not self.is_active:
            raise NotYourTurn("it is not your turn")
        self._game.undo()

    # ------------------------------------------------------------------ thinking

    def snapshot(self) -> Seat:
        """The same seat on a private copy of the battle: the computer thinks on it while the
        window goes on drawing the real one. Orders applied to it change only the copy."""
        return self._game.copy().seat(self.side)

    # ------------------------------------------------------------------ for the computer
    # (issue 12) what the commander needs beyond the above, all of it public or its own side's

    def edge_open(self, a: Hex, b: Hex, side: str | None = None) -> bool:
        """Can men of `side` (this side by default) walk across the edge a|b now? Gates, their
        holders and breaches are public."""
        return movement.edge_open(self._game.state, a, b, self.side if side is None else side)

    def edge_kind(self, a: Hex, b: Hex) -> str:
        """What an assault from a across a|b meets: 'open' ground, a 'breach' or a 'wall' to
        climb (the rules' own reading)."""
        return combat._edge_kind(self._game.state, a, b)

    def ice_capacity(self, h: Hex) -> float:
        """Men the ice of a water hex bears safely now (the ice is public)."""
        return ice.capacity(self._game.state, h)

    def ice_changed(self) -> dict[Hex, float]:
        """The ice, in cm, of the water hexes whose ice has changed since the start."""
        return dict(self._game.state.ice_cm)

    def ice_traffic(self) -> dict[Hex, int]:
        """Men of this side marched over each ice hex this player-turn (nothing when it is not
        this side's turn: then the marches are the enemy's)."""
        return dict(self._game.state.ice_traffic) if self.is_active else {}

    def can_stand(self, unit_id: str, h: Hex) -> bool:
        """May the unit's kind of troops stand on this ground at all (terrain and ice)?"""
        return movement.can_stand(self._game.state, self._own(unit_id), h)

    def standing_order(self, unit_id: str) -> str | None:
        """The standing order one of the side's units is under, in words (who gave it and
        what it forbids), or None: the player sees why the unit marches by itself."""
        order = self._game.state.standing.get(self._own(unit_id).id)
        return None if order is None else standing.describe(self._game.state, order)

    def standing_orders(self) -> dict[str, str]:
        """The side's units under a standing order, each with the order in words."""
        state = self._game.state
        return {
            uid: standing.describe(state, order)
            for uid, order in state.standing.items()
            if state.units[uid].side == self.side
        }

    def terrain_changes(self) -> dict[Hex, str]:
        """Hexes events have turned into another terrain (hex -> terrain id; the map is public)."""
        return dict(self._game.state.terrain_changes)

    def preview_bombardment(self, unit_id: str, at: Hex) -> tuple[WeaponType | None, float]:
        """The gun the unit would batter the works at `at` with, and the damage it expects."""
        state, unit = self._game.state, self._own(unit_id)
        weapon = combat.bombard_weapon(state, unit, at)
        return weapon, combat.bombard_expected(state, unit, weapon) if weapon else 0.0

    def weapons(self, unit_id: str) -> list[WeaponType]:
        """The unit's weapons (its type's, as the scenario arms it)."""
        return combat.weapons_of(self._game.state, self._own(unit_id))

    def leader_hex(self, leader_id: str) -> Hex | None:
        """Where one of the side's own leaders stands (None: not on the field)."""
        leader = self._game.state.leaders.get(leader_id)
        if leader is None or leader.side != self.side:
            raise KeyError(f"{leader_id!r} is not a leader of {self.side}")
        return self._game.state.leader_hex(leader)

    def start_strength(self) -> int:
        """The side's men at the start of the battle."""
        return self._game.state.start_strength[self.side]

    def preview_assault_from(
        self, placed: list[tuple[str, Hex]], target: Hex
    ) -> combat.AssaultOdds | None:
        """The odds of an assault on `target` if these units of the side stood where given
        (a plan before the march: the rules' own arithmetic, against the enemy the side sees in
        `target`). None if the side sees no enemy there, or a place is not next to it."""
        import dataclasses

        if target not in self.visible() or not self._game.state.men_at(target, self.enemy):
            return None
        units = []
        for unit_id, at in placed:
            unit = self._own(unit_id)
            if at.distance(target) != 1 or not unit.on_map:
                return None
            units.append(unit if unit.hex == at else dataclasses.replace(unit, hex=at))
        if not units:
            return None
        return combat.assault_odds(self._game.state, units, target)

    def _own(self, unit_id: str) -> UnitState:
        unit = self._game.state.units.get(unit_id)
        if unit is None or unit.side != self.side:
            raise KeyError(f"{unit_id!r} is not a unit of {self.side}")
        return unit
