"""The rules and the commander know no battle: no leader, place or objective of a shipped
scenario is named in siege/engine/ or siege/ai/ (their code, comments and docstrings)."""

from __future__ import annotations

import re
from pathlib import Path

from siege.scenario.validate import load_scenario

REPO = Path(__file__).resolve().parent.parent
SHIPPED = sorted((REPO / "scenarios").glob("*.yaml"))


def _proper_names() -> set[str]:
    """Leader names and the names of objectives, gates, works (enclosures) and exits: the
    words a battle's own text would carry (generic words such as "gate" or "the road" left
    out)."""
    names: set[str] = set()
    for path in SHIPPED:
        sc = load_scenario(path)
        entries = [*sc.leaders, *sc.objectives, *sc.map.gates, *sc.map.exits, *sc.map.enclosures]
        for entry in entries:
            name = getattr(entry, "name", "") or ""
            for word in re.findall(r"[A-Z][a-z]+(?:[- ][A-Z][a-z]+)*", name):
                if len(word) > 4:
                    names.add(word)
    return names


def test_no_battle_is_named_in_the_rules_or_the_commander():
    names = _proper_names()
    assert "Moranbong" in names or "Daedong" in names  # the list is really drawn from the files
    hits = []
    for folder in ("siege/engine", "siege/ai"):
        for path in sorted((REPO / folder).rglob("*.py")):
            text = path.read_text(encoding="utf-8")
            hits += [f"{path.relative_to(REPO)}: {n}" for n in sorted(names) if n in text]
    assert not hits, hits
