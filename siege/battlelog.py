"""A finished battle told turn by turn in plain text: what happened in each phase (the events'
own words), which side held each objective and the losses so far at the end of every turn, and
the result. `simulate --log DIR` writes one beside each run's save.

Like the timeline, it reads the whole log after the battle (it knows what neither side saw):
it is for the modder balancing a scenario, never for a side's player or computer.
"""

from __future__ import annotations

from pathlib import Path

from siege import shipped
from siege.engine.events import (
    BattleEnded,
    CasualtiesTaken,
    Event,
    ObjectiveTaken,
    PhaseBegan,
    TurnBegan,
    UnitExited,
)
from siege.engine.game import Game
from siege.engine.state import LOSS_CAUSES
from siege.save import make_save, write_save

INDENT = "  "


def battle_log(game: Game, header: list[str]) -> str:
    """The text of the log; `header` lines (scenario, seed, levels, how to replay) go first."""
    state, scenario = game.state, game.scenario
    side_names = {s.id: s.name for s in scenario.sides}
    holders = {o.id: o.holder for o in scenario.objectives}
    losses = {s: dict.fromkeys(LOSS_CAUSES, 0) for s in state.sides}
    lines = [*header, ""]
    turn_open = False

    def close_turn() -> None:
        by_holder: dict[str, list[str]] = {}
        for o in scenario.objectives:
            by_holder.setdefault(side_names.get(holders[o.id] or "", "nobody"), []).append(o.name)
        held = "; ".join(f"{who}: {', '.join(names)}" for who, names in by_holder.items())
        lines.append(f"{INDENT}Objectives held: {held or 'none in this battle'}")
        lines.append(f"{INDENT}Losses so far: {_losses_line(losses, side_names)}")
        lines.append("")

    phase: str | None = None  # the heading of the phase being told, until its first event
    for event in game.log:
        if isinstance(event, TurnBegan):
            if turn_open:
                close_turn()
            lines.append(_text(event))
            turn_open, phase = True, None
            continue
        if isinstance(event, PhaseBegan):
            phase = _text(event)
            continue
        if isinstance(event, ObjectiveTaken):
            holders[event.objective] = event.side
        elif isinstance(event, CasualtiesTaken):
            side = state.units[event.unit].side
            for cause in LOSS_CAUSES:
                losses[side][cause] += getattr(event, cause)
        elif isinstance(event, UnitExited):  # (men who leave the field count as escaped)
            losses[state.units[event.unit].side]["escaped"] += event.men
        if isinstance(event, BattleEnded):
            continue  # told under the result
        if phase is not None:
            lines.append(f"{INDENT}{phase}")
            phase = None
        lines.append(f"{INDENT * 2}{_text(event)}")
    if turn_open:
        close_turn()
    lines += _result(game, side_names)
    return "\n".join(lines) + "\n"


def _text(event: Event) -> str:
    return " ".join(event.text.split()).rstrip(".") or event.kind.replace("_", " ")


def _losses_line(losses: dict[str, dict[str, int]], side_names: dict[str, str]) -> str:
    parts = []
    for side, by_cause in losses.items():
        lost = {c: n for c, n in by_cause.items() if c != "escaped" and n}
        total = sum(lost.values())
        detail = ", ".join(f"{n:,} {c}" for c, n in lost.items())
        escaped = f"; {by_cause['escaped']:,} escaped" if by_cause["escaped"] else ""
        parts.append(f"{side_names[side]} {total:,}" + (f" ({detail})" if detail else "") + escaped)
    return "; ".join(parts)


def _result(game: Game, side_names: dict[str, str]) -> list[str]:
    state, result = game.state, game.outcome()
    ended = next((e for e in reversed(game.log) if isinstance(e, BattleEnded)), None)
    if result.winner:
        verdict = f"{result.level} victory for {side_names[result.winner]}"
    else:
        verdict = "a draw" if result.finished else "not finished"
    losses = {s: {c: state.losses[s][c] for c in LOSS_CAUSES} for s in state.sides}
    return [
        f"Result: {verdict}",
        f"{INDENT}{_text(ended) if ended else 'The battle did not end.'}",
        f"{INDENT}Turns played: {state.turn} (ended: {state.end_reason or 'not yet'})",
        f"{INDENT}Score: "
        + "; ".join(f"{side_names[s]} {result.scores[s]:g}" for s in state.sides),
        f"{INDENT}Losses: {_losses_line(losses, side_names)}",
    ]


def write_run(
    folder: str | Path, scenario_path: str | Path, game: Game, levels: dict[str, str]
) -> dict[str, str]:
    """Write a finished simulated battle's save (loadable in the window as a hot-seat game
    with the fog off, replayable with `replay --verify`) and its battle log into `folder`;
    returns their paths."""
    folder = Path(folder)
    stem = f"{game.scenario.meta.id}-seed{game.seed}"
    save_path, log_path = folder / f"{stem}.json", folder / f"{stem}.log.txt"
    state = game.state
    where = _saved_scenario_path(scenario_path)
    extra = {
        "mode": "hotseat",
        "human_sides": list(state.sides),
        "fog": False,
        "simulated_levels": ", ".join(f"{s}={levels[s]}" for s in state.sides),
        "summary_title": game.scenario.meta.title[:200],
        "summary_turn": state.turn,
        "summary_time": state.time_label(),
        "summary_side": "computer against computer",
    }
    write_save(save_path, make_save(game, where, extra))
    header = [
        f"{game.scenario.meta.title} — simulated battle, seed {game.seed}",
        f"scenario: {where}",
        "computer: " + ", ".join(f"{s} {levels[s]}" for s in state.sides),
        f"save: {save_path.name}  (python main.py replay {save_path} --verify)",
    ]
    log_path.write_text(battle_log(game, header), encoding="utf-8")
    return {"save": str(save_path), "log": str(log_path)}


def _saved_scenario_path(path: str | Path) -> str:
    """As the window saves it: relative to the shipped data when it is one of ours."""
    real = Path(path).resolve()
    try:
        return str(real.relative_to(shipped.ROOT))
    except ValueError:
        return str(real)
