"""Scenario problems: what went wrong, where (file, line, column) and at which key."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, order=True)
class Problem:
    """One problem in a scenario file, printed as `PATH:LINE:COL: error: message`."""

    path: str
    line: int
    column: int
    message: str
    keypath: tuple[Any, ...] = field(default=(), compare=False)
    severity: str = field(default="error", compare=False)
    code: str = field(default="", compare=False)  # a warning's stable code, for expect_warnings

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.severity}: {self.message}"


class ScenarioError(ValueError):
    """A scenario could not be loaded; `problems` lists every reason, in file order."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems)
        super().__init__("\n".join(str(p) for p in self.problems))
