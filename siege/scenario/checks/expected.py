"""Warnings the author marked as intended: `expect_warnings: [code, ...]` beside the entry.

A marked warning is silenced at that entry only; a mark whose warning no longer fires there
(or that names no warning) is itself a warning, so stale marks do not pile up.
"""

from __future__ import annotations

import functools
import typing
from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel

from siege.scenario.checks.context import WARNING_CODES, Context, did_you_mean
from siege.scenario.load import KeyPath
from siege.scenario.problems import Problem

STALE = "stale_expect_warning"
WARNING_CODES[STALE] = "expected"


def apply_marks(ctx: Context, warnings: list[Problem]) -> list[Problem]:
    """`warnings` without those marked as intended, and a warning for every unused mark."""
    marks = dict(_marked_entries(ctx.s, ()))
    used: set[tuple[KeyPath, str]] = set()
    shown = []
    for warning in warnings:
        entry = _entry_of(warning.keypath, marks)
        if entry is not None and warning.code in marks[entry]:
            used.add((entry, warning.code))
        else:
            shown.append(warning)
    for entry, codes in marks.items():
        for j, code in enumerate(codes):
            if (entry, code) in used:
                continue
            if code in WARNING_CODES and code != STALE:
                why = f"warning {code!r} is expected here but no longer fires: remove the mark"
            else:
                why = f"{code!r} is not a warning code{did_you_mean(code, WARNING_CODES)}"
            shown.append(ctx.warning(STALE, entry + ("expect_warnings", j), why))
    return shown


def _entry_of(keypath: KeyPath, marks: dict[KeyPath, list[str]]) -> KeyPath | None:
    """The innermost entry that may carry marks and holds the key `keypath`."""
    for end in range(len(keypath), -1, -1):
        if keypath[:end] in marks:
            return keypath[:end]
    return None


def _marked_entries(node: Any, keypath: KeyPath) -> Iterator[tuple[KeyPath, list[str]]]:
    """Every entry that may carry `expect_warnings`, with its key path and its marks."""
    if isinstance(node, BaseModel):
        if "expect_warnings" in type(node).model_fields:
            yield keypath, list(node.expect_warnings)  # type: ignore[attr-defined]
        for name, key in _fields_to_search(type(node)):
            yield from _marked_entries(getattr(node, name), keypath + (key,))
    elif isinstance(node, (list, tuple)):
        for i, item in enumerate(node):
            yield from _marked_entries(item, keypath + (i,))
    elif isinstance(node, dict):
        for key, item in node.items():
            yield from _marked_entries(item, keypath + (key,))


@functools.cache
def _fields_to_search(model: type[BaseModel]) -> list[tuple[str, str]]:
    """(name, key) of the fields of `model` whose values may hold an entry with marks."""
    return [
        (name, field.alias or name)
        for name, field in model.model_fields.items()
        if any(_may_hold_marks(m) for m in _models_in(field.annotation))
    ]


@functools.cache
def _may_hold_marks(model: type[BaseModel]) -> bool:
    return "expect_warnings" in model.model_fields or any(
        _may_hold_marks(m) for f in model.model_fields.values() for m in _models_in(f.annotation)
    )


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    """The models an annotation may hold, at any depth (`list[Unit]`, `dict[str, X] | None`)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [m for arg in typing.get_args(annotation) for m in _models_in(arg)]
