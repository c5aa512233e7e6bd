"""The historical debrief: N computer-vs-computer battles of pyongyang_1593 beside 1593.

    python benchmarks/history_check.py [--runs 100] [--seed 1] [--jobs 2]

Writes docs/HISTORY_CHECK.md (the table) and docs/images/history_check.png (the chart, drawn
with pygame, headless). Rerun it whenever the rules, the AI or the scenario change.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

from siege.scenario.validate import load_scenario  # noqa: E402
from siege.sim import COMBAT_CAUSES, run_many, summarize  # noqa: E402

SCENARIO = ROOT / "scenarios" / "pyongyang_1593.yaml"
CAUSES = COMBAT_CAUSES + ("escaped",)


def percentile(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p * (len(values) - 1))))]


def value(run: dict, side: str, cause: str) -> int:
    return run["escaped"][side] if cause == "escaped" else run["losses"][side][cause]


def recorded(scenario, side: str, cause: str) -> int | None:
    hist = scenario.history.sides.get(side) if scenario.history else None
    if hist is None:
        return None
    return hist.escaped if cause == "escaped" else getattr(hist.losses, cause)


def recorded_total(scenario, side: str) -> int | None:
    hist = scenario.history.sides.get(side) if scenario.history else None
    return sum(hist.losses.model_dump().values()) if hist else None


def table(scenario, runs: list[dict]) -> list[str]:
    lines = [
        "| side | cause | mean | 10th–90th percentile | min–max | 1593 |",
        "|---|---|---|---|---|---|",
    ]
    for side in [s.id for s in scenario.sides]:
        for cause in CAUSES:
            vals = [value(r, side, cause) for r in runs]
            rec = recorded(scenario, side, cause)
            lines.append(
                f"| {side} | {cause} | {statistics.fmean(vals):,.0f} | "
                f"{percentile(vals, 0.1):,.0f}–{percentile(vals, 0.9):,.0f} | "
                f"{min(vals):,}–{max(vals):,} | {'—' if rec is None else f'{rec:,}'} |"
            )
        totals = [sum(r["losses"][side].values()) for r in runs]
        rec_total = recorded_total(scenario, side)
        lines.append(
            f"| {side} | **all losses** | **{statistics.fmean(totals):,.0f}** | "
            f"{percentile(totals, 0.1):,.0f}–{percentile(totals, 0.9):,.0f} | "
            f"{min(totals):,}–{max(totals):,} | "
            f"**{'—' if rec_total is None else f'{rec_total:,}'}** |"
        )
    return lines


def factor_of_two(scenario, runs: list[dict]) -> list[str]:
    """Which mean figures land within a factor of two of 1593's, and which do not."""
    inside, outside = [], []
    for side in [s.id for s in scenario.sides]:
        if recorded_total(scenario, side) is None:
            continue
        pairs = [
            (
                cause,
                statistics.fmean(value(r, side, cause) for r in runs),
                recorded(scenario, side, cause),
            )
            for cause in CAUSES
        ]
        pairs.append(
            (
                "all losses",
                statistics.fmean(sum(r["losses"][side].values()) for r in runs),
                recorded_total(scenario, side),
            )
        )
        for cause, mean, rec in pairs:
            if not rec:
                continue  # nothing recorded (or none): no ratio to take
            ratio = mean / rec
            words = f"{side} {cause} ({mean:,.0f} against {rec:,}: {ratio:.2f}×)"
            (inside if 0.5 <= ratio <= 2.0 else outside).append(words)
    return [
        f"**Within a factor of two of 1593:** {'; '.join(inside) or 'none'}.",
        "",
        f"**Outside it:** {'; '.join(outside) or 'none'}.",
    ]


@dataclass(frozen=True)
class Beat:
    """One event of the 1593 record, and the timeline entry that stands for it in a game: the
    first of `kind` (with that `what` and `side`, where given) in the run."""

    record: str
    kind: str
    what: str | None
    side: str
    in_1593: str

    def first(self, run: dict) -> dict | None:
        return next(
            (
                e
                for e in run["timeline"]
                if e["kind"] == self.kind
                and e["side"] == self.side
                and (self.what is None or e["what"] == self.what)
            ),
            None,
        )


# The record of 1593 in this scenario's ids (history brief: the calendar of 5-9 February).
RECORD = (
    Beat(
        "Moranbong lost after two days of fighting",
        "objective_taken",
        "moranbong",
        "allies",
        "7 Feb (fought for 6–7 Feb)",
    ),
    Beat(
        "The storm: the first wall climbed",
        "escalade_won",
        None,
        "allies",
        "8 Feb, morning, after the signal cannon at 08:00",
    ),
    Beat(
        "The north gate (Chilseong) broken",
        "gate_broken",
        "chilseong",
        "allies",
        "8 Feb, about midday",
    ),
    Beat("The west gate (Botong) broken", "gate_broken", "botong", "allies", "8 Feb, about midday"),
    Beat(
        "The northern fort stormed",
        "objective_taken",
        "northern_fort",
        "allies",
        "never: it held to dusk on the 8th and was left by night",
    ),
    Beat(
        "The garrison's first men away towards Hanseong",
        "unit_exited",
        None,
        "japan",
        "night 8/9 Feb",
    ),
    Beat(
        "The ice breaks under the garrison",
        "ice_broke",
        None,
        "japan",
        "night 8/9 Feb; ~6,000 drowned",
    ),
    Beat(
        "The ambush beyond the river",
        "ability_used",
        "ambush",
        "allies",
        "night 8/9 Feb; 362 killed",
    ),
)
DUSK_OF_THE_STORM = datetime(1593, 2, 8, 18, 0)


def _stamp(text: str) -> datetime:
    return datetime.strptime(text, "%Y-%m-%dT%H:%M")


def _label(when: datetime) -> str:
    return f"{when.day} {when:%b %H:%M}"


def timeline_table(scenario, runs: list[dict]) -> list[str]:
    """For each event of the record: in how many runs it happened and when (the first time in
    each run: median and range), beside 1593."""
    n = len(runs)
    lines = [
        "| 1593 record | in the game | how often | when (median) | earliest–latest | in 1593 |",
        "|---|---|---|---|---|---|",
    ]
    for beat in RECORD:
        times = sorted(_stamp(e["time"]) for e in (beat.first(r) for r in runs) if e)
        what = f"`{beat.kind}`" + (f" `{beat.what}`" if beat.what else "") + f" ({beat.side})"
        when = _label(times[(len(times) - 1) // 2]) if times else "—"
        spread = f"{_label(times[0])} – {_label(times[-1])}" if times else "—"
        lines.append(
            f"| {beat.record} | {what} | {len(times)} of {n} | {when} | {spread} | {beat.in_1593} |"
        )
    fort = next(b for b in RECORD if b.what == "northern_fort")
    held = sum(
        1 for r in runs if not (e := fort.first(r)) or _stamp(e["time"]) >= DUSK_OF_THE_STORM
    )
    night = _night_test(scenario)
    exits = [
        e
        for r in runs
        for e in r["timeline"]
        if e["kind"] == "unit_exited" and e["side"] == "japan"
    ]
    away = sum(e["men"] for e in exits) or 1
    by_night = sum(e["men"] for e in exits if night(_stamp(e["time"])))
    drowned = [
        sum(e["men"] for e in r["timeline"] if e["kind"] == "ice_broke" and e["side"] == "japan")
        for r in runs
    ]
    return lines + [
        "",
        f"**The fort held to dusk on the 8th** (not stormed before 18:00) in {held} of {n} "
        f"battles. **The garrison got away by night:** {by_night / away:.0%} of the Japanese "
        f"who left the field left in the dark (1593: all, on the night of the 8th). "
        f"**Drowned where the ice broke:** mean {statistics.fmean(drowned):,.0f} a battle "
        f"(1593: ~6,000).",
    ]


def _night_test(scenario):
    cal = scenario.calendar
    sunrise, sunset = (tuple(int(x) for x in t.split(":")) for t in (cal.sunrise, cal.sunset))
    return lambda when: not (sunrise <= (when.hour, when.minute) < sunset)


def chart(scenario, runs: list[dict], out: Path) -> None:
    """Bars: mean losses by cause for each side; whiskers 10th–90th percentile; a diamond at
    1593."""
    import pygame

    pygame.init()
    w, h = 1100, 520
    surf = pygame.Surface((w, h))
    paper, ink, soft = (236, 226, 200), (58, 44, 32), (150, 130, 100)
    colours = {scenario.sides[0].id: (192, 57, 43), scenario.sides[1].id: (40, 40, 50)}
    surf.fill(paper)
    font = pygame.font.Font(str(ROOT / "assets" / "fonts" / "DejaVuSansCondensed.ttf"), 14)
    big = pygame.font.Font(str(ROOT / "assets" / "fonts" / "DejaVuSansCondensed-Bold.ttf"), 18)
    surf.blit(
        big.render(f"{scenario.meta.title}: {len(runs)} computer battles beside 1593", True, ink),
        (20, 14),
    )
    left, top, bottom = 80, 60, h - 70
    peak = 1.0
    for side in colours:
        for cause in CAUSES:
            vals = [value(r, side, cause) for r in runs]
            rec = recorded(scenario, side, cause) or 0
            peak = max(peak, percentile(vals, 0.9), rec)
    step = next(st for st in (100, 200, 250, 500, 1000, 2000, 2500, 5000, 10000) if peak / st <= 6)
    peak = step * (int(peak * 1.05 // step) + 1)

    def y_of(v: float) -> int:
        return int(bottom - (bottom - top) * v / peak)

    for i in range(int(peak // step) + 1):
        v = step * i
        pygame.draw.line(surf, (214, 200, 170), (left, y_of(v)), (w - 20, y_of(v)))
        label = font.render(f"{v:,.0f}", True, soft)
        surf.blit(label, (left - 8 - label.get_width(), y_of(v) - 8))
    group = (w - 20 - left) / len(CAUSES)
    bar = group / 4
    for c, cause in enumerate(CAUSES):
        x0 = left + c * group + group / 2 - bar
        for s, (side, colour) in enumerate(colours.items()):
            vals = [value(r, side, cause) for r in runs]
            x = int(x0 + s * bar)
            mean = statistics.fmean(vals)
            pygame.draw.rect(surf, colour, (x, y_of(mean), int(bar) - 4, bottom - y_of(mean)))
            mid = x + int(bar) // 2 - 2
            pygame.draw.line(
                surf, ink, (mid, y_of(percentile(vals, 0.1))), (mid, y_of(percentile(vals, 0.9))), 2
            )
            rec = recorded(scenario, side, cause)
            if rec:
                cy = y_of(rec)
                pygame.draw.polygon(
                    surf,
                    (214, 137, 16),
                    [(mid, cy - 7), (mid + 7, cy), (mid, cy + 7), (mid - 7, cy)],
                )
                pygame.draw.polygon(
                    surf, ink, [(mid, cy - 7), (mid + 7, cy), (mid, cy + 7), (mid - 7, cy)], 1
                )
        label = font.render(cause, True, ink)
        surf.blit(label, (int(left + c * group + group / 2 - label.get_width() / 2), bottom + 8))
    pygame.draw.line(surf, ink, (left, bottom), (w - 20, bottom), 2)
    x = left
    for side, colour in colours.items():
        name = next(sd.name for sd in scenario.sides if sd.id == side)
        pygame.draw.rect(surf, colour, (x, h - 34, 14, 14))
        surf.blit(font.render(f"{name}: mean", True, ink), (x + 20, h - 36))
        x += 260
    pygame.draw.polygon(
        surf, (214, 137, 16), [(x + 7, h - 34), (x + 14, h - 27), (x + 7, h - 20), (x, h - 27)]
    )
    surf.blit(
        font.render("1593 (sources)    | whisker: 10th–90th percentile", True, ink),
        (x + 20, h - 36),
    )
    out.parent.mkdir(parents=True, exist_ok=True)
    pygame.image.save(surf, str(out))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=100)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    scenario = load_scenario(SCENARIO)
    runs = run_many(scenario, [args.seed + i for i in range(args.runs)], "normal", args.jobs)
    summary = summarize(scenario, runs)
    chart(scenario, runs, ROOT / "docs" / "images" / "history_check.png")
    outcomes = ", ".join(f"{k} {v:.0%}" for k, v in summary["outcomes"].items())
    turns = summary["turns"]
    drowned_runs = sum(1 for r in runs if r["losses"]["japan"]["drowned"] > 0)
    burned_runs = sum(1 for r in runs if r["losses"]["japan"]["burned"] > 0)
    escape_runs = sum(1 for r in runs if r["escaped"]["japan"] > 0)
    doc = [
        "# The historical check",
        "",
        f"`python benchmarks/history_check.py --runs {args.runs} --seed {args.seed}` plays "
        f"`{SCENARIO.name}` {args.runs} times, both sides played by the computer at normal "
        "difficulty (seeds "
        f"{args.seed}–{args.seed + args.runs - 1}), and sets the losses beside the figures of 1593 "
        "in the scenario's `history` block. It is regenerated when the rules, the computer or the "
        "scenario change; the same command gives the same numbers.",
        "",
        f"**Outcomes:** {outcomes}. History: {scenario.history.winner} {scenario.history.level}.",
        "",
        f"**Turns played:** mean {turns['mean']:g} (from {turns['low']:g} to {turns['high']:g}).",
        "",
        f"**How often the story of 1593 happened:** the garrison got men away over the ice in "
        f"{escape_runs} of {args.runs} battles; Japanese drowned in {drowned_runs}; Japanese "
        f"burned in {burned_runs}.",
        "",
        "![losses by cause](images/history_check.png)",
        "",
        *table(scenario, runs),
        "",
        "## The course of the battle",
        "",
        "Each run's timeline (`simulate --json`) beside the record of 1593: for each event, the "
        "first time it happened in a battle. Times are the start of the turn (night turns are "
        "three hours).",
        "",
        *timeline_table(scenario, runs),
        "",
        *factor_of_two(scenario, runs),
        "",
        f"Killed and wounded are split by the rules' `wound_ratio` ({scenario.rules.wound_ratio:g}"
        " of those struck are wounded), one value for both sides, while the sources count "
        "differently (the Japanese figures are mostly 'killed in combat'); compare the totals.",
        "",
    ]
    (ROOT / "docs" / "HISTORY_CHECK.md").write_text("\n".join(doc), encoding="utf-8")
    print("\n".join(doc))
    return 0


if __name__ == "__main__":
    sys.exit(main())
