"""Hex <-> pixel: every hex centre maps back to its hex, and neighbours share edge corners."""

from siege.engine.hexes import Hex
from siege.ui.layout import Layout


def test_centres_round_trip():
    for size in (8.0, 14.0, 18.0, 31.5):
        layout = Layout(size)
        for row in range(12):
            for col in range(12):
                h = Hex.from_offset(col, row)
                x, y = layout.centre(h)
                assert layout.hex_at(x, y) == h
                assert layout.hex_at(x + size * 0.6, y) == h


def test_odd_rows_shift_right():
    layout = Layout(10.0)
    x0, _ = layout.centre_of(0, 0)
    x1, _ = layout.centre_of(0, 1)
    assert x1 > x0


def test_neighbours_share_their_edge():
    layout = Layout(16.0)
    h = Hex.from_offset(5, 5)
    for n in h.neighbours():
        a = sorted((round(x, 6), round(y, 6)) for x, y in layout.edge(h, n))
        b = sorted((round(x, 6), round(y, 6)) for x, y in layout.edge(n, h))
        assert a == b
