"""`validate --strict`: warnings an author wants before sharing a scenario."""

from __future__ import annotations

from pathlib import Path

from siege.cli import main

MINIMAL = Path(__file__).resolve().parents[2] / "scenarios" / "examples" / "minimal.yaml"


def test_an_objective_nobody_can_reach_is_a_warning(tmp_path: Path, capsys) -> None:
    text = MINIMAL.read_text(encoding="utf-8")
    # put the fort objective on the cliff, where no troops can stand
    text = text.replace("hexes: [[2, 3], [3, 3], [2, 4]]", "hexes: [[4, 8], [5, 8]]", 1)
    path = tmp_path / "cliff.yaml"
    path.write_text(text, encoding="utf-8")
    assert main(["validate", str(path)]) == 0  # not an error: it loads and plays
    capsys.readouterr()
    assert main(["validate", "--strict", str(path)]) == 0
    err = capsys.readouterr().err
    assert (
        "warning: objectives[the_fort].hexes: objective 'the_fort': no unit can reach any of its "
        "hexes [objective_unreachable]"
    ) in err


def test_the_shipped_scenarios_have_no_warnings(capsys) -> None:
    shipped = sorted(
        str(p) for p in (Path(__file__).resolve().parents[2] / "scenarios").glob("*.yaml")
    )
    assert main(["validate", "--strict", *shipped]) == 0
    assert "warning" not in capsys.readouterr().err


def test_arrivals_after_the_last_turn_and_ice_on_dry_land_are_warnings(
    tmp_path: Path, capsys
) -> None:
    text = MINIMAL.read_text(encoding="utf-8")
    text = text.replace("    strength: 2000\n", "    strength: 2000\n    entry_turn: 999\n", 1)
    text = text.replace("      id: hill\n", "      id: hill\n      ice_cm: 30\n", 1)
    path = tmp_path / "late.yaml"
    path.write_text(text, encoding="utf-8")
    assert main(["validate", "--strict", str(path)]) == 0
    err = capsys.readouterr().err
    assert "enters on turn 999, after the last turn" in err
    assert "has ice_cm but is not water" in err


# --------------------------------------------------------------------------- expect_warnings


def _two_units_next_to_the_enemy(tmp_path: Path, marks: dict[str, str]) -> Path:
    """minimal.yaml with the mounted samurai beside the Ming cavalry (both warned of), and
    `marks` (unit id -> an `expect_warnings:` line) added to those units."""
    text = MINIMAL.read_text(encoding="utf-8").replace("    at: [8, 2]\n", "    at: [9, 8]\n", 1)
    for unit, line in marks.items():
        head = f"  - id: {unit}\n"
        assert text.count(head) == 1
        text = text.replace(head, f"{head}    expect_warnings: {line}\n")
    path = tmp_path / "marked.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_mark_silences_exactly_that_warning_at_that_unit(tmp_path: Path, capsys) -> None:
    path = _two_units_next_to_the_enemy(tmp_path, {"ming_cavalry": "[starts_next_to_enemy]"})
    assert main(["validate", "--strict", str(path)]) == 0
    out, err = capsys.readouterr()
    assert out == f"{path}: ok (1 warning)\n"
    assert "ming_cavalry" not in err
    assert "units[town_horse].at: unit 'town_horse' starts next to the enemy" in err
    assert err.rstrip().endswith("[starts_next_to_enemy]")


def test_marks_on_both_units_make_strict_quiet_and_change_nothing_else(
    tmp_path: Path, capsys
) -> None:
    from siege.save import scenario_hash
    from siege.scenario.validate import load_scenario

    mark = "[starts_next_to_enemy]"
    path = _two_units_next_to_the_enemy(tmp_path, {"ming_cavalry": mark, "town_horse": mark})
    assert main(["validate", "--strict", str(path)]) == 0
    assert capsys.readouterr() == (f"{path}: ok\n", "")
    marked = load_scenario(path)
    plain = load_scenario(_two_units_next_to_the_enemy(tmp_path, {}))
    assert marked.units[1].expect_warnings == ["starts_next_to_enemy"]
    assert scenario_hash(marked) == scenario_hash(plain)  # saves of the battle stay good


def test_a_mark_for_another_warning_silences_nothing_and_is_itself_warned_of(
    tmp_path: Path, capsys
) -> None:
    path = _two_units_next_to_the_enemy(tmp_path, {"ming_cavalry": "[arrives_after_last_turn]"})
    assert main(["validate", "--strict", str(path)]) == 0
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 3  # in file order: the mark, then the two units
    assert err[0].endswith(
        ":294:23: warning: units[ming_cavalry].expect_warnings[0]: warning "
        "'arrives_after_last_turn' is expected here but no longer fires: remove the mark "
        "[stale_expect_warning]"
    )
    assert "units[ming_cavalry].at: unit 'ming_cavalry' starts next to the enemy" in err[1]
    assert "units[town_horse].at" in err[2]


def test_a_mistyped_mark_is_warned_of_with_a_hint_and_only_when_strict(
    tmp_path: Path, capsys
) -> None:
    path = _two_units_next_to_the_enemy(tmp_path, {"ming_cavalry": "[start_next_to_enemy]"})
    assert main(["validate", str(path)]) == 0
    assert capsys.readouterr() == (f"{path}: ok\n", "")
    assert main(["validate", "--strict", str(path)]) == 0
    err = capsys.readouterr().err
    assert (
        "units[ming_cavalry].expect_warnings[0]: 'start_next_to_enemy' is not a warning code "
        "(did you mean 'starts_next_to_enemy'?) [stale_expect_warning]"
    ) in err


def test_a_side_an_objective_an_event_and_a_terrain_can_be_marked(tmp_path: Path, capsys) -> None:
    text = MINIMAL.read_text(encoding="utf-8")
    text = text.replace("hexes: [[2, 3], [3, 3], [2, 4]]", "hexes: [[4, 8], [5, 8]]", 1)
    text = text.replace("      id: hill\n", "      id: hill\n      ice_cm: 30\n", 1)
    path = tmp_path / "warned.yaml"
    path.write_text(text, encoding="utf-8")
    assert main(["validate", "--strict", str(path)]) == 0
    err = capsys.readouterr().err
    assert "objectives[the_fort].hexes:" in err and "[objective_unreachable]" in err
    assert "map.terrain_types[hill].ice_cm:" in err and "[ice_on_dry_land]" in err
    text = text.replace(
        "  - id: the_fort\n", "  - id: the_fort\n    expect_warnings: [objective_unreachable]\n"
    )
    text = text.replace(
        "      id: hill\n", "      id: hill\n      expect_warnings: [ice_on_dry_land]\n"
    )
    path.write_text(text, encoding="utf-8")
    assert main(["validate", "--strict", str(path)]) == 0
    assert capsys.readouterr() == (f"{path}: ok\n", "")


def test_every_warning_code_is_documented_for_modders() -> None:
    from siege.scenario.checks import WARNING_CODES

    doc = (MINIMAL.parents[2] / "docs" / "MODDING.md").read_text(encoding="utf-8")
    table = doc[doc.index("| Code | Where | Warns of |") :]
    table = table[: table.index("\n\n")]
    documented = {line.split("`")[1] for line in table.splitlines()[2:]}
    assert documented == set(WARNING_CODES)
