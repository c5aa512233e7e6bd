"""`python main.py replay SAVE --verify`: every golden save replays to its recorded state hash, and
a damaged, hand-edited or mismatched save is refused with one clear line and exit code 1.

The goldens are made by tests/golden/make_goldens.py (see its docstring for when to regenerate)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from siege.cli import main

REPO = Path(__file__).resolve().parent.parent
GOLDEN = REPO / "tests" / "golden"
GOLDENS = sorted(GOLDEN.glob("*.json"))


def replay(capsys, *args: str | Path) -> tuple[int, str, str]:
    code = main(["replay", *map(str, args)])
    out = capsys.readouterr()
    return code, out.out, out.err


def golden_data(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def assert_refused(code: int, out: str, err: str, *fragments: str) -> None:
    """Exit 1, one line on stderr that says why, no traceback, no internal error."""
    assert code == 1, (code, out, err)
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err
    assert "Traceback" not in err and "internal error" not in err
    for fragment in fragments:
        assert fragment in lines[0], lines[0]


def test_there_are_goldens_of_different_lengths_and_seeds():
    assert len(GOLDENS) >= 3
    data = [golden_data(p) for p in GOLDENS]
    assert len({len(d["orders"]) for d in data}) >= 3
    assert len({d["seed"] for d in data}) >= 3
    for d in data:
        assert len(d["state_hash"]) == 16
        assert not Path(d["scenario_path"]).is_absolute()
        assert (REPO / d["scenario_path"]).exists()


@pytest.mark.parametrize("path", GOLDENS, ids=lambda p: p.stem)
def test_a_golden_replays_to_its_recorded_hash(path, capsys):
    code, out, err = replay(capsys, path, "--verify")
    assert code == 0, err
    assert err == ""
    assert out.strip() == golden_data(path)["state_hash"]


def test_a_save_from_before_the_orders_were_renamed_replays_to_the_same_hash(capsys):
    """Format 1 named four orders by verbs (end_phase, use_ability, fire, bombard); such a save
    still loads, and its battle ends where the same battle saved today does."""
    old = GOLDEN / "format1" / "walled_town_short.json"
    new = GOLDEN / "walled_town_short.json"
    old_kinds = {o["kind"] for o in golden_data(old)["orders"]}
    assert {"end_phase", "use_ability", "fire", "bombard"} <= old_kinds
    assert golden_data(old)["format"] == 1 and golden_data(new)["format"] == 2
    code, out, err = replay(capsys, old, "--verify")
    assert code == 0, err
    assert out.strip() == golden_data(old)["state_hash"] == golden_data(new)["state_hash"]


def test_replay_from_the_command_line():
    path = GOLDENS[0]
    env = dict(os.environ, SDL_VIDEODRIVER="dummy")
    done = subprocess.run(
        [sys.executable, "main.py", "replay", str(path), "--verify"],
        cwd=REPO,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == golden_data(path)["state_hash"]
    assert done.stderr == ""


# --------------------------------------------------------------------------- bad saves


@pytest.fixture
def golden_text() -> str:
    return (GOLDEN / "walled_town_short.json").read_text(encoding="utf-8")


def write(tmp_path: Path, text: str | bytes, name: str = "bad.json") -> Path:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def edited(golden_text: str, change) -> str:
    data = json.loads(golden_text)
    change(data)
    return json.dumps(data)


def test_a_truncated_save_is_refused(tmp_path, capsys, golden_text):
    path = write(tmp_path, golden_text[: len(golden_text) // 2])
    assert_refused(*replay(capsys, path, "--verify"), str(path), "cut short")


def test_an_empty_save_is_refused(tmp_path, capsys):
    assert_refused(*replay(capsys, write(tmp_path, ""), "--verify"), "not a save file")


def test_a_corrupted_save_is_refused(tmp_path, capsys, golden_text):
    raw = bytearray(golden_text.encode())
    raw[10:40] = bytes(range(200, 230))
    assert_refused(*replay(capsys, write(tmp_path, bytes(raw)), "--verify"), "not a save file")


def test_a_save_that_is_not_a_save_is_refused(tmp_path, capsys):
    assert_refused(*replay(capsys, write(tmp_path, "[1, 2, 3]"), "--verify"), "not a save file")
    assert_refused(*replay(capsys, write(tmp_path, '{"format": 99}'), "--verify"), "save format 99")


def test_a_missing_save_is_refused(tmp_path, capsys):
    assert_refused(*replay(capsys, tmp_path / "nowhere.json", "--verify"), "cannot read")


def test_a_save_missing_a_key_is_refused(tmp_path, capsys, golden_text):
    text = edited(golden_text, lambda d: d.pop("orders"))
    assert_refused(*replay(capsys, write(tmp_path, text), "--verify"), "lacks 'orders'")


def test_a_hand_edited_illegal_order_is_refused(tmp_path, capsys, golden_text):
    def teleport(d):
        d["orders"].insert(0, {"kind": "move", "unit": "a_spear", "to": [5, 2]})

    text = edited(golden_text, teleport)
    assert_refused(
        *replay(capsys, write(tmp_path, text), "--verify"),
        "order 1 in the save is refused",
        "edited or damaged",
    )


def test_a_hand_edited_order_of_the_wrong_shape_is_refused(tmp_path, capsys, golden_text):
    def garble(d):
        d["orders"][0] = {"kind": "move", "unit": "a_spear", "to": "north"}

    text = edited(golden_text, garble)
    assert_refused(*replay(capsys, write(tmp_path, text), "--verify"), "damaged")


def test_a_hand_edited_hash_fails_verification(tmp_path, capsys, golden_text):
    text = edited(golden_text, lambda d: d.update(state_hash="0123456789abcdef"))
    code, out, err = replay(capsys, write(tmp_path, text), "--verify")
    assert_refused(code, out, err, "0123456789abcdef", "replay ended at state")
    assert out.strip() == json.loads(golden_text)["state_hash"]


def test_a_hand_edited_seed_fails_verification(tmp_path, capsys, golden_text):
    path = write(tmp_path, edited(golden_text, lambda d: d.update(seed=d["seed"] + 1)))
    code, out, err = replay(capsys, path, "--verify")
    # either an order is no longer legal under other dice, or the battle ends elsewhere
    assert_refused(code, out, err)
    assert "replay ended at state" in err or "is refused" in err


def test_a_save_for_another_scenario_is_refused(tmp_path, capsys, golden_text):
    other = "tests/engine/data/open_ground.yaml"
    text = edited(golden_text, lambda d: d.update(scenario_path=other))
    assert_refused(
        *replay(capsys, write(tmp_path, text), "--verify"),
        "this save is for scenario 'test_walled_town'",
        "'test_open_ground'",
    )


def test_a_save_for_an_earlier_version_of_the_scenario_is_refused(tmp_path, capsys, golden_text):
    source = (REPO / "tests/engine/data/walled_town.yaml").read_text(encoding="utf-8")
    changed = write(tmp_path, source.replace("strength: 100}", "strength: 90}"), "town.yaml")
    assert changed.read_text(encoding="utf-8") != source
    code, out, err = replay(
        capsys, GOLDEN / "walled_town_short.json", "--verify", "--scenario", changed
    )
    assert_refused(code, out, err, "has changed since this game was saved")


def test_a_save_whose_scenario_file_is_gone_is_refused(tmp_path, capsys, golden_text):
    text = edited(golden_text, lambda d: d.update(scenario_path="tests/engine/data/nowhere.yaml"))
    code, out, err = replay(capsys, write(tmp_path, text), "--verify")
    assert code == 1
    assert "Traceback" not in err and "internal error" not in err
    assert "nowhere.yaml" in err
