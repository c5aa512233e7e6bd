"""The computer's levels: how well it plays, never what dice it rolls or how many men it has.

A level is a `Style`: how far it searches (how many marches it weighs for each unit, how many
ways of making up an assault), how well it concerts its assaults (several units from several
sides at once, or one by one), how much it minds the enemy's fire, the flames and the ice,
how long it remembers an enemy it has lost sight of, how often it slips (forgets an order), and
whether it weighs an assault by what it is expected to do to the victory margin — the ground
it may take and the men both sides will lose, in the scenario's own points — or only by its odds.
The baselines `passive` (ends every phase) and `random` (random legal orders) are yardsticks
for the tournament: every level should beat them.
"""

from __future__ import annotations

from dataclasses import dataclass

LEVELS = ("easy", "normal", "hard")
BASELINES = ("passive", "random")
ALL_LEVELS = LEVELS + BASELINES


@dataclass(frozen=True)
class Style:
    coordinate: bool  # concert assaults (several units, several sides) or go one by one
    escalade_odds: float  # P(taken) needed to send ladder parties to a stretch of wall
    take_threshold: float  # P(taken) needed to launch an assault outside a general assault
    storm_take: float  # ... during a general assault
    repulse_limit: float  # most P(repulsed) accepted outside a general assault
    slip: float  # chance to forget an order
    crowd_weight: float  # how much it avoids packing hexes
    danger_weight: float  # cost of standing where the enemy's fire takes 1 % a turn
    fire_weight: float  # cost of a hex that may burn this turn
    raid_chance: float  # per night turn, for a defender
    ice_caution: float  # how much a retreat over the ice avoids loading it past its limit
    breadth: int  # marches weighed per unit (the best few by the plan's measure)
    memory_turns: int  # turns an enemy out of sight is still reckoned where last seen
    max_evaluations: int  # the work it may do in one phase (a deterministic cap)
    weigh_margin: bool  # an attacker weighs an assault by its expected effect on the margin
    least_take: float  # ... and then the least P(taken) it will try
    sally_by_day: bool  # a defender also attacks the enemy in the open by day, not only at night
    spare_no_target: bool  # a defender does not drive off an enemy its volleys are killing


STYLES = {
    "easy": Style(
        coordinate=False,
        escalade_odds=0.2,
        take_threshold=0.5,
        storm_take=0.25,
        repulse_limit=0.6,
        slip=0.2,
        crowd_weight=0.3,
        danger_weight=0.4,
        fire_weight=0.5,
        raid_chance=0.1,
        ice_caution=0.0,
        breadth=3,
        memory_turns=1,
        max_evaluations=1500,
        weigh_margin=False,
        least_take=1.0,
        sally_by_day=False,
        spare_no_target=False,
    ),
    "normal": Style(
        coordinate=True,
        escalade_odds=0.4,
        take_threshold=0.4,
        storm_take=0.3,
        repulse_limit=0.5,
        slip=0.04,
        crowd_weight=1.0,
        danger_weight=2.0,
        fire_weight=2.5,
        raid_chance=0.3,
        ice_caution=0.6,
        breadth=8,
        memory_turns=3,
        max_evaluations=4000,
        weigh_margin=False,
        least_take=1.0,
        sally_by_day=False,
        spare_no_target=False,
    ),
    "hard": Style(
        coordinate=True,
        escalade_odds=0.5,
        take_threshold=0.4,
        storm_take=0.3,
        repulse_limit=0.45,
        slip=0.0,
        crowd_weight=1.5,
        danger_weight=3.0,
        fire_weight=4.0,
        raid_chance=0.4,
        ice_caution=3.0,
        breadth=12,
        memory_turns=4,
        max_evaluations=12000,
        weigh_margin=True,
        least_take=0.1,
        sally_by_day=True,
        spare_no_target=True,
    ),
}


def parse_levels(text: str, sides: list[str]) -> dict[str, str]:
    """`allies=hard,japan=easy` -> {side: level}; raises ValueError with a message for the
    player (an unknown side or level, a side named twice)."""
    chosen: dict[str, str] = {}
    for part in (p.strip() for p in text.split(",")):
        if not part:
            continue
        side, eq, level = part.partition("=")
        side, level = side.strip(), level.strip()
        if not eq or not side or not level:
            raise ValueError(f"{part!r}: give SIDE=LEVEL, e.g. {sides[0]}=hard")
        if side not in sides:
            raise ValueError(f"unknown side {side!r}: this battle has {', '.join(sides)}")
        if level not in ALL_LEVELS:
            raise ValueError(f"unknown level {level!r}: choose from {', '.join(ALL_LEVELS)}")
        if side in chosen:
            raise ValueError(f"side {side!r} given twice")
        chosen[side] = level
    return chosen
