"""References (`Ref` on a schema field): one generic pass finds every name that names nothing."""

from __future__ import annotations

import copy
import functools
import typing
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel

from siege.scenario.checks.references import Found, references
from siege.scenario.load import Document, load_text
from siege.scenario.schema import Ref, Scenario
from siege.scenario.validate import check_document
from siege.scenario.variants import load_scenario_document

REPO = Path(__file__).resolve().parents[2]
MINIMAL = REPO / "scenarios" / "examples" / "minimal.yaml"
FILES = [
    *sorted((REPO / "scenarios").glob("*.yaml")),
    MINIMAL,
    *sorted((REPO / "tests" / "engine" / "data").glob("*.yaml")),  # field_events: every effect
]


def _has_ref(annotation: Any, metadata: tuple[Any, ...] = ()) -> bool:
    if any(isinstance(m, Ref) for m in metadata):
        return True
    if typing.get_origin(annotation) is typing.Annotated:
        base, *meta = typing.get_args(annotation)
        return _has_ref(base, tuple(meta))
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return False
    return any(_has_ref(arg) for arg in typing.get_args(annotation))


def _models(annotation: Any) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [m for arg in typing.get_args(annotation) for m in _models(arg)]


def marked_fields() -> set[tuple[str, str]]:
    """(model, key) of every schema field that holds a reference, found from the annotations."""
    out: set[tuple[str, str]] = set()
    todo, seen = [Scenario], set()
    while todo:
        model = todo.pop()
        if model in seen:
            continue
        seen.add(model)
        for name, field in model.model_fields.items():
            if _has_ref(field.annotation, tuple(field.metadata)):
                out.add((model.__name__, field.alias or name))
            todo += _models(field.annotation)
    return out


def _field_of(found: Found) -> tuple[str, str]:
    keys = {f.alias or n for n, f in type(found.owner).model_fields.items()}
    return type(found.owner).__name__, next(
        k for k in reversed(found.keypath) if isinstance(k, str) and k in keys
    )


# fields no file above writes, added to minimal.yaml
EXTRA = [("      - {kind: message}\n", "      - {kind: resupply, units: [joseon_reserve]}\n")]


def _documents() -> Iterator[Callable[[], Document]]:
    for path in FILES:
        yield functools.partial(load_scenario_document, path)
    text = MINIMAL.read_text(encoding="utf-8")
    for old, new in EXTRA:
        assert text.count(old) == 1, old
        yield functools.partial(load_text, text.replace(old, old + new), "extra.yaml")


def one_of_each() -> dict[tuple[str, str], tuple[Callable[[], Document], Found]]:
    """For every marked field, one reference the scenarios write in it."""
    out: dict[tuple[str, str], tuple[Callable[[], Document], Found]] = {}
    for load in _documents():
        scenario = Scenario.model_validate(load().data)
        for found in references(scenario):
            out.setdefault(_field_of(found), (load, found))
    return out


EXAMPLES = one_of_each()


def test_the_schema_marks_every_kind_of_reference() -> None:
    assert {
        ("Unit", "side"),
        ("Unit", "nation"),
        ("Unit", "type"),
        ("Unit", "leader"),
        ("Leader", "unit"),
        ("UnitType", "weapons"),
        ("Trigger", "gate_state"),
        ("Trigger", "objective_held"),
        ("Reinforce", "units"),
        ("Enclosure", "around"),
        ("TutorialStep", "unit"),
    } <= marked_fields()


def test_the_files_write_every_marked_field_somewhere() -> None:
    """So the test below tries every one (add an example when you add a Ref'd field)."""
    assert marked_fields() - set(EXAMPLES) == set()


@pytest.mark.parametrize("field", sorted(EXAMPLES), ids="{0[0]}.{0[1]}".format)
def test_a_mistyped_name_in_any_marked_field_is_reported_at_its_key(field) -> None:
    load, found = EXAMPLES[field]
    doc = load()
    doc.data = copy.deepcopy(doc.data)
    typo = found.name + "q"
    *parents, last = found.keypath
    node = doc.data
    for part in parents:
        node = node[part]
    keypath = found.keypath
    if last == found.name:  # the name is a mapping's key (`points: {allies: 10}`)
        node[typo] = node.pop(last)
        keypath = (*parents, typo)
        doc.positions[keypath] = doc.positions[found.keypath]
    else:
        node[last] = typo
    _, problems = check_document(doc)
    here = [p for p in problems if p.keypath == keypath and f"{typo!r}" in p.message]
    assert len(here) == 1, [str(p) for p in problems]
    assert here[0].severity == "error"
    assert "unknown " in here[0].message
    if len(found.name) > 2:
        assert f"(did you mean {found.name!r}?)" in here[0].message
    line, _ = doc.where(keypath)
    assert here[0].line == line


def test_a_nation_must_be_one_of_the_units_own_side(minimal_text: str) -> None:
    from siege.scenario.load import load_text

    text = minimal_text.replace(
        "    side: allied\n    nation: ming\n", "    side: japan\n    nation: ming\n", 1
    )
    _, problems = check_document(load_text(text, "s.yaml"))
    messages = [p.message for p in problems]
    assert any("unknown nation of side 'japan' 'ming'" in m for m in messages), messages


def test_a_tutorial_step_naming_no_unit_is_an_error() -> None:
    path = REPO / "scenarios" / "tutorial.yaml"
    text = path.read_text(encoding="utf-8")
    assert "    unit: joseon_archers\n" in text
    text = text.replace("    unit: joseon_archers\n", "    unit: joseon_archer\n")
    from siege.scenario.load import load_text

    _, problems = check_document(load_text(text, "t.yaml"))
    tutorial = [str(p) for p in problems if p.keypath[:1] == ("tutorial",)]
    assert tutorial and all(
        "unknown unit 'joseon_archer' (did you mean 'joseon_archers'?)" in p for p in tutorial
    )


def test_ref_on_a_list_instead_of_its_items_is_refused_when_the_model_is_made() -> None:
    from typing import Annotated

    from siege.scenario.checks.references import _walker

    with pytest.raises(TypeError, match="mark the element type"):
        _walker(Annotated[list[str], Ref("units")])
