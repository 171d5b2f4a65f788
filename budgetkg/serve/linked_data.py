"""Linked data: every minted IRI (``/id/…``), the code lists (``/codes/…``) and the ontology.

Turtle, N-Triples or JSON-LD by ``Accept``; HTML as a readable summary where one is known
(:mod:`.summaries`: a report shows its totals and tables, a project row its amounts,
description and indicators), with the raw triples one click away (``?view=triples``).
"""
from __future__ import annotations

import html

import pyoxigraph as ox

from budgetkg.config import query_text, read_query
from budgetkg.serve import pages, summaries
from budgetkg.serve.context import App
from budgetkg.serve.web import Request, Response, Route, link

LABELS = ("http://www.w3.org/2004/02/skos/core#prefLabel", "http://www.w3.org/2000/01/rdf-schema#label")
DERIVED = "http://www.w3.org/ns/prov#wasDerivedFrom"


def _construct(path: str, node: ox.NamedNode) -> str:
    if path == "/ontology":
        return read_query("serve/ontology.rq")
    return query_text("serve/resource.rq", node=str(node))


def entity(app: App, request: Request) -> Response:
    """A resource as data (by Accept) or as a page: a summary, or its triples with ``?view=triples``."""
    path = request.path
    iri = app.iri_of(path)
    try:
        node = ox.NamedNode(iri)  # validates: nothing from the path is pasted unchecked
    except ValueError:
        return Response.text(400, "not a valid resource IRI")
    construct = _construct(path, node)
    kind = request.wants("text/html", "text/turtle", "application/ld+json", "application/n-triples")
    if kind != "text/html":
        reply = app.call({"query": construct}, kind)
        if reply.status >= 400 or not reply.body.strip() or reply.body.strip() in (b"[]", b"{}"):
            return Response.text(404 if reply.status < 400 else reply.status, f"no description of <{iri}>")
        return Response(200, reply.body, reply.content_type)
    reply = app.call({"query": construct}, "application/n-triples")
    triples = list(ox.parse(reply.body, format=ox.RdfFormat.N_TRIPLES)) if reply.status < 400 else []
    if not triples:
        return Response.page(pages.page("not found", f"<p>No resource <code>{html.escape(iri)}</code>.</p>"), 404)
    title = label(triples, iri)
    types = {t.object.value for t in triples if t.subject.value == iri and t.predicate.value.endswith("#type")}
    summary = None if request.param("view") == "triples" else summaries.render(app, iri, types, request)
    if summary is not None:
        raw = f"<p class='muted'>{html.escape(iri)} · <a href='{link(request.path, view='triples')}'>raw triples</a></p>"
        return Response.page(pages.page(title, raw + summary))
    labels = app.labels_of({t.predicate.value for t in triples}
                           | {n.value for t in triples for n in (t.subject, t.object)
                              if isinstance(n, ox.NamedNode) and n.value != iri})
    return Response.page(pages.page(title, describe(app, triples, iri, labels)))


TITLES = ("https://w3id.org/budgetkg/ontology#projectName", LABELS[0], "http://purl.org/dc/terms/title", LABELS[1])


def label(triples, iri: str) -> str:
    """A page title: a project row by its project's name (not the class it is filed under), then labels."""
    own = {}
    for t in triples:
        if t.subject.value == iri and t.predicate.value in TITLES:
            own.setdefault(t.predicate.value, t.object.value)
    return next((own[p] for p in TITLES if p in own), iri.rsplit("/", 1)[-1])


def describe(app: App, triples, iri: str, labels: dict[str, str]) -> str:
    """The resource's triples as a table; the many "derived from this report" links folded below."""
    rows, derived = [], []
    for t in sorted(triples, key=lambda t: (t.subject.value != iri, t.predicate.value, str(t.object))):
        outgoing = t.subject.value == iri
        target = derived if not outgoing and t.predicate.value == DERIVED else rows
        other = t.object if outgoing else t.subject
        pred = t.predicate.value.rsplit("#", 1)[-1].rsplit("/", 1)[-1]
        pred_label = labels.get(t.predicate.value, pred)
        if isinstance(other, ox.NamedNode):
            href = app.local(other.value)
            shown = html.escape(labels.get(other.value) or other.value.rsplit("/", 1)[-1] or other.value)
            cell = f"<a href='{html.escape(href)}'>{shown}</a>" if href else shown
        else:
            value = other.value
            if pred == "amount":
                value = pages.yuan(value)
            cell = html.escape(value) + (f" <span class='muted'>@{other.language}</span>"
                                         if getattr(other, "language", None) else "")
        target.append(f"<tr><td>{'' if outgoing else '← '}{html.escape(pred_label)}</td><td>{cell}</td></tr>")
    # the many facts read from a report are listed folded, after its own triples
    more = (f"<details><summary>{len(derived)} facts derived from this resource (prov:wasDerivedFrom)</summary>"
            f"<table>{''.join(derived)}</table></details>") if derived else ""
    return (f"<p class='muted'>{html.escape(iri)} · <a href='?'>HTML</a> — ask for text/turtle or "
            f"application/ld+json for data</p><table>{''.join(rows)}</table>{more}")


ROUTES = [Route(entity, prefix=("/id/", "/codes/", "/ontology"))]
