"""`simulate --log DIR`: every run leaves a save that replays to its recorded state and opens in
the window, and a battle log a modder can read turn by turn, ending with the result."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from siege.cli import main
from siege.save import read_save

ROOT = Path(__file__).resolve().parent.parent
MINIMAL = ROOT / "scenarios" / "examples" / "minimal.yaml"


@pytest.fixture(scope="module")
def logged(tmp_path_factory) -> tuple[Path, dict]:
    """Two runs of the minimal battle with their files, and the --json results."""
    folder = tmp_path_factory.mktemp("runs")
    results = folder / "results.json"
    args = ["simulate", str(MINIMAL), "--runs", "2", "--seed", "4", "--log", str(folder)]
    assert main([*args, "--json", str(results)]) == 0
    return folder, json.loads(results.read_text(encoding="utf-8"))


def test_each_run_has_a_save_and_a_log(logged) -> None:
    folder, results = logged
    for run in results["runs"]:
        seed = run["seed"]
        assert run["files"] == {
            "save": str(folder / f"minimal_pyongyang-seed{seed}.json"),
            "log": str(folder / f"minimal_pyongyang-seed{seed}.log.txt"),
        }
        assert Path(run["files"]["save"]).is_file() and Path(run["files"]["log"]).is_file()


def test_the_saves_replay_with_verify_to_the_runs_final_state(logged, capsys) -> None:
    _, results = logged
    capsys.readouterr()
    for run in results["runs"]:
        assert main(["replay", run["files"]["save"], "--verify"]) == 0
        assert capsys.readouterr().out.strip() == run["state_hash"]


def test_a_save_opens_in_the_window_as_a_hot_seat_game_without_fog(logged, monkeypatch) -> None:
    monkeypatch.setenv("SDL_VIDEODRIVER", "dummy")
    from siege.scenario.validate import load_scenario
    from siege.ui.session import Session

    _, results = logged
    run = results["runs"][0]
    save = read_save(run["files"]["save"])
    assert not save.notes  # every setting in it is one the game knows
    session = Session.from_save(save, load_scenario(MINIMAL), MINIMAL)
    assert session.mode == "hotseat" and session.fog is False
    assert session.game.state_hash() == run["state_hash"] and session.game.state.ended


def test_the_log_tells_each_turn_and_names_the_result(logged) -> None:
    _, results = logged
    for run in results["runs"]:
        text = Path(run["files"]["log"]).read_text(encoding="utf-8")
        turns = re.findall(r"^Turn (\d+) — ", text, flags=re.M)
        assert [int(t) for t in turns] == list(range(1, run["turns"] + 1))
        assert text.count("  Objectives held: ") == run["turns"]
        assert text.count("  Losses so far: ") == run["turns"]
        result = text.split("\nResult: ", 1)[1]
        names = {"allied": "Ming-Joseon allies", "japan": "Japanese garrison"}
        if run["winner"]:
            verdict = f"{run['victory_level']} victory for {names[run['winner']]}"
        else:
            verdict = "a draw"
        assert result.startswith(verdict + "\n")
        assert f"Turns played: {run['turns']}" in result


def test_the_losses_told_turn_by_turn_add_up_to_the_runs(logged) -> None:
    """The last turn's running total is the battle's: the log counts every man the run lost."""
    _, results = logged
    for run in results["runs"]:
        text = Path(run["files"]["log"]).read_text(encoding="utf-8")
        last = text.split("  Losses so far: ")[-1].split("\n", 1)[0]
        final = text.split("\n  Losses: ", 1)[1].split("\n", 1)[0]
        assert last == final
        lost = sum(sum(losses.values()) for losses in run["losses"].values())
        counts = re.findall(r"([\d,]+) (?:killed|wounded|burned|drowned|captured)\b", final)
        told = sum(int(n.replace(",", "")) for n in counts)
        assert told == lost


def test_an_unwritable_log_folder_is_one_clear_line(tmp_path, capsys) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    code = main(["simulate", str(MINIMAL), "--runs", "1", "--log", str(blocker / "runs")])
    err = capsys.readouterr().err
    assert code == 1 and err.count("\n") == 1 and "cannot write to" in err
