"""Sound: made by the program at start-up, played for the events the viewer saw, with volume
and mute. Run with SDL's dummy audio driver (the mixer opens, nothing is heard)."""

from __future__ import annotations

import shutil

import numpy as np
import pygame
import pygame_gui

from siege.engine.events import (
    HexIgnited,
    IceBroke,
    PhaseBegan,
    TurnBegan,
    UnitMoved,
    VolleyResolved,
    WorksDamaged,
)
from siege.engine.orders import Volley
from siege.ui.scenes.battle import Battle
from siege.ui.scenes.options import Options
from siege.ui.session import Session
from siege.ui.sound import SYNTHS, sound_for, synthesise

from .conftest import MINIMAL, key, step


def open_battle(app, scenario, path=MINIMAL) -> Battle:
    session = Session.new(scenario, path, "hotseat", None, seed=5)
    battle = Battle(app, session)
    battle.handed_to = session.game.active_side
    app.push(battle)
    step(app, 2)
    return battle


def to_phase(app, battle, phase):
    while battle.game.phase != phase:
        key(app, pygame.K_e)


def test_sounds_are_synthesised_and_distinct():
    sounds = synthesise()
    assert set(sounds) == set(SYNTHS) == {"volley", "cannon", "blaze", "ice", "drums"}
    for name, samples in sounds.items():
        assert samples.dtype == np.int16 and samples.shape[1] == 2 and len(samples) > 5000
        assert np.abs(samples).max() > 20000, name  # audible, not clipped silence

    # a cannon is deeper than a volley: more of its energy in the low frequencies
    def low_share(x):
        spectrum = np.abs(np.fft.rfft(x[:, 0].astype(float)))
        freqs = np.fft.rfftfreq(len(x), 1 / 22050)
        return spectrum[freqs < 200].sum() / spectrum.sum()

    assert low_share(sounds["cannon"]) > 2 * low_share(sounds["volley"])
    assert (synthesise()["ice"] == sounds["ice"]).all()  # the same every start


def test_which_event_makes_which_sound():
    kinds = {"arquebus": "small_arms", "cannon": "cannon"}
    assert sound_for(VolleyResolved(weapon="arquebus"), kinds) == "volley"
    assert sound_for(VolleyResolved(weapon="cannon"), kinds) == "cannon"
    assert sound_for(WorksDamaged(), kinds) == "cannon"
    assert sound_for(HexIgnited(), kinds) == "blaze"
    assert sound_for(IceBroke(), kinds) == "ice"
    assert sound_for(TurnBegan(), kinds) == "drums"
    assert sound_for(PhaseBegan(phase="command"), kinds) == "drums"
    assert sound_for(PhaseBegan(phase="fire"), kinds) is None
    assert sound_for(UnitMoved(), kinds) is None


def test_the_battle_plays_the_sounds_of_what_happens(app, tmp_path):
    from siege.scenario.validate import load_scenario

    assert app.sound.available  # the dummy driver's mixer
    shutil.copy(MINIMAL, tmp_path / "minimal.yaml")
    path = tmp_path / "fire.yaml"
    path.write_text(
        "extends: minimal.yaml\n"
        "meta: {id: fire_arrows_test, title: 'Test: fire arrows at the town'}\n"
        "weapons:\n  - {id: arquebus, sets_fire: 0.95}\n"
        "units:\n  - {id: fort_garrison, at: [7, 3]}\n"
        "  - {id: ming_south_corps, at: [7, 5]}\n"
        "  - {id: ming_guns, at: [8, 5]}\n",
        encoding="utf-8",
    )
    battle = open_battle(app, load_scenario(path), path)
    to_phase(app, battle, "fire")
    played = app.sound.played
    n = len(played)
    assert battle.give(Volley("ming_guns", (7, 3)))
    assert played[n] == "cannon"
    n, start = len(played), len(battle.game.record)
    assert battle.give(Volley("ming_south_corps", (7, 3)))  # (the flames drive them out)
    assert played[n] == "volley"
    alight = any(isinstance(r.event, HexIgnited) for r in battle.game.record[start:])
    assert alight and "blaze" in played[n:]
    n = len(played)
    key(app, pygame.K_t)  # the other side's turn: drums
    step(app, 2)
    assert "drums" in played[n:]


def test_mute_and_volume(app, minimal_scenario):
    battle = open_battle(app, minimal_scenario)
    options = Options(app, battle)
    app.push(options)
    step(app)
    mute = next(b for b, name in options.toggles.items() if name == "mute")
    pygame.event.post(pygame.event.Event(pygame_gui.UI_CHECK_BOX_CHECKED, ui_element=mute))
    step(app)
    assert app.settings.mute and app.sound.volume == 0
    n = len(app.sound.played)
    assert not app.sound.play("drums") and len(app.sound.played) == n
    app.settings.mute = False
    options.volume.set_current_value(30)
    pygame.event.post(
        pygame.event.Event(
            pygame_gui.UI_HORIZONTAL_SLIDER_MOVED, ui_element=options.volume, value=30
        )
    )
    step(app)
    assert app.settings.volume == 30 and abs(app.sound.volume - 0.3) < 1e-9
