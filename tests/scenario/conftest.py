"""Shared fixtures for the scenario tests: where the fixtures live, and the CLI run in-process."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from siege.cli import main

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
MINIMAL = HERE.parents[1] / "scenarios" / "examples" / "minimal.yaml"
BROKEN = HERE / "broken"


@pytest.fixture(scope="session")
def minimal_text() -> str:
    return MINIMAL.read_text(encoding="utf-8")


@pytest.fixture
def run_validate(capsys):
    """`python main.py validate ARGS...` in this process: (exit code, stdout, stderr)."""

    def run(*args: str | Path) -> tuple[int, str, str]:
        code = main(["validate", *map(str, args)])
        out = capsys.readouterr()
        return code, out.out, out.err

    return run


def problem_line_re(path: str | Path) -> re.Pattern[str]:
    """What every line the validator prints on stderr must look like."""
    return re.compile(rf"^{re.escape(str(path))}:\d+:\d+: (error|warning): .+$")


@pytest.fixture(scope="session")
def line_re():
    return problem_line_re
