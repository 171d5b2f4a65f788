"""Input integrity: refuse or flag input that cannot be a single, whole, new report.

One place for the rules the pipeline applies around parsing (parsers stay about
reading tables). Each rule states its reason in the message:

- size: a file over the limit is refused before it is read (:func:`check_size`);
- line structure: a text whose bulk sits on one enormous line was flattened and
  cannot be read as tables (:func:`check_document`);
- repeated tables: every standard table printed N ≥ 2 times means several reports
  joined in one file (:func:`check_report`, refused);
- blank template: a department printed as a placeholder (上海市XX局) with no figure in any
  table is the national template itself, not a disclosure (:func:`check_report`, refused:
  storing it would add an organisation that does not exist);
- missing tables: tables the report's own table of contents (目录) lists, or the
  national template requires for its kind, that were not read from the file (and no
  sentence declares empty) are a ``missing-table`` warning (:func:`check_report`,
  flagged, not refused: the cause may be a cut file or a layout the parsers miss);
- duplicates: the same bytes, or the same department/year/kind/scope with shared
  tables and equal totals, already stored or earlier in the batch under another file name
  (:class:`DuplicateGuard`, refused with the name of the other report).
"""
from __future__ import annotations

import dataclasses
import re
import stat
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Protocol

from budgetkg.config import read_query
from budgetkg.errors import ParseError, SourceError
from budgetkg.model.report import Finding, Report, ReportKind, Severity, SourceRef, Table, TableKind
from budgetkg.segment.blocks import classify_title
from budgetkg.sources.document import Document
from budgetkg.text.names import is_placeholder_name, normalise_org_name, squash

MB = 1_000_000
#: Default size limits: a text report is well under 5 MB, a PDF report under 50 MB.
DEFAULT_TEXT_LIMIT = 50 * MB
DEFAULT_PDF_LIMIT = 200 * MB
#: A line this long that also holds most of the text means the line breaks were lost.
FLAT_LINE_CHARS = 10_000

#: Tables the national templates (财政部 部门预算/决算公开 templates) require, by report kind.
#: 项目支出 and 国有资本经营 tables are printed by some regions only and are not required.
TEMPLATE_TABLES: dict[ReportKind, tuple[TableKind, ...]] = {
    ReportKind.BUDGET: (TableKind.SUMMARY, TableKind.INCOME, TableKind.EXPENDITURE, TableKind.FISCAL_SUMMARY,
                        TableKind.GENERAL_PUBLIC, TableKind.BASIC_ECONOMIC, TableKind.THREE_PUBLIC,
                        TableKind.GOV_FUND),
    ReportKind.FINAL: (TableKind.SUMMARY, TableKind.INCOME, TableKind.EXPENDITURE, TableKind.FISCAL_SUMMARY,
                       TableKind.GENERAL_PUBLIC, TableKind.BASIC_ECONOMIC, TableKind.THREE_PUBLIC,
                       TableKind.GOV_FUND),
}

_TOC_RE = re.compile(r"^目录$")
#: "政府性基金预算支出情况表为空表" in the narrative: the table is accounted for.
_DECLARED_EMPTY = re.compile(r"(.{2,60}?表)(?:为|是)?空表")
_TOC_NUMBER = re.compile(r"^(?:[（(]?[一二三四五六七八九十\d]+[）)、.．]|表[一二三四五六七八九十\d]+[:：、.．]?)")
_TOC_PAGE = re.compile(r"[.．…·—\-\s\d]+$")


def size_limit(path: Path, override_mb: int | None) -> int:
    """The size limit of a file in bytes: the override, else the default for its type."""
    if override_mb is not None:
        return override_mb * MB
    return DEFAULT_PDF_LIMIT if path.suffix.lower() == ".pdf" else DEFAULT_TEXT_LIMIT


def check_size(path: Path, override_mb: int | None = None) -> None:
    """Refuse a file over the size limit before reading it.

    Raises:
        SourceError: the file is larger than the limit, or a device or pipe (endless).
    """
    try:
        info = path.stat()
    except OSError:
        return  # reading it will say what is wrong
    if not stat.S_ISREG(info.st_mode) and not stat.S_ISDIR(info.st_mode):
        raise SourceError("is not a regular file (a device or pipe); it is not read", file=str(path))
    size = info.st_size
    limit = size_limit(path, override_mb)
    if size > limit:
        raise SourceError(f"the file is {size / MB:.1f} MB, over the limit of {limit / MB:.0f} MB; "
                          "it is not read", file=str(path),
                          hint="a disclosure report is far smaller; raise the limit with --max-size MB "
                               "or BUDGETKG_MAX_SIZE if it really is one")


def check_document(doc: Document) -> None:
    """Refuse a text whose line breaks were lost (one enormous line holding most of it).

    Raises:
        SourceError: naming the line and its length.
    """
    longest = max(doc.lines, key=lambda line: len(line.text), default=None)
    if longest is None or len(longest.text) < FLAT_LINE_CHARS:
        return
    total = sum(len(line.text) for line in doc.lines)
    if len(longest.text) * 2 > total:
        raise SourceError(f"the file has no line structure: line {longest.no} holds {len(longest.text):,} of "
                          f"its {total:,} characters, so no table can be read",
                          file=doc.name, line=longest.no,
                          hint="use the report as published, one table row per line")


def _standard_tables(report: Report) -> list[Table]:
    return [t for t in report.tables if t.origin == "table"]


def check_report(report: Report, doc: Document | None = None) -> Report:
    """Refuse a file holding its tables several times; flag tables it should hold but lacks.

    Returns the report with ``missing-table`` findings added.
    Raises:
        ParseError: most standard tables (at least two kinds, at least half of those read)
            appear N ≥ 2 times. (Not all: the reader keeps one table of some kinds, such as the
            basic-expenditure table, whatever the file repeats.)
    """
    refuse_blank_template(report)
    tables = _standard_tables(report)
    counts = Counter(t.kind for t in tables)
    repeated = {k: n for k, n in counts.items() if n >= 2}
    if len(repeated) >= 2 and 2 * len(repeated) >= len(counts):
        times = Counter(repeated.values()).most_common(1)[0][0]
        first = next(t.kind for t in tables if t.kind in repeated)
        again = [t.source.line for t in tables if t.kind is first][1]
        raise ParseError(f"the file holds its tables {times} times ({len(tables)} tables of {len(counts)} kinds; "
                         f"the {first.value} table is printed again at line {again}); "
                         "it looks like several reports joined", file=report.source_name, line=again,
                         hint="give each report as its own file")
    return dataclasses.replace(report, findings=report.findings + tuple(missing_tables(report, doc)))


def refuse_blank_template(report: Report) -> None:
    """Refuse the blank national template: a placeholder department and not one printed figure.

    A report whose name only *contains* a placeholder somewhere in its prose is still a report
    (the ``placeholder-name`` check flags it); both conditions together mean nothing was filled in.
    Raises:
        ParseError: the department is a placeholder and no table row holds an amount.
    """
    name = report.department.name if report.department else ""
    if not name or not is_placeholder_name(name):
        return
    if any(row.amounts for table in report.tables for row in table.rows):
        return
    first = report.tables[0].source.line if report.tables else None
    raise ParseError(f"a blank template, not a report: the department is printed as {name} and none of its "
                     f"{len(report.tables)} tables holds a figure", file=report.source_name, line=first,
                     hint="give the filled-in disclosure of a real department")


def announced_tables(doc: Document, before_line: int | None) -> dict[TableKind, int]:
    """Table kinds the report's table of contents (目录) lists, with the line of each entry."""
    found: dict[TableKind, int] = {}
    lines = doc.lines
    for i, line in enumerate(lines):
        if not _TOC_RE.match(squash(line.text)):
            continue
        for entry in lines[i + 1:i + 150]:
            if before_line is not None and entry.no >= before_line:
                break
            text = _TOC_PAGE.sub("", _TOC_NUMBER.sub("", squash(entry.text)))
            kind = classify_title(text) if text else None
            if kind is not None:
                found.setdefault(kind, entry.no)
        break
    return found


def declared_empty(doc: Document) -> set[TableKind]:
    """Table kinds a sentence declares empty ("…情况表为空表"), wherever it stands."""
    kinds: set[TableKind] = set()
    for line in doc.lines:
        if "空表" not in line.text:
            continue
        for m in _DECLARED_EMPTY.finditer(squash(line.text)):
            clause = re.split(r"[，,。；;：:]", m.group(1))[-1]
            kind = classify_title(clause)
            if kind is not None:
                kinds.add(kind)
    return kinds


def missing_tables(report: Report, doc: Document | None) -> list[Finding]:
    """``missing-table`` findings: listed in the 目录, or required by the template, but absent.

    A file without any standard table (a narrative published apart from its tables)
    is not checked against the template.
    """
    tables = _standard_tables(report)
    if not tables:
        return []
    printed = {t.kind for t in tables}
    said_empty = declared_empty(doc) if doc is not None else set()
    present = printed | said_empty
    first = min(t.source.line for t in tables)
    findings: list[Finding] = []
    announced = announced_tables(doc, first) if doc is not None else {}
    for kind, line in announced.items():
        if kind in said_empty and kind not in printed:
            # the template: 无内容应公开空表并说明情况 — an empty table is published AND explained
            findings.append(Finding(
                "missing-table", kind.value, "", "the empty table printed", "only declared empty",
                f"the table of contents (line {line}) lists a {kind.value} table and the text declares it "
                "empty, but the empty table itself is not printed (the template publishes empty tables)",
                SourceRef(report.source_name, line), severity=Severity.WARNING))
        elif kind not in present:
            findings.append(Finding(
                "missing-table", kind.value, "", "listed in the table of contents", "absent",
                f"the table of contents (line {line}) lists a {kind.value} table; none was read from the file "
                "(cut off, or printed in a form budgetkg does not recognise)",
                SourceRef(report.source_name, line), severity=Severity.WARNING))
    for kind in TEMPLATE_TABLES.get(report.kind, ()):
        if kind not in present and kind not in announced:
            findings.append(Finding(
                "missing-table", kind.value, "", f"required by the {report.kind.value} template", "absent",
                f"the national {report.kind.value} template has a {kind.value} table; none was read from the file "
                "and no sentence declares it empty", None, severity=Severity.WARNING))
    return findings


# ---------------------------------------------------------------------- duplicates
@dataclass(frozen=True)
class Identity:
    """What makes two files the same report: department, year, kind, scope, tables."""

    department: str
    year: int | None
    kind: str
    scope: str                 # "unit" (单位预算/决算) or "department"
    tables: frozenset[str]     # table kinds the file holds
    totals: frozenset[tuple[str, Decimal]] = frozenset()  # (income|expenditure, 元)

    def same_report(self, other: Identity) -> bool:
        """Same department/year/kind/scope, overlapping tables, and no total that differs.

        A narrative and its separately published tables are two parts of one report, not
        duplicates; two reports whose 收入总计 or 支出总计 differ are not one report printed
        twice (a department name misread the same way in both must not merge them)."""
        if (self.department, self.year, self.kind, self.scope) != (
                other.department, other.year, other.kind, other.scope) or not self.tables & other.tables:
            return False
        mine, theirs = dict(self.totals), dict(other.totals)
        return all(mine[k] == theirs[k] for k in mine.keys() & theirs.keys())


def scope_of(title: str | None) -> str:
    """"unit" when the title says 单位预算/单位决算, else "department"."""
    return "unit" if title and re.search(r"单位(\d{4}年度?)?(预算|决算)", squash(title)) else "department"


def identity(report: Report) -> Identity:
    return Identity(normalise_org_name(report.department.name), report.year, report.kind.value,
                    scope_of(report.title), frozenset(t.kind.value for t in _standard_tables(report)),
                    frozenset((t.key, t.amount.yuan) for t in report.totals))


_STORED = read_query("check/stored-reports.rq")


def _total(pair: str) -> tuple[str, Decimal]:
    key, _, amount = pair.partition("=")
    return key, Decimal(amount)


class _Term(Protocol):
    """An RDF term of a query solution (pyoxigraph's ``NamedNode``, ``Literal`` …)."""

    @property
    def value(self) -> str: ...


class _Solution(Protocol):
    """One solution of a SELECT query: a variable's term, or None where it is unbound."""

    def __getitem__(self, variable: str) -> _Term | None: ...


class StoredReports(Protocol):
    """What the guard asks of a store (a :class:`~budgetkg.load.store.BudgetStore`, which the check
    stage may not import): the solutions of a SELECT query over all its graphs."""

    def query(self, sparql: str) -> Iterable[_Solution]: ...


def _bound(row: _Solution, variable: str) -> str:
    """The value of a variable the query always binds."""
    term = row[variable]
    if term is None:
        raise ValueError(f"?{variable} is unbound in a solution of check/stored-reports.rq")
    return term.value


def _optional(row: _Solution, variable: str) -> str | None:
    """The value of an OPTIONAL variable, or None."""
    term = row[variable]
    return None if term is None else term.value


class DuplicateGuard:
    """Refuses a report already stored, or earlier in the batch, under another file name."""

    def __init__(self, store: StoredReports | None = None):
        self._by_hash: dict[str, str] = {}
        self._by_identity: list[tuple[Identity, str]] = []
        self._stored: set[str] = set()
        if store is not None:
            for row in store.query(_STORED):
                source = _bound(row, "source")
                self._stored.add(source)
                sha = _optional(row, "sha")
                if sha is not None:
                    self._by_hash.setdefault(sha, source)
                year = _optional(row, "year")
                kinds = (_optional(row, "tables") or "").split()
                self._by_identity.append((Identity(
                    normalise_org_name(_bound(row, "dept")), int(year) if year is not None else None,
                    "final" if _bound(row, "final") == "true" else "budget",
                    scope_of(_optional(row, "title")),
                    frozenset(k.rsplit("/", 1)[-1] for k in kinds),
                    frozenset(_total(pair) for pair in (_optional(row, "totals") or "").split())), source))

    def _where(self, source: str) -> str:
        return "the store" if source in self._stored else "this batch"

    def check(self, report: Report) -> None:
        """Remember the report, or refuse it as a copy of another.

        Raises:
            ParseError: naming the other report.
        """
        self.check_identity(report.source_name, report.sha256, identity(report))

    def check_identity(self, name: str, sha256: str, me: Identity) -> None:
        """:meth:`check` from what a worker process sent back (name, digest, identity)."""
        other = self._by_hash.get(sha256)
        if other is not None and other != name:
            raise ParseError(f"the same file is already in {self._where(other)} as {other}",
                             file=name, hint=f"re-ingest it under that name, or `budgetkg remove {other}` first; "
                                  "--allow-duplicates stores both")
        for ident, source in self._by_identity:
            if source != name and ident.same_report(me):
                raise ParseError(
                    f"{self._where(source)} already holds this report as {source} ({me.department} {me.year or '?'} "
                    f"{me.kind}{', unit' if me.scope == 'unit' else ''}); storing both would count it twice",
                    file=name, hint=f"`budgetkg remove {source}` first if this file replaces it; "
                         "--allow-duplicates stores both if they are different reports")
        self._by_hash.setdefault(sha256, name)
        self._by_identity.append((me, name))
