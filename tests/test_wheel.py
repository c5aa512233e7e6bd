"""The wheel is the whole game: built from this tree, installed into a fresh virtual environment
and run from an empty folder far from the checkout, it starts, validates, previews, simulates and
replays — the shipped battles, fonts and theme travel inside it.

Building needs the build backend and installing needs the dependencies: pip takes them from its
cache or the package index, pinned by constraints.txt."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

import siege
from siege.save import make_save, write_save
from siege.scenario.validate import load_scenario
from siege.sim import play

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parent.parent
PINS = REPO / "constraints.txt"
SCENARIO = "scenarios/pyongyang_1593.yaml"
VARIANT = REPO / "scenarios" / "pyongyang_1593_no_bounty.yaml"


def run(args: list[str | Path], **kw) -> subprocess.CompletedProcess:
    done = subprocess.run([str(a) for a in args], capture_output=True, text=True, **kw)
    assert done.returncode == 0, f"{args}: exit {done.returncode}\n{done.stdout}\n{done.stderr}"
    return done


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """The bin folder of a fresh venv with only the wheel (and its dependencies) installed."""
    work = tmp_path_factory.mktemp("wheel")
    pip = [sys.executable, "-m", "pip", "-qq", "--disable-pip-version-check", "--no-input"]
    run([*pip, "wheel", "--no-deps", "-w", work / "dist", REPO])
    (wheel,) = (work / "dist").glob("siege-*.whl")
    venv = work / "venv"
    run([sys.executable, "-m", "venv", "--without-pip", venv])
    run([*pip, "--python", venv / "bin" / "python", "install", "-c", PINS, wheel])
    return venv / "bin"


@pytest.fixture
def player(tmp_path) -> tuple[Path, dict[str, str]]:
    """An empty working folder and an environment that cannot see the checkout."""
    home = tmp_path / "elsewhere"
    home.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env.update(
        SDL_VIDEODRIVER="dummy",
        SDL_AUDIODRIVER="dummy",
        SIEGE_DATA_DIR=str(tmp_path / "siege-data"),
    )
    return home, env


def siege_cmd(installed: Path, player, *args: str | Path) -> subprocess.CompletedProcess:
    home, env = player
    return run([installed / "siege", *args], cwd=home, env=env, timeout=300)


def test_the_installed_game_reads_its_data_from_the_package(installed, player) -> None:
    home, env = player
    code = "import siege, siege.shipped as s; print(siege.__file__); print(s.ROOT)"
    where, root = run([installed / "python", "-c", code], cwd=home, env=env).stdout.split()
    assert Path(where).is_relative_to(installed.parent)
    assert Path(root) == Path(where).parent / "_data"
    for shipped in (
        "scenarios/_base/pyongyang.yaml",
        "scenarios/schema.json",
        "assets/theme.json",
        "assets/fonts/DejaVuSansCondensed.ttf",
        "assets/fonts/LICENSE-DejaVu.txt",
    ):
        assert (Path(root) / shipped).is_file(), shipped


def test_version_and_the_main_menu_start(installed, player) -> None:
    assert siege_cmd(installed, player, "--version").stdout.strip() == f"siege {siege.__version__}"
    home, env = player
    run(
        [installed / "siege"],
        cwd=home,
        env={**env, "SIEGE_EXIT_AFTER_FIRST_FRAME": "1"},
        timeout=120,
    )


def test_validate_a_mod_that_extends_a_shipped_battle(installed, player) -> None:
    home, _ = player
    mod = home / "my_variant.yaml"
    mod.write_text(VARIANT.read_text(encoding="utf-8"), encoding="utf-8")
    out = siege_cmd(installed, player, "validate", "--strict", mod).stdout
    assert "my_variant.yaml: ok" in out


def test_preview_the_default_battle(installed, player) -> None:
    home, _ = player
    siege_cmd(installed, player, "preview", "--out", "opening.png", "--size", "640x400")
    assert (home / "opening.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_simulate_one_battle(installed, player) -> None:
    out = siege_cmd(installed, player, "simulate", "--runs", "1", "--seed", "3").stdout
    assert out.strip()


def test_replay_a_save_made_in_the_checkout(installed, player) -> None:
    """A save names its scenario relative to the shipped data, so it opens in either layout."""
    game = play(load_scenario(REPO / SCENARIO), 5)  # a whole battle, the computer on both sides
    home, _ = player
    write_save(home / "battle.json", make_save(game, SCENARIO))
    out = siege_cmd(installed, player, "replay", "battle.json", "--verify").stdout
    assert out.strip() == game.state_hash()
