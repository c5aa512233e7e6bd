"""The soak: many AI-against-AI battles over every shipped scenario, the engine's invariants
checked after every phase, and each battle replayed from its orders to the same state hash.

    python tests/soak.py [--games 1000] [--jobs 2] [--seed 1]

It prints one line per scenario and exits 1 at the first broken invariant or exception, naming
the scenario, seed, turn and phase so the battle can be replayed. tests/test_soak.py runs a
short version in the suite.
"""

from __future__ import annotations

import argparse
import multiprocessing
import sys
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from siege.ai import Commander, play_phase  # noqa: E402
from siege.engine.game import Game  # noqa: E402
from siege.engine.movement import can_stand  # noqa: E402
from siege.engine.orders import PhaseEnd  # noqa: E402
from siege.engine.state import LOSS_CAUSES, MORALE_STATES  # noqa: E402
from siege.scenario.build import new_game, replay_game  # noqa: E402
from siege.scenario.validate import load_scenario  # noqa: E402

SHIPPED = sorted((ROOT / "scenarios").glob("*.yaml"))
DIFFICULTIES = ("easy", "normal", "hard")


class InvariantBroken(AssertionError):
    pass


def check_invariants(game: Game) -> None:
    """What must hold after every phase of every battle."""
    s = game.state
    for side in s.sides:
        in_units = sum(u.strength for u in s.units.values() if u.side == side)
        lost = sum(s.losses[side][c] for c in LOSS_CAUSES)
        if in_units + lost != s.start_strength[side]:
            raise InvariantBroken(
                f"{side}: {in_units} in units + {lost} lost != "
                f"{s.start_strength[side]} at the start"
            )
    holders: dict = {}
    for u in s.units.values():
        if u.strength < 0:
            raise InvariantBroken(f"{u.id} has {u.strength} men")
        if u.gone and (u.strength != 0 or u.hex is not None):
            raise InvariantBroken(f"{u.id} is gone but has {u.strength} men at {u.hex}")
        if u.morale not in MORALE_STATES:
            raise InvariantBroken(f"{u.id} morale {u.morale!r}")
        if not u.on_map:
            continue
        if not s.map.on_map(u.hex):
            raise InvariantBroken(f"{u.id} is off the map at {u.hex.offset}")
        if not can_stand(s, u, u.hex):
            raise InvariantBroken(
                f"{u.id} ({u.type.movement}) stands where it cannot, "
                f"{u.hex.offset} ({s.map.terrain_at(u.hex).name})"
            )
        if holders.setdefault(u.hex, u.side) != u.side:
            raise InvariantBroken(f"two sides in {u.hex.offset}")
    for gate, state in s.gates.items():
        if state not in ("open", "closed", "barred", "broken"):
            raise InvariantBroken(f"gate {gate} is {state!r}")
    for obj, holder in s.objectives.items():
        if holder not in (None, *s.sides):
            raise InvariantBroken(f"objective {obj} held by {holder!r}")


def soak_one(args: tuple[str, int, str]) -> tuple[str, int, str, str | None]:
    """One battle: (scenario file, seed, difficulty, None or what went wrong)."""
    path, seed, difficulty = args
    scenario = _scenario(path)
    phase = ("start", 0)
    try:
        game = new_game(scenario, seed, _maps.get(path))
        _maps.setdefault(path, game.state.map)
        commanders = {side: Commander(side, difficulty, seed) for side in game.state.sides}
        check_invariants(game)
        while not game.state.ended:
            phase = (f"{game.active_side} {game.phase}", game.state.turn)
            play_phase(commanders[game.active_side], game.seat(game.active_side))
            check_invariants(game)
            game.apply(PhaseEnd())
            check_invariants(game)
        again = replay_game(scenario, seed, list(game.orders), game.state.map)
        if again.state_hash() != game.state_hash():
            raise InvariantBroken("the replay of the orders ends at another state hash")
        return path, seed, difficulty, None
    except Exception as exc:  # noqa: BLE001 - every failure is reported, none stops the soak
        where = f"turn {phase[1]}, {phase[0]}"
        detail = "".join(traceback.format_exception_only(type(exc), exc)).strip()
        return path, seed, difficulty, f"{where}: {detail}"


_scenarios: dict = {}
_maps: dict = {}


def _scenario(path: str):
    if path not in _scenarios:
        _scenarios[path] = load_scenario(path)
    return _scenarios[path]


def plan(games: int, seed: int, scenarios: list[Path]) -> list[tuple[str, int, str]]:
    """Games spread over the scenarios, the seeds and the difficulties."""
    return [
        (str(scenarios[i % len(scenarios)]), seed + i, DIFFICULTIES[i % 3]) for i in range(games)
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--games", type=int, default=1000)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    work = plan(args.games, args.seed, SHIPPED)
    start = time.perf_counter()
    failures = []
    done = 0
    with multiprocessing.get_context("spawn").Pool(args.jobs) as pool:
        for path, seed, difficulty, problem in pool.imap_unordered(soak_one, work, chunksize=4):
            done += 1
            if problem:
                failures.append(f"{Path(path).name} seed {seed} {difficulty}: {problem}")
                print("FAIL", failures[-1], flush=True)
            if done % 50 == 0:
                print(
                    f"{done}/{len(work)} battles, {len(failures)} failures, "
                    f"{time.perf_counter() - start:.0f} s",
                    flush=True,
                )
    print(
        f"{done} battles over {len(SHIPPED)} scenarios in {time.perf_counter() - start:.0f} s: "
        f"{len(failures)} failures"
    )
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
