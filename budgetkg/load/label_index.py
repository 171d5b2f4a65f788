"""The department-name index of a store: its reports' search labels in a SQLite file beside the
store's data, a pure function of the store's report graphs.

Why: a question's ``--department`` text matches as a part of any report's search label
(:func:`budgetkg.text.names.search_labels`). Without an index every question scanned every label of
the store first (one SPARQL scan of one property: ~12 µs per department, 0.25 s at a province's
scale), and a question in words scanned them twice. Here the distinct labels sit in a table with a
trigram full-text index (SQLite FTS5), so a text of three characters or more is matched in about a
millisecond whatever the store's size; a shorter one scans the distinct labels in SQLite.

Where: ``<store>/labels.sqlite`` (:data:`INDEX_FILE`), next to ``search.sqlite``. What:
``reports(graph, sha256)``, ``labels(graph, label)`` (the search labels in each report's own
graph, :file:`queries/labels/labels.rq`) and ``names`` (the distinct labels, what a text is matched
against).

In step by construction, as the full-text index (:mod:`budgetkg.load.search_index`): :func:`sync`
compares the store's (graph, sha256) pairs with the index's own and re-reads only what differs;
``ingest``, ``load``, ``remove`` and ``repair`` run it once their write is committed (in the same
:func:`~budgetkg.load.indexes.sync_after_write`). A reader checks first that the index was
synced against the store files as they are now (:func:`fingerprint`: the names, sizes and
modification times of the store's data files, which a read-only open never changes): a store
written by any other path (a bulk load, an older budgetkg, a write killed before its sync) is
synced before its first question is answered. The file can be deleted at any time.
"""
from __future__ import annotations

import contextlib
import hashlib
import os
import re
import sqlite3
from collections.abc import Iterable, Iterator
from pathlib import Path

from budgetkg.config import query_text, read_query
from budgetkg.load.search_index import Select, changed_graphs, graph_values, store_select

INDEX_FILE = "labels.sqlite"
#: Bumped when what is indexed changes: an index of another version is rebuilt.
VERSION = "1"
#: Report graphs read from the store per query while (re)indexing.
CHUNK = 256
#: The store's own files (RocksDB) that every write changes and a read-only open does not.
_DATA_FILE_RE = re.compile(r"^(\d+\.log|MANIFEST-\d+|CURRENT|OPTIONS-\d+)$")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS reports(graph TEXT PRIMARY KEY, sha256 TEXT);
CREATE TABLE IF NOT EXISTS labels(graph TEXT, label TEXT);
CREATE INDEX IF NOT EXISTS labels_graph ON labels(graph);
CREATE TABLE IF NOT EXISTS names(label TEXT PRIMARY KEY);
CREATE VIRTUAL TABLE IF NOT EXISTS names_fts USING fts5(label, tokenize='trigram case_sensitive 1');
"""


def index_path(store: str | Path) -> Path:
    """The label index file of the store at ``store``."""
    return Path(store) / INDEX_FILE


def fingerprint(store: str | Path) -> str:
    """The names, sizes and modification times of the store's write-ahead logs, manifest and
    ``CURRENT`` file (RocksDB): every write lengthens a log or records new table files in the
    manifest; a read-only open changes none of them. (The table files themselves are not listed:
    any new one is recorded in the manifest, and a store holds hundreds of them.)"""
    entries = []
    with contextlib.suppress(OSError), os.scandir(store) as found:
        for entry in found:
            if _DATA_FILE_RE.match(entry.name):
                with contextlib.suppress(OSError):
                    st = entry.stat()
                    entries.append(f"{entry.name}:{st.st_size}:{st.st_mtime_ns}")
    return hashlib.sha256(";".join(sorted(entries)).encode()).hexdigest()


@contextlib.contextmanager
def open_index(path: Path) -> Iterator[sqlite3.Connection]:
    """The index at ``path``, created (or emptied when of another :data:`VERSION`) as needed."""
    conn = sqlite3.connect(path, timeout=30, isolation_level=None)
    try:
        conn.executescript(_SCHEMA)
        row = conn.execute("SELECT value FROM meta WHERE key='version'").fetchone()
        if row is None or row[0] != VERSION:
            conn.execute("BEGIN IMMEDIATE")
            for table in ("reports", "labels", "names", "names_fts"):
                conn.execute(f"DELETE FROM {table}")
            conn.execute("DELETE FROM meta")
            conn.execute("INSERT INTO meta VALUES('version', ?)", (VERSION,))
            conn.execute("COMMIT")
        yield conn
    finally:
        conn.close()




def sync(path: Path, select: Select, force: Iterable[str] = (), store_files: str | None = None) -> int:
    """Bring the index at ``path`` in step with the store ``select`` reads: drop the reports the
    store no longer holds (or holds with another sha256), read the labels of those it lacks;
    ``force`` names graphs read again whatever their hash. ``store_files`` is the store's
    :func:`fingerprint` taken before reading it (recorded: readers trust the index while the
    store's files are as they were). Returns the number of report graphs that changed."""
    stored = {r["g"]: r["sha"] for r in select(read_query("search/reports.rq"))}
    forced = set(force)
    with open_index(path) as conn:
        conn.execute("BEGIN IMMEDIATE")  # one writer at a time; the diff is taken inside the lock
        try:
            stale, fresh = changed_graphs(conn, stored, forced)
            conn.executemany("DELETE FROM labels WHERE graph=?", ((g,) for g in stale))
            conn.executemany("DELETE FROM reports WHERE graph=?", ((g,) for g in stale))
            for start in range(0, len(fresh), CHUNK):
                chunk = fresh[start:start + CHUNK]
                conn.executemany("INSERT INTO reports VALUES(?,?)", ((g, stored[g]) for g in chunk))
                conn.executemany("INSERT INTO labels VALUES(?,?)",
                                 ((r["g"], r["label"]) for r in select(query_text("labels/labels.rq",
                                                                                  graphs=graph_values(chunk)))))
            if stale or fresh:
                conn.execute("DELETE FROM names")
                conn.execute("INSERT INTO names SELECT DISTINCT label FROM labels")
                conn.execute("DELETE FROM names_fts")
                conn.execute("INSERT INTO names_fts(label) SELECT label FROM names")
            if store_files is not None:
                conn.execute("INSERT OR REPLACE INTO meta VALUES('store-files', ?)", (store_files,))
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    return len(set(stale) | set(fresh))


def sync_store(store, force: Iterable[str] = ()) -> int:
    """:func:`sync` of the index of an open :class:`~budgetkg.load.store.BudgetStore`."""
    files = fingerprint(store.path)
    return sync(index_path(store.path), store_select(store), force, files)


def in_step(store) -> Path | None:
    """The label index of an open store, synced first when the store's files changed since its
    last sync; None when the store has no folder (an in-memory store) or the index cannot be
    written (the caller then scans the store's labels, as without an index)."""
    folder = getattr(store, "path", None)
    if folder is None:
        return None
    return in_step_at(folder, store_select(store))


def in_step_at(folder: str | Path, select: Select) -> Path | None:
    """The label index of the store in ``folder``, synced first through ``select`` (a SELECT over
    that store: the store opened here, or the engine ``serve`` runs over it) when the store's files
    changed since its last sync; None when it cannot be (the caller then scans the labels)."""
    if not Path(folder).is_dir():
        return None
    path = index_path(folder)
    files = fingerprint(folder)
    try:
        if path.exists():
            with contextlib.closing(sqlite3.connect(path, timeout=30)) as conn:
                row = conn.execute("SELECT m.value, v.value FROM meta m, meta v "
                                   "WHERE m.key='store-files' AND v.key='version'").fetchone()
            if row == (files, VERSION):
                return path
        sync(path, select, (), files)
    except (sqlite3.Error, OSError, RuntimeError):
        return None
    return path


def matching_labels(path: Path, texts: Iterable[str]) -> list[str]:
    """The distinct labels of the index at ``path`` holding one of ``texts`` as a part, sorted."""
    found: set[str] = set()
    with contextlib.closing(sqlite3.connect(path, timeout=30)) as conn:
        for text in texts:
            if len(text) >= 3:  # trigram index: a phrase of the text's trigrams, then checked exactly
                phrase = '"' + text.replace('"', '""') + '"'
                rows = conn.execute("SELECT label FROM names_fts WHERE names_fts MATCH ?", (phrase,))
            else:
                rows = conn.execute("SELECT label FROM names WHERE instr(label, ?) > 0", (text,))
            found.update(label for (label,) in rows if text in label)
    return sorted(found)


def all_labels(path: Path) -> list[str]:
    """Every distinct label of the index at ``path``."""
    with contextlib.closing(sqlite3.connect(path, timeout=30)) as conn:
        return [label for (label,) in conn.execute("SELECT label FROM names")]
