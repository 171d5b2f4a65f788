"""Build networkx graphs from the store, each from one SPARQL result.

Each graph's rows are read from the reports' graph summaries (:mod:`.summary`: one literal a
report, written at ingest) — or, when a report has none, from the graph's query itself
(:mod:`.queries`), which gives the same rows more slowly; the builders assemble rows either way.

Queries name the organisation resource a report points to (``bkg:department``) and the W3C ORG
links between organisations — never name strings — so they keep working when organisations are
resolved across reports (one resource, several labels, IRIs carrying a region).

Node ids are IRIs; every node has ``kind`` (a :class:`NodeKind` value) and ``label``. Money sits
on edges and nodes as ``amount`` (exact decimal string, 元) and ``weight`` (its float, for
algorithms only). Attributes that have no value are left out (GraphML has no null).
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from enum import Enum

import networkx as nx

from budgetkg.errors import QueryError
from budgetkg.model.codes import code_list
from budgetkg.query.questions import run_query
from budgetkg.rdf.graph_queries import PREFIXES, QUERIES, GraphKind
from budgetkg.rdf.graph_summary import SummaryMissing, read_query, summary_rows
from budgetkg.text.amounts import format_decimal

Rows = Iterable[dict[str, str]]


class NodeKind(str, Enum):
    ORGANISATION = "organisation"
    DEPARTMENT = "department"
    CLASS = "class"
    POLICY = "policy"
    PROJECT = "project"


@dataclass
class Built:
    """A graph and what was left out of it, and why (never a silent omission)."""

    graph: nx.Graph
    notices: list[str] = field(default_factory=list)


def _rows(store, sparql: str) -> Iterator[dict[str, str]]:
    """The solutions of one query as dicts of plain strings (absent values left out)."""
    result = run_query(store, PREFIXES + sparql)
    names = [v.value for v in result.variables]
    try:
        for sol in result:
            yield {n: sol[n].value for n in names if sol[n] is not None}
    except (OSError, RuntimeError, ValueError) as exc:
        raise QueryError(f"the graph query failed: {exc}") from None


def _summaries(store, kind: GraphKind) -> Iterator[dict[str, str]]:
    """The rows of ``kind``'s query, read from the reports' summaries (one query, one literal a
    report); raises :class:`SummaryMissing` on meeting a report without one."""
    try:
        yield from summary_rows(run_query(store, read_query(kind)), kind)
    except (OSError, RuntimeError, ValueError) as exc:
        raise QueryError(f"the graph query failed: {exc}") from None


def _from_store(store, graph: GraphKind, assemble: Callable[..., Built], **options) -> Built:
    """``assemble`` over the rows of ``graph``'s query: from the summaries, or — when a report has
    none — from the query itself (the same rows, slower), with a notice."""
    try:
        return assemble(_summaries(store, graph), **options)
    except SummaryMissing as missing:
        built = assemble(_rows(store, QUERIES[graph]), **options)
        built.notices.insert(0, f"{missing}: the {graph.value} graph was read from every report's triples, "
                                "which is slow on a large store; ingest the reports again to summarise them")
        return built


def _money(graph_part: dict, amount: Decimal) -> None:
    graph_part["amount"] = format_decimal(amount)
    graph_part["weight"] = float(amount)


# ---------------------------------------------------------------------------- hierarchy
# (the queries and why they are shaped as they are: .queries)

def hierarchy(store) -> Built:
    """Directed graph parent → child: ``relation`` "internal" (内设机构, org:hasUnit) or
    "subordinate" (下属单位, org:hasSubOrganization). Organisations that publish reports are
    ``department`` nodes with ``reports`` (how many); a unit publishing its own report sits under
    its department when the store links them. ``alt_labels`` holds the name variants ("|")."""
    return _from_store(store, GraphKind.HIERARCHY, _hierarchy)


def _hierarchy(rows: Rows) -> Built:
    g = nx.DiGraph(name=GraphKind.HIERARCHY.value)
    reports: dict[str, set[str]] = {}
    labels: dict[str, str] = {}
    alts: dict[str, set[str]] = {}
    regions: dict[str, str] = {}
    edges: set[tuple[str, str, str]] = set()
    for r in rows:
        part, parent = r["part"], r["parent"]
        if part == "report":
            reports.setdefault(parent, set()).add(r["value"])
        elif part == "label":
            labels[parent] = min(labels.get(parent, r["value"]), r["value"])
        elif part == "alt":
            alts.setdefault(parent, set()).add(r["value"])
        elif part == "region":
            regions[parent] = min(regions.get(parent, r["value"]), r["value"])
        else:
            edges.add((parent, r["child"], part))
    for parent, child, relation in sorted(edges):
        for n in (parent, child):
            if n not in g:
                g.add_node(n, kind=NodeKind.ORGANISATION.value, label=labels.get(n, n))
        g.add_edge(parent, child, relation=relation)
    for org, found in sorted(reports.items()):
        if org not in g:
            g.add_node(org, label=labels.get(org, org))
        g.nodes[org].update(kind=NodeKind.DEPARTMENT.value, reports=len(found))
    for n, data in g.nodes(data=True):
        if n in regions:
            data["region"] = regions[n]
        names = sorted(alts.get(n, set()) - {data["label"]})
        if names:
            data["alt_labels"] = "|".join(names)
    return Built(g)


# ---------------------------------------------------------------------------- spending

@dataclass
class _Report:
    iri: str
    dept: str = ""
    year: int | None = None
    final: bool = False
    unit_scope: bool = False
    label: str = ""
    #: 类 code → the figures printed for it, from the expenditure table and from the narrative
    table: dict[str, set[Decimal]] = field(default_factory=dict)
    narrative: dict[str, set[Decimal]] = field(default_factory=dict)
    #: 类 codes the expenditure table prints on more than one row (no class total in the summary)
    omitted: set[str] = field(default_factory=set)

    def preference(self):
        """Latest year first; a department's own (部门) report before a unit (单位) report."""
        return (-(self.year or 0), self.unit_scope, self.iri)


def spending(store, year: int | None = None, kind: str = "budget") -> Built:
    """Bipartite graph department — functional 类 (3-digit code), edge ``amount`` = the 类's
    合计 in the department's expenditure table (支出总体情况表 / 支出决算表), read from the report's
    summary (``bkg:ClassTotal``: a few triples a report, so the graph stays cheap on a large store).

    One report per department, never a sum of several: of its reports of ``kind`` ("budget" or
    "final") and ``year`` (default: its latest year), the department (部门) report is taken over a
    unit (单位) report. A final account that publishes no expenditure table gives the 类 figures its
    narrative states (一般公共预算 only; edge ``basis`` says which). A 类 the expenditure table
    prints on more than one row has no class total (``bkg:classTotalOmitted``) and is left out
    with a notice; one the narrative states with two figures likewise.
    """
    if kind not in ("budget", "final"):
        raise QueryError(f"unknown report kind {kind!r}", hint="budget or final")
    return _from_store(store, GraphKind.SPENDING, _spending, year=year, kind=kind)


def _spending(rows: Rows, year: int | None, kind: str) -> Built:
    reports: dict[str, _Report] = {}
    for r in rows:
        rep = reports.setdefault(r["report"], _Report(r["report"]))
        part = r["part"]
        if part == "department":
            rep.dept = r["value"]
        elif part == "year":
            rep.year = int(r["value"])
        elif part == "final":
            rep.final = True
        elif part == "scope":
            rep.unit_scope = r["value"] == "unit"
        elif part == "label":
            rep.label = min(rep.label or r["value"], r["value"])
        elif part == "omitted":
            rep.omitted.add(r["code"])
        else:
            cells = rep.table if part == "table" else rep.narrative
            cells.setdefault(r["code"], set()).add(Decimal(r["amount"]))
    wanted = [rep for rep in reports.values()
              if rep.dept and rep.year is not None and rep.final == (kind == "final")
              and (year is None or rep.year == year) and (rep.table or rep.narrative)]
    chosen: dict[str, _Report] = {}
    for rep in sorted(wanted, key=_Report.preference):
        chosen.setdefault(rep.dept, rep)
    functional = code_list("functional")
    g = nx.Graph(name=GraphKind.SPENDING.value, kind=kind, year=str(year) if year else "latest")
    built = Built(g)
    for dept, rep in sorted(chosen.items()):
        cells, basis = (rep.table, "expenditure table") if rep.table else (rep.narrative, "narrative (一般公共预算)")
        g.add_node(dept, kind=NodeKind.DEPARTMENT.value, label=rep.label or dept, bipartite=0,
                   year=rep.year, report=rep.iri)
        for code in sorted(rep.omitted):
            built.notices.append(f"{rep.iri}: 类 {code} is printed on more than one row of the expenditure "
                                 "table; left out")
        for code, amounts in sorted(cells.items()):
            if len(amounts) > 1:
                built.notices.append(f"{rep.iri}: 类 {code} is printed with different figures "
                                     f"({', '.join(sorted(format_decimal(a) for a in amounts))}); left out")
                continue
            class_node = f"class:{code}"
            if class_node not in g:
                g.add_node(class_node, kind=NodeKind.CLASS.value, code=code,
                           label=functional.name(code) or code, bipartite=1)
            edge = {"report": rep.iri, "year": rep.year, "basis": basis}
            _money(edge, next(iter(amounts)))
            g.add_edge(dept, class_node, **edge)
    for n, data in g.nodes(data=True):
        total = sum((Decimal(e["amount"]) for _, _, e in g.edges(n, data=True)), Decimal(0))
        _money(data, total)
    return built


# ---------------------------------------------------------------------------- policies

def policies(store) -> Built:
    """Directed graph policy document → project → department.

    A project is the project-table row its description links to (``amount`` = that row's 合计),
    or, unlinked, the description itself (``amount`` = its stated 预算安排规模, when stated). A
    policy cited by a report but by none of its project descriptions is linked to the report's
    department directly (``relation`` "cited"). Edges policy → project carry the project's amount.
    """
    return _from_store(store, GraphKind.POLICIES, _policies)


def _policies(rows: Rows) -> Built:
    facts: dict[str, dict[str, set[str]]] = {}
    for r in rows:
        facts.setdefault(r["subject"], {}).setdefault(r["part"], set()).add(r.get("object") or r["value"])

    def one(subject: str, part: str) -> str | None:
        values = facts.get(subject, {}).get(part)
        return min(values) if values else None

    def dept_of(report: str) -> str | None:
        return one(report, "department")

    g = nx.DiGraph(name=GraphKind.POLICIES.value)

    def add_policy(policy: str) -> None:
        if policy not in g:
            g.add_node(policy, kind=NodeKind.POLICY.value,
                       label=one(policy, "number") or one(policy, "title") or policy)
            if one(policy, "title"):
                g.nodes[policy]["title"] = one(policy, "title")

    def add_department(dept: str) -> None:
        if dept not in g:
            g.add_node(dept, kind=NodeKind.DEPARTMENT.value, label=one(dept, "label") or dept)

    for desc in sorted(s for s, f in facts.items() if "cites" in f):
        report, name = one(desc, "in-report"), one(desc, "name")
        dept = dept_of(report) if report else None
        if dept is None or name is None:
            continue
        project = one(desc, "row") or desc
        if project not in g:
            g.add_node(project, kind=NodeKind.PROJECT.value, label=name, report=report)
            amount = one(desc, "row-amount") or one(desc, "scale")
            if amount is not None:
                _money(g.nodes[project], Decimal(amount))
        add_department(dept)
        g.add_edge(project, dept, relation="funds", report=report)
        for policy in sorted(facts[desc]["cites"]):
            add_policy(policy)
            edge = {"relation": "basis"}
            if "amount" in g.nodes[project]:
                _money(edge, Decimal(g.nodes[project]["amount"]))
            g.add_edge(policy, project, **edge)
    # (policy, department) pairs some project resting on the policy funds — a set, not a walk over
    # the policy's projects per citing report: a document every report cites has thousands
    project = NodeKind.PROJECT.value
    funded = {(policy, dept) for policy, p in g.edges() if g.nodes[p]["kind"] == project for dept in g.successors(p)}
    for policy in sorted(s for s, f in facts.items() if "cited" in f):
        for report in sorted(facts[policy]["cited"]):
            dept = dept_of(report)
            if dept is None:
                continue
            add_policy(policy)
            add_department(dept)
            # cited by the report, but no project of the department rests on it: a direct link
            if (policy, dept) not in funded and not g.has_edge(policy, dept):
                g.add_edge(policy, dept, relation="cited", report=report)
    return Built(g)


GRAPHS: dict[GraphKind, Callable[..., Built]] = {
    GraphKind.HIERARCHY: hierarchy,
    GraphKind.SPENDING: spending,
    GraphKind.POLICIES: policies,
}


def build(store, name: str, **options) -> Built:
    """The graph ``name`` (hierarchy, spending or policies); options (year, kind) go to the
    spending graph's builder."""
    try:
        builder = GRAPHS[GraphKind(name)]
    except ValueError:
        raise QueryError(f"no graph named {name!r}", hint=", ".join(k.value for k in GraphKind)) from None
    return builder(store, **options) if builder is spending else builder(store)
