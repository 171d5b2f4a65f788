"""Per-report summaries of the whole-store questions, in a SQLite file beside the store: a pure
function of the store's report graphs, kept in step at ingest.

Why: a canned question asked of the whole store (``budgetkg ask reports``, ``ask three-public``)
reads every report, so its time grew with the store (0.57 s and 3.4 s at 10,000 reports, against
under a millisecond at five). But the rows such a question gives for a report depend on that
report's graph alone — so they are computed once, when the report's graph is synced, and a
question over the whole store reads them back in order.

Which questions: the canned questions (``queries/*.rq``) whose header says ``# summary: per
report``. Such a question reads each report inside its own graph after the reports block (see
:mod:`budgetkg.query.questions`), and its top-level query has no ``DISTINCT``, ``LIMIT`` or
grouping and orders (if at all) by plain variables — so its answer over the whole store is the
union of its answers per report, in the order of its ``ORDER BY`` (:func:`check_summarised`).
Each report's rows are computed by the question's own text with the reports block replaced by
``VALUES ?report { … }`` (a chunk of reports per query) and ``?report`` and the ``ORDER BY``
variables projected too: the row is kept as the answer's text
(:func:`budgetkg.rdf.terms.term_text`) with the bytes that sort it as the engine would
(:func:`budgetkg.rdf.terms.sort_key`), and the rows of a report in the order the engine gave
them. Reading back is one indexed ``ORDER BY key, graph, seq``.

Where: ``<store>/summaries.sqlite`` (:data:`INDEX_FILE`), beside ``labels.sqlite`` and
``search.sqlite``. In step as they are: :func:`sync` compares the store's (graph, sha256) pairs
with its own and recomputes only the reports that differ — run by ``ingest``, ``load``,
``remove`` and ``repair`` after their commit (:func:`budgetkg.load.indexes.sync_after_write`)
and before a question whenever the store's files changed since the last sync
(:func:`in_step`, the label index's :func:`~budgetkg.load.label_index.fingerprint`). The
index's version includes the text of the summarised questions, so changing one rebuilds it.
The file can be deleted at any time; without it a question runs its SPARQL.
"""
from __future__ import annotations

import contextlib
import hashlib
import json
import re
import sqlite3
from collections.abc import Iterable, Iterator
from functools import cache
from pathlib import Path

from budgetkg.config import QUERIES_DIR, read_query
from budgetkg.load.label_index import fingerprint
from budgetkg.load.search_index import changed_graphs
from budgetkg.rdf.terms import sort_key, term_text

INDEX_FILE = "summaries.sqlite"
#: Bumped when how rows are kept changes; the questions' own text is part of the version too.
FORMAT = "2"
#: Report graphs per query while (re)computing.
CHUNK = 256
#: The header line of a question answered over the whole store from these summaries.
SUMMARY_RE = re.compile(r"^#\s*summary\s*:\s*per report\s*$", re.M)
#: The block of a question that selects its reports (see :mod:`budgetkg.query.questions`).
REPORTS_BLOCK_RE = re.compile(r"^[ \t]*# begin reports\b.*?^[ \t]*# end reports[^\n]*\n?", re.M | re.S)
_SELECT_RE = re.compile(r"^SELECT[ \t]+", re.M)
_PROJECTION_RE = re.compile(r"^SELECT[ \t]+(.*?)\bWHERE\b", re.M | re.S)
_ORDER_RE = re.compile(r"^ORDER BY[ \t]+(.*)$", re.M)
_VARIABLE_RE = re.compile(r"^\?(\w+)$")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS reports(graph TEXT PRIMARY KEY, sha256 TEXT);
CREATE TABLE IF NOT EXISTS rows(question TEXT, key BLOB, graph TEXT, seq INTEGER, packed INTEGER, row TEXT,
                                PRIMARY KEY(question, key, graph, seq)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS rows_graph ON rows(graph);
"""


def bind_reports(sparql: str, reports: Iterable[str]) -> str:
    """``sparql`` with its reports block(s) replaced by ``VALUES ?report { <iri> … }``."""
    bound = " ".join(f"<{r}>" for r in reports)
    return REPORTS_BLOCK_RE.sub(lambda m: m.group(0)[:len(m.group(0)) - len(m.group(0).lstrip(" \t"))]
                                + f"VALUES ?report {{ {bound} }}\n", sparql)


def check_summarised(name: str, text: str) -> list[str]:
    """The variables a summarised question's ``ORDER BY`` sorts by (else its ``# order:`` columns,
    which it is sorted by afterwards); ValueError when the question's answer over the whole store
    would not be the union of its answers per report."""
    body = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))
    if len(_SELECT_RE.findall(body)) != 1 or re.search(r"\b(DISTINCT|LIMIT|OFFSET|GROUP BY|HAVING)\b", body):
        raise ValueError(f"question {name!r}: a summarised question is one SELECT without DISTINCT, "
                         "LIMIT, OFFSET or grouping")
    if REPORTS_BLOCK_RE.search(text) is None:
        raise ValueError(f"question {name!r}: a summarised question selects its reports in a reports block")
    order = _ORDER_RE.findall(body)
    if not order:  # sorted afterwards by these columns: kept in their order, the sort is then linear
        header = re.search(r"^#\s*order\s*:(.*)$", text, re.M)
        return [c.strip() for c in header.group(1).split(",") if c.strip()] if header else []
    variables = []
    for token in order[-1].split():
        m = _VARIABLE_RE.match(token)
        if m is None:
            raise ValueError(f"question {name!r}: a summarised question orders by plain variables only")
        variables.append(m.group(1))
    return variables


@cache
def summarised(directory: str = str(QUERIES_DIR)) -> dict[str, tuple[str, tuple[str, ...]]]:
    """The summarised questions: name → (SPARQL text, its ``ORDER BY`` variables)."""
    found = {}
    for path in sorted(Path(directory).glob("*.rq")):
        text = path.read_text(encoding="utf-8")
        if SUMMARY_RE.search(text):
            found[path.stem] = (text, tuple(check_summarised(path.stem, text)))
    return found


@cache
def version() -> str:
    """:data:`FORMAT` and a digest of the summarised questions' text and sort keys: an index of another version
    is emptied and computed again."""
    digest = hashlib.sha256()
    for name, (text, order) in sorted(summarised().items()):
        digest.update(f"{name}\n{text}\n{' '.join(order)}\n".encode())
    return f"{FORMAT}:{digest.hexdigest()[:16]}"


def index_path(store: str | Path) -> Path:
    """The summary index file of the store at ``store``."""
    return Path(store) / INDEX_FILE


@contextlib.contextmanager
def open_index(path: Path) -> Iterator[sqlite3.Connection]:
    """The index at ``path``, created (or emptied when of another :func:`version`) as needed."""
    conn = sqlite3.connect(path, timeout=30, isolation_level=None)
    try:
        conn.execute("CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT)")
        row = conn.execute("SELECT value FROM meta WHERE key='version'").fetchone()
        if row is None or row[0] != version():
            conn.execute("BEGIN IMMEDIATE")  # another version's tables may differ: made again
            for table in ("reports", "rows"):
                conn.execute(f"DROP TABLE IF EXISTS {table}")
            conn.execute("DELETE FROM meta")
            for statement in _SCHEMA.strip().split(";"):
                if statement.strip():
                    conn.execute(statement)
            conn.execute("INSERT INTO meta VALUES('version', ?)", (version(),))
            conn.execute("COMMIT")
        yield conn
    finally:
        conn.close()


def _extra(text: str, order: Iterable[str]) -> list[str]:
    """``report`` and the ``ORDER BY`` variables the question does not project itself."""
    projection = _PROJECTION_RE.search(text)
    projected = set(re.findall(r"\?(\w+)", projection.group(1) if projection else ""))
    return ["report", *(v for v in order if v not in projected)]


def per_report_query(text: str, order: Iterable[str], graphs: Iterable[str]) -> str:
    """A summarised question's SPARQL for the reports ``graphs``, projecting ``?report`` and the
    ``ORDER BY`` variables before its own columns."""
    extra = " ".join(f"?{v}" for v in _extra(text, order))
    return _SELECT_RE.sub(lambda m: f"{m.group(0)}{extra} ", bind_reports(text, graphs), count=1)


#: Between the values of a row as kept (a row holding this character is kept as JSON instead).
SEPARATOR = "\x1f"


def pack(values: list[str]) -> tuple[int, str]:
    """A row's values as kept: (0, joined by :data:`SEPARATOR`), or (1, JSON) when a value holds
    it — splitting is ten times as fast as decoding JSON, and a question over the whole store
    unpacks a row per report."""
    if any(SEPARATOR in v for v in values):
        return 1, json.dumps(values, ensure_ascii=False)
    return 0, SEPARATOR.join(values)


def report_rows(raw, graphs: list[str]) -> Iterator[tuple[str, bytes, str, int, int, str]]:
    """(question, key, graph, seq, packed, row) of every summarised question for ``graphs``, read
    from the pyoxigraph store ``raw`` (``packed``, ``row``: :func:`pack`)."""
    for name, (text, order) in summarised().items():
        solutions = raw.query(per_report_query(text, order, graphs))
        columns = [v.value for v in solutions.variables][len(_extra(text, order)):]
        seq: dict[str, int] = {}
        for s in solutions:
            graph = s["report"].value
            n = seq[graph] = seq.get(graph, -1) + 1
            yield (name, sort_key([s[v] for v in order]), graph, n, *pack([term_text(s[c]) for c in columns]))


def _store_hashes(raw) -> dict[str, str]:
    return {s["g"].value: s["sha"].value for s in raw.query(read_query("search/reports.rq"))}


def sync(path: Path, raw, force: Iterable[str] = (), store_files: str | None = None) -> int:
    """Bring the index at ``path`` in step with the pyoxigraph store ``raw``: drop the reports the
    store no longer holds (or holds with another sha256), compute those it lacks; ``force`` names
    graphs computed again whatever their hash. ``store_files`` is the store's fingerprint taken
    before reading it. Returns the number of report graphs that changed."""
    stored = _store_hashes(raw)
    forced = set(force)
    with open_index(path) as conn:
        conn.execute("BEGIN IMMEDIATE")  # one writer at a time; the diff is taken inside the lock
        try:
            stale, fresh = changed_graphs(conn, stored, forced)
            conn.executemany("DELETE FROM rows WHERE graph=?", ((g,) for g in stale))
            conn.executemany("DELETE FROM reports WHERE graph=?", ((g,) for g in stale))
            for start in range(0, len(fresh), CHUNK):
                chunk = fresh[start:start + CHUNK]
                conn.executemany("INSERT INTO reports VALUES(?,?)", ((g, stored[g]) for g in chunk))
                conn.executemany("INSERT INTO rows VALUES(?,?,?,?,?,?)", report_rows(raw, chunk))
            if store_files is not None:
                conn.execute("INSERT OR REPLACE INTO meta VALUES('store-files', ?)", (store_files,))
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    return len(set(stale) | set(fresh))


def _raw(store):
    return getattr(store, "store", store)


def sync_store(store, force: Iterable[str] = ()) -> int:
    """:func:`sync` of the index of an open :class:`~budgetkg.load.store.BudgetStore`."""
    files = fingerprint(store.path)
    return sync(index_path(store.path), _raw(store), force, files)


def in_step(store) -> Path | None:
    """The summary index of an open store, synced first when the store's files changed since its
    last sync; None when the store has no folder (an in-memory store) or the index cannot be
    written or read (the caller then runs the question's SPARQL)."""
    folder = getattr(store, "path", None)
    if folder is None or not Path(folder).is_dir():
        return None
    path = index_path(folder)
    files = fingerprint(folder)
    try:
        if path.exists():
            with contextlib.closing(sqlite3.connect(path, timeout=30)) as conn:
                row = conn.execute("SELECT m.value, v.value FROM meta m, meta v "
                                   "WHERE m.key='store-files' AND v.key='version'").fetchone()
            if row == (files, version()):
                return path
        sync(path, _raw(store), (), files)
    except (sqlite3.Error, OSError, RuntimeError):
        return None
    return path


def current(folder: str | Path) -> Path | None:
    """The summary index of the store in ``folder`` if it was synced against the store's files as
    they are now (of this version), else None — without syncing it (``serve``, which reads the store
    through its engine only: the index is synced by every write and every ``budgetkg ask``)."""
    path = index_path(folder)
    if not path.exists():
        return None
    try:
        with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=30)) as conn:
            row = conn.execute("SELECT m.value, v.value FROM meta m, meta v "
                               "WHERE m.key='store-files' AND v.key='version'").fetchone()
    except sqlite3.Error:
        return None
    return path if row == (fingerprint(folder), version()) else None


def answer_rows(path: Path, question: str) -> tuple[tuple[str, ...], ...]:
    """The rows of ``question`` over every report of the index at ``path``, in the order the
    question's SPARQL gives them over the whole store (its ``ORDER BY``; rows of a report in the
    order the engine gave them)."""
    with contextlib.closing(sqlite3.connect(path, timeout=30)) as conn:
        rows = conn.execute("SELECT packed, row FROM rows WHERE question=? ORDER BY key, graph, seq", (question,))
        return tuple(tuple(json.loads(row) if packed else row.split(SEPARATOR)) for packed, row in rows)
