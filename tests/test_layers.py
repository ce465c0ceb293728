"""The package's layers import one way: a change belongs in one room, and the engine
glue is the only part that knows MkDocs."""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

from sample import PROJECT

PACKAGE = PROJECT / "macros"
ENGINE_MODULES = ("mkdocs", "material", "mkdocs_static_i18n")


def _imports(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            if node.module == "macros":
                found.update(f"macros.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


def _part(module: str) -> str:
    """`macros.check.schema` → `check`; `macros.problems` → `problems`."""
    return module.split(".")[1] if module.count(".") else "__init__"


def _graph() -> dict[str, set[str]]:
    edges: dict[str, set[str]] = defaultdict(set)
    for path in PACKAGE.rglob("*.py"):
        relative = path.relative_to(PROJECT).with_suffix("").parts
        source = _part(".".join(relative))
        for module in _imports(path):
            if module.startswith("macros.") and _part(module) != source:
                edges[source].add(_part(module))
    return edges


def _cycle(edges: dict[str, set[str]]) -> list[str] | None:
    """One import cycle between parts, if there is any."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(edges.get(node, ())):
            if state.get(nxt) == 1:
                return [*stack[stack.index(nxt):], nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(edges):
        if node not in state and (found := visit(node)):
            return found
    return None


def test_no_import_cycle_between_parts() -> None:
    assert _cycle(_graph()) is None


def test_the_cycle_finder_finds_a_cycle() -> None:
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]


def test_the_model_imports_nothing_else_of_the_package() -> None:
    assert _graph().get("model", set()) == set()


def test_problems_and_did_you_mean_sit_below_loading_and_checking() -> None:
    graph = _graph()
    for bottom in ("problems", "suggest", "limits", "addresses", "cache", "session_cache"):
        assert graph.get(bottom, set()) <= {"i18n", "model", "suggest", "session_cache"}, bottom
    assert graph.get("session_cache", set()) == set()
    assert "check" not in graph["load"]


def test_only_the_engine_glue_imports_an_engine() -> None:
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        inside_glue = path.relative_to(PACKAGE).parts[0] == "engine"
        engine_imports = {m for m in _imports(path) if m.split(".")[0] in ENGINE_MODULES}
        if engine_imports and (not inside_glue or path.name == "conventions.py"):
            offenders.append(f"{path.relative_to(PROJECT)}: {sorted(engine_imports)}")
    assert offenders == []
