"""The full-text search index of a store: a SQLite FTS5 file beside the store's data, a pure
function of the store's report graphs.

Where: ``<store>/search.sqlite`` (:data:`INDEX_FILE`), next to ``budgetkg.lock``. What: every
searchable text of every report graph (the passages of its prose, project names and
descriptions, performance goals, indicators, policy titles; :file:`queries/search/texts.rq`),
keyed by the report's graph IRI and its ``bkg:sha256``, tokenised by
:mod:`budgetkg.text.search_tokens` (jieba words and character bigrams).

In step by construction: :func:`sync` compares the store's (graph, sha256) pairs with the
index's own list — one small query — and re-indexes only what differs, reading the texts
from the store by SPARQL. ``ingest``, ``load``, ``remove`` and ``repair`` call it once their
write is committed (:func:`budgetkg.load.indexes.sync_after_write`), and every search calls it
first, so a store written by any path (bulk loads, Dask shards, an older version) is indexed at
the latest at its first search. The
store's own writes stay atomic; the index may lag behind a killed write and is brought in step
by the next sync (one SQLite transaction: never half a report). The file can be deleted at any
time: the next search rebuilds it.
"""
from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from budgetkg.config import query_text, read_query
from budgetkg.text.search_tokens import gram_tokens, word_tokens

INDEX_FILE = "search.sqlite"
#: Bumped when what is indexed or how it is tokenised changes: an index of another version is rebuilt.
VERSION = "1"
#: Report graphs read from the store per query while (re)indexing.
CHUNK = 32

#: A SELECT over the store: SPARQL text → rows of {variable: lexical value or None}.
Select = Callable[[str], Iterable[dict[str, Any]]]

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS reports(graph TEXT PRIMARY KEY, sha256 TEXT, source TEXT, department TEXT,
    names TEXT, year INTEGER, final INTEGER);
CREATE TABLE IF NOT EXISTS hits(id INTEGER PRIMARY KEY, graph TEXT, kind TEXT, iri TEXT, text TEXT,
    file TEXT, line INTEGER, page INTEGER, linemap TEXT);
CREATE INDEX IF NOT EXISTS hits_graph ON hits(graph);
CREATE VIRTUAL TABLE IF NOT EXISTS fts USING fts5(words, grams, tokenize='unicode61 remove_diacritics 0');
"""


def index_path(store: str | Path) -> Path:
    """The search index file of the store at ``store``."""
    return Path(store) / INDEX_FILE


@dataclass(frozen=True)
class SyncResult:
    """What a sync did: report graphs indexed (new or changed) and dropped."""

    indexed: int = 0
    dropped: int = 0

    def __str__(self) -> str:
        return f"search index: {self.indexed} report(s) indexed, {self.dropped} dropped"


@contextlib.contextmanager
def open_index(path: Path) -> Iterator[sqlite3.Connection]:
    """The index at ``path``, created (or rebuilt when of another :data:`VERSION`) as needed."""
    conn = sqlite3.connect(path, timeout=30, isolation_level=None)
    try:
        conn.executescript(_SCHEMA)
        row = conn.execute("SELECT value FROM meta WHERE key='version'").fetchone()
        if row is None or row[0] != VERSION:
            conn.execute("BEGIN IMMEDIATE")
            for table in ("reports", "hits", "fts"):
                conn.execute(f"DELETE FROM {table}")
            conn.execute("INSERT OR REPLACE INTO meta VALUES('version', ?)", (VERSION,))
            conn.execute("COMMIT")
        yield conn
    finally:
        conn.close()


def graph_values(graphs: Iterable[str]) -> str:
    """The graphs as a SPARQL ``VALUES`` body (IRIs written by the engine's own term syntax)."""
    import pyoxigraph as ox
    return " ".join(str(ox.NamedNode(g)) for g in graphs)


def changed_graphs(conn: sqlite3.Connection, stored: dict[str, str],
                   forced: set[str]) -> tuple[list[str], list[str]]:
    """(stale, fresh) of an index beside the store, keyed by (graph, sha256) in its ``reports``
    table: the graphs it holds that the store no longer holds as they were, and the store's graphs
    it must read (new, changed, or ``forced``). Shared by every index so they stay in step alike."""
    indexed = dict(conn.execute("SELECT graph, sha256 FROM reports"))
    stale = [g for g, sha in indexed.items() if stored.get(g) != sha or g in forced]
    fresh = sorted(g for g, sha in stored.items() if indexed.get(g) != sha or g in forced)
    return stale, fresh


def sync(path: Path, select: Select, force: Iterable[str] = ()) -> SyncResult:
    """Bring the index at ``path`` in step with the store ``select`` reads: drop the reports the
    store no longer holds (or holds with another sha256), index those it lacks; ``force`` names
    graphs re-indexed whatever their hash (a graph just rewritten with the same file)."""
    stored = {r["g"]: r["sha"] for r in select(read_query("search/reports.rq"))}
    forced = set(force)
    with open_index(path) as conn:
        conn.execute("BEGIN IMMEDIATE")  # one writer at a time; the diff is taken inside the lock
        try:
            stale, fresh = changed_graphs(conn, stored, forced)
            for g in stale:
                ids = [i for (i,) in conn.execute("SELECT id FROM hits WHERE graph=?", (g,))]
                conn.executemany("DELETE FROM fts WHERE rowid=?", ((i,) for i in ids))
                conn.execute("DELETE FROM hits WHERE graph=?", (g,))
                conn.execute("DELETE FROM reports WHERE graph=?", (g,))
            for start in range(0, len(fresh), CHUNK):
                _index(conn, select, fresh[start:start + CHUNK])
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    return SyncResult(indexed=len(fresh), dropped=len([g for g in stale if g not in fresh]))


def _index(conn: sqlite3.Connection, select: Select, graphs: list[str]) -> None:
    """Index the texts of ``graphs`` (none of which the index holds)."""
    values = graph_values(graphs)
    for r in select(query_text("search/report-heads.rq", graphs=values)):
        conn.execute("INSERT OR REPLACE INTO reports VALUES(?,?,?,?,?,?,?)",
                     (r["g"], r["sha"], r["source"], r["department"], r.get("names") or "",
                      int(r["year"]) if r.get("year") else None, 1 if r.get("final") == "true" else 0))
    pieces: dict[tuple[str, str, str, str], list[tuple[float, str]]] = {}
    where: dict[tuple[str, str, str, str], tuple] = {}
    for r in select(query_text("search/texts.rq", graphs=values)):
        key = (r["g"], r["x"], r["kind"], r["line"])
        pieces.setdefault(key, []).append((float(r["k"] or 0), r["text"]))
        where[key] = (r.get("file"), r.get("page"), r.get("map"))
    for key in sorted(pieces):
        g, x, kind, line = key
        text = "；".join(dict.fromkeys(t for _, t in sorted(pieces[key])))
        file, page, linemap = where[key]
        cur = conn.execute("INSERT INTO hits(graph, kind, iri, text, file, line, page, linemap) "
                           "VALUES(?,?,?,?,?,?,?,?)", (g, kind, x, text, file, int(line),
                                                       int(page) if page else None, linemap))
        conn.execute("INSERT INTO fts(rowid, words, grams) VALUES(?,?,?)",
                     (cur.lastrowid, word_tokens(text), gram_tokens(text)))


def store_select(store) -> Select:
    """A :data:`Select` over an open :class:`~budgetkg.load.store.BudgetStore` (or pyoxigraph Store)."""
    raw = getattr(store, "store", store)

    def select(sparql: str) -> Iterator[dict[str, Any]]:
        solutions = raw.query(sparql)
        names = [v.value for v in solutions.variables]
        for s in solutions:
            yield {n: None if s[n] is None else s[n].value for n in names}
    return select


def sync_store(store, force: Iterable[str] = ()) -> SyncResult:
    """:func:`sync` of the index of an open :class:`~budgetkg.load.store.BudgetStore`."""
    return sync(index_path(store.path), store_select(store), force)
