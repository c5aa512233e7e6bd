"""Time: the battle ends after it starts, the sun sets after it rises, within the limits."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta

from siege.engine.clock import Clock
from siege.scenario.checks.context import Context, check
from siege.scenario.limits import MAX_BATTLE_DAYS, MAX_TURNS
from siege.scenario.problems import Problem


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
