"""Broken and hostile saves (issue 16): each is refused by `replay` and `load` with one clear line
and exit 1, never a traceback; wrong values in `extra` fall back with a note instead.

Every case starts from the golden `walled_town_short.json` and breaks one thing.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from siege.cli import main

REPO = Path(__file__).resolve().parent.parent
GOLDEN = REPO / "tests" / "golden" / "walled_town_short.json"
SECRET = "hunter2-do-not-print"


def golden() -> dict[str, Any]:
    return json.loads(GOLDEN.read_text(encoding="utf-8"))


def edit(change: Callable[[dict], Any]) -> Callable[[Path], Path]:
    """A case that writes the golden save with one change."""

    def make(folder: Path) -> Path:
        data = golden()
        change(data)
        path = folder / "save.json"
        path.write_text(json.dumps(data), encoding="utf-8")
        return path

    return make


def raw(text: str | bytes) -> Callable[[Path], Path]:
    """A case that writes these exact contents."""

    def make(folder: Path) -> Path:
        path = folder / "save.json"
        path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
        return path

    return make


def _fifo(folder: Path) -> Path:
    os.mkfifo(folder / "save.json")
    return folder / "save.json"


def _link(target: str) -> Callable[[Path], Path]:
    def make(folder: Path) -> Path:
        (folder / "save.json").symlink_to(target)
        return folder / "save.json"

    return make


def _folder(folder: Path) -> Path:
    (folder / "save.json").mkdir()
    return folder / "save.json"


def _scenario_link(folder: Path) -> Path:
    """A save whose scenario_path is a .yaml link to a file holding a secret."""
    (folder / "secret.txt").write_text(f"meta: {SECRET}\n", encoding="utf-8")
    (folder / "town.yaml").symlink_to(folder / "secret.txt")
    return edit(lambda d: d.update(scenario_path=str(folder / "town.yaml")))(folder)


def _deep_extra(d: dict) -> None:
    node: dict = {}
    d["extra"] = node
    for _ in range(60):
        node["x"] = {}
        node = node["x"]


def _order(**fields: Any) -> Callable[[dict], Any]:
    return lambda d: d["orders"].insert(0, fields)


# (case id, how to make it, a fragment of the one line). READ_CASES are refused when the save is
# read, by `replay` and `load` alike; REPLAY_CASES once its scenario is read or its orders replayed.
READ_CASES: list[tuple[str, Callable[[Path], Path], str]] = [
    ("empty", raw(""), "not a save file"),
    ("truncated", raw(GOLDEN.read_text(encoding="utf-8")[:300]), "cut short (line"),
    ("not_utf8", raw(b'{"format": 1, "seed": "\xff\xfe"}'), "not UTF-8 text"),
    ("a_list", raw("[1, 2, 3]"), "not a save file"),
    ("a_number", raw("5"), "not a save file"),
    ("deep_json", raw("[" * 100_000 + "]" * 100_000), "nested too deeply"),
    ("deep_extra", edit(_deep_extra), "nested more than 20 levels"),
    ("format_3", edit(lambda d: d.update(format=3)), "save format 3; this version reads 1 and 2"),
    ("format_true", edit(lambda d: d.update(format=True)), "save format True"),
    ("format_text", edit(lambda d: d.update(format="x" * 1000)), "save format unknown"),
    ("no_seed", edit(lambda d: d.pop("seed")), "the save lacks 'seed'"),
    (
        "seed_5000_digits",
        raw('{"format": 1, "seed": ' + "7" * 5000 + "}"),
        "a value is out of range",
    ),
    ("seed_huge", edit(lambda d: d.update(seed=2**64)), "the seed is not a whole number"),
    ("seed_negative", edit(lambda d: d.update(seed=-1)), "the seed is not a whole number"),
    ("seed_float", edit(lambda d: d.update(seed=1.5)), "the seed is not a whole number"),
    (
        "seed_nan",
        raw(GOLDEN.read_text(encoding="utf-8").replace('"seed": 11', '"seed": NaN')),
        "the seed is not a whole number",
    ),
    ("seed_bool", edit(lambda d: d.update(seed=True)), "the seed is not a whole number"),
    ("scenario_id_list", edit(lambda d: d.update(scenario=["x"])), "its scenario id or hash"),
    (
        "scenario_id_huge",
        edit(lambda d: d.update(scenario="a" * 100_000)),
        "its scenario id or hash",
    ),
    ("hash_not_hex", edit(lambda d: d.update(scenario_hash="<script>")), "its scenario id or hash"),
    ("orders_mapping", edit(lambda d: d.update(orders={"a": 1})), "orders is not a list"),
    (
        "too_many_orders",
        raw(
            GOLDEN.read_text(encoding="utf-8").replace(
                '"orders": [', '"orders": [' + '{"kind": "phase_end"}, ' * 100_001
            )
        ),
        "more than 100,000 orders",
    ),
    ("too_large", raw(b" " * 20_000_001), "file is larger than 20,000,000 bytes; refused"),
    ("order_not_mapping", edit(lambda d: d["orders"].insert(3, 42)), "order 4 is not an order"),
    ("order_unknown_kind", edit(_order(kind="nuke")), "order 1: not an order"),
    (
        "order_huge_text",
        edit(_order(kind="move", unit="u" * 10_000, to=[1, 1])),
        "order 1 is not an order",
    ),
    ("order_nul", edit(_order(kind="move", unit="a\x00b", to=[1, 1])), "order 1 is not an order"),
    (
        "order_huge_number",
        edit(_order(kind="move", unit="a_spear", to=[10**30, 1])),
        "order 1 is not an order",
    ),
    ("order_extra_key", edit(_order(kind="phase_end", why="because")), "unknown keys ['why']"),
    # the verbs of format 1 are read only in a format-1 save
    ("order_old_kind", edit(_order(kind="end_phase")), "order 1: not an order"),
    (
        "scenario_path_nul",
        edit(lambda d: d.update(scenario_path="town\x00.yaml")),
        "its scenario_path is not the name of a .yaml file",
    ),
    (
        "scenario_path_surrogate",
        raw(
            GOLDEN.read_text(encoding="utf-8").replace(
                '"scenario_path": "', '"scenario_path": "\\ud800'
            )
        ),
        "its scenario_path is not the name of a .yaml file",
    ),
    (
        "scenario_path_long",
        edit(lambda d: d.update(scenario_path="a/" * 3000 + "x.yaml")),
        "its scenario_path is not the name of a .yaml file",
    ),
    (
        "scenario_path_system_file",
        edit(lambda d: d.update(scenario_path="/etc/passwd")),
        "its scenario_path is not the name of a .yaml file",
    ),
    (
        "scenario_path_number",
        edit(lambda d: d.update(scenario_path=5)),
        "its scenario_path is not the name of a .yaml file",
    ),
    ("state_hash_list", edit(lambda d: d.update(state_hash=[1])), "its state_hash"),
    ("a_fifo", _fifo, "is a named pipe (FIFO), not a file; refused"),
    ("dev_zero", _link("/dev/zero"), "is a device, not a file; refused"),
    ("proc_file", _link("/proc/self/environ"), "is a system file"),
    ("a_folder", _folder, "is a directory, not a file"),
    ("dangling_link", _link("/nowhere/at/all.json"), "cannot read: no such file"),
]

REPLAY_CASES: list[tuple[str, Callable[[Path], Path], str]] = [
    ("scenario_link_to_secret", _scenario_link, "is not a .yaml file; refused"),
    (
        "scenario_gone",
        edit(lambda d: d.update(scenario_path="tests/nowhere.yaml")),
        "cannot read: no such file",
    ),
    (
        "illegal_order",
        edit(_order(kind="move", unit="nobody", to=[1, 1])),
        "order 1 in the save is refused",
    ),
    (
        "changed_scenario",
        edit(lambda d: d.update(scenario_hash="0" * 16)),
        "has changed since this game was saved",
    ),
]


def _one_line(code: int, err: str, fragment: str) -> None:
    assert code == 1, err
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err
    assert "Traceback" not in err and "internal error" not in err and SECRET not in err
    assert fragment in lines[0], lines[0]
    assert len(lines[0]) < 400


@pytest.mark.parametrize(("name", "make", "fragment"), READ_CASES, ids=[c[0] for c in READ_CASES])
@pytest.mark.parametrize("command", ["replay", "load"])
def test_a_broken_save_is_one_clear_line(name, make, fragment, command, tmp_path, capsys):
    path = make(tmp_path)
    code = main([command, str(path)])
    _one_line(code, capsys.readouterr().err, fragment)


@pytest.mark.parametrize(
    ("name", "make", "fragment"), REPLAY_CASES, ids=[c[0] for c in REPLAY_CASES]
)
def test_a_save_refused_at_its_scenario_is_one_clear_line(name, make, fragment, tmp_path, capsys):
    path = make(tmp_path)
    code = main(["replay", str(path), "--verify"])
    err = capsys.readouterr().err
    assert code == 1, err
    assert "Traceback" not in err and "internal error" not in err and SECRET not in err
    assert fragment in err, err


def test_there_are_enough_broken_saves():
    assert len(READ_CASES) + len(REPLAY_CASES) >= 30


EXTRA_CASES = [
    ({"human_sides": 5}, "extra.human_sides 5 is not a list of side ids"),
    ({"human_sides": ["a" * 500]}, "extra.human_sides (a list) is not a list of side ids"),
    ({"difficulty": "impossible"}, "extra.difficulty 'impossible' is not easy, normal or hard"),
    ({"mode": {"x": 1}}, "extra.mode (a mapping) is not ai or hotseat"),
    ({"fog": "yes"}, "extra.fog 'yes' is not true or false"),
    ({"strength": [[1, {"a": "many"}]]}, "extra.strength is damaged"),
    ({"junk": [1, 2, 3]}, "extra.junk is not something this version knows"),
]


@pytest.mark.parametrize(("extra", "note"), EXTRA_CASES, ids=[str(c[0])[:30] for c in EXTRA_CASES])
def test_wrong_values_in_extra_fall_back_with_a_note(extra, note, tmp_path):
    from siege.save import read_save

    data = golden()
    data["extra"] = {"mode": "ai", "human_sides": ["japan"], "difficulty": "hard", **extra}
    path = tmp_path / "save.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    save = read_save(path)
    assert any(note in n for n in save.notes), save.notes
    for key in extra:
        assert key not in save.extra


def test_a_save_with_wrong_extra_plays_on_at_normal(tmp_path):
    """`difficulty: impossible` used to kill the window when the computer's turn began."""
    from siege.save import read_save
    from siege.scenario.validate import load_scenario
    from siege.ui.session import Session

    data = golden()
    data["extra"] = {"mode": "ai", "human_sides": 5, "difficulty": "impossible"}
    path = tmp_path / "save.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    save = read_save(path)
    scenario = load_scenario(REPO / save.scenario_path)
    session = Session.from_save(save, scenario, REPO / save.scenario_path)
    assert session.difficulty == "normal"
    assert session.commander(session.game.active_side).difficulty == "normal"


def test_load_prints_the_notes(tmp_path, capsys, monkeypatch):
    data = golden()
    data["extra"] = {"difficulty": "impossible"}
    path = tmp_path / "save.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    monkeypatch.setenv("SDL_VIDEODRIVER", "")
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    assert main(["load", str(path)]) == 3  # no display here; the note is said before that
    err = capsys.readouterr().err
    assert "note: extra.difficulty 'impossible'" in err and "Traceback" not in err


def test_jobs_never_exceed_the_cpus_nor_the_runs():
    from siege.cli import worker_count

    cpus = os.cpu_count() or 1
    assert worker_count(8, 1) == 1  # `--jobs 8 --runs 1` started 9 processes
    assert worker_count(1000, 1000) == cpus
    assert worker_count(2, 5) == min(2, cpus)
