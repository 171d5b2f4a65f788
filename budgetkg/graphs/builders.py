"""Build networkx graphs from the store, each from one SPARQL result.

Queries name the organisation resource a report points to (``bkg:department``) and the W3C ORG
links between organisations — never name strings — so they keep working when organisations are
resolved across reports (one resource, several labels, IRIs carrying a region).

Node ids are IRIs; every node has ``kind`` (a :class:`NodeKind` value) and ``label``. Money sits
on edges and nodes as ``amount`` (exact decimal string, 元) and ``weight`` (its float, for
algorithms only). Attributes that have no value are left out (GraphML has no null).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from enum import Enum
from typing import Callable

import networkx as nx

from ..amounts import format_decimal
from ..errors import QueryError
from ..questions import run_query

PREFIXES = """
PREFIX bkg: <https://w3id.org/budgetkg/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX obeu-measure: <http://data.openbudgets.eu/ontology/dsd/measure/>
PREFIX tk: <https://w3id.org/budgetkg/codes/table/>
PREFIX col: <https://w3id.org/budgetkg/codes/column/>
"""


class GraphKind(str, Enum):
    HIERARCHY = "hierarchy"   # department → internal divisions and subordinate units
    SPENDING = "spending"     # department — functional 类, weighted bipartite
    POLICIES = "policies"     # policy document → project → department


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


def _rows(store, sparql: str):
    """The solutions of one query as dicts of plain strings (absent values left out)."""
    result = run_query(store, PREFIXES + sparql)
    names = [v.value for v in result.variables]
    try:
        for sol in result:
            yield {n: sol[n].value for n in names if sol[n] is not None}
    except (OSError, RuntimeError, ValueError) as exc:
        raise QueryError(f"the graph query failed: {exc}") from None


def _money(graph_part: dict, amount: Decimal) -> None:
    graph_part["amount"] = format_decimal(amount)
    graph_part["weight"] = float(amount)


# ---------------------------------------------------------------------------- hierarchy

HIERARCHY_QUERY = """
SELECT ?parent ?child ?relation (MIN(?pl) AS ?plabel) (MIN(?cl) AS ?clabel) (MIN(?reg) AS ?region)
       (COUNT(DISTINCT ?report) AS ?reports) WHERE {
  { ?report a bkg:Report ; bkg:department ?parent . BIND("self" AS ?relation)
    OPTIONAL { ?parent bkg:region ?reg } }
  UNION {
    { ?parent org:hasUnit ?child . BIND("internal" AS ?relation) }
    UNION { ?child org:unitOf ?parent . BIND("internal" AS ?relation) }
    UNION { ?parent org:hasSubOrganization ?child . BIND("subordinate" AS ?relation) }
    UNION { ?child org:subOrganizationOf ?parent . BIND("subordinate" AS ?relation) }
    OPTIONAL { ?child skos:prefLabel ?cl } }
  OPTIONAL { ?parent skos:prefLabel ?pl }
}
GROUP BY ?parent ?child ?relation
"""


def hierarchy(store) -> Built:
    """Directed graph parent → child: ``relation`` "internal" (内设机构, org:hasUnit) or
    "subordinate" (下属单位, org:hasSubOrganization). Organisations that publish reports are
    marked ``reports`` (how many); a unit publishing its own report sits under its department
    when the store links them."""
    g = nx.DiGraph(name=GraphKind.HIERARCHY.value)
    for r in _rows(store, HIERARCHY_QUERY):
        parent = r["parent"]
        if parent not in g:
            g.add_node(parent, kind=NodeKind.ORGANISATION.value, label=r.get("plabel", parent))
        if r.get("region"):
            g.nodes[parent]["region"] = r["region"]
        if r["relation"] == "self":
            g.nodes[parent]["reports"] = int(r["reports"])
            continue
        child = r["child"]
        if child not in g:
            g.add_node(child, kind=NodeKind.ORGANISATION.value, label=r.get("clabel", child))
        g.add_edge(parent, child, relation=r["relation"])
    for n, data in g.nodes(data=True):
        if data.get("reports"):
            data["kind"] = NodeKind.DEPARTMENT.value
    return Built(g)


# ---------------------------------------------------------------------------- spending

SPENDING_QUERY = """
SELECT ?report ?dept ?year ?final ?scope ?narrative ?code ?index ?amount
       (MIN(?dl) AS ?dname) (MIN(?cl) AS ?cname) WHERE {
  ?report a bkg:Report ; bkg:department ?dept .
  OPTIONAL { ?report bkg:fiscalYear ?year }
  OPTIONAL { ?report bkg:reportScope ?scope }
  BIND(EXISTS { ?report a bkg:FinalAccountReport } AS ?final)
  ?table bkg:report ?report ; bkg:tableKind ?tk ; bkg:origin ?origin .
  FILTER(?tk = tk:expenditure || (?origin = "narrative" && ?tk = tk:general-public))
  BIND(?tk != tk:expenditure AS ?narrative)
  ?row bkg:table ?table ; bkg:code ?code ; bkg:rowIndex ?index .
  FILTER(STRLEN(?code) = 3)
  ?o bkg:row ?row ; bkg:column col:total ; obeu-measure:amount ?amount .
  OPTIONAL { ?dept skos:prefLabel ?dl }
  OPTIONAL { ?row bkg:classification ?concept . ?concept skos:prefLabel ?cl . FILTER(LANG(?cl) = "zh") }
}
GROUP BY ?report ?dept ?year ?final ?scope ?narrative ?code ?index ?amount
"""


@dataclass(frozen=True)
class _Report:
    iri: str
    dept: str
    year: int
    final: bool
    unit_scope: bool
    narrative: bool = False  # 类 figures stated by the narrative (一般公共预算), no table

    def preference(self):
        """Latest year first; a department's own (部门) report before a unit (单位) report."""
        return (-self.year, self.unit_scope, self.iri)


def spending(store, year: int | None = None, kind: str = "budget") -> Built:
    """Bipartite graph department — functional 类 (3-digit code), edge ``amount`` = the 类's
    合计 in the department's expenditure table (支出总体情况表 / 支出决算表).

    One report per department, never a sum of several: of its reports of ``kind`` ("budget" or
    "final") and ``year`` (default: its latest year), the department (部门) report is taken over a
    unit (单位) report. A final account that publishes no expenditure table gives the 类 figures its
    narrative states (一般公共预算 only; edge ``basis`` says which). A 类 printed twice with different figures in one table is left out with
    a notice.
    """
    if kind not in ("budget", "final"):
        raise QueryError(f"unknown report kind {kind!r}", hint="budget or final")
    reports: dict[str, _Report] = {}
    cells: dict[tuple[str, str], set[Decimal]] = {}
    dept_label: dict[str, str] = {}
    class_label: dict[str, str] = {}
    for r in _rows(store, SPENDING_QUERY):
        is_final = r["final"] == "true"
        if is_final != (kind == "final") or "year" not in r:
            continue
        y = int(r["year"])
        if year is not None and y != year:
            continue
        narrative = r["narrative"] == "true"
        known = reports.get(r["report"])
        if known and known.narrative != narrative:
            if narrative:
                continue  # the table is there: the narrative's figures are not needed
            cells = {k: v for k, v in cells.items() if k[0] != r["report"]}
        reports[r["report"]] = _Report(r["report"], r["dept"], y, is_final, r.get("scope") == "unit", narrative)
        cells.setdefault((r["report"], r["code"]), set()).add(Decimal(r["amount"]))
        dept_label.setdefault(r["dept"], r.get("dname", r["dept"]))
        if r.get("cname"):
            class_label.setdefault(r["code"], r["cname"])
    chosen: dict[str, _Report] = {}
    for rep in sorted(reports.values(), key=_Report.preference):
        chosen.setdefault(rep.dept, rep)
    g = nx.Graph(name=GraphKind.SPENDING.value, kind=kind, year=str(year) if year else "latest")
    built = Built(g)
    for (report, code), amounts in sorted(cells.items()):
        rep = reports[report]
        if chosen[rep.dept] is not rep:
            continue
        if len(amounts) > 1:
            built.notices.append(f"{report}: 类 {code} is printed with different figures "
                                 f"({', '.join(sorted(format_decimal(a) for a in amounts))}); left out")
            continue
        amount = amounts.pop()
        class_node = f"class:{code}"
        if rep.dept not in g:
            g.add_node(rep.dept, kind=NodeKind.DEPARTMENT.value, label=dept_label[rep.dept],
                       bipartite=0, year=rep.year, report=rep.iri)
        if class_node not in g:
            g.add_node(class_node, kind=NodeKind.CLASS.value, code=code,
                       label=class_label.get(code, code), bipartite=1)
        edge = {"report": rep.iri, "year": rep.year,
                "basis": "narrative (一般公共预算)" if rep.narrative else "expenditure table"}
        _money(edge, amount)
        g.add_edge(rep.dept, class_node, **edge)
    for n, data in g.nodes(data=True):
        total = sum((Decimal(e["amount"]) for _, _, e in g.edges(n, data=True)), Decimal(0))
        _money(data, total)
    return built


# ---------------------------------------------------------------------------- policies

POLICY_QUERY = """
SELECT ?policy ?report ?dept ?desc ?row ?project ?rowAmount ?scale
       (MIN(?num) AS ?number) (MIN(?t) AS ?title) (MIN(?dl) AS ?dname) WHERE {
  { ?desc a bkg:ProjectDescription ; bkg:citesPolicy ?policy ; bkg:report ?report ; bkg:projectName ?project .
    OPTIONAL { ?desc obeu-measure:amount ?scale }
    OPTIONAL { ?desc bkg:forProject ?row .
               OPTIONAL { ?o bkg:row ?row ; bkg:column col:total ; obeu-measure:amount ?rowAmount } } }
  UNION { ?policy a bkg:PolicyDocument ; bkg:citedIn ?report }
  ?report bkg:department ?dept .
  OPTIONAL { ?policy dcterms:identifier ?num }
  OPTIONAL { ?policy dcterms:title ?t }
  OPTIONAL { ?dept skos:prefLabel ?dl }
}
GROUP BY ?policy ?report ?dept ?desc ?row ?project ?rowAmount ?scale
"""


def policies(store) -> Built:
    """Directed graph policy document → project → department.

    A project is the project-table row its description links to (``amount`` = that row's 合计),
    or, unlinked, the description itself (``amount`` = its stated 预算安排规模, when stated). A
    policy cited by a report but by none of its project descriptions is linked to the report's
    department directly (``relation`` "cited"). Edges policy → project carry the project's amount.
    """
    g = nx.DiGraph(name=GraphKind.POLICIES.value)
    for r in _rows(store, POLICY_QUERY):
        policy, dept = r["policy"], r["dept"]
        if policy not in g:
            g.add_node(policy, kind=NodeKind.POLICY.value, label=r.get("number") or r.get("title") or policy)
            if r.get("title"):
                g.nodes[policy]["title"] = r["title"]
        if dept not in g:
            g.add_node(dept, kind=NodeKind.DEPARTMENT.value, label=r.get("dname", dept))
        if "desc" not in r:
            if not g.has_edge(policy, dept):
                g.add_edge(policy, dept, relation="cited", report=r["report"])
            continue
        project = r.get("row") or r["desc"]
        if project not in g:
            g.add_node(project, kind=NodeKind.PROJECT.value, label=r["project"], report=r["report"])
            amount = r.get("rowAmount") or r.get("scale")
            if amount is not None:
                _money(g.nodes[project], Decimal(amount))
        edge = {"relation": "basis"}
        if "amount" in g.nodes[project]:
            _money(edge, Decimal(g.nodes[project]["amount"]))
        g.add_edge(policy, project, **edge)
        g.add_edge(project, dept, relation="funds", report=r["report"])
    # a policy cited by a report is "cited" only where no project of it carries the link
    for policy, dept in [(u, v) for u, v, e in g.edges(data=True) if e.get("relation") == "cited"]:
        if any(g.has_edge(p, dept) for p in g.successors(policy) if g.nodes[p]["kind"] == NodeKind.PROJECT.value):
            g.remove_edge(policy, dept)
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
