"""A short soak in the suite: twenty AI-against-AI battles over every shipped scenario and the
small test battles, invariants checked after every phase (tests/soak.py runs a thousand)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.soak import SHIPPED, soak_one

pytestmark = pytest.mark.slow  # whole computer battles; make test-fast skips them

SMALL = sorted((Path(__file__).parent / "engine" / "data").glob("*.yaml")) + [
    Path(__file__).parents[1] / "scenarios" / "examples" / "minimal.yaml"
]
BATTLES = [(str(p), 100 + i, "normal") for i, p in enumerate(SHIPPED)] + [
    (str(SMALL[i % len(SMALL)]), 200 + i, ("easy", "normal", "hard")[i % 3])
    for i in range(20 - len(SHIPPED))
]


@pytest.mark.parametrize("battle", BATTLES, ids=lambda b: f"{Path(b[0]).stem}-{b[1]}-{b[2]}")
def test_a_battle_keeps_every_invariant(battle) -> None:
    path, seed, difficulty, problem = soak_one(battle)
    assert problem is None, problem
