"""The command line: `python main.py [command]`. Thin: parse, call, report, exit code."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

DEFAULT_SCENARIO = Path(__file__).resolve().parent.parent / "scenarios" / "pyongyang_1593.yaml"

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


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="siege", description="Siege: the Siege of Pyongyang, February 1593. With no command, "
                                  "opens the game window.")
    commands = parser.add_subparsers(dest="command", metavar="command")

    validate = commands.add_parser("validate", help="check scenario files and report every problem")
    validate.add_argument("paths", nargs="+", metavar="PATH")
    validate.add_argument("--strict", action="store_true",
                          help="also warn about things that load but are probably mistakes")
    validate.add_argument("-q", "--quiet", action="store_true", help="print only problems")
    validate.set_defaults(run=_validate)
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
        print(f"siege: internal error: {exc!r} (run with SIEGE_DEBUG=1 to see the traceback)",
              file=sys.stderr)
        return 70


def _open_window(args: argparse.Namespace) -> int:
    from siege.display import display_problem

    problem = display_problem()
    if problem:
        print(problem, file=sys.stderr)
        return EXIT_NO_DISPLAY
    from siege.ui.app import run_menu

    return run_menu()
