"""Full-text search over every stored report (``budgetkg search``, the server's ``/search``).

The index is :mod:`budgetkg.load.search_index` (SQLite FTS5 beside the store), brought in step
with the store before each search. A query is one or more terms separated by spaces; a passage
matches when it holds every term, each either as a string (its character bigrams as a phrase:
数字化 matches 数字化转型) or as jieba's words of the term (公务用车运行 matches …公务用车的运行…).
Hits are ranked by BM25 with whole words weighing more than bigrams, and each is given its
report, department, year, page and line (the line of the passage where the match starts), the
kind of text, a snippet with the match marked, and the entity it is about.
"""
from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from budgetkg.errors import QueryError
from budgetkg.load.search_index import Select, index_path, open_index, sync
from budgetkg.query.questions import Answer
from budgetkg.text.search_tokens import bigrams, query_words, runs

#: The kinds of text a hit can be, with their titles (zh, en).
KINDS = {
    "overview": ("概况", "overview"), "narrative": ("情况说明", "narrative"), "other": ("其他说明", "other prose"),
    "text": ("正文", "text"), "project": ("项目", "project"), "project-description": ("项目说明", "project description"),
    "performance": ("绩效目标", "performance goal"), "indicator": ("绩效指标", "indicator"),
    "policy": ("政策文件", "policy document"),
}
#: Kinds of prose passages (a hit in them is about no entity of its own).
PROSE = frozenset(("overview", "narrative", "other", "text"))
#: Characters of context on each side of the first match in a snippet.
CONTEXT = 16
WORD_WEIGHT, GRAM_WEIGHT = 4.0, 1.0


@dataclass(frozen=True)
class Hit:
    """One place a query matched."""

    report: str            # the report's graph IRI
    source: str            # the file the text was printed in
    department: str
    year: int | None
    final: bool
    kind: str              # a key of KINDS
    page: int | None
    line: int
    text: str              # the whole text matched (a passage, an indicator with its target …)
    spans: tuple[tuple[int, int], ...]  # where the query's terms are in ``text``
    entity: str | None     # the entity's IRI (project, indicator, policy …); the passage's for prose

    def snippet(self, mark: tuple[str, str] = ("【", "】"), context: int = CONTEXT) -> str:
        """The text around the first match with every match in it between ``mark``."""
        first = self.spans[0][0] if self.spans else 0
        start, end = max(0, first - context), min(len(self.text), first + context * 3)
        out, at = [], start
        for a, b in self.spans:
            if a < at or b > end:
                continue
            out += [self.text[at:a], mark[0], self.text[a:b], mark[1]]
            at = b
        out.append(self.text[at:end])
        return ("…" if start else "") + "".join(out) + ("…" if end < len(self.text) else "")


@dataclass(frozen=True)
class Terms:
    """A query read: its terms as typed (lower-cased word characters) and each term's jieba words."""

    terms: tuple[str, ...]
    words: tuple[tuple[str, ...], ...]

    @classmethod
    def parse(cls, query: str) -> Terms:
        terms = tuple(t for t in ("".join(runs(p)) for p in query.split()) if t)
        if not terms:
            raise QueryError(f"nothing to search for in {query!r}", hint="give a word, e.g. 数字化 or 培训")
        return cls(terms, tuple(tuple(query_words(t)) for t in terms))

    def match(self) -> str:
        """The FTS5 query: every term as a bigram phrase, or as all of its words."""
        def quoted(token: str) -> str:
            return '"' + token.replace('"', '""') + '"'

        parts = []
        for term, words in zip(self.terms, self.words):
            grams = f"grams:{quoted(term)}*" if len(term) == 1 else f"grams:{quoted(' '.join(bigrams(term)))}"
            if len(words) > 1 or (words and len(term) > 1):
                parts.append(f"({grams} OR ({' AND '.join('words:' + quoted(w) for w in words)}))")
            else:
                parts.append(f"({grams})")
        return " AND ".join(parts)

    def spans(self, text: str) -> tuple[tuple[int, int], ...]:
        """Where the terms (or, for a term not found whole, its words) are in ``text``."""
        folded = text.lower()
        found: list[tuple[int, int]] = []
        for term, words in zip(self.terms, self.words):
            whole = _find_all(folded, term)
            found += whole or [s for w in words for s in _find_all(folded, w)]
        return tuple(_merged(sorted(found)))


def _find_all(text: str, needle: str) -> list[tuple[int, int]]:
    return [(m.start(), m.start() + len(needle)) for m in re.finditer(re.escape(needle), text)] if needle else []


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for a, b in spans:
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(b, out[-1][1]))
        else:
            out.append((a, b))
    return out


def _line_at(linemap: str | None, offset: int, line: int, page: int | None) -> tuple[int, int | None]:
    """The line and page of character ``offset`` of a passage, from its ``bkg:lineMap``."""
    for item in (linemap or "").split():
        start, no, pg = item.split(":")
        if int(start) > offset:
            break
        line, page = int(no), int(pg) if pg else None
    return line, page


def search(store: Path, query: str, select: Select, *, department: str | None = None, year: int | None = None,
           limit: int = 20) -> tuple[list[Hit], int]:
    """(hits, the number of all hits) of ``query`` in the store at ``store`` (read by ``select``),
    best first, at most ``limit``; ``department`` (part of a name) and ``year`` filter."""
    terms = Terms.parse(query)
    path = index_path(store)
    try:
        sync(path, select)
    except (sqlite3.Error, OSError) as exc:
        raise QueryError(f"the search index could not be brought in step with the store: {exc}",
                         file=str(path), hint="the store's folder must be writable; the file may be deleted") from None
    where, params = ["fts MATCH ?"], [terms.match()]  # type: list[str], list[object]
    if department:
        where.append("(instr(r.department, ?) > 0 OR instr(r.names, ?) > 0)")
        params += [department, department]
    if year is not None:
        where.append("r.year = ?")
        params.append(year)
    sql = ("FROM fts JOIN hits h ON h.id = fts.rowid JOIN reports r ON r.graph = h.graph WHERE "
           + " AND ".join(where))
    with open_index(path) as conn:
        try:
            total = conn.execute("SELECT count(*) " + sql, params).fetchone()[0]
            rows = conn.execute(
                "SELECT h.graph, coalesce(h.file, r.source), r.department, r.year, r.final, h.kind, h.page, h.line, "
                f"h.text, h.linemap, h.iri {sql} ORDER BY bm25(fts, {WORD_WEIGHT}, {GRAM_WEIGHT}), h.id LIMIT ?",
                [*params, max(0, limit)]).fetchall()
        except sqlite3.OperationalError as exc:
            raise QueryError(f"the search could not be run: {exc}") from None
    hits = []
    for graph, source, dept, yr, final, kind, page, line, text, linemap, iri in rows:
        spans = terms.spans(text)
        if linemap is not None:
            line, page = _line_at(linemap, spans[0][0] if spans else 0, line, page)
        hits.append(Hit(graph, source, dept, yr, bool(final), kind, page, line, text, spans, iri))
    return hits, total


def kind_title(kind: str, lang: str = "en") -> str:
    zh, en = KINDS.get(kind, (kind, kind))
    return zh if lang == "zh" else en


def hits_answer(hits: list[Hit], lang: str = "en", mark: tuple[str, str] = ("【", "】")) -> Answer:
    """The hits as an answer: source, department, year, page, line, kind, the match, the entity."""
    columns = ("source", "department", "year", "page", "line", "kind", "match", "entity")
    return Answer(columns, tuple((h.source, h.department, str(h.year or ""), str(h.page or ""), str(h.line),
                                  kind_title(h.kind, lang), h.snippet(mark), "" if h.kind in PROSE else h.entity or "")
                                 for h in hits))
