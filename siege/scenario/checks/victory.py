"""Who wins: victory levels in order, a purpose for each side, objectives someone can reach."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from siege.engine.hexes import Hex
from siege.scenario.checks.context import Context, check, strict
from siege.scenario.problems import Problem
from siege.scenario.schema import TerrainType


@check
def victory_levels(ctx: Context) -> Iterator[Problem]:
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


@strict("side_cannot_score", "side_has_no_units")
def side_has_purpose(ctx: Context) -> Iterator[Problem]:
    for i, side in enumerate(ctx.s.sides):
        points = any(obj.points.get(side.id, 0) > 0 for obj in ctx.s.objectives)
        scoring = side.scoring
        if not points and scoring.per_1000_enemy_lost <= 0 and scoring.per_1000_own_escaped <= 0:
            yield ctx.warning(
                "side_cannot_score",
                ("sides", i),
                f"side {side.id!r} can score no points: it has nothing to do",
            )
    with_units = {unit.side for unit in ctx.s.units}
    for i, side in enumerate(ctx.s.sides):
        if side.id not in with_units:
            yield ctx.warning("side_has_no_units", ("sides", i), f"side {side.id!r} has no units")


@strict("objective_unreachable")
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
            yield ctx.warning(
                "objective_unreachable",
                ("objectives", i, "hexes"),
                f"objective {obj.id!r}: no unit can reach any of its hexes",
            )


def _flood(ctx: Context, starts: set[Hex], movement: str) -> set[Hex]:
    def enterable(h: Hex) -> bool:
        code = ctx.code_at(h.offset)
        terrain = ctx.terrain.get(code) if code else None
        return bool(
            terrain
            and terrain.passable
            and getattr(terrain.move_cost, movement) is not None
            and (not terrain.water or _frozen(terrain) != (movement == "boat"))
        )

    def _frozen(terrain: TerrainType) -> bool:  # men walk on ice; boats row on open water
        return (terrain.ice_cm or 0) >= ctx.s.rules.ice_min_cm

    seen = {h for h in starts if enterable(h)}
    frontier = sorted(seen)
    while frontier:
        here = frontier.pop()
        for n in here.neighbours():
            if n not in seen and ctx.on_map(n.offset) and enterable(n):
                seen.add(n)
                frontier.append(n)
    return seen
