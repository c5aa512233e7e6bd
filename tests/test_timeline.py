"""The battle's timeline: its key events picked out of the log, stamped with turn and time."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from siege.engine.events import (
    AssaultResolved,
    BattleEnded,
    CasualtiesTaken,
    GateBroken,
    IceBroke,
    MoraleChanged,
    PhaseBegan,
    TurnBegan,
    UnitMoved,
    WorksDamaged,
)
from siege.scenario.build import build_state
from siege.scenario.validate import load_scenario
from siege.sim import play, run_record
from siege.timeline import KINDS, nearest_place, timeline

ROOT = Path(__file__).resolve().parent.parent
FULL = ROOT / "scenarios" / "pyongyang_1593.yaml"


@pytest.fixture(scope="module")
def scenario():
    return load_scenario(FULL)


@pytest.fixture(scope="module")
def battle(scenario):
    return play(scenario, 1)


def test_every_entry_has_the_documented_shape(battle) -> None:
    entries = run_record(battle, 1)["timeline"]
    assert entries and entries[-1]["kind"] == "battle_ended"
    for e in entries:
        assert set(e) == {"turn", "time", "kind", "side", "what", "men"}
        assert e["kind"] in KINDS
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d", e["time"])
        assert isinstance(e["turn"], int) and isinstance(e["side"], str)
        assert e["what"] is None or isinstance(e["what"], str)
        assert e["men"] is None or isinstance(e["men"], int)
    assert [(e["turn"], e["time"]) for e in entries] == sorted(
        (e["turn"], e["time"]) for e in entries
    )


def test_times_are_the_times_of_the_turns(battle) -> None:
    """Each entry's time is its turn's, as the log's own turn headings give it."""
    label = {e.turn: e.time for e in battle.log if isinstance(e, TurnBegan)}
    clock = battle.state.clock
    for e in timeline(battle.log, battle.state):
        stamp = clock.start.strptime(e.time, "%Y-%m-%dT%H:%M")
        assert clock.label(int((stamp - clock.start).total_seconds() // 60)) == label[e.turn]


def test_the_timeline_accounts_for_what_the_battle_did(battle) -> None:
    """Men leaving and drowning, gates broken and objectives held agree with the final state."""
    s = battle.state
    entries = timeline(battle.log, s)
    for side in s.sides:
        assert (
            sum(e.men for e in entries if e.kind == "unit_exited" and e.side == side)
            == s.losses[side]["escaped"]
        )
    assert sum(e.men for e in entries if e.kind == "ice_broke") == sum(
        s.losses[side]["drowned"] for side in s.sides
    )
    broken_at_start = {g.id for g in battle.scenario.map.gates if g.state == "broken"}
    assert {e.what for e in entries if e.kind == "gate_broken"} == {
        g for g, state in s.gates.items() if state == "broken"
    } - broken_at_start
    last_holder: dict[str, str] = {}
    for e in entries:
        if e.kind == "objective_taken":
            last_holder[e.what] = e.side
    for objective, holder in last_holder.items():
        assert s.objectives[objective] == holder


def test_who_broke_a_gate_how_many_drowned_and_where_the_walls_were_climbed(scenario) -> None:
    state = build_state(scenario, 1)
    ming = next(u for u in state.units.values() if u.side == "allies")
    japan = [u for u in state.units.values() if u.side == "japan"][:2]
    fort = scenario.objectives[0]
    log = [
        TurnBegan(turn=1),
        PhaseBegan(side="japan"),
        WorksDamaged(unit=ming.id, target="chilseong"),  # the battering side, not the phase's
        GateBroken(gate="chilseong"),
        TurnBegan(turn=2),
        AssaultResolved(
            attackers=(ming.id,), target=tuple(fort.hexes[0]), escalade=True, result="taken"
        ),
        AssaultResolved(
            attackers=(ming.id,), target=tuple(fort.hexes[0]), escalade=True, result="held"
        ),
        IceBroke(),
        CasualtiesTaken(unit=japan[0].id, drowned=120),
        MoraleChanged(unit=japan[0].id),
        CasualtiesTaken(unit=japan[1].id, drowned=30),
        UnitMoved(unit=japan[1].id),
        CasualtiesTaken(unit=japan[1].id, drowned=5),  # after the march: another matter
        BattleEnded(winner=None, level="draw"),
    ]
    entries = timeline(log, state)
    second_turn = state.clock.time(state.clock.turn_length(0)).strftime("%Y-%m-%dT%H:%M")
    assert [(e.kind, e.side, e.what, e.men, e.turn) for e in entries] == [
        ("gate_broken", "allies", "chilseong", None, 1),
        ("escalade_won", "allies", fort.id, None, 2),
        ("ice_broke", "japan", None, 150, 2),
        ("battle_ended", "", "draw", None, 2),
    ]
    assert entries[0].time == scenario.calendar.start and entries[1].time == second_turn


def test_an_escalade_names_the_objective_it_was_on(scenario) -> None:
    state = build_state(scenario, 1)
    for objective in scenario.objectives:
        for at in state.map.objective_hexes[objective.id]:
            assert nearest_place(state, at) == objective.id
