"""Game: the one door into the rules. `check` says whether an order is legal and why not;
`apply` carries it out and returns what happened. Nothing else changes the state.

A turn is two player-turns (the side that moves first, then the other), each in four phases:
command (rally, abilities), movement, fire (volleys and bombardment), assault. When a side ends
its assault phase its routed units flee and loaded ice may break; when both have moved, the
turn ends: fires burn and spread, the wind may veer, the clock advances, reinforcements enter
and scripted events fire.
"""

from __future__ import annotations

import threading
from datetime import datetime
from types import MappingProxyType
from typing import Hashable, Iterator, Mapping

from siege.engine import combat, fire, ice, morale, victory
from siege.engine.events import (AbilityUsed, BattleEnded, Event, PhaseBegan, ScriptedEvent,
                                 TurnBegan, UnitEntered, UnitExited, UnitMoved, UnitRetreated,
                                 WindChanged)
from siege.engine.hexes import DIRECTIONS, Hex, direction_number, edge_key
from siege.engine.losses import leave_field, take_losses
from siege.engine.map import BattleMap
from siege.engine.movement import (men_by_hex, move_points, path_to, reachable,
                                   stopping_places, walk, zoc_hexes)
from siege.engine.orders import (Assault, Bombard, EndPhase, Exit, Fire, Move, Order, Rally,
                                 UseAbility)
from siege.engine.state import PHASES, ActiveEffect, GameState, UnitState
from siege.engine.view import SightTracker, View, remember_sightings, view_for
from siege.scenario.build import build_state
from siege.scenario.schema import Scenario


class Game:
    def __init__(self, scenario: Scenario, seed: int, battle_map: BattleMap | None = None,
                 undo: bool = True) -> None:
        """`undo=False` for battles nobody will take an order back in (the computer against
        itself): it spares a copy of the state at every phase."""
        self.scenario = scenario
        self.keeps_undo = undo
        self.seed = seed
        self.state = build_state(scenario, seed, battle_map)
        self.orders: list[Order] = []
        self.log: list[Event] = []
        self._undoable: list[bool] = []
        self._version = 0
        self._sight = {side: SightTracker(side) for side in self.state.sides}
        self._reach_cache: dict[str, tuple[int, tuple, dict]] = {}
        self._works_cache: tuple[int, tuple] | None = None
        self._min_steps: dict[str, float] = {}
        self._seen_cache: dict[str, tuple[int, set[Hex]]] = {}
        self._men_cache: dict[str, tuple[int, dict[Hex, int]]] = {}
        self._places_cache: dict[str, tuple[int, Mapping[Hex, float]]] = {}
        self._cleared: tuple[int, Order] | None = None    # the last order `check` passed
        self._zoc_cache: dict[Hashable, tuple[tuple, set[Hex]]] = {}
        self._known_cache: dict[str, tuple[int, list[Hex]]] = {}
        self._lock = threading.RLock()
        self.log += self._start()
        self._version += 1        # (the opening events may have changed what was cached)
        self._checkpoint = self._mark() if undo else None

    # ------------------------------------------------------------------ reading

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

    def view_for(self, side: str) -> View:
        return view_for(self.state, side, self.visible(side))

    def outcome(self) -> victory.Outcome:
        return victory.outcome(self.state)

    def visible(self, side: str) -> set[Hex]:
        """The hexes `side` can see now."""
        with self._lock:   # the window may ask while the computer thinks in its own thread
            cached = self._seen_cache.get(side)
            if cached is None or cached[0] != self._version:
                cached = self._seen_cache[side] = (self._version,
                                                   self._sight[side].visible(self.state))
            return cached[1]

    def _tree(self, unit: UnitState) -> dict:
        """The unit's movement tree against the enemies its side can see. It is kept while
        nothing it depends on has changed (where the unit stands, its morale, day or night,
        the enemies its side sees, the gates, breaches and ice), so another unit's march does
        not make every tree be worked out again."""
        with self._lock:
            cached = self._reach_cache.get(unit.id)
            if cached is not None and cached[0] == self._version:
                return cached[2]
            enemies = self._known_enemy_hexes(unit.side)
            # only enemies the march could come near can change the tree
            reach = int(move_points(self.state, unit) / self._min_step(unit.type.movement)) + 2
            near = tuple(e for e in enemies if e.distance(unit.hex) <= reach)
            key = (unit.hex, unit.morale, self.state.is_night(), near, self._works_key())
            if cached is None or cached[1] != key:
                cached = (self._version, key,
                          reachable(self.state, unit, enemies, zoc=self._zoc(unit.side, enemies)))
            else:
                cached = (self._version, key, cached[2])
            self._reach_cache[unit.id] = cached
            return cached[2]

    def _zoc(self, slot: Hashable, enemies: list[Hex]) -> set[Hex]:
        """The zone of control of these enemies, kept in `slot` (a side, for the enemies it
        knows of; ("all of", side) for all that side's units) while they stand where they stand
        and the gates and breaches are as they are: another friendly march leaves it."""
        key = (tuple(enemies), self._works_key())
        cached = self._zoc_cache.get(slot)
        if cached is None or cached[0] != key:
            cached = self._zoc_cache[slot] = (key, zoc_hexes(self.state, enemies))
        return cached[1]

    def _min_step(self, movement: str) -> float:
        """The cheapest step a unit of this movement class can take (road or terrain)."""
        found = self._min_steps.get(movement)
        if found is None:
            costs = [c for c in self.state.map.cost_of[movement].values() if c > 0]
            found = self._min_steps[movement] = max(0.1, min(
                [self.scenario.rules.road_cost] + costs))
        return found

    def _works_key(self) -> tuple:
        """What movement depends on besides the units: gates, who holds them, breaches, ice."""
        cached = self._works_cache
        if cached is None or cached[0] != self._version:
            s = self.state
            key = (tuple(s.gates.values()), tuple(s.gate_holders.values()), len(s.breaches),
                   tuple(sorted((h.offset, v) for h, v in s.ice_cm.items())))
            cached = self._works_cache = (self._version, key)
        return cached[1]

    def reachable(self, unit_id: str) -> Mapping[Hex, float]:
        """Hexes the unit may move to now, with their cost, planned against the enemies its side
        can see (for the UI's highlight and the AI's choices). Read-only: it is kept until the
        next order, since the AI and `check` ask for the same unit again and again."""
        unit = self.state.units[unit_id]
        with self._lock:
            found = self._places_cache.get(unit_id)
            if found is not None and found[0] == self._version:
                return found[1]
            men = self._men_cache.get(unit.side)
            if men is None or men[0] != self._version:
                men = self._men_cache[unit.side] = (self._version,
                                                    men_by_hex(self.state, unit.side))
            places = MappingProxyType(stopping_places(self.state, unit, self._tree(unit), men[1]))
            self._places_cache[unit_id] = (self._version, places)
            return places

    def path(self, unit_id: str, to: tuple[int, int]) -> list[Hex]:
        tree = self._tree(self.state.units[unit_id])
        goal = Hex.from_offset(*to)
        return path_to(tree, goal) if goal in tree else []

    def _known_enemy_hexes(self, side: str) -> list[Hex]:
        with self._lock:
            cached = self._known_cache.get(side)
            if cached is None or cached[0] != self._version:
                seen = self.visible(side)
                enemy = self.state.enemy_of(side)
                cached = self._known_cache[side] = (self._version, [
                    u.hex for u in self.state.units.values()
                    if u.side == enemy and u.on_map and u.hex in seen])
            return cached[1]

    # ------------------------------------------------------------------ previews (no state change)

    def preview_fire(self, unit_id: str, target: tuple[int, int]) -> combat.FireOdds | None:
        if self.check(Fire(unit_id, target)) is not None:
            return None
        return combat.fire_odds(self.state, self.state.units[unit_id], Hex.from_offset(*target),
                                with_morale_risk=True)

    def preview_assault(self, unit_ids: tuple[str, ...], target: tuple[int, int]
                        ) -> combat.AssaultOdds | None:
        if self.check(Assault(tuple(unit_ids), target)) is not None:
            return None
        return combat.assault_odds(self.state, [self.state.units[u] for u in unit_ids],
                                   Hex.from_offset(*target))

    # ------------------------------------------------------------------ checking

    def check(self, order: Order) -> str | None:
        """None if `order` is legal now, else the reason it is refused, in words for the player."""
        reason = self._refusal(order)
        if reason is None:
            self._cleared = (self._version, order)   # `apply` need not ask again
        return reason

    def _refusal(self, order: Order) -> str | None:
        s = self.state
        if s.ended:
            return "the battle is over"
        if isinstance(order, EndPhase):
            return None
        if isinstance(order, UseAbility):
            return self._check_ability(order)
        unit_ids = order.units if isinstance(order, Assault) else (order.unit,)
        if not unit_ids:
            return "no units given"
        for uid in unit_ids:
            unit = s.units.get(uid)
            if unit is None:
                return f"there is no unit {uid!r}"
            if unit.side != s.active_side:
                return f"{unit.name} belong to the other side"
            if not unit.on_map:
                return f"{unit.name} are not on the field"
        unit = s.units[unit_ids[0]]
        needed = {Rally: "command", Move: "movement", Exit: "movement", Fire: "fire",
                  Bombard: "fire", Assault: "assault"}[type(order)]
        if s.phase != needed:
            return f"{type(order).__name__.lower()} orders are given in the {needed} phase, " \
                   f"not the {s.phase} phase"
        if isinstance(order, Rally):
            if unit.morale == "steady":
                return f"{unit.name} are steady already"
            if unit.rallied:
                return f"{unit.name} have already tried to rally this turn"
            return None
        if isinstance(order, Move):
            return self._check_move(unit, order)
        if isinstance(order, Exit):
            return self._check_exit(unit)
        if isinstance(order, Fire):
            return self._check_fire(unit, order)
        if isinstance(order, Bombard):
            return self._check_bombard(unit, order)
        return self._check_assault(order)

    def _check_ability(self, order: UseAbility) -> str | None:
        s = self.state
        leader = s.leaders.get(order.leader)
        if leader is None:
            return f"there is no leader {order.leader!r}"
        if leader.side != s.active_side:
            return f"{leader.name} serves the other side"
        if s.phase != "command":
            return "abilities are used in the command phase"
        if s.leader_hex(leader) is None:
            return f"{leader.name} is not on the field"
        if order.ability not in leader.uses:
            return f"{leader.name} has no ability {order.ability!r}"
        if leader.uses[order.ability] <= 0:
            return f"{leader.name} has already used it"
        return None

    def _check_move(self, unit: UnitState, order: Move) -> str | None:
        if unit.moved:
            return f"{unit.name} have already moved this turn"
        if unit.morale == "routed":
            return f"{unit.name} are routed and will not obey; rally them first"
        to = Hex.from_offset(*order.to)
        if not self.state.map.on_map(to):
            return "that is off the map"
        if to == unit.hex:
            return f"{unit.name} are already there"
        if to not in self.reachable(unit.id):
            return self._why_unreachable(unit, to)
        return None

    def _why_unreachable(self, unit: UnitState, to: Hex) -> str:
        s = self.state
        if s.side_at(to) not in (None, unit.side) and to in self.visible(unit.side):
            return "the enemy holds that hex: assault it instead"
        terrain = s.map.terrain_at(to)
        if getattr(terrain.move_cost, unit.type.movement) is None or not terrain.passable:
            return f"{unit.type.name} cannot enter {terrain.name}"
        if s.men_at(to, unit.side) + unit.strength > s.scenario.rules.stacking_limit:
            return f"too crowded: at most {s.scenario.rules.stacking_limit:,} men may stand in a hex"
        full = reachable(s, unit, self._known_enemy_hexes(unit.side),
                         budget=4 * move_points(s, unit))
        if to not in full:
            return "no way there this turn: walls, water, distance or the enemy's zone of " \
                   "control bar the road"
        return f"too far: {full[to][0]:.1f} movement points needed, " \
               f"{move_points(s, unit):g} available"

    def _check_exit(self, unit: UnitState) -> str | None:
        if unit.moved:
            return f"{unit.name} have already moved this turn"
        info = self.state.map.exits.get(unit.hex)
        if info is None:
            return f"{unit.name} are not on a map exit"
        if unit.side not in info[1]:
            return f"that exit is not open to {unit.side}"
        return None

    def _check_shooter(self, unit: UnitState) -> str | None:
        if unit.fired:
            return f"{unit.name} have already fired this turn"
        if unit.morale == "routed":
            return f"{unit.name} are routed and cannot fire"
        return None

    def _check_fire(self, unit: UnitState, order: Fire) -> str | None:
        s = self.state
        if (reason := self._check_shooter(unit)) is not None:
            return reason
        if not combat.weapons_of(s, unit):
            return f"{unit.name} have no missile weapons"
        target = Hex.from_offset(*order.target)
        if s.side_at(target) != s.enemy_of(unit.side) or target not in self.visible(unit.side):
            return "you see no enemy there"
        if combat.fire_odds(s, unit, target) is None:
            longest = max(w.range for w in combat.weapons_of(s, unit))
            if unit.hex.distance(target) > longest:
                return f"out of range: {unit.hex.distance(target)} hexes, range {longest}"
            return "no line of sight to the target"
        return None

    def _check_bombard(self, unit: UnitState, order: Bombard) -> str | None:
        s = self.state
        if (reason := self._check_shooter(unit)) is not None:
            return reason
        if order.side not in DIRECTIONS:
            return f"unknown direction {order.side!r}"
        at = Hex.from_offset(*order.at)
        edge = edge_key(at, at.neighbour(direction_number(order.side)))
        if edge not in s.map.walls:
            return "there is no wall or gate on that edge"
        gate = s.map.gate_at_edge.get(edge)
        if gate is not None and s.gates[gate] == "broken":
            return "that gate is already broken"
        if gate is None and edge in s.breaches:
            return "the wall is already breached there"
        near = min(edge, key=lambda h: h.distance(unit.hex))
        if combat.bombard_weapon(s, unit, near) is None:
            reach = max((w.range for w in combat.weapons_of(s, unit) if w.vs_works > 0), default=0)
            if not reach:
                return f"{unit.name} have no guns that can batter walls"
            if unit.hex.distance(near) > reach:
                return f"out of range: {unit.hex.distance(near)} hexes, the guns reach {reach}"
            return "the guns cannot see that stretch of wall"
        return None

    def _check_assault(self, order: Assault) -> str | None:
        s = self.state
        target = Hex.from_offset(*order.target)
        if len(set(order.units)) != len(order.units):
            return "a unit is named twice"
        if s.side_at(target) is None or s.side_at(target) == s.active_side:
            return "there is no enemy there to assault"
        if target not in self.visible(s.active_side):
            return "you see no enemy there"
        for uid in order.units:
            unit = s.units[uid]
            if unit.assaulted:
                return f"{unit.name} have already assaulted this turn"
            if unit.morale in ("wavering", "routed"):
                return f"{unit.name} are {unit.morale} and will not attack"
            if unit.hex.distance(target) != 1:
                return f"{unit.name} are not next to the target"
            if unit.type.melee <= 0:
                return f"{unit.name} cannot fight hand to hand"
            if edge_key(unit.hex, target) in s.map.walls and not combat._edge_kind(
                    s, unit.hex, target, unit.side) == "breach":
                if not unit.type.ladders:
                    return f"{unit.name} have no ladders to climb the wall"
                if s.map.walls[edge_key(unit.hex, target)].inside == unit.hex:
                    return f"{unit.name} would have to climb down their own wall: use a gate"
        return None

    # ------------------------------------------------------------------ applying

    def apply(self, order: Order) -> list[Event]:
        """Carry out a legal order; raises IllegalOrder with the reason if it is not."""
        if self._cleared != (self._version, order):
            reason = self.check(order)
            if reason is not None:
                raise IllegalOrder(reason)
        s = self.state
        rolls = s.rolls
        seen_before = self._seen_enemies(s.active_side) \
            if isinstance(order, Move) and self.keeps_undo else None
        events = self._carry_out(order)
        self._version += 1
        self.orders.append(order)
        revealed = seen_before is not None and not self._seen_enemies(s.active_side) <= seen_before
        self._undoable.append(s.rolls == rolls and not revealed and not isinstance(order, EndPhase))
        self.log += events
        if isinstance(order, EndPhase) and self.keeps_undo:
            self._checkpoint = self._mark()
        return events

    def _seen_enemies(self, side: str) -> set[str]:
        seen = self.visible(side)
        enemy = self.state.enemy_of(side)
        return {u.id for u in self.state.units.values()
                if u.side == enemy and u.on_map and u.hex in seen}

    def _carry_out(self, order: Order) -> list[Event]:
        s = self.state
        if isinstance(order, EndPhase):
            return self._end_phase()
        if isinstance(order, UseAbility):
            return self._use_ability(order)
        if isinstance(order, Assault):
            events = combat.resolve_assault(s, [s.units[u] for u in order.units],
                                            Hex.from_offset(*order.target))
            return events + victory.update_objectives(s)
        unit = s.units[order.unit]
        if isinstance(order, Rally):
            return morale.rally(s, unit)
        if isinstance(order, Move):
            return self._move(unit, Hex.from_offset(*order.to))
        if isinstance(order, Exit):
            return self._exit(unit)
        if isinstance(order, Fire):
            return combat.resolve_fire(s, unit, Hex.from_offset(*order.target))
        if isinstance(order, Bombard):
            at = Hex.from_offset(*order.at)
            return combat.resolve_bombard(s, unit, edge_key(at, at.neighbour(
                direction_number(order.side))))
        raise AssertionError(f"unhandled order {order!r}")

    def _move(self, unit: UnitState, to: Hex) -> list[Event]:
        s = self.state
        tree = self._tree(unit)
        planned = path_to(tree, to)
        enemy = s.enemy_of(unit.side)
        zoc = self._zoc(("all of", enemy), s.hexes_of(enemy))
        done = walk(s, unit, planned, zoc)
        unit.moved = True
        if len(done) < 2:
            if s.side_at(planned[1]) == enemy or planned[1] in zoc:
                why = "are halted at once by an enemy they had not seen"
            else:
                why = "find no hex on their way with room to stop in, and stay where they are"
            return [UnitMoved(text=f"{unit.name} {why}.", unit=unit.id,
                              path=(unit.hex.offset,), cost=0.0)]
        broke_at, drowning = ice.cross(s, unit, done)
        if broke_at is not None:
            done = done[:done.index(broke_at) + 1]
        if broke_at is None:
            unit.hex = done[-1]   # (where the ice broke, `cross` has placed the survivors)
        cost = tree[done[-1]][0]
        note = "" if done[-1] == to else " — halted by an enemy they had not seen"
        if broke_at is not None:
            note = " — the ice broke under the column"
        events: list[Event] = [UnitMoved(
            text=f"{unit.name} march to [{done[-1].col}, {done[-1].r}] ({cost:g} MP){note}.",
            unit=unit.id, path=tuple(h.offset for h in done), cost=cost)]
        return events + drowning + victory.update_objectives(s)

    def _exit(self, unit: UnitState) -> list[Event]:
        exit_id, _ = self.state.map.exits[unit.hex]
        name = next(e.name for e in self.scenario.map.exits if e.id == exit_id)
        men = unit.strength
        events: list[Event] = [UnitExited(text=f"{unit.name} leave the field ({name}) with "
                                               f"{men:,} men.", unit=unit.id, exit=exit_id, men=men)]
        unit.moved = True
        leave_field(self.state, unit)
        return events

    def _use_ability(self, order: UseAbility) -> list[Event]:
        s = self.state
        leader = s.leaders[order.leader]
        spec = next(lead for lead in self.scenario.leaders if lead.id == leader.id)
        ability = next(a for a in spec.abilities if a.id == order.ability)
        leader.uses[ability.id] -= 1
        s.effects.append(ActiveEffect(source=ability.id, side=leader.side,
                                      until_turn=s.turn + ability.duration_turns - 1,
                                      morale_bonus=ability.morale_bonus,
                                      escalade_bonus=ability.escalade_bonus,
                                      assault_bonus=ability.assault_bonus,
                                      leader=leader.id, radius=ability.radius))
        return [AbilityUsed(text=ability.text, leader=leader.id, ability=ability.id,
                            turns=ability.duration_turns)]

    # ------------------------------------------------------------------ the turn sequence

    def _start(self) -> list[Event]:
        s = self.state
        events: list[Event] = [TurnBegan(text=f"Turn 1 — {s.time_label()}.", turn=1,
                                         time=s.time_label(), night=s.is_night())]
        events += self._scripted()
        events += victory.update_objectives(s)
        events.append(self._phase_began())
        return events

    def _phase_began(self) -> PhaseBegan:
        s = self.state
        name = next(side.name for side in self.scenario.sides if side.id == s.active_side)
        return PhaseBegan(text=f"{name}: {s.phase} phase.", side=s.active_side, phase=s.phase,
                          turn=s.turn)

    def _end_phase(self) -> list[Event]:
        s = self.state
        index = PHASES.index(s.phase)
        if index + 1 < len(PHASES):
            s.phase = PHASES[index + 1]
            return [self._phase_began()]
        events = self._end_player_turn()
        s.side_index = 1 - s.side_index
        s.phase = PHASES[0]
        if s.side_index == s.first_side:
            events += self._end_turn()
        if not s.ended:
            for u in s.units.values():
                if u.side == s.active_side:
                    u.moved = u.fired = u.assaulted = u.rallied = False
            events.append(self._phase_began())
        return events

    def _end_player_turn(self) -> list[Event]:
        s = self.state
        side = s.active_side
        events: list[Event] = []
        for u in list(s.units.values()):
            if u.side == side and u.on_map and u.morale == "routed":
                events += self._flee(u)
        events += ice.settle(s)
        s.ice_traffic.clear()
        events += victory.update_objectives(s)
        remember_sightings(s, {side: self._sight[side].visible(s) for side in s.sides})
        return events

    def _flee(self, unit: UnitState) -> list[Event]:
        """Routed men run from the enemy; caught beside him, they are cut down or taken."""
        s = self.state
        rules = s.scenario.rules
        enemy = s.enemy_of(unit.side)
        enemies = s.hexes_of(enemy)
        events: list[Event] = []
        if any(unit.hex.distance(e) == 1 for e in enemies):
            men = int(round(unit.strength * rules.rout_pursuit))
            captured = int(round(men * rules.capture_ratio))
            events += take_losses(s, unit, "pursuit", captured=captured, killed=men - captured)
            if unit.gone:
                return events
        exit_info = s.map.exits.get(unit.hex)
        if exit_info and unit.side in exit_info[1]:
            return events + self._exit(unit)
        tree = reachable(s, unit, enemies)
        if not enemies or len(tree) <= 1:
            return events

        def safety(h: Hex) -> tuple:
            return (min(h.distance(e) for e in enemies), h in s.map.exits, -tree[h][0], h)

        best = max(tree, key=safety)
        if best != unit.hex and safety(best)[0] > min(unit.hex.distance(e) for e in enemies):
            # a rout over the river loads the ice like any march (and breaks it more readily)
            path = path_to(tree, best)
            broke_at, drowning = ice.cross(s, unit, path)
            if broke_at is None:
                unit.hex = best
            else:
                path = path[:path.index(broke_at) + 1]
            end = path[-1]
            note = "" if broke_at is None else " — the ice breaks under them"
            events.append(UnitRetreated(text=f"{unit.name} flee to [{end.col}, {end.r}]{note}.",
                                        unit=unit.id, path=tuple(h.offset for h in path)))
            events += drowning
        return events

    def _end_turn(self) -> list[Event]:
        s = self.state
        events = fire.burn(s)
        events += fire.veer(s)
        s.minutes += s.clock.turn_length(s.minutes)
        if s.clock.finished(s.minutes):
            return events + self._finish("time ran out")
        s.turn += 1
        s.effects = [e for e in s.effects if e.until_turn >= s.turn]
        events.append(TurnBegan(text=f"Turn {s.turn} — {s.time_label()}"
                                     f"{' (night)' if s.is_night() else ''}.",
                                turn=s.turn, time=s.time_label(), night=s.is_night()))
        events += self._reinforce()
        events += self._scripted()
        gone = victory.side_gone(s)
        if gone and s.scenario.victory.end_when_side_gone:
            name = next(side.name for side in s.scenario.sides if side.id == gone)
            events += self._finish(f"{name} have no men left on the field")
        return events

    def _finish(self, reason: str) -> list[Event]:
        s = self.state
        s.ended = True
        s.end_reason = reason
        result = victory.outcome(s)
        if result.winner:
            name = next(side.name for side in s.scenario.sides if side.id == result.winner)
            verdict = f"{result.level} victory for {name}"
        else:
            verdict = "a draw"
        points = ", ".join(f"{k} {v:g}" for k, v in result.scores.items())
        return [BattleEnded(text=f"The battle ends ({reason}): {verdict} ({points}).",
                            winner=result.winner, level=result.level, reason=reason,
                            scores=tuple(result.scores.items()))]

    def _reinforce(self) -> list[Event]:
        s = self.state
        events: list[Event] = []
        for u in s.units.values():
            if u.hex is None and not u.gone and u.entry_turn <= s.turn:
                if s.side_at(u.entry_hex) not in (None, u.side):
                    continue  # the enemy holds the way in: try again next turn
                u.hex = u.entry_hex
                events.append(UnitEntered(text=f"{u.name} arrive at [{u.entry_hex.col}, "
                                               f"{u.entry_hex.r}].", unit=u.id, at=u.entry_hex.offset))
        return events

    def _scripted(self) -> list[Event]:
        s = self.state
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
            if t.objective_held and any(s.objectives.get(o) != v
                                        for o, v in t.objective_held.items()):
                continue
            if t.side_losses_at_least and any(victory.lost(s, side) < n
                                              for side, n in t.side_losses_at_least.items()):
                continue
            s.fired_events.append(spec.id)
            events.append(ScriptedEvent(text=f"{spec.title}: {spec.text}", event=spec.id,
                                        title=spec.title))
            events += self._effects(spec)
        return events

    def _effects(self, spec) -> list[Event]:
        s = self.state
        events: list[Event] = []
        for effect in spec.effects:
            if effect.kind == "wind_shift":
                s.wind_from = effect.blowing_from
                if effect.strength is not None:
                    s.wind_strength = effect.strength
                events.append(WindChanged(text=f"The wind now blows from the {s.wind_from}.",
                                          blowing_from=s.wind_from, strength=s.wind_strength))
            elif effect.kind == "morale_boost":
                s.effects.append(ActiveEffect(source=spec.id, side=effect.side,
                                              until_turn=s.turn + effect.turns - 1,
                                              morale_bonus=effect.amount))
            elif effect.kind == "reinforce":
                for uid in effect.units:
                    s.units[uid].entry_turn = min(s.units[uid].entry_turn, s.turn)
                events += self._reinforce()
            elif effect.kind == "set_gate":
                s.gates[effect.gate] = effect.state
        return events

    # ------------------------------------------------------------------ orders for a side

    def legal_orders(self, unit_id: str) -> Iterator[Order]:
        """Every order the unit may be given now (the AI's menu; also handy in tests)."""
        s = self.state
        unit = s.units[unit_id]
        if unit.side != s.active_side or not unit.on_map or s.ended:
            return
        candidates: list[Order] = []
        if s.phase == "command":
            candidates.append(Rally(unit.id))
            leader = s.leader_of_unit(unit.id)
            if leader:
                candidates += [UseAbility(leader.id, a) for a in leader.uses]
        elif s.phase == "movement":
            candidates += [Move(unit.id, h.offset) for h in sorted(self.reachable(unit.id))]
            candidates.append(Exit(unit.id))
        elif s.phase == "fire":
            longest = max((w.range for w in combat.weapons_of(s, unit)), default=0)
            enemy = s.enemy_of(unit.side)
            targets = sorted({u.hex for u in s.units.values() if u.side == enemy and u.on_map
                              and u.hex.distance(unit.hex) <= longest})
            candidates += [Fire(unit.id, h.offset) for h in targets]
            for key in self._walls_within(unit.hex, longest):
                a, b = key
                d = a.direction_to(b)
                candidates.append(Bombard(unit.id, a.offset, DIRECTIONS[d]))
        elif s.phase == "assault":
            enemy = s.enemy_of(unit.side)
            candidates += [Assault((unit.id,), n.offset) for n in unit.hex.neighbours()
                           if s.side_at(n) == enemy]
        for order in candidates:
            if self.check(order) is None:
                yield order

    def _walls_within(self, at: Hex, distance: int) -> list[tuple[Hex, Hex]]:
        if distance <= 0:
            return []
        return sorted(k for k in self.state.map.walls
                      if min(k[0].distance(at), k[1].distance(at)) <= distance)

    # ------------------------------------------------------------------ undo and replay

    def can_undo(self) -> bool:
        return self.keeps_undo and bool(self._undoable) and self._undoable[-1]

    def undo(self) -> None:
        """Take back the last order, if no die was rolled and no hidden enemy was revealed."""
        if not self.can_undo():
            raise IllegalOrder("the last order cannot be taken back (dice were rolled, the enemy "
                               "was seen, or a phase ended)")
        state, n_orders, n_log = self._checkpoint
        again = self.orders[n_orders:-1]
        self.state = state.clone()
        del self.orders[n_orders:], self._undoable[n_orders:], self.log[n_log:]
        self._version += 1
        for order in again:       # the phase's earlier orders, which rolled no dice either
            self.apply(order)

    def _mark(self) -> tuple[GameState, int, int]:
        """A copy of the state at the start of a phase: undo goes back to it and replays the
        phase's orders but the last (a phase cannot be undone, so nothing earlier is needed)."""
        return self.state.clone(), len(self.orders), len(self.log)

    @classmethod
    def replay(cls, scenario: Scenario, seed: int, orders: list[Order],
               battle_map: BattleMap | None = None) -> "Game":
        game = cls(scenario, seed, battle_map)
        for order in orders:
            game.apply(order)
        return game


class IllegalOrder(ValueError):
    """An order the rules refuse; the message says why, for the player."""

