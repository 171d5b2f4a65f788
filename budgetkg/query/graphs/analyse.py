"""Answers read from the graphs of :mod:`.builders`, as :class:`~budgetkg.query.questions.Answer` tables
(the terminal, CSV and JSON writers print them like any canned question).

Money is summed exactly (Decimal); floats are used only for similarity and community detection,
and what they yield (a similarity, a community) is never a figure of a report.
"""
from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal

import networkx as nx

from budgetkg.query.graphs.builders import NodeKind
from budgetkg.query.questions import Answer
from budgetkg.text.amounts import format_decimal
from budgetkg.text.names import normalise_org_name, short_org_form


def _kind(g, n) -> str:
    return g.nodes[n].get("kind", "")


def _percent(part: Decimal, whole: Decimal) -> str:
    if not whole:
        return ""
    return format_decimal((part * 100 / whole).quantize(Decimal("0.01"), ROUND_HALF_UP))


def matches(label: str, text: str) -> bool:
    """Does an organisation label contain ``text`` (spacing, brackets and 委员会/委 aside)?"""
    t = normalise_org_name(text)
    return t in normalise_org_name(label) or short_org_form(t) in short_org_form(label)


# ---------------------------------------------------------------------------- policies

def central_policies(g: nx.DiGraph, top: int | None = 20) -> Answer:
    """Policy documents ranked by the money of the projects that rest on them.

    ``amount`` is the exact sum of those projects' amounts (a project citing two documents counts
    in full for each); ``projects`` counts them, ``unpriced`` those without an amount;
    ``departments`` counts the departments funding them or citing the document (its reach).
    Ties in money go to the document with more projects.
    """
    rows = []
    for p in g:
        if _kind(g, p) != NodeKind.POLICY.value:
            continue
        projects = [q for q in g.successors(p) if _kind(g, q) == NodeKind.PROJECT.value]
        priced = [Decimal(g.nodes[q]["amount"]) for q in projects if "amount" in g.nodes[q]]
        depts = {d for q in projects for d in g.successors(q)}
        depts |= {d for d in g.successors(p) if _kind(g, d) == NodeKind.DEPARTMENT.value}
        money = sum(priced, Decimal(0))
        rows.append((money, len(projects), p, (
            g.nodes[p]["label"], "" if g.nodes[p].get("title") == g.nodes[p]["label"] else g.nodes[p].get("title", ""),
            format_decimal(money) if priced else "",
            str(len(projects)), str(len(projects) - len(priced)), str(len(depts)))))
    rows.sort(key=lambda r: (-r[0], -r[1], r[2]))
    chosen = rows[:top] if top else rows
    return Answer(columns=("document", "title", "amount", "projects", "unpriced", "departments"),
                  rows=tuple(r[3] for r in chosen))


# ---------------------------------------------------------------------------- spending profiles

def profiles(g: nx.Graph) -> dict[str, dict[str, Decimal]]:
    """Each department's share of its 类 total by 类 code (exact fractions of 1)."""
    out = {}
    for d in g:
        if _kind(g, d) != NodeKind.DEPARTMENT.value:
            continue
        amounts = {g.nodes[c]["code"]: Decimal(e["amount"]) for _, c, e in g.edges(d, data=True)}
        total = sum(amounts.values(), Decimal(0))
        if total > 0:
            out[d] = {code: a / total for code, a in amounts.items() if a > 0}
    return out


def cosine(a: dict[str, Decimal], b: dict[str, Decimal]) -> float:
    dot = sum(float(a[k]) * float(b[k]) for k in a.keys() & b.keys())
    na = math.sqrt(sum(float(v) ** 2 for v in a.values()))
    nb = math.sqrt(sum(float(v) ** 2 for v in b.values()))
    return dot / (na * nb) if na and nb else 0.0


def similarity_graph(g: nx.Graph, threshold: float = 0.5) -> nx.Graph:
    """Departments linked when the cosine similarity of their 类 shares is at least ``threshold``
    (the projection of the bipartite spending graph, weighted by similarity)."""
    prof = profiles(g)
    s = nx.Graph()
    for d in prof:
        s.add_node(d, label=g.nodes[d]["label"])
    names = sorted(prof)
    for i, a in enumerate(names):
        for b in names[i + 1:]:
            sim = cosine(prof[a], prof[b])
            if sim >= threshold:
                s.add_edge(a, b, weight=sim)
    return s


def _largest_class(g: nx.Graph, d: str) -> tuple[str, str]:
    best = max(g.edges(d, data=True), key=lambda e: (Decimal(e[2]["amount"]), e[1]))
    total = Decimal(g.nodes[d]["amount"])
    c = g.nodes[best[1]]
    return f"{c['code']} {c['label']}", _percent(Decimal(best[2]["amount"]), total)


def communities(g: nx.Graph, threshold: float = 0.5, seed: int = 1) -> Answer:
    """Departments grouped by similar spending profiles: Louvain communities (fixed seed, so the
    same store gives the same groups) of the similarity projection; a department with no
    similar department is a community of its own."""
    s = similarity_graph(g, threshold)
    groups = nx.community.louvain_communities(s, weight="weight", seed=seed) if s else []
    groups = sorted((sorted(c, key=lambda n: s.nodes[n]["label"]) for c in groups),
                    key=lambda c: (-len(c), s.nodes[c[0]]["label"]))
    rows = []
    for i, members in enumerate(groups, 1):
        for d in members:
            cls, share = _largest_class(g, d)
            peers = [s.edges[d, o]["weight"] for o in members if o != d]
            rows.append((str(i), g.nodes[d]["label"], str(g.nodes[d].get("year", "")), g.nodes[d]["amount"],
                         cls, share, f"{sum(peers) / len(peers):.3f}" if peers else ""))
    return Answer(columns=("community", "department", "year", "total", "largest_class", "share",
                           "similarity"), rows=tuple(rows))


def similar(g: nx.Graph, department: str, top: int = 10) -> Answer:
    """The departments whose 类 profile is most like that of the departments matching
    ``department`` (cosine similarity of shares, 1 = the same mix), with the 类 they share."""
    prof = profiles(g)
    rows = []
    for d in sorted(prof, key=lambda n: g.nodes[n]["label"]):
        if not matches(g.nodes[d]["label"], department):
            continue
        ranked = sorted(((cosine(prof[d], prof[o]), o) for o in prof if o != d),
                        key=lambda x: (-x[0], g.nodes[x[1]]["label"]))
        for sim, o in ranked[:top]:
            shared = sorted(prof[d].keys() & prof[o].keys())
            rows.append((g.nodes[d]["label"], g.nodes[o]["label"], f"{sim:.3f}", " ".join(shared)))
    return Answer(columns=("department", "similar_department", "similarity", "shared_classes"),
                  rows=tuple(rows))


# ---------------------------------------------------------------------------- hierarchy

def _paths_to_roots(g: nx.DiGraph, n: str, seen: frozenset = frozenset()) -> list[list[str]]:
    """Every chain root → … → n (an organisation may be listed under more than one parent; a
    cycle in the data ends the chain where it would repeat)."""
    parents = [p for p in sorted(g.predecessors(n)) if p != n and p not in seen]
    if not parents:
        return [[n]]
    return [[*path, n] for p in parents for path in _paths_to_roots(g, p, seen | {n})]


def locate(g: nx.DiGraph, text: str) -> Answer:
    """Where the organisations whose name contains ``text`` sit: the chain from the top
    organisation down, their relation to their parent (internal 内设机构 / subordinate 下属单位),
    depth, how many units sit under them and beside them."""
    rows = []
    def names(n):
        return [g.nodes[n]["label"], *filter(None, g.nodes[n].get("alt_labels", "").split("|"))]

    found = sorted((n for n in g if any(matches(x, text) for x in names(n))), key=lambda n: g.nodes[n]["label"])
    for n in found:
        for path in _paths_to_roots(g, n):
            parent = path[-2] if len(path) > 1 else None
            relation = g.edges[parent, n]["relation"] if parent else "top"
            siblings = len(list(g.successors(parent))) - 1 if parent else 0
            rows.append((g.nodes[n]["label"], relation, " › ".join(g.nodes[p]["label"] for p in path),
                         str(len(path) - 1), str(g.out_degree(n)), str(siblings)))
    return Answer(columns=("unit", "relation", "path", "depth", "units_under", "siblings"), rows=tuple(rows))
