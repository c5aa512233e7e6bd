"""The layers import one way (CONTRIBUTING.md, "Layers"): the rules know nothing of the window,
the computer or the files; the computer knows the rules and the format, never the window; only
the window imports pygame. Each failure names the module and the import that breaks the rule."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "siege"

# module prefix -> the siege modules it may import (by prefix); pygame only where it says so
MAY_IMPORT: dict[str, tuple[str, ...]] = {
    "siege.engine": ("siege.engine", "siege.scenario.schema"),
    "siege.scenario.limits": (),
    "siege.scenario.problems": (),
    "siege.scenario.schema": ("siege.scenario.limits", "siege.scenario"),
    "siege.scenario.load": ("siege.readfile", "siege.scenario.limits", "siege.scenario.problems"),
    "siege.ai": ("siege.ai", "siege.engine", "siege.scenario.schema"),
}
BELOW_THE_WINDOW = ("siege.engine", "siege.scenario", "siege.ai", "siege.save", "siege.sim")
WINDOW_LIBRARIES = ("pygame", "pygame_gui")


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path) -> list[str]:
    """Every module the file imports, at the top or inside a function."""
    found: list[str] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append(node.module)
    return found


MODULES = sorted(PACKAGE.rglob("*.py"))


def _under(name: str, prefix: str) -> bool:
    return name == prefix or name.startswith(prefix + ".")


@pytest.mark.parametrize("path", MODULES, ids=lambda p: module_name(p))
def test_imports_go_one_way(path: Path):
    name = module_name(path)
    rule = next((p for p in sorted(MAY_IMPORT, key=len, reverse=True) if _under(name, p)), None)
    for target in imports(path):
        if any(_under(target, lib) for lib in WINDOW_LIBRARIES):
            assert _under(name, "siege.ui"), f"{name} imports {target}: only siege.ui may"
        if not _under(target, "siege"):
            continue
        if any(_under(name, low) for low in BELOW_THE_WINDOW):
            assert not _under(target, "siege.ui"), f"{name} imports the window ({target})"
        if name not in ("siege.cli", "siege.__main__"):
            assert not _under(target, "siege.cli"), f"{name} imports the command line ({target})"
        if rule is not None:
            allowed = MAY_IMPORT[rule]
            assert any(_under(target, a) for a in allowed), (
                f"{name} imports {target}; {rule} may import only {', '.join(allowed) or 'nothing'}"
            )


def test_the_rules_are_checked_somewhere():
    """The table names real modules (a rename would otherwise empty it silently)."""
    names = [module_name(p) for p in MODULES]
    for prefix in MAY_IMPORT:
        assert any(_under(n, prefix) for n in names), prefix
