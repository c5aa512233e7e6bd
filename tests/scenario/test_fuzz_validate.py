"""Property: whatever a file holds, validating it yields Problems (never an exception), each on a
real line. The inputs are minimal.yaml with its data or its text mutated at random."""

from __future__ import annotations

import copy
import re
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from siege.scenario.problems import Problem
from siege.scenario.validate import validate_path

HERE = Path(__file__).resolve().parent
MINIMAL_TEXT = (HERE.parents[1] / "scenarios" / "examples" / "minimal.yaml").read_text(
    encoding="utf-8"
)
MINIMAL_DATA = yaml.safe_load(MINIMAL_TEXT)

FUZZ = settings(
    max_examples=150, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)


@pytest.fixture(scope="module")
def scratch(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("fuzz") / "fuzzed.yaml"


def _paths(node, prefix=()):
    """Every key path in the data, containers included."""
    yield prefix
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _paths(value, prefix + (key,))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _paths(value, prefix + (i,))


ALL_PATHS = [p for p in _paths(MINIMAL_DATA) if p]

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**6), 10**6),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=12),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=6,
)


@st.composite
def mutated_data(draw):
    data = copy.deepcopy(MINIMAL_DATA)
    for _ in range(draw(st.integers(1, 3))):
        path = draw(st.sampled_from(ALL_PATHS))
        parent = data
        try:
            for part in path[:-1]:
                parent = parent[part]
            key = path[-1]
            parent[key]
        except (KeyError, IndexError, TypeError):
            continue  # an earlier mutation removed or replaced this path
        action = draw(st.sampled_from(["drop", "retype", "rename", "duplicate", "text"]))
        if action == "drop":
            del parent[key]
        elif action == "retype":
            parent[key] = draw(values)
        elif action == "rename" and isinstance(parent, dict):
            new = draw(
                st.one_of(
                    st.text(min_size=1, max_size=10),
                    st.just(f"{key}s"),
                    st.just(str(key)[:-1] or "x"),
                    st.integers(0, 3),
                    st.booleans(),
                )
            )
            parent[new] = parent.pop(key)
        elif action == "duplicate" and isinstance(parent, list):
            parent.insert(key, copy.deepcopy(parent[key]))
        else:
            parent[key] = draw(st.text(max_size=30))
    return data


@st.composite
def mutated_text(draw):
    lines = MINIMAL_TEXT.split("\n")
    for _ in range(draw(st.integers(1, 3))):
        i = draw(st.integers(0, len(lines) - 1))
        action = draw(st.sampled_from(["delete", "duplicate", "insert", "indent", "truncate"]))
        if action == "delete":
            del lines[i]
        elif action == "duplicate":
            lines.insert(i, lines[i])
        elif action == "insert":
            at = draw(st.integers(0, len(lines[i])))
            lines[i] = lines[i][:at] + draw(st.text(max_size=8)) + lines[i][at:]
        elif action == "indent":
            lines[i] = draw(st.sampled_from([" ", "\t", "  ", ""])) + lines[i].lstrip(" ")
        else:
            lines[i] = lines[i][: draw(st.integers(0, len(lines[i])))]
    return "\n".join(lines)


def _check(path: Path, data: bytes) -> list[Problem]:
    path.write_bytes(data)
    problems = validate_path(path, strict=True)  # must not raise
    assert isinstance(problems, list)
    try:  # YAML also breaks lines at \r, NEL, LS and PS
        line_count = max(data.count(b"\n") + 1, len(data.decode("utf-8").splitlines()))
    except UnicodeDecodeError:
        line_count = data.count(b"\n") + 1
    for problem in problems:
        assert isinstance(problem, Problem)
        assert 1 <= problem.line <= line_count, problem
        assert problem.column >= 1, problem
        assert problem.severity in ("error", "warning")
        assert problem.message and "\n" not in problem.message and "\r" not in problem.message
        assert re.match(rf"^{re.escape(str(path))}:\d+:\d+: (error|warning): .+$", str(problem))
    return problems


@FUZZ
@given(data=mutated_data())
def test_mutated_data_gives_only_problems(scratch, data):
    text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
    _check(scratch, text.encode("utf-8"))


@FUZZ
@given(text=mutated_text())
def test_mutated_text_gives_only_problems(scratch, text):
    _check(scratch, text.encode("utf-8"))


@settings(FUZZ, max_examples=60)
@given(prefix=st.integers(0, len(MINIMAL_TEXT)), junk=st.binary(max_size=64))
def test_random_bytes_give_only_problems(scratch, prefix, junk):
    head = MINIMAL_TEXT.encode("utf-8")[:prefix]
    _check(scratch, head + junk)
