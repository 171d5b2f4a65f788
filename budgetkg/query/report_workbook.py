"""Stage 7: a stored report as an Excel workbook (``budgetkg export --format xlsx``).

Read from the store, as every ``export`` is: the tables are the facts ingest kept (each figure with
its row, column, page and line, and whether budgetkg derived it), so the workbook shows what the
questions and pages answer from — not a fresh reading that could differ — and ``--report`` selects
reports as it does for the linked-data formats. The sheets (:mod:`budgetkg.query.report_sheets`):

- ``报告 report``: department, year, kind, title, source files, and every table with its number,
  title, unit and the pages it is printed on (a link to its sheet);
- one sheet per standard table as printed: its title, unit and pages above the column headings in
  the printed order, the rows in the printed order (codes as text), amounts in the printed unit
  with the printed decimals, derived figures marked, each row's page;
- ``核查发现 findings``: severity, check id and title, message, page, line, table, row.

The amounts are the exact 元 the store holds divided by the table's unit factor — the figure as
printed. The decimals shown are the most any figure of the table prints (the store keeps the
decimal value, 17.70 as 17.7, so a table's places are read from all its figures together).
"""
from __future__ import annotations

import contextlib
import os
import re
import tempfile
from collections import defaultdict
from decimal import Decimal
from pathlib import Path
from typing import BinaryIO

import pyoxigraph as ox

from budgetkg.config import query_text
from budgetkg.errors import OutputError
from budgetkg.load.store import BudgetStore
from budgetkg.model.units import DEFAULT_PRINTED, FACTORS
from budgetkg.query.report_book import Finding, ReportBook, SheetRow, SheetTable
from budgetkg.query.report_sheets import build_workbook

_SEVERITY_RANK = {"error": 0, "warning": 1, "info": 2, "notice": 3}


def _rows(store: BudgetStore, name: str, **params: str) -> list[dict[str, str]]:
    result = store.query(query_text(name, **params))
    names = [v.value for v in result.variables]
    return [{n: (s[n].value if s[n] is not None else "") for n in names} for s in result]


def _int(text: str) -> int | None:
    return int(text) if text else None


def _places(text: str) -> int:
    return len(text.split(".", 1)[1]) if "." in text else 0


def _sort_key(kind_order: dict[str, int], t: SheetTable) -> tuple:
    return (t.page if t.page is not None else 10 ** 6, t.line or 0, kind_order.get(t.kind, 99), t.iri)


def read_report(store: BudgetStore, graph: ox.NamedNode) -> ReportBook:
    """Everything one report's workbook shows, from its graph (the report IRI names it)."""
    report = str(graph)  # the SPARQL term
    head = _rows(store, "export/report-head.rq", report=report)
    h = head[0] if head else {"dept": "", "year": "", "final": "false", "title": ""}
    tables: dict[str, SheetTable] = {}
    for t in _rows(store, "export/report-tables.rq", report=report):
        tables[t["table"]] = SheetTable(
            iri=t["table"], kind=t["kind"], number=t["number"], title=t["title"],
            unit=t["unit"] or DEFAULT_PRINTED, page=_int(t["page"]), line=_int(t["line"]),
            columns=t["columns"].split(), origin=t["origin"] or "table", declared_empty=t["empty"] == "true")
    rows: dict[tuple[str, int], SheetRow] = {}
    places: dict[str, int] = defaultdict(int)
    for c in _rows(store, "export/report-cells.rq", report=report):
        table = tables.get(c["table"])
        if table is None:
            continue
        key = (c["table"], int(c["index"]))
        row = rows.get(key)
        if row is None:
            row = rows[key] = SheetRow(int(c["index"]), c["role"], c["side"], c["code"],
                                       c["project"] or c["label"], _int(c["page"]), _int(c["line"]))
            table.rows.append(row)
        if c["col"]:
            factor = Decimal(FACTORS.get(table.unit, 1))
            row.amounts[c["col"]] = Decimal(c["amount"]) / factor
            if c["derived"] == "true":
                row.derived.add(c["col"])
            elif c["printed"]:
                places[c["table"]] = max(places[c["table"]], _places(c["printed"]))
            if c["col"] not in table.columns:  # a store written before bkg:columnOrder
                table.columns.append(c["col"])
    for table in tables.values():
        table.rows.sort(key=lambda r: r.index)
        table.decimals = min(places[table.iri], 6)
    kind_order = {k: i for i, k in enumerate(("summary", "income", "expenditure", "fiscal-summary"))}
    findings = [Finding(f["severity"], f["check"], f["message"], f["message_zh"], _int(f["page"]),
                        _int(f["line"]), f["table"], f["row"], f["expected"], f["found"])
                for f in _rows(store, "export/report-findings.rq", report=report)]
    findings.sort(key=lambda f: (_SEVERITY_RANK.get(f.severity, 9), f.page or 0, f.line or 0, f.check, f.message))
    headings = {r["key"]: (r["zh"], r["en"]) for r in _rows(store, "export/column-headings.rq")}
    return ReportBook(graph.value, h["dept"], h["year"], h["final"] == "true", h["title"],
                      sorted({x["source"] for x in head}), sorted(tables.values(), key=lambda t: _sort_key(kind_order, t)),
                      findings, headings)


def stored_reports(store: BudgetStore) -> list[ox.NamedNode]:
    """Every report graph of the store, in IRI order (a report of two files once)."""
    return sorted({ox.NamedNode(r["g"]) for r in _rows(store, "store/report-sources.rq")}, key=lambda g: g.value)


def write_report(store: BudgetStore, graph: ox.NamedNode, out: BinaryIO, lang: str = "zh") -> ReportBook:
    """The report's workbook written to the binary stream ``out``."""
    book = read_report(store, graph)
    build_workbook(book, lang).save(out)
    return book


def workbook_name(book: ReportBook) -> str:
    """A file name for a report's workbook: its source file's stem (the files of a report published
    as two joined by +), made safe for any file system."""
    stem = "+".join(Path(s).stem for s in book.sources) or book.iri.rsplit("/id/", 1)[-1]
    return re.sub(r'[\\/:*?"<>|\s]+', "_", stem)[:150] + ".xlsx"


def save_book(book: ReportBook, path: Path, lang: str = "zh") -> None:
    """Write a report's workbook to ``path``, appearing only when complete (a temporary file
    beside it renamed over it), so a failure never leaves half a workbook.

    Raises:
        OutputError: the folder cannot be written, or writing failed (the system's reason).
    """
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    except OSError as exc:
        raise OutputError(f"cannot write here: {exc.strerror}", file=str(path)) from exc
    try:
        with os.fdopen(fd, "wb") as fh:
            build_workbook(book, lang).save(fh)
        os.replace(tmp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise OutputError(f"writing failed: {exc.strerror or exc}", file=str(path)) from exc
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def save_reports(store: BudgetStore, graphs: list[ox.NamedNode], folder: Path, lang: str = "zh") -> list[Path]:
    """One workbook per report into ``folder`` (created if missing), named by :func:`workbook_name`
    (a second report of the same name gets its graph's last part appended). Returns the paths.

    Raises:
        OutputError: the folder cannot be created or written.
    """
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"cannot create the folder: {exc.strerror}", file=str(folder)) from exc
    written: list[Path] = []
    for graph in graphs:
        book = read_report(store, graph)
        path = folder / workbook_name(book)
        if path in written:
            path = path.with_name(path.stem + "_" + re.sub(r"\W+", "_", graph.value.rsplit("/id/", 1)[-1]) + ".xlsx")
        save_book(book, path, lang)
        written.append(path)
    return written
