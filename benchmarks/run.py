"""Speed and memory of Siege on this machine. Not a test: it measures and prints.

    python benchmarks/run.py [--json FILE] [--quick] [--only KEY,KEY]

Each measurement warms up first, then repeats; the table shows the median (or p95 where the
key says so) beside the target. Lower is better for every number.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

SCENARIO = ROOT / "scenarios" / "pyongyang_1593.yaml"

TARGETS = {
    "load_ms": 100,
    "turn_ms": 20,
    "path_ms": 2,
    "ai_turn_ms_p95": 150,
    "ai_turn_hard_ms_p95": 1000,
    "game_s": 2.0,
    "frame_ms_p95": 8,
    "startup_s": 1.5,
    "peak_rss_mb": 250,
    "game_100u_s": None,
    "game_400u_s": None,  # what counts is their ratio:
    "zoom_ms_p95": 16,
    "frame_real_ms_p95": 8,
    "peak_rss_real_mb": 250,
}
RATIO_TARGET = 4.5  # game_400u_s / game_100u_s (four times the units: linear growth is 4)
UNITS = {
    "load_ms": "ms",
    "turn_ms": "ms",
    "path_ms": "ms",
    "ai_turn_ms_p95": "ms",
    "ai_turn_hard_ms_p95": "ms",
    "game_s": "s",
    "frame_ms_p95": "ms",
    "startup_s": "s",
    "peak_rss_mb": "MB",
    "game_100u_s": "s",
    "game_400u_s": "s",
    "zoom_ms_p95": "ms",
    "frame_real_ms_p95": "ms",
    "peak_rss_real_mb": "MB",
}
WHAT = {
    "load_ms": "load + validate pyongyang_1593 (median)",
    "turn_ms": "resolve one player-turn, no AI (median)",
    "path_ms": "reachable hexes for one unit (median)",
    "ai_turn_ms_p95": "one side's AI decisions for a turn (p95)",
    "ai_turn_hard_ms_p95": "the same at hard (p95)",
    "game_s": "full AI-vs-AI game (median)",
    "frame_ms_p95": "battle screen frame, 1280x800, all units (p95)",
    "startup_s": "process start to first menu frame (median)",
    "peak_rss_mb": "peak memory, a full game with the UI",
    "game_100u_s": "full AI-vs-AI game, 100 units a side (median)",
    "game_400u_s": "full AI-vs-AI game, 400 units a side (median)",
    "zoom_ms_p95": "frame while zooming through every level, each painted afresh (p95)",
    "frame_real_ms_p95": "frame_ms_p95 in a real X window (Xvfb)",
    "peak_rss_real_mb": "peak_rss_mb in a real X window (Xvfb)",
}


def timed(fn: Callable[[], object], repeat: int, warmup: int = 1) -> list[float]:
    for _ in range(warmup):
        fn()
    out = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t)
    return out


def p95(values: list[float]) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(0.95 * (len(values) - 1))))]


def bench_load(quick: bool) -> float:
    from siege.scenario.validate import load_scenario

    return statistics.median(timed(lambda: load_scenario(SCENARIO), 5 if quick else 20)) * 1000


def _scripted_player_turn(game, rng: random.Random) -> None:
    """A player-turn of typical orders (rally, moves, volleys, an assault) chosen at random
    from the legal ones, then the phases ended."""
    from siege.engine.orders import PhaseEnd

    for _ in range(4):
        side = game.active_side
        for unit in [u for u in game.state.units.values() if u.side == side and u.on_map]:
            orders = list(game.legal_orders(unit.id))
            if orders and rng.random() < 0.5:
                order = rng.choice(orders)
                if game.check(order) is None:
                    game.apply(order)
        game.apply(PhaseEnd())


def bench_turn(quick: bool) -> float:
    """Resolve one player-turn: the orders a player gives and the end of the turn."""
    from siege.scenario.build import new_game, replay_game
    from siege.scenario.validate import load_scenario

    scenario = load_scenario(SCENARIO)
    samples = []
    for seed in range(3 if quick else 8):
        game = new_game(scenario, seed)
        rng = random.Random(seed)
        for _ in range(6):  # into the battle, where there is fighting to resolve
            _scripted_player_turn(game, rng)
        # record a player-turn's orders, then time applying them to a fresh copy
        probe = replay_game(scenario, seed, list(game.orders), game.state.map)
        before = len(probe.orders)
        _scripted_player_turn(probe, rng)
        orders = probe.orders[before:]
        fresh = replay_game(scenario, seed, list(game.orders), game.state.map)
        t = time.perf_counter()
        for order in orders:
            fresh.apply(order)
        samples.append(time.perf_counter() - t)
    return statistics.median(samples) * 1000


def bench_path(quick: bool) -> float:
    from siege.engine.movement import reachable
    from siege.scenario.build import new_game
    from siege.scenario.validate import load_scenario

    scenario = load_scenario(SCENARIO)
    game = new_game(scenario, 1)
    units = [u for u in game.state.units.values() if u.on_map][:40]
    times = []
    for _ in range(2 if quick else 5):
        for u in units:
            t = time.perf_counter()
            reachable(game.state, u)
            times.append(time.perf_counter() - t)
    return statistics.median(times) * 1000


def bench_ai_turn(quick: bool, level: str = "normal") -> float:
    from siege.ai import Commander
    from siege.engine.orders import PhaseEnd
    from siege.scenario.build import new_game
    from siege.scenario.validate import load_scenario

    scenario = load_scenario(SCENARIO)
    times = []
    for seed in range(1 if quick else 3):
        game = new_game(scenario, seed)
        commanders = {s: Commander(s, level, seed) for s in game.state.sides}
        while not game.state.ended:
            side = game.active_side
            spent = 0.0
            for _ in range(4):  # the four phases of one player-turn
                t = time.perf_counter()
                orders = commanders[side].orders_for_phase(game.seat(side))
                spent += time.perf_counter() - t
                for order in orders:
                    if game.check(order) is None:
                        game.apply(order)
                game.apply(PhaseEnd())
                if game.state.ended:
                    break
            times.append(spent)
    return p95(times) * 1000


def bench_ai_turn_hard(quick: bool) -> float:
    return bench_ai_turn(quick, "hard")


def bench_game(quick: bool) -> float:
    from siege.engine.map import build_map
    from siege.scenario.validate import load_scenario
    from siege.sim import play

    scenario = load_scenario(SCENARIO)
    battle_map = build_map(scenario)
    seeds = iter(range(1000))
    return statistics.median(
        timed(lambda: play(scenario, next(seeds), battle_map=battle_map), 3 if quick else 7)
    )


def _big_game(units_per_side: int, repeat: int) -> float:
    """The 1593 battle with each side's men cut into `units_per_side` units
    (benchmarks/big_battle.py): how the cost of a game grows with the number of units."""
    from benchmarks.big_battle import big_battle
    from siege.engine.map import build_map
    from siege.scenario.validate import load_scenario
    from siege.sim import play

    scenario = big_battle(load_scenario(SCENARIO), units_per_side)
    battle_map = build_map(scenario)
    seeds = iter(range(1000))
    return statistics.median(
        timed(lambda: play(scenario, next(seeds), battle_map=battle_map), repeat, warmup=0)
    )


def bench_game_100u(quick: bool) -> float:
    return _big_game(100, 1 if quick else 3)


def bench_game_400u(quick: bool) -> float:
    return _big_game(400, 1 if quick else 3)


def bench_frame(quick: bool) -> float:
    from siege.ui.bench import frame_times

    return p95(frame_times(SCENARIO, 60 if quick else 300)) * 1000


def bench_startup(quick: bool) -> float:
    times = []
    env = dict(os.environ, SIEGE_EXIT_AFTER_FIRST_FRAME="1")
    for _ in range(2 if quick else 5):
        t = time.perf_counter()
        subprocess.run(
            [sys.executable, str(ROOT / "main.py")],
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def bench_rss(quick: bool) -> float:
    code = (
        f"import resource, sys; sys.path.insert(0, {str(ROOT)!r}); "
        f"from siege.ui.bench import full_game; full_game({str(SCENARIO)!r}); "
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        check=True,
        capture_output=True,
        text=True,
        env=dict(os.environ),
    )
    return int(out.stdout.strip().splitlines()[-1]) / 1024


def bench_zoom(quick: bool) -> float:
    from siege.ui.bench import zoom_times

    return p95(zoom_times(SCENARIO, 1 if quick else 3)) * 1000


def _in_xvfb(code: str) -> float | None:
    """Run `code` (it prints one number last) in a real X window under Xvfb; None when no X
    server can be started here."""
    import shutil

    xvfb = shutil.which("Xvfb")
    if xvfb is None:
        return None
    display = f":{90 + os.getpid() % 100}"
    server = subprocess.Popen(
        [xvfb, display, "-screen", "0", "1600x1000x24", "-nolisten", "tcp"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        time.sleep(1.0)
        if server.poll() is not None:
            return None
        env = dict(os.environ, DISPLAY=display, SDL_VIDEODRIVER="x11", SIEGE_BENCH_REAL="1")
        out = subprocess.run(
            [sys.executable, "-c", code], check=True, capture_output=True, text=True, env=env
        )
        return float(out.stdout.strip().splitlines()[-1])
    finally:
        server.terminate()
        server.wait(timeout=10)


def bench_frame_real(quick: bool) -> float | None:
    code = (
        f"import sys; sys.path.insert(0, {str(ROOT)!r}); from siege.ui.bench import frame_times;"
        f"t = sorted(frame_times({str(SCENARIO)!r}, {60 if quick else 300})); "
        "print(t[int(0.95 * (len(t) - 1))] * 1000)"
    )
    return _in_xvfb(code)


def bench_rss_real(quick: bool) -> float | None:
    code = (
        f"import resource, sys; sys.path.insert(0, {str(ROOT)!r}); "
        f"from siege.ui.bench import full_game; full_game({str(SCENARIO)!r}); "
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)"
    )
    return _in_xvfb(code)


BENCHES = {
    "load_ms": bench_load,
    "turn_ms": bench_turn,
    "path_ms": bench_path,
    "ai_turn_ms_p95": bench_ai_turn,
    "ai_turn_hard_ms_p95": bench_ai_turn_hard,
    "game_s": bench_game,
    "frame_ms_p95": bench_frame,
    "startup_s": bench_startup,
    "peak_rss_mb": bench_rss,
    "game_100u_s": bench_game_100u,
    "game_400u_s": bench_game_400u,
    "zoom_ms_p95": bench_zoom,
    "frame_real_ms_p95": bench_frame_real,
    "peak_rss_real_mb": bench_rss_real,
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", metavar="FILE", help="also write the results as one JSON object")
    parser.add_argument("--quick", action="store_true", help="fewer repeats")
    parser.add_argument("--only", help="comma-separated keys to measure")
    parser.add_argument(
        "--readme",
        action="store_true",
        help="also rewrite the table in README.md with these results",
    )
    args = parser.parse_args()
    keys = args.only.split(",") if args.only else list(BENCHES)
    results: dict[str, float] = {}
    print(f"{'measure':<16}{'result':>10}{'target':>10}  what")
    for key in keys:
        measured = BENCHES[key](args.quick)
        if measured is None:
            print(
                f"{key:<16}{'skipped':>10}  (no X server could be started: install Xvfb)",
                flush=True,
            )
            continue
        value = round(measured, 3)
        results[key] = value
        target = TARGETS[key]
        ok = "" if target is None else "ok" if value <= target else "OVER"
        shown = "—" if target is None else f"{target:g}{UNITS[key]}"
        print(f"{key:<16}{value:>9g}{UNITS[key]:<1}{shown:>10} {ok:<4} {WHAT[key]}", flush=True)
    if "game_100u_s" in results and "game_400u_s" in results:
        ratio = results["game_400u_ratio"] = round(
            results["game_400u_s"] / results["game_100u_s"], 2
        )
        ok = "ok" if ratio <= RATIO_TARGET else "OVER"
        print(
            f"{'game_400u_ratio':<16}{ratio:>9g}x{RATIO_TARGET:>9g}x {ok:<4} "
            f"game_400u_s / game_100u_s (linear growth is 4)",
            flush=True,
        )
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    if args.readme:
        update_readme(results)
    return 0


README_TABLE_START = "<!-- benchmark table"
README_ROWS = {
    "load_ms": "load + validate `pyongyang_1593.yaml` (median)",
    "turn_ms": "resolve one player-turn, no AI (median)",
    "path_ms": "reachable hexes for one unit (median)",
    "ai_turn_ms_p95": "one side's AI decisions for a turn (p95)",
    "ai_turn_hard_ms_p95": "the same at `hard` (p95)",
    "game_s": "a full AI-vs-AI game (median)",
    "frame_ms_p95": "battle-screen frame at 1280×800, every unit on screen (p95)",
    "startup_s": "process start to the first menu frame (median)",
    "peak_rss_mb": "peak memory of a full game with the window",
    "game_100u_s": "a full AI-vs-AI game, the 1593 battle in 100 units a side (median)",
    "game_400u_s": "the same in 400 units a side (median)",
    "game_400u_ratio": "the 400-unit game's time over the 100-unit one's (linear growth is 4)",
    "zoom_ms_p95": "a frame while zooming through every level, each painted afresh (p95)",
    "frame_real_ms_p95": "the battle-screen frame in a real X window, Xvfb (p95)",
    "peak_rss_real_mb": "peak memory of a full game in a real X window, Xvfb",
}


def update_readme(results: dict[str, float]) -> None:
    """Replace the README's benchmark table (the rows after its marker comment)."""
    path = ROOT / "README.md"
    lines = path.read_text(encoding="utf-8").split("\n")
    start = next(i for i, line in enumerate(lines) if line.startswith(README_TABLE_START))
    end = start + 1
    while end < len(lines) and lines[end].startswith("|"):
        end += 1
    table = ["| measure | result | target |", "|---|---|---|"]
    for key, label in README_ROWS.items():
        unit = UNITS.get(key, "×")
        target = RATIO_TARGET if key == "game_400u_ratio" else TARGETS[key]
        value = f"{results[key]:.3g} {unit}" if key in results else "—"
        table.append(f"| {label} | {value} | {'—' if target is None else f'{target:g} {unit}'} |")
    lines[start + 1 : end] = table
    path.write_text("\n".join(lines), encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
