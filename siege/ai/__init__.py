"""The computer opponent: reads one side's seat, returns orders (see commander.py)."""

from siege.ai.baselines import Passive, RandomOrders
from siege.ai.commander import DIFFICULTIES, Commander, play_phase
from siege.ai.levels import ALL_LEVELS, BASELINES, LEVELS, parse_levels


def commander_for(side: str, level: str, seed: int):
    """The player of `side` at `level`: one of LEVELS, or a baseline (passive, random)."""
    if level == "passive":
        return Passive(side, level, seed)
    if level == "random":
        return RandomOrders(side, level, seed)
    return Commander(side, level, seed)


__all__ = [
    "ALL_LEVELS",
    "BASELINES",
    "Commander",
    "DIFFICULTIES",
    "LEVELS",
    "Passive",
    "RandomOrders",
    "commander_for",
    "parse_levels",
    "play_phase",
]
