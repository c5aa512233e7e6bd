"""The main menu: scenarios listed (broken ones with their first problem), starting a battle,
and the offer to resume after a crash."""

from __future__ import annotations

import shutil
import time

from siege.ui.scenes.battle import Battle
from siege.ui.scenes.menu import MainMenu

from .conftest import MINIMAL, REPO, step


def wait_checked(app, menu) -> None:
    deadline = time.monotonic() + 20
    while not all(e.checked for e in menu.entries) and time.monotonic() < deadline:
        time.sleep(0.02)
    step(app, 2)


def test_broken_scenario_is_listed_with_its_problem(app, data_dir):
    user = data_dir / "scenarios"
    user.mkdir(parents=True)
    shutil.copy(MINIMAL, user / "mine.yaml")
    shutil.copy(REPO / "tests" / "scenario" / "broken" / "bad_id.yaml", user / "broken.yaml")
    menu = MainMenu(app)
    app.push(menu)
    wait_checked(app, menu)
    labels = [item["text"] for item in menu.list.item_list]
    assert any(label.startswith("Pyongyang in Miniature") for label in labels)
    broken = [label for label in labels if "error:" in label]
    assert broken and "meta.id" in broken[0]
    assert app.running


def test_start_a_battle_from_the_menu(app, data_dir):
    user = data_dir / "scenarios"
    user.mkdir(parents=True)
    shutil.copy(MINIMAL, user / "mine.yaml")
    menu = MainMenu(app)
    app.push(menu)
    wait_checked(app, menu)
    entry = next(e for e in menu.entries if e.path.name == "mine.yaml")
    menu.selected = entry
    menu._describe()
    app.apply(menu.start_battle())
    step(app, 2)
    battle = next(s for s in app.stack if isinstance(s, Battle))
    assert battle.session.scenario.meta.id == "minimal_pyongyang"


def test_resume_offered_after_a_crash(app, data_dir, minimal_scenario):
    from siege.ui import paths
    from siege.ui.session import Session

    session = Session.new(minimal_scenario, MINIMAL, "hotseat", None, seed=2)
    session.end_phase()
    assert session.autosave()
    paths.running_marker().write_text("minimal_pyongyang")
    menu = MainMenu(app)
    app.push(menu)
    step(app)
    assert menu.resume is not None
    app.apply(menu.resume_autosave())
    step(app, 2)
    battle = next(s for s in app.stack if isinstance(s, Battle))
    assert battle.game.state_hash() == session.game.state_hash()


def test_no_resume_offer_after_a_clean_exit(app, data_dir, minimal_scenario):
    from siege.ui import paths
    from siege.ui.session import Session

    session = Session.new(minimal_scenario, MINIMAL, "hotseat", None, seed=2)
    battle = Battle(app, session)
    app.push(battle)
    assert paths.running_marker().exists()
    app.pop()
    assert not paths.running_marker().exists()
    menu = MainMenu(app)
    app.push(menu)
    step(app)
    assert menu.resume is None
