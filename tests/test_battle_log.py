"""The battle log's running totals: what it tells turn by turn adds up to the end."""

from __future__ import annotations

from pathlib import Path

from siege.battlelog import battle_log
from siege.engine.hexes import Hex
from siege.engine.orders import Exit, PhaseEnd
from siege.scenario.build import new_game
from siege.scenario.validate import load_scenario

DATA = Path(__file__).resolve().parent / "engine" / "data"


def test_men_who_leave_the_field_are_in_the_running_total() -> None:
    """The fort's 600 march off by the road north: the turn's "Losses so far" counts them as
    escaped, as the result's "Losses" does."""
    game = new_game(load_scenario(DATA / "walled_town.yaml"), 1, undo=False)
    game.state.units["j_fort"].hex = Hex.from_offset(8, 0)  # on the exit
    game.edited()
    for _ in range(40):
        if game.active_side == "japan" and game.phase == "movement":
            break
        game.apply(PhaseEnd())
    game.apply(Exit("j_fort"))
    text = battle_log(game, [])
    so_far = text.split("  Losses so far: ")[-1].split("\n", 1)[0]
    final = text.split("\n  Losses: ", 1)[1].split("\n", 1)[0]
    assert "600 escaped" in final
    assert so_far == final
