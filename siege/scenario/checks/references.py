"""Names and what names them: ids are unique, and every reference names an entry that exists.

A field whose type carries `Ref(...)` in the schema (`leader: LeaderRef`) names an entry
elsewhere in the file. One generic pass walks the typed scenario along its models' annotations
and reports each such value that names nothing, at its key, with a did-you-mean hint; no
reference needs a check of its own. What a reference must also agree with (a unit's leader on
the unit's side) is a rule of its subject, checked there.
"""

from __future__ import annotations

import functools
import types
import typing
from collections.abc import Callable, Iterator
from typing import Any, NamedTuple

from pydantic import BaseModel

from siege.scenario.checks.context import Context, check
from siege.scenario.load import KeyPath
from siege.scenario.problems import Problem
from siege.scenario.schema import Ref


class Found(NamedTuple):
    """One reference written in the file: its mark, the name it gives, where, and the entry
    whose field it is (whose `within` field scopes it)."""

    ref: Ref
    name: str
    keypath: KeyPath
    owner: BaseModel


Walker = Callable[[Any, KeyPath, BaseModel], Iterator[Found]]


@check
def dangling_references(ctx: Context) -> Iterator[Problem]:
    targets = _Targets(ctx)
    for found in references(ctx.s):
        yield from targets.check(found)


def references(model: BaseModel, keypath: KeyPath = ()) -> Iterator[Found]:
    """Every `Ref`-marked value inside `model`, with its key path in the file."""
    walk = _model_walker(type(model))
    if walk is not None:
        yield from walk(model, keypath, model)


class _Targets:
    """The names each `Ref` may give, collected once per section."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self._names: dict[tuple[str, str], list[tuple[str | None, str]]] = {}

    def names(self, ref: Ref) -> list[tuple[str | None, str]]:
        """(the outer entry's id, the name) of every entry in the section."""
        key = (ref.section, ref.key)
        if key not in self._names:
            entries = _entries(self.ctx.s, ref.section.split("."), None)
            self._names[key] = [(outer, getattr(entry, ref.key)) for outer, entry in entries]
        return self._names[key]

    def check(self, found: Found) -> Iterator[Problem]:
        ref = found.ref
        noun = ref.noun or ref.section.split(".")[-1].removesuffix("s").replace("_", " ")
        names = self.names(ref)
        if ref.within is None:
            known = [name for _, name in names]
        else:
            outer = getattr(found.owner, ref.within)
            first = ref.section.split(".")[0]
            if outer is None or outer not in {e.id for e in getattr(self.ctx.s, first)}:
                return  # the `within` field names nothing itself: reported on its own
            known = [name for owner, name in names if owner == outer]
            noun = f"{noun} of {ref.within} {outer!r}"
        if found.name not in known:
            yield self.ctx.unknown(found.keypath, noun, found.name, known)


def _entries(node: Any, parts: list[str], outer: str | None) -> Iterator[tuple[str | None, Any]]:
    """The entries at the end of an attribute path, each with the id of the first list entry
    passed on the way ("sides.nations": every nation, with its side's id)."""
    if not parts:
        yield outer, node
        return
    value = getattr(node, parts[0])
    for item in value if isinstance(value, list) else [value]:
        here = getattr(item, "id", None) if outer is None and isinstance(value, list) else outer
        yield from _entries(item, parts[1:], here)


# --------------------------------------------------------------------------- walking the models


@functools.cache
def _model_walker(model: type[BaseModel]) -> Walker | None:
    """Walks the fields of `model` that may hold a reference; None if none can."""
    plan = []
    for name, field in model.model_fields.items():
        walk = _walker(field.annotation, tuple(field.metadata))
        if walk is not None:
            plan.append((name, field.alias or name, walk))
    if not plan:
        return None

    def walk_model(value: Any, keypath: KeyPath, owner: BaseModel) -> Iterator[Found]:
        for name, key, walk in plan:
            yield from walk(getattr(value, name), keypath + (key,), value)

    return walk_model


def _walker(annotation: Any, metadata: tuple[Any, ...] = ()) -> Walker | None:
    """How to find the references in a value of this type; None if it cannot hold any."""
    refs = tuple(m for m in metadata if isinstance(m, Ref))
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is typing.Annotated:
        return _walker(args[0], metadata + tuple(args[1:]))
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        _scalar_only(refs, annotation)
        return _model_walker(annotation)
    if origin in (list, tuple, dict):
        _scalar_only(refs, annotation)
        if origin is dict:
            return _dict_walker(_walker(args[0]), _walker(args[1]))
        return _sequence_walker([_walker(a) for a in args if a is not Ellipsis])
    if origin in (typing.Union, types.UnionType):
        _scalar_only(refs, annotation)
        return _union_walker(args)
    if not refs:
        return None

    def walk_name(value: Any, keypath: KeyPath, owner: BaseModel) -> Iterator[Found]:
        for ref in refs:
            yield Found(ref, value, keypath, owner)

    return walk_name


def _scalar_only(refs: tuple[Ref, ...], annotation: Any) -> None:
    if refs:
        raise TypeError(f"Ref marks a name, not {annotation}: mark the element type instead")


def _sequence_walker(items: list[Walker | None]) -> Walker | None:
    """A list (one walker for every item) or a tuple (one per position)."""
    if not any(items):
        return None

    def walk_sequence(value: Any, keypath: KeyPath, owner: BaseModel) -> Iterator[Found]:
        for i, item in enumerate(value):
            walk = items[0] if len(items) == 1 else items[i]
            if walk is not None:
                yield from walk(item, keypath + (i,), owner)

    return walk_sequence


def _dict_walker(keys: Walker | None, values: Walker | None) -> Walker | None:
    """A mapping: its keys and its values are both written at the key's line."""
    if keys is None and values is None:
        return None

    def walk_dict(value: Any, keypath: KeyPath, owner: BaseModel) -> Iterator[Found]:
        for key, item in value.items():
            if keys is not None:
                yield from keys(key, keypath + (key,), owner)
            if values is not None:
                yield from values(item, keypath + (key,), owner)

    return walk_dict


def _union_walker(members: tuple[Any, ...]) -> Walker | None:
    """`X | None`, or a union of models (effects): walk the member the value is."""
    walkers = [(_bare(m), _walker(m)) for m in members if m is not type(None)]
    if not any(walk for _, walk in walkers):
        return None

    def walk_union(value: Any, keypath: KeyPath, owner: BaseModel) -> Iterator[Found]:
        if value is None:
            return
        for member, walk in walkers:
            is_model = isinstance(member, type) and issubclass(member, BaseModel)
            if not is_model or isinstance(value, member):
                if walk is not None:
                    yield from walk(value, keypath, owner)
                return

    return walk_union


def _bare(annotation: Any) -> Any:
    while typing.get_origin(annotation) is typing.Annotated:
        annotation = typing.get_args(annotation)[0]
    return annotation


# --------------------------------------------------------------------------- unique ids


def _duplicates(
    ctx: Context, section: KeyPath, items: list[Any], attr: str = "id"
) -> Iterator[Problem]:
    first: dict[str, int] = {}
    for i, item in enumerate(items):
        value = getattr(item, attr)
        if value in first:
            line = ctx.doc.where(section + (first[value], attr))[0]
            where = ctx.doc.file_at(section + (first[value], attr))
            here = "" if where == ctx.doc.file_at(section + (i, attr)) else f"{where} "
            yield ctx.problem(
                section + (i, attr), f"duplicate {attr} {value!r} (first used at {here}line {line})"
            )
        else:
            first[value] = i


@check
def unique_ids(ctx: Context) -> Iterator[Problem]:
    s = ctx.s
    yield from _duplicates(ctx, ("map", "terrain_types"), s.map.terrain_types)
    yield from _duplicates(ctx, ("map", "terrain_types"), s.map.terrain_types, "code")
    for name in ("enclosures", "gates", "works", "roads", "exits", "camps"):
        yield from _duplicates(ctx, ("map", name), getattr(s.map, name))
    for name in ("sides", "objectives", "weapons", "unit_types", "leaders", "units", "events"):
        yield from _duplicates(ctx, (name,), getattr(s, name))
    seen: dict[str, KeyPath] = {}
    for i, side in enumerate(s.sides):
        for j, nation in enumerate(side.nations):
            key = ("sides", i, "nations", j, "id")
            if nation.id in seen:
                yield ctx.problem(key, f"duplicate nation id {nation.id!r}")
            seen[nation.id] = key
