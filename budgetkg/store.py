"""Stage 6: the on-disk Oxigraph store, one named graph per report.

Writes are all-or-nothing. A batch of graphs none of which exists yet is written in
one transaction; otherwise every graph is first staged under a temporary name and
then swapped in by one SPARQL update (MOVE … TO …), so a failure at any point leaves
the store as it was. The ontology and code lists live in their own graph, refreshed
when the shipped files change.
"""
from __future__ import annotations

import hashlib
import time
from pathlib import Path
from typing import Iterable, Mapping

import pyoxigraph as ox

from .config import ONTOLOGY_DIR
from .errors import StoreError

VOCAB_GRAPH = ox.NamedNode("https://w3id.org/budgetkg/graph/vocabulary")
STAGING_SUFFIX = "#staging"
_DIGEST = ox.NamedNode("https://w3id.org/budgetkg/ontology#vocabularyDigest")


def vocabulary_files() -> list[Path]:
    """The Turtle files loaded into the vocabulary graph."""
    return [ONTOLOGY_DIR / "budget.ttl", *sorted((ONTOLOGY_DIR / "codes").glob("*.ttl"))]


class BudgetStore:
    """An Oxigraph store of budgetkg graphs.

    Raises:
        StoreError: the directory cannot be opened (in use by another process, not a store).
    """

    def __init__(self, path: str | Path, read_only: bool = False):
        self.path = Path(path)
        self.read_only = read_only
        try:
            if read_only:
                if not self.path.exists():
                    raise StoreError("no store here yet; run `budgetkg ingest` first",
                                     file=str(self.path))
                self.store = self._open_read_only()
            else:
                self.path.mkdir(parents=True, exist_ok=True)
                self.store = ox.Store(str(self.path))
        except (OSError, RuntimeError) as exc:
            msg = str(exc)
            hint = "another budgetkg process (ingest or serve) may hold it" if "lock" in msg.lower() else None
            raise StoreError(f"cannot open the store: {msg}", file=str(self.path), hint=hint) from exc

    def _open_read_only(self, attempts: int = 5):
        # A writer that has just closed may still be finishing a background compaction; the
        # files a read-only open lists can vanish under it for a moment. Try again briefly.
        for attempt in range(attempts):
            try:
                return ox.Store.read_only(str(self.path))
            except (OSError, RuntimeError):
                if attempt == attempts - 1:
                    raise
                time.sleep(0.2 * (attempt + 1))

    # ------------------------------------------------------------------ writing
    def ensure_vocabulary(self) -> bool:
        """Load the ontology and code lists unless the store already has this version."""
        files = vocabulary_files()
        digest = hashlib.sha256(b"".join(f.read_bytes() for f in files)).hexdigest()
        marker = ox.Quad(VOCAB_GRAPH, _DIGEST, ox.Literal(digest), VOCAB_GRAPH)
        if marker in self.store:
            return False
        quads = [marker]
        for f in files:
            quads.extend(ox.Quad(t.subject, t.predicate, t.object, VOCAB_GRAPH)
                         for t in ox.parse(path=str(f), format=ox.RdfFormat.TURTLE))
        self.replace_graphs({VOCAB_GRAPH: quads})
        return True

    def replace_graphs(self, graphs: Mapping[ox.NamedNode, Iterable[ox.Quad]]) -> None:
        """Replace each named graph with its quads, atomically for the whole batch.

        The quads may be lazy iterables: they are consumed once, inside the transaction,
        so a large batch is never held as Python objects all at once.
        """
        existing = set(self.store.named_graphs())
        try:
            if not any(g in existing for g in graphs):
                self.store.extend(q for qs in graphs.values() for q in qs)  # one transaction
                return
            self._drop_staging()  # left over by a process that died mid-write
            self.store.extend(ox.Quad(q.subject, q.predicate, q.object,
                                      ox.NamedNode(g.value + STAGING_SUFFIX))
                              for g, qs in graphs.items() for q in qs)
            # one update is one transaction: every graph is swapped in, or none is
            self.store.update(" ;\n".join(
                f"MOVE SILENT GRAPH <{g.value}{STAGING_SUFFIX}> TO GRAPH <{g.value}>" for g in graphs))
        except OSError as exc:
            self._drop_staging()
            raise StoreError(f"writing the store failed: {exc}", file=str(self.path)) from exc
        finally:
            self.store.flush()

    def _drop_staging(self) -> None:
        for g in list(self.store.named_graphs()):
            if g.value.endswith(STAGING_SUFFIX):
                self.store.remove_graph(g)

    def remove_graph(self, graph: ox.NamedNode) -> bool:
        """Remove one report's graph; False when it was not there."""
        if graph not in set(self.store.named_graphs()):
            return False
        self.store.remove_graph(graph)
        return True

    # ------------------------------------------------------------------ reading
    def query(self, sparql: str):
        """Run a SPARQL query over the union of all graphs."""
        return self.store.query(sparql, use_default_graph_as_union=True)

    def graphs(self) -> list[ox.NamedNode]:
        """Named graphs, staging graphs excluded, sorted."""
        return sorted((g for g in self.store.named_graphs() if not g.value.endswith(STAGING_SUFFIX)),
                      key=lambda g: g.value)

    def quads(self, graph: ox.NamedNode | None = None) -> Iterable[ox.Quad]:
        return self.store.quads_for_pattern(None, None, None, graph)

    def __len__(self) -> int:
        return len(self.store)
