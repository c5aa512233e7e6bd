"""The documentation keeps up with the code.

- docs/RULES.md mentions every rules constant (`siege.scenario.schema.Rules`) and has a row for
  it in the table "Rules constants and their defaults" whose Default cell gives the code's
  default (`| `stacking_limit` | 3000 | ... |`); where the text quotes a constant as
  "`name` = **value**", the value is the current default too; the table lists no constant the
  code has dropped.
- docs/MODDING.md has a section for every part of the scenario format (every model reachable
  from `Scenario`, aliases such as `class` and `from` included), headed by its key path in
  backticks (`map.gates`). In it, a table row `| `key` | type | default | meaning |` for every
  key, whose Default cell says `required` or gives the default; and every value a fixed-choice
  key allows (`barred`, `open`, ...) named in backticks.

Each failure says which file, which section and which key or value is missing or wrong: change
the docs in the same commit as the rule or the format.
"""

from __future__ import annotations

import re
import typing
from pathlib import Path

import pytest
from pydantic import BaseModel

from siege.scenario.schema import Rules, Scenario

ROOT = Path(__file__).resolve().parent.parent
RULES_MD = ROOT / "docs" / "RULES.md"
MODDING_MD = ROOT / "docs" / "MODDING.md"


# --------------------------------------------------------------------------- helpers


def _read(path: Path) -> str:
    """The file's text with the lines inside ``` code blocks blanked out, so a `# comment` in a
    YAML example is not taken for a heading nor an example for documentation."""
    assert path.is_file(), f"{path.relative_to(ROOT)} is missing"
    lines = path.read_text(encoding="utf-8").split("\n")
    fenced = False
    for i, line in enumerate(lines):
        if line.lstrip().startswith("```"):
            fenced = not fenced
            lines[i] = ""
        elif fenced:
            lines[i] = ""
    return "\n".join(lines)


def _number_forms(value: float) -> list[str]:
    """How a number may be written: 3000 or 3,000; 8.0 as 8; 0.05 as 0.05."""
    forms = {f"{value:g}", f"{value:,g}"}
    if isinstance(value, int) and not isinstance(value, bool):
        forms |= {str(value), f"{value:,}"}
    return sorted(forms)


def _has_number(text: str, value: float) -> bool:
    for form in _number_forms(value):
        # not part of a longer number: no digit or decimal point before, no digit or ".5" after
        if re.search(rf"(?<![\d.]){re.escape(form)}(?!\.?\d)", text):
            return True
    return False


def _default_problems(row: str, value: object) -> list[str]:
    """What a line giving `value` as a default lacks (empty when it gives it)."""
    if isinstance(value, BaseModel):
        return []  # a nested section with its own defaults (`scoring`, `rules`)
    if isinstance(value, bool):
        word = "true" if value else "false"
        return [] if re.search(rf"\b{word}\b", row) else [word]
    if isinstance(value, (int, float)):
        return [] if _has_number(row, value) else [f"{value:g}"]
    if value is None:
        return [] if re.search(r"\bnull\b", row) else ["null"]
    if isinstance(value, str):
        shown = f"`{value}`" if value else '`""`'
        return [] if shown in row else [shown]
    if isinstance(value, (list, tuple)) and not value:
        return [] if "[]" in row else ["[]"]
    if isinstance(value, tuple) and all(isinstance(v, (int, float)) for v in value):
        shown = "[" + ", ".join(f"{v:g}" for v in value) + "]"
        return [] if shown in row else [shown]
    if isinstance(value, dict):
        missing = []
        for key, item in value.items():
            if not any(
                re.search(rf"\b{re.escape(str(key))}\b[\s:=]*{re.escape(form)}(?!\.?\d)", row)
                for form in _number_forms(item)
            ):
                missing.append(f"{key} {item:g}")
        return missing
    raise AssertionError(f"test_docs does not know how to show the default {value!r}")


def _default_of(field) -> object:
    if field.default_factory is not None:
        return field.default_factory()
    return field.default


def _strip(annotation):
    while typing.get_origin(annotation) is typing.Annotated:
        annotation = typing.get_args(annotation)[0]
    return annotation


def _models_in(annotation) -> list[type[BaseModel]]:
    """Every model an annotation can hold: in lists, dicts, optionals and unions."""
    annotation = _strip(annotation)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    found = []
    for arg in typing.get_args(annotation):
        found += [m for m in _models_in(arg) if m not in found]
    return found


def _literals_in(annotation) -> list:
    """The fixed choices an annotation allows (Literal values), outside nested models."""
    annotation = _strip(annotation)
    if typing.get_origin(annotation) is typing.Literal:
        return list(typing.get_args(annotation))
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return []
    values = []
    for arg in typing.get_args(annotation):
        values += [v for v in _literals_in(arg) if v not in values]
    return values


def format_sections() -> dict[str, list[type[BaseModel]]]:
    """Key path -> the models written there, for every model reachable from Scenario.
    A model met again at another path (`losses_low` is a `Losses` too) is documented once."""
    sections: dict[str, list[type[BaseModel]]] = {}
    seen: set[type[BaseModel]] = {Scenario}
    queue: list[tuple[str, type[BaseModel]]] = [("", Scenario)]
    while queue:
        path, model = queue.pop(0)
        for name, field in model.model_fields.items():
            key = field.alias or name
            child = f"{path}.{key}" if path else key
            for sub in _models_in(field.annotation):
                if sub in seen:
                    continue
                seen.add(sub)
                sections.setdefault(child, []).append(sub)
                queue.append((child, sub))
    return sections


def _keys(model: type[BaseModel]) -> list[tuple[str, object]]:
    return [(field.alias or name, field) for name, field in model.model_fields.items()]


def _section(text: str, path: str) -> str | None:
    """The lines under the first heading that names `path` in backticks, to the next heading."""
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if line.startswith("#") and f"`{path}`" in line:
            body = []
            for following in lines[i + 1 :]:
                if following.startswith("#"):
                    break
                body.append(following)
            return "\n".join(body)
    return None


def _table(section: str, column: str = "Default") -> dict[str, str]:
    """Rows of the section's tables that start with a `key`: key -> the cell under `column`
    (the whole row if the table has no such column)."""
    cells_of: dict[str, str] = {}
    index = None
    lines = section.split("\n")
    for i, line in enumerate(lines):
        if not line.startswith("|"):
            index = None
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        following = lines[i + 1] if i + 1 < len(lines) else ""
        if re.match(r"^\|[\s:|-]+\|\s*$", following):  # a header row: find the column
            index = cells.index(column) if column in cells else None
            continue
        match = re.match(r"^`([^`]+)`$", cells[0]) if cells else None
        if match and match.group(1) not in cells_of:
            cells_of[match.group(1)] = (
                cells[index] if index is not None and index < len(cells) else line
            )
    return cells_of


def _heading_section(text: str, title: str) -> str | None:
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if line.startswith("#") and title in line:
            level = len(line) - len(line.lstrip("#"))
            body = []
            for following in lines[i + 1 :]:
                if (
                    following.startswith("#")
                    and len(following) - len(following.lstrip("#")) <= level
                ):
                    break
                body.append(following)
            return "\n".join(body)
    return None


def _headed_paths(text: str) -> list[str]:
    """The key paths named first in backticks by headings: "### `map.gates` — gates"."""
    found = []
    for line in text.split("\n"):
        match = re.match(r"^#+\s*`([a-z_][a-z0-9_.]*)`", line)
        if match:
            found.append(match.group(1))
    return found


# --------------------------------------------------------------------------- the tests


def test_both_docs_exist() -> None:
    for path in (RULES_MD, MODDING_MD):
        assert path.is_file(), f"{path.relative_to(ROOT)} is missing"
        assert len(path.read_text(encoding="utf-8").strip()) > 1000, (
            f"{path.relative_to(ROOT)} is (nearly) empty"
        )


RULES_TABLE = "Rules constants and their defaults"


@pytest.mark.parametrize("name", list(Rules.model_fields))
def test_rules_constant_documented_with_default(name: str) -> None:
    text = _read(RULES_MD)
    value = getattr(Rules(), name)
    assert f"`{name}`" in text, (
        f"docs/RULES.md never mentions the rules constant `{name}` (default {value!r}): explain "
        f"it in the rules, and add a row for it to the table '{RULES_TABLE}'"
    )
    section = _heading_section(text, RULES_TABLE)
    assert section is not None, f"docs/RULES.md lacks the heading '{RULES_TABLE}'"
    cell = _table(section).get(name)
    assert cell is not None, (
        f"the table '{RULES_TABLE}' in docs/RULES.md has no row "
        f"`| `{name}` | ... |` for the constant (default {value!r})"
    )
    lacking = _default_problems(cell, value)
    assert not lacking, (
        f"docs/RULES.md, table '{RULES_TABLE}': the Default of `{name}` should "
        f"be {', '.join(lacking)} (the code's default is {value!r}), not {cell!r}"
    )


@pytest.mark.parametrize(
    "name", [n for n, v in Rules().model_dump().items() if isinstance(v, (bool, int, float))]
)
def test_rules_prose_quotes_current_defaults(name: str) -> None:
    """The text writes "`name` = **value**"; every such value must be the current default."""
    value = getattr(Rules(), name)
    wrong = []
    for number, line in _quoted_values(_read(RULES_MD), name):
        if _default_problems(number, value):
            wrong.append(f"{number!r} in: {line.strip()[:100]}")
    assert not wrong, (
        f"docs/RULES.md quotes `{name}` with a value that is not its default "
        f"{value!r}:\n  " + "\n  ".join(wrong)
    )


def _quoted_values(text: str, name: str) -> list[tuple[str, str]]:
    pattern = re.compile(rf"`{re.escape(name)}`\s*=\s*\*\*([^*]+)\*\*")
    return [(m.group(1), line) for line in text.split("\n") for m in pattern.finditer(line)]


def test_rules_table_has_no_stale_constants() -> None:
    """A constant removed or renamed in the code must leave the table too."""
    section = _heading_section(_read(RULES_MD), RULES_TABLE)
    assert section is not None, (
        f"docs/RULES.md lacks the heading '{RULES_TABLE}' (the table of every constant)"
    )
    stale = sorted(set(_table(section)) - set(Rules.model_fields))
    assert not stale, f"docs/RULES.md lists rules constants the code does not have: {stale}"


def test_rules_md_says_scenarios_may_override() -> None:
    assert "rules:" in _read(RULES_MD), (
        "docs/RULES.md should say that a scenario may override the constants under `rules:`"
    )


SECTIONS = format_sections()


@pytest.mark.parametrize("path", list(SECTIONS))
def test_format_section_documents_every_key(path: str) -> None:
    text = _read(MODDING_MD)
    models = SECTIONS[path]
    names = " / ".join(m.__name__ for m in models)
    keys = [k for m in models for k, _ in _keys(m)]
    section = _section(text, path)
    assert section is not None, (
        f"docs/MODDING.md has no heading naming `{path}` (model {names}); add a section headed "
        f"with `{path}` in backticks and a table row for each of its keys: "
        f"{', '.join(dict.fromkeys(keys))}"
    )
    defaults = _table(section)
    problems = []
    for model in models:
        for key, field in _keys(model):
            cell = defaults.get(key)
            if cell is None:
                problems.append(f"no table row `| `{key}` | ... |` for {model.__name__}.{key}")
                continue
            if field.is_required():
                if "required" not in cell:
                    problems.append(f"the Default of `{key}` should say `required`, not {cell!r}")
                continue
            lacking = _default_problems(cell, _default_of(field))
            if lacking:
                problems.append(
                    f"the Default of `{key}` should be {', '.join(lacking)} "
                    f"(the code's default is {_default_of(field)!r}), not {cell!r}"
                )
    stale = sorted(set(defaults) - {k for m in models for k, _ in _keys(m)})
    if stale:
        problems.append(f"rows for keys the format does not have: {stale}")
    for model in models:
        for key, field in _keys(model):
            for value in _literals_in(field.annotation):
                if f"`{value}`" not in section:
                    problems.append(
                        f"`{key}` may be {value!r}, but `{value}` is not named in the section"
                    )
    problems = list(dict.fromkeys(problems))
    assert not problems, f"docs/MODDING.md, section `{path}` ({names}):\n  - " + "\n  - ".join(
        problems
    )


def test_modding_has_no_stale_sections() -> None:
    """A section for a part of the format that no longer exists (renamed, moved) must go."""
    top = {field.alias or name for name, field in Scenario.model_fields.items()}
    stale = [
        p for p in _headed_paths(_read(MODDING_MD)) if p.split(".")[0] in top and p not in SECTIONS
    ]
    assert not stale, (
        f"docs/MODDING.md has sections for key paths the format does not have: "
        f"{stale} (the format's sections are: {', '.join(SECTIONS)})"
    )


def _slug(heading: str) -> str:
    """The anchor GitHub gives a heading: lower case, punctuation dropped, spaces to hyphens."""
    text = heading.lstrip("#").strip().lower()
    return re.sub(r"[^\w\- ]", "", text).replace(" ", "-")


@pytest.mark.parametrize("path", [RULES_MD, MODDING_MD], ids=["RULES.md", "MODDING.md"])
def test_internal_links_resolve(path: Path) -> None:
    text = _read(path)
    anchors = {_slug(line) for line in text.split("\n") if line.startswith("#")}
    broken = sorted(set(re.findall(r"\]\(#([^)]+)\)", text)) - anchors)
    assert not broken, f"docs/{path.name} links to headings it does not have: {broken}"


def test_every_model_walked() -> None:
    """The walk above reaches the models it should (a guard on the test itself)."""
    reached = {m.__name__ for models in SECTIONS.values() for m in models}
    for name in (
        "MapSpec",
        "Gate",
        "WallSection",
        "MoveCost",
        "Wind",
        "Trigger",
        "SetGate",
        "Reinforce",
        "HistoricalSide",
        "Losses",
        "Rules",
        "Ability",
        "Scoring",
    ):
        assert name in reached, f"format_sections() did not reach {name}"
