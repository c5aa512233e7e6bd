"""`watch SAVE`: a save played back on the battle screen, headless: every order replayed to the
save's own final position, animated, with pause, single steps and speed; an edited save stops
with a reason, never a traceback."""

from __future__ import annotations

import dataclasses

import pygame

from siege.ai.commander import Commander
from siege.engine.orders import Move, PhaseEnd
from siege.save import make_save, write_save
from siege.ui.playback import SPEEDS
from siege.ui.scenes.watch import Watch
from tests.ui.conftest import MINIMAL, key, run_until, step


def played_save(scenario, turns: int = 12):
    """A short battle between two computer commanders, as a save: until both sides have
    marched (or `turns` are over)."""
    from siege.scenario.build import new_game

    game = new_game(scenario, 7)
    cs = {s.id: Commander(s.id, "normal", 1) for s in scenario.sides}
    side_of = {u.id: u.side for u in game.state.units.values()}

    def both_marched() -> bool:
        return len({side_of[o.unit] for o in game.orders if isinstance(o, Move)}) == 2

    while game.state.turn <= turns and not game.state.ended and not both_marched():
        for order in cs[game.active_side].orders_for_phase(game.seat(game.active_side)):
            if game.check(order) is None:
                game.apply(order)
        game.apply(PhaseEnd())
    assert any(isinstance(o, Move) for o in game.orders)
    return make_save(game, str(MINIMAL)), game.state_hash()


def open_watch(app, scenario, save) -> Watch:
    watch = Watch.of_save(app, save, scenario, MINIMAL)
    app.push(watch)
    step(app)
    return watch


def test_the_whole_save_plays_back_to_its_own_end(app, minimal_scenario):
    save, final = played_save(minimal_scenario)
    watch = open_watch(app, minimal_scenario, save)
    key(app, pygame.K_RIGHTBRACKET)
    key(app, pygame.K_RIGHTBRACKET)  # instant
    assert watch.playback.speed_name == "instant"
    assert run_until(app, lambda: watch.playback.finished, 20000)
    assert watch.playback.problem is None
    assert watch.playback.game.state_hash() == final == save.state_hash
    assert "the end" in watch.status.text()


def test_marches_are_animated_and_both_sides_shown(app, minimal_scenario):
    save, _ = played_save(minimal_scenario)
    watch = open_watch(app, minimal_scenario, save)
    assert not watch.session.fog  # a replay hides nothing
    seen_moving: set[str] = set()
    sides = {u.id: u.side for u in watch.playback.game.state.units.values()}

    def note() -> bool:
        seen_moving.update(a.unit for a in watch.animator.anims)
        return len({sides[u] for u in seen_moving}) == 2

    assert run_until(app, note, 20000)
    assert watch.animator.seconds_per_hex == SPEEDS[1][1]


def test_pause_stops_and_n_plays_one_order(app, minimal_scenario):
    save, _ = played_save(minimal_scenario)
    watch = open_watch(app, minimal_scenario, save)
    key(app, pygame.K_SPACE)
    assert watch.playback.paused
    at = watch.playback.position
    step(app, 40)
    assert watch.playback.position == at
    key(app, pygame.K_n)
    assert watch.playback.position == at + 1
    key(app, pygame.K_LEFTBRACKET)
    assert watch.playback.speed_name == "slow" and watch.animator.seconds_per_hex == 0.22
    assert "paused" in watch.status.text() or "speed" in watch.status.text()


def test_a_replay_gives_no_orders_and_writes_no_autosave(app, minimal_scenario, data_dir):
    save, _ = played_save(minimal_scenario)
    watch = open_watch(app, minimal_scenario, save)
    own = next(iter(watch.playback.game.state.units))
    assert not watch.give(Move(own, (0, 0)))
    step(app, 20)
    assert not (data_dir / "saves").exists() or not any((data_dir / "saves").iterdir())


def test_an_edited_save_stops_with_a_reason(app, minimal_scenario):
    save, _ = played_save(minimal_scenario)
    broken = dataclasses.replace(save, orders=save.orders[:3] + [Move("nobody", (0, 0))])
    watch = open_watch(app, minimal_scenario, broken)
    key(app, pygame.K_RIGHTBRACKET)
    key(app, pygame.K_RIGHTBRACKET)
    assert run_until(app, lambda: watch.playback.finished, 2000)
    assert watch.playback.position == 4 and "order 4 of the save is refused" in watch.status.text()


def test_the_watch_command_refuses_a_broken_file_in_one_line(tmp_path, capsys):
    from siege.cli import main

    bad = tmp_path / "bad.json"
    bad.write_text("{ cut short", encoding="utf-8")
    assert main(["watch", str(bad)]) != 0
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "bad.json" in err[0]


def test_run_watch_opens_a_save_file(tmp_path, minimal_scenario, monkeypatch):
    from siege.ui import app as app_module

    save, _ = played_save(minimal_scenario, turns=1)
    path = tmp_path / "game.json"
    write_save(path, save)
    monkeypatch.setenv("SIEGE_EXIT_AFTER_FIRST_FRAME", "1")
    assert app_module.run_watch(path) == 0
