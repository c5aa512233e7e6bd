"""F5: a scenario author edits the file and sees the change without restarting."""

from __future__ import annotations

import shutil

import pygame

from siege.scenario.validate import load_scenario
from siege.ui.scenes.battle import Battle
from siege.ui.session import Session

from .conftest import MINIMAL, click, key, step


def test_f5_reloads_a_changed_scenario_and_refuses_a_broken_one(app, tmp_path) -> None:
    path = tmp_path / "mine.yaml"
    shutil.copy(MINIMAL, path)
    session = Session.new(load_scenario(path), path, "ai", "allied", seed=3)
    app.push(Battle(app, session))
    step(app, 2)
    before = app.top.game.unit("ming_cavalry").strength

    text = path.read_text(encoding="utf-8")
    cavalry = text.index("id: ming_cavalry")
    text = text[:cavalry] + text[cavalry:].replace("strength: 1500", "strength: 1400", 1)
    path.write_text(
        text.replace("declared_strength: 4000", "declared_strength: 3900", 1), encoding="utf-8"
    )
    key(app, pygame.K_F5)
    step(app, 2)
    battle = app.top
    assert isinstance(battle, Battle) and battle.session is not session, battle.status.message
    assert battle.game.unit("ming_cavalry").strength == before - 100
    assert "reloaded" in battle.status.message

    path.write_text("meta: [not, a, scenario\n", encoding="utf-8")
    key(app, pygame.K_F5)
    step(app, 2)
    assert app.top is battle  # the battle goes on as it was
    assert battle.status.message.startswith("not reloaded: line")
    click(app, (5, 5))
