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
    assert "warning: objectives[1].hexes: objective 'the_fort': no unit can reach" in err


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
