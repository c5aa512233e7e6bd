"""Small positions, each asserting one decision of the computer commander. Positions are set
up by editing a fresh game's state (then `game.edited()`); the commander sees them only
through its seat."""

from __future__ import annotations

from pathlib import Path

from siege.ai import Commander
from siege.engine.hexes import Hex
from siege.engine.orders import AbilityUse, Move, PhaseEnd
from siege.scenario.build import new_game
from siege.scenario.validate import load_scenario

DATA = Path(__file__).resolve().parents[1] / "engine" / "data"


def _game(name: str, seed: int = 1):
    return new_game(load_scenario(DATA / f"{name}.yaml"), seed, undo=False)


def _to(game, side: str, phase: str) -> None:
    for _ in range(40):
        if game.active_side == side and game.phase == phase:
            return
        game.apply(PhaseEnd())
    raise AssertionError(f"never reached {side} {phase}")


def _place(game, unit_id: str, at: tuple[int, int]) -> None:
    game.state.units[unit_id].hex = Hex.from_offset(*at)
    game.edited()


def test_takes_an_undefended_objective_in_reach() -> None:
    game = _game("open_ground")
    _place(game, "a_horse", (3, 1))  # two hexes short of the crossroads, by the road
    for uid, at in (("j_arq", (9, 7)), ("j_spear", (8, 7)), ("j_arch", (9, 6))):
        _place(game, uid, at)  # the enemy far off
    _to(game, "allied", "movement")
    orders = Commander("allied", "normal", 1).orders_for_phase(game.seat("allied"))
    assert Move("a_horse", (5, 1)) in orders


def test_does_not_march_into_a_burning_hex() -> None:
    game = _game("open_ground")
    _place(game, "a_horse", (3, 1))
    for uid, at in (("j_arq", (9, 7)), ("j_spear", (8, 7)), ("j_arch", (9, 6))):
        _place(game, uid, at)
    game.state.fires[Hex.from_offset(5, 1)] = 3  # the crossroads is on fire
    game.edited()
    _to(game, "allied", "movement")
    orders = Commander("allied", "normal", 1).orders_for_phase(game.seat("allied"))
    assert all(not (isinstance(o, Move) and o.to == (5, 1)) for o in orders)


def test_spends_an_ability_when_it_helps() -> None:
    """Li Rusong's bounty (an assault bonus) is offered when his men are at grips with the
    enemy, not while nobody is near."""
    game = _game("open_ground")
    _to(game, "allied", "command")
    commander = Commander("allied", "normal", 1)
    assert not any(
        isinstance(o, AbilityUse) for o in commander.orders_for_phase(game.seat("allied"))
    )
    game = _game("open_ground")
    _place(game, "a_arq", (4, 2))
    _place(game, "a_arch", (4, 1))
    _place(game, "a_horse", (3, 2))
    _place(game, "j_spear", (5, 2))
    _place(game, "j_arq", (5, 1))
    _to(game, "allied", "command")
    orders = Commander("allied", "normal", 1).orders_for_phase(game.seat("allied"))
    assert AbilityUse("li_rusong", "bounty") in orders
