"""The window commands from the command line: problems and missing displays reported in one
line each, never a traceback."""

from __future__ import annotations

from siege.cli import main

from .conftest import MINIMAL, REPO


def test_play_without_display_exits_3(monkeypatch, capsys):
    monkeypatch.setenv("SDL_VIDEODRIVER", "")
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    for argv in (["play", str(MINIMAL), "--side", "japan"], ["hotseat", str(MINIMAL)]):
        assert main(argv) == 3
        err = capsys.readouterr().err
        assert len(err.strip().splitlines()) == 1 and "display" in err


def test_play_unknown_side_is_a_usage_error(capsys):
    assert main(["play", str(MINIMAL), "--side", "martians"]) == 2
    assert "allied" in capsys.readouterr().err


def test_play_broken_scenario_prints_problems(capsys):
    broken = REPO / "tests" / "scenario" / "broken" / "bad_id.yaml"
    assert main(["play", str(broken), "--side", "allied"]) == 1
    lines = capsys.readouterr().err.strip().splitlines()
    assert lines and all(line.startswith(f"{broken}:") and ": error: " in line for line in lines)


def test_load_damaged_save(tmp_path, capsys):
    bad = tmp_path / "bad.json"
    bad.write_text("{ not json")
    assert main(["load", str(bad)]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err and "bad.json" in err
