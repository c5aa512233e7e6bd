"""Scripted events: a trigger that can fire, on a turn the battle reaches."""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import ValidationError

from siege.engine.clock import Clock
from siege.scenario.checks.context import Context, check, strict
from siege.scenario.load import KeyPath
from siege.scenario.problems import Problem
from siege.scenario.schema import Rules, SetRule, StandingOrder


@check
def triggers_can_fire(ctx: Context) -> Iterator[Problem]:
    for i, event in enumerate(ctx.s.events):
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
                ("events", i, "trigger"),
                f"event {event.id!r} has an empty trigger: it would never fire",
            )


@check
def effects_can_happen(ctx: Context) -> Iterator[Problem]:
    """A rules constant an event sets takes the value; a leave order's exit is open to them."""
    for i, event in enumerate(ctx.s.events):
        for j, effect in enumerate(event.effects):
            key = ("events", i, "effects", j)
            if isinstance(effect, SetRule):
                yield from _rule_problems(ctx, key, effect.rule, effect.value)
            elif isinstance(effect, StandingOrder):
                yield from _exit_problems(ctx, key, effect)


def _exit_problems(ctx: Context, key: KeyPath, effect: StandingOrder) -> Iterator[Problem]:
    """A leave order's exit is open to the side of every unit it names."""
    exits = {e.id: e for e in ctx.s.map.exits}
    if effect.exit not in exits:
        return  # no exit, or an unknown one (the references check reports it)
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


def _rule_problems(ctx: Context, key: KeyPath, rule: str, value: object) -> Iterator[Problem]:
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


@strict("event_after_last_turn")
def events_in_time(ctx: Context) -> Iterator[Problem]:
    """An event set for a turn after the battle's last never fires."""
    if ctx.s.calendar.end <= ctx.s.calendar.start:
        return
    last = Clock.from_calendar(ctx.s.calendar).last_turn()
    for i, event in enumerate(ctx.s.events):
        if event.trigger.turn is not None and event.trigger.turn > last:
            yield ctx.warning(
                "event_after_last_turn",
                ("events", i, "trigger", "turn"),
                f"event {event.id!r} is set for turn {event.trigger.turn}, after the last turn "
                f"({last})",
            )
