"""The graph pages (``/graph?name=hierarchy|spending|policies[&focus=IRI]``): the networkx views of
``budgetkg graph`` drawn on the page as inline SVG — no script, nothing from the network, as the
department charts (:mod:`.charts`) are drawn.

The graph is built by :func:`budgetkg.query.graphs.build` from the SPARQL the server answers (the
same rows ``budgetkg graph`` reads from the store, through the engine). It is laid out in columns:
for a directed graph without cycles (the organisation hierarchy, policy → project → department)
each node stands in the column of its depth; otherwise (department–类 spending) in the column of
its kind. ``focus`` (an entity's IRI, as the department pages link it) draws the entity and its
neighbours within two steps. A graph larger than :data:`MOST` nodes is cut to the best connected
ones, and the page says how many were left out — never silently. Every node links to its page,
every edge carrying money has the exact figure in its tooltip.
"""
from __future__ import annotations

import html

import networkx as nx
import pyoxigraph as ox

from budgetkg.errors import BudgetKGError
from budgetkg.query.answers import Unit
from budgetkg.query.graphs import GRAPHS, build
from budgetkg.serve import pages
from budgetkg.serve.context import App
from budgetkg.serve.request import FORMATS
from budgetkg.serve.web import Request, Response, Route, link

MOST = 120
NAMES = tuple(k.value for k in GRAPHS)
TITLES = {"hierarchy": "Organisation hierarchy / 机构层级", "spending": "Department–类 spending / 部门支出结构",
          "policies": "Policy documents → projects → departments / 政策文件 → 项目 → 部门"}
KIND_COLOURS = {"organisation": "#3584e4", "department": "#3584e4", "class": "#e66100", "policy": "#9141ac",
                "project": "#26a269"}
_COLUMN_GAP, _ROW_GAP, _LABEL = 260, 22, 18


class _EngineStore:
    """What the graph builders need of a store (``query``), answered by the engine over the SPARQL
    protocol: the SELECT's JSON results parsed back into pyoxigraph solutions."""

    def __init__(self, app: App):
        self.app = app

    def query(self, sparql: str):
        reply = self.app.call({"query": sparql}, FORMATS["json"])
        if reply.status >= 400:
            raise BudgetKGError(reply.body.decode("utf-8", "replace")[:300])
        return ox.parse_query_results(reply.body, format=ox.QueryResultsFormat.JSON)


def neighbourhood(g: nx.Graph, focus: str, radius: int = 2) -> nx.Graph:
    """The focus node and the nodes within ``radius`` steps of it, whichever way the edges point."""
    if focus not in g:
        return g.subgraph([]).copy()
    return g.subgraph(nx.ego_graph(g.to_undirected(as_view=True), focus, radius=radius).nodes).copy()


def cut(g: nx.Graph, most: int = MOST, keep: str | None = None) -> tuple[nx.Graph, int]:
    """The ``most`` best connected nodes (``keep`` always among them) and how many were left out."""
    if g.number_of_nodes() <= most:
        return g, 0
    ranked = sorted(g.nodes, key=lambda n: (n != keep, -g.degree(n), str(g.nodes[n].get("label", n))))
    return g.subgraph(ranked[:most]).copy(), g.number_of_nodes() - most


def columns(g: nx.Graph) -> list[list[str]]:
    """The nodes in columns: by depth for a directed graph without cycles, else by kind; each
    column in label order."""
    def label(n: str) -> str:
        return str(g.nodes[n].get("label", n))

    if isinstance(g, nx.DiGraph) and nx.is_directed_acyclic_graph(g):
        layers = [list(layer) for layer in nx.topological_generations(g)]
    else:
        kinds: dict[str, list[str]] = {}
        for n in sorted(g.nodes, key=lambda n: (g.degree(n) == 0, label(n))):
            kinds.setdefault(str(g.nodes[n].get("kind", "")), []).append(n)
        order = list(KIND_COLOURS)
        layers = [kinds[k] for k in sorted(kinds, key=lambda k: order.index(k) if k in order else len(order))]
    return [sorted(layer, key=label) for layer in layers]


def _edge_title(g: nx.Graph, a: str, b: str, unit: Unit) -> str:
    data = g.edges[a, b]
    order = list(KIND_COLOURS)
    if not g.is_directed() and order.index(str(g.nodes[a].get("kind", "class"))) > \
            order.index(str(g.nodes[b].get("kind", "class"))):
        a, b = b, a  # an undirected edge reads from the department to what it spends on
    words = [str(g.nodes[a].get("label", a)), "→", str(g.nodes[b].get("label", b))]
    if data.get("relation"):
        words.append(f"({data['relation']})")
    if data.get("amount"):
        words.append(pages.money(data["amount"], unit))
    return " ".join(words)


def draw(app: App, g: nx.Graph, unit: Unit = Unit.YUAN, focus: str | None = None) -> str:
    """The graph as one inline SVG: nodes in columns, edges as lines, labels beside the nodes."""
    layout = columns(g)
    if not layout:
        return "<p class='muted'>nothing to draw</p>"
    place = {n: (20 + i * _COLUMN_GAP, 30 + j * _ROW_GAP) for i, layer in enumerate(layout) for j, n in enumerate(layer)}
    width = 20 + len(layout) * _COLUMN_GAP
    height = 40 + max(len(layer) for layer in layout) * _ROW_GAP
    parts = []
    for a, b in g.edges:
        (x1, y1), (x2, y2) = place[a], place[b]
        parts.append(f"<line x1='{x1}' y1='{y1}' x2='{x2}' y2='{y2}' stroke='#999' stroke-width='1'>"
                     f"<title>{html.escape(_edge_title(g, a, b, unit))}</title></line>")
    for n, (x, y) in place.items():
        data = g.nodes[n]
        label = str(data.get("label", n))
        colour = KIND_COLOURS.get(str(data.get("kind", "")), "#77767b")
        href = app.local(n) if n.startswith(("http://", "https://")) else None
        ring = " stroke='#000' stroke-width='2'" if n == focus else ""
        shown = label if len(label) <= _LABEL else label[:_LABEL - 1] + "…"
        node = (f"<circle cx='{x}' cy='{y}' r='5' fill='{colour}'{ring}/>"
                f"<text x='{x + 8}' y='{y + 4}' font-size='12'>{html.escape(shown)}</text>"
                f"<title>{html.escape(label)} ({html.escape(str(data.get('kind', '')))})</title>")
        parts.append(f"<a href='{html.escape(href, quote=True)}'>{node}</a>" if href else f"<g>{node}</g>")
    legend = " ".join(f"<span style='color:{c}'>●</span> {k}" for k, c in KIND_COLOURS.items()
                      if any(g.nodes[n].get("kind") == k for n in g.nodes))
    return (f"<figure class='graph-view'><svg role='img' width='{width}' height='{height}' "
            f"xmlns='http://www.w3.org/2000/svg'>{''.join(parts)}</svg><figcaption>{legend}</figcaption></figure>")


def graph_links(iri: str | None = None) -> str:
    """Links to the graph pages (centred on ``iri`` when given), for the entity pages."""
    return " · ".join(f"<a href='{link('/graph', name=name, focus=iri)}'>{html.escape(TITLES[name])}</a>"
                      for name in NAMES)


def graph(app: App, request: Request) -> Response:
    """One graph view drawn, or the list of them."""
    name = request.param("name")
    if not name:
        return Response.page(pages.page("Graphs / 图", f"<p>{graph_links()}</p>"))
    if name not in NAMES:
        raise BudgetKGError(f"unknown graph {name!r}; one of: {', '.join(NAMES)}")
    focus, unit = request.param("focus") or None, Unit.parse(request.param("unit"))
    options: dict = {}
    if name == "spending":
        year = request.param("year") or ""
        options = {"year": int(year) if year.isdigit() else None,
                   "kind": request.param("kind") or "budget"}
    built = build(_EngineStore(app), name, **options)
    g = neighbourhood(built.graph, focus) if focus else built.graph
    g, left_out = cut(g, keep=focus)
    notes = [html.escape(n) for n in built.notices]
    if focus and not g.number_of_nodes():
        notes.append("this entity is not in the graph")
    if left_out:
        notes.append(f"{left_out} nodes left out: the {MOST} best connected are drawn "
                     f"(budgetkg graph export {name} gives the whole graph)")
    head = (f"<p>{g.number_of_nodes()} nodes, {g.number_of_edges()} edges"
            + (f" around <a href='{html.escape(app.local(focus) or focus, quote=True)}'>the entity</a>" if focus else "")
            + f" · <a href='{link('/graph', name=name)}'>whole graph</a> · {graph_links(focus)}</p>")
    body = head + "".join(f"<p class='notice'>{n}</p>" for n in notes) + draw(app, g, unit, focus)
    return Response.page(pages.page(TITLES[name], body))


ROUTES = [Route(graph, exact=("/graph",))]
