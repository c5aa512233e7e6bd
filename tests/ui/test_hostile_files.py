"""The window survives hostile files (issue 16): F5 and the menu's checker report and carry on, a
broken settings.json is set aside, the saves list skips what is not a file, and the crash-recovery
autosave is never lost."""

from __future__ import annotations

import json
import os
import shutil
import threading

import pygame

from siege.save import read_save
from siege.scenario.validate import load_scenario
from siege.ui import autosave, paths
from siege.ui.scenes.battle import Battle
from siege.ui.scenes.menu import LoadList, MainMenu
from siege.ui.session import Session
from siege.ui.settings import Settings

from .conftest import MINIMAL, REPO, key, step
from .test_menu import wait_checked

HOSTILE = REPO / "tests" / "scenario" / "hostile"


# --------------------------------------------------------------------------- F5 and the checker


def test_f5_on_a_hostile_file_says_so_and_carries_on(app, tmp_path):
    path = tmp_path / "mine.yaml"
    shutil.copy(MINIMAL, path)
    battle = Battle(app, Session.new(load_scenario(path), path, "ai", "allied", seed=3))
    app.push(battle)
    step(app, 2)
    for hostile in (
        "merge_key_bomb.yaml",
        "date_feb_31.yaml",
        "sight_day_1e9.yaml",
        "nul_escape_in_title.yaml",
    ):
        shutil.copy(HOSTILE / hostile, path)
        key(app, pygame.K_F5)
        step(app, 2)
        assert battle in app.stack and battle.status.message.startswith("not reloaded: line"), (
            hostile
        )
    path.unlink()
    os.mkfifo(path)
    key(app, pygame.K_F5)
    step(app, 2)
    assert "named pipe" in battle.status.message


def test_the_menu_checker_lists_hostile_files_as_errors(app, data_dir):
    user = data_dir / "scenarios"
    user.mkdir(parents=True)
    for name in ("merge_key_bomb.yaml", "calendar_too_many_turns.yaml", "label_too_long.yaml"):
        shutil.copy(HOSTILE / name, user / name)
    os.mkfifo(user / "pipe.yaml")  # not a file: not listed, and never opened
    menu = MainMenu(app)
    app.push(menu)
    wait_checked(app, menu)
    mine = [e for e in menu.entries if e.path.parent == user]
    assert len(mine) == 3 and all(e.checked and e.problem for e in mine), [e.label for e in mine]


def test_the_menu_checker_gives_up_on_a_file_that_takes_too_long(app, data_dir, monkeypatch):
    import siege.ui.scenes.menu as menu_module

    release = threading.Event()
    slow_path = paths.SHIPPED_SCENARIOS / "pyongyang_1593.yaml"
    real = menu_module.check_entry

    def stuck(entry):
        if entry.path == slow_path:
            release.wait(30)
        else:
            real(entry)

    monkeypatch.setattr(menu_module, "check_entry", stuck)
    monkeypatch.setattr(menu_module, "CHECK_SECONDS", 0.2)
    menu = MainMenu(app)
    app.push(menu)
    wait_checked(app, menu)
    release.set()
    slow = next(e for e in menu.entries if e.path == slow_path)
    assert "took longer than 0.2 s to check" in slow.problem
    assert all(e.checked for e in menu.entries)
    assert any(e.scenario is not None for e in menu.entries if e is not slow)


# --------------------------------------------------------------------------- settings


def test_a_broken_settings_file_is_set_aside(data_dir, capsys):
    data_dir.mkdir(parents=True)
    for broken in ("5", "[" * 50_000 + "]" * 50_000, '"\\ud800"', "\x00\x01", "{"):
        paths.settings_path().write_text(broken, encoding="utf-8", errors="surrogatepass")
        assert Settings.load() == Settings()
        err = capsys.readouterr().err
        assert len(err.splitlines()) == 1 and "default options are used" in err, err
        assert (data_dir / "settings.broken.json").exists()
        assert not paths.settings_path().exists()


def test_wrong_settings_values_fall_back_one_by_one(data_dir, capsys):
    data_dir.mkdir(parents=True)
    paths.settings_path().write_text(
        json.dumps(
            {
                "width": True,
                "fog_of_war": 1,
                "difficulty": "impossible",
                "animation": "warp",
                "height": 10**100,
                "fullscreen": False,
            }
        ),
        encoding="utf-8",
    )
    settings = Settings.load()
    assert settings == Settings(height=2160)
    assert capsys.readouterr().err == ""


def test_a_settings_fifo_does_not_hang_start_up(data_dir, capsys):
    data_dir.mkdir(parents=True)
    os.mkfifo(paths.settings_path())
    assert Settings.load() == Settings()
    assert "named pipe" in capsys.readouterr().err


# --------------------------------------------------------------------------- the saves list


def test_the_saves_list_skips_dangling_links_and_folders(app, data_dir, minimal_scenario):
    saves = paths.saves_dir()
    saves.mkdir(parents=True)
    session = Session.new(minimal_scenario, MINIMAL, "hotseat", None, seed=2)
    good = session.save_to(saves / "good.json")
    (saves / "dangling.json").symlink_to(saves / "gone.json")
    (saves / "folder.json").mkdir()
    app.push(LoadList(app))
    step(app)
    assert app.top.files == [good]


# --------------------------------------------------------------------------- the autosave


def _crashed_battle(minimal_scenario, seed=2) -> Session:
    """A battle that autosaved and never closed (its marker is left behind)."""
    session = Session.new(minimal_scenario, MINIMAL, "hotseat", None, seed=seed)
    autosave.begin_battle(minimal_scenario.meta.id)
    session.end_phase()
    assert session.autosave()
    return session


def test_a_new_battle_keeps_the_crashed_one(app, data_dir, minimal_scenario):
    crashed = _crashed_battle(minimal_scenario)
    for seed in (5, 6):  # twice, as `main.py play` twice after a crash did
        battle = Battle(app, Session.new(minimal_scenario, MINIMAL, "hotseat", None, seed=seed))
        app.push(battle)
        step(app)
        while app.stack:  # the battle closes properly
            app.pop()
    kept = sorted(paths.saves_dir().glob("crashed-*.json"))
    assert len(kept) == 1
    assert read_save(kept[0]).state_hash == crashed.game.state_hash()


def test_play_from_the_command_line_keeps_the_crashed_game(data_dir, minimal_scenario, capsys):
    from siege.ui.app import _keep_crashed_game

    crashed = _crashed_battle(minimal_scenario)
    _keep_crashed_game()
    err = capsys.readouterr().err
    [kept] = paths.saves_dir().glob("crashed-*.json")
    assert f"it is kept as {kept}" in err and len(err.splitlines()) == 1
    assert read_save(kept).state_hash == crashed.game.state_hash()
    assert not paths.running_marker().exists()


def test_the_previous_autosave_is_resumed_when_the_newest_is_broken(
    app, data_dir, minimal_scenario
):
    session = _crashed_battle(minimal_scenario)
    first = session.game.state_hash()
    session.end_phase()
    assert session.autosave()
    paths.autosave_path().write_text("{ cut short", encoding="utf-8")
    assert autosave.resumable() == autosave.prev_path()
    menu = MainMenu(app)
    app.push(menu)
    step(app)
    assert menu.resume is not None
    app.apply(menu.resume_autosave())
    step(app, 2)
    battle = next(s for s in app.stack if isinstance(s, Battle))
    assert battle.game.state_hash() == first


def test_leftover_temp_files_are_removed(app, data_dir, minimal_scenario):
    saves = paths.saves_dir()
    saves.mkdir(parents=True)
    leftovers = [
        saves / ".autosave.new.json.abc123.tmp",
        saves / ".autosave.77.new.json",
        saves / "..autosave.77.new.json.x1y2.tmp",
    ]
    for path in leftovers:
        path.write_text("half", encoding="utf-8")
    mine = saves / "mine.json"
    mine.write_text("{}", encoding="utf-8")
    app.push(Battle(app, Session.new(minimal_scenario, MINIMAL, "hotseat", None, seed=2)))
    step(app)
    assert not any(p.exists() for p in leftovers)
    assert mine.exists() and paths.autosave_path().exists()


def test_a_blocked_autosave_is_reported(app, data_dir, minimal_scenario):
    paths.autosave_path().mkdir(parents=True)  # autosave.json is a folder: nothing can go there
    battle = Battle(app, Session.new(minimal_scenario, MINIMAL, "hotseat", None, seed=2))
    app.push(battle)
    step(app)
    assert (
        battle.status.message.startswith("autosave failed:")
        and "is a directory" in battle.status.message
    )
    assert battle.session.autosave() is False
