"""Measurements of the window, for benchmarks/run.py: frame time and a whole game's memory.
Headless (dummy video driver); nothing here is used by the game itself."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("SIEGE_DATA_DIR", tempfile.mkdtemp(prefix="siege-bench-"))


def _battle(scenario_path: str | Path, mode: str = "hotseat"):
    from siege.scenario.validate import load_scenario
    from siege.ui.app import App
    from siege.ui.scenes.battle import Battle
    from siege.ui.session import Session
    from siege.ui.settings import Settings

    scenario = load_scenario(scenario_path)
    # SIEGE_BENCH_REAL=1: a real window (benchmarks/run.py sets it under Xvfb)
    real = os.environ.get("SIEGE_BENCH_REAL") == "1"
    app = App(
        settings=Settings(animation="instant", brief_at_start=False, show_recap=False),
        size=(1280, 800),
        headless=not real,
    )
    session = Session.new(scenario, scenario_path, mode, None, seed=1, fog=False)
    battle = Battle(app, session)
    battle.handed_to = session.game.active_side
    app.push(battle)
    battle.board.fit()
    return app, battle, session


def frame_times(scenario_path: str | Path, frames: int = 300) -> list[float]:
    """Seconds per battle-screen frame at 1280x800 with the whole map and every unit on screen,
    a unit selected (reachable hexes shown) and the mouse moving over the map."""
    import pygame

    app, battle, session = _battle(scenario_path)
    units = [u for u in session.game.state.units.values() if u.on_map]
    battle.selected = [units[0].id]
    battle.end_phase()  # the movement phase: reachable hexes highlighted
    for _ in range(5):
        app.step(0.016)
    app.frame_times.clear()
    times = []
    for i in range(frames):
        x = 40 + (i * 7) % (battle.map_rect.w - 80)
        y = battle.map_rect.y + 40 + (i * 5) % (battle.map_rect.h - 80)
        pygame.event.post(
            pygame.event.Event(pygame.MOUSEMOTION, pos=(x, y), rel=(1, 1), buttons=(0, 0, 0))
        )
        app.step(0.016)
        times.append(app.frame_times[-1])
    return times


def full_game(scenario_path: str | Path) -> None:
    """A whole battle on the battle screen, the computer playing both sides, a frame drawn
    after every phase (for the peak memory of a real game)."""
    from siege.engine.orders import PhaseEnd

    app, battle, session = _battle(scenario_path)
    game = session.game
    while not game.state.ended:
        commander = session.commander(game.active_side)
        seat = session.active_seat
        for order in commander.orders_for_phase(seat.snapshot()):
            if seat.check(order) is None:
                session.submit(order)
        session.submit(PhaseEnd())
        app.step(0.016)


def zoom_times(scenario_path: str | Path, sweeps: int = 3) -> list[float]:
    """Seconds per frame while zooming in and out through every level, each level painted
    afresh (its cached map dropped), with the new zoom painted in the background as in a real
    window: the frame right after each zoom step and the frames while its map is painted."""
    import time

    import pygame

    from siege.ui.render.board import ZOOMS

    app, battle, session = _battle(scenario_path)
    board = battle.board
    board.background_paint = True
    board.set_zoom(ZOOMS[0])
    app.step(0.016)
    times = []
    for _ in range(sweeps):
        for steps in [1] * (len(ZOOMS) - 1) + [-1] * (len(ZOOMS) - 1):
            keep = (board.size, False), (board.size, True)
            board._static = {k: v for k, v in board._static.items() if k in keep}
            x, y = board.viewport.center
            pygame.event.post(pygame.event.Event(pygame.MOUSEWHEEL, x=0, y=steps, flipped=False))
            pygame.event.post(
                pygame.event.Event(pygame.MOUSEMOTION, pos=(x, y), rel=(1, 1), buttons=(0, 0, 0))
            )
            app.step(0.016)
            times.append(app.frame_times[-1])
            while board._painting:
                time.sleep(0.004)
                app.step(0.016)
                times.append(app.frame_times[-1])
    return times
