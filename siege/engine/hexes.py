"""Hex geometry: axial coordinates for the rules, offset `[col, row]` for files and arrays.

Pointy-top hexes, odd rows shifted half a hex right ("odd-r" in Red Blob Games' terms). The
engine works in axial (q, r) because distance, lines and rings are simple there; scenario
files and numpy arrays use (col, row) because that is how the terrain rows are written.
Directions are numbered 0..5 = E, NE, NW, W, SW, SE, so the opposite of d is (d + 3) % 6.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from typing import NamedTuple

DIRECTIONS = ("E", "NE", "NW", "W", "SW", "SE")
AXIAL_STEPS = ((1, 0), (1, -1), (0, -1), (-1, 0), (-1, 1), (0, 1))


class Hex(NamedTuple):
    """A hex in axial coordinates. Small, hashable and ordered, so it can key dicts and sorts."""

    q: int
    r: int

    @classmethod
    def from_offset(cls, col: int, row: int) -> Hex:
        return cls(col - (row - (row & 1)) // 2, row)

    @property
    def col(self) -> int:
        return self.q + (self.r - (self.r & 1)) // 2

    @property
    def row(self) -> int:
        return self.r

    @property
    def offset(self) -> tuple[int, int]:
        return (self.col, self.r)

    def neighbour(self, direction: int) -> Hex:
        dq, dr = AXIAL_STEPS[direction]
        return Hex(self.q + dq, self.r + dr)

    def neighbours(self) -> tuple[Hex, ...]:
        """The six hexes around, in direction order (remembered: asked for ~100k times a
        battle)."""
        return _neighbours(self)

    def distance(self, other: Hex) -> int:
        dq, dr = self.q - other.q, self.r - other.r
        return (abs(dq) + abs(dr) + abs(dq + dr)) // 2

    def direction_to(self, other: Hex) -> int | None:
        """The direction number of an adjacent hex, or None if `other` is not adjacent."""
        step = (other.q - self.q, other.r - self.r)
        return AXIAL_STEPS.index(step) if step in AXIAL_STEPS else None

    def line_to(self, other: Hex) -> tuple[Hex, ...]:
        """Hexes on the straight line from self to other, both ends included (cube lerp).
        Lines are asked for again and again (sight, cover), so they are remembered."""
        return _line(self, other)

    def within(self, radius: int) -> Iterator[Hex]:
        """Every hex at distance <= radius, in a fixed order."""
        for dq in range(-radius, radius + 1):
            for dr in range(max(-radius, -dq - radius), min(radius, -dq + radius) + 1):
                yield Hex(self.q + dq, self.r + dr)


@functools.lru_cache(maxsize=100_000)
def _neighbours(h: Hex) -> tuple[Hex, ...]:
    return tuple(Hex(h.q + dq, h.r + dr) for dq, dr in AXIAL_STEPS)


@functools.lru_cache(maxsize=200_000)
def _line(a: Hex, b: Hex) -> tuple[Hex, ...]:
    n = a.distance(b)
    if n == 0:
        return (a,)
    # nudge (unequally, so no two coordinates tie) so that a line along an edge falls to the
    # same side wherever it is drawn on the map
    aq, ar, as_ = a.q + 1e-6, a.r + 2e-6, -a.q - a.r - 3e-6
    bq, br, bs = b.q + 1e-6, b.r + 2e-6, -b.q - b.r - 3e-6
    return tuple(
        cube_round(aq + (bq - aq) * i / n, ar + (br - ar) * i / n, as_ + (bs - as_) * i / n)
        for i in range(n + 1)
    )


def cube_round(fq: float, fr: float, fs: float) -> Hex:
    """The hex containing fractional cube coordinates (q + r + s = 0)."""
    q, r, s = round(fq), round(fr), round(fs)
    dq, dr, ds = abs(q - fq), abs(r - fr), abs(s - fs)
    if dq > dr and dq > ds:
        q = -r - s
    elif dr > ds:
        r = -q - s
    return Hex(q, r)


def direction_number(name: str) -> int:
    return DIRECTIONS.index(name)


def edge_key(a: Hex, b: Hex) -> tuple[Hex, Hex]:
    """One key for the edge between two adjacent hexes, whichever side it is named from."""
    return (a, b) if a < b else (b, a)
