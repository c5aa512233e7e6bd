"""Variants made with `extends:`: each merge rule, problems at the variant's own lines, cycles."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from siege.cli import main
from siege.scenario.problems import ScenarioError
from siege.scenario.validate import load_scenario, validate_path

MINIMAL = Path(__file__).resolve().parents[2] / "scenarios" / "examples" / "minimal.yaml"
SCENARIOS = Path(__file__).resolve().parents[2] / "scenarios"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    shutil.copy(MINIMAL, tmp_path / "minimal.yaml")
    return tmp_path


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_variant_patches_one_field_of_a_unit_and_keeps_the_rest(folder: Path) -> None:
    path = write(
        folder,
        "v.yaml",
        "extends: minimal.yaml\nunits:\n  - id: ming_cavalry\n    morale: shaken\n",
    )
    base = load_scenario(folder / "minimal.yaml")
    variant = load_scenario(path)
    before = next(u for u in base.units if u.id == "ming_cavalry")
    after = next(u for u in variant.units if u.id == "ming_cavalry")
    assert after.morale == "shaken" and before.morale == "steady"
    assert after.strength == before.strength and after.at == before.at
    assert [u.id for u in variant.units] == [u.id for u in base.units]


def test_a_variant_changes_a_gate_state_and_a_nested_number(folder: Path) -> None:
    path = write(
        folder,
        "v.yaml",
        "extends: minimal.yaml\n"
        "map:\n"
        "  gates:\n"
        "    - {id: west_gate, state: broken}\n"
        "calendar:\n"
        "  weather:\n"
        "    temperature_c: -3\n",
    )
    variant = load_scenario(path)
    assert next(g for g in variant.map.gates if g.id == "west_gate").state == "broken"
    assert variant.calendar.weather.temperature_c == -3
    assert (
        variant.calendar.weather.wind
        == load_scenario(folder / "minimal.yaml").calendar.weather.wind
    )


def test_a_variant_adds_a_new_unit_at_the_end(folder: Path) -> None:
    base = load_scenario(folder / "minimal.yaml")
    guard = next(u for u in base.units if u.side != "allied")
    nation = next(s for s in base.sides if s.id == guard.side).nations[0].id
    path = write(
        folder,
        "v.yaml",
        "extends: minimal.yaml\n"
        "sides:\n"
        f"  - id: {guard.side}\n"
        "    nations:\n"
        f"      - {{id: {nation}, declared_strength: null}}\n"
        "units:\n"
        "  - {id: new_guard, name: New guard, side: %s, type: %s,\n"
        "     strength: 100, at: [%d, %d]}\n" % (guard.side, guard.type, guard.at[0], guard.at[1]),
    )
    variant = load_scenario(path)
    assert variant.units[-1].id == "new_guard"
    assert len(variant.units) == len(base.units) + 1


def test_a_variant_removes_entries_with_an_explicit_list(folder: Path) -> None:
    base = load_scenario(folder / "minimal.yaml")
    unattached = [u.id for u in base.units if u.id not in {lead.unit for lead in base.leaders}]
    gone = unattached[0]
    path = write(
        folder,
        "v.yaml",
        "extends: minimal.yaml\n"
        "sides:\n"
        "  - id: allied\n"
        "    nations:\n"
        "      - {id: ming, declared_strength: null}\n"
        "      - {id: joseon, declared_strength: null}\n"
        f"remove:\n  units: [{gone}]\n",
    )
    variant = load_scenario(path)
    assert gone not in [u.id for u in variant.units]
    assert len(variant.units) == len(base.units) - 1


def test_removing_something_that_is_not_there_names_the_variant_line(folder: Path) -> None:
    path = write(folder, "v.yaml", "extends: minimal.yaml\nremove:\n  units: [ming_cavlary]\n")
    problems = validate_path(path)
    assert [(Path(p.path).name, p.line) for p in problems] == [("v.yaml", 3)]
    assert "did you mean 'ming_cavalry'?" in problems[0].message


def test_a_typo_in_a_variant_is_reported_at_the_variant_line_with_a_hint(folder: Path) -> None:
    path = write(
        folder, "v.yaml", "extends: minimal.yaml\nunits:\n  - id: ming_cavalry\n    strenght: 900\n"
    )
    problems = validate_path(path)
    assert len(problems) == 1
    problem = problems[0]
    assert (Path(problem.path).name, problem.line, problem.column) == ("v.yaml", 4, 5)
    assert "units[ming_cavalry].strenght" in problem.message
    assert "did you mean 'strength'?" in problem.message


def test_a_mistyped_id_in_a_patch_is_caught(folder: Path) -> None:
    path = write(
        folder,
        "v.yaml",
        "extends: minimal.yaml\nunits:\n  - id: ming_cavlary\n    morale: shaken\n",
    )
    problems = validate_path(path)
    assert any(
        Path(p.path).name == "v.yaml"
        and p.line == 3
        and "did you mean 'ming_cavalry'?" in p.message
        for p in problems
    )


def test_a_problem_in_the_base_is_reported_in_the_base(folder: Path) -> None:
    base = folder / "minimal.yaml"
    base.write_text(
        base.read_text(encoding="utf-8").replace("strength: 2000", "strength: -5", 1),
        encoding="utf-8",
    )
    path = write(folder, "v.yaml", "extends: minimal.yaml\nmeta:\n  title: A variant\n")
    problems = validate_path(path)
    assert problems and all(Path(p.path).name == "minimal.yaml" for p in problems)


def test_a_cycle_of_extends_is_refused(folder: Path, capsys) -> None:
    write(folder, "a.yaml", "extends: b.yaml\n")
    write(folder, "b.yaml", "extends: a.yaml\n")
    assert main(["validate", str(folder / "a.yaml")]) == 1
    err = capsys.readouterr().err
    assert "cycle" in err and "Traceback" not in err


def test_extends_cannot_reach_outside_the_mod_folder(folder: Path) -> None:
    for target in ("../minimal.yaml", "/etc/passwd", "missing.yaml"):
        path = write(folder, "v.yaml", f"extends: {target}\n")
        problems = validate_path(path)
        assert len(problems) == 1 and problems[0].line == 1
        assert "no scenario" in problems[0].message


def test_a_variant_may_extend_a_shipped_scenario_from_anywhere(tmp_path: Path) -> None:
    path = write(
        tmp_path, "mine.yaml", "extends: pyongyang_1593.yaml\nmeta: {id: mine, title: Mine}\n"
    )
    assert load_scenario(path).meta.id == "mine"


def test_shipped_variants_are_short_and_valid() -> None:
    """A variant of a battle says only what differs; the battles on the shared base are long."""
    variants = [
        p
        for p in sorted(SCENARIOS.glob("*.yaml"))
        if re.search(r"^extends: (?!_base/)", p.read_text(encoding="utf-8"), re.M)
    ]
    assert len(variants) >= 3
    for path in variants:
        assert validate_path(path, strict=True) == [], path.name
        assert len(path.read_text(encoding="utf-8").splitlines()) < 60, path.name


def test_a_broken_variant_never_raises_anything_but_scenario_error(folder: Path) -> None:
    for text in (
        "extends: 5\n",
        "extends: minimal.yaml\nremove: [x]\n",
        "extends: minimal.yaml\nremove: {nothing: [x]}\n",
        "extends: minimal.yaml\nunits: 7\n",
    ):
        path = write(folder, "v.yaml", text)
        try:
            load_scenario(path)
        except ScenarioError as exc:
            assert exc.problems
