"""Small positions, each asserting one decision of the computer commander. Positions are set
up by editing a fresh game's state (then `game.edited()`); the commander sees them only
through its seat."""

from __future__ import annotations

from pathlib import Path

from siege.ai import Commander, play_phase
from siege.engine.hexes import Hex
from siege.engine.orders import AbilityUse, Assault, Move, PhaseEnd, Rally
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


def test_storms_a_breach_it_can_reach() -> None:
    """The town's gate is broken down and its guard thinned: on a day of assault the spearmen
    march to the breach and, in the assault phase, go in through it at the guard."""
    game = _game("walled_town")
    game.state.gates["west_gate"] = "broken"
    game.state.units["j_gate"].strength = 300  # the guard thinned by the guns
    _place(game, "j_town", (5, 2))  # his support back in the town
    _place(game, "a_spear", (0, 2))
    _place(game, "a_ladders", (0, 0))
    _place(game, "a_guns", (0, 7))
    _place(game, "a_arq", (9, 7))
    _to(game, "allied", "movement")
    commander = Commander("allied", "normal", 1)
    seat = game.seat("allied")
    orders = commander.orders_for_phase(seat)
    assert Move("a_spear", (1, 2)) in orders  # at the foot of the breach
    for order in orders:
        if seat.check(order) is None:
            seat.apply(order)
    _to(game, "allied", "assault")
    orders = commander.orders_for_phase(game.seat("allied"))
    assert any(
        isinstance(o, Assault) and o.target == (2, 2) and "a_spear" in o.units for o in orders
    )


def test_pulls_a_routed_unit_back() -> None:
    """A routed unit at grips is rallied in the command phase, then marched out of the enemy's
    reach rather than left beside him."""
    game = _game("open_ground")
    _place(game, "a_horse", (4, 2))
    _place(game, "j_spear", (5, 2))
    _place(game, "j_arq", (5, 1))
    game.state.units["a_horse"].morale = "routed"
    game.edited()
    _to(game, "allied", "command")
    commander = Commander("allied", "normal", 1)
    assert Rally("a_horse") in commander.orders_for_phase(game.seat("allied"))
    game.state.units["a_horse"].morale = "wavering"  # the rally took
    game.edited()
    _to(game, "allied", "movement")
    orders = commander.orders_for_phase(game.seat("allied"))
    moves = [o for o in orders if isinstance(o, Move) and o.unit == "a_horse"]
    assert moves, orders
    away = Hex.from_offset(*moves[0].to)
    assert min(away.distance(Hex.from_offset(*e)) for e in ((5, 2), (5, 1))) >= 3


def _lost_town(hour: int):
    """The town of walled_town carried by the allies, who hold its east end in strength; the
    garrison's last men by the west gate; at `hour` on the 7th."""
    game = _game("walled_town")
    _place(game, "a_spear", (5, 1))
    _place(game, "a_ladders", (5, 3))
    _place(game, "a_arq", (6, 2))
    _place(game, "a_guns", (9, 7))
    _place(game, "j_gate", (2, 2))
    _place(game, "j_town", (2, 1))
    _place(game, "j_fort", (6, 5))
    while game.state.clock.time(game.state.minutes).hour != hour:
        game.apply(PhaseEnd())
    return game


def _garrison_plays(game, hours: int) -> int:
    """The garrison played by the computer for `hours` (the allies stand still); the men it
    got away."""
    commander = Commander("japan", "normal", 1)
    end = game.state.minutes + hours * 60
    while game.state.minutes < end and not game.state.ended:
        if game.active_side == "japan":
            play_phase(commander, game.seat("japan"))
        game.apply(PhaseEnd())
    return game.state.losses["japan"]["escaped"]


def test_leaves_by_night_when_the_town_is_lost() -> None:
    """With the enemy in the town in strength, the garrison (which scores for men got away)
    holds on by day and makes for its exit at nightfall."""
    assert _garrison_plays(_lost_town(10), 6) == 0
    assert _garrison_plays(_lost_town(20), 12) > 0
