"""YAML -> plain data, remembering where every key and value was written.

We compose the YAML into nodes with a *safe* loader (the C one where present) and build the
Python values ourselves. That gives us: a line and column for every key path, duplicate keys
reported instead of silently overwritten, tags outside plain YAML (`!!python/...`) refused
without ever being constructed, and hard limits on size, nesting and alias expansion so a
hostile file is refused quickly instead of hanging the game.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

try:  # the C composer is several times faster; the pure one behaves the same
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

from siege.readfile import UnreadableFile, read_bytes, shown
from siege.scenario.limits import (
    MAX_DEPTH,
    MAX_FILE_BYTES,
    MAX_NODES,
    MAX_NUMBER_DIGITS,
    MAX_TEXT_CHARS,
)
from siege.scenario.problems import Problem, ScenarioError

KeyPath = tuple[Any, ...]

_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_BOOL = "tag:yaml.org,2002:bool"
_NULL = "tag:yaml.org,2002:null"
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"
_MERGE = "tag:yaml.org,2002:merge"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"  # an unquoted date: kept as the text written
_PLAIN_TAGS = {_STR, _INT, _FLOAT, _BOOL, _NULL, _SEQ, _MAP, _MERGE, _TIMESTAMP}


@dataclass
class Document:
    """Loaded YAML: its data and where each key path was written (1-based line, col).

    A variant (`extends:`) merges several files into one Document; `files` then says which file
    each key path came from, so a problem is reported at the line that wrote it.
    """

    path: str
    data: Any
    positions: dict[KeyPath, tuple[int, int]] = field(default_factory=dict)
    text: str = ""
    files: dict[KeyPath, str] = field(default_factory=dict)
    texts: dict[str, str] = field(default_factory=dict)

    def _nearest(self, keypath: KeyPath) -> KeyPath:
        keypath = tuple(keypath)
        while keypath and keypath not in self.positions:
            keypath = keypath[:-1]
        return keypath

    def where(self, keypath: KeyPath) -> tuple[int, int]:
        """The position of `keypath`, or of its nearest written ancestor."""
        return self.positions.get(self._nearest(keypath), (1, 1))

    def file_at(self, keypath: KeyPath) -> str:
        """The file that wrote `keypath` (this one, unless it came from a scenario it extends)."""
        return self.files.get(self._nearest(keypath), self.path) if self.files else self.path

    def describe(self, keypath: KeyPath, by_id: bool = False) -> str:
        """A key path as the modder reads it. In a merged variant, list positions mean little
        (the base's entries come first), so entries are named by id: `units[kon_guard].strength`;
        `by_id` names them so in any file (warnings do, for the author looks for the entry)."""
        if not self.files and not by_id:
            return format_keypath(keypath)
        named: list[Any] = []
        node = self.data
        for part in keypath:
            child = None
            if isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
                child = node[part]
                if isinstance(child, dict) and isinstance(child.get("id"), str):
                    named.append(_Named(child["id"]))
                    node = child
                    continue
            elif isinstance(node, dict):
                child = node.get(part)
            named.append(part)
            node = child
        return format_keypath(tuple(named))

    def text_at(self, keypath: KeyPath) -> str:
        return self.texts.get(self.file_at(keypath), self.text) if self.texts else self.text


class _Builder:
    """Turns composed nodes into dicts, lists and scalars, within the limits."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.positions: dict[KeyPath, tuple[int, int]] = {}
        self.problems: list[Problem] = []
        self.nodes = 0
        self.chars = 0
        self._scalar = yaml.constructor.SafeConstructor()

    def fail(self, node: yaml.Node, message: str, keypath: KeyPath = ()) -> None:
        mark = node.start_mark
        self.problems.append(Problem(self.path, mark.line + 1, mark.column + 1, message, keypath))

    def count(self, node: yaml.Node, depth: int) -> None:
        """One more value built: refuse the file once it expands beyond the limits (every alias
        and every mapping a merge key copies counts again, so a bomb stops early)."""
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise _TooBig(
                node,
                f"the file expands to more than {MAX_NODES:,} values "
                "(an alias bomb, or merge keys?); refused",
            )
        if depth > MAX_DEPTH:
            raise _TooBig(node, f"nesting deeper than {MAX_DEPTH} levels; refused")
        if isinstance(node, yaml.ScalarNode):
            self.chars += len(node.value)
            if self.chars > MAX_TEXT_CHARS:
                raise _TooBig(
                    node,
                    f"the file expands to more than {MAX_TEXT_CHARS:,} characters "
                    "of text (an alias bomb?); refused",
                )

    def build(self, node: yaml.Node, keypath: KeyPath, depth: int) -> Any:
        self.count(node, depth)
        mark = node.start_mark
        self.positions.setdefault(keypath, (mark.line + 1, mark.column + 1))
        if node.tag not in _PLAIN_TAGS:
            self.fail(
                node,
                f"{_describe(keypath)}tag {node.tag!r} is not allowed: scenarios are "
                "plain data (no !!python or custom tags)",
                keypath,
            )
            return None
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, keypath, depth)
        if isinstance(node, yaml.SequenceNode):
            return [
                self.build(item, keypath + (i,), depth + 1) for i, item in enumerate(node.value)
            ]
        assert isinstance(node, yaml.ScalarNode)  # the third kind of node
        return self._scalar_value(node, keypath)

    def _scalar_value(self, node: yaml.ScalarNode, keypath: KeyPath) -> Any:
        if node.tag == _TIMESTAMP:
            return node.value
        digits = sum(c.isdigit() for c in node.value)
        if node.tag in (_INT, _FLOAT) and digits > MAX_NUMBER_DIGITS:
            self.fail(
                node,
                f"{_describe(keypath)}a number of {digits:,} digits; at most "
                f"{MAX_NUMBER_DIGITS} are read",
                keypath,
            )
            return None
        try:
            return self._scalar.construct_object(node, deep=True)
        except Exception as exc:  # e.g. `!!bool maybe` (KeyError), `!!int ''` (IndexError)
            reason = getattr(exc, "problem", None) or str(exc) or type(exc).__name__
            shown = node.value if len(node.value) <= 40 else node.value[:37] + "..."
            self.fail(
                node,
                f"{_describe(keypath)}cannot read value {shown!r}: {' '.join(reason.split())}",
                keypath,
            )  # one line, however long
            return None

    def _mapping(self, node: yaml.MappingNode, keypath: KeyPath, depth: int) -> dict[Any, Any]:
        result: dict[Any, Any] = {}
        merged: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE:
                merged.update(self._merge_source(value_node, keypath, depth))
                continue
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag not in _PLAIN_TAGS:
                self.fail(key_node, f"{_describe(keypath)}keys must be plain names", keypath)
                continue
            key = self._scalar_value(key_node, keypath)
            if not isinstance(key, (str, int, float, bool)) or key is None:
                self.fail(key_node, f"{_describe(keypath)}keys must be plain names", keypath)
                continue
            child = keypath + (key,)
            if key in result:
                self.fail(
                    key_node,
                    f"{_describe(child)}duplicate key {key!r} "
                    f"(first given at line {self.positions[child][0]})",
                    child,
                )
                continue
            mark = key_node.start_mark
            self.positions[child] = (mark.line + 1, mark.column + 1)
            result[key] = self.build(value_node, child, depth + 1)
        for key, value in merged.items():
            result.setdefault(key, value)
        return result

    def _merge_source(self, node: yaml.Node, keypath: KeyPath, depth: int) -> dict[Any, Any]:
        """`<<: *anchor` (or a list of anchors): keys the mapping does not set itself."""
        sources = node.value if isinstance(node, yaml.SequenceNode) else [node]
        merged: dict[Any, Any] = {}
        for source in sources:
            if not isinstance(source, yaml.MappingNode):
                self.fail(source, f"{_describe(keypath)}'<<' merges mappings only", keypath)
                continue
            self.count(source, depth + 1)  # copied again for every mapping that merges it
            value = self._mapping(source, keypath, depth + 1)
            for key, item in value.items():
                merged.setdefault(key, item)
        return merged


class _TooBig(Exception):
    def __init__(self, node: yaml.Node, message: str) -> None:
        super().__init__(message)
        self.node = node
        self.message = message


def _describe(keypath: KeyPath) -> str:
    return f"{format_keypath(keypath)}: " if keypath else ""


class _Named(str):
    """An entry named by its id inside a key path."""


def format_keypath(keypath: KeyPath) -> str:
    """`units[3].strength` — the way a modder reads a key path."""
    text = ""
    for part in keypath:
        if isinstance(part, (int, _Named)):
            text += f"[{part}]"
        else:
            name = str(part)
            if not name or not name.isprintable():  # a key with a line break stays on one line
                text += f"[{name!r}]"
            else:
                text += f".{name}" if text else name
    return text


def load_text(text: str, path: str = "<string>") -> Document:
    """Parse YAML text; raises ScenarioError listing every problem found."""
    if len(text.encode("utf-8", "surrogatepass")) > MAX_FILE_BYTES:
        raise ScenarioError(
            [Problem(path, 1, 1, f"file is larger than {MAX_FILE_BYTES:,} bytes; refused")]
        )
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise ScenarioError(
            [Problem(path, line, 1, "file contains NUL bytes: not a YAML text file")]
        )
    _check_nesting(text, path)
    loader = _Loader(text)
    try:
        root = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        lines = text.splitlines() or [""]
        if line > len(lines):  # libyaml marks the end of the file one line past the last one
            line, col = len(lines), len(lines[-1]) + 1
        message = " ".join(filter(None, [exc.context, exc.problem])) or str(exc)
        raise ScenarioError(
            [Problem(path, line, col, f"YAML syntax: {' '.join(message.split())}")]
        ) from None
    except yaml.reader.ReaderError as exc:  # a control character; `position` counts UTF-8 bytes
        raw = text.encode("utf-8", "surrogatepass")
        line = raw.count(b"\n", 0, exc.position) + 1
        col = exc.position - (raw.rfind(b"\n", 0, exc.position) + 1) + 1
        char = exc.character if isinstance(exc.character, int) else ord(exc.character[:1] or "?")
        raise ScenarioError(
            [
                Problem(
                    path,
                    line,
                    col,
                    f"YAML syntax: unacceptable character #x{char:04x}: {exc.reason}",
                )
            ]
        ) from None
    except yaml.YAMLError as exc:
        raise ScenarioError(
            [Problem(path, 1, 1, f"YAML syntax: {' '.join(str(exc).split())}")]
        ) from None
    except RecursionError:
        raise ScenarioError(
            [Problem(path, 1, 1, f"nesting deeper than {MAX_DEPTH} levels; refused")]
        ) from None
    finally:
        loader.dispose()
    if root is None:
        raise ScenarioError([Problem(path, 1, 1, "file is empty: expected a scenario mapping")])
    builder = _Builder(path)
    try:
        data = builder.build(root, (), 0)
    except _TooBig as exc:
        mark = exc.node.start_mark
        raise ScenarioError([Problem(path, mark.line + 1, mark.column + 1, exc.message)]) from None
    except RecursionError:
        raise ScenarioError(
            [Problem(path, 1, 1, f"nesting deeper than {MAX_DEPTH} levels; refused")]
        ) from None
    if builder.problems:
        raise ScenarioError(builder.problems)
    return Document(path=path, data=data, positions=builder.positions, text=text)


def _check_nesting(text: str, path: str) -> None:
    """Refuse deep nesting from the event stream, before the (recursive) composer sees it."""
    depth = 0
    try:
        for event in yaml.parse(text, Loader=_Loader):
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
                if depth > MAX_DEPTH:
                    mark = event.start_mark
                    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
                    raise ScenarioError(
                        [
                            Problem(
                                path,
                                line,
                                col,
                                f"nesting deeper than {MAX_DEPTH} levels; refused",
                            )
                        ]
                    )
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
    except yaml.YAMLError:
        return  # the composer reports syntax errors with their position


def read_text(path: str | Path) -> str:
    """Read a scenario file as UTF-8 through the bounded door, failures turned into problems."""
    name = shown(path)
    try:
        raw = read_bytes(path, MAX_FILE_BYTES)
    except UnreadableFile as exc:
        raise ScenarioError([Problem(name, 1, 1, exc.reason)]) from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise ScenarioError(
            [Problem(name, line, col, "not UTF-8 text (binary data?); scenarios are UTF-8 YAML")]
        ) from None


def load_file(path: str | Path) -> Document:
    return load_text(read_text(path), shown(path))
