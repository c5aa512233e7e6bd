"""Screenshots, checked by pixel: the map is drawn where the map data says it is."""

from __future__ import annotations

import pygame

from siege.engine.hexes import Hex
from siege.ui import palette as P
from siege.ui.render.board import Board, Highlights
from siege.ui.session import Session

from .conftest import MINIMAL, REPO


def dist(a, b) -> float:
    return sum((x - y) ** 2 for x, y in zip(a[:3], b[:3], strict=True)) ** 0.5


def mean(screen, x, y, r=3):
    pts = [
        screen.get_at((int(x) + dx, int(y) + dy))
        for dx in range(-r, r + 1)
        for dy in range(-r, r + 1)
    ]
    return tuple(sum(p[i] for p in pts) / len(pts) for i in range(3))


def board_shot(app, scenario, night_ok=True):
    session = Session.new(scenario, MINIMAL, "hotseat", None, fog=False)
    board = Board(session, pygame.Rect(0, 0, *app.size))
    board.fit()
    board.daylight = True  # the minimal scenario opens ten minutes before sunrise
    board.draw(app.screen, Highlights(), 0.0)
    return session, board, app.screen


def test_frame_is_not_blank(app, minimal_scenario):
    _, _, screen = board_shot(app, minimal_scenario)
    arr = pygame.surfarray.array3d(screen)
    assert arr.std() > 20
    colours = {tuple(c) for c in arr[::7, ::7].reshape(-1, 3)}
    assert len(colours) > 60


def test_walls_and_gates_drawn_on_their_edges(app, minimal_scenario):
    session, board, screen = board_shot(app, minimal_scenario)
    m = session.game.state.map
    gate_edges = set(m.gate_at_edge)
    checked = 0
    for a, b in m.walls:
        if (a, b) in gate_edges:
            continue
        p, q = board.layout.edge(a, b)
        x = p[0] + (q[0] - p[0]) * 0.38
        y = p[1] + (q[1] - p[1]) * 0.38
        sx, sy = board.map_to_screen(x, y)
        colour = screen.get_at((int(sx), int(sy)))
        assert sum(colour[:3]) < 380, (a, b, colour)  # dark ink of the wall, not paper
        checked += 1
    assert checked > 10
    for gid, gate in m.gates.items():
        p, q = board.layout.edge(*gate.edge)
        x = p[0] + (q[0] - p[0]) * 0.35
        y = p[1] + (q[1] - p[1]) * 0.35
        colour = screen.get_at(tuple(int(v) for v in board.map_to_screen(x, y)))
        expected = {"barred": P.GATE_BARRED, "closed": P.GATE_CLOSED}[gate.state]
        assert dist(colour, expected) < 60, (gid, colour, expected)


def test_fort_river_and_counters(app, minimal_scenario):
    session, board, screen = board_shot(app, minimal_scenario)
    s = session.game.state
    # the fort hex without a unit: reddish hatch over earth, unlike open ground
    fort = mean(screen, *board.hex_centre_on_screen(Hex.from_offset(2, 4)))
    open_ground = mean(screen, *board.hex_centre_on_screen(Hex.from_offset(10, 5)))
    assert (fort[0] - fort[2]) > (open_ground[0] - open_ground[2]) + 15, (fort, open_ground)
    # the frozen river: pale blue ice
    river = mean(screen, *board.hex_centre_on_screen(Hex.from_offset(10, 6)))
    assert river[2] > river[0] + 10, river
    # counters in their nation's colour at their units' hexes
    colours = board.colours
    for u in s.units.values():
        if not u.on_map or len(s.units_at(u.hex)) > 1:
            continue
        cx, cy = board.hex_centre_on_screen(u.hex)
        size = board.counters.size
        sample = screen.get_at((int(cx - size * 0.36), int(cy + size * 0.1)))
        assert dist(sample, colours[u.nation]) < 45, (u.id, sample, colours[u.nation])


def test_night_is_darker(app, minimal_scenario):
    session, board, screen = board_shot(app, minimal_scenario)
    day = pygame.surfarray.array3d(screen).mean()
    night = board.painter.paint(board.layout, night=True)
    lit = board.painter.paint(board.layout, night=False)
    assert pygame.surfarray.array3d(night).mean() < pygame.surfarray.array3d(lit).mean() * 0.8
    assert day > 50


def test_preview_command_writes_png(tmp_path, capsys):
    from siege.cli import main

    out = tmp_path / "p.png"
    assert main(["preview", str(MINIMAL), "--out", str(out), "--size", "640x400"]) == 0
    img = pygame.image.load(str(out))
    assert img.get_size() == (640, 400)
    arr = pygame.surfarray.array3d(img)
    assert arr.std() > 20


def test_preview_of_broken_scenario_reports_problems(tmp_path, capsys):
    from siege.cli import main

    broken = REPO / "tests" / "scenario" / "broken" / "bad_id.yaml"
    assert main(["preview", str(broken), "--out", str(tmp_path / "x.png")]) == 1
    err = capsys.readouterr().err
    assert f"{broken}:" in err and ": error: " in err
    assert not (tmp_path / "x.png").exists()
