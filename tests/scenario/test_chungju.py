"""The field battle of Chungju (1592): it validates, builds, plays a few seeded turns with the
computer on both sides, and carries its history and its measured balance notes."""

from __future__ import annotations

from pathlib import Path

import pytest

from siege.ai import Commander
from siege.engine.game import Game
from siege.engine.hexes import Hex
from siege.engine.map import INF
from siege.engine.orders import PhaseEnd
from siege.scenario.build import new_game
from siege.scenario.validate import load_scenario, validate_path

SCENARIOS = Path(__file__).resolve().parents[2] / "scenarios"
CHUNGJU = SCENARIOS / "chungju_1592.yaml"
LARGE = SCENARIOS / "chungju_1592_large_army.yaml"


@pytest.fixture(scope="module")
def chungju():
    return load_scenario(CHUNGJU)


@pytest.mark.parametrize("path", [CHUNGJU, LARGE], ids=lambda p: p.name)
def test_validates_strictly_without_warnings(path: Path) -> None:
    assert validate_path(path, strict=True) == []


def test_builds_as_a_field_battle(chungju) -> None:
    game = new_game(chungju, 1)
    assert not game.state.map.walls and not game.state.map.gates  # no siege here
    men = {side: game.state.men_on_map(side) for side in game.state.sides}
    assert men == {"japan": 7000, "joseon": 8000}  # the rest come on later
    assert game.state.start_strength == {"japan": 18700, "joseon": 8000}


def test_the_dal_is_crossed_only_at_the_ford(chungju) -> None:
    """The river at the army's back: from the plain, the road to Hanseong runs over the ford
    and nowhere else."""
    game = new_game(chungju, 1)
    m = game.state.map
    ford = {Hex.from_offset(*p) for o in chungju.objectives if o.id == "dal_ford" for p in o.hexes}
    foot = m.cost_of["foot"]

    def reaches_exit(closed: set[Hex]) -> bool:
        start = Hex.from_offset(16, 12)
        seen, todo = {start}, [start]
        while todo:
            h = todo.pop()
            if h in m.exits:
                return True
            for n, _ in m.adjacency[h]:
                if n not in seen and n not in closed and foot.get(n, INF) < INF:
                    seen.add(n)
                    todo.append(n)
        return False

    assert reaches_exit(set())
    assert not reaches_exit(ford)


def test_a_seeded_battle_plays_its_first_turns(chungju) -> None:
    """Four turns of the computer against itself: every man accounted for, the same seed the
    same battle, and the attacker (Japan) marching on the plain it came to take."""

    def four_turns() -> Game:
        game = new_game(chungju, 3, undo=False)
        commanders = {side: Commander(side, "normal", 3) for side in game.state.sides}
        while game.state.turn <= 4 and not game.state.ended:
            commanders[game.active_side].play_phase(game.seat(game.active_side))
            game.apply(PhaseEnd())
        return game

    plain = [
        Hex.from_offset(*p) for o in chungju.objectives if o.id == "the_plain" for p in o.hexes
    ]

    def nearest_japanese(game: Game) -> int:
        return min(
            u.hex.distance(h)
            for u in game.state.units.values()
            if u.side == "japan" and u.on_map
            for h in plain
        )

    start = new_game(chungju, 3)
    game = four_turns()
    state = game.state
    assert state.turn == 5
    for side in state.sides:
        lost = sum(state.losses[side].values())
        assert state.men_in_units(side) + lost == state.start_strength[side]
    assert nearest_japanese(game) < nearest_japanese(start)
    assert four_turns().state_hash() == game.state_hash()


def test_the_history_and_the_measured_figures_are_there(chungju) -> None:
    history = chungju.history
    assert history is not None and history.winner == "japan" and history.level == "decisive"
    assert set(history.sides) == {"japan", "joseon"}
    joseon = history.sides["joseon"]
    assert joseon.losses.killed > 0 and joseon.losses.drowned > 0 and joseon.escaped
    assert history.sides["japan"].losses_high is not None
    text = CHUNGJU.read_text(encoding="utf-8")
    assert "simulate scenarios/chungju_1592.yaml --runs 20" in text and "Outcomes:" in text
