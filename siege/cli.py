"""The command line: `python main.py [command]`. Thin: parse, call, report, exit code."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from siege import __version__, shipped

DEFAULT_SCENARIO = shipped.DEFAULT_SCENARIO

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, EXIT_NO_DISPLAY = 0, 1, 2, 3


def _validate(args: argparse.Namespace) -> int:
    from siege.scenario.validate import validate_path

    worst = EXIT_OK
    for path in args.paths:
        problems = validate_path(path, strict=args.strict)
        for problem in problems:
            print(problem, file=sys.stderr)
        errors = sum(p.severity == "error" for p in problems)
        warnings = len(problems) - errors
        if errors:
            worst = EXIT_PROBLEMS
        elif not args.quiet:
            extra = f" ({warnings} warning{'s' * (warnings != 1)})" if warnings else ""
            print(f"{path}: ok{extra}")
    return worst


def load_or_report(path: str | Path):
    """The validated scenario, or None after printing its problems (the caller exits 1)."""
    from siege.scenario.problems import ScenarioError
    from siege.scenario.validate import load_scenario

    try:
        return load_scenario(path)
    except ScenarioError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        return None


def _replay(args: argparse.Namespace) -> int:
    from siege.save import SaveError, check_scenario_file, read_save, restore

    try:
        save = read_save(args.save)
    except SaveError as exc:
        print(f"siege: {exc}", file=sys.stderr)
        return EXIT_PROBLEMS
    path = shipped.resolve_scenario(args.scenario or save.scenario_path or DEFAULT_SCENARIO)
    if not args.scenario:
        try:
            check_scenario_file(path)
        except SaveError as exc:
            print(f"siege: {args.save}: {exc}", file=sys.stderr)
            return EXIT_PROBLEMS
    scenario = load_or_report(path)
    if scenario is None:
        return EXIT_PROBLEMS
    try:
        game = restore(save, scenario)
    except SaveError as exc:
        print(f"siege: {args.save}: {exc}", file=sys.stderr)
        return EXIT_PROBLEMS
    final = game.state_hash()
    print(final)
    if args.verify and save.state_hash and save.state_hash != final:
        print(
            f"siege: {args.save}: replay ended at state {final}, the save recorded "
            f"{save.state_hash}",
            file=sys.stderr,
        )
        return EXIT_PROBLEMS
    return EXIT_OK


def _simulate(args: argparse.Namespace) -> int:
    import json

    from siege.sim import LogTo, history_table, run_many, summarize

    scenario = load_or_report(shipped.resolve_scenario(args.scenario))
    if scenario is None:
        return EXIT_PROBLEMS
    if args.runs < 1 or args.jobs < 1:
        print("siege: --runs and --jobs must be at least 1", file=sys.stderr)
        return EXIT_USAGE
    jobs = worker_count(args.jobs, args.runs)
    seeds = [args.seed + i for i in range(args.runs)]
    show = sys.stderr.isatty() and args.runs > 1

    def progress(done: int, total: int) -> None:
        if show:
            bar = "#" * (30 * done // total)
            print(
                f"\r[{bar:<30}] {done}/{total} battles",
                end="" if done < total else "\n",
                file=sys.stderr,
                flush=True,
            )

    levels: str | dict[str, str] = args.difficulty
    if args.ai:
        from siege.ai import parse_levels

        try:
            chosen = parse_levels(args.ai, [s.id for s in scenario.sides])
        except ValueError as exc:
            print(f"siege: simulate: --ai: {exc}", file=sys.stderr)
            return EXIT_USAGE
        levels = {s.id: chosen.get(s.id, args.difficulty) for s in scenario.sides}
    log_to = None
    if args.log:
        try:
            Path(args.log).mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            print(
                f"siege: simulate: cannot write to {args.log}: {exc.strerror or exc}",
                file=sys.stderr,
            )
            return EXIT_PROBLEMS
        log_to = LogTo(args.log, str(shipped.resolve_scenario(args.scenario)))
    try:
        records = run_many(scenario, seeds, levels, jobs, progress, log_to)
    except OSError as exc:  # --log: the folder filled up or went away mid-run
        print(
            f"siege: simulate: cannot write to {args.log}: {exc.strerror or exc}", file=sys.stderr
        )
        return EXIT_PROBLEMS
    summary = summarize(scenario, records)
    if args.json:
        text = json.dumps(
            {"scenario": scenario.meta.id, "runs": records, "summary": summary},
            indent=1,
            sort_keys=True,
        )
        if args.json == "-":
            print(text)
            return EXIT_OK
        try:
            Path(args.json).write_text(text + "\n", encoding="utf-8")
        except OSError as exc:
            print(
                f"siege: simulate: cannot write {args.json}: {exc.strerror or exc}", file=sys.stderr
            )
            return EXIT_PROBLEMS
    print(history_table(scenario, summary))
    if log_to is not None:
        print(f"\nsaves and battle logs of the {len(records)} runs in {args.log}")
    return EXIT_OK


def _tournament(args: argparse.Namespace) -> int:
    import json

    from siege.sim import ladder_table, tournament

    if args.runs < 1 or args.jobs < 1:
        print("siege: --runs and --jobs must be at least 1", file=sys.stderr)
        return EXIT_USAGE
    scenarios = []
    for path in args.scenarios or [str(DEFAULT_SCENARIO)]:
        scenario = load_or_report(shipped.resolve_scenario(path))
        if scenario is None:
            return EXIT_PROBLEMS
        scenarios.append(scenario)
    seeds = [args.seed + i for i in range(args.runs)]
    rows = tournament(scenarios, seeds, worker_count(args.jobs, args.runs * 10 * len(scenarios)))
    if args.json:
        text = json.dumps(
            {"runs": args.runs, "seed": args.seed, "ladder": rows}, indent=1, sort_keys=True
        )
        if args.json == "-":
            print(text)
            return EXIT_OK
        Path(args.json).write_text(text + "\n", encoding="utf-8")
    print(ladder_table(rows))
    return EXIT_OK


def worker_count(jobs: int, runs: int) -> int:
    """Worker processes for `jobs` asked: never more than the CPUs, nor than the battles."""
    return max(1, min(jobs, os.cpu_count() or 1, runs))


# ---------------------------------------------------------------------- the game window (UI glue)
# play, hotseat, load and preview: parse, check the scenario and the display, hand over to
# siege.ui.app. Kept apart from the headless commands above.


def _no_display() -> int | None:
    from siege.display import display_problem

    problem = display_problem()
    if problem:
        print(problem, file=sys.stderr)
        return EXIT_NO_DISPLAY
    return None


def _play(args: argparse.Namespace) -> int:
    path = shipped.resolve_scenario(args.scenario)
    scenario = load_or_report(path)
    if scenario is None:
        return EXIT_PROBLEMS
    sides = [s.id for s in scenario.sides]
    if args.side not in sides:
        print(
            f"siege: play: unknown side {args.side!r}; {path} has {', '.join(sides)}",
            file=sys.stderr,
        )
        return EXIT_USAGE
    blocked = _no_display()
    if blocked is not None:
        return blocked
    from siege.ui.app import run_battle

    return run_battle(path, "ai", args.side, args.difficulty, args.seed, scenario=scenario)


def _hotseat(args: argparse.Namespace) -> int:
    path = shipped.resolve_scenario(args.scenario)
    scenario = load_or_report(path)
    if scenario is None:
        return EXIT_PROBLEMS
    blocked = _no_display()
    if blocked is not None:
        return blocked
    from siege.ui.app import run_battle

    return run_battle(path, "hotseat", None, "normal", args.seed, scenario=scenario)


def _tutorial(args: argparse.Namespace) -> int:
    blocked = _no_display()
    if blocked is not None:
        return blocked
    from siege.ui.app import run_tutorial

    return run_tutorial()


def _load(args: argparse.Namespace) -> int:
    from siege.save import SaveError, read_save

    try:
        save = read_save(args.save)
    except SaveError as exc:
        print(f"siege: {exc}", file=sys.stderr)
        return EXIT_PROBLEMS
    for note in save.notes:
        print(f"siege: {args.save}: note: {note}", file=sys.stderr)
    blocked = _no_display()
    if blocked is not None:
        return blocked
    from siege.ui.app import run_load

    return run_load(args.save)


def _watch(args: argparse.Namespace) -> int:
    from siege.save import SaveError, read_save

    try:
        read_save(args.save)
    except SaveError as exc:
        print(f"siege: {exc}", file=sys.stderr)
        return EXIT_PROBLEMS
    blocked = _no_display()
    if blocked is not None:
        return blocked
    from siege.ui.app import run_watch

    return run_watch(args.save)


def _preview(args: argparse.Namespace) -> int:
    path = shipped.resolve_scenario(args.scenario)
    scenario = load_or_report(path)
    if scenario is None:
        return EXIT_PROBLEMS
    try:
        w, h = (int(v) for v in args.size.lower().split("x"))
        if not (200 <= w <= 8000 and 200 <= h <= 8000):
            raise ValueError
    except ValueError:
        print(
            f"siege: preview: --size {args.size!r}: give WIDTHxHEIGHT, e.g. 1280x800",
            file=sys.stderr,
        )
        return EXIT_USAGE
    os.environ["SDL_VIDEODRIVER"] = "dummy"  # headless, before pygame is imported
    os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
    from siege.ui.app import render_preview

    try:
        render_preview(path, args.out, (w, h), scenario=scenario)
    except OSError as exc:
        print(f"siege: preview: cannot write {args.out}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_PROBLEMS
    print(args.out)
    return EXIT_OK


def _add_window_commands(commands) -> None:
    play = commands.add_parser("play", help="play one side against the computer")
    play.add_argument("scenario", nargs="?", default=str(DEFAULT_SCENARIO), metavar="SCENARIO")
    play.add_argument("--side", required=True, help="the side you command (a side id)")
    play.add_argument("--difficulty", choices=("easy", "normal", "hard"), default="normal")
    play.add_argument("--seed", type=int, default=1)
    play.set_defaults(run=_play)

    hotseat = commands.add_parser("hotseat", help="two players taking turns at one screen")
    hotseat.add_argument("scenario", nargs="?", default=str(DEFAULT_SCENARIO), metavar="SCENARIO")
    hotseat.add_argument("--seed", type=int, default=1)
    hotseat.set_defaults(run=_hotseat)

    tutorial = commands.add_parser("tutorial", help="a short guided battle that teaches the game")
    tutorial.set_defaults(run=_tutorial)

    load = commands.add_parser("load", help="open a saved game in the game window")
    load.add_argument("save", metavar="SAVEFILE")
    load.set_defaults(run=_load)
    watch = commands.add_parser(
        "watch", help="play a save back in the window, animated (pause, step, speed)"
    )
    watch.add_argument("save", metavar="SAVEFILE")
    watch.set_defaults(run=_watch)

    preview = commands.add_parser("preview", help="draw the opening position to a PNG, headless")
    preview.add_argument("scenario", nargs="?", default=str(DEFAULT_SCENARIO), metavar="SCENARIO")
    preview.add_argument("--out", required=True, metavar="FILE.png")
    preview.add_argument("--size", default="1280x800", metavar="WxH")
    preview.set_defaults(run=_preview)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="siege",
        description="Siege: the Siege of Pyongyang, February 1593. With no command, "
        "opens the game window.",
    )
    parser.add_argument("--version", action="version", version=f"siege {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="command")

    validate = commands.add_parser("validate", help="check scenario files and report every problem")
    validate.add_argument("paths", nargs="+", metavar="PATH")
    validate.add_argument(
        "--strict",
        action="store_true",
        help="also warn about things that load but are probably mistakes",
    )
    validate.add_argument("-q", "--quiet", action="store_true", help="print only problems")
    validate.set_defaults(run=_validate)

    simulate = commands.add_parser(
        "simulate", help="computer against computer, headless, with a debrief against history"
    )
    simulate.add_argument("scenario", nargs="?", default=str(DEFAULT_SCENARIO), metavar="SCENARIO")
    simulate.add_argument("--runs", type=int, default=1, help="battles to play (default 1)")
    simulate.add_argument("--seed", type=int, default=1, help="seed of the first battle")
    simulate.add_argument(
        "--jobs", type=int, default=1, help="worker processes (at most the CPUs and the runs)"
    )
    simulate.add_argument("--json", metavar="FILE", help="write the results as JSON ('-': stdout)")
    simulate.add_argument(
        "--log",
        metavar="DIR",
        help="write each run's save and a readable battle log (turn by turn) into DIR",
    )
    simulate.add_argument(
        "--difficulty",
        choices=("easy", "normal", "hard"),
        default="normal",
        help="the level of both sides",
    )
    simulate.add_argument(
        "--ai",
        metavar="SIDE=LEVEL,...",
        help="the level of each side: easy, normal, hard, passive or random",
    )
    simulate.set_defaults(run=_simulate)

    tourney = commands.add_parser(
        "tournament",
        help="the computer's levels against each other: the ladder of victory-point margins",
    )
    tourney.add_argument("scenarios", nargs="*", metavar="SCENARIO")
    tourney.add_argument("--runs", type=int, default=10, help="battles per pairing (default 10)")
    tourney.add_argument("--seed", type=int, default=1, help="seed of the first battle")
    tourney.add_argument("--jobs", type=int, default=1, help="worker processes")
    tourney.add_argument("--json", metavar="FILE", help="write the ladder as JSON ('-': stdout)")
    tourney.set_defaults(run=_tournament)

    replay = commands.add_parser(
        "replay", help="replay a saved game and print its final state hash"
    )
    replay.add_argument("save", metavar="SAVEFILE")
    replay.add_argument(
        "--verify",
        action="store_true",
        help="exit 1 unless the replay ends at the state hash the save recorded",
    )
    replay.add_argument("--scenario", help="scenario file (default: the one the save names)")
    replay.set_defaults(run=_replay)
    _add_window_commands(commands)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        return _open_window(args)
    try:
        return args.run(args)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # a bug of ours: one clear line, the traceback only on request
        if os.environ.get("SIEGE_DEBUG"):
            raise
        print(
            f"siege: internal error: {exc!r} (run with SIEGE_DEBUG=1 to see the traceback)",
            file=sys.stderr,
        )
        return 70


def _open_window(args: argparse.Namespace) -> int:
    from siege.display import display_problem

    problem = display_problem()
    if problem:
        print(problem, file=sys.stderr)
        return EXIT_NO_DISPLAY
    from siege.ui.app import run_menu

    return run_menu()
