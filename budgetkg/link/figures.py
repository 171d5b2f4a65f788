"""The figures of a report that another year's report can be compared with, keyed so that they
can be found again: a classification's figure (code → 元 and the half unit its printing allows),
the amounts of the code tables by (table, code or 合计, column), the 三公 figures, the totals, and
the previous-year figures a report prints. The link stage keeps them in each report's digest
(:mod:`budgetkg.link.digest`); the series checks (:mod:`budgetkg.check.series`) compare them."""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from budgetkg.model.report import (
    ChangeStatement,
    FigureBasis,
    PriorMeasure,
    Report,
    ReportKind,
    RowRole,
    SourceRef,
    TableKind,
)
from budgetkg.model.tables import ColumnKey

_LEVEL_MARK = re.compile(r"[（(][类款项][）)]")
_TABLES = (TableKind.GENERAL_PUBLIC, TableKind.EXPENDITURE)



@dataclass(frozen=True)
class CodedFigure:
    """A classification's figure in a report: 元 and the half-unit its printing allows."""

    yuan: Decimal
    slack: Decimal


def _slack(printed: Decimal, yuan: Decimal) -> Decimal:
    """Half a unit of the last printed digit, in 元."""
    exponent = printed.as_tuple().exponent
    scale = yuan / printed if printed else Decimal(1)
    return abs(Decimal(1).scaleb(exponent if isinstance(exponent, int) else 0) * scale) / 2


def coded_figures(report: Report) -> dict[str, CodedFigure]:
    """Code → total of the report's 一般公共预算支出 table, else its 支出 table."""
    for kind in _TABLES:
        table = report.table(kind)
        if table is None:
            continue
        out = {}
        for row in table.rows:
            a = row.amounts.get(ColumnKey.TOTAL)
            if row.code and a is not None:
                out.setdefault(row.code, CodedFigure(a.yuan, _slack(a.printed, a.yuan)))
        if out:
            return out
    return {}


def code_labels(report: Report) -> list[dict[str, str]]:
    """Code → printed label of the report's 一般公共预算支出 and 支出 tables, in that order."""
    return [{r.code: r.label for r in table.rows if r.code}
            for table in (report.table(kind) for kind in _TABLES) if table is not None]


def subject_code(change: ChangeStatement, report: Report | list[dict[str, str]]) -> str | None:
    """The code a change statement is about: its own, else its 类/款/项 names found as one row of
    the report's tables (the last name under the one before it: 人大事务（款）行政运行（项）);
    ``report`` is the report or its :func:`code_labels`."""
    if change.code:
        return change.code
    if not _LEVEL_MARK.search(change.subject):
        return None
    parts = [p for p in _LEVEL_MARK.split(change.subject) if p]
    if parts and len(parts) > 1 and parts[-1] == "支出":
        parts = parts[:-1]
    for labels in (code_labels(report) if isinstance(report, Report) else report):
        found = {code for code, label in labels.items() if label in (parts[-1], parts[-1] + "支出")
                 and (len(parts) < 2 or any(labels.get(code[:n]) == parts[-2] for n in (3, 5)))}
        if len(found) == 1:
            return found.pop()
    return None


def previous_figure(change: ChangeStatement) -> tuple[Decimal, Decimal] | None:
    """(last year's figure, slack) a change statement implies, or None. A flat statement (与上年
    预算数一致, or 增加（减少）0 万元) implies this year's figure."""
    if change.current is None:
        return None
    own = _slack(change.current.printed, change.current.yuan)
    if change.direction == "flat" or (change.direction == "unspecified" and change.amount is not None
                                      and change.amount.yuan == 0):
        return change.current.yuan, own
    if change.amount is None or change.direction not in ("increase", "decrease"):
        return None
    sign = -1 if change.direction == "increase" else 1
    value = change.current.yuan + sign * change.amount.yuan
    return value, own + _slack(change.amount.printed, change.amount.yuan)


#: Which report a previous-year figure is of: 上年预算数 → last year's budget; 上年执行数 and
#: 上年决算数 → last year's final account (never its budget); 上年数 names none, so it is not compared.
PRIOR_REPORT_KIND = {FigureBasis.BUDGET: ReportKind.BUDGET, FigureBasis.EXECUTION: ReportKind.FINAL,
                     FigureBasis.FINAL: ReportKind.FINAL}

#: (table kind, row key, column): a code (or 合计) in a code table, the side of a summary table's
#: 总计 row, "" for the one row of a 三公 table.
FigureKey = tuple[str, str, str]
_GRAND_TOTAL = re.compile(r"^(?!本年).*总计$")


@dataclass(frozen=True)
class PriorFigure:
    """A previous-year figure ready to compare: where it stands (:data:`FigureKey`), its basis,
    what it says (元 and slack) and where it was printed."""

    key: FigureKey
    basis: FigureBasis
    yuan: Decimal
    slack: Decimal
    label: str
    line: int
    source: SourceRef | None = None
    index: int | None = None   # position in Report.prior (its node /prior/{index})


def row_key(kind: TableKind, code: str | None, role: str, side: str | None, label: str) -> tuple[str, str] | None:
    """(table kind, row key) of a printed row, or None when the row cannot be found again in
    another year's report (an item row of a summary table, a 三公 table's row is keyed by column)."""
    if kind is TableKind.THREE_PUBLIC:
        return kind.value, ""
    if kind is TableKind.SUMMARY:
        return (kind.value, side) if role == RowRole.TOTAL.value and side and _GRAND_TOTAL.search(label) else None
    if kind is TableKind.FISCAL_SUMMARY:
        return None
    if code:
        return kind.value, code
    return (kind.value, "合计") if role == RowRole.TOTAL.value and re.search(r"合\s*计|总\s*计", label) else None


def _unique(pairs) -> dict:
    """key → value for the keys given once, or always with the same value (two 合计 rows)."""
    out, bad = {}, set()
    for key, value in pairs:
        if key in out and out[key].yuan != value.yuan:
            bad.add(key)
        out.setdefault(key, value)
    return {k: v for k, v in out.items() if k not in bad}


def prior_figures(report: Report) -> list[PriorFigure]:
    """The previous-year amounts ``report``'s tables print, keyed for comparison."""
    out = []
    for i, f in enumerate(report.prior):
        if f.measure is not PriorMeasure.AMOUNT or f.amount is None or f.basis not in PRIOR_REPORT_KIND:
            continue
        row = report.tables[f.table_index].rows[f.row_index]
        key = row_key(f.table, row.code, row.role.value, row.side, row.label)
        if key is not None:
            out.append(PriorFigure((*key, f.column), f.basis, f.amount.yuan, _slack(f.amount.printed, f.amount.yuan),
                                   row.label, f.source.line, f.source, i))
    keys = _unique(((*p.key, p.basis.value), p) for p in out)
    return [p for p in out if keys.get((*p.key, p.basis.value)) is not None]


def report_figures(report: Report) -> dict[FigureKey, CodedFigure]:
    """What another year's previous-year figures are compared with: every amount of the report's
    code tables by (kind, code or 合计, column), its 三公 figures (a table of one row; a final
    account's 决算 columns) and its 收入总计/支出总计."""
    pairs = []
    for table in report.tables:
        if table.origin != "table" and table.kind is not TableKind.THREE_PUBLIC:
            continue
        if table.kind is TableKind.THREE_PUBLIC and len(table.rows) != 1:
            continue
        for row in table.rows:
            key = row_key(table.kind, row.code, row.role.value, row.side, row.label)
            if key is None or table.kind is TableKind.SUMMARY:
                continue  # a summary's 总计 rows are the report's totals, below
            if not row.complete and table.kind is not TableKind.THREE_PUBLIC:
                continue  # some amounts could not be placed (a narrative 三公 row states only some items)
            for col, a in row.amounts.items():
                if not col.endswith("_budget"):
                    pairs.append(((*key, col), CodedFigure(a.yuan, _slack(a.printed, a.yuan))))
    for t in report.totals:
        if t.key in ("income", "expenditure"):
            pairs.append(((TableKind.SUMMARY.value, t.key, ColumnKey.TOTAL),
                          CodedFigure(t.amount.yuan, _slack(t.amount.printed, t.amount.yuan))))
    return _unique(pairs)
