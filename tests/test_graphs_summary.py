"""Graph summaries (issue 13 item 4: graph building fast on a 10,000-report store): each report
carries the rows every graph query finds in its graph, so a graph reads one literal per report —
and the graphs built from them are the graphs the queries give.
"""
from __future__ import annotations

import json
import shutil
import sys
from collections import Counter
from pathlib import Path

import pyoxigraph as ox
import pytest

from budgetkg import Settings, ingest
from budgetkg.check.read import read_report
from budgetkg.config import DEFAULT_BASE
from budgetkg.load.pipeline import report_quads
from budgetkg.load.store import BudgetStore
from budgetkg.query.graphs import build, builders
from budgetkg.rdf.graph_queries import PREFIXES, QUERIES, SUMMARY_PROPERTY, GraphKind
from budgetkg.rdf.graph_summary import digest

from .conftest import DATA, SAMPLES

ROOT = Path(__file__).resolve().parent.parent
OPTIONS = [("hierarchy", {}), ("spending", {}), ("spending", {"kind": "final"}), ("spending", {"year": 2021}),
           ("policies", {})]


@pytest.fixture(scope="module")
def store_path(tmp_path_factory):
    path = tmp_path_factory.mktemp("graph-summary-store")
    pdfs = [DATA / "pdf" / "putuo_office_2025_budget.pdf", DATA / "pdf" / "putuo_office_2025_unit_budget.pdf"]
    result = ingest([*SAMPLES.values(), *pdfs], Settings.load(store=path))
    assert result.written and not result.errors
    return path


def _canonical(built):
    g = built.graph
    return (dict(g.graph), g.is_directed(),
            sorted((n, sorted(d.items())) for n, d in g.nodes(data=True)),
            sorted((u, v, sorted(d.items())) for u, v, d in g.edges(data=True)))


def _from_query(store, name, options):
    """The graph assembled from the query's own rows (the path a store without summaries takes)."""
    kind = GraphKind(name)
    assemble = {GraphKind.HIERARCHY: builders._hierarchy, GraphKind.POLICIES: builders._policies,
                GraphKind.SPENDING: builders._spending}[kind]
    if kind is GraphKind.SPENDING:
        options = {"year": None, "kind": "budget", **options}
    return assemble(builders._rows(store, QUERIES[kind]), **options)


def test_the_summaries_hold_exactly_the_rows_of_each_graph_query(store_path):
    with BudgetStore(store_path, read_only=True) as store:
        for kind, query in QUERIES.items():
            names = [v.value for v in store.store.query(PREFIXES + query).variables]
            expected = Counter(tuple(None if t is None else t.value for t in sol)
                               for sol in store.store.query(PREFIXES + query))
            summarised = Counter()
            reports = 0
            for (facts,) in store.store.query(f"SELECT ?f WHERE {{ GRAPH ?g {{ ?r <{SUMMARY_PROPERTY[kind]}> ?f }} }}"):
                summary = json.loads(facts.value)
                assert summary["vars"] == names and summary["query"] == digest(kind)
                summarised.update(tuple(row) for row in summary["rows"])
                reports += 1
            assert reports == 7 and summarised == expected and expected, kind


@pytest.mark.parametrize("name,options", OPTIONS)
def test_graphs_from_summaries_are_the_graphs_of_the_query(store_path, name, options):
    with BudgetStore(store_path, read_only=True) as store:
        built = build(store, name, **options)
        assert not built.notices
        assert built.graph.number_of_nodes() > 0 or options.get("year")
        assert _canonical(built) == _canonical(_from_query(store, name, options))


def _without(store_path, tmp_path, keep) -> Path:
    """A copy of the store whose quads pass ``keep`` (as a store written by another version)."""
    copy = tmp_path / "copy"
    with BudgetStore(store_path, read_only=True) as store:
        graphs = {}
        for q in store.store.quads_for_pattern(None, None, None, None):
            if isinstance(q.graph_name, ox.NamedNode):
                graphs.setdefault(q.graph_name, []).append(q)
    with BudgetStore(copy) as store:
        store.replace_graphs({g: [q for q in quads if keep(q)] for g, quads in graphs.items()})
    return copy


@pytest.mark.parametrize("reports", ["every", "one"])
def test_a_store_written_without_summaries_builds_the_same_graphs_and_says_it_was_slow(store_path, tmp_path, reports):
    """A store written before summaries (or one report ingested by an older budgetkg into it)."""
    properties = {ox.NamedNode(p) for p in SUMMARY_PROPERTY.values()}
    older = "" if reports == "every" else "/2025/budget-unit"  # the Putuo unit budget's graph
    old = _without(store_path, tmp_path,
                   lambda q: q.predicate not in properties or not q.graph_name.value.endswith(older))
    with BudgetStore(old, read_only=True) as store, BudgetStore(store_path, read_only=True) as current:
        for name, options in OPTIONS:
            built = build(store, name, **options)
            said = "7 of the store's 7 reports" if reports == "every" else "1 of the store's 7 reports"
            assert said in built.notices[0] and "ingest the reports again" in built.notices[0]
            assert _canonical(built) == _canonical(build(current, name, **options))


def _stale(summary: dict) -> str:
    return json.dumps({**summary, "query": "0" * 16, "rows": []})


@pytest.mark.parametrize("rewrite,said", [(_stale, "another budgetkg version"),
                                          (lambda summary: "[1, 2", "cannot be read")])
def test_a_summary_of_another_version_of_the_query_or_unreadable_is_not_taken(store_path, tmp_path, rewrite, said):
    """A summary holds the rows of one version of the query (its digest); when the query changes,
    stored summaries would give last version's graph — the builder reads the query instead; so
    it does when a summary cannot be read at all."""
    hierarchy = ox.NamedNode(SUMMARY_PROPERTY[GraphKind.HIERARCHY])
    stale = _without(store_path, tmp_path, lambda q: True)
    with BudgetStore(stale) as store:
        (q, *_) = store.store.quads_for_pattern(None, hierarchy, None, None)
        store.store.remove(q)
        text = rewrite(json.loads(q.object.value))
        store.store.add(ox.Quad(q.subject, q.predicate, ox.Literal(text, datatype=q.object.datatype), q.graph_name))
    with BudgetStore(stale, read_only=True) as store, BudgetStore(store_path, read_only=True) as current:
        built = build(store, "hierarchy")
        assert said in built.notices[0]
        assert _canonical(built) == _canonical(build(current, "hierarchy"))


def test_a_report_graph_carries_one_summary_per_graph():
    graph, quads = report_quads(read_report(SAMPLES["000"]), DEFAULT_BASE)
    found = [q for q in quads if q.predicate.value in SUMMARY_PROPERTY.values()]
    assert sorted(q.predicate.value for q in found) == sorted(SUMMARY_PROPERTY.values())
    assert all(q.subject == graph and q.graph_name == graph for q in found)
    assert all(q.object.datatype.value.endswith("#JSON") for q in found)


def test_a_generated_store_summarises_each_copy_under_its_own_department_and_year(tmp_path):
    """bench/gen_store.py copies a report's N-Quads text under other departments and years: the
    summaries' names and years must follow, or the benchmark measures another graph."""
    sys.path.insert(0, str(ROOT / "bench"))
    import gen_store
    sources = tmp_path / "src"
    sources.mkdir()
    shutil.copy(SAMPLES["000"], sources)
    gen_store.generate(tmp_path / "store", 4, sources=[sources], years=2)
    with BudgetStore(tmp_path / "store", read_only=True) as store:
        for name, options in [("hierarchy", {}), ("spending", {}), ("spending", {"year": 2023}), ("policies", {})]:
            built = build(store, name, **options)
            assert not built.notices
            assert _canonical(built) == _canonical(_from_query(store, name, options)), (name, options)
        spending = build(store, "spending").graph
        years = {d["year"] for _, d in spending.nodes(data=True) if d["kind"] == "department"}
        assert years == {2024}
