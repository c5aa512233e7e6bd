"""What every part of the commander reads and keeps: its side, its level and style, its own
dice, its thinking budget for the phase and what it remembers from one phase to the next.

The parts build on each other, each on the ones it uses: `Mind` <- `Planning` <- `March` <-
`Escape` <- `Attack` <- `Defence` <- `Commander`.
"""

from __future__ import annotations

import random
from datetime import date
from typing import Any

from siege.ai.fields import FieldCache
from siege.ai.levels import LEVELS, STYLES
from siege.ai.situation import Ground
from siege.engine.hexes import Hex
from siege.scenario.schema import Intent


class Mind:
    def __init__(
        self,
        side: str,
        difficulty: str = "normal",
        seed: int = 0,
        max_evaluations: int | None = None,
    ) -> None:
        if difficulty not in STYLES:
            raise ValueError(f"difficulty must be one of {', '.join(LEVELS)}")
        self.side = side
        self.difficulty = difficulty
        self.style = STYLES[difficulty]
        self.rng = random.Random(f"{seed}/{side}/{difficulty}")
        self.max_evaluations = max_evaluations or self.style.max_evaluations
        self.intent: Intent | None = (
            None  # the scenario's `ai:` for the side, read at the first phase
        )
        self.fields = FieldCache()
        self.escaping = False
        self._ground: Ground | None = None
        self._nature: str | None = None
        self._assignment: dict[str, str] = {}
        self._memory: dict[str, tuple[Hex, int, str, int, str]] = {}  # enemy seen before
        self._evaluations = 0
        self._planned: dict[Hex, int] | None = None
        self._storm_day: date | None = None
        self._stormed = False
        self._targets: set[Hex] = set()
        self._press = 1.0  # how much the enemy's fire still counts on this phase's march
        self._shot_at: tuple[int | None, dict[Hex, float]] = (None, {})  # see `_spared`
        self._raided_night: date | None = None
        self._traffic: dict[Hex, int] = {}
        self._ice_traffic: dict[Hex, int] = {}
        self._hazards: dict[tuple[Hex, float], float] = {}
        self._ambush: tuple[int, tuple[Hex, ...]] | None = None
        self._under_way: set[str] = set()  # units that set out by night on the escape
        self._escape_plan: tuple[tuple[Any, ...], dict[str, dict[Hex, float]]] | None = None

    def _spend(self, n: int = 1) -> bool:
        """Count `n` evaluations against the phase's budget; False once it is spent."""
        self._evaluations += n
        return self._evaluations <= self.max_evaluations

    def _slip(self) -> bool:
        """An easy commander now and then forgets an order (the level's `slip`)."""
        return self.style.slip > 0 and self.rng.random() < self.style.slip
