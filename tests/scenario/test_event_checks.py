"""The validator on the events that change the field (tests/engine/data/field_events.yaml): every
id an effect names must exist, a rules constant must take the value given, positions must be on
the map, and each problem names the file, line, column and key."""

from __future__ import annotations

from pathlib import Path

import pytest

from siege.scenario.load import load_text
from siege.scenario.problems import ScenarioError
from siege.scenario.validate import check_document

FILE = Path(__file__).resolve().parents[1] / "engine" / "data" / "field_events.yaml"
TEXT = FILE.read_text(encoding="utf-8")


def problems(old: str, new: str) -> list:
    assert TEXT.count(old) == 1, old
    try:
        return check_document(load_text(TEXT.replace(old, new), "f.yaml"), False)[1]
    except ScenarioError as exc:
        return exc.problems


def test_the_test_scenario_is_clean():
    assert problems("title: The mist lifts", "title: The mist lifts") == []


@pytest.mark.parametrize(
    "old, new, expected",
    [
        ("rule: sight_day, value: 4", "rule: sight_dya, value: 4", "did you mean 'sight_day'"),
        ("rule: sight_day, value: 4", "rule: sight_day, value: 0", "sight_day cannot be 0"),
        ("rule: sight_day, value: 4", "rule: sight_day, value: true", "takes a number"),
        ("rule: sight_day, value: 4", "rule: quality_factor, value: 4", "not a number or true"),
        ("terrain: deep_water}", "terrain: deep_waters}", "unknown terrain type 'deep_waters'"),
        ("hexes: [[5, 6]], terrain", "hexes: [[5, 60]], terrain", "[5, 60] is off the map"),
        ("give: [cannon]", "give: [canon]", "unknown weapon 'canon'"),
        ("units: [j_spear], to:", "units: [j_spaer], to:", "unknown unit 'j_spaer'"),
        ("to: [[9, 7]]", "to: [[19, 7]]", "[19, 7] is off the map"),
        ("exit: east_road", "exit: east_raod", "unknown exit 'east_raod'"),
        ("exit: east_road", "exit: west_road", "not open to 'japan'"),
        ("leader: li_rusong, fate", "leader: li_rusng, fate", "unknown leader 'li_rusng'"),
        ("side: allied, posture", "side: allies, posture", "unknown side 'allies'"),
        ("seen_by: [japan]", "seen_by: [japon]", "unknown side 'japon'"),
        ("{side: allied, hexes: [[5, 1]", "{side: alied, hexes: [[5, 1]", "unknown side 'alied'"),
        ("units: [a_guns]", "units: [a_gun]", "unknown unit 'a_gun'"),
        ("order: hold, side: japan,", "order: hold, units: [j_arq], side: japan,", "either"),
        (
            "order: withdraw, units: [j_spear], to: [[9, 7]]",
            "order: withdraw, units: [j_spear]",
            "needs `to`",
        ),
    ],
)
def test_a_bad_effect_is_reported_where_it_is_written(old, new, expected):
    found = problems(old, new)
    assert any(expected in p.message for p in found), [p.message for p in found]
    line = TEXT[: TEXT.index(old)].count("\n") + 1
    assert any(p.line == line and p.path.endswith("f.yaml") and p.column > 0 for p in found), [
        (p.line, p.column, p.message) for p in found
    ]
