"""The broken-scenario corpus: every file is refused with one clear, positioned line per problem.

Most files in `broken/` are `scenarios/examples/minimal.yaml` with ONE defect (their first three
comment lines say which; the rest of the file keeps minimal.yaml's line numbers). The few that
would be unpleasant to keep in git (3 MB, 10,000 levels deep, binary) are generated into a
temporary directory by the `generated` fixture below.

Each row of CASES is (file, line, column or None, a substring of that problem's message). The
message substring includes the key path wherever the validator knows one.
"""

from __future__ import annotations

import difflib
import os
import random
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
MINIMAL = HERE.parents[1] / "scenarios" / "examples" / "minimal.yaml"
BROKEN = HERE / "broken"

CASES: list[tuple[str, int, int | None, str]] = [
    # --- YAML syntax
    ("syntax_bad_indent.yaml", 294, 4, "YAML syntax: while parsing a block collection"),
    ("syntax_unclosed_bracket.yaml", 292, 11, "YAML syntax: while parsing a flow sequence"),
    ("syntax_tab_indent.yaml", 26, 1, "YAML syntax"),
    ("multi_document.yaml", 402, 1, "expected a single document"),
    (
        "duplicate_yaml_key.yaml",
        351,
        5,
        "units[8].strength: duplicate key 'strength' (first given at line 350)",
    ),
    # --- wrong types
    ("type_strength_string.yaml", 306, 5, "units[2].strength: input should be a valid integer"),
    ("type_strength_float.yaml", 298, 5, "units[1].strength: input should be a valid integer"),
    ("type_map_list.yaml", 24, 1, "map: expected a mapping of keys, got a list"),
    ("type_at_scalar.yaml", 323, 5, "units[4].at: expected a list, got 99"),
    ("clock_unquoted.yaml", 360, 3, "calendar.sunset: "),
    ("bad_colour.yaml", 155, 9, "sides[0].nations[1].colour: "),
    ("bad_id.yaml", 10, 3, "meta.id: "),
    ("wrong_format.yaml", 12, 3, "meta.format: 2 is not allowed; expected 1"),
    ("unknown_effect_kind.yaml", 381, 9, "events[1].effects[2]: unknown kind 'mesage'"),
    # --- unknown and missing keys
    (
        "unknown_key_strenght.yaml",
        306,
        5,
        "units[2].strenght: unknown key 'strenght' (did you mean 'strength'?)",
    ),
    ("unknown_key_strenght.yaml", 301, 5, "units[2].strength: required key is missing"),
    ("unknown_key_sidez.yaml", 141, 1, "sidez: unknown key 'sidez' (did you mean 'sides'?)"),
    ("unknown_key_sidez.yaml", 9, 1, "sides: required key is missing"),
    ("missing_calendar.yaml", 9, 1, "calendar: required key is missing"),
    ("missing_unit_type.yaml", 293, 5, "units[1].type: required key is missing"),
    # --- dangling references
    (
        "ref_unit_type.yaml",
        305,
        5,
        "units[2].type: unknown unit type 'artilery' (did you mean 'artillery'?)",
    ),
    (
        "ref_leader.yaml",
        316,
        5,
        "units[3].leader: unknown leader 'kim_eungso' (did you mean 'kim_eungseo'?)",
    ),
    ("ref_side.yaml", 334, 5, "units[6].side: unknown side 'japna' (did you mean 'japan'?)"),
    ("ref_nation.yaml", 320, 5, "units[4].nation: unknown nation"),
    (
        "ref_weapon.yaml",
        245,
        15,
        "unit_types[3].weapons[0]: unknown weapon 'canon' (did you mean 'cannon'?)",
    ),
    ("ref_terrain_row.yaml", 69, 14, "map.terrain: unknown terrain code 'Z' at [9, 2]"),
    ("ref_terrain_around.yaml", 93, 16, "map.enclosures[1].around[0]: unknown terrain code 'G'"),
    (
        "ref_gate_effect.yaml",
        371,
        26,
        "events[0].effects[0].gate: unknown gate 'south_gat' (did you mean 'south_gate'?)",
    ),
    (
        "ref_exit_side.yaml",
        127,
        15,
        "map.exits[0].sides[0]: unknown side 'japon' (did you mean 'japan'?)",
    ),
    (
        "leader_wrong_side.yaml",
        282,
        5,
        "leaders[2].unit: leader 'konishi' (japan) is attached to 'ming_guns' (allied)",
    ),
    # --- the map
    ("pos_off_map.yaml", 323, 5, "units[4].at: [12, 9] is off the map"),
    ("row_wrong_width.yaml", 71, 5, "map.terrain: row 4 has 13 codes, but map.width is 12"),
    (
        "gate_not_on_wall.yaml",
        101,
        7,
        "map.gates[0].side: gate 'west_gate': the E edge of [6, 2] is not on any wall",
    ),
    (
        "road_gap.yaml",
        122,
        30,
        "map.roads[0].path[2]: road 'west_road': [3, 2] is not next to [1, 2]",
    ),
    (
        "exit_not_on_edge.yaml",
        130,
        23,
        "map.exits[1].hexes[1]: exit 'south_exit': [5, 8] is not on the map edge",
    ),
    ("water_without_ice.yaml", 54, 7, "map.terrain_types[4]: water terrain 'river' needs ice_cm"),
    ("ice_on_land.yaml", 117, 23, "map.ice[0].hexes[1]: [1, 5] is open ground, not water"),
    # --- forces
    ("unit_impassable.yaml", 315, 5, "units[3].at: unit 'joseon_archers' stands on cliffs"),
    (
        "two_sides_one_hex.yaml",
        337,
        5,
        "units[6].at: unit 'town_archers' (japan) shares [4, 7] with 'ming_south_corps' (allied)",
    ),
    (
        "stacking.yaml",
        299,
        5,
        "units[1].at: 3,500 men start at [4, 7]; the stacking limit is 3,000",
    ),
    (
        "duplicate_id.yaml",
        346,
        5,
        "units[8].id: duplicate id 'town_archers' (first used at line 332)",
    ),
    (
        "declared_mismatch.yaml",
        156,
        9,
        "sides[0].nations[1].declared_strength: Joseon: units add up to 2,000 men, declared 2,500",
    ),
    (
        "effective_range_too_long.yaml",
        196,
        5,
        "weapons[0].effective_range: effective_range 3 exceeds range 2",
    ),
    # --- calendar, events, victory
    (
        "calendar_end_before_start.yaml",
        356,
        3,
        "calendar.end: the battle ends (1593-02-05T18:00) before it starts",
    ),
    ("sunset_before_sunrise.yaml", 360, 3, "calendar.sunset: sunset 06:50 is not after sunrise"),
    ("empty_trigger.yaml", 369, 5, "events[0].trigger: event 'sortie' has an empty trigger"),
    (
        "margin_not_above.yaml",
        186,
        7,
        "victory.levels[0].margin: a decisive victory needs a larger margin",
    ),
    # --- hostile or not a scenario at all
    (
        "python_tag.yaml",
        11,
        10,
        "meta.title: tag 'tag:yaml.org,2002:python/object/apply:os.system' is not allowed",
    ),
    ("billion_laughs.yaml", 4, None, "alias bomb"),
    ("recursive_alias.yaml", 4, None, "nesting deeper than 40 levels"),
    ("just_scalar.yaml", 1, 1, "a scenario must be a mapping of sections"),
    ("just_list.yaml", 1, 1, "a scenario must be a mapping of sections"),
    ("comments_only.yaml", 1, 1, "file is empty"),
    # --- generated (see `generated` below)
    ("gen/empty.yaml", 1, 1, "file is empty"),
    ("gen/huge_3mb.yaml", 1, 1, "larger than 2,000,000"),
    ("gen/deep_flow_10000.yaml", 1, None, "nesting"),
    ("gen/deep_flow_lines_10000.yaml", 41, 1, "nesting deeper than 40 levels"),
    ("gen/deep_block_10000.yaml", 1, 81, "nesting deeper than 40 levels"),
    ("gen/deep_mapping_10000.yaml", 1, 161, "nesting deeper than 40 levels"),
    ("gen/garbage_png.yaml", 1, 1, "not UTF-8 text"),
    ("gen/garbage_random.yaml", 1, 1, "not UTF-8 text"),
    ("gen/nul_bytes.yaml", 397, 1, "NUL bytes"),
    ("gen/invalid_utf8.yaml", 271, 21, "not UTF-8 text"),
    ("gen/control_char.yaml", 397, 20, "unacceptable character #x0007"),
    ("gen/too_many_units.yaml", 284, 1, "units: 2,001 units; the limit is 2,000"),
    ("gen/python_tag_tmp.yaml", 11, 10, "is not allowed"),
]

# A single defect may be reported with one knock-on problem (a unit with an unknown nation also
# unbalances its nation's declared total), never with a flood.
MAX_PROBLEMS_PER_DEFECT = 2

PWNED_STATIC = Path("/tmp/siege_scenario_pwned")  # what broken/python_tag.yaml would `touch`


def _minimal_bytes() -> bytes:
    return MINIMAL.read_bytes()


def _replace_line(data: bytes, lineno: int, old: bytes, new: bytes) -> bytes:
    lines = data.split(b"\n")
    assert old in lines[lineno - 1], (lineno, lines[lineno - 1])
    lines[lineno - 1] = lines[lineno - 1].replace(old, new)
    return b"\n".join(lines)


def _too_many_units() -> bytes:
    text = MINIMAL.read_text(encoding="utf-8")
    head, _, _ = text.partition("\nunits:")
    unit = (
        "  - {{id: u{0}, name: unit {0}, side: japan, type: archers, strength: 1, "
        "at: [{1}, {2}]}}\n"
    )
    units = "".join(unit.format(i, i % 12, i // 12 % 10) for i in range(2001))
    return (head + "\nunits:\n" + units).encode()


def _python_tag(target: Path) -> bytes:
    return _replace_line(
        _minimal_bytes(),
        11,
        b"title: Pyongyang in Miniature",
        f'title: !!python/object/apply:os.system ["touch {target}"]'.encode(),
    )


@pytest.fixture(scope="session")
def generated(tmp_path_factory) -> Path:
    """The cases not kept in git; returns the directory that holds `gen/`."""
    root = tmp_path_factory.mktemp("corpus")
    gen = root / "gen"
    gen.mkdir()
    rng = random.Random(1593)
    minimal = _minimal_bytes()
    files = {
        "empty.yaml": b"",
        # a real scenario padded with comments to 3 MB
        "huge_3mb.yaml": minimal + b"# padding padding padding padding padding padding\n" * 60_000,
        "deep_flow_10000.yaml": b"[" * 10_000 + b"]" * 10_000,
        "deep_flow_lines_10000.yaml": b"[\n" * 10_000 + b"]" * 10_000,
        "deep_block_10000.yaml": b"- " * 10_000 + b"x\n",
        "deep_mapping_10000.yaml": b"{a: " * 10_000 + b"1" + b"}" * 10_000,
        # a PNG renamed to .yaml, then random bytes including NULs
        "garbage_png.yaml": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + rng.randbytes(4096),
        "garbage_random.yaml": b"\xfe\x00" + rng.randbytes(4096) + b"\x00" * 16,
        # valid UTF-8 with a NUL in a note; a Latin-1 byte in a name; a BEL control character
        "nul_bytes.yaml": _replace_line(minimal, 397, b"figures disputed", b"\x00figures"),
        "invalid_utf8.yaml": _replace_line(minimal, 271, b"Eung-seo", b"Eung-s\xe9o"),
        "control_char.yaml": _replace_line(minimal, 397, b"figures disputed", b"figures\x07"),
        "too_many_units.yaml": _too_many_units(),
        "python_tag_tmp.yaml": _python_tag(root / "pwned"),
    }
    for name, data in files.items():
        (gen / name).write_bytes(data)
    return root


def _case_path(name: str, generated_root: Path) -> Path:
    return generated_root / name if name.startswith("gen/") else BROKEN / name


@pytest.mark.parametrize(
    ("name", "line", "col", "text"), CASES, ids=[f"{c[0]}:{c[1]}" for c in CASES]
)
def test_broken_file_is_refused(name, line, col, text, generated, run_validate, line_re):
    path = _case_path(name, generated)
    code, out, err = run_validate(path)

    assert code == 1, (out, err)
    assert "Traceback" not in out + err and "internal error" not in err
    assert out == ""  # no "ok" for a refused file
    lines = err.splitlines()
    assert lines, "no problem reported"
    pattern = line_re(path)
    for printed in lines:
        assert pattern.match(printed), printed
    assert len(lines) <= MAX_PROBLEMS_PER_DEFECT, err

    where = f"{path}:{line}:" + (f"{col}:" if col is not None else "")
    matching = [p for p in lines if p.startswith(where) and text in p]
    assert matching, f"expected {where} ...{text}... in:\n{err}"


def test_corpus_is_complete():
    """Every file in broken/ has an expectation, and there are plenty of them."""
    static = {p.name for p in BROKEN.glob("*.yaml")}
    expected = {name for name, *_ in CASES if not name.startswith("gen/")}
    assert static == expected, static ^ expected
    assert len({name for name, *_ in CASES}) >= 30


def test_each_derived_file_has_one_defect():
    """A derived file is minimal.yaml with a new 3-line header and ONE contiguous change."""
    minimal = MINIMAL.read_text(encoding="utf-8").splitlines()
    derived = 0
    for path in sorted(BROKEN.glob("*.yaml")):
        lines = path.read_text(encoding="utf-8").splitlines()
        assert lines[0].startswith("# Broken on purpose: "), path.name
        if "minimal.yaml with ONE defect" not in lines[0]:
            continue  # a compact, hand-written file
        derived += 1
        matcher = difflib.SequenceMatcher(None, minimal[3:], lines[3:], autojunk=False)
        changes = [op for op in matcher.get_opcodes() if op[0] != "equal"]
        assert len(changes) == 1, (path.name, changes)
    assert derived >= 30


def test_python_tag_is_never_executed(generated, run_validate):
    """The payload is live (PyYAML's unsafe loader runs it); the validator must not run it."""
    target = generated / "pwned"
    assert not target.exists()
    code, _, err = run_validate(generated / "gen" / "python_tag_tmp.yaml")
    assert code == 1 and "is not allowed" in err
    assert not target.exists(), "the validator executed a !!python tag"

    PWNED_STATIC.unlink(missing_ok=True)
    code, _, _ = run_validate(BROKEN / "python_tag.yaml")
    assert code == 1
    assert not PWNED_STATIC.exists(), "the validator executed a !!python tag"

    # control: the very same file, given to an unsafe loader, does run the command
    yaml.unsafe_load((generated / "gen" / "python_tag_tmp.yaml").read_text(encoding="utf-8"))
    assert target.exists()
    target.unlink()


def test_broken_file_loads_raise_scenario_error():
    """The game's loader (not only the CLI) refuses a broken file with the same problems."""
    from siege.scenario.problems import ScenarioError
    from siege.scenario.validate import load_scenario

    with pytest.raises(ScenarioError) as info:
        load_scenario(BROKEN / "ref_leader.yaml")
    assert [p.line for p in info.value.problems] == [316]
    assert "units[3].leader" in str(info.value)


# --------------------------------------------------------------------------- the real command


def _main_py(*args: str | Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "SDL_VIDEODRIVER": "dummy", "SDL_AUDIODRIVER": "dummy"}
    env.pop("SIEGE_DEBUG", None)
    return subprocess.run(
        [sys.executable, "main.py", *map(str, args)],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_main_py_validate_exit_codes():
    broken = BROKEN / "stacking.yaml"
    done = _main_py("validate", broken)
    assert done.returncode == 1, done
    assert "Traceback" not in done.stderr
    assert re.search(r"stacking\.yaml:299:5: error: units\[1\]\.at: ", done.stderr)

    done = _main_py("validate", "--strict", MINIMAL)
    assert done.returncode == 0, done
    assert done.stderr == ""
    assert done.stdout.strip() == f"{MINIMAL}: ok"


def test_main_py_bad_usage_exits_2():
    done = _main_py("validate")
    assert done.returncode == 2, done
    assert "Traceback" not in done.stderr
    assert "PATH" in done.stderr  # argparse names what is missing
