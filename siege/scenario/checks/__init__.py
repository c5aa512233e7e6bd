"""Checks on a typed scenario beyond what its types say: all run, every problem reported.

One module per subject, each check a small function registered with `@check` (an error) or
`@strict(code, ...)` (a warning for `validate --strict`):
- `references`: ids are unique, and every `Ref`-marked field names an entry that exists;
- `map`: terrain rows, positions, walls and gates, roads, exits, ice;
- `forces`: units, stacking, declared totals, weapons, leaders;
- `events`, `calendar`, `victory`: triggers, time, levels and objectives;
- `expected`: the warnings an author marked as intended (`expect_warnings`).
"""

from __future__ import annotations

from siege.scenario.checks import calendar, events, forces, map, references, victory
from siege.scenario.checks.context import CHECKS, STRICT, WARNING_CODES, Context
from siege.scenario.checks.expected import apply_marks
from siege.scenario.load import Document
from siege.scenario.problems import Problem
from siege.scenario.schema import Scenario

__all__ = ["WARNING_CODES", "calendar", "events", "forces", "map", "references", "victory"]


def run_all(scenario: Scenario, doc: Document) -> list[Problem]:
    """The errors: a scenario with any cannot be played."""
    ctx = Context(scenario, doc)
    return [p for fn in CHECKS for p in fn(ctx)]


def run_strict(scenario: Scenario, doc: Document) -> list[Problem]:
    """The warnings, less those the file marks as intended."""
    ctx = Context(scenario, doc)
    return apply_marks(ctx, [p for fn in STRICT for p in fn(ctx)])
