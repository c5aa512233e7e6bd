"""Headless AI-against-AI battles and the debrief against history.

Each run is a pure function of (scenario, seed, the level of each side), so runs can be farmed
out to worker processes and still give byte-identical results to a single process. The
tournament plays each level (and the baselines) of each side against the other side at
`normal` and ranks them by victory-point margin.
"""

from __future__ import annotations

import gc
import math
import statistics
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from siege.ai import ALL_LEVELS, commander_for, play_phase
from siege.engine.game import Game
from siege.engine.map import BattleMap
from siege.engine.orders import PhaseEnd
from siege.engine.state import LOSS_CAUSES
from siege.scenario.build import new_game
from siege.scenario.schema import Scenario
from siege.timeline import timeline

COMBAT_CAUSES = tuple(c for c in LOSS_CAUSES if c != "escaped")
MAX_PHASES = 20_000  # a safety net: no scenario has this many phases


Levels = str | dict[str, str]


def levels_of(scenario: Scenario, levels: Levels) -> dict[str, str]:
    """{side: level} from one level for both sides or a partial map (the rest at normal)."""
    if isinstance(levels, str):
        return {s.id: levels for s in scenario.sides}
    return {s.id: levels.get(s.id, "normal") for s in scenario.sides}


def play(
    scenario: Scenario,
    seed: int,
    difficulty: Levels = "normal",
    battle_map: BattleMap | None = None,
) -> Game:
    """One whole battle, both sides played by the computer (each at its level)."""
    game = new_game(scenario, seed, battle_map, undo=False)
    chosen = levels_of(scenario, difficulty)
    commanders = {side: commander_for(side, chosen[side], seed) for side in game.state.sides}
    with _fewer_collections():
        for _ in range(MAX_PHASES):
            if game.state.ended:
                break
            side = game.active_side
            play_phase(commanders[side], game.seat(side))
            game.apply(PhaseEnd())
    return game


@contextmanager
def _fewer_collections() -> Iterator[None]:
    """A battle makes millions of short-lived tuples and few cycles: the garbage collector's
    youngest generation is swept every 20,000 allocations rather than 700 (about 7 % of a
    battle's time, measured), and put back as it was afterwards."""
    before = gc.get_threshold()
    gc.set_threshold(20_000, before[1], before[2])
    try:
        yield
    finally:
        gc.set_threshold(*before)


def run_record(game: Game, seed: int) -> dict[str, Any]:
    """The JSON record of one finished battle."""
    state = game.state
    result = game.outcome()
    strength = {
        s: {"start": state.start_strength[s], "end": state.men_in_units(s)} for s in state.sides
    }
    soldiers = {s: state.soldier_losses(s) for s in state.sides}
    losses = {s: {c: soldiers[s][c] for c in COMBAT_CAUSES} for s in state.sides}
    escaped = {s: soldiers[s]["escaped"] for s in state.sides}
    apart = {s: dict(sorted(state.non_combatant_losses.get(s, {}).items())) for s in state.sides}
    return {
        "seed": seed,
        "winner": result.winner,
        "victory_level": result.level,
        "turns": state.turn,
        "end_reason": state.end_reason,
        "strength": strength,
        "losses": losses,
        "escaped": escaped,
        "non_combatant_losses": apart,
        "scores": result.scores,
        "state_hash": game.state_hash(),
        "timeline": [e.to_dict() for e in timeline(game.log, state)],
    }


@dataclass(frozen=True)
class LogTo:
    """Where `simulate --log` writes each run's save and battle log, and the scenario file
    the saves name."""

    folder: str
    scenario_path: str


Work = tuple[Scenario, int, Levels, LogTo | None]


def run_one(args: Work) -> dict[str, Any]:
    scenario, seed, difficulty, log_to = args
    game = play(scenario, seed, difficulty)
    record = run_record(game, seed)
    record["levels"] = levels_of(scenario, difficulty)
    if log_to is not None:
        from siege.battlelog import write_run

        record["files"] = write_run(log_to.folder, log_to.scenario_path, game, record["levels"])
    return record


def run_many(
    scenario: Scenario,
    seeds: list[int],
    difficulty: Levels = "normal",
    jobs: int = 1,
    progress=None,
    log_to: LogTo | None = None,
) -> list[dict[str, Any]]:
    """Records in seed order, whatever the number of worker processes."""
    return _run_work([(scenario, s, difficulty, log_to) for s in seeds], jobs, progress)


def _run_work(work: list[Work], jobs: int, progress=None) -> list[dict[str, Any]]:
    records: list[dict[str, Any]] = []
    if jobs <= 1:
        for item in work:
            records.append(run_one(item))
            if progress:
                progress(len(records), len(work))
        return records
    import multiprocessing

    with multiprocessing.get_context("spawn").Pool(jobs) as pool:
        for record in pool.imap(run_one, work):
            records.append(record)
            if progress:
                progress(len(records), len(work))
    return records


@dataclass(frozen=True)
class Spread:
    mean: float
    low: float
    high: float

    @classmethod
    def of(cls, values: list[float]) -> Spread:
        if not values:
            return cls(0.0, 0.0, 0.0)
        return cls(round(statistics.fmean(values), 1), min(values), max(values))


def summarize(scenario: Scenario, records: list[dict[str, Any]]) -> dict[str, Any]:
    sides = [s.id for s in scenario.sides]
    n = len(records) or 1
    outcomes: dict[str, int] = {}
    for r in records:
        key = f"{r['winner']} {r['victory_level']}" if r["winner"] else "draw"
        outcomes[key] = outcomes.get(key, 0) + 1
    summary: dict[str, Any] = {
        "runs": len(records),
        "outcomes": {k: round(v / n, 3) for k, v in sorted(outcomes.items())},
        "turns": Spread.of([r["turns"] for r in records]).__dict__,
        "losses": {
            s: {c: Spread.of([r["losses"][s][c] for r in records]).__dict__ for c in COMBAT_CAUSES}
            for s in sides
        },
        "escaped": {s: Spread.of([r["escaped"][s] for r in records]).__dict__ for s in sides},
        "non_combatants_lost": {
            s: Spread.of([_lost(r["non_combatant_losses"][s]) for r in records]).__dict__
            for s in sides
        },
    }
    return summary


def _lost(causes: dict[str, int]) -> int:
    return sum(n for cause, n in causes.items() if cause != "escaped")


def history_table(scenario: Scenario, summary: dict[str, Any]) -> str:
    """The human summary: simulated means beside the scenario's recorded (`history`) figures."""
    lines = [f"{scenario.meta.title} — {summary['runs']} runs"]
    lines.append("outcomes: " + ", ".join(f"{k} {v:.0%}" for k, v in summary["outcomes"].items()))
    t = summary["turns"]
    lines.append(f"turns played: mean {t['mean']:g} (from {t['low']:g} to {t['high']:g})")
    if scenario.history:
        lines.append(
            f"history: {scenario.history.winner or 'draw'} {scenario.history.level} — "
            f"{scenario.history.outcome.strip().splitlines()[0]}"
        )
    header = f"{'side':<10}{'cause':<10}{'simulated mean':>16}{'range':>18}{'history':>10}"
    lines += ["", header, "-" * len(header)]
    for side in [s.id for s in scenario.sides]:
        hist = scenario.history.sides.get(side) if scenario.history else None
        for cause in COMBAT_CAUSES + ("escaped",):
            spread = (
                summary["escaped"][side] if cause == "escaped" else summary["losses"][side][cause]
            )
            if hist is None:
                recorded = "—"
            elif cause == "escaped":
                recorded = f"{hist.escaped:,}" if hist.escaped is not None else "—"
            else:
                recorded = f"{getattr(hist.losses, cause):,}"
            rng = f"{spread['low']:,.0f}–{spread['high']:,.0f}"
            lines.append(f"{side:<10}{cause:<10}{spread['mean']:>16,.0f}{rng:>18}{recorded:>10}")
    for side in [s.id for s in scenario.sides]:
        spread = summary["non_combatants_lost"][side]
        if spread["high"]:
            rng = f"{spread['low']:,.0f}–{spread['high']:,.0f}"
            lines.append(f"{side:<10}{'non-comb.':<10}{spread['mean']:>16,.0f}{rng:>18}{'—':>10}")
    return "\n".join(lines)


# ---------------------------------------------------------------------- the tournament


def tournament(
    scenarios: list[Scenario], seeds: list[int], jobs: int = 1, progress=None
) -> list[dict[str, Any]]:
    """For each scenario, side and level (baselines too): the battles of that side at that
    level against the other side at normal. One row each, with the side's mean victory-point
    margin (its score less the other's), a 95 % interval and the wins, draws and losses."""
    work: list[Work] = []
    keys = []
    for sc in scenarios:
        sides = [s.id for s in sc.sides]
        for side in sides:
            other = sides[1 - sides.index(side)]
            for level in ALL_LEVELS:
                for seed in seeds:
                    work.append((sc, seed, {side: level, other: "normal"}, None))
                    keys.append((sc.meta.id, side, other, level))
    records = _run_work(work, jobs, progress)
    rows: dict[tuple, dict[str, Any]] = {}
    for key, record in zip(keys, records, strict=True):
        scenario_id, side, other, level = key
        row = rows.setdefault(
            key,
            {
                "scenario": scenario_id,
                "side": side,
                "level": level,
                "against": f"{other}=normal",
                "margins": [],
                "won": 0,
                "drawn": 0,
                "lost": 0,
            },
        )
        row["margins"].append(round(record["scores"][side] - record["scores"][other], 2))
        winner = record["winner"]
        row["won" if winner == side else "drawn" if winner is None else "lost"] += 1
    out = []
    for row in rows.values():
        m = row["margins"]
        mean = statistics.fmean(m)
        error = statistics.stdev(m) / math.sqrt(len(m)) if len(m) > 1 else 0.0
        row.update(
            mean=round(mean, 1),
            stderr=round(error, 2),
            low=round(mean - 1.96 * error, 1),
            high=round(mean + 1.96 * error, 1),
            games=len(m),
        )
        out.append(row)
    return out


def ladder_table(rows: list[dict[str, Any]]) -> str:
    """The ladder as text: per scenario and side, each level's margin against normal."""
    header = (
        f"{'scenario':<26}{'side':<8}{'level':<9}{'margin':>8}{'95% interval':>18}{'W/D/L':>10}"
    )
    lines = [header, "-" * len(header)]
    for r in rows:
        interval = f"{r['low']:+.1f} .. {r['high']:+.1f}"
        wdl = f"{r['won']}/{r['drawn']}/{r['lost']}"
        lines.append(
            f"{r['scenario']:<26}{r['side']:<8}{r['level']:<9}{r['mean']:>+8.1f}"
            f"{interval:>18}{wdl:>10}"
        )
    return "\n".join(lines)
