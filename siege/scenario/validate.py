"""Load a scenario file and check it: every problem at once, each with its file, line and key."""

from __future__ import annotations

import difflib
import functools
import typing
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic.fields import FieldInfo

from siege.scenario import checks
from siege.scenario.limits import MAX_UNITS
from siege.scenario.load import Document, load_text
from siege.scenario.problems import Problem, ScenarioError
from siege.scenario.schema import Effect, Scenario
from siege.scenario.variants import load_scenario_document, looks_like_scenario, resolve_document


def check_document(doc: Document, strict: bool = False) -> tuple[Scenario | None, list[Problem]]:
    """The typed scenario (None if it has errors) and every problem, warnings too when strict."""
    if not looks_like_scenario(doc.data):
        return None, [
            Problem(
                doc.path, 1, 1, "a scenario must be a mapping of sections (meta, map, sides, ...)"
            )
        ]
    units = doc.data.get("units")
    if isinstance(units, list) and len(units) > MAX_UNITS:
        line, col = doc.where(("units",))
        return None, [
            Problem(doc.path, line, col, f"units: {len(units):,} units; the limit is {MAX_UNITS:,}")
        ]
    try:
        scenario = Scenario.model_validate(doc.data)
    except ValidationError as exc:
        return None, sorted(_pydantic_problems(doc, exc))
    problems = checks.run_all(scenario, doc)
    if strict:
        problems += checks.run_strict(scenario, doc)
    has_errors = any(p.severity == "error" for p in problems)
    return (None if has_errors else scenario), sorted(problems)


def parse_document(doc: Document) -> Scenario:
    """Typed model from loaded data; raises ScenarioError with every error found."""
    scenario, problems = check_document(doc)
    if scenario is None:
        raise ScenarioError([p for p in problems if p.severity == "error"])
    return scenario


def load_scenario(path: str | Path) -> Scenario:
    """The validated scenario in `path`, with what it `extends:` merged in."""
    return parse_document(load_scenario_document(path))


def load_scenario_text(
    text: str, path: str = "<string>", base_dir: str | Path | None = None
) -> Scenario:
    """Like load_scenario, from text; `extends:` is looked up in `base_dir` (default: cwd)."""
    return parse_document(resolve_document(load_text(text, path), base_dir))


def validate_path(path: str | Path, strict: bool = False) -> list[Problem]:
    """All problems in one file (warnings too when strict); empty when it is valid."""
    try:
        return check_document(load_scenario_document(path), strict)[1]
    except ScenarioError as exc:
        return exc.problems


# --------------------------------------------------------------------------- pydantic -> problems


def _pydantic_problems(doc: Document, exc: ValidationError) -> list[Problem]:
    problems = []
    seen: set[tuple[Any, ...]] = set()
    for error in exc.errors(include_url=False):
        keypath = _data_keypath(doc.data, error["loc"])
        message = _message(dict(error), keypath)
        key = (keypath, message)
        if key in seen:
            continue
        seen.add(key)
        line, col = doc.where(keypath)
        where = doc.describe(keypath) or "file"
        problems.append(Problem(doc.file_at(keypath), line, col, f"{where}: {message}", keypath))
    return problems


def _data_keypath(data: Any, loc: tuple[Any, ...]) -> tuple[Any, ...]:
    """Pydantic's location minus the union tags it inserts, so it indexes the file's data."""
    path: list[Any] = []
    node = data
    for part in loc:
        if (isinstance(node, dict) and part in node) or (
            isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)
        ):
            node = node[part]
            path.append(part)
        elif isinstance(node, dict) and isinstance(part, str) and part not in node:
            # either a union tag (skip it) or a missing key (keep it, it is named in the message)
            if part in _effect_kinds():
                continue
            path.append(part)
            node = None
        else:
            continue
    return tuple(path)


@functools.cache
def _effect_kinds() -> frozenset[str]:
    union = typing.get_args(_strip(Effect))
    return frozenset(typing.get_args(model.model_fields["kind"].annotation)[0] for model in union)


def _message(error: dict[str, Any], keypath: tuple[Any, ...]) -> str:
    kind = error["type"]
    if kind == "extra_forbidden":
        name = keypath[-1] if keypath else "?"
        allowed = _fields_at(keypath[:-1])
        hint = difflib.get_close_matches(str(name), allowed, n=1, cutoff=0.6)
        text = f"unknown key {name!r}"
        if hint:
            text += f" (did you mean {hint[0]!r}?)"
        elif allowed:
            text += f"; expected one of: {', '.join(sorted(allowed))}"
        return text
    if kind == "missing":
        return "required key is missing"
    if kind == "literal_error":
        expected = error.get("ctx", {}).get("expected", "")
        return f"{_shown_value(error['input'])} is not allowed; expected {expected}"
    if kind == "union_tag_invalid":
        ctx = error.get("ctx", {})
        return f"unknown kind {ctx.get('tag')!r}; expected one of {ctx.get('expected_tags')}"
    if kind == "union_tag_not_found":
        return "needs a `kind:` key"
    if kind == "value_error" and "error" in error.get("ctx", {}):
        return str(error["ctx"]["error"])
    value = error.get("input")
    shown = _shown_value(value)
    if kind in ("model_type", "dict_type"):
        return f"expected a mapping of keys, got {shown}"
    if kind in ("list_type", "tuple_type"):
        return f"expected a list, got {shown}"
    msg = error["msg"]
    return f"{msg[0].lower()}{msg[1:]} (got {shown})"


def _shown_value(value: Any) -> str:
    """A value as a message quotes it: short, on one line (a huge text or number is cut)."""
    if isinstance(value, str) and len(value) > 40:
        return repr(value[:30]) + f"… ({len(value):,} characters)"
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 10**18:
        return f"a number of about {int(value.bit_length() * 0.30103) + 1:,} digits"
    if isinstance(value, (str, int, float, bool)) or value is None:
        return repr(value)
    kinds: dict[type, str] = {dict: "a mapping", list: "a list"}
    return kinds.get(type(value), type(value).__name__)


def _fields_at(keypath: tuple[Any, ...]) -> list[str]:
    """The keys the model allows at `keypath`, for 'did you mean' hints."""
    annotation: Any = Scenario
    for part in keypath:
        model = _model_in(annotation)
        if isinstance(part, int):
            args = typing.get_args(_strip(annotation))
            annotation = args[0] if args else None
        elif model is not None:
            field = _field_named(model, str(part))
            if field is None:
                return []
            annotation = field.annotation
        else:
            args = typing.get_args(_strip(annotation))
            annotation = args[-1] if args else None
    return sorted(
        {
            f.alias or name
            for model in _models_in(annotation)
            for name, f in model.model_fields.items()
        }
    )


def _field_named(model: type[BaseModel], key: str) -> FieldInfo | None:
    for name, field in model.model_fields.items():
        if key in (name, field.alias):
            return field
    return None


def _strip(annotation: Any) -> Any:
    while typing.get_origin(annotation) is typing.Annotated:
        annotation = typing.get_args(annotation)[0]
    return annotation


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    """The models an annotation may hold: itself, or the members of an Optional or a Union."""
    annotation = _strip(annotation)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [
        arg
        for arg in map(_strip, typing.get_args(annotation))
        if isinstance(arg, type) and issubclass(arg, BaseModel)
    ]


def _model_in(annotation: Any) -> type[BaseModel] | None:
    models = _models_in(annotation)
    return models[0] if models else None
