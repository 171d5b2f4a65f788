"""Push report graphs to a SPARQL 1.1 Graph Store HTTP Protocol endpoint (``load --gsp``).

Each named graph is one ``PUT <endpoint>?graph=<IRI>`` with the graph's triples as
N-Triples: the server replaces that graph as a whole, so every report is atomic at the
server (Oxigraph server, Fuseki, GraphDB, Virtuoso and QLever all implement PUT). The
vocabulary graph is pushed first, so the canned questions find their labels there.
"""
from __future__ import annotations

import urllib.error
import urllib.parse
import urllib.request
from typing import Callable, Iterable

import pyoxigraph as ox

from .errors import StoreError
from .shards import Shard

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
         progress: Callable[[Shard], None] | None = None) -> tuple[int, int]:
    """PUT the vocabulary graph (unless ``vocabulary`` is False) and every shard's graph;
    returns (graphs, quads) pushed. A failure stops at that graph: those before it are in place
    (each PUT is atomic; re-running the push is idempotent)."""
    from .store import VOCAB_GRAPH, vocabulary_quads
    graphs = quads = 0
    if vocabulary:
        qs = vocabulary_quads()
        put_graph(endpoint, VOCAB_GRAPH, ox.serialize((ox.Triple(q.subject, q.predicate, q.object) for q in qs),
                                                      format=ox.RdfFormat.N_TRIPLES), token=token)
        graphs, quads = 1, len(qs)
    for shard in shards:
        put_graph(endpoint, shard.graph, _triples(shard.nquads), token=token, where=str(shard.path))
        graphs, quads = graphs + 1, quads + shard.quads
        if progress:
            progress(shard)
    return graphs, quads
