"""The game's own labels for a scenario's gates, works, objectives and exits, drawn where the
author's `label:` puts them (moved to a hex, nudged, or hidden). One rule for the map (an exit's
name) and the preview (every entry's name), so both agree with the file."""

from __future__ import annotations

from collections.abc import Iterable

import pygame

from siege.engine.hexes import Hex, direction_number
from siege.scenario.schema import LabelPlacement, Scenario
from siege.ui import fonts
from siege.ui import palette as P
from siege.ui.layout import Layout

Point = tuple[float, float]
EXIT_NAMES_FROM = 10  # hex size (pixels) from which the painted map names each exit


def placed(layout: Layout, default: Point, label: LabelPlacement) -> Point | None:
    """Where a game's label is centred in map pixels: `default` (where the game would put it)
    or the hex the author named, then nudged by the author's offset; None when hidden."""
    if label.hide:
        return None
    x, y = layout.centre_of(*label.at) if label.at is not None else default
    right, down = label.offset
    return x + right * layout.hex_width, y + down * 1.5 * layout.size


def moved(label: LabelPlacement) -> bool:
    """Did the author place this label (so the game must not nudge it elsewhere)?"""
    return label.at is not None or label.offset != (0.0, 0.0)


def centre_of_hexes(layout: Layout, positions: Iterable[tuple[int, int]]) -> Point:
    points = [layout.centre_of(c, r) for c, r in positions]
    return sum(x for x, _ in points) / len(points), sum(y for _, y in points) / len(points)


def draw_entry_names(
    screen: pygame.Surface, layout: Layout, to_screen, scenario: Scenario
) -> dict[tuple[str, str], pygame.Rect]:
    """For authors (the preview): name the gates, works, exits and objectives where they are
    on the map (an objective on a gate shares the gate's label). Labels the game placed are
    nudged down off those already drawn; those the author placed stay where they were put.
    `to_screen` turns map pixels into the screen's. Returns where each went, by (kind, id)."""
    font = fonts.bold(11)
    taken: list[pygame.Rect] = []
    drawn: dict[tuple[str, str], pygame.Rect] = {}

    def tag(entry: tuple[str, str], text: str, default: Point, label: LabelPlacement, ink) -> None:
        where = placed(layout, default, label)
        if where is None:
            return
        image = fonts.halo_text(font, text, ink, P.PAPER)
        x, y = to_screen(*where)
        rect = image.get_rect(center=(int(x), int(y)))
        for _ in range(0 if moved(label) else 6):
            if rect.collidelist(taken) < 0:
                break
            rect.move_ip(0, rect.height)
        taken.append(rect)
        drawn[entry] = rect
        screen.blit(image, rect)

    def points(obj) -> str:
        return "\u2691 " + "/".join(f"{v:g}" for v in obj.points.values())

    on_gates = {}
    for obj in scenario.objectives:
        gate = next(
            (g for g in scenario.map.gates if [list(g.at)] == [list(p) for p in obj.hexes]), None
        )
        if gate is not None:
            on_gates[gate.id] = obj
    for gate in scenario.map.gates:
        here = Hex.from_offset(*gate.at)
        beyond = here.neighbour(direction_number(gate.side))
        (ax, ay), (bx, by) = layout.centre(here), layout.centre(beyond)
        x, y = (ax + bx) / 2, (ay + by) / 2
        on_it = on_gates.get(gate.id)
        extra = f" {points(on_it)}" if on_it else ""
        tag(
            ("gate", gate.id),
            f"{gate.name} [{gate.state}]{extra}",
            (x, y - 12),
            gate.label,
            P.WALL_STONE,
        )
    for obj in scenario.objectives:
        if obj not in on_gates.values():
            tag(
                ("objective", obj.id),
                f"{obj.name} {points(obj)}",
                centre_of_hexes(layout, obj.hexes),
                obj.label,
                P.FORT_HATCH,
            )
    for work in scenario.map.works:
        x, y = centre_of_hexes(layout, work.hexes)
        tag(("work", work.id), work.name, (x, y + 14), work.label, P.WALL_EARTH)
    if layout.size < EXIT_NAMES_FROM:  # from that size on, the map names its exits itself
        for ex in scenario.map.exits:
            tag(
                ("exit", ex.id),
                f"\u2192 {ex.name}",
                centre_of_hexes(layout, ex.hexes),
                ex.label,
                P.ROAD,
            )
    return drawn
