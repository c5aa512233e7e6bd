"""The computer commander: one side of any battle, playing through its seat and nothing else.

`Commander(side, level, seed).orders_for_phase(seat)` reads the side's seat (its units, the
enemies in sight, where others were last seen, the public state of the field, the rules' odds)
and returns the phase's orders. Its plan comes from the scenario's data — objectives, their
holders and points, enclosures, gates, exits, scoring and the calendar — so a modder's battle
gets an opponent too. The work is split by subject, one module each:

- `planning`  what kind of battle it is for the side (attack, defend, escape), when to storm
- `march`     where each unit steps: its goal, the crowding, the enemy's fire, flames and ice
- `attack`    sharing the army over the objectives, concerted assaults, guns, missiles, ambush
- `defence`   posts, reserves, counter-attacks, falling back, night raids
- `escape`    leaving by night over the exits, breaking out
- `levels`    easy / normal / hard as quality of play; `baselines`: passive and random
- `situation` one phase's reading of the seat; `fields` distances over the map

The phases' work: command (rally, leaders' abilities), movement (by posture), fire (volleys
and bombardment, chosen by the seat's fire preview), assault (chosen by the seat's assault
preview). Work is bounded by the level's `max_evaluations` per phase, a deterministic cap.
"""

from __future__ import annotations

import dataclasses

from siege.ai.defence import Defence
from siege.ai.levels import LEVELS, STYLES
from siege.ai.situation import Situation
from siege.engine.hexes import Hex
from siege.engine.orders import AbilityUse, Order, Rally
from siege.engine.seat import Seat

DIFFICULTIES = LEVELS


class Commander(Defence):
    """Plays one side at one level (see `levels`): `Commander(side, difficulty, seed)`."""

    def orders_for_phase(self, seat: Seat) -> list[Order]:
        """This phase's orders (never PhaseEnd), planned on `seat` — the side's seat, best a
        snapshot (`seat.snapshot()`) so the window may go on drawing the real battle. Apply
        each on the real seat only if `check` still accepts it: earlier ones change the field."""
        if not seat.is_active or seat.side != self.side:
            return []
        self._evaluations = 0
        self._planned = None
        self._traffic = {}
        self._hazards = {}
        self._ice_traffic = seat.ice_traffic()
        if self.intent != next(s.ai for s in seat.scenario.sides if s.id == self.side):
            self._take_intent(seat)  # the first phase, or an event changed the intent
        sit = self._situation(seat)
        phase = seat.phase
        if phase == "command":
            return self._command(seat, sit)
        if phase == "movement":
            return self._movement(seat, sit)
        if phase == "fire":
            return self._fire(seat, sit)
        return self._assault(seat, sit)

    def _take_intent(self, seat: Seat) -> None:
        """The scenario's intent shifts the level's thresholds: a bold commander assaults at
        worse odds, a cautious one minds the enemy's fire and the flames more."""
        intent = next(s.ai for s in seat.scenario.sides if s.id == self.side)
        self.intent = intent
        bold = 0.1 * intent.aggression
        base = STYLES[self.difficulty]  # (an intent changed by an event replaces the first)
        self.style = dataclasses.replace(
            base,
            take_threshold=base.take_threshold - bold,
            storm_take=base.storm_take - bold,
            escalade_odds=base.escalade_odds - bold,
            repulse_limit=base.repulse_limit + bold,
            danger_weight=base.danger_weight * intent.caution,
            fire_weight=base.fire_weight * intent.caution,
        )

    def play_phase(self, seat: Seat) -> list:
        """Plan this phase on `seat` and give the orders still legal (see `play_phase`)."""
        return play_phase(self, seat)

    def _command(self, seat: Seat, sit: Situation) -> list[Order]:
        orders: list[Order] = []
        for unit in sorted(sit.own, key=lambda u: u.id):
            if unit.morale != "steady" and not unit.rallied and not self._slip():
                orders.append(Rally(unit.id))
        posture = self._posture(seat, sit)
        if posture == "escape":
            return orders
        storm = posture == "attack" and self._storming(seat, sit)
        for leader in seat.leaders():
            if not any(n > 0 for n in leader.uses.values()):
                continue
            at = seat.leader_hex(leader.id)
            if at is None:
                continue
            spec = next(lead for lead in seat.scenario.leaders if lead.id == leader.id)
            for ability in spec.abilities:
                if leader.uses.get(ability.id, 0) <= 0:
                    continue
                if self._ability_wanted(seat, sit, ability, at, posture, storm):
                    orders.append(AbilityUse(leader.id, ability.id))
        return orders

    def _ability_wanted(
        self, seat: Seat, sit: Situation, ability, at: Hex, posture: str, storm: bool
    ) -> bool:
        near = [u for u in sit.own if u.at.distance(at) <= ability.radius and u.morale != "routed"]
        engaged = [u for u in near if any(n in sit.enemy_at for n in u.at.neighbours())]
        need = 2 if self.style.coordinate else 1
        if ability.kind == "ambush":
            open_ground = [
                u
                for u in engaged
                if any(
                    n in sit.enemy_at and n not in sit.ground.enclosed for n in u.at.neighbours()
                )
            ]
            return len(open_ground) >= 1
        if posture == "attack":
            if sit.night:
                return False
            walls_ahead = any(self._walled(h) for h in self._goals(seat, "attack").values())
            if (ability.escalade_bonus > 0 or ability.kind == "bounty") and walls_ahead:
                # kept for the walls: where the ladders stand, on a day of general assault
                climbing = [
                    u
                    for u in engaged
                    if u.type.ladders
                    and any(
                        n in sit.enemy_at and sit.edge_kind(u.at, n) == "wall"
                        for n in u.at.neighbours()
                    )
                ]
                return storm and len(climbing) >= need + 1
            return len(engaged) >= need  # in the field: when the men are at grips
        # a defender's sortie or exhortation: when the enemy is inside or on our ground
        inside = [
            u
            for u in engaged
            if any(
                n in sit.enemy_at and (n in sit.ground.enclosed or self._is_objective_hex(seat, n))
                for n in u.at.neighbours()
            )
        ]
        return len(inside) >= need

    def _movement(self, seat: Seat, sit: Situation) -> list[Order]:
        posture = self._posture(seat, sit)
        if posture == "escape":
            return self._escape_moves(seat, sit)
        if posture == "attack":
            return self._attack_moves(seat, sit)
        return self._defend_moves(seat, sit)


def play_phase(commander, seat: Seat) -> list:
    """Plan on `seat` (the computer against itself needs no snapshot: it only reads), then
    give each order that is still legal;
    returns the events the side saw."""
    events = []
    for order in commander.orders_for_phase(seat):
        if seat.check(order) is None:  # (not if the orders before it overtook it)
            events += seat.apply(order)
    return events
