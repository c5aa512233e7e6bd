"""Cross-reference checks on a typed scenario: one small function per rule, all run, all reported.

Each check takes a `Context` and yields problems. `run_all` gives errors; `run_strict` adds the
warnings an author wants before sharing a scenario (`validate --strict`).
"""

from __future__ import annotations

import difflib
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

from pydantic import ValidationError

from siege.engine.hexes import DIRECTIONS, Hex, direction_number, edge_key
from siege.scenario.limits import MAX_BATTLE_DAYS, MAX_TURNS
from siege.scenario.load import Document
from siege.scenario.problems import Problem
from siege.scenario.schema import (
    Effect,
    Exit,
    Gate,
    HexWork,
    LeaderFate,
    Objective,
    Reinforce,
    RemoveUnits,
    Rules,
    Scenario,
    SetIntent,
    SetRule,
    SetTerrain,
    SetWeapons,
    StandingOrder,
)


class Context:
    """The scenario, where it came from, and lookups every check needs."""

    def __init__(self, scenario: Scenario, doc: Document) -> None:
        self.s = scenario
        self.doc = doc
        self.sides = {side.id: side for side in scenario.sides}
        self.nations = {n.id: side.id for side in scenario.sides for n in side.nations}
        self.types = {t.id: t for t in scenario.unit_types}
        self.weapons = {w.id: w for w in scenario.weapons}
        self.leaders = {lead.id: lead for lead in scenario.leaders}
        self.units = {u.id: u for u in scenario.units}
        self.gates = {g.id: g for g in scenario.map.gates}
        self.objectives = {o.id: o for o in scenario.objectives}
        self.terrain = {t.code: t for t in scenario.map.terrain_types}
        self.rows = scenario.map.rows()
        self.wall_edges = _wall_edges(scenario, self.rows)

    def problem(
        self,
        keypath: tuple,
        message: str,
        severity: str = "error",
        line_col: tuple[int, int] | None = None,
    ) -> Problem:
        line, col = line_col or self.doc.where(keypath)
        where = self.doc.describe(keypath)
        text = f"{where}: {message}" if where else message
        text = " ".join(text.split())  # names may hold line breaks (`name: |`); one line each
        return Problem(self.doc.file_at(keypath), line, col, text, keypath, severity)

    def code_at(self, pos: tuple[int, int]) -> str | None:
        col, row = pos
        if 0 <= row < len(self.rows) and 0 <= col < len(self.rows[row]):
            return self.rows[row][col]
        return None

    def on_map(self, pos: tuple[int, int]) -> bool:
        col, row = pos
        return 0 <= col < self.s.map.width and 0 <= row < self.s.map.height

    def unknown(self, keypath: tuple, what: str, name: str, known: Iterable[str]) -> Problem:
        hint = difflib.get_close_matches(name, list(known), n=1, cutoff=0.6)
        tail = f" (did you mean {hint[0]!r}?)" if hint else ""
        return self.problem(keypath, f"unknown {what} {name!r}{tail}")


def _wall_edges(scenario: Scenario, rows: list[str]) -> dict[tuple[Hex, Hex], str]:
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


Check = Callable[[Context], Iterator[Problem]]
CHECKS: list[Check] = []
STRICT: list[Check] = []


def check(fn: Check) -> Check:
    CHECKS.append(fn)
    return fn


def strict(fn: Check) -> Check:
    STRICT.append(fn)
    return fn


def run_all(scenario: Scenario, doc: Document) -> list[Problem]:
    ctx = Context(scenario, doc)
    return [p for fn in CHECKS for p in fn(ctx)]


def run_strict(scenario: Scenario, doc: Document) -> list[Problem]:
    ctx = Context(scenario, doc)
    return [p for fn in STRICT for p in fn(ctx)]


# --------------------------------------------------------------------------- ids


def _duplicates(ctx: Context, section: tuple, items: list, attr: str = "id") -> Iterator[Problem]:
    first: dict[str, int] = {}
    for i, item in enumerate(items):
        value = getattr(item, attr)
        if value in first:
            line = ctx.doc.where(section + (first[value], attr))[0]
            where = ctx.doc.file_at(section + (first[value], attr))
            here = "" if where == ctx.doc.file_at(section + (i, attr)) else f"{where} "
            yield ctx.problem(
                section + (i, attr), f"duplicate {attr} {value!r} (first used at {here}line {line})"
            )
        else:
            first[value] = i


@check
def unique_ids(ctx: Context) -> Iterator[Problem]:
    s = ctx.s
    yield from _duplicates(ctx, ("map", "terrain_types"), s.map.terrain_types)
    yield from _duplicates(ctx, ("map", "terrain_types"), s.map.terrain_types, "code")
    for name in ("enclosures", "gates", "works", "roads", "exits", "camps"):
        yield from _duplicates(ctx, ("map", name), getattr(s.map, name))
    for name in ("sides", "objectives", "weapons", "unit_types", "leaders", "units", "events"):
        yield from _duplicates(ctx, (name,), getattr(s, name))
    seen: dict[str, tuple] = {}
    for i, side in enumerate(s.sides):
        for j, nation in enumerate(side.nations):
            key = ("sides", i, "nations", j, "id")
            if nation.id in seen:
                yield ctx.problem(key, f"duplicate nation id {nation.id!r}")
            seen[nation.id] = key


# --------------------------------------------------------------------------- the map


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


@check
def terrain_codes_in_use(ctx: Context) -> Iterator[Problem]:
    for i, enclosure in enumerate(ctx.s.map.enclosures):
        for j, code in enumerate(enclosure.around):
            if code not in ctx.terrain:
                yield ctx.unknown(
                    ("map", "enclosures", i, "around", j), "terrain code", code, ctx.terrain
                )


def _positions(ctx: Context) -> Iterator[tuple[tuple, tuple[int, int]]]:
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
    labelled: list[tuple[tuple[str, ...], Sequence[Gate | HexWork | Exit | Objective]]] = [
        (("map", "gates"), m.gates),
        (("map", "works"), m.works),
        (("map", "exits"), m.exits),
        (("objectives",), ctx.s.objectives),
    ]
    for where, entries in labelled:
        for i, entry in enumerate(entries):
            if entry.label.at is not None:
                yield (*where, i, "label", "at"), entry.label.at


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


def _edge(at: tuple[int, int], side: str) -> tuple[Hex, Hex]:
    here = Hex.from_offset(*at)
    return edge_key(here, here.neighbour(direction_number(side)))


@check
def gates_on_walls(ctx: Context) -> Iterator[Problem]:
    for i, gate in enumerate(ctx.s.map.gates):
        if ctx.on_map(gate.at) and _edge(gate.at, gate.side) not in ctx.wall_edges:
            yield ctx.problem(
                ("map", "gates", i, "side"),
                f"gate {gate.id!r}: the {gate.side} edge of [{gate.at[0]}, "
                f"{gate.at[1]}] is not on any wall{_wall_hint(ctx, gate.at)}",
            )
    for i, enc in enumerate(ctx.s.map.enclosures):
        for j, section in enumerate(enc.sections):
            edge = _edge(section.at, section.side)
            if ctx.on_map(section.at) and ctx.wall_edges.get(edge) != enc.id:
                yield ctx.problem(
                    ("map", "enclosures", i, "sections", j, "side"),
                    f"the {section.side} edge of [{section.at[0]}, {section.at[1]}] "
                    f"is not on the wall of {enc.id!r}",
                )


def _wall_hint(ctx: Context, at: tuple[int, int]) -> str:
    here = Hex.from_offset(*at)
    sides = [DIRECTIONS[d] for d in range(6) if edge_key(here, here.neighbour(d)) in ctx.wall_edges]
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
        for j, side in enumerate(exit_.sides):
            if side not in ctx.sides:
                yield ctx.unknown(("map", "exits", i, "sides", j), "side", side, ctx.sides)


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


@check
def camps_sides(ctx: Context) -> Iterator[Problem]:
    for i, camp in enumerate(ctx.s.map.camps):
        if camp.side not in ctx.sides:
            yield ctx.unknown(("map", "camps", i, "side"), "side", camp.side, ctx.sides)


# --------------------------------------------------------------------------- forces


@check
def unit_references(ctx: Context) -> Iterator[Problem]:
    for i, unit in enumerate(ctx.s.units):
        if unit.type not in ctx.types:
            yield ctx.unknown(("units", i, "type"), "unit type", unit.type, ctx.types)
        if unit.side not in ctx.sides:
            yield ctx.unknown(("units", i, "side"), "side", unit.side, ctx.sides)
            continue
        side = ctx.sides[unit.side]
        if unit.nation is not None and ctx.nations.get(unit.nation) != unit.side:
            yield ctx.unknown(
                ("units", i, "nation"),
                f"nation of side {unit.side!r}",
                unit.nation,
                [n.id for n in side.nations],
            )
        if unit.nation is None and len(side.nations) > 1:
            yield ctx.problem(
                ("units", i),
                f"unit {unit.id!r} needs a `nation:` (side {unit.side!r} has {len(side.nations)})",
            )
        if unit.leader is not None:
            leader = ctx.leaders.get(unit.leader)
            if leader is None:
                yield ctx.unknown(("units", i, "leader"), "leader", unit.leader, ctx.leaders)
            elif leader.side != unit.side:
                yield ctx.problem(
                    ("units", i, "leader"),
                    f"leader {leader.id!r} is on side {leader.side!r}, the unit on {unit.side!r}",
                )


@check
def unit_ground(ctx: Context) -> Iterator[Problem]:
    for i, unit in enumerate(ctx.s.units):
        code = ctx.code_at(unit.at)
        terrain = ctx.terrain.get(code) if code else None
        utype = ctx.types.get(unit.type)
        if terrain is None or utype is None:
            continue
        cost = getattr(terrain.move_cost, utype.movement)
        if not terrain.passable or cost is None:
            yield ctx.problem(
                ("units", i, "at"),
                f"unit {unit.id!r} stands on {terrain.name} at "
                f"[{unit.at[0]}, {unit.at[1]}], which "
                f"{utype.movement} units cannot enter",
            )
        if unit.guns and not utype.weapons:
            yield ctx.problem(
                ("units", i, "guns"),
                f"unit {unit.id!r} has guns but its type {utype.id!r} has no weapons",
            )


def _first_units(ctx: Context) -> Iterator[tuple[int, object]]:
    for i, unit in enumerate(ctx.s.units):
        if unit.entry_turn == 1:
            yield i, unit


@check
def one_side_per_hex(ctx: Context) -> Iterator[Problem]:
    holder: dict[tuple[int, int], tuple[str, int]] = {}
    for i, unit in _first_units(ctx):
        if unit.at in holder and holder[unit.at][0] != unit.side:
            other = ctx.s.units[holder[unit.at][1]]
            yield ctx.problem(
                ("units", i, "at"),
                f"unit {unit.id!r} ({unit.side}) shares "
                f"[{unit.at[0]}, {unit.at[1]}] with {other.id!r} "
                f"({other.side}); one side per hex",
            )
        else:
            holder.setdefault(unit.at, (unit.side, i))


@check
def stacking(ctx: Context) -> Iterator[Problem]:
    limit = ctx.s.rules.stacking_limit
    men: Counter = Counter()
    last: dict[tuple, int] = {}
    for i, unit in _first_units(ctx):
        men[unit.at] += unit.strength
        last[unit.at] = i
    for pos in sorted(men):
        if men[pos] > limit:
            yield ctx.problem(
                ("units", last[pos], "at"),
                f"{men[pos]:,} men start at [{pos[0]}, {pos[1]}]; the stacking limit "
                f"is {limit:,} (rules.stacking_limit)",
            )


@check
def declared_totals(ctx: Context) -> Iterator[Problem]:
    men: Counter = Counter()
    guns: Counter = Counter()
    for unit in ctx.s.units:
        nation = unit.nation
        side = ctx.sides.get(unit.side)
        if nation is None and side is not None and len(side.nations) == 1:
            nation = side.nations[0].id
        men[nation] += unit.strength
        guns[nation] += unit.guns
    for i, side in enumerate(ctx.s.sides):
        for j, nation in enumerate(side.nations):
            key = ("sides", i, "nations", j)
            if nation.declared_strength is not None and men[nation.id] != nation.declared_strength:
                yield ctx.problem(
                    key + ("declared_strength",),
                    f"{nation.name}: units add up to {men[nation.id]:,} men, declared "
                    f"{nation.declared_strength:,}",
                )
            if nation.declared_guns is not None and guns[nation.id] != nation.declared_guns:
                yield ctx.problem(
                    key + ("declared_guns",),
                    f"{nation.name}: units add up to {guns[nation.id]:,} guns, declared "
                    f"{nation.declared_guns:,}",
                )


@check
def type_weapons(ctx: Context) -> Iterator[Problem]:
    for i, utype in enumerate(ctx.s.unit_types):
        for j, weapon in enumerate(utype.weapons):
            if weapon not in ctx.weapons:
                yield ctx.unknown(("unit_types", i, "weapons", j), "weapon", weapon, ctx.weapons)
    for i, weapon in enumerate(ctx.s.weapons):
        if weapon.effective_range > weapon.range:
            yield ctx.problem(
                ("weapons", i, "effective_range"),
                f"effective_range {weapon.effective_range} exceeds range {weapon.range}",
            )


@check
def leader_references(ctx: Context) -> Iterator[Problem]:
    for i, leader in enumerate(ctx.s.leaders):
        if leader.side not in ctx.sides:
            yield ctx.unknown(("leaders", i, "side"), "side", leader.side, ctx.sides)
        if leader.nation is not None and ctx.nations.get(leader.nation) != leader.side:
            yield ctx.unknown(
                ("leaders", i, "nation"),
                f"nation of side {leader.side!r}",
                leader.nation,
                [n for n, s in ctx.nations.items() if s == leader.side],
            )
        if leader.unit is not None:
            unit = ctx.units.get(leader.unit)
            if unit is None:
                yield ctx.unknown(("leaders", i, "unit"), "unit", leader.unit, ctx.units)
            elif unit.side != leader.side:
                yield ctx.problem(
                    ("leaders", i, "unit"),
                    f"leader {leader.id!r} ({leader.side}) is "
                    f"attached to {unit.id!r} ({unit.side})",
                )
    attached: dict[str, int] = {}
    for i, leader in enumerate(ctx.s.leaders):
        if leader.unit is not None and leader.unit in attached:
            other = ctx.s.leaders[attached[leader.unit]]
            yield ctx.problem(
                ("leaders", i, "unit"), f"unit {leader.unit!r} already carries leader {other.id!r}"
            )
        elif leader.unit is not None:
            attached[leader.unit] = i


# --------------------------------------------------------------------------- sides, objectives


@check
def side_references(ctx: Context) -> Iterator[Problem]:
    for i, obj in enumerate(ctx.s.objectives):
        if obj.holder is not None and obj.holder not in ctx.sides:
            yield ctx.unknown(("objectives", i, "holder"), "side", obj.holder, ctx.sides)
        for side in obj.points:
            if side not in ctx.sides:
                yield ctx.unknown(("objectives", i, "points", side), "side", side, ctx.sides)
    levels = Counter(v.level for v in ctx.s.victory.levels)
    for i, level in enumerate(ctx.s.victory.levels):
        if levels[level.level] > 1:
            yield ctx.problem(
                ("victory", "levels", i, "level"), f"level {level.level!r} given twice"
            )
    margins = {v.level: v.margin for v in ctx.s.victory.levels}
    if (
        "decisive" in margins
        and "marginal" in margins
        and margins["decisive"] <= margins["marginal"]
    ):
        index = [v.level for v in ctx.s.victory.levels].index("decisive")
        yield ctx.problem(
            ("victory", "levels", index, "margin"),
            "a decisive victory needs a larger margin than a marginal one",
        )
    history = ctx.s.history
    if history is not None:
        if history.winner is not None and history.winner not in ctx.sides:
            yield ctx.unknown(("history", "winner"), "side", history.winner, ctx.sides)
        for side in history.sides:
            if side not in ctx.sides:
                yield ctx.unknown(("history", "sides", side), "side", side, ctx.sides)


@check
def calendar_order(ctx: Context) -> Iterator[Problem]:
    cal = ctx.s.calendar
    if cal.end <= cal.start:
        yield ctx.problem(
            ("calendar", "end"), f"the battle ends ({cal.end}) before it starts ({cal.start})"
        )
    if cal.sunset <= cal.sunrise:
        yield ctx.problem(
            ("calendar", "sunset"), f"sunset {cal.sunset} is not after sunrise {cal.sunrise}"
        )
    if cal.end <= cal.start:
        return
    from datetime import datetime, timedelta

    from siege.engine.clock import Clock

    start, end = datetime.fromisoformat(cal.start), datetime.fromisoformat(cal.end)
    if end - start > timedelta(days=MAX_BATTLE_DAYS):
        yield ctx.problem(
            ("calendar", "end"),
            f"the battle lasts {(end - start).days} days; the limit is {MAX_BATTLE_DAYS}",
        )
        return
    turns = Clock.from_calendar(cal).last_turn()
    if turns > MAX_TURNS:
        yield ctx.problem(
            ("calendar", "end"),
            f"the calendar holds {turns:,} turns; the limit is "
            f"{MAX_TURNS:,} (longer turns or a shorter battle)",
        )


@check
def event_references(ctx: Context) -> Iterator[Problem]:
    for i, event in enumerate(ctx.s.events):
        key = ("events", i)
        trigger = event.trigger
        if (
            trigger.turn is None
            and trigger.at is None
            and not (
                trigger.gate_state
                or trigger.objective_held
                or trigger.side_losses_at_least
                or trigger.unit_in_area
            )
        ):
            yield ctx.problem(
                key + ("trigger",), f"event {event.id!r} has an empty trigger: it would never fire"
            )
        for gate in trigger.gate_state or {}:
            if gate not in ctx.gates:
                yield ctx.unknown(key + ("trigger", "gate_state", gate), "gate", gate, ctx.gates)
        for obj, side in (trigger.objective_held or {}).items():
            if obj not in ctx.objectives:
                yield ctx.unknown(
                    key + ("trigger", "objective_held", obj), "objective", obj, ctx.objectives
                )
            if side not in ctx.sides:
                yield ctx.unknown(key + ("trigger", "objective_held", obj), "side", side, ctx.sides)
        for side in trigger.side_losses_at_least or {}:
            if side not in ctx.sides:
                yield ctx.unknown(
                    key + ("trigger", "side_losses_at_least", side), "side", side, ctx.sides
                )
        for j, effect in enumerate(event.effects):
            ekey = key + ("effects", j)
            if effect.kind == "morale_boost" and effect.side not in ctx.sides:
                yield ctx.unknown(ekey + ("side",), "side", effect.side, ctx.sides)
            if effect.kind == "set_gate" and effect.gate not in ctx.gates:
                yield ctx.unknown(ekey + ("gate",), "gate", effect.gate, ctx.gates)
            if effect.kind in ("reinforce", "resupply"):
                for k, unit in enumerate(effect.units):
                    if unit not in ctx.units:
                        yield ctx.unknown(ekey + ("units", k), "unit", unit, ctx.units)
            if effect.kind == "resupply":
                if effect.side is not None and effect.side not in ctx.sides:
                    yield ctx.unknown(ekey + ("side",), "side", effect.side, ctx.sides)
                weapons = [w.id for w in ctx.s.weapons]
                if effect.weapon is not None and effect.weapon not in weapons:
                    yield ctx.unknown(ekey + ("weapon",), "weapon", effect.weapon, weapons)
            yield from _effect_problems(ctx, ekey, effect)
        if trigger.unit_in_area is not None:
            tkey = key + ("trigger", "unit_in_area")
            if trigger.unit_in_area.side not in ctx.sides:
                yield ctx.unknown(tkey + ("side",), "side", trigger.unit_in_area.side, ctx.sides)
            yield from _off_map(ctx, tkey + ("hexes",), trigger.unit_in_area.hexes)
        for k, side in enumerate(event.seen_by or ()):
            if side not in ctx.sides:
                yield ctx.unknown(key + ("seen_by", k), "side", side, ctx.sides)


def _off_map(
    ctx: Context, key: tuple[Any, ...], hexes: Iterable[tuple[int, int]]
) -> Iterator[Problem]:
    m = ctx.s.map
    for j, pos in enumerate(hexes):
        if not ctx.on_map(pos):
            yield ctx.problem(
                key + (j,),
                f"[{pos[0]}, {pos[1]}] is off the map (columns 0..{m.width - 1}, "
                f"rows 0..{m.height - 1})",
            )


def _effect_problems(ctx: Context, key: tuple[Any, ...], effect: Effect) -> Iterator[Problem]:
    """The references and values of the effects that change the field."""
    if isinstance(effect, (SetWeapons, StandingOrder, RemoveUnits)):
        for k, unit in enumerate(effect.units or ()):
            if unit not in ctx.units:
                yield ctx.unknown(key + ("units", k), "unit", unit, ctx.units)
    side = effect.side if isinstance(effect, (SetIntent, StandingOrder)) else None
    if side is not None and side not in ctx.sides:
        yield ctx.unknown(key + ("side",), "side", side, ctx.sides)
    if isinstance(effect, Reinforce) and effect.at is not None:
        yield from _off_map(ctx, key, [effect.at])
    elif isinstance(effect, SetRule):
        yield from _rule_problems(ctx, key, effect.rule, effect.value)
    elif isinstance(effect, SetTerrain):
        ids = {t.id: t for t in ctx.s.map.terrain_types}
        if effect.terrain not in ids:
            yield ctx.unknown(key + ("terrain",), "terrain type", effect.terrain, ids)
        yield from _off_map(ctx, key + ("hexes",), effect.hexes)
    elif isinstance(effect, SetWeapons):
        for name, weapons in (("give", effect.give), ("take", effect.take)):
            for k, weapon in enumerate(weapons):
                if weapon not in ctx.weapons:
                    yield ctx.unknown(key + (name, k), "weapon", weapon, ctx.weapons)
    elif isinstance(effect, StandingOrder):
        yield from _off_map(ctx, key + ("area",), effect.area or ())
        yield from _off_map(ctx, key + ("to",), effect.to or ())
        yield from _exit_problems(ctx, key, effect)
    elif isinstance(effect, LeaderFate) and effect.leader not in ctx.leaders:
        yield ctx.unknown(key + ("leader",), "leader", effect.leader, ctx.leaders)


def _exit_problems(ctx: Context, key: tuple[Any, ...], effect: StandingOrder) -> Iterator[Problem]:
    """A leave order's exit exists and is open to the side of every unit it names."""
    if effect.exit is None:
        return
    exits = {e.id: e for e in ctx.s.map.exits}
    if effect.exit not in exits:
        yield ctx.unknown(key + ("exit",), "exit", effect.exit, exits)
        return
    allowed = exits[effect.exit].sides
    if effect.side is not None:
        sides = [effect.side]
    else:
        sides = [ctx.units[u].side for u in effect.units or () if u in ctx.units]
    for who in dict.fromkeys(sides):
        if who not in allowed:
            yield ctx.problem(
                key + ("exit",),
                f"exit {effect.exit!r} is not open to {who!r} (its sides: "
                f"{', '.join(allowed)}): those units could never leave by it",
            )


def _rule_problems(
    ctx: Context, key: tuple[Any, ...], rule: str, value: object
) -> Iterator[Problem]:
    """A rules constant that exists, is a number or true/false, and takes this value."""
    fields = Rules.model_fields
    if rule not in fields:
        yield ctx.unknown(key + ("rule",), "rules constant", rule, fields)
        return
    default = fields[rule].get_default(call_default_factory=True)
    if not isinstance(default, (bool, int, float)):
        yield ctx.problem(
            key + ("rule",), f"{rule} is not a number or true/false: an event cannot set it"
        )
        return
    if isinstance(default, bool) != isinstance(value, bool):
        want = "true or false" if isinstance(default, bool) else "a number"
        yield ctx.problem(key + ("value",), f"{rule} takes {want}, not {value!r}")
        return
    try:
        Rules.model_validate({**ctx.s.rules.model_dump(), rule: value})
    except ValidationError as err:
        why = "; ".join(e["msg"] for e in err.errors())
        yield ctx.problem(key + ("value",), f"{rule} cannot be {value!r}: {why}")


# --------------------------------------------------------------------------- strict warnings


@strict
def starts_in_enemy_zone(ctx: Context) -> Iterator[Problem]:
    by_hex: dict[Hex, str] = {}
    for _, unit in _first_units(ctx):
        by_hex[Hex.from_offset(*unit.at)] = unit.side
    for i, unit in _first_units(ctx):
        here = Hex.from_offset(*unit.at)
        enemies = sorted(
            {by_hex[nb] for nb in here.neighbours() if nb in by_hex and by_hex[nb] != unit.side}
        )
        if enemies:
            yield ctx.problem(
                ("units", i, "at"),
                f"unit {unit.id!r} starts next to the enemy (in a zone of control)",
                severity="warning",
            )


@strict
def side_has_purpose(ctx: Context) -> Iterator[Problem]:
    for i, side in enumerate(ctx.s.sides):
        points = any(obj.points.get(side.id, 0) > 0 for obj in ctx.s.objectives)
        scoring = side.scoring
        if not points and scoring.per_1000_enemy_lost <= 0 and scoring.per_1000_own_escaped <= 0:
            yield ctx.problem(
                ("sides", i),
                f"side {side.id!r} can score no points: it has nothing to do",
                severity="warning",
            )
    units_by_side = defaultdict(int)
    for unit in ctx.s.units:
        units_by_side[unit.side] += 1
    for i, side in enumerate(ctx.s.sides):
        if not units_by_side[side.id]:
            yield ctx.problem(("sides", i), f"side {side.id!r} has no units", severity="warning")


@strict
def objectives_reachable(ctx: Context) -> Iterator[Problem]:
    """An objective no unit could ever stand on is a scoring mistake. Walls count as passable
    here (they can be climbed or broken); terrain a movement class cannot enter does not."""
    classes = sorted({t.movement for t in ctx.s.unit_types})
    starts: dict[str, set[Hex]] = {c: set() for c in classes}
    for unit in ctx.s.units:
        utype = ctx.types.get(unit.type)
        if utype is not None:
            starts[utype.movement].add(Hex.from_offset(*unit.at))
    reach: set[Hex] = set()
    for cls in classes:
        reach |= _flood(ctx, starts[cls], cls)
    for i, obj in enumerate(ctx.s.objectives):
        if not any(Hex.from_offset(*p) in reach for p in obj.hexes):
            yield ctx.problem(
                ("objectives", i, "hexes"),
                f"objective {obj.id!r}: no unit can reach any of its hexes",
                severity="warning",
            )


def _flood(ctx: Context, starts: set[Hex], movement: str) -> set[Hex]:
    def enterable(h: Hex) -> bool:
        code = ctx.code_at(h.offset)
        terrain = ctx.terrain.get(code) if code else None
        return bool(
            terrain
            and terrain.passable
            and getattr(terrain.move_cost, movement) is not None
            and (not terrain.water or (terrain.ice_cm or 0) >= ctx.s.rules.ice_min_cm)
        )

    seen = {h for h in starts if enterable(h)}
    frontier = sorted(seen)
    while frontier:
        here = frontier.pop()
        for n in here.neighbours():
            if n not in seen and ctx.on_map(n.offset) and enterable(n):
                seen.add(n)
                frontier.append(n)
    return seen


@strict
def arrivals_in_time(ctx: Context) -> Iterator[Problem]:
    """Units and events scheduled after the battle's last turn never come."""
    from siege.engine.clock import Clock

    if ctx.s.calendar.end <= ctx.s.calendar.start:
        return
    last = Clock.from_calendar(ctx.s.calendar).last_turn()
    for i, unit in enumerate(ctx.s.units):
        if unit.entry_turn > last:
            yield ctx.problem(
                ("units", i, "entry_turn"),
                f"unit {unit.id!r} enters on turn "
                f"{unit.entry_turn}, after the last turn "
                f"({last}): only an event can bring it",
                severity="warning",
            )
    for i, event in enumerate(ctx.s.events):
        if event.trigger.turn is not None and event.trigger.turn > last:
            yield ctx.problem(
                ("events", i, "trigger", "turn"),
                f"event {event.id!r} is set for "
                f"turn {event.trigger.turn}, after "
                f"the last turn ({last})",
                severity="warning",
            )


@strict
def ice_only_on_water(ctx: Context) -> Iterator[Problem]:
    for i, terrain in enumerate(ctx.s.map.terrain_types):
        if terrain.ice_cm is not None and not terrain.water:
            yield ctx.problem(
                ("map", "terrain_types", i, "ice_cm"),
                f"terrain {terrain.id!r} has ice_cm but is not water: the ice is "
                "ignored (add `water: true`?)",
                severity="warning",
            )
