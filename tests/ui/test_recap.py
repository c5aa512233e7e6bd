"""After the computer's turn: a recap of what the viewer's men saw, the losses on both sides
(the viewer's exactly, the enemy's as seen), and the replay of it."""

from __future__ import annotations

import pygame
import pygame_gui

from siege.engine.events import CasualtiesTaken, PhaseBegan, TurnBegan
from siege.ui.scenes.battle import Battle
from siege.ui.scenes.recap import CAUSES, Recap
from siege.ui.session import Session

from .conftest import MINIMAL, run_until, step


def test_recap_after_the_computers_turn(app, minimal_scenario):
    app.settings.show_recap = True
    session = Session.new(minimal_scenario, MINIMAL, "ai", "japan", seed=3)
    battle = Battle(app, session)
    app.push(battle)
    seat = session.seat("japan")
    for _ in range(8):  # the allies close in over a few turns; then there is much to see
        start, before = len(session.game.record), seat.losses()
        assert run_until(app, lambda: isinstance(app.top, Recap), 3000)
        recap = app.top.recap
        if recap.replayable and recap.own_losses:
            break
        app.pop()
        app.apply(battle.end_turn())
    assert recap.side == "allied" and session.game.active_side == "japan"
    assert "Our losses" in app.top.html and app.top.replay is not None
    # our losses exactly, theirs as our men saw them fall
    now = seat.losses()
    assert recap.own_losses == {c: now[c] - before[c] for c in CAUSES if now[c] - before[c]}
    seen = seat.events(start)
    assert sum(recap.enemy_losses_seen.values()) == sum(
        getattr(e, c)
        for e in seen
        if isinstance(e, CasualtiesTaken) and not seat.owns(e.unit)
        for c in CAUSES
    )
    assert all(e in seen for e in recap.events)  # nothing the viewer did not see
    assert not any(isinstance(e, (PhaseBegan, TurnBegan)) for e in recap.events)
    pygame.event.post(pygame.event.Event(pygame_gui.UI_BUTTON_PRESSED, ui_element=app.top.replay))
    step(app)
    assert app.top is battle and battle.replay_queue


def test_no_recap_in_hotseat(app, minimal_scenario):
    app.settings.show_recap = True
    session = Session.new(minimal_scenario, MINIMAL, "hotseat", None, seed=3)
    battle = Battle(app, session)
    battle.handed_to = "allied"
    app.push(battle)
    step(app, 3)
    app.apply(battle.end_turn())
    step(app, 3)
    assert not any(isinstance(s, Recap) for s in app.stack)
