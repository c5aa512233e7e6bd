"""Regenerate the golden saved games in tests/golden/ (deterministically).

Each golden is a battle on one of the small test scenarios in tests/engine/data/, played with
random *legal* orders drawn from a fixed seed, written with siege.save.make_save / write_save
together with the state hash it ends at. tests/test_cli_replay.py replays every golden with
`python main.py replay SAVE --verify` and fails if the replay is refused or ends elsewhere.

WHEN TO RUN IT: only when the rules (or a test scenario) change on purpose, so that old games
now end in a different state or their orders are no longer legal. Then run

    .venv/bin/python tests/golden/make_goldens.py

and say so in the commit message ("goldens regenerated: <which rule changed>"). Never
regenerate just to make a failing replay pass: a different hash without an intended rules
change means the engine stopped being deterministic, and that is the bug to find.

The script is self-contained (its own order-picking policy) so that changes to test helpers
never change what it writes. Running it twice writes identical files.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from siege.engine.game import Game  # noqa: E402
from siege.engine.orders import Order, PhaseEnd  # noqa: E402
from siege.save import make_save, write_save  # noqa: E402
from siege.scenario.build import new_game  # noqa: E402
from siege.scenario.validate import load_scenario  # noqa: E402

HERE = Path(__file__).resolve().parent

# name -> (scenario file relative to the repo, seed, policy seed, most orders; None = to the end)
GOLDENS: dict[str, tuple[str, int, int, int | None]] = {
    "walled_town_short": ("tests/engine/data/walled_town.yaml", 11, 1, 40),
    "walled_town_long": ("tests/engine/data/walled_town.yaml", 2024, 2, 600),
    "open_ground_to_the_end": ("tests/engine/data/open_ground.yaml", 7, 3, None),
    "burning_town": ("tests/engine/data/burning_town.yaml", 1593, 4, 300),
    "ice_river_night": ("tests/engine/data/ice_river.yaml", 5, 5, 250),
}


def legal_now(game: Game) -> list[Order]:
    out: list[Order] = []
    for uid in game.state.units:  # the scenario's order: deterministic
        out += game.legal_orders(uid)
    return out


def play(game: Game, rng: random.Random, most: int | None) -> None:
    """Random legal orders; PhaseEnd three times in ten, or when nothing else is legal."""
    steps = 0
    while not game.state.ended and (most is None or steps < most):
        options = legal_now(game)
        order = PhaseEnd() if not options or rng.random() < 0.3 else rng.choice(options)
        game.apply(order)
        steps += 1


def make(name: str) -> Path:
    scenario_path, seed, policy_seed, most = GOLDENS[name]
    scenario = load_scenario(REPO / scenario_path)
    game = new_game(scenario, seed)
    play(game, random.Random(policy_seed), most)
    save = make_save(
        game,
        scenario_path,
        extra={"golden": name, "turn": game.state.turn, "ended": game.state.ended},
    )
    out = HERE / f"{name}.json"
    write_save(out, save)
    return out


def main() -> int:
    for name in GOLDENS:
        path = make(name)
        print(f"{path.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
