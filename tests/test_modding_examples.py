"""The examples in docs/MODDING.md work as printed."""

from __future__ import annotations

import re
from pathlib import Path

from siege.scenario.validate import validate_path

DOC = Path(__file__).resolve().parent.parent / "docs" / "MODDING.md"


def _block_after(heading: str) -> str:
    text = DOC.read_text(encoding="utf-8")
    section = text[text.index(heading) :]
    return re.search(r"```yaml\n(.*?)```", section, re.S).group(1)


def test_the_skeleton_for_a_new_battle_is_a_valid_scenario(tmp_path: Path) -> None:
    path = tmp_path / "skeleton.yaml"
    path.write_text(_block_after("## Writing a battle from scratch"), encoding="utf-8")
    assert validate_path(path, strict=True) == []


def test_the_tutorial_variant_is_valid(tmp_path: Path) -> None:
    text = DOC.read_text(encoding="utf-8")
    tutorial = text[text.index("## Ten-minute tutorial") : text.index("**6. Look at it.**")]
    blocks = re.findall(r"```yaml\n(.*?)```", tutorial, re.S)
    path = tmp_path / "my_pyongyang.yaml"
    path.write_text("".join(blocks), encoding="utf-8")
    assert validate_path(path, strict=True) == []


def test_the_expect_warnings_example_is_quiet_and_warns_without_its_mark(
    tmp_path: Path, capsys
) -> None:
    from siege.cli import main

    text = DOC.read_text(encoding="utf-8")
    section = text[text.index("**`--strict` adds warnings**") :]
    printed = re.search(r"```\n(.*?)\n```", section, re.S).group(1)
    variant = _block_after("**A warning you mean**")
    path = tmp_path / "my_variant.yaml"
    path.write_text(variant, encoding="utf-8")
    assert validate_path(path, strict=True) == []
    path.write_text(variant.replace(", expect_warnings: [arrives_after_last_turn]", ""), "utf-8")
    assert main(["validate", "--strict", str(path)]) == 0
    assert capsys.readouterr().err == f"{tmp_path}/{printed}\n"
