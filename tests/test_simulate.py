"""AI against AI: determinism, conservation of men, fair play (legal orders, no peeking)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from siege.ai import Commander
from siege.ai.situation import Ground, Situation
from siege.cli import main
from siege.engine.game import Game
from siege.engine.orders import PhaseEnd
from siege.scenario.build import new_game
from siege.scenario.validate import load_scenario
from siege.sim import play, run_many

pytestmark = pytest.mark.slow  # whole computer battles; make test-fast skips them

ROOT = Path(__file__).resolve().parent.parent
ASSAULT = ROOT / "scenarios" / "pyongyang_1593_assault.yaml"
MINIMAL = ROOT / "scenarios" / "examples" / "minimal.yaml"


@pytest.fixture(scope="module")
def assault():
    return load_scenario(ASSAULT)


def simulate_json(capsys, *args: str) -> dict:
    assert main(["simulate", *args, "--json", "-"]) == 0
    return json.loads(capsys.readouterr().out)


def test_the_same_seed_gives_byte_identical_runs(capsys) -> None:
    first = simulate_json(capsys, str(MINIMAL), "--runs", "3", "--seed", "7")
    second = simulate_json(capsys, str(MINIMAL), "--runs", "3", "--seed", "7")
    assert json.dumps(first["runs"], sort_keys=True) == json.dumps(second["runs"], sort_keys=True)
    other = simulate_json(capsys, str(MINIMAL), "--runs", "3", "--seed", "8")
    assert [r["state_hash"] for r in other["runs"]] != [r["state_hash"] for r in first["runs"]]


def test_worker_processes_give_the_same_results_as_one(assault) -> None:
    seeds = [11, 12]
    assert run_many(assault, seeds, jobs=1) == run_many(assault, seeds, jobs=2)


def test_every_man_is_accounted_for(capsys) -> None:
    result = simulate_json(capsys, str(ASSAULT), "--runs", "2", "--seed", "3")
    assert result["scenario"] == "pyongyang_1593_assault"
    for run in result["runs"]:
        for side, strength in run["strength"].items():
            lost = sum(run["losses"][side].values())
            assert strength["start"] == strength["end"] + lost + run["escaped"][side], side
        assert run["winner"] in (None, "allies", "japan")
        assert run["victory_level"] in ("decisive", "marginal", "draw")
    assert set(result["summary"]) >= {"runs", "outcomes", "losses", "escaped", "turns"}


def test_the_summary_sets_the_simulation_beside_history(capsys) -> None:
    assert main(["simulate", str(ASSAULT), "--runs", "1", "--seed", "2"]) == 0
    out = capsys.readouterr().out
    assert "1593" in out and "drowned" in out and "burned" in out


@pytest.mark.parametrize("difficulty", ["easy", "normal", "hard"])
def test_the_computer_only_gives_orders_the_rules_accept(assault, difficulty: str) -> None:
    game = new_game(assault, 5)
    commanders = {s: Commander(s, difficulty, 5) for s in game.state.sides}
    refused = []
    for _ in range(40):  # ten player-turns of the assault
        if game.state.ended:
            break
        for order in commanders[game.active_side].orders_for_phase(game.seat(game.active_side)):
            reason = game.check(order)
            if reason is None:
                game.apply(order)
            elif not _stale(order, game):
                refused.append((order, reason))
        game.apply(PhaseEnd())
    assert not refused, refused[:3]


def _stale(order, game: Game) -> bool:
    """An order planned at the start of a phase may be overtaken by the ones before it (its
    target fled, its hex filled up): refused then is not a mistake. Anything else is."""
    reason = game.check(order) or ""
    overtaken = (
        "no enemy",
        "too crowded",
        "already",
        "not next to",
        "are not on the field",
        "no way there",
        "too far",
        "halted",
    )
    return any(word in reason for word in overtaken)


def test_the_computer_does_not_see_through_the_fog(assault) -> None:
    """Its orders are the same whether or not an enemy it cannot see is on the map."""
    for side in ("allies", "japan"):
        with_unit, without = new_game(assault, 9), new_game(assault, 9)
        seen = with_unit.visible(side)
        hidden = [
            u
            for u in without.state.units.values()
            if u.side != side and u.on_map and u.hex not in seen
        ]
        assert hidden, "the test needs an enemy out of sight"
        ghost = hidden[0]
        without.state.units[ghost.id].hex = None  # that unit is simply not there
        without.state.units[ghost.id].gone = True
        a, b = Commander(side, "normal", 9), Commander(side, "normal", 9)
        for _ in range(8):  # two player-turns of phases
            if with_unit.active_side == side:
                assert a.orders_for_phase(with_unit.seat(side)) == b.orders_for_phase(
                    without.seat(side)
                )
            with_unit.apply(PhaseEnd())
            without.apply(PhaseEnd())


def test_a_whole_battle_ends_with_a_result(assault) -> None:
    game = play(assault, 21)
    assert game.state.ended
    assert game.outcome().finished


def test_the_result_does_not_depend_on_python_hash_seeds() -> None:
    """No set or dict order leaks into the rules: other PYTHONHASHSEEDs, the same battle."""
    import os
    import subprocess
    import sys

    hashes = set()
    for seed in ("0", "12345"):
        out = subprocess.run(
            [
                sys.executable,
                str(ROOT / "main.py"),
                "simulate",
                str(MINIMAL),
                "--runs",
                "1",
                "--seed",
                "6",
                "--json",
                "-",
            ],
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        hashes.add(json.loads(out)["runs"][0]["state_hash"])
    assert len(hashes) == 1


def test_the_garrison_raids_at_most_once_a_night_even_across_midnight():
    """A night is the evening's night: its small hours do not start a second night's raid."""
    sc = load_scenario(ROOT / "scenarios" / "pyongyang_1593.yaml")
    game = new_game(sc, 1)
    clock, start = game.state.clock, game.state.minutes

    def night_at(hours_after_start: float):
        game.state.minutes = start + int(hours_after_start * 60)
        assert clock.is_night(game.state.minutes)
        return Situation.read(game.seat("japan"), Ground.of(game.seat("japan")), []).night_of()

    first_evening = clock.time(start)
    hours_to_midnight = 24 - first_evening.hour - first_evening.minute / 60
    assert night_at(0) == night_at(hours_to_midnight + 3)  # 3 in the morning: same night
    assert night_at(24) != night_at(0)  # the next evening: a new one
