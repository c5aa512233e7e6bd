"""GameState: everything that changes during a battle, plus the one seeded RNG.

The state is plain data. Rules live in the other engine modules and change it only when
`Game.apply` calls them. Iteration order is always the scenario's order (dicts keep insertion
order; no sets are iterated), so the same seed and orders give the same state hash.
"""

from __future__ import annotations

import bisect
import copy
import hashlib
import json
import random
from dataclasses import dataclass, field
from typing import Any

from siege.engine.clock import Clock
from siege.engine.hexes import Hex
from siege.engine.map import BattleMap
from siege.scenario.schema import MoraleState, Scenario, UnitType

MORALE_STATES: tuple[MoraleState, ...] = ("steady", "shaken", "wavering", "routed")
PHASES = ("command", "movement", "fire", "assault")
LOSS_CAUSES = ("killed", "wounded", "burned", "drowned", "captured", "escaped")


def _shallow(obj: Any) -> Any:
    """A copy of a plain dataclass sharing its field values (copy.copy, without its overhead:
    undo takes one of every unit at the start of each phase)."""
    other = object.__new__(type(obj))
    other.__dict__.update(obj.__dict__)
    return other


_PLACE_FIELDS = frozenset(("hex", "gone", "strength"))


@dataclass
class UnitState:
    """One unit. Setting where it stands, its strength or whether it is gone keeps the state's
    occupancy index (`Occupancy`) up to date, so no rule need scan every unit to ask who is
    where."""

    id: str
    name: str
    side: str
    nation: str | None
    type: UnitType
    strength: int
    guns: int
    hex: Hex | None  # None: not yet entered, or gone
    morale: MoraleState
    leader: str | None  # the commander this unit answers to
    entry_turn: int
    entry_hex: Hex
    gone: bool = False  # eliminated or left the map
    moved: bool = False  # this player-turn
    fired: bool = False
    assaulted: bool = False
    rallied: bool = False
    start_strength: int = 0
    suppression: int = 0  # points of suppression from incoming fire (apart from morale)
    fire_bearings: int = 0  # directions it was shot at from since its last recovery (bits)
    volleys: dict[str, int] = field(default_factory=dict)  # limited weapon id -> volleys left
    aboard: str | None = None  # the boat carrying it (it stands in the boat's hex)
    _occupancy = None  # (class attribute) the index this unit reports its moves to

    def __setattr__(self, name: str, value: Any) -> None:
        index = self._occupancy
        if index is None or name not in _PLACE_FIELDS:
            object.__setattr__(self, name, value)
            return
        index.lift(self)
        object.__setattr__(self, name, value)
        index.place(self)

    @property
    def on_map(self) -> bool:
        return self.hex is not None and not self.gone

    @property
    def at(self) -> Hex:
        """Where a unit on the field stands (for readers such as the computer commander, who
        ask it only of units on the field; asking it of one that is not is a bug)."""
        here = self.hex
        if here is None:
            raise LookupError(f"{self.id} is not on the field")
        return here

    @property
    def morale_level(self) -> int:
        return MORALE_STATES.index(self.morale)

    @property
    def soldiers(self) -> bool:
        """Fighting men (not porters or civilians): they hold ground and take the blows."""
        return not self.type.non_combatant


class Occupancy:
    """Who stands where, per side: the units in each hex (in the scenario's order of units) and
    the men of each side in each hex. Kept up to date by the units themselves as they move,
    lose men or leave (see `UnitState.__setattr__`); rebuilt only when the state is cloned."""

    def __init__(self, units: dict[str, UnitState], sides: list[str]) -> None:
        self.order = {uid: i for i, uid in enumerate(units)}
        self.units_in: dict[Hex, list[UnitState]] = {}
        self.men: dict[str, dict[Hex, int]] = {side: {} for side in sides}
        self.on_map: dict[str, dict[str, UnitState]] = {side: {} for side in sides}
        self._listed: dict[str, list[UnitState] | None] = {side: None for side in sides}
        # goes up whenever one of a side's units is placed anew (moved, hit, entered, gone):
        # with `token`, which this index alone holds, a cheap test that nothing has moved
        self.changes: dict[str, int] = {side: 0 for side in sides}
        self.token = object()
        for u in units.values():
            self.place(u)
            object.__setattr__(u, "_occupancy", self)

    def lift(self, u: UnitState) -> None:
        """Take the unit off its hex (before its hex, strength or presence changes)."""
        if u.hex is None or u.gone:
            return
        here = self.units_in[u.hex]
        del here[next(i for i, x in enumerate(here) if x is u)]
        if not here:
            del self.units_in[u.hex]
        men = self.men[u.side]
        left = men[u.hex] - u.strength
        if left or any(x.side == u.side for x in here):
            men[u.hex] = left
        else:
            del men[u.hex]

    def place(self, u: UnitState) -> None:
        """Put the unit where it now stands (after the change)."""
        self.changes[u.side] += 1
        listed = self.on_map[u.side]
        if u.hex is None or u.gone:
            if listed.pop(u.id, None) is not None:
                self._listed[u.side] = None
            return
        bisect.insort(self.units_in.setdefault(u.hex, []), u, key=lambda x: self.order[x.id])
        men = self.men[u.side]
        men[u.hex] = men.get(u.hex, 0) + u.strength
        if u.id not in listed:
            listed[u.id] = u
            self._listed[u.side] = None

    def units_of(self, side: str) -> list[UnitState]:
        """The side's units on the map, in the scenario's order."""
        listed = self._listed[side]
        if listed is None:
            listed = self._listed[side] = sorted(
                self.on_map[side].values(), key=lambda x: self.order[x.id]
            )
        return listed


@dataclass
class LeaderState:
    id: str
    name: str
    side: str
    rating: int
    command_radius: int
    unit: str | None
    status: str = "active"  # active, wounded, killed, captured, escaped (left with his men)
    uses: dict[str, int] = field(default_factory=dict)  # ability id -> uses left


@dataclass
class ActiveEffect:
    """A temporary bonus from an ability: a bounty near its leader, a signal's lift to a side."""

    source: str
    side: str
    until_turn: int
    morale_bonus: int = 0
    escalade_bonus: float = 0.0
    assault_bonus: float = 0.0
    leader: str | None = None  # centred on this leader's unit, or side-wide when None
    radius: int = 0


@dataclass(frozen=True)
class Standing:
    """A standing order an event gave a unit (see engine/standing.py): `withdraw` to the hexes
    `to`, `leave` by the exit `exit`, or `hold` its hex until `until_turn` (None: to the end)."""

    order: str
    event: str  # the scenario event that gave it
    why: str  # that event's title, for the player
    to: tuple[Hex, ...] = ()
    exit: str | None = None
    until_turn: int | None = None


@dataclass
class GameState:
    scenario: Scenario
    map: BattleMap
    seed: int
    rng: random.Random
    units: dict[str, UnitState]
    leaders: dict[str, LeaderState]
    sides: list[str]
    clock: Clock
    turn: int = 1
    side_index: int = 0  # whose player-turn: index into `sides`
    first_side: int = 0  # who moves first each turn
    phase: str = "command"
    minutes: int = 0  # since the scenario's start
    gates: dict[str, str] = field(default_factory=dict)  # gate id -> state
    gate_damage: dict[str, float] = field(default_factory=dict)  # gate id -> damage points left
    gate_holders: dict[str, str | None] = field(default_factory=dict)  # who may open each gate
    wall_damage: dict[tuple[Hex, Hex], float] = field(default_factory=dict)  # edge -> points left
    breaches: list[tuple[Hex, Hex]] = field(default_factory=list)
    fires: dict[Hex, int] = field(default_factory=dict)  # burning hex -> turns left
    burned_out: list[Hex] = field(default_factory=list)
    ice_cm: dict[Hex, float] = field(default_factory=dict)  # water hexes whose ice changed
    ice_traffic: dict[Hex, int] = field(default_factory=dict)  # men marched over, this player-turn
    wind_from: str = "N"
    wind_strength: int = 0
    effects: list[ActiveEffect] = field(default_factory=list)
    objectives: dict[str, str | None] = field(default_factory=dict)  # objective id -> holder
    fired_events: list[str] = field(default_factory=list)
    losses: dict[str, dict[str, int]] = field(default_factory=dict)  # side -> cause -> men
    # the non-combatants' share of `losses` (side -> cause -> men), counted apart
    non_combatant_losses: dict[str, dict[str, int]] = field(default_factory=dict)
    start_strength: dict[str, int] = field(default_factory=dict)
    leaders_lost: list[tuple[str, int]] = field(default_factory=list)  # (leader, turn)
    last_seen: dict[str, dict[str, tuple[Hex, int]]] = field(default_factory=dict)
    # what events changed: rules constants, terrain (hex -> terrain id), units' weapons,
    # commanders' intents (side -> keys of `ai:`), and the standing orders in force
    rule_changes: dict[str, bool | int | float] = field(default_factory=dict)
    terrain_changes: dict[Hex, str] = field(default_factory=dict)
    armament: dict[str, tuple[str, ...]] = field(default_factory=dict)
    intent_changes: dict[str, dict[str, Any]] = field(default_factory=dict)
    standing: dict[str, Standing] = field(default_factory=dict)
    ended: bool = False
    end_reason: str = ""
    rolls: int = 0  # dice rolled so far (undo may not cross a roll)
    occupancy: Occupancy = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.occupancy = Occupancy(self.units, self.sides)

    def is_night(self) -> bool:
        return self.clock.is_night(self.minutes)

    def time_label(self) -> str:
        return self.clock.label(self.minutes)

    # ------------------------------------------------------------------ who and when

    @property
    def active_side(self) -> str:
        return self.sides[self.side_index]

    def enemy_of(self, side: str) -> str:
        return self.sides[1 - self.sides.index(side)]

    # ------------------------------------------------------------------ dice

    def d6(self, n: int = 1) -> tuple[int, ...]:
        self.rolls += n
        return tuple(self.rng.randint(1, 6) for _ in range(n))

    def chance(self, p: float) -> tuple[bool, int]:
        """True with probability p; returns the d100 roll too, for the log."""
        self.rolls += 1
        roll = self.rng.randint(1, 100)
        return roll <= round(p * 100), roll

    # ------------------------------------------------------------------ where things are

    def hexes_of(self, side: str) -> list[Hex]:
        """Where each of a side's units on the map stands (in the order of the units)."""
        return [u.hex for u in self.occupancy.units_of(side) if u.hex is not None]

    def units_of(self, side: str) -> list[UnitState]:
        """A side's units on the map, in the scenario's order."""
        return list(self.occupancy.units_of(side))

    def units_at(self, h: Hex) -> list[UnitState]:
        return list(self.occupancy.units_in.get(h, ()))

    def occupancy_map(self) -> dict[Hex, list[UnitState]]:
        return {h: list(us) for h, us in self.occupancy.units_in.items()}

    def side_at(self, h: Hex) -> str | None:
        here = self.occupancy.units_in.get(h)
        return here[0].side if here else None

    def men_at(self, h: Hex, side: str | None = None) -> int:
        if side is not None:
            return self.occupancy.men[side].get(h, 0)
        return sum(men.get(h, 0) for men in self.occupancy.men.values())

    def men_by_hex(self, side: str) -> dict[Hex, int]:
        """How many of a side's men stand in each hex (a copy)."""
        return dict(self.occupancy.men[side])

    def leader_of_unit(self, unit_id: str) -> LeaderState | None:
        for leader in self.leaders.values():
            if leader.unit == unit_id and leader.status in ("active", "wounded"):
                return leader
        return None

    def leader_hex(self, leader: LeaderState) -> Hex | None:
        if leader.unit is None or leader.status not in ("active", "wounded"):
            return None
        unit = self.units.get(leader.unit)
        return unit.hex if unit and unit.on_map else None

    # ------------------------------------------------------------------ accounting

    def record_loss(self, side: str, cause: str, men: int, soldiers: bool = True) -> None:
        self.losses[side][cause] += men
        if not soldiers:
            causes = self.non_combatant_losses.setdefault(side, {})
            causes[cause] = causes.get(cause, 0) + men

    def soldier_losses(self, side: str) -> dict[str, int]:
        """A side's losses by cause, its non-combatants left out (they are counted apart)."""
        apart = self.non_combatant_losses.get(side, {})
        return {cause: n - apart.get(cause, 0) for cause, n in self.losses[side].items()}

    def men_on_map(self, side: str) -> int:
        return sum(self.occupancy.men[side].values())

    def men_in_units(self, side: str) -> int:
        return sum(u.strength for u in self.units.values() if u.side == side and not u.gone)

    # ------------------------------------------------------------------ copying

    def clone(self) -> GameState:
        """An independent copy of everything that changes; the scenario, the map and the unit
        types are shared (they never change during a battle)."""
        other = copy.copy(self)
        other.rng = random.Random()
        other.rng.setstate(self.rng.getstate())
        other.units = {k: _shallow(u) for k, u in self.units.items()}
        for u in other.units.values():
            u.__dict__.pop("_occupancy", None)
            if u.volleys:
                u.volleys = dict(u.volleys)
        other.leaders = {k: _shallow(v) for k, v in self.leaders.items()}
        for leader in other.leaders.values():
            leader.uses = dict(leader.uses)
        for name in (
            "gates",
            "gate_damage",
            "gate_holders",
            "wall_damage",
            "fires",
            "ice_cm",
            "ice_traffic",
            "objectives",
            "start_strength",
            "rule_changes",
            "terrain_changes",
            "armament",
            "standing",
        ):
            setattr(other, name, dict(getattr(self, name)))
        for name in ("breaches", "burned_out", "fired_events", "leaders_lost"):
            setattr(other, name, list(getattr(self, name)))
        other.effects = [_shallow(e) for e in self.effects]
        other.losses = {side: dict(causes) for side, causes in self.losses.items()}
        other.non_combatant_losses = {
            side: dict(causes) for side, causes in self.non_combatant_losses.items()
        }
        other.last_seen = {side: dict(seen) for side, seen in self.last_seen.items()}
        other.intent_changes = {side: dict(keys) for side, keys in self.intent_changes.items()}
        other.occupancy = Occupancy(other.units, other.sides)
        return other

    # ------------------------------------------------------------------ hashing

    def snapshot(self) -> dict[str, Any]:
        """Everything that decides the future of the battle, as plain sorted data."""
        return {
            "turn": self.turn,
            "side": self.side_index,
            "phase": self.phase,
            "minutes": self.minutes,
            "ended": self.ended,
            "units": [
                [
                    u.id,
                    u.hex.offset if u.hex else None,
                    u.strength,
                    u.guns,
                    u.morale,
                    u.gone,
                    u.moved,
                    u.fired,
                    u.assaulted,
                    u.rallied,
                    u.suppression,
                    u.fire_bearings,
                ]
                for u in self.units.values()
            ],
            "leaders": [
                [lead.id, lead.unit, lead.status, sorted(lead.uses.items())]
                for lead in self.leaders.values()
            ],
            "gates": sorted(self.gates.items()),
            "gate_holders": sorted((k, v or "") for k, v in self.gate_holders.items()),
            "gate_damage": sorted((k, round(v, 6)) for k, v in self.gate_damage.items()),
            "walls": sorted(
                ([a.offset, b.offset], round(v, 6)) for (a, b), v in self.wall_damage.items()
            ),
            "breaches": sorted([a.offset, b.offset] for a, b in self.breaches),
            "fires": sorted((h.offset, t) for h, t in self.fires.items()),
            "burned_out": sorted(h.offset for h in self.burned_out),
            "ice": sorted((h.offset, round(v, 6)) for h, v in self.ice_cm.items()),
            **(
                {"ice_traffic": sorted((h.offset, n) for h, n in self.ice_traffic.items())}
                if self.ice_traffic
                else {}
            ),
            "wind": [self.wind_from, self.wind_strength],
            "effects": [[e.source, e.side, e.until_turn, e.leader] for e in self.effects],
            "objectives": sorted((k, v or "") for k, v in self.objectives.items()),
            "events": list(self.fired_events),
            "losses": {s: dict(sorted(c.items())) for s, c in sorted(self.losses.items())},
            **self._kept_apart(),
            **self._event_changes(),
            "rng": hashlib.sha256(repr(self.rng.getstate()).encode()).hexdigest(),
        }

    def _kept_apart(self) -> dict[str, Any]:
        """What only battles with ammunition, boats or non-combatants have, kept out of the
        snapshot when there is none (so the hashes of battles without them do not move)."""
        out: dict[str, Any] = {}
        volleys = [[u.id, sorted(u.volleys.items())] for u in self.units.values() if u.volleys]
        if volleys:
            out["volleys"] = volleys
        aboard = [[u.id, u.aboard] for u in self.units.values() if u.aboard]
        if aboard:
            out["aboard"] = aboard
        if self.non_combatant_losses:
            out["non_combatant_losses"] = {
                s: dict(sorted(c.items())) for s, c in sorted(self.non_combatant_losses.items())
            }
        return out

    def _event_changes(self) -> dict[str, Any]:
        """What scripted events changed, for the hash (left out while nothing has, so a battle
        without such events keeps the hashes it always had)."""
        out: dict[str, Any] = {}
        if self.rule_changes:
            out["rule_changes"] = sorted(self.rule_changes.items())
        if self.terrain_changes:
            out["terrain_changes"] = sorted((h.offset, t) for h, t in self.terrain_changes.items())
        if self.armament:
            out["armament"] = sorted((u, list(w)) for u, w in self.armament.items())
        if self.intent_changes:
            out["intent_changes"] = {
                side: sorted(keys.items()) for side, keys in sorted(self.intent_changes.items())
            }
        if self.standing:
            out["standing"] = [
                [uid, o.order, o.event, [h.offset for h in o.to], o.exit or "", o.until_turn or 0]
                for uid, o in self.standing.items()
            ]
        return out

    def state_hash(self) -> str:
        text = json.dumps(self.snapshot(), sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(text.encode()).hexdigest()[:16]
