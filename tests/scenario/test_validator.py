"""How the validator behaves for a modder: all problems at once, in file order, with hints."""

from __future__ import annotations

from pathlib import Path

import pytest

from siege.scenario.load import load_text
from siege.scenario.problems import ScenarioError
from siege.scenario.schema import Scenario, json_schema_text
from siege.scenario.validate import check_document, load_scenario, load_scenario_text

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
MINIMAL = REPO / "scenarios" / "examples" / "minimal.yaml"
SHIPPED = sorted((REPO / "scenarios").glob("*.yaml"))


def edit(text: str, *replacements: tuple[str, str]) -> str:
    """`text` with each (old, new) applied; each `old` must occur exactly once."""
    for old, new in replacements:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    return text


def problems_in(text: str, strict: bool = False):
    try:
        return check_document(load_text(text, "s.yaml"), strict)[1]
    except ScenarioError as exc:
        return exc.problems


def write(tmp_path: Path, text: str, name: str = "s.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# --------------------------------------------------------------------------- the good files


@pytest.mark.parametrize("path", [MINIMAL, *SHIPPED], ids=lambda p: p.name)
def test_scenario_validates(path, run_validate, line_re):
    """The fixture and every shipped scenario pass `validate --strict` (warnings allowed)."""
    code, out, err = run_validate("--strict", path)
    assert code == 0, err
    assert "error:" not in err
    for printed in err.splitlines():
        assert line_re(path).match(printed), printed
    assert out.startswith(f"{path}: ok")


def test_minimal_has_no_warnings_even_strict(run_validate):
    code, out, err = run_validate("--strict", MINIMAL)
    assert (code, out, err) == (0, f"{MINIMAL}: ok\n", "")


def test_minimal_loads_as_a_scenario():
    scenario = load_scenario(MINIMAL)
    assert isinstance(scenario, Scenario)
    assert (scenario.map.width, scenario.map.height) == (12, 10)
    assert len(scenario.map.rows()) == 10
    assert [n.id for n in scenario.sides[0].nations] == ["ming", "joseon"]
    assert {g.id for g in scenario.map.gates} == {"west_gate", "south_gate"}
    assert scenario.leaders[0].abilities[0].kind == "bounty"
    assert scenario.unit_types[0].unit_class == "arquebusiers"  # written as `class:`
    assert scenario.calendar.weather.wind.blowing_from == "NW"  # written as `from:`


def test_schema_json_is_current():
    """scenarios/schema.json is what `make schema` would write now."""
    shipped = (REPO / "scenarios" / "schema.json").read_text(encoding="utf-8")
    assert shipped == json_schema_text(), "scenarios/schema.json is stale: run `make schema`"


# --------------------------------------------------------------------------- all at once, in order


def test_three_independent_cross_reference_errors_are_all_reported(minimal_text):
    text = edit(
        minimal_text,
        ("    leader: kim_eungseo\n", "    leader: nobody\n"),  # line 316
        ("[[0, 2], [1, 2], [2, 2]", "[[0, 2], [2, 2]"),  # line 122
        ("  end: 1593-02-08T18:00", "  end: 1593-02-01T18:00"),
    )  # line 356
    problems = problems_in(text)
    assert [p.line for p in problems] == [122, 316, 356]
    assert [p.message.split(":")[0] for p in problems] == [
        "map.roads[0].path[1]",
        "units[3].leader",
        "calendar.end",
    ]


def test_three_independent_schema_errors_are_all_reported(minimal_text):
    text = edit(
        minimal_text,
        ("    strength: 500\n", "    strength: lots\n"),  # line 306
        ('colour: "#2980b9"', 'colour: "#29b"'),  # line 155
        ("    move_points: 8\n", "    move_point: 8\n"),
    )  # line 240
    problems = problems_in(text)
    assert [(p.line, p.message.split(": ")[0]) for p in problems] == [
        (155, "sides[0].nations[1].colour"),
        (234, "unit_types[2].move_points"),  # required key is missing: at its unit type
        (240, "unit_types[2].move_point"),  # unknown key (did you mean 'move_points'?)
        (306, "units[2].strength"),
    ]


def test_cli_prints_problems_sorted_by_line(tmp_path, minimal_text, run_validate, line_re):
    path = write(
        tmp_path,
        edit(
            minimal_text,
            ("  end: 1593-02-08T18:00", "  end: 1593-02-01T18:00"),
            ("      sides: [japan]\n", "      sides: [japon]\n"),
            ("    at: [9, 9]\n", "    at: [99, 9]\n"),
        ),
    )
    code, out, err = run_validate(path)
    assert code == 1 and out == ""
    lines = err.splitlines()
    assert len(lines) == 3
    assert all(line_re(path).match(line) for line in lines)
    numbers = [int(line.split(":")[1]) for line in lines]
    assert numbers == sorted(numbers) == [127, 323, 356]


def test_several_paths_worst_exit_code_wins(tmp_path, minimal_text, run_validate):
    bad = write(tmp_path, edit(minimal_text, ("    strength: 500\n", "    strength: -5\n")))
    code, out, err = run_validate(MINIMAL, bad)
    assert code == 1
    assert out == f"{MINIMAL}: ok\n"
    assert err.startswith(f"{bad}:306:5: error: units[2].strength: ")


def test_quiet_prints_only_problems(run_validate):
    assert run_validate("-q", MINIMAL) == (0, "", "")


@pytest.mark.parametrize("kind", ["missing", "directory"])
def test_unreadable_path_is_a_problem_not_a_crash(kind, tmp_path, run_validate):
    path = tmp_path / "nope.yaml" if kind == "missing" else tmp_path
    code, _, err = run_validate(path)
    assert code == 1
    assert err.startswith(f"{path}:1:1: error: ")
    assert "Traceback" not in err


def test_no_paths_is_bad_usage(capsys):
    from siege.cli import main

    with pytest.raises(SystemExit) as info:
        main(["validate"])
    assert info.value.code == 2
    assert "Traceback" not in capsys.readouterr().err


# --------------------------------------------------------------------------- hints


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "    strength: 500\n",
            "    strenght: 500\n",
            "units[2].strenght: unknown key 'strenght' (did you mean 'strength'?)",
        ),
        (
            "sides:                             #",
            "sidez:                             #",
            "sidez: unknown key 'sidez' (did you mean 'sides'?)",
        ),
        (
            "    movement: horse\n",
            "    movment: horse\n",
            "unit_types[2].movment: unknown key 'movment' (did you mean 'movement'?)",
        ),
        (
            "    class: cavalry\n",
            "    clas: cavalry\n",  # an aliased key: hint the alias
            "unit_types[2].clas: unknown key 'clas' (did you mean 'class'?)",
        ),
        (
            "    wind: {from: NW,",
            "    wind: {form: NW,",
            "calendar.weather.wind.form: unknown key 'form' (did you mean 'from'?)",
        ),
        (
            "      - {kind: morale_boost, side: allied,",
            "      - {kind: morale_boost, sid: allied,",
            "events[1].effects[0].sid: unknown key 'sid' (did you mean 'side'?)",
        ),
    ],
)
def test_unknown_key_did_you_mean(minimal_text, old, new, expected):
    messages = [p.message for p in problems_in(edit(minimal_text, (old, new)))]
    assert expected in messages, messages


def test_unknown_key_without_close_match_lists_the_keys(minimal_text):
    text = edit(minimal_text, ("  metres_per_hex: 200\n", "  metres_per_hex: 200\n  zoom: 3\n"))
    [problem] = problems_in(text)
    assert problem.message.startswith("map.zoom: unknown key 'zoom'; expected one of: camps, ")
    assert "metres_per_hex" in problem.message


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "    type: artillery\n",
            "    type: artilery\n",
            "units[2].type: unknown unit type 'artilery' (did you mean 'artillery'?)",
        ),
        (
            "    leader: kim_eungseo\n",
            "    leader: kim_eungso\n",
            "units[3].leader: unknown leader 'kim_eungso' (did you mean 'kim_eungseo'?)",
        ),
        (
            "    weapons: [cannon]\n",
            "    weapons: [canon]\n",
            "unit_types[3].weapons[0]: unknown weapon 'canon' (did you mean 'cannon'?)",
        ),
        (
            "{kind: reinforce, units: [joseon_reserve]}",
            "{kind: reinforce, units: [joseon_reserv]}",
            "events[1].effects[1].units[0]: unknown unit 'joseon_reserv' (did you mean "
            "'joseon_reserve'?)",
        ),
        (
            "    gate_state: {west_gate: broken}",
            "    gate_state: {west_gat: broken}",
            "events[1].trigger.gate_state.west_gat: unknown gate 'west_gat' "
            "(did you mean 'west_gate'?)",
        ),
    ],
)
def test_unknown_id_did_you_mean(minimal_text, old, new, expected):
    messages = [p.message for p in problems_in(edit(minimal_text, (old, new)))]
    assert expected in messages, messages


# --------------------------------------------------------------------------- --strict


def test_strict_warns_about_a_unit_next_to_the_enemy(tmp_path, minimal_text, run_validate, line_re):
    # the mounted samurai ride out of town to [9, 8], right beside the Ming cavalry at [8, 8]
    path = write(tmp_path, edit(minimal_text, ("    at: [8, 2]\n", "    at: [9, 8]\n")))

    assert run_validate(path) == (0, f"{path}: ok\n", "")  # not strict: nothing to say

    code, out, err = run_validate("--strict", path)
    assert code == 0
    assert out == f"{path}: ok (2 warnings)\n"
    lines = err.splitlines()
    assert lines == [
        f"{path}:299:5: warning: units[ming_cavalry].at: unit 'ming_cavalry' starts next to the "
        "enemy (in a zone of control) [starts_next_to_enemy]",
        f"{path}:351:5: warning: units[town_horse].at: unit 'town_horse' starts next to the "
        "enemy (in a zone of control) [starts_next_to_enemy]",
    ]
    assert all(line_re(path).match(line) for line in lines)


def test_strict_warns_about_a_side_that_cannot_score(tmp_path, minimal_text, run_validate):
    text = edit(
        minimal_text,
        ("    points: {allied: 10, japan: 6}", "    points: {allied: 10}"),
        ("    points: {allied: 4, japan: 2}", "    points: {allied: 4}"),
        ("      per_1000_own_escaped: 3\n", ""),
    )
    path = write(tmp_path, text)
    code, out, err = run_validate("--strict", path)
    assert code == 0
    assert (
        "warning: sides[japan]: side 'japan' can score no points: it has nothing to do "
        "[side_cannot_score]"
    ) in err


def test_warnings_do_not_stop_a_scenario_loading(minimal_text):
    text = edit(minimal_text, ("    at: [8, 2]\n", "    at: [9, 8]\n"))
    scenario, problems = check_document(load_text(text, "s.yaml"), strict=True)
    assert scenario is not None
    assert {p.severity for p in problems} == {"warning"}
    load_scenario_text(text)  # the game loads it without complaint


# --------------------------------------------------------------------------- loader details


def test_positions_point_at_the_key(minimal_text):
    doc = load_text(minimal_text, "s.yaml")
    assert doc.where(("units", 2, "strength")) == (306, 5)
    assert doc.where(("map", "gates", 1, "side")) == (107, 7)
    # a key path that is not written falls back to its nearest written ancestor
    assert doc.where(("units", 2, "nothing", "here")) == doc.where(("units", 2))


def test_hostile_scalars_are_problems_not_crashes(minimal_text):
    """Explicit core tags with values their constructors choke on (KeyError, IndexError)."""
    for value in ("!!bool maybe", "!!int ''", "!!float ''", "!!int 0x", "!!seq x"):
        text = edit(minimal_text, ("    snow: false\n", f"    snow: {value}\n"))
        problems = problems_in(text)
        assert [p.line for p in problems] == [364], (value, problems)
        assert problems[0].message.startswith("calendar.weather.snow: cannot read value ")
        assert "\n" not in problems[0].message


def test_control_character_is_located(minimal_text):
    text = edit(minimal_text, ("Kim Eung-seo", "Kim \x1bEung-seo"))
    [problem] = problems_in(text)
    assert (problem.line, problem.column) == (271, 15)
    assert problem.message == (
        "YAML syntax: unacceptable character #x001b: control characters are not allowed"
    )


def test_merge_keys_are_plain_yaml(minimal_text):
    """`<<: *anchor` works, so modders can share a unit's common keys."""
    text = edit(
        minimal_text,
        ("  - id: town_archers\n", "  - &japan_foot\n    id: town_archers\n"),
        (
            "  - id: fort_garrison\n    name: fort garrison\n    side: japan\n",
            "  - <<: *japan_foot\n    id: fort_garrison\n    name: fort garrison\n",
        ),
        (
            "    type: arquebusiers\n    strength: 900\n    at: [2, 3]\n    leader: konishi\n",
            "    type: arquebusiers\n    strength: 900\n    at: [2, 3]\n",
        ),
    )
    scenario = load_scenario_text(text)
    garrison = next(u for u in scenario.units if u.id == "fort_garrison")
    assert (garrison.side, garrison.type, garrison.strength, garrison.leader) == (
        "japan",
        "arquebusiers",
        900,
        "konishi",
    )


def test_load_scenario_text_raises_with_every_problem(minimal_text):
    text = edit(
        minimal_text,
        ("    leader: kim_eungseo\n", "    leader: nobody\n"),
        ("  end: 1593-02-08T18:00", "  end: 1593-02-01T18:00"),
    )
    with pytest.raises(ScenarioError) as info:
        load_scenario_text(text, "s.yaml")
    assert [p.line for p in info.value.problems] == [316, 356]
    assert str(info.value).splitlines()[0].startswith("s.yaml:316:5: error: units[3].leader: ")


def test_syntax_error_at_the_end_of_the_file_is_on_its_last_line(minimal_text):
    """libyaml puts an end-of-file error one line past the end; it is reported on the last line."""
    lines = minimal_text.splitlines()
    cut = next(i for i, line in enumerate(lines) if line.strip() == "name: frozen river")
    text = "\n".join(lines[:cut] + ["      m"])  # a half-written key, no final newline
    [problem] = problems_in(text)
    assert (problem.line, problem.column) == (cut + 1, 8)
    assert problem.message.startswith("YAML syntax: ")


def test_odd_keys_and_names_stay_on_one_line(minimal_text):
    """A key or a name holding a line break must not split a problem over two lines."""
    text = edit(minimal_text, ("  stacking_limit: 3000\n", '  "stacking\\nlimit": 3000\n'))
    [problem] = problems_in(text)
    assert problem.message.startswith("rules['stacking\\nlimit']: unknown key ")
    text = edit(
        minimal_text,
        ("        name: Joseon\n", "        name: |\n          Joseon\n"),
        ("        declared_strength: 2000\n", "        declared_strength: 2001\n"),
    )
    [problem] = problems_in(text)
    assert problem.message == (
        "sides[0].nations[1].declared_strength: Joseon : units add up to 2,000 men, declared 2,001"
    )


@pytest.mark.parametrize("header", ["  terrain: |\n", "  terrain: |-\n", "  terrain: |  # rows\n"])
def test_terrain_problems_point_at_the_row(minimal_text, header):
    text = edit(
        minimal_text, ("  terrain: |\n", header), ("    ......TTTT..\n", "    ......TTTZ..\n")
    )
    [problem] = problems_in(text)
    assert (problem.line, problem.column) == (69, 14)
    assert problem.message.startswith("map.terrain: unknown terrain code 'Z' at [9, 2] ")
