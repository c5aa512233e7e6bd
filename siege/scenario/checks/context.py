"""What every check is given (`Context`), and how a check joins the run (`@check`, `@strict`).

A check is a function of the Context that yields problems. `@check` ones give errors; `@strict`
ones give the warnings an author wants before sharing a scenario (`validate --strict`), each
under a stable code the author can mark as intended beside the entry (`expect_warnings`).
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable, Iterator

from siege.scenario.load import Document, KeyPath
from siege.scenario.problems import Problem
from siege.scenario.schema import Leader, Scenario, Side, TerrainType, Unit, UnitType


class Context:
    """The scenario, where it came from, and lookups several checks need."""

    def __init__(self, scenario: Scenario, doc: Document) -> None:
        self.s = scenario
        self.doc = doc
        self.sides: dict[str, Side] = {side.id: side for side in scenario.sides}
        self.types: dict[str, UnitType] = {t.id: t for t in scenario.unit_types}
        self.leaders: dict[str, Leader] = {lead.id: lead for lead in scenario.leaders}
        self.units: dict[str, Unit] = {u.id: u for u in scenario.units}
        self.terrain: dict[str, TerrainType] = {t.code: t for t in scenario.map.terrain_types}
        self.rows = scenario.map.rows()

    def problem(
        self,
        keypath: KeyPath,
        message: str,
        severity: str = "error",
        line_col: tuple[int, int] | None = None,
    ) -> Problem:
        line, col = line_col or self.doc.where(keypath)
        where = self.doc.describe(keypath)
        text = f"{where}: {message}" if where else message
        text = " ".join(text.split())  # names may hold line breaks (`name: |`); one line each
        return Problem(self.doc.file_at(keypath), line, col, text, keypath, severity)

    def warning(self, code: str, keypath: KeyPath, message: str) -> Problem:
        """A strict warning: entries named by id, its code at the end (`[code]`)."""
        assert code in WARNING_CODES, f"register {code!r} in the check's @strict(...)"
        line, col = self.doc.where(keypath)
        text = " ".join(f"{self.doc.describe(keypath, by_id=True)}: {message} [{code}]".split())
        return Problem(self.doc.file_at(keypath), line, col, text, keypath, "warning", code)

    def code_at(self, pos: tuple[int, int]) -> str | None:
        col, row = pos
        if 0 <= row < len(self.rows) and 0 <= col < len(self.rows[row]):
            return self.rows[row][col]
        return None

    def on_map(self, pos: tuple[int, int]) -> bool:
        col, row = pos
        return 0 <= col < self.s.map.width and 0 <= row < self.s.map.height

    def unknown(self, keypath: KeyPath, what: str, name: str, known: Iterable[str]) -> Problem:
        return self.problem(keypath, f"unknown {what} {name!r}{did_you_mean(name, known)}")


def did_you_mean(name: str, known: Iterable[str]) -> str:
    hint = difflib.get_close_matches(name, list(known), n=1, cutoff=0.6)
    return f" (did you mean {hint[0]!r}?)" if hint else ""


Check = Callable[[Context], Iterator[Problem]]
CHECKS: list[Check] = []
STRICT: list[Check] = []
WARNING_CODES: dict[str, str] = {}  # code -> the check that raises it


def check(fn: Check) -> Check:
    """An error check: every scenario must pass it to load."""
    CHECKS.append(fn)
    return fn


def strict(*codes: str) -> Callable[[Check], Check]:
    """A warning check for `validate --strict`, raising the warnings with these codes."""

    def register(fn: Check) -> Check:
        for code in codes:
            assert code not in WARNING_CODES, f"warning code {code!r} used twice"
            WARNING_CODES[code] = fn.__name__
        STRICT.append(fn)
        return fn

    return register
