"""Stages 2–3 for one report: segments → typed :class:`Report`.

Reads the tables through a registry (table kind → parser), lets tables lend each
other evidence for amounts the text layout left open, falls back to the figures
the narrative states where a report publishes no tables. Checking (table arithmetic
included) is the next stage, :mod:`budgetkg.check`.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace

from budgetkg.errors import ParseError
from budgetkg.model.codes import code_list
from budgetkg.model.report import Report, ReportCore, ReportKind, Row, RowRole, Severity, Table, TableKind, Total
from budgetkg.model.tables import PARSE_ORDER, ColumnKey, Parser, spec
from budgetkg.model.units import DEFAULT_PRINTED
from budgetkg.parse import final_account, narrative_figures, overview, unit_lists
from budgetkg.parse.codetables import DraftTable, draft_code_table, finish_code_table
from budgetkg.parse.context import ParseContext
from budgetkg.parse.derived_rows import derive_parents
from budgetkg.parse.evidence import share_placements, use_project_table
from budgetkg.parse.linking import link_projects
from budgetkg.parse.narrative import read_narrative
from budgetkg.parse.passages import passages
from budgetkg.parse.performance import parse_performance
from budgetkg.parse.previous_year import read_previous_year
from budgetkg.parse.proof import prove_tables
from budgetkg.parse.summary import income_funds, parse_summary_table
from budgetkg.parse.three_public import parse_three_public_table
from budgetkg.segment.blocks import Segments, TableBlock, segment
from budgetkg.sources.document import Document

#: Tables read on their own, directly into the model (the others are code tables, read in two steps).
DIRECT_PARSERS = {
    Parser.SUMMARY: parse_summary_table,
    Parser.THREE_PUBLIC: parse_three_public_table,
}
ORDER = PARSE_ORDER


#: Errors a malformed table can raise inside a parser (never a bug hidden: reported as a finding).
UNREADABLE = (ValueError, IndexError, KeyError, ArithmeticError)


def _report_unit(blocks: tuple[TableBlock, ...]) -> str:
    units = Counter(b.unit for b in blocks if b.unit)
    return units.most_common(1)[0][0] if units else DEFAULT_PRINTED


class _SubjectNames:
    """code → the names it is printed with in this report's tables, then its code-list names."""

    def __init__(self, drafts: list[DraftTable]):
        self.printed: dict[str, list[str]] = {}
        for d in drafts:
            for r in d.rows:
                if r.code and r.label:
                    self.printed.setdefault(r.code, []).append(r.label)
        self.codes = code_list("functional")

    def get(self, code: str, default=()) -> tuple[str, ...]:
        return tuple(self.printed.get(code, ())) + self.codes.labels(code) or default


def read_tables(seg: Segments, ctx: ParseContext) -> tuple[tuple[Table, ...], tuple[Total, ...]]:
    """Stage: every table of the report (in :data:`ORDER`) and the report totals, falling back
    to the figures the narrative states where the report prints no such table."""
    blocks_by_kind: dict[TableKind, list[TableBlock]] = {}
    for b in seg.tables:
        blocks_by_kind.setdefault(b.kind, []).append(b)

    tables: dict[TableKind, list[Table]] = {}
    drafts: list[DraftTable] = []
    for tkind in ORDER:
        for block in blocks_by_kind.get(tkind, []):
            try:
                parser = spec(tkind).parser
                if parser in DIRECT_PARSERS:
                    tables.setdefault(tkind, []).append(DIRECT_PARSERS[parser](block, ctx))
                    continue
                allowed = None
                if tkind is TableKind.INCOME:
                    summary = (tables.get(TableKind.SUMMARY) or [None])[0]
                    allowed = income_funds(summary)
                names = _SubjectNames(drafts) if tkind is TableKind.PROJECTS else None
                drafts.append(draft_code_table(block, ctx, allowed=allowed, subject_names=names))
            except UNREADABLE as exc:
                # one table that cannot be read must not cost the rest of the report
                ctx.report("table-unreadable", tkind.value, block.title, "a readable table", None,
                           f"this table could not be read ({type(exc).__name__}: {exc}); "
                           "the other tables were read", block.title_line)
    share_placements(drafts)
    use_project_table(drafts, next((d for d in drafts if d.kind is TableKind.PROJECTS), None))
    for d in drafts:
        tables.setdefault(d.kind, []).append(finish_code_table(d, ctx))

    for tkind in list(tables):
        tables[tkind] = _one_of_kind(tables[tkind], ctx)
    totals = _totals(tables)
    if len(tables.get(TableKind.EXPENDITURE, [])) > 1:
        tables[TableKind.EXPENDITURE] = _all_funds(tables[TableKind.EXPENDITURE], totals, ctx)
    # 类/款 rows derived where a table prints only 项 rows: the proof tests them against its 合计
    proven = prove_tables([derive_parents(t) for k in ORDER for t in tables.get(k, [])],
                          {t.key: t.amount for t in totals}, ctx, scanned=frozenset(seg.document.ocr_pages))
    tables = {}
    for t in proven:
        tables.setdefault(t.kind, []).append(t)
    totals = _totals(tables)  # none from a summary table that is not stored
    if not tables.get(TableKind.EXPENDITURE) and not tables.get(TableKind.GENERAL_PUBLIC):
        t = narrative_figures.functional_figures(seg, ctx)
        if t:
            tables.setdefault(t.kind, []).append(t)
    if not tables.get(TableKind.THREE_PUBLIC):
        t = narrative_figures.three_public_figures(seg, ctx)
        if t:
            tables.setdefault(t.kind, []).append(t)
    if not totals:
        totals = narrative_figures.narrative_totals(seg, ctx)
    return tuple(t for k in ORDER for t in tables.get(k, [])), tuple(totals)


def read_core(seg: Segments, ctx: ParseContext) -> ReportCore:
    """Stages: overview (department, kind, year, staffing, units) and tables.

    Raises:
        ParseError: nothing in the document is a disclosure report's.
    """
    dept = overview.department(seg, ctx)
    kind = overview.report_kind(seg)
    year = overview.fiscal_year(seg)
    if year is None:
        ctx.report("fiscal-year", "overview", "", "a year", None,
                   "the report states no fiscal year in its title or headings")
    tables, totals = read_tables(seg, ctx)
    staffing = overview.staffing(seg, dept, ctx)
    units = unit_lists.units(seg, dept, ctx)
    if not tables and not totals and not staffing:
        raise ParseError("this does not look like a budget or final-account disclosure report: "
                         "no standard table, no stated 收入总计/支出总计 and no staffing in 概况",
                         file=seg.document.name, hint="give the report's full text")
    return ReportCore(department=dept, kind=kind, year=year, tables=tables, staffing=tuple(staffing),
                      units=tuple(units), totals=totals)


def parse_segments(seg: Segments) -> Report:
    """The typed report of a segmented document: each stage returns its output, checked
    against the core facts (tables, totals) where it needs them; the Report is built once."""
    doc = seg.document
    ctx = ParseContext(source=doc.name, default_unit=_report_unit(seg.tables))
    core = read_core(seg, ctx)
    evaluations = tuple(parse_performance(b, ctx) for b in seg.performance)
    evaluated = _evaluated_projects(core, evaluations, ctx)
    if evaluated is not None:
        core = replace(core, tables=(*core.tables, evaluated))
    performance = link_projects(core.tables, evaluations, ctx)
    figures = tuple(final_account.figures(seg, ctx))
    comparisons = tuple(final_account.comparisons(seg, ctx))
    stated, parts, refs, described = read_narrative(seg, core, ctx)
    prior = read_previous_year(seg, core.tables, core.year, ctx)
    return Report(source_name=doc.name, sha256=doc.sha256, department=core.department, kind=core.kind,
                  year=core.year, tables=core.tables, staffing=core.staffing, units=core.units,
                  totals=core.totals, title=_title(seg), scope=overview.report_scope(seg),
                  performance=performance, figures=figures,
                  comparisons=comparisons, changes=tuple(stated), shares=tuple(parts),
                  policies=tuple(refs), projects=tuple(described), prior=prior, passages=passages(seg),
                  findings=tuple(ctx.findings), ocr_pages=doc.ocr_pages)


#: Total lines of a summary table, most authoritative first: (key, label without 收入/支出). The
#: report's totals are the 总计 lines (they add 上年结转 where the table prints it); a bare 合计 is
#: the total where no 总计 is printed; 本年收入合计/本年支出合计 are kept beside them as what they are.
TOTAL_LINES = (
    ("{side}", re.compile(r"^(?!本年).*总计$")),
    ("{side}", re.compile(r"^合计$")),
    ("{side}-current-year", re.compile(r"^本年.*合计$")),
)


def _totals(tables: dict[TableKind, list[Table]]) -> list[Total]:
    summary = next((t for t in tables.get(TableKind.SUMMARY, []) if t.rows), None)
    out: list[Total] = []
    if summary is None:
        return out
    for side in ("income", "expenditure"):
        rows = [(re.sub(r"收入|支出|[:：]", "", r.label), r) for r in summary.rows
                if r.side == side and r.role is RowRole.TOTAL and ColumnKey.TOTAL in r.amounts]
        for key, pattern in TOTAL_LINES:
            key = key.format(side=side)
            row = next((r for label, r in rows if pattern.search(label)), None)
            if row and all(t.key != key for t in out):
                out.append(Total(key=key, amount=row.amounts[ColumnKey.TOTAL], source=row.source))
    return out


def _evaluated_projects(core: ReportCore, evaluations, ctx: ParseContext) -> Table | None:
    """A final account that prints no project table still has projects: those of its
    项目支出绩效自评表, each with its 全年执行数 (the table is marked origin "performance")."""
    if core.kind is not ReportKind.FINAL or core.table(TableKind.PROJECTS) is not None:
        return None
    evaluated = [p for p in evaluations if p.kind == "project-evaluation" and p.project]
    if not evaluated:
        return None
    rows = tuple(Row(index=i, label=p.project, project=p.project, role=RowRole.ITEM, source=p.source,
                     amounts={ColumnKey.TOTAL: p.funds["executed"]} if "executed" in p.funds else {})
                 for i, p in enumerate(evaluated))
    unit = next((a.unit for p in evaluated for a in p.funds.values()), None)
    return Table(kind=TableKind.PROJECTS, title="项目支出绩效自评表", source=evaluated[0].source,
                 columns=(ColumnKey.TOTAL,), rows=rows, unit=unit, origin="performance")


def _all_funds(found: list[Table], totals: list[Total], ctx: ParseContext) -> list[Table]:
    """Of several 支出表, those that cover all funds: beside the department's 支出总表 some
    provinces print a 财政拨款支出表 by function, which holds fiscal money only. When one table's
    total is the summary's 支出总计, a table with another total is left out with a notice (its
    classes are not the department's); when none or all agree, all are kept."""
    wanted = {t.amount.yuan for t in totals if t.key in ("expenditure", "expenditure-current-year")}

    def total(t: Table):
        row = next((r for r in t.rows if r.role is RowRole.TOTAL and ColumnKey.TOTAL in r.amounts), None)
        return row.amounts[ColumnKey.TOTAL] if row else None

    if not any(total(t) is not None and total(t).yuan in wanted for t in found):
        return found
    kept = [t for t in found if total(t) is None or total(t).yuan in wanted]
    for t in found:
        if not any(t is k for k in kept):
            ctx.report("table-duplicate", t.kind.value, t.title, "支出总计", format(total(t).printed, "f"),
                       f"{t.title!r} totals {total(t).printed} {total(t).unit or ''}, not the summary's 支出总计: it "
                       "covers less than all funds, so its classes are not read as the department's", None,
                       severity=Severity.INFO)
    return kept


def _one_of_kind(found: list[Table], ctx: ParseContext) -> list[Table]:
    """The report's table of a kind the registry says is printed once (``prefer``); the
    others are left out with a notice naming the one kept."""
    prefer = spec(found[0].kind).prefer if found else None
    if prefer is None or len(found) < 2:
        return found

    def rank(t: Table) -> tuple:
        coded = sum(1 for r in t.rows if r.code)
        order = next((k for k, p in enumerate(prefer) if re.search(p, t.title)), len(prefer))
        return (coded == 0, order, -coded)

    kept = min(found, key=rank)
    for t in found:
        if t is not kept:
            ctx.report("table-duplicate", t.kind.value, t.title, kept.title, t.title,
                       f"the report prints several {t.kind.value} tables; {kept.title!r} is read as "
                       f"the report's, {t.title!r} is left out", None, severity=Severity.INFO)
    return [kept]


def _title(seg: Segments) -> str | None:
    head = [ln.text.strip() for ln in seg.head if ln.text.strip()]
    title = "".join(head[:4]).split("目录")[0].replace(" ", "")
    return title or None


def parse_document(document: Document) -> Report:
    """Segment and parse one document."""
    return parse_segments(segment(document))
