"""The ground: terrain rows and legend, positions on the map, walls and gates, roads, exits, ice."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from siege.engine.hexes import DIRECTIONS, Hex, direction_number, edge_key
from siege.scenario.checks.context import Context, check, strict
from siege.scenario.load import KeyPath
from siege.scenario.problems import Problem
from siege.scenario.schema import (
    Effect,
    Exit,
    Gate,
    HexWork,
    Objective,
    Reinforce,
    Scenario,
    SetTerrain,
    StandingOrder,
    UnitInArea,
)


@check
def terrain_rows(ctx: Context) -> Iterator[Problem]:
    m = ctx.s.map
    rows = ctx.rows
    key = ("map", "terrain")
    if len(rows) != m.height:
        yield ctx.problem(key, f"{len(rows)} rows of terrain, but map.height is {m.height}")
    first_line = _terrain_first_line(ctx)
    for row, line in enumerate(rows):
        where = _row_position(ctx, first_line, row)
        if len(line) != m.width:
            yield ctx.problem(
                key, f"row {row} has {len(line)} codes, but map.width is {m.width}", line_col=where
            )
        for col, code in enumerate(line):
            if code not in ctx.terrain:
                known = "".join(sorted(ctx.terrain))
                yield ctx.problem(
                    key,
                    f"unknown terrain code {code!r} at [{col}, {row}] (the legend has {known!r})",
                    line_col=(where[0], where[1] + col) if where else None,
                )
                break


def _terrain_first_line(ctx: Context) -> int | None:
    """The file line of the first terrain row, when the rows are a block scalar (`|`)."""
    line, _ = ctx.doc.where(("map", "terrain"))
    lines = ctx.doc.text_at(("map", "terrain")).split("\n")
    for i in range(line - 1, min(line + 3, len(lines))):
        if lines[i].split(" #")[0].rstrip().endswith(("|", "|-", "|+")):  # `|  # comment` too
            j = i + 1
            while j < len(lines) and not lines[j].strip():
                j += 1
            return j + 1
    return None


def _row_position(ctx: Context, first_line: int | None, row: int) -> tuple[int, int] | None:
    if first_line is None:
        return None
    lines = ctx.doc.text_at(("map", "terrain")).split("\n")
    index = first_line - 1 + row
    if index >= len(lines):
        return None
    text = lines[index]
    return (index + 1, len(text) - len(text.lstrip()) + 1)


def _positions(ctx: Context) -> Iterator[tuple[KeyPath, tuple[int, int]]]:
    """Every map position the scenario names, with its key path."""
    m = ctx.s.map
    for i, gate in enumerate(m.gates):
        yield ("map", "gates", i, "at"), gate.at
    for i, enc in enumerate(m.enclosures):
        for j, section in enumerate(enc.sections):
            yield ("map", "enclosures", i, "sections", j, "at"), section.at
    for name, attr in (
        ("works", "hexes"),
        ("ice", "hexes"),
        ("roads", "path"),
        ("exits", "hexes"),
        ("camps", "hexes"),
    ):
        for i, item in enumerate(getattr(m, name)):
            for j, pos in enumerate(getattr(item, attr)):
                yield ("map", name, i, attr, j), pos
    for i, label in enumerate(m.labels):
        yield ("map", "labels", i, "at"), label.at
    for i, obj in enumerate(ctx.s.objectives):
        for j, pos in enumerate(obj.hexes):
            yield ("objectives", i, "hexes", j), pos
    for i, unit in enumerate(ctx.s.units):
        yield ("units", i, "at"), unit.at
    labelled: list[tuple[KeyPath, Sequence[Gate | HexWork | Exit | Objective]]] = [
        (("map", "gates"), m.gates),
        (("map", "works"), m.works),
        (("map", "exits"), m.exits),
        (("objectives",), ctx.s.objectives),
    ]
    for where, entries in labelled:
        for i, entry in enumerate(entries):
            if entry.label.at is not None:
                yield (*where, i, "label", "at"), entry.label.at
    for i, event in enumerate(ctx.s.events):
        yield from _event_positions(("events", i), event.trigger.unit_in_area, event.effects)


def _event_positions(
    key: KeyPath, area: UnitInArea | None, effects: Sequence[Effect]
) -> Iterator[tuple[KeyPath, tuple[int, int]]]:
    """The hexes an event's trigger and effects name."""
    if area is not None:
        for j, pos in enumerate(area.hexes):
            yield key + ("trigger", "unit_in_area", "hexes", j), pos
    for j, effect in enumerate(effects):
        ekey = key + ("effects", j)
        if isinstance(effect, Reinforce) and effect.at is not None:
            yield ekey + ("at",), effect.at
        elif isinstance(effect, SetTerrain):
            for k, pos in enumerate(effect.hexes):
                yield ekey + ("hexes", k), pos
        elif isinstance(effect, StandingOrder):
            for name, hexes in (("area", effect.area), ("to", effect.to)):
                for k, pos in enumerate(hexes or ()):
                    yield ekey + (name, k), pos


@check
def positions_on_map(ctx: Context) -> Iterator[Problem]:
    m = ctx.s.map
    for key, pos in _positions(ctx):
        if not ctx.on_map(pos):
            yield ctx.problem(
                key,
                f"[{pos[0]}, {pos[1]}] is off the map (columns 0..{m.width - 1}, "
                f"rows 0..{m.height - 1})",
            )


def wall_edges(scenario: Scenario, rows: list[str]) -> dict[tuple[Hex, Hex], str]:
    """Every hex edge with a wall on it -> the enclosure's id (the taller wall where two meet)."""
    edges: dict[tuple[Hex, Hex], str] = {}
    heights: dict[tuple[Hex, Hex], float] = {}
    for enclosure in scenario.map.enclosures:
        inside = set(enclosure.around)
        for row, line in enumerate(rows):
            for col, code in enumerate(line):
                if code not in inside:
                    continue
                here = Hex.from_offset(col, row)
                for nb in here.neighbours():
                    ncol, nrow = nb.offset
                    ncode = (
                        rows[nrow][ncol]
                        if 0 <= nrow < len(rows) and 0 <= ncol < len(rows[nrow])
                        else None
                    )
                    if ncode in inside:
                        continue
                    key = edge_key(here, nb)
                    if enclosure.height_m > heights.get(key, -1.0):
                        edges[key], heights[key] = enclosure.id, enclosure.height_m
    return edges


def _edge(at: tuple[int, int], side: str) -> tuple[Hex, Hex]:
    here = Hex.from_offset(*at)
    return edge_key(here, here.neighbour(direction_number(side)))


@check
def gates_on_walls(ctx: Context) -> Iterator[Problem]:
    walls = wall_edges(ctx.s, ctx.rows)
    for i, gate in enumerate(ctx.s.map.gates):
        if ctx.on_map(gate.at) and _edge(gate.at, gate.side) not in walls:
            yield ctx.problem(
                ("map", "gates", i, "side"),
                f"gate {gate.id!r}: the {gate.side} edge of [{gate.at[0]}, "
                f"{gate.at[1]}] is not on any wall{_wall_hint(walls, gate.at)}",
            )
    for i, enc in enumerate(ctx.s.map.enclosures):
        for j, section in enumerate(enc.sections):
            edge = _edge(section.at, section.side)
            if ctx.on_map(section.at) and walls.get(edge) != enc.id:
                yield ctx.problem(
                    ("map", "enclosures", i, "sections", j, "side"),
                    f"the {section.side} edge of [{section.at[0]}, {section.at[1]}] "
                    f"is not on the wall of {enc.id!r}",
                )


def _wall_hint(walls: dict[tuple[Hex, Hex], str], at: tuple[int, int]) -> str:
    here = Hex.from_offset(*at)
    sides = [DIRECTIONS[d] for d in range(6) if edge_key(here, here.neighbour(d)) in walls]
    if sides:
        return f" (this hex has walls on its {', '.join(sides)} edges)"
    return " (this hex has no wall edges)"


@check
def roads_connected(ctx: Context) -> Iterator[Problem]:
    for i, road in enumerate(ctx.s.map.roads):
        for j in range(1, len(road.path)):
            a, b = Hex.from_offset(*road.path[j - 1]), Hex.from_offset(*road.path[j])
            if a.distance(b) != 1:
                yield ctx.problem(
                    ("map", "roads", i, "path", j),
                    f"road {road.id!r}: [{road.path[j][0]}, {road.path[j][1]}] is not "
                    f"next to [{road.path[j - 1][0]}, {road.path[j - 1][1]}]",
                )


@check
def exits_on_edge(ctx: Context) -> Iterator[Problem]:
    m = ctx.s.map
    for i, exit_ in enumerate(m.exits):
        for j, (col, row) in enumerate(exit_.hexes):
            if (
                ctx.on_map((col, row))
                and col not in (0, m.width - 1)
                and row not in (0, m.height - 1)
            ):
                yield ctx.problem(
                    ("map", "exits", i, "hexes", j),
                    f"exit {exit_.id!r}: [{col}, {row}] is not on the map edge",
                )


@check
def ice_on_water(ctx: Context) -> Iterator[Problem]:
    for i, patch in enumerate(ctx.s.map.ice):
        for j, pos in enumerate(patch.hexes):
            code = ctx.code_at(pos)
            if code in ctx.terrain and not ctx.terrain[code].water:
                yield ctx.problem(
                    ("map", "ice", i, "hexes", j),
                    f"[{pos[0]}, {pos[1]}] is {ctx.terrain[code].name}, not water",
                )
    for i, terrain in enumerate(ctx.s.map.terrain_types):
        if terrain.water and terrain.ice_cm is None:
            yield ctx.problem(
                ("map", "terrain_types", i),
                f"water terrain {terrain.id!r} needs ice_cm (0 for open water)",
            )


@strict("ice_on_dry_land")
def ice_only_on_water(ctx: Context) -> Iterator[Problem]:
    for i, terrain in enumerate(ctx.s.map.terrain_types):
        if terrain.ice_cm is not None and not terrain.water:
            yield ctx.warning(
                "ice_on_dry_land",
                ("map", "terrain_types", i, "ice_cm"),
                f"terrain {terrain.id!r} has ice_cm but is not water: the ice is "
                "ignored (add `water: true`?)",
            )
