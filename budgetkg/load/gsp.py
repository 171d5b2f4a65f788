"""Push report graphs to a SPARQL 1.1 Graph Store HTTP Protocol endpoint (``load --gsp``).

Each named graph is one ``PUT <endpoint>?graph=<IRI>`` with the graph's triples as
N-Triples: the server replaces that graph as a whole, so every report is atomic at the
server (Oxigraph server, Fuseki, GraphDB, Virtuoso and QLever all implement PUT). The
vocabulary graph is pushed first, so the canned questions find their labels there.

Before the push, the link stage runs over the shards' digests (:func:`plan_links`) — against
the endpoint's SPARQL query service when one is given (``load --sparql URL``), else among the
pushed shards only — and each graph is PUT with its links, as ``load`` into a store writes it.
"""
from __future__ import annotations

import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable

import pyoxigraph as ox

from budgetkg.errors import StoreError
from budgetkg.load.shards import Shard

NTRIPLES = "application/n-triples"


def graph_url(endpoint: str, graph: str) -> str:
    """The URL of ``graph`` at a GSP endpoint (indirect identification, ``?graph=``)."""
    sep = "&" if urllib.parse.urlsplit(endpoint).query else "?"
    return f"{endpoint}{sep}{urllib.parse.urlencode({'graph': graph})}"


def put_graph(endpoint: str, graph: ox.NamedNode, triples: bytes, *, timeout: float = 300,
              token: str | None = None, where: str | None = None) -> int:
    """PUT one graph; returns the HTTP status.

    Raises:
        StoreError: the endpoint refused the graph or cannot be reached (naming graph and file).
    """
    request = urllib.request.Request(graph_url(endpoint, graph.value), data=triples, method="PUT",
                                     headers={"Content-Type": NTRIPLES})
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        body = exc.read(300).decode("utf-8", "replace").strip()
        raise StoreError(f"the Graph Store at {endpoint} refused graph <{graph.value}>: HTTP {exc.code} "
                         f"{exc.reason}{': ' + body if body else ''}", file=where) from exc
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise StoreError(f"cannot reach the Graph Store at {endpoint}: {reason}", file=where) from exc


def _triples(nquads: bytes) -> bytes:
    return ox.serialize((ox.Triple(q.subject, q.predicate, q.object)
                         for q in ox.parse(nquads, format=ox.RdfFormat.N_QUADS)), format=ox.RdfFormat.N_TRIPLES)


def push(endpoint: str, shards: Iterable[Shard], *, vocabulary: bool = True, token: str | None = None,
         progress: Callable[[Shard], None] | None = None, links: LinkPlan | None = None) -> tuple[int, int]:
    """PUT the vocabulary graph (unless ``vocabulary`` is False) and every shard's graph, with
    the link stage's quads when ``links`` (:func:`plan_links`) is given; returns (graphs, quads)
    pushed. A failure stops at that graph: those before it are in place (each PUT is atomic;
    re-running the push is idempotent)."""
    from budgetkg.load.store import VOCAB_GRAPH, vocabulary_quads
    graphs = quads = 0
    if vocabulary:
        qs = vocabulary_quads()
        put_graph(endpoint, VOCAB_GRAPH, ox.serialize((ox.Triple(q.subject, q.predicate, q.object) for q in qs),
                                                      format=ox.RdfFormat.N_TRIPLES), token=token)
        graphs, quads = 1, len(qs)
    for shard in shards:
        data = links.triples(shard) if links is not None else _triples(shard.nquads)
        put_graph(endpoint, shard.graph, data, token=token, where=str(shard.path))
        graphs, quads = graphs + 1, quads + (links.count(shard) if links is not None else shard.quads)
        if progress:
            progress(shard)
    return graphs, quads


# ---------------------------------------------------------------------- links before a push
class SparqlEndpoint:
    """A SPARQL 1.1 query service seen as the link stage's store: :meth:`query` answers a SELECT
    as rows of Oxigraph terms (an unbound variable is None), like ``BudgetStore.query``. Its
    default graph must be the union of the graphs (Oxigraph ``--union-default-graph``, Fuseki
    ``unionDefaultGraph``, GraphDB and Virtuoso by default), as budgetkg's own store answers."""

    def __init__(self, url: str, *, token: str | None = None, timeout: float = 300):
        self.url, self.token, self.timeout = url, token, timeout

    def query(self, sparql: str) -> list[dict]:
        """Raises StoreError when the service refuses the query or cannot be reached."""
        import json
        request = urllib.request.Request(self.url, data=sparql.encode(), method="POST", headers={
            "Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json"})
        if self.token:
            request.add_header("Authorization", f"Bearer {self.token}")
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                answer = json.load(response)
        except urllib.error.HTTPError as exc:
            body = exc.read(300).decode("utf-8", "replace").strip()
            raise StoreError(f"the SPARQL service at {self.url} refused a query of the link stage: HTTP {exc.code} "
                             f"{exc.reason}{': ' + body if body else ''}") from exc
        except (urllib.error.URLError, OSError, ValueError) as exc:
            raise StoreError(f"cannot query the SPARQL service at {self.url}: {getattr(exc, 'reason', exc)}") from exc
        return [_Row({k: _term(v) for k, v in b.items()}) for b in answer.get("results", {}).get("bindings", [])]


class _Row(dict):
    def __missing__(self, key):
        return None


def _term(value: dict):
    kind = value.get("type")
    if kind == "uri":
        return ox.NamedNode(value["value"])
    if kind == "bnode":
        return ox.BlankNode(value["value"])
    if value.get("xml:lang"):
        return ox.Literal(value["value"], language=value["xml:lang"])
    if value.get("datatype"):
        return ox.Literal(value["value"], datatype=ox.NamedNode(value["datatype"]))
    return ox.Literal(value["value"])


class _NoStore:
    """No store to link against: the link stage sees the pushed shards only."""

    def query(self, sparql: str) -> list:
        return []


class LinkPlan:
    """What the link stage adds to the graphs to push (the writer :func:`budgetkg.load.stream.link_batch`
    writes into): per graph, a replacement of its quads (rare: an organisation resolved to a
    stored one's IRI) and the link quads to add."""

    def __init__(self, store):
        self.store = store
        self.replaced: dict[ox.NamedNode, list[ox.Quad]] = {}
        self.extra: dict[ox.NamedNode, list[ox.Quad]] = {}
        self.notices: list[str] = []

    def add_quads(self, graph: ox.NamedNode, quads) -> int:
        self.replaced[graph] = list(quads)
        return len(self.replaced[graph])

    def append_quads(self, graph: ox.NamedNode, quads) -> int:
        self.extra.setdefault(graph, []).extend(quads)
        return len(quads)

    def count(self, shard: Shard) -> int:
        """The quads :meth:`triples` gives for ``shard``."""
        own = self.replaced.get(shard.graph)
        return (len(own) if own is not None else shard.quads) + len(self.extra.get(shard.graph, ()))

    def triples(self, shard: Shard) -> bytes:
        """The N-Triples to PUT for ``shard``'s graph: its own (or their replacement) and its links."""
        own = self.replaced.get(shard.graph)
        quads = own if own is not None else ox.parse(shard.nquads, format=ox.RdfFormat.N_QUADS)
        extra = self.extra.get(shard.graph, ())
        return ox.serialize((ox.Triple(q.subject, q.predicate, q.object) for part in (quads, extra) for q in part),
                            format=ox.RdfFormat.N_TRIPLES)


def plan_links(shards: Iterable[Shard], base: str, *, sparql: str | None = None, token: str | None = None,
               max_size_mb: int | None = None) -> LinkPlan:
    """The link stage over the shards' digests (``shards`` from :func:`budgetkg.load.shards.read_digests`)
    and, given ``sparql`` (the query service of the endpoint pushed to), the reports it holds —
    the links and findings ``load`` into a store makes. Without ``sparql`` the shards are linked
    among themselves only (a notice says so)."""
    from budgetkg.link.digest import PackedDigests
    from budgetkg.load.shard_load import read_report_again
    from budgetkg.load.stream import link_batch
    plan = LinkPlan(SparqlEndpoint(sparql, token=token) if sparql else _NoStore())
    digests, files = PackedDigests(), {}
    for shard in shards:
        if shard.digest is not None:
            digests[shard.graph], files[shard.graph] = shard.digest, shard.paths
    if digests:
        _, plan.notices = link_batch(plan, base, digests,
                                     lambda graph: read_report_again(graph, files[graph], max_size_mb))
        if not sparql:
            plan.notices.append("linked the pushed reports among themselves only: give --sparql URL (the "
                                "endpoint's query service) to link them with the reports it holds")
    return plan
