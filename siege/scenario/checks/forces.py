"""The troops: units and the ground they stand on, stacking, declared totals, weapons, leaders."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from siege.engine.clock import Clock
from siege.engine.hexes import Hex
from siege.scenario.checks.context import Context, check, strict
from siege.scenario.problems import Problem
from siege.scenario.schema import Unit


@check
def units_belong_to_their_side(ctx: Context) -> Iterator[Problem]:
    """A unit names its nation where its side has several, and answers to a leader of its side."""
    for i, unit in enumerate(ctx.s.units):
        side = ctx.sides.get(unit.side)
        if side is None:
            continue  # an unknown side is reported by the references check
        if unit.nation is None and len(side.nations) > 1:
            yield ctx.problem(
                ("units", i),
                f"unit {unit.id!r} needs a `nation:` (side {unit.side!r} has {len(side.nations)})",
            )
        leader = ctx.leaders.get(unit.leader) if unit.leader is not None else None
        if leader is not None and leader.side != unit.side:
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


def _first_units(ctx: Context) -> Iterator[tuple[int, Unit]]:
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
    men: Counter[tuple[int, int]] = Counter()
    last: dict[tuple[int, int], int] = {}
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
    men: Counter[str | None] = Counter()
    guns: Counter[str | None] = Counter()
    for unit in ctx.s.units:
        of = unit.nation
        side = ctx.sides.get(unit.side)
        if of is None and side is not None and len(side.nations) == 1:
            of = side.nations[0].id
        men[of] += unit.strength
        guns[of] += unit.guns
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
def weapon_ranges(ctx: Context) -> Iterator[Problem]:
    for i, weapon in enumerate(ctx.s.weapons):
        if weapon.effective_range > weapon.range:
            yield ctx.problem(
                ("weapons", i, "effective_range"),
                f"effective_range {weapon.effective_range} exceeds range {weapon.range}",
            )


@check
def leaders_with_their_units(ctx: Context) -> Iterator[Problem]:
    """A leader rides with a unit of his own side, and a unit carries one leader at most."""
    attached: dict[str, int] = {}
    for i, leader in enumerate(ctx.s.leaders):
        if leader.unit is None:
            continue
        unit = ctx.units.get(leader.unit)
        if unit is not None and unit.side != leader.side:
            yield ctx.problem(
                ("leaders", i, "unit"),
                f"leader {leader.id!r} ({leader.side}) is attached to {unit.id!r} ({unit.side})",
            )
        if leader.unit in attached:
            other = ctx.s.leaders[attached[leader.unit]]
            yield ctx.problem(
                ("leaders", i, "unit"), f"unit {leader.unit!r} already carries leader {other.id!r}"
            )
        else:
            attached[leader.unit] = i


@strict("starts_next_to_enemy")
def starts_in_enemy_zone(ctx: Context) -> Iterator[Problem]:
    by_hex: dict[Hex, str] = {}
    for _, unit in _first_units(ctx):
        by_hex[Hex.from_offset(*unit.at)] = unit.side
    for i, unit in _first_units(ctx):
        here = Hex.from_offset(*unit.at)
        if any(by_hex.get(nb, unit.side) != unit.side for nb in here.neighbours()):
            yield ctx.warning(
                "starts_next_to_enemy",
                ("units", i, "at"),
                f"unit {unit.id!r} starts next to the enemy (in a zone of control)",
            )


@strict("arrives_after_last_turn")
def arrivals_in_time(ctx: Context) -> Iterator[Problem]:
    """A unit scheduled after the battle's last turn never comes, unless an event brings it."""
    if ctx.s.calendar.end <= ctx.s.calendar.start:
        return
    last = Clock.from_calendar(ctx.s.calendar).last_turn()
    for i, unit in enumerate(ctx.s.units):
        if unit.entry_turn > last:
            yield ctx.warning(
                "arrives_after_last_turn",
                ("units", i, "entry_turn"),
                f"unit {unit.id!r} enters on turn {unit.entry_turn}, after the last turn "
                f"({last}): only an event can bring it",
            )
