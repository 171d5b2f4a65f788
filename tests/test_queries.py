"""The library's SPARQL lives in queries/<stage or concern>/*.rq (issue 20), never inline in Python.

Guards that it stays so: no module under budgetkg/ writes a query (but the documented update
chunks), every query file has its header and is read by some module, every name a module
reads exists, and every template parses once its parameters are filled.
"""
from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph as ox
import pytest

from budgetkg.config import _PARAMETER, QUERIES_DIR, query_text, read_query

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "budgetkg"

#: What inline SPARQL looks like (prose such as "answers a SELECT" does not match).
QUERY_RE = re.compile(
    r"\b(?:SELECT|CONSTRUCT|DESCRIBE)\s+(?:DISTINCT\s+|REDUCED\s+)?[?$*{(]"
    r"|\bASK\s*(?:\{|WHERE\b)"
    r"|\bWHERE\s*\{"
    r"|\bPREFIX\s+[\w-]*:\s*<"
    r"|\b(?:INSERT|DELETE)\s+(?:DATA\s*)?(?:\{|WHERE\b)"
    r"|\b(?:DROP|CLEAR|MOVE|COPY|ADD|LOAD|CREATE)\s+(?:SILENT\s+)?(?:GRAPH|DEFAULT|NAMED|ALL)\b")

#: The allowed exceptions, with the number of matches each holds: the writer's graph-management
#: *updates* (DROP/MOVE SILENT GRAPH per graph, INSERT/DELETE DATA of the marker graphs listing
#: the graphs of a write), assembled per graph in loops, chunk by chunk — data serialisation more
#: than queries: a template would hold one line each and leave the loops in Python anyway.
ALLOWED = {
    "load/bulk.py": 4,    # clearing a target, commit (DROP <loading> ; INSERT DATA <pending>), abort
    "load/store.py": 11,  # swap-in/drop chunks and their markers, stray staging graphs, remove (and its docstring)
}

#: Query files that are parts of another query, not queries themselves.
FRAGMENTS = {"graphs/prefixes.rq", "questions/department-pattern.rq", "questions/year-pattern.rq"}

#: A sample value of each parameter, for the parse test; any other is given an IRI.
SAMPLES = {"name": '"x"', "year": "2024", "patterns": "?value ?p ?o .", "labels": '"x" "y"',
           "kinds": "<urn:a>, <urn:b>", "reports": "<urn:a> <urn:b>", "resources": "<urn:a>", "graphs": "<urn:a>"}

LIBRARY_QUERIES = sorted(str(p.relative_to(QUERIES_DIR)) for p in QUERIES_DIR.glob("*/*.rq"))


def _modules() -> dict[str, str]:
    return {str(p.relative_to(PACKAGE)): p.read_text(encoding="utf-8") for p in PACKAGE.rglob("*.py")}


def test_no_inline_sparql_in_the_package():
    found = {name: len(QUERY_RE.findall(text)) for name, text in _modules().items()}
    found = {name: n for name, n in found.items() if n}
    assert found == ALLOWED, "SPARQL belongs in queries/<concern>/*.rq, read by config.read_query/query_text"


def test_every_library_query_has_a_header_and_a_reader():
    sources = "\n".join(_modules().values())
    for name in LIBRARY_QUERIES:
        text = (QUERIES_DIR / name).read_text(encoding="utf-8")
        assert text.startswith("# ") and "# Run by: " in text, f"{name}: header (what it answers, who runs it)"
        assert f'"{name}"' in sources, f"{name}: no module reads it"
        for param in set(_PARAMETER.findall(read_query(name))):
            assert f"${param} —" in text, f"{name}: header does not say what ${param} is"


def test_every_query_a_module_names_exists():
    named = set()
    for text in _modules().values():
        named |= set(re.findall(r"(?:read_query|query_text)\(\s*\"([^\"]+)\"", text))
    assert named, "the modules read their queries with read_query/query_text"
    assert named <= set(LIBRARY_QUERIES)


@pytest.mark.parametrize("name", [n for n in LIBRARY_QUERIES if n not in FRAGMENTS])
def test_each_query_parses(name):
    params = {p: SAMPLES.get(p, "<urn:x>") for p in _PARAMETER.findall(read_query(name))}
    text = query_text(name, **params)
    if name.startswith("graphs/"):
        text = read_query("graphs/prefixes.rq") + "\n" + text
    ox.Store().query(text)  # a syntax error raises


def test_parameters_are_filled_in_one_pass():
    # a value holding a $name is sent as it is, never read as another parameter
    assert "$labels" in query_text("questions/department-pattern.rq", labels='"$labels"')
    with pytest.raises(KeyError):
        query_text("questions/department-pattern.rq")
