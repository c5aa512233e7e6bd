"""The 1593 battle cut into many more units, for measuring how the game's cost grows with them.

    python benchmarks/big_battle.py 400      # play one and print its time and result

`big_battle(scenario, n)` gives the same map, leaders, calendar and men as `scenario`, with each
side's men in `n` units: every historical unit is split into nearly equal parts (men and guns)
standing in its own hex, so the battle keeps its shape and only the number of counters grows.
The first part keeps the unit's id, so leaders and scripted events still find their units.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from siege.scenario.schema import Scenario, Unit  # noqa: E402

SCENARIO = ROOT / "scenarios" / "pyongyang_1593.yaml"


def big_battle(scenario: Scenario, units_per_side: int) -> Scenario:
    units: list[Unit] = []
    for side in scenario.sides:
        own = [u for u in scenario.units if u.side == side.id]
        if units_per_side < len(own):
            raise ValueError(f"{side.id} has {len(own)} units already, more than {units_per_side}")
        for i, unit in enumerate(own):
            parts = units_per_side // len(own) + (1 if i < units_per_side % len(own) else 0)
            units += _split(unit, parts)
    meta = scenario.meta.model_copy(update={"id": f"{scenario.meta.id}_{units_per_side}u"})
    return scenario.model_copy(update={"units": units, "meta": meta})


def _split(unit: Unit, parts: int) -> list[Unit]:
    out = []
    for k in range(parts):
        men = unit.strength // parts + (1 if k < unit.strength % parts else 0)
        guns = unit.guns // parts + (1 if k < unit.guns % parts else 0)
        out.append(
            unit.model_copy(
                update={
                    "id": unit.id if k == 0 else f"{unit.id}_{k + 1}",
                    "name": unit.name if k == 0 else f"{unit.name} ({k + 1})",
                    "strength": men,
                    "guns": guns,
                }
            )
        )
    return out


def main() -> int:
    from siege.scenario.validate import load_scenario
    from siege.sim import play

    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100
    scenario = big_battle(load_scenario(SCENARIO), n)
    t = time.perf_counter()
    game = play(scenario, 1)
    print(
        f"{n} units a side: {time.perf_counter() - t:.2f} s, {game.state.turn} turns, "
        f"{game.outcome().winner} {game.outcome().level}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
