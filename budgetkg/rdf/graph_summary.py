"""Graph summaries: per report, the rows each graph's query finds in that report's graph.

Every graph query (:mod:`.queries`) reads each of its parts inside ``GRAPH ?g``, so its result
over the store is the sum of its results over each report graph alone. Ingest therefore runs
the query once over the report's own quads (a small in-memory store holding only the predicates
the query names) and stores the rows with the report, one literal per graph::

    <report> bkg:hierarchyFacts "{"query": "<digest>", "vars": [...], "rows": [[...], ...]}"^^rdf:JSON

Building a graph over a 10,000-report store then reads one literal per report by an indexed
predicate, instead of joining the parts and decoding every IRI and label of every row (the
store's cost: a dictionary lookup per term). The rows are the query's rows, so the graph is
the same either way; ``query`` is a digest of the query text, so summaries written by another
version of a query are not taken for this one's. A report without a current summary (a store
written before summaries, or by another version) makes the builder read the whole query
instead, with a notice saying so.
"""
from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Iterator

import pyoxigraph as ox

from budgetkg.config import query_text
from budgetkg.rdf.graph_queries import PREFIXES, QUERIES, SUMMARY_PROPERTY, GraphKind

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDF_JSON = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#JSON")


def digest(kind: GraphKind) -> str:
    """Names the version of a graph's query that a summary holds the rows of."""
    return hashlib.sha256(QUERIES[kind].encode("utf-8")).hexdigest()[:16]


def _named_terms() -> frozenset[str]:
    """Every IRI the queries name (prefixed names expanded, ``a`` as rdf:type): the predicates a
    report's quads need to answer them (classes and constants among them match no predicate)."""
    prefixes = dict(re.findall(r"PREFIX\s+([\w-]*):\s*<([^>]*)>", PREFIXES))
    names = {RDF_TYPE}
    for query in QUERIES.values():
        for prefix, local in re.findall(r"(?<![\w<\"?])([\w-]+):([\w-]+)", query):
            if prefix in prefixes:
                names.add(prefixes[prefix] + local)
        names.update(re.findall(r"<([^>]+)>", query))
    return frozenset(names)


_PREDICATES = _named_terms()


class SummaryMissing(Exception):
    """A report of the store has no current summary for the graph being built."""


def summary_quads(graph: ox.NamedNode, quads: Iterable[ox.Quad]) -> list[ox.Quad]:
    """The summary quads of one report graph (``graph`` is also the report's IRI): each graph
    query run over the graph's quads, its rows sorted, as one ``rdf:JSON`` literal per graph."""
    local = ox.Store()
    local.extend(q for q in quads if q.graph_name == graph and q.predicate.value in _PREDICATES)
    out = []
    for kind, query in QUERIES.items():
        result = local.query(PREFIXES + query)
        names = [v.value for v in result.variables]
        rows = sorted(([None if t is None else t.value for t in sol] for sol in result),
                      key=lambda row: [(v is None, v or "") for v in row])
        text = json.dumps({"query": digest(kind), "vars": names, "rows": rows},
                          ensure_ascii=False, separators=(",", ":"))
        out.append(ox.Quad(graph, ox.NamedNode(SUMMARY_PROPERTY[kind]), ox.Literal(text, datatype=RDF_JSON), graph))
    return out


def read_query(kind: GraphKind) -> str:
    """Every summary of ``kind`` in the store, and a row marking each report (``?report`` bound):
    two scans of one predicate each, in index order — joining each report to its summary instead
    looked every report up at random (7 s instead of 1.5 s for 2,000 reports from a cold cache)."""
    return query_text("graphs/summaries.rq", property=str(ox.NamedNode(SUMMARY_PROPERTY[kind])))


def summary_rows(result, kind: GraphKind) -> Iterator[dict[str, str]]:
    """The rows of ``kind``'s query over the store, from the result of :func:`read_query`, as dicts
    of plain strings (unbound values left out), like the query's own solutions.

    Raises:
        SummaryMissing: a summary is not of the current query, or (at the end) the store holds
            fewer summaries than reports; the caller starts again from the query itself.
    """
    want = digest(kind)
    reports = summaries = 0
    for facts, report in result:
        if report is not None:
            reports += 1
            continue
        summaries += 1
        try:
            summary = json.loads(facts.value)
            current = summary.get("query") == want
            names, rows = summary["vars"], summary["rows"]
        except (ValueError, AttributeError, KeyError, TypeError):
            raise SummaryMissing("a report of the store has a graph summary that cannot be read "
                                 "(not the JSON budgetkg writes)") from None
        if not current:
            raise SummaryMissing("a report of the store has a graph summary of another budgetkg version")
        for row in rows:
            yield {n: v for n, v in zip(names, row) if v is not None}
    if summaries < reports:
        raise SummaryMissing(f"{reports - summaries} of the store's {reports} reports have no graph summary "
                             "(written by an older budgetkg)")
    if summaries > reports:
        raise SummaryMissing(f"the store holds {summaries} graph summaries for {reports} reports")
