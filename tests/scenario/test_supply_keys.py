"""The validator on the ammunition, supply and non-combatant keys (river_landing.yaml)."""

from __future__ import annotations

from pathlib import Path

from siege.scenario.load import load_text
from siege.scenario.problems import ScenarioError
from siege.scenario.validate import check_document

RIVER = Path(__file__).resolve().parents[1] / "engine" / "data" / "river_landing.yaml"
EFFECT = "effects: [{kind: resupply, side: allied, weapon: bow, volleys: 1}]"


def problems_in(text: str):
    try:
        return check_document(load_text(text, "s.yaml"), False)[1]
    except ScenarioError as exc:
        return exc.problems


def _with_effect(effect: str) -> str:
    text = RIVER.read_text(encoding="utf-8")
    assert text.count(EFFECT) == 1
    return text.replace(EFFECT, f"effects: [{effect}]")


def _line_of_effect(text: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if "kind: resupply" in line)


def test_the_test_battle_is_valid():
    assert [
        p for p in problems_in(RIVER.read_text(encoding="utf-8")) if p.severity == "error"
    ] == []


def test_resupply_names_a_unit_that_does_not_exist():
    text = _with_effect("{kind: resupply, units: [a_archer]}")
    found = problems_in(text)
    assert any(
        "a_archer" in p.message and "a_arch" in p.message and p.line == _line_of_effect(text)
        for p in found
    ), found


def test_resupply_names_a_weapon_that_does_not_exist():
    found = problems_in(_with_effect("{kind: resupply, side: allied, weapon: bows}"))
    assert any("bows" in p.message and "'bow'" in p.message for p in found), found


def test_resupply_that_names_nobody_is_refused():
    text = _with_effect("{kind: resupply, weapon: bow}")
    found = problems_in(text)
    assert any("names nobody" in p.message and p.line == _line_of_effect(text) for p in found)


def test_volleys_must_be_at_least_one():
    text = RIVER.read_text(encoding="utf-8").replace(
        "lethality: 4, volleys: 2", "lethality: 4, volleys: 0"
    )
    assert any("volleys" in p.message for p in problems_in(text))
