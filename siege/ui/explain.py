"""What the screen tells a player in words: the objectives and the score, what a volley of
fire arrows would do, which units have not acted. Pure functions of a seat (no pygame), so the
side panel, the objectives dialog, the previews and their tests share one wording."""

from __future__ import annotations

from dataclasses import dataclass

from siege.engine.orders import Volley
from siege.engine.seat import Seat


@dataclass(frozen=True)
class ObjectiveRow:
    id: str
    name: str
    holder: str | None  # side id, or None for nobody
    points: dict[str, float]  # side id -> points to that side if it holds it at the end


def side_name(seat: Seat, side: str | None) -> str:
    if side is None:
        return "nobody"
    return next((s.name for s in seat.scenario.sides if s.id == side), side)


def short_side_name(seat: Seat, side: str | None) -> str:
    """A side's name shortened for tight places: its first word ("Ming and Joseon allies" ->
    "Ming", "Japan (First Division)" -> "Japan")."""
    if side is None:
        return "nobody"
    return side_name(seat, side).split()[0]


def objective_rows(seat: Seat) -> list[ObjectiveRow]:
    """Every objective of the scenario, richest first, with who holds it now (public)."""
    held = seat.objectives
    rows = [
        ObjectiveRow(o.id, o.name, held.get(o.id), dict(o.points)) for o in seat.scenario.objectives
    ]
    return sorted(rows, key=lambda r: (-max(r.points.values(), default=0), r.name))


def points_for(row: ObjectiveRow, side: str) -> str:
    return f"{row.points.get(side, 0):g}"


def score_summary(seat: Seat) -> str:
    """The score now and the result it would give: "Ming 35 – Japan 80: Japan marginal win"."""
    out = seat.outcome()
    a, b = seat.sides
    score = (
        f"{short_side_name(seat, a)} {out.scores[a]:.0f} \u2013 "
        f"{short_side_name(seat, b)} {out.scores[b]:.0f}"
    )
    return f"{score}: {victory_words(seat, out.winner, out.level)}"


def victory_words(seat: Seat, winner: str | None, level: str) -> str:
    if winner is None:
        return "a draw"
    return f"{short_side_name(seat, winner)} {level} win"


def victory_rules(seat: Seat) -> list[str]:
    """What decides the battle, in a player's words, from the scenario's own numbers."""
    scen = seat.scenario
    lines = ["At the end each side scores the points of the objectives it holds, and:"]
    for side in scen.sides:
        sc = side.scoring
        terms = []
        if sc.per_1000_enemy_lost:
            terms.append(f"{sc.per_1000_enemy_lost:+g} per 1,000 enemy lost")
        if sc.per_1000_own_lost:
            terms.append(f"{sc.per_1000_own_lost:+g} per 1,000 of its own lost")
        if sc.per_1000_own_escaped:
            terms.append(f"{sc.per_1000_own_escaped:+g} per 1,000 of its own got away")
        lines.append(f"  {side.name}: " + (", ".join(terms) if terms else "objectives only"))
    levels = sorted(scen.victory.levels, key=lambda v: -v.margin)
    lines.append(
        "The winner leads by at least "
        + ", ".join(f"{lv.margin:g} points for a {lv.level} victory" for lv in levels)
        + "; by less, a draw."
    )
    last = seat.clock.last_turn()
    lines.append(
        f"The battle ends after turn {last}"
        + (
            ", or when a side has no men left on the map."
            if scen.victory.end_when_side_gone
            else "."
        )
    )
    lines.append(
        "A side takes an objective when its men stand on one of its hexes and no enemy "
        "stands on any; it keeps it until the enemy does the same."
    )
    return lines


@dataclass(frozen=True)
class FireEffect:
    chance: float  # of setting the hex alight with this volley
    burned_if_caught: int  # men burned as the roofs go up over them
    expected_burned: float


def fire_effect(seat: Seat, weapon, target, target_men: int) -> FireEffect | None:
    """What a fire-setting volley may do beyond its hits: the hex alight and its men burned.
    None for weapons that set no fires or a hex that cannot (or already does) burn."""
    if weapon.sets_fire <= 0:
        return None
    if target in seat.fires or target in seat.burned_out or target not in seat.map.flammable_hexes:
        return None
    # a volley that fires the roofs catches the men under it: `fire_losses` of them burn
    # (as they get clear, or where they stand when there is no way out)
    burned = max(1, int(round(target_men * seat.scenario.rules.fire_losses))) if target_men else 0
    return FireEffect(weapon.sets_fire, burned, weapon.sets_fire * burned)


def units_not_acted(seat: Seat) -> list:
    """The viewer's units that could still do something this turn and have not: before or in
    the movement phase, those that have not moved; in the fire phase, those with a target in
    reach that have not fired."""
    phase = seat.phase
    if phase in ("command", "movement"):
        return [u for u in seat.units() if not u.moved and u.morale != "routed"]
    if phase == "fire":
        return [
            u
            for u in seat.units()
            if not u.fired and any(isinstance(o, Volley) for o in seat.legal_orders(u.id))
        ]
    return []
