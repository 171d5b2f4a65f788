"""`budgetkg check`: findings of reports as an auditor reads them.

Reads report files without storing anything (or the findings a store holds), groups the
findings of each document by severity and writes them as a terminal table, CSV, JSON or a
self-contained HTML report (one page per document, printable) that can be handed on.
"""
from __future__ import annotations

import csv
import html
import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, TextIO, TypedDict

from budgetkg.check import CHECKS, Severity
from budgetkg.check.messages_zh import message_zh
from budgetkg.errors import BudgetKGError
from budgetkg.model.report import Finding, Report

Box = tuple[float, float, float, float]

SEVERITY_ORDER = (Severity.ERROR, Severity.WARNING, Severity.INFO, Severity.NOTICE)
Column = Literal["source", "severity", "page", "line", "table", "row", "check", "title", "message",
                 "expected", "found", "quote"]
COLUMNS: tuple[Column, ...] = ("source", "severity", "page", "line", "table", "row", "check", "title", "message",
                               "expected", "found", "quote")


class FindingRow(TypedDict):
    """A finding as a flat row, keys in the order of :data:`COLUMNS`: text, with the page and line
    as numbers when read from a file (``""`` for none) and as text when read from a store."""

    source: str
    severity: str
    page: int | str
    line: int | str
    table: str
    row: str
    check: str
    title: str
    message: str
    expected: str
    found: str
    quote: str


@dataclass
class AuditedDocument:
    """One document's identity and findings (or the error that kept it from being read)."""

    source: str
    department: str = ""
    year: int | None = None
    kind: str = ""
    findings: list[FindingRow] = field(default_factory=list)
    error: str | None = None
    #: where on its page each finding is, parallel to ``findings`` (PDF points, top down: the
    #: cell or row a finding rests on, see ``SourceRef.box``); empty when nothing has a box.
    #: Only for drawing findings on their pages (:mod:`.annotate`): never written out.
    boxes: list[Box | None] = field(default_factory=list, repr=False)

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.findings if f["severity"] == severity.value)


def finding_row(f: Finding, lang: str = "en") -> FindingRow:
    """A finding as a flat row in the order of :data:`COLUMNS`."""
    kind = CHECKS.get(f.check)
    title = (kind.title_zh if lang == "zh" else kind.title_en) if kind else f.check
    message = message_zh(f.check, f.message, f.message_zh) if lang == "zh" else f.message
    return {"source": f.source.file if f.source else "", "severity": f.severity.value,
            "page": f.source.page if f.source and f.source.page else "",
            "line": f.source.line if f.source else "", "table": f.table, "row": f.row,
            "check": f.check, "title": title, "message": message, "expected": f.expected or "",
            "found": f.found or "", "quote": f.quote or ""}


def _order(rows: list[FindingRow]) -> list[int]:
    """The indices of ``rows`` by severity, page and line."""
    rank = {s.value: i for i, s in enumerate(SEVERITY_ORDER)}
    return sorted(range(len(rows)), key=lambda i: (rank.get(rows[i]["severity"], 9), rows[i]["page"] or 0,
                                                   rows[i]["line"] or 0))


def _sorted(rows: list[FindingRow]) -> list[FindingRow]:
    return [rows[i] for i in _order(rows)]


def audit_report(report: Report, lang: str = "en") -> AuditedDocument:
    """The audited view of a parsed report."""
    rows = [finding_row(f, lang) for f in report.findings]
    for r in rows:
        r["source"] = r["source"] or report.source_name
    order = _order(rows)
    sources = [f.source for f in report.findings]
    return AuditedDocument(source=report.source_name, department=report.department.name,
                           year=report.year, kind=report.kind.value, findings=[rows[i] for i in order],
                           boxes=[s.box if (s := sources[i]) else None for i in order])


def audit_files(paths: Iterable[Path], read: Callable[[Path], Report], lang: str = "en",
                progress: Callable[[Path], None] | None = None) -> list[AuditedDocument]:
    """Read and check each file; a file that cannot be read is a document with an error. A
    publication printed as two files (narrative + tables) given together is checked as one
    report, so the narrative's figures are held against the other file's tables."""
    from budgetkg.check.combined import combine_checked
    read_ok: list[Report] = []
    failed: list[AuditedDocument] = []
    for p in paths:
        try:
            read_ok.append(read(p))
        except BudgetKGError as exc:
            failed.append(AuditedDocument(source=Path(p).name, error=exc.describe()))
        if progress:
            progress(p)
    return [audit_report(r, lang) for r in combine_checked(read_ok)] + failed


def _stored_row(values: Mapping[str, str], lang: str = "en") -> FindingRow:
    """A stored finding (the text columns of the `findings` question) as a flat row."""
    def cell(column: Column) -> str:
        return values.get(column, "") or ""
    kind = CHECKS.get(cell("check"))
    return FindingRow(source=cell("source"), severity=cell("severity"), page=cell("page"), line=cell("line"),
                      table=cell("table"), row=cell("row"), check=cell("check"),
                      title=(kind.title_zh if lang == "zh" else kind.title_en) if kind else cell("check"),
                      message=cell("message"),
                      expected=cell("expected"), found=cell("found"), quote=cell("quote"))


def audit_rows(columns: tuple[str, ...], rows: Iterable[tuple[str, ...]],
               reports: dict[str, tuple[str, int | None, str]], lang: str = "en") -> list[AuditedDocument]:
    """Documents from the stored findings (the `findings` question) and report identities; ``lang``
    the language of the checks' titles (the messages are given in the language wanted)."""
    docs: dict[str, AuditedDocument] = {}
    for source, (dept, year, kind) in reports.items():
        docs[source] = AuditedDocument(source=source, department=dept, year=year, kind=kind)
    for r in rows:
        row = _stored_row(dict(zip(columns, r)), lang)
        docs.setdefault(row["source"], AuditedDocument(source=row["source"])).findings.append(row)
    for d in docs.values():
        d.findings = _sorted(d.findings)
    return list(docs.values())


def has_errors(docs: list[AuditedDocument]) -> bool:
    return any(d.error or d.count(Severity.ERROR) for d in docs)


# ------------------------------------------------------------------ writers
def write_csv(docs: list[AuditedDocument], out: TextIO) -> None:
    w = csv.writer(out, lineterminator="\n")
    w.writerow(COLUMNS)
    for d in docs:
        for f in d.findings:
            w.writerow([f[c] for c in COLUMNS])


def write_json(docs: list[AuditedDocument], out: TextIO) -> None:
    json.dump([{"source": d.source, "department": d.department, "year": d.year, "kind": d.kind,
                "error": d.error, "counts": {s.value: d.count(s) for s in SEVERITY_ORDER},
                "findings": d.findings} for d in docs], out, ensure_ascii=False, indent=2, default=str)
    out.write("\n")


#: Severities and report kinds as the Chinese summary line names them
_ZH = {"error": "错误", "warning": "警告", "info": "提示", "notice": "说明", "budget": "预算", "final": "决算"}


def summary_line(d: AuditedDocument, lang: str = "en") -> str:
    """``source: department year kind — counts by severity`` in ``lang``."""
    zh = lang == "zh"
    if d.error:
        return f"{d.source}：未能读取 — {d.error}" if zh else f"{d.source}: not read — {d.error}"
    if zh:
        counts = "，".join(f"{_ZH[s.value]} {d.count(s)} 条" for s in SEVERITY_ORDER if d.count(s))
        return f"{d.source}：{d.department} {d.year or '?'} {_ZH.get(d.kind, d.kind)} — {counts or '无发现'}"
    counts = ", ".join(f"{d.count(s)} {s.value}" for s in SEVERITY_ORDER if d.count(s))
    return f"{d.source}: {d.department} {d.year or '?'} {d.kind} — {counts or 'no findings'}"


_CSS = """
body{font-family:"Noto Sans CJK SC","WenQuanYi Zen Hei",sans-serif;margin:2em;color:#222}
section{page-break-after:always;margin-bottom:3em}
h1{font-size:1.4em;margin-bottom:.2em}.meta{color:#555;margin-bottom:1em}
table{border-collapse:collapse;width:100%;font-size:.9em}th,td{border:1px solid #ccc;padding:.3em .5em;vertical-align:top}
th{background:#f3f3f3;text-align:left}td.n{text-align:right;white-space:nowrap}
.error{color:#b00020}.warning{color:#b26a00}.info{color:#1565c0}.notice{color:#666}
.badge{display:inline-block;padding:.1em .6em;border-radius:1em;margin-right:.5em;background:#eee}
q{color:#333;background:#fffbe6}
"""


def write_html(docs: list[AuditedDocument], out: TextIO, title: str = "budgetkg check",
               page_link: Callable[[FindingRow], str | None] | None = None) -> None:
    """One printable page per document: counts by severity, then every finding with its quote;
    ``page_link`` gives a finding's page a link (to the page of its PDF) where it returns one."""
    e = html.escape
    out.write(f"<!doctype html><html lang=zh><meta charset=utf-8><title>{e(title)}</title>"
              f"<style>{_CSS}</style><body>")
    for d in docs:
        out.write(f"<section><h1>{e(d.department or d.source)}</h1>")
        out.write(f"<div class=meta>{e(d.source)} · {e(str(d.year or '?'))} · {e(d.kind)}</div>")
        if d.error:
            out.write(f"<p class=error>Not read: {e(d.error)}</p></section>")
            continue
        out.write("<p>" + "".join(f"<span class='badge {s.value}'>{s.value}: {d.count(s)}</span>"
                                  for s in SEVERITY_ORDER) + "</p>")
        if not d.findings:
            out.write("<p>No findings.</p></section>")
            continue
        out.write("<table><tr><th>severity</th><th>page</th><th>line</th><th>check</th><th>where</th>"
                  "<th>message</th><th>expected</th><th>found</th></tr>")
        for f in d.findings:
            where = " ".join(x for x in (f["table"], f["row"]) if x)
            quote = f"<br><q>{e(f['quote'])}</q>" if f["quote"] else ""
            href = page_link(f) if page_link else None
            page = f"<a href='{e(href)}'>{e(str(f['page']))}</a>" if href else e(str(f["page"]))
            out.write(f"<tr><td class={e(f['severity'])}>{e(f['severity'])}</td><td class=n>{page}</td>"
                      f"<td class=n>{e(str(f['line']))}</td><td>{e(f['title'])}<br><small>{e(f['check'])}</small></td>"
                      f"<td>{e(where)}</td><td>{e(f['message'])}{quote}</td>"
                      f"<td class=n>{e(str(f['expected']))}</td><td class=n>{e(str(f['found']))}</td></tr>")
        out.write("</table></section>")
    out.write("</body></html>\n")
