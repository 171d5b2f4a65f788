"""Stage 6: the on-disk Oxigraph store, one named graph per report.

What a write guarantees (``ingest``, ``remove``, ``repair``), whatever instant the
process is killed at:

- A batch of graphs none of which exists yet is written by one ``Store.extend``, which
  pyoxigraph applies as one transaction: all of it is stored or none.
- Replacing graphs is two transactions. The first (``extend``) stores the new quads
  under staging names (``<graph>#staging``) *together with* a marker graph
  (:data:`PENDING_GRAPH`) that lists the graphs of the batch. The second (one SPARQL
  update) moves every staging graph onto its target and drops the marker. So after a
  kill the store holds either the old graphs, or the old graphs plus a complete staged
  batch and its marker, or the new graphs — never a half-written batch.
- A writer opening the store finishes a staged batch left by a killed process (the
  staged data is complete, so the swap is rolled forward) and drops staging graphs
  that no marker vouches for; it says what it did in :attr:`BudgetStore.notices`.
- A read-only open cannot repair, so it refuses a store with an unfinished swap
  instead of answering from the old and the staged data at once; the message tells
  the user to run ``budgetkg repair`` (or any ingest/remove).
- Removing reports is one SPARQL update (``DROP GRAPH`` for each): all or none.
- A streamed write (:mod:`budgetkg.load.bulk`: ``ingest`` of many reports, ``load``) uses
  Oxigraph's bulk loader, which is not transactional. Graphs that do not exist yet are
  loaded under their own names only after a marker graph (:data:`LOADING_GRAPH`) lists
  them; replaced graphs are bulk-loaded under staging names. The commit is one small
  transaction that drops the loading marker and writes the swap marker; a killed write
  before it is rolled back (the listed graphs and staging graphs dropped), after it rolled
  forward, as above.

One writer at a time, and never while ``serve`` reads the store: writers take an
exclusive ``flock`` on :data:`LOCK_FILE` in the store folder, ``serve`` holds a shared
one for its lifetime (:func:`serving_lock`); whoever comes second gets a
:class:`StoreError` naming the holder's pid.

The ontology and code lists live in their own graph, refreshed (in the same batch as
the reports) when the shipped files change.
"""
from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import time
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

import pyoxigraph as ox

from budgetkg.config import ONTOLOGY_DIR, read_query
from budgetkg.errors import StoreError

VOCAB_GRAPH = ox.NamedNode("https://w3id.org/budgetkg/graph/vocabulary")
#: Marker graph of a staged batch: ``PENDING_GRAPH bkg:swapsGraph <graph>`` per graph.
PENDING_GRAPH = ox.NamedNode("https://w3id.org/budgetkg/graph/pending-swap")
#: Marker graph of a streamed load in progress: ``LOADING_GRAPH bkg:loadsGraph <graph>`` per new
#: graph being bulk-loaded; rolled back (the graphs dropped) if the writer dies before its commit.
LOADING_GRAPH = ox.NamedNode("https://w3id.org/budgetkg/graph/loading")
STAGING_SUFFIX = "#staging"
LOCK_FILE = "budgetkg.lock"
_DIGEST = ox.NamedNode("https://w3id.org/budgetkg/ontology#vocabularyDigest")
SWAPS = ox.NamedNode("https://w3id.org/budgetkg/ontology#swapsGraph")
LOADS = ox.NamedNode("https://w3id.org/budgetkg/ontology#loadsGraph")
#: Graphs moved (or dropped) per update when finishing or undoing a large write: bounds the
#: memory of one transaction; the marker keeps the whole write all-or-nothing for readers.
CHUNK_GRAPHS = 64
_REPAIR_HINT = "when no ingest is running, run `budgetkg repair` (or any ingest or remove) to finish it"


def vocabulary_files() -> list[Path]:
    """The Turtle files loaded into the vocabulary graph."""
    return [ONTOLOGY_DIR / "budget.ttl", *sorted((ONTOLOGY_DIR / "codes").glob("*.ttl"))]


def vocabulary_quads() -> list[ox.Quad]:
    """The vocabulary graph: first a quad with the digest of the shipped files (what tells a
    store whether it has this version), then the ontology and code lists."""
    files = vocabulary_files()
    digest = hashlib.sha256(b"".join(f.read_bytes() for f in files)).hexdigest()
    quads = [ox.Quad(VOCAB_GRAPH, _DIGEST, ox.Literal(digest), VOCAB_GRAPH)]
    for f in files:
        quads.extend(ox.Quad(t.subject, t.predicate, t.object, VOCAB_GRAPH)
                     for t in ox.parse(path=str(f), format=ox.RdfFormat.TURTLE))
    return quads


# ---------------------------------------------------------------------- locking
def _holder(fh) -> str:
    fh.seek(0)
    text = fh.read().strip()
    role, _, pid = text.partition(" ")
    if role == "serve" and pid:
        return f"the store is being served by budgetkg serve (pid {pid}); stop it first"
    if role == "write" and pid:
        return f"another budgetkg command (pid {pid}) is writing the store; wait for it to finish"
    return "another budgetkg process holds the store"


def _lock(path: Path, shared: bool, role: str):
    """Open and flock the lock file without waiting; write our role and pid into it."""
    fh = open(path / LOCK_FILE, "a+", encoding="utf-8")  # noqa: SIM115  (returned open: the lock lives as long as the file)
    try:
        fcntl.flock(fh, (fcntl.LOCK_SH if shared else fcntl.LOCK_EX) | fcntl.LOCK_NB)
    except OSError:
        message = _holder(fh)
        fh.close()
        raise StoreError(message, file=str(path)) from None
    fh.seek(0)
    fh.truncate()
    fh.write(f"{role} {os.getpid()}\n")
    fh.flush()
    return fh


def _writer_now(path: Path) -> str | None:
    """Who is writing the store at this moment (from its lock), or None."""
    try:
        fh = open(path / LOCK_FILE, encoding="utf-8")  # noqa: SIM115  (only open's OSError is caught; `with fh` closes)
    except OSError:
        return None
    with fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except OSError:
            return _holder(fh).split(";")[0]
        fcntl.flock(fh, fcntl.LOCK_UN)
    return None


@contextlib.contextmanager
def serving_lock(path: str | Path) -> Iterator[None]:
    """Hold a shared lock on the store for as long as ``serve`` runs.

    Writers (``ingest``, ``remove``, ``repair``) refuse while it is held; ``serve``
    refuses while a writer holds the store, and a store with an unfinished write.
    Raises:
        StoreError: there is no store at ``path``, a writer holds it, or a write is unfinished.
    """
    p = Path(path)
    if not p.is_dir():
        raise StoreError("no store here yet; run `budgetkg ingest` first", file=str(p))
    fh = _lock(p, shared=True, role="serve")
    try:
        BudgetStore(p, read_only=True).close()  # refuses a store with an unfinished write
        yield
    finally:
        fh.close()


# ---------------------------------------------------------------------- the store
class BudgetStore:
    """An Oxigraph store of budgetkg graphs; use as a context manager or call :meth:`close`.

    Attributes:
        notices: what opening the store repaired (a writer finishing an interrupted write).
    Raises:
        StoreError: the directory cannot be opened (in use, served, not a store), or a
            read-only open finds an unfinished write.
    """

    def __init__(self, path: str | Path, read_only: bool = False):
        self.path = Path(path)
        self.read_only = read_only
        self.notices: list[str] = []
        self._lock = None
        if self.path.exists() and not self.path.is_dir():
            raise StoreError("is a file, not a store folder", file=str(self.path),
                             hint="give --store a folder (a new one is created by ingest)")
        if (not read_only and self.path.is_dir() and not (self.path / "CURRENT").exists()
                and any(p.name != LOCK_FILE for p in self.path.iterdir())):
            raise StoreError("this folder holds other files and is not a budgetkg store; the database "
                             "files would be written among them", file=str(self.path),
                             hint="give --store a new or empty folder")
        if read_only and not (self.path / "CURRENT").exists():
            raise StoreError("no store here yet; run `budgetkg ingest` first" if not self.path.exists()
                             or not any(self.path.iterdir()) else "this folder is not a budgetkg store",
                             file=str(self.path))
        try:
            if read_only:
                self.store = self._open_read_only()
            else:
                self.path.mkdir(parents=True, exist_ok=True)
                self._lock = _lock(self.path, shared=False, role="write")
                self.store = ox.Store(str(self.path))
        except (OSError, RuntimeError) as exc:
            self.close()
            msg = getattr(exc, "strerror", None) or str(exc)
            hint = "another budgetkg process (ingest or serve) may hold it" if "lock" in msg.lower() else None
            raise StoreError(f"cannot open the store: {msg}", file=str(self.path), hint=hint) from exc
        except StoreError:
            self.close()
            raise
        if read_only:
            self._refuse_unfinished()
            return
        try:
            self.repair()
        except (OSError, RuntimeError) as exc:
            self.close()
            raise StoreError(f"cannot finish an interrupted write: {exc}", file=str(self.path)) from exc

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

    def close(self) -> None:
        """Release the store and the writer lock (idempotent)."""
        self.__dict__.pop("store", None)
        if self._lock is not None:
            self._lock.close()
            self._lock = None

    def __enter__(self) -> BudgetStore:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # ------------------------------------------------------------------ integrity
    def _unfinished(self) -> tuple[list[ox.NamedNode], list[ox.NamedNode]]:
        """(graphs a staged batch swaps, staging graphs no marker vouches for)."""
        names = list(self.store.named_graphs())
        pending = sorted((q.object for q in self.store.quads_for_pattern(PENDING_GRAPH, SWAPS, None, PENDING_GRAPH)),
                         key=lambda g: g.value) if PENDING_GRAPH in names else []
        vouched = {g.value + STAGING_SUFFIX for g in pending}
        stray = [g for g in names if g.value.endswith(STAGING_SUFFIX) and g.value not in vouched]
        return pending, stray

    def _loading(self) -> list[ox.NamedNode]:
        """Graphs an uncommitted streamed load wrote under their own names (see :mod:`budgetkg.load.bulk`)."""
        return sorted((q.object for q in self.store.quads_for_pattern(LOADING_GRAPH, LOADS, None, LOADING_GRAPH)),
                      key=lambda g: g.value)

    def _refuse_unfinished(self) -> None:
        pending, stray = self._unfinished()
        if pending or stray or self._loading():
            self.close()
            writer = _writer_now(self.path)
            if writer:
                raise StoreError(f"{writer} now; answers would mix old and new data", file=str(self.path),
                                 hint="try again when it has finished")
            raise StoreError("the store holds an unfinished write (an ingest was interrupted, or is "
                             "running now); answers would mix old and new data",
                             file=str(self.path), hint=_REPAIR_HINT)

    def repair(self) -> list[str]:
        """Finish a swap left by a killed writer and drop unvouched staging graphs.

        Returns (and adds to :attr:`notices`) one line per thing done; empty when the
        store was consistent.
        """
        loading = self._loading()
        done: list[str] = []
        if loading:
            self.undo_load(loading)
            done.append(f"undid an interrupted load: dropped {len(loading)} graph(s) it had begun to write")
        pending, stray = self._unfinished()
        if stray:
            self.store.update(" ;\n".join(f"DROP SILENT GRAPH <{g.value}>" for g in stray))
            done.append(f"dropped {len(stray)} staging graph(s) of an interrupted write that never completed")
        if pending:
            self.swap_in_chunks(pending)
            done.append(f"finished an interrupted write: swapped in {len(pending)} staged graph(s)")
        if done:
            self.store.flush()
        self.notices.extend(done)
        return done

    # ------------------------------------------------------------------ writing
    def vocabulary_batch(self) -> dict[ox.NamedNode, list[ox.Quad]]:
        """The vocabulary graph's quads when the store lacks this version, else nothing.

        Meant to be merged into the report batch so both are written in one swap.
        """
        quads = vocabulary_quads()
        return {} if quads[0] in self.store else {VOCAB_GRAPH: quads}

    def ensure_vocabulary(self) -> bool:
        """Load the ontology and code lists unless the store already has this version."""
        batch = self.vocabulary_batch()
        if batch:
            self.replace_graphs(batch)
        return bool(batch)

    def replace_graphs(self, graphs: Mapping[ox.NamedNode, Iterable[ox.Quad]]) -> None:
        """Replace each named graph with its quads, atomically for the whole batch.

        The quads may be lazy iterables: they are consumed once, inside the transaction,
        so a large batch is never held as Python objects all at once.
        Raises:
            StoreError: the write failed (disk full, I/O error); the store is as before.
        """
        self._writable()
        existing = set(self.store.named_graphs())
        try:
            if not any(g in existing for g in graphs):
                self.store.extend(q for qs in graphs.values() for q in qs)  # one transaction
            else:
                marker = [ox.Quad(PENDING_GRAPH, SWAPS, g, PENDING_GRAPH) for g in graphs]
                self.store.extend(self._staged(marker, graphs))  # staging data + marker: one transaction
                self._swap(list(graphs))                         # one transaction
            self.store.flush()
        except (OSError, RuntimeError) as exc:
            self._discard_failed_batch()
            raise StoreError(f"writing the store failed: {exc}", file=str(self.path)) from exc

    @staticmethod
    def _staged(marker: list[ox.Quad], graphs: Mapping[ox.NamedNode, Iterable[ox.Quad]]) -> Iterator[ox.Quad]:
        yield from marker
        for g, qs in graphs.items():
            staging = ox.NamedNode(g.value + STAGING_SUFFIX)
            for q in qs:
                yield ox.Quad(q.subject, q.predicate, q.object, staging)

    def _swap(self, graphs: list[ox.NamedNode]) -> None:
        """Move every staging graph onto its target and drop the marker, in one update."""
        self.store.update(" ;\n".join(
            [f"MOVE SILENT GRAPH <{g.value}{STAGING_SUFFIX}> TO GRAPH <{g.value}>" for g in graphs]
            + [f"DROP SILENT GRAPH <{PENDING_GRAPH.value}>"]))

    def swap_in_chunks(self, graphs: list[ox.NamedNode]) -> None:
        """Finish a committed staged write: move the staging graphs onto their targets a chunk
        per update, each update also striking its graphs from the swap marker; the last one
        drops the marker. Killed between chunks, the marker still lists the rest (roll forward)."""
        self._by_chunks(graphs, lambda g: f"MOVE SILENT GRAPH <{g.value}{STAGING_SUFFIX}> TO GRAPH <{g.value}>",
                        PENDING_GRAPH, SWAPS)

    def undo_load(self, graphs: list[ox.NamedNode]) -> None:
        """Roll back an uncommitted streamed load: drop the graphs it wrote under their own
        names, a chunk per update, striking each chunk from the loading marker; the last update
        drops the marker (and any staging graphs are strays for :meth:`repair`)."""
        self._by_chunks(graphs, lambda g: f"DROP SILENT GRAPH <{g.value}>", LOADING_GRAPH, LOADS)

    def _by_chunks(self, graphs: list[ox.NamedNode], op, marker: ox.NamedNode, listed: ox.NamedNode) -> None:
        """``op`` of each graph, a chunk per update; each update strikes its graphs from the
        ``marker`` graph (where ``listed`` names them), the last drops the marker."""
        for start in range(0, max(len(graphs), 1), CHUNK_GRAPHS):
            chunk = graphs[start:start + CHUNK_GRAPHS]
            last = start + CHUNK_GRAPHS >= len(graphs)
            ops = [op(g) for g in chunk]
            listing = " ".join(f"<{marker.value}> <{listed.value}> <{g.value}> ." for g in chunk)
            ops.append(f"DROP SILENT GRAPH <{marker.value}>" if last else
                       f"DELETE DATA {{ GRAPH <{marker.value}> {{ {listing} }} }}")
            self.store.update(" ;\n".join(ops))

    def _discard_failed_batch(self) -> None:
        # The failed transaction wrote nothing; a staged batch whose swap failed is dropped
        # here if the store still accepts writes, otherwise the next writer finishes it.
        # A second error must not hide the first one, which the caller reports.
        with contextlib.suppress(OSError, RuntimeError):
            pending, stray = self._unfinished()
            doomed = [ox.NamedNode(g.value + STAGING_SUFFIX) for g in pending] + stray
            if doomed or pending:
                self.store.update(" ;\n".join([f"DROP SILENT GRAPH <{g.value}>" for g in doomed]
                                              + [f"DROP SILENT GRAPH <{PENDING_GRAPH.value}>"]))
            self.store.flush()

    def remove_graphs(self, graphs: list[ox.NamedNode]) -> list[ox.NamedNode]:
        """Remove report graphs in one transaction; returns those that were not there.

        Nothing is removed when any is missing, so a typo does not half-apply a command.
        """
        self._writable()
        present = set(self.store.named_graphs())
        missing = [g for g in graphs if g not in present]
        if missing or not graphs:
            return missing
        try:
            self.store.update(" ;\n".join(f"DROP GRAPH <{g.value}>" for g in graphs))
            self.store.flush()
        except (OSError, RuntimeError) as exc:
            raise StoreError(f"writing the store failed: {exc}", file=str(self.path)) from exc
        return []

    def remove_graph(self, graph: ox.NamedNode) -> bool:
        """Remove one report's graph; False when it was not there."""
        return not self.remove_graphs([graph])

    def _writable(self) -> None:
        if self.read_only:
            raise StoreError("the store was opened read-only", file=str(self.path))

    # ------------------------------------------------------------------ reading
    def query(self, sparql: str):
        """Run a SPARQL query over the union of all graphs."""
        return self.store.query(sparql, use_default_graph_as_union=True)

    def report_graphs(self, names: list[str]) -> dict[str, ox.NamedNode | None]:
        """The graph of each report named by its source file name (or one of the two files of a
        report published as two), or by its IRI; None where the store holds no such report."""
        by_source: dict[str, ox.NamedNode] = {}
        for row in self.store.query(read_query("store/report-sources.rq")):
            source = row["source"].value
            by_source[source] = row["g"]
            for part in source.split("+"):
                by_source.setdefault(part, row["g"])
        graphs = set(self.graphs())
        return {n: by_source.get(n) or (ox.NamedNode(n) if ox.NamedNode(n) in graphs else None)
                if n.startswith(("http://", "https://")) else by_source.get(n) for n in names}

    def graphs(self) -> list[ox.NamedNode]:
        """Named graphs, staging and marker graphs excluded, sorted."""
        return sorted((g for g in self.store.named_graphs()
                       if not g.value.endswith(STAGING_SUFFIX) and g not in (PENDING_GRAPH, LOADING_GRAPH)),
                      key=lambda g: g.value)

    def quads(self, graph: ox.NamedNode | None = None) -> Iterable[ox.Quad]:
        return self.store.quads_for_pattern(None, None, None, graph)

    def __len__(self) -> int:
        return len(self.store)
