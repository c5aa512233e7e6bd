"""Variants: `extends: other.yaml` at the top of a scenario, and how the two are merged.

The rules, in the order a modder meets them:
- mappings merge key by key: what the variant writes replaces what the base wrote, and
  nested mappings merge the same way (so `calendar: {weather: {temperature_c: -5}}` changes
  one number);
- lists of entries with an `id` (units, leaders, gates, terrain types, ...) merge by id: an entry
  whose id is in the base patches that entry field by field; a new id is added at the end;
- any other list (hexes, a road's path, `around`) and any plain value is replaced whole;
- `remove:` maps a section to the ids to take out, e.g. `remove: {units: [so_guard],
  "map.gates": [botong]}`.
The base may itself extend another; a cycle is refused. `extends:` names a file relative to the
variant, or else one of the shipped scenarios, so a player's mod can build on them. Every key
keeps the file, line and column that wrote it, so problems point into the right file.
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from siege.readfile import UnreadableFile, check_path
from siege.scenario.load import Document, KeyPath, format_keypath, load_file
from siege.scenario.problems import Problem, ScenarioError
from siege.shipped import SCENARIOS as SHIPPED

MAX_CHAIN = 8
MAX_NAME_CHARS = 255
SCENARIO_SUFFIXES = (".yaml", ".yml")

Source = tuple[Any, ...]  # ("whole", doc, path) | ("node", doc, path, children)


def load_scenario_document(path: str | Path, _chain: tuple[str, ...] = ()) -> Document:
    """The scenario file at `path` with everything it extends merged in."""
    doc = load_file(path)
    if not isinstance(doc.data, dict) or "extends" not in doc.data:
        return doc
    return _resolve(doc, _chain + (_key(path),))


def resolve_document(doc: Document, base_dir: str | Path | None = None) -> Document:
    """Merge what an already-loaded document extends (for text loaded without a file)."""
    if not isinstance(doc.data, dict) or "extends" not in doc.data:
        return doc
    return _resolve(doc, (_key(doc.path),), base_dir)


def _key(path: str | Path) -> str:
    return str(Path(path).resolve())


def _resolve(doc: Document, chain: tuple[str, ...], base_dir: str | Path | None = None) -> Document:
    data = dict(doc.data)
    target = data.pop("extends")
    removals = data.pop("remove", None)
    where = ("extends",)
    if not isinstance(target, str) or not target.strip():
        raise ScenarioError(
            [
                _problem(
                    doc,
                    where,
                    "extends: expected the file name of the scenario "
                    "this one changes, e.g. pyongyang_1593.yaml",
                )
            ]
        )
    base_path = _find(target, Path(base_dir) if base_dir else Path(doc.path).parent)
    if base_path is None:
        raise ScenarioError(
            [
                _problem(
                    doc,
                    where,
                    f"extends: no scenario {_name(target)} next to "
                    "this file or among the shipped ones (a .yaml "
                    "file)",
                )
            ]
        )
    if _key(base_path) in chain or len(chain) >= MAX_CHAIN:
        names = " -> ".join(Path(c).name for c in chain + (_key(base_path),))
        raise ScenarioError(
            [
                _problem(
                    doc,
                    where,
                    f"extends: a cycle or too long a chain of variants ({names}); refused",
                )
            ]
        )
    base = load_scenario_document(base_path, chain)
    if not looks_like_scenario(base.data):
        raise ScenarioError(
            [
                _problem(
                    doc,
                    where,
                    f"extends: {_name(target)} is not a scenario "
                    "(no meta, map, sides, ... sections)",
                )
            ]
        )
    problems: list[Problem] = []
    merged, source = _merge(base.data, (), base, data, (), doc, problems)
    if removals is not None:
        _remove(merged, source, removals, doc, problems)
    if problems:
        raise ScenarioError(problems)
    out = Document(path=doc.path, data=merged, text=doc.text)
    out.texts = {**(base.texts or {base.path: base.text}), doc.path: doc.text}
    _flatten(source, (), out)
    return out


SECTIONS = (
    "meta",
    "map",
    "sides",
    "objectives",
    "victory",
    "weapons",
    "unit_types",
    "leaders",
    "units",
    "calendar",
    "events",
    "history",
    "rules",
    "extends",
    "remove",
)


def looks_like_scenario(data: Any) -> bool:
    """A mapping with at least one scenario section: anything else is refused without quoting
    a word of it (it may be some other file a link or a save pointed at)."""
    return isinstance(data, dict) and any(key in data for key in SECTIONS)


def _find(target: str, folder: Path) -> Path | None:
    if len(target) > MAX_NAME_CHARS or not target.isprintable():
        return None
    name = Path(target)
    if name.is_absolute() or ".." in name.parts:
        return None  # a mod builds on files beside it or on the shipped scenarios, nothing else
    for candidate in (folder / name, SHIPPED / name):
        try:
            check_path(candidate)
        except UnreadableFile:
            continue
        if Path(os.path.realpath(candidate)).suffix.lower() not in SCENARIO_SUFFIXES:
            continue  # a link to some other kind of file is never read, nor quoted in a message
        return candidate
    return None


def _name(target: str) -> str:
    """The `extends:` value as a message shows it: quoted, on one line, not too long."""
    return (
        repr(target) if len(target) <= 80 else repr(target[:60]) + f"… ({len(target):,} characters)"
    )


def _problem(doc: Document, keypath: KeyPath, message: str) -> Problem:
    line, col = doc.where(keypath)
    return Problem(doc.file_at(keypath), line, col, message, keypath)


# --------------------------------------------------------------------------- merging


def _entries(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(e, dict) and "id" in e for e in value)


def _merge(
    b: Any,
    bpath: KeyPath,
    bdoc: Document,
    v: Any,
    vpath: KeyPath,
    vdoc: Document,
    problems: list[Problem],
) -> tuple[Any, Source]:
    if isinstance(b, dict) and isinstance(v, dict):
        out = dict(b)
        children: dict[Any, Source] = {k: ("whole", bdoc, bpath + (k,)) for k in b}
        for k, value in v.items():
            if k in b:
                out[k], children[k] = _merge(
                    b[k], bpath + (k,), bdoc, value, vpath + (k,), vdoc, problems
                )
            else:
                out[k], children[k] = value, ("whole", vdoc, vpath + (k,))
        return out, ("node", vdoc, vpath, children)
    if _entries(b) and _entries(v) and b:
        index = {e["id"]: i for i, e in enumerate(b)}
        out_list = list(b)
        sources: list[Source] = [("whole", bdoc, bpath + (i,)) for i in range(len(b))]
        for j, entry in enumerate(v):
            i = index.get(entry["id"])
            if i is None:
                _check_new_entry(entry, index, vdoc, vpath + (j,), problems)
                out_list.append(entry)
                sources.append(("whole", vdoc, vpath + (j,)))
            else:
                out_list[i], sources[i] = _merge(
                    b[i], bpath + (i,), bdoc, entry, vpath + (j,), vdoc, problems
                )
        return out_list, ("node", vdoc, vpath, dict(enumerate(sources)))
    return v, ("whole", vdoc, vpath)


def _check_new_entry(
    entry: dict[str, Any],
    ids: dict[str, Any],
    doc: Document,
    keypath: KeyPath,
    problems: list[Problem],
) -> None:
    """A variant entry with an unknown id and only a few keys is most likely a mistyped patch."""
    if len(entry) > 3 or not isinstance(entry["id"], str):
        return
    hint = difflib.get_close_matches(entry["id"], [str(i) for i in ids], n=1, cutoff=0.7)
    if hint:
        problems.append(
            _problem(
                doc,
                keypath + ("id",),
                f"{format_keypath(keypath + ('id',))}: "
                f"{entry['id']!r} is not in the base scenario, so this would add "
                f"a new entry (did you mean {hint[0]!r}?)",
            )
        )


def _expand(source: Source, value: Any) -> Source:
    """A "node" source for a mapping or list, splitting a "whole" one into its parts."""
    if source[0] == "node":
        return source
    _, doc, path = source
    keys = list(value) if isinstance(value, dict) else range(len(value))
    return ("node", doc, path, {k: ("whole", doc, path + (k,)) for k in keys})


def _remove(
    data: dict[str, Any], source: Source, removals: Any, doc: Document, problems: list[Problem]
) -> None:
    """Apply `remove: {section: [ids]}` to the merged data and to the record of its sources."""
    if not isinstance(removals, dict):
        problems.append(
            _problem(
                doc,
                ("remove",),
                "remove: expected a mapping of section to ids, e.g. {units: [so_guard]}",
            )
        )
        return
    for section, ids in removals.items():
        where = ("remove", section)
        parts = str(section).split(".")
        parent: Any = data
        psource = source
        for part in parts[:-1]:
            if not isinstance(parent, dict) or not isinstance(parent.get(part), dict):
                parent = None
                break
            psource[3][part] = _expand(psource[3][part], parent[part])
            parent, psource = parent[part], psource[3][part]
        entries: Any = parent.get(parts[-1]) if isinstance(parent, dict) else None
        if not _entries(entries) or not isinstance(ids, list):
            problems.append(
                _problem(
                    doc, where, f"remove.{section}: not a list of entries with ids in this scenario"
                )
            )
            continue
        known = [e["id"] for e in entries]
        for k, name in enumerate(ids):
            if name not in known:
                hint = difflib.get_close_matches(str(name), [str(x) for x in known], n=1)
                tail = f" (did you mean {hint[0]!r}?)" if hint else ""
                problems.append(
                    _problem(
                        doc,
                        where + (k,),
                        f"remove.{section}[{k}]: no entry {name!r} to remove{tail}",
                    )
                )
        keep = [i for i, e in enumerate(entries) if e["id"] not in ids]
        listed = _expand(psource[3][parts[-1]], entries)
        parent[parts[-1]] = [entries[i] for i in keep]
        psource[3][parts[-1]] = (
            "node",
            listed[1],
            listed[2],
            {new: listed[3][i] for new, i in enumerate(keep)},
        )


def _flatten(source: Source, out_path: KeyPath, out: Document) -> None:
    """Write positions (and their files) for the merged data from the sources of its parts."""
    if source[0] == "whole":
        _, doc, path = source
        for keypath, pos in _subtree(doc, path):
            new = out_path + keypath[len(path) :]
            out.positions[new] = pos
            out.files[new] = doc.file_at(keypath)
        return
    _, doc, path, children = source
    if path in doc.positions:
        out.positions[out_path] = doc.positions[path]
        out.files[out_path] = doc.file_at(path)
    for key, child in children.items():
        _flatten(child, out_path + (key,), out)


def _subtree(doc: Document, path: KeyPath) -> Iterator[tuple[KeyPath, tuple[int, int]]]:
    index = getattr(doc, "_children", None)
    if index is None:
        index = {}
        for keypath in doc.positions:
            if keypath:
                index.setdefault(keypath[:-1], []).append(keypath)
        doc._children = index  # type: ignore[attr-defined]
    stack = [path]
    while stack:
        keypath = stack.pop()
        if keypath in doc.positions:
            yield keypath, doc.positions[keypath]
        stack.extend(index.get(keypath, ()))
