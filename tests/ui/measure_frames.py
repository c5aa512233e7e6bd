"""Battle-screen frame time, headless (dummy driver), 1280x800, the whole map and every unit on
screen: `python tests/ui/measure_frames.py [SCENARIO]`. A measurement, not a test."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ["SDL_VIDEODRIVER"] = "dummy"
os.environ["SDL_AUDIODRIVER"] = "dummy"
os.environ.setdefault("SIEGE_DATA_DIR", tempfile.mkdtemp(prefix="siege-frames-"))
REPO = Path(__file__).resolve().parent.parent.parent
sys.path.insert(0, str(REPO))

import pygame  # noqa: E402

from siege.scenario.validate import load_scenario  # noqa: E402
from siege.ui.app import App  # noqa: E402
from siege.ui.scenes.battle import Battle  # noqa: E402
from siege.ui.session import Session  # noqa: E402
from siege.ui.settings import Settings  # noqa: E402


def measure(app, battle, frames=300, move=True) -> tuple[float, float]:
    for _ in range(5):
        app.step(0.016)
    app.frame_times.clear()
    for i in range(frames):
        if move:  # the mouse wanders over the map: hover, tooltips, path previews
            x = 40 + (i * 7) % (battle.map_rect.w - 80)
            y = battle.map_rect.y + 40 + (i * 5) % (battle.map_rect.h - 80)
            pygame.event.post(pygame.event.Event(pygame.MOUSEMOTION, pos=(x, y), rel=(1, 1),
                                                 buttons=(0, 0, 0)))
        app.step(0.016)
    ft = sorted(app.frame_times)
    return ft[len(ft) // 2] * 1000, ft[int(len(ft) * 0.95)] * 1000


def main() -> None:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else REPO / "scenarios" / "pyongyang_1593.yaml"
    scenario = load_scenario(path)
    app = App(settings=Settings(animation="instant"), size=(1280, 800), headless=True)
    for fog in (False, True):
        session = Session.new(scenario, path, "hotseat", None, seed=1, fog=fog)
        battle = Battle(app, session)
        battle.handed_to = session.game.active_side
        app.push(battle)
        battle.board.fit()
        units = [u for u in session.game.state.units.values() if u.on_map]
        battle.selected = [units[0].id]
        battle.end_phase()  # movement: reachable hexes highlighted
        p50, p95 = measure(app, battle)
        night = "night" if session.game.state.is_night() else "day"
        print(f"{path.name}: {len(units)} units on screen, fit zoom, fog {'on' if fog else 'off'}, "
              f"{night}: p50 {p50:.2f} ms, p95 {p95:.2f} ms")
        battle.board.set_zoom(18.0)
        p50, p95 = measure(app, battle)
        print(f"  zoom 18: p50 {p50:.2f} ms, p95 {p95:.2f} ms")
        app.pop()


if __name__ == "__main__":
    main()
