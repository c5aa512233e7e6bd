"""Helpers for the rules tests (imported as `kit`); see conftest.py for the ground rules."""

from __future__ import annotations

import functools
import random
from collections.abc import Iterable, Iterator
from pathlib import Path

from siege.engine import events as ev
from siege.engine.game import Game
from siege.engine.hexes import DIRECTIONS, Hex, edge_key
from siege.engine.map import BattleMap, build_map
from siege.engine.orders import Order, PhaseEnd
from siege.scenario.build import new_game as build_game
from siege.scenario.schema import Scenario
from siege.scenario.validate import load_scenario

DATA = Path(__file__).resolve().parent / "data"
REPO = Path(__file__).resolve().parents[2]


# --------------------------------------------------------------------------- scenarios and games


@functools.cache
def scenario(name: str) -> Scenario:
    """A test scenario by file stem: scenario("walled_town"). Loaded once per session."""
    return load_scenario(DATA / f"{name}.yaml")


@functools.cache
def ice_river(thickness_cm: float) -> Scenario:
    """ice_river with the ice of its cols 6-9 (the river's default) set to `thickness_cm`."""
    from siege.scenario.validate import load_scenario_text

    text = (DATA / "ice_river.yaml").read_text(encoding="utf-8")
    marker = "water: true,\n       ice_cm: 30}"
    assert marker in text, "ice_river.yaml's river terrain changed: update kit.ice_river"
    return load_scenario_text(
        text.replace(marker, f"water: true,\n       ice_cm: {thickness_cm}}}"),
        f"ice_river.yaml (ice {thickness_cm} cm)",
    )


@functools.cache
def real_scenario(name: str = "pyongyang_1593") -> Scenario:
    return load_scenario(REPO / "scenarios" / f"{name}.yaml")


_MAPS: dict[int, tuple[Scenario, BattleMap]] = {}


def battle_map(sc: Scenario) -> BattleMap:
    """One map per scenario object, kept alive for the session."""
    key = id(sc)
    if key not in _MAPS:
        _MAPS[key] = (sc, build_map(sc))
    return _MAPS[key][1]


def with_rules(sc: Scenario, **rules) -> Scenario:
    """The scenario with some `rules:` constants replaced (for certainty in one test)."""
    return sc.model_copy(update={"rules": sc.rules.model_copy(update=rules)})


def new_game(name: str | Scenario, seed: int = 1, **rules) -> Game:
    """A fresh game of a test scenario (or a Scenario object), optionally with rules overrides."""
    base = scenario(name) if isinstance(name, str) else name
    sc = with_rules(base, **rules) if rules else base
    return build_game(sc, seed, battle_map(base))


def advance(
    game: Game,
    side: str | None = None,
    phase: str | None = None,
    turn: int | None = None,
    limit: int = 400,
) -> list[ev.Event]:
    """Apply PhaseEnd until it is `side`'s `phase` (in `turn`, if given). Returns the events."""
    out: list[ev.Event] = []
    for _ in range(limit):
        if (
            (side is None or game.active_side == side)
            and (phase is None or game.phase == phase)
            and (turn is None or game.state.turn == turn)
        ):
            return out
        if game.state.ended:
            raise AssertionError(f"the battle ended before {side} {phase} turn {turn}")
        out += game.apply(PhaseEnd())
    raise AssertionError(f"never reached {side} {phase} turn {turn}")


def end_player_turn(game: Game) -> list[ev.Event]:
    """PhaseEnd until the other side's command phase: the active side's player-turn ends."""
    side = game.active_side
    out: list[ev.Event] = []
    while game.active_side == side and not game.state.ended:
        out += game.apply(PhaseEnd())
    return out


def end_turn(game: Game) -> list[ev.Event]:
    """PhaseEnd until the next game turn begins."""
    turn = game.state.turn
    out: list[ev.Event] = []
    while game.state.turn == turn and not game.state.ended:
        out += game.apply(PhaseEnd())
    return out


def all_legal_orders(game: Game) -> list[Order]:
    """Every order the active side may give now, unit by unit in the scenario's order."""
    out: list[Order] = []
    for uid in game.state.units:
        out += game.legal_orders(uid)
    return out


def play_randomly(
    game: Game, rng: random.Random, steps: int, end_phase: float = 0.3
) -> Iterator[tuple[Order, list[ev.Event]]]:
    """Apply up to `steps` random legal orders (PhaseEnd with probability `end_phase`, or when
    nothing else is legal); yields each order with its events. Deterministic for a given rng."""
    for _ in range(steps):
        if game.state.ended:
            return
        options = all_legal_orders(game)
        order = PhaseEnd() if not options or rng.random() < end_phase else rng.choice(options)
        yield order, game.apply(order)


# --------------------------------------------------------------------------- setup (state edits)


def _touched(game: Game) -> None:
    """After a setup edit: forget what the game had cached about who sees what."""
    game.edited()


def place(
    game: Game,
    unit_id: str,
    at: tuple[int, int],
    *,
    strength: int | None = None,
    morale: str | None = None,
) -> None:
    """Setup only: put a unit on a hex (and optionally set its strength and morale)."""
    u = game.state.units[unit_id]
    if strength is not None:
        side = u.side
        game.state.start_strength[side] += strength - u.strength
        u.strength = strength
        u.start_strength = strength
    if morale is not None:
        u.morale = morale
    u.hex = Hex.from_offset(*at)
    u.gone = False
    _touched(game)


def hold_back(game: Game, *unit_ids: str) -> None:
    """Setup only: take units off the field as if they had not arrived yet (and never will)."""
    for uid in unit_ids:
        u = game.state.units[uid]
        u.hex = None
        u.entry_turn = 10_000
    _touched(game)


def only(game: Game, *unit_ids: str) -> None:
    """Setup only: hold back every unit not named."""
    hold_back(game, *[u for u in game.state.units if u not in unit_ids])


def set_fire(game: Game, at: tuple[int, int], turns: int | None = None) -> None:
    game.state.fires[Hex.from_offset(*at)] = turns or game.scenario.rules.fire_burn_turns
    _touched(game)


def set_gate(game: Game, gate: str, state: str) -> None:
    game.state.gates[gate] = state
    _touched(game)


def breach(game: Game, at: tuple[int, int], side: str) -> None:
    game.state.breaches.append(edge_of(at, side))
    _touched(game)


# --------------------------------------------------------------------------- geometry and events


def nb(at: tuple[int, int], direction: str) -> tuple[int, int]:
    """The [col, row] of the neighbour of `at` in direction E, NE, NW, W, SW or SE."""
    return Hex.from_offset(*at).neighbour(DIRECTIONS.index(direction)).offset


def dist(a: tuple[int, int], b: tuple[int, int]) -> int:
    return Hex.from_offset(*a).distance(Hex.from_offset(*b))


def edge_of(at: tuple[int, int], side: str) -> tuple[Hex, Hex]:
    here = Hex.from_offset(*at)
    return edge_key(here, here.neighbour(DIRECTIONS.index(side)))


def of_kind(events: Iterable[ev.Event], cls: type) -> list:
    return [e for e in events if isinstance(e, cls)]


def men_lost(events: Iterable[ev.Event], cause: str | None = None, unit: str | None = None) -> int:
    """Men lost in CasualtiesTaken events, by one cause or all."""
    causes = ("killed", "wounded", "burned", "drowned", "captured", "escaped")
    total = 0
    for e in of_kind(events, ev.CasualtiesTaken):
        if unit is not None and e.unit != unit:
            continue
        total += sum(getattr(e, c) for c in causes) if cause is None else getattr(e, cause)
    return total
