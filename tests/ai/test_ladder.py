"""A small ladder: the tournament plays every level and baseline of each side against the other
side at normal, and on a small field battle a real level does better than doing nothing."""

from __future__ import annotations

from pathlib import Path

from siege.ai import ALL_LEVELS
from siege.scenario.validate import load_scenario
from siege.sim import ladder_table, tournament

OPEN_GROUND = Path(__file__).resolve().parents[1] / "engine" / "data" / "open_ground.yaml"


def test_the_ladder_ranks_every_level_of_each_side_and_normal_beats_passive() -> None:
    scenario = load_scenario(OPEN_GROUND)
    rows = tournament([scenario], [1, 2])
    assert sorted((r["side"], r["level"]) for r in rows) == sorted(
        (s.id, lv) for s in scenario.sides for lv in ALL_LEVELS
    )
    for r in rows:
        assert r["games"] == 2 and r["won"] + r["drawn"] + r["lost"] == 2
        assert r["low"] <= r["mean"] <= r["high"]
    mean = {(r["side"], r["level"]): r["mean"] for r in rows}
    assert mean[("japan", "normal")] > mean[("japan", "passive")]
    assert "W/D/L" in ladder_table(rows)
