"""Hostile scenarios (issue 16): files made to crash, hang or swamp the game, each refused with one
clear `PATH:LINE:COL:` line at the place that breaks a limit, exit 1 and no traceback.

Most files in `hostile/` are `scenarios/examples/minimal.yaml` with ONE defect (their first line
says which; the rest keeps minimal.yaml's line numbers). What cannot live in git (FIFOs, links to
devices and system files, a 400,000-character label) is made in a temporary folder by `made`
below.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from siege.cli import main

HERE = Path(__file__).resolve().parent
MINIMAL = HERE.parents[1] / "scenarios" / "examples" / "minimal.yaml"
HOSTILE = HERE / "hostile"

CASES: list[tuple[str, int, int, str]] = [
    # --- numbers that are not finite
    ("lethality_inf.yaml", 197, 5, "weapons[0].lethality: input should be a finite number"),
    ("lethality_1e309.yaml", 197, 5, "weapons[0].lethality: input should be a finite number"),
    ("elevation_nan.yaml", 39, 7, "map.terrain_types[1].elevation: input should be a finite"),
    ("cover_minus_inf.yaml", 38, 7, "map.terrain_types[1].cover: input should be a finite"),
    ("temperature_nan.yaml", 362, 5, "calendar.weather.temperature_c: input should be a finite"),
    ("move_cost_inf.yaml", 33, 19, "map.terrain_types[0].move_cost.foot: input should be a finite"),
    ("vs_works_inf.yaml", 212, 5, "weapons[2].vs_works: input should be a finite number"),
    ("points_inf.yaml", 176, 14, "objectives[0].points.allied: input should be a finite number"),
    ("quality_factor_nan.yaml", 402, 20, "rules.quality_factor.raw: input should be a finite"),
    ("fire_spread_nan.yaml", 402, 3, "rules.fire_spread: input should be a finite number"),
    # --- numbers that size work, beyond their bounds
    (
        "lethality_huge.yaml",
        210,
        5,
        "weapons[2].lethality: input should be less than or equal to 1000",
    ),
    ("melee_1e308.yaml", 220, 5, "unit_types[0].melee: input should be less than or equal to 100"),
    (
        "move_points_1e9.yaml",
        222,
        5,
        "unit_types[0].move_points: input should be less than or equal to 50",
    ),
    ("range_1e6.yaml", 195, 5, "weapons[0].range: input should be less than or equal to 30"),
    ("effective_range_huge.yaml", 202, 5, "weapons[1].effective_range: input should be less than"),
    ("sight_day_1e9.yaml", 402, 3, "rules.sight_day: input should be less than or equal to 30"),
    ("stacking_limit_huge.yaml", 400, 3, "rules.stacking_limit: input should be less than"),
    (
        "strength_10e30.yaml",
        290,
        5,
        "units[0].strength: input should be less than or equal to "
        "100000 (got a number of about 31 digits)",
    ),
    (
        "strength_5000_digits.yaml",
        290,
        15,
        "units[0].strength: a number of 5,000 digits; at most 100 are read",
    ),
    ("guns_huge.yaml", 291, 5, "units[0].guns: input should be less than or equal to 10000"),
    ("command_radius_1e6.yaml", 257, 5, "leaders[0].command_radius: input should be less than"),
    ("ability_radius_huge.yaml", 264, 9, "leaders[0].abilities[0].radius: input should be less"),
    ("ability_uses_huge.yaml", 263, 9, "leaders[0].abilities[0].uses: input should be less"),
    ("morale_bonus_huge.yaml", 266, 9, "leaders[0].abilities[0].morale_bonus: input should be"),
    (
        "entry_turn_huge.yaml",
        352,
        5,
        "units[8].entry_turn: input should be less than or equal to 2000",
    ),
    ("position_huge.yaml", 291, 13, "units[0].at[1]: input should be less than or equal to"),
    ("margin_huge.yaml", 186, 7, "victory.levels[0].margin: input should be less than or equal"),
    ("declared_strength_huge.yaml", 151, 9, "sides[0].nations[0].declared_strength: input should"),
    ("morale_boost_huge.yaml", 379, 44, "events[1].effects[0].amount: input should be less than"),
    ("ice_cm_huge.yaml", 59, 7, "map.terrain_types[4].ice_cm: input should be less than or equal"),
    (
        "metres_per_hex_tiny.yaml",
        28,
        3,
        "map.metres_per_hex: input should be greater than or equal to 10",
    ),
    # --- dates and the calendar
    ("date_feb_31.yaml", 355, 3, "calendar.start: 1593-02-31T07:00 is not a real date and time"),
    ("date_month_13.yaml", 355, 3, "calendar.start: 1593-13-06T07:00 is not a real date and time"),
    ("date_year_0000.yaml", 355, 3, "calendar.start: 0000-02-06T07:00 is not a real date and time"),
    ("date_arabic_digits.yaml", 355, 3, "calendar.start: string should match pattern"),
    ("date_year_9999.yaml", 356, 3, "calendar.end: the year must be between 1 and 9000"),
    (
        "trigger_date_invalid.yaml",
        369,
        15,
        "events[0].trigger.at: 1593-02-30T10:00 is not a real date",
    ),
    ("calendar_too_long.yaml", 356, 3, "calendar.end: the battle lasts 367 days; the limit is 31"),
    (
        "calendar_too_many_turns.yaml",
        356,
        3,
        "calendar.end: the calendar holds 3,540 turns; the limit is 2,000",
    ),
    # --- text
    ("nul_escape_in_title.yaml", 11, 3, "meta.title: holds the control character U+0000"),
    ("bell_escape_in_name.yaml", 286, 5, "units[0].name: holds the control character U+0007"),
    (
        "line_separator_in_name.yaml",
        173,
        5,
        "objectives[0].name: holds the control character U+2028",
    ),
    (
        "lone_surrogate_in_label.yaml",
        138,
        24,
        "YAML syntax: while parsing a quoted scalar found invalid Unicode character escape code",
    ),
    (
        "name_too_long.yaml",
        286,
        5,
        "units[0].name: string should have at most 120 characters "
        "(got 'Ming Ming Ming Ming Ming Ming '… (205 characters))",
    ),
    (
        "label_too_long.yaml",
        138,
        7,
        "map.labels[0].text: string should have at most 120 characters",
    ),
    # --- expansion
    ("merge_key_bomb.yaml", 5, 5, "the file expands to more than 200,000 values"),
    ("merge_key_chain.yaml", 4, 14, "nesting deeper than 40 levels"),
    # --- extends: names that are not a scenario beside this one
    (
        "extends_long_name.yaml",
        8,
        1,
        "extends: no scenario 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
        "aaaaaaaaaaaaaaaaaaaaa'… (5,005 characters) next to this",
    ),
    ("extends_dev_zero.yaml", 8, 1, "extends: no scenario '/dev/zero' next to this file"),
    ("extends_nul_name.yaml", 8, 1, "extends: no scenario 'base\\x00.yaml' next to this file"),
    ("extends_proc.yaml", 8, 1, "extends: no scenario '../../../../../../proc/self/environ'"),
    # --- made below (gen/): not regular files, links, huge text
    ("gen/fifo.yaml", 1, 1, "is a named pipe (FIFO), not a file; refused"),
    ("gen/zero.yaml", 1, 1, "is a device, not a file; refused"),
    ("gen/urandom.yaml", 1, 1, "is a device, not a file; refused"),
    ("gen/proc_status.yaml", 1, 1, "is a system file (under /proc, /sys or /dev); refused"),
    ("gen/a_folder.yaml", 1, 1, "is a directory, not a file"),
    ("gen/dangling.yaml", 1, 1, "cannot read: no such file"),
    ("gen/loop.yaml", 1, 1, "too many levels of symbolic links; refused"),
    ("gen/extends_fifo.yaml", 1, 1, "extends: no scenario 'pipe.yaml' next to this file"),
    ("gen/extends_zero_link.yaml", 1, 1, "extends: no scenario 'zero.yaml' next to this file"),
    ("gen/extends_passwd_link.yaml", 1, 1, "extends: no scenario 'passwd.yaml' next to this file"),
    ("gen/extends_secret_link.yaml", 1, 1, "extends: no scenario 'secret.yaml' next to this file"),
    ("gen/extends_not_a_scenario.yaml", 1, 1, "extends: 'notes.yaml' is not a scenario (no meta,"),
    (
        "gen/label_400k.yaml",
        138,
        7,
        "map.labels[0].text: string should have at most 120 "
        "characters (got 'DaedongDaedongDaedongDaedongDa'… (400,000 "
        "characters))",
    ),
    ("gen/label_aliased_1_5mb.yaml", 138, 13, "the file expands to more than 4,000,000 characters"),
    (
        "gen/description_too_long.yaml",
        14,
        3,
        "meta.description: string should have at most 20000 characters",
    ),
]

SECRET = "hunter2-do-not-print"  # what a file behind a hostile link holds; never in a message


def _derived(line: int, old: str, new: str) -> str:
    lines = MINIMAL.read_text(encoding="utf-8").split("\n")
    assert old in lines[line - 1], (line, lines[line - 1])
    lines[line - 1] = lines[line - 1].replace(old, new)
    return "\n".join(lines)


@pytest.fixture(scope="session")
def made(tmp_path_factory) -> Path:
    """The cases not kept in git; returns the folder that holds `gen/`."""
    root = tmp_path_factory.mktemp("hostile")
    gen = root / "gen"
    gen.mkdir()
    os.mkfifo(gen / "fifo.yaml")
    os.mkfifo(gen / "pipe.yaml")
    (gen / "zero.yaml").symlink_to("/dev/zero")
    (gen / "urandom.yaml").symlink_to("/dev/urandom")
    (gen / "proc_status.yaml").symlink_to("/proc/self/status")
    (gen / "a_folder.yaml").mkdir()
    (gen / "dangling.yaml").symlink_to(gen / "nowhere.yaml")
    (gen / "loop.yaml").symlink_to(gen / "loop.yaml")
    (gen / "passwd.yaml").symlink_to("/etc/passwd")
    (gen / "secret.txt").write_text(f"meta: {SECRET}\nmap: {SECRET}\n", encoding="utf-8")
    (gen / "secret.yaml").symlink_to(gen / "secret.txt")
    (gen / "notes.yaml").write_text(f"{SECRET}: {SECRET}\n", encoding="utf-8")
    for name, target in [
        ("fifo", "pipe"),
        ("zero_link", "zero"),
        ("passwd_link", "passwd"),
        ("secret_link", "secret"),
        ("not_a_scenario", "notes"),
    ]:
        (gen / f"extends_{name}.yaml").write_text(f"extends: {target}.yaml\n", encoding="utf-8")
    (gen / "label_400k.yaml").write_text(
        _derived(138, "text: Daedong River", "text: " + ("Daedong" * 57_143)[:400_000]),
        encoding="utf-8",
    )
    big = "x" * 1_500_000  # 1.5 MB, written once and repeated by aliases
    (gen / "label_aliased_1_5mb.yaml").write_text(
        _derived(
            138,
            "text: Daedong River",
            f"text: &big {big}\n      at: [6, 6]\n    - text: "
            "*big\n      at: [5, 6]\n    - text: *big",
        ),
        encoding="utf-8",
    )
    (gen / "description_too_long.yaml").write_text(
        _derived(14, "description: >", "description: >\n    " + "siege " * 3_400), encoding="utf-8"
    )
    return root


def _case_path(name: str, root: Path) -> Path:
    return root / name if name.startswith("gen/") else HOSTILE / name


def _validate(capsys, path: Path) -> tuple[int, str, str]:
    code = main(["validate", str(path)])
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.mark.parametrize(("name", "line", "col", "text"), CASES, ids=[c[0] for c in CASES])
def test_hostile_file_is_refused(name, line, col, text, made, capsys, line_re):
    path = _case_path(name, made)
    code, out, err = _validate(capsys, path)

    assert code == 1, (out, err)
    assert out == ""
    assert "Traceback" not in err and "internal error" not in err
    assert SECRET not in err
    lines = err.splitlines()
    assert lines and all(line_re(path).match(printed) for printed in lines), err
    where = f"{path}:{line}:{col}: error: "
    assert any(p.startswith(where) and text in p for p in lines), f"{where}{text} not in:\n{err}"


def test_the_corpus_is_complete_and_large():
    static = {p.name for p in HOSTILE.glob("*.yaml")}
    listed = {name for name, *_ in CASES if not name.startswith("gen/")}
    assert static == listed, static ^ listed
    assert len(static) >= 40
    for path in HOSTILE.glob("*.yaml"):
        assert path.read_text(encoding="utf-8").startswith("# Hostile on purpose: "), path.name


@pytest.mark.parametrize(
    "name",
    [
        "gen/fifo.yaml",
        "gen/zero.yaml",
        "range_1e6.yaml",
        "sight_day_1e9.yaml",
        "date_feb_31.yaml",
        "merge_key_bomb.yaml",
        "lethality_inf.yaml",
        "melee_1e308.yaml",
    ],
)
@pytest.mark.parametrize("command", ["simulate", "preview", "play"])
def test_commands_that_load_refuse_it_too(name, command, made, capsys, tmp_path):
    """simulate, preview and play read through the same door and the same limits."""
    path = _case_path(name, made)
    extra = {
        "simulate": ["--runs", "1"],
        "preview": ["--out", str(tmp_path / "p.png")],
        "play": ["--side", "japan"],
    }[command]
    code = main([command, str(path), *extra])
    err = capsys.readouterr().err
    assert code == 1, err
    assert err.startswith(f"{path}:") and "Traceback" not in err


def test_a_long_path_on_the_command_line(capsys):
    path = "x" * 5_000 + ".yaml"
    code, _, err = _validate(capsys, Path(path))
    assert code == 1
    [line] = err.splitlines()
    assert "the file name is longer than 1,024 characters; refused" in line
    assert len(line) < 400


def test_the_game_loader_raises_scenario_error(made):
    from siege.scenario.problems import ScenarioError
    from siege.scenario.validate import load_scenario

    for name in (
        "gen/fifo.yaml",
        "gen/extends_fifo.yaml",
        "merge_key_bomb.yaml",
        "calendar_too_many_turns.yaml",
    ):
        with pytest.raises(ScenarioError):
            load_scenario(_case_path(name, made))


def test_the_limits_are_in_the_schema_editors_use():
    from siege.scenario.schema import json_schema

    text = str(json_schema())
    assert "'maximum': 30" in text and "'maxLength': 120" in text
