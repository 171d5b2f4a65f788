"""The package layout is the pipeline: each stage imports only the stages before it.

Reads every module's imports (as written, with ``ast``; imports inside functions count too) and
holds the rules of README's *Layout*: no module imports a later stage, no import circle between
modules, no module over 500 lines. A new module is placed by its folder; nothing is listed here
but the order of the stages.
"""
from __future__ import annotations

import ast
from pathlib import Path

import networkx as nx

PACKAGE = Path(__file__).resolve().parent.parent / "budgetkg"

#: The stages in pipeline order; a module may import its own stage and those before it.
STAGES = ("errors", "config", "model", "text", "sources", "segment", "parse", "link", "check", "rdf",
          "load", "query", "serve", "cli")
#: Top-level modules that are not a stage: the package's own door (re-exports the library API).
DOORS = {"__init__", "__main__"}


def _module(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports() -> dict[str, set[str]]:
    modules = {_module(p): p for p in PACKAGE.rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
        found: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                if node.level:
                    base = package.split(".")[: len(package.split(".")) - node.level + 1]
                    target = ".".join(base + ([node.module] if node.module else []))
                else:
                    target = node.module or ""
                for alias in node.names:
                    sub = f"{target}.{alias.name}"
                    found.add(sub if sub in modules else target)
            elif isinstance(node, ast.Import):
                found.update(a.name for a in node.names)
        graph[name] = {m for m in found if m in modules and m != name}
    return graph


def _stage(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def test_every_module_is_in_a_stage():
    unplaced = sorted(m for m in _imports() if _stage(m) not in STAGES and _stage(m) not in DOORS)
    assert not unplaced, f"modules outside the stage packages: {unplaced}"


def test_no_stage_imports_a_later_stage():
    order = {s: i for i, s in enumerate(STAGES)}
    upward = sorted(f"{m} -> {t}" for m, targets in _imports().items() for t in targets
                    if _stage(m) in order and _stage(t) in order and order[_stage(t)] > order[_stage(m)])
    assert not upward, "imports that run back up the pipeline:\n" + "\n".join(upward)


def test_no_import_circle():
    graph = nx.DiGraph([(m, t) for m, targets in _imports().items() for t in targets])
    # a package's __init__ importing its own modules is how a registry fills itself, not a circle
    graph.remove_edges_from([(m, t) for m, t in list(graph.edges) if t.startswith(m + ".")])
    circles = [sorted(c) for c in nx.strongly_connected_components(graph) if len(c) > 1]
    assert not circles, f"import circles: {circles}"


def test_no_module_over_500_lines():
    long = sorted(f"{p.relative_to(PACKAGE.parent)}: {n}" for p in PACKAGE.rglob("*.py")
                  if (n := len(p.read_text(encoding="utf-8").splitlines())) > 500)
    assert not long, f"modules over 500 lines: {long}"
