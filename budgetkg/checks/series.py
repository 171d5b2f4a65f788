"""Checks across a department's reports: the previous year's figures a report prints against
that year's report (run by the link stage, :mod:`budgetkg.series` and :mod:`budgetkg.prior_links`,
when the store holds it) — figures implied by change statements, 三公 statements, and the
previous-year columns of the tables (:class:`~budgetkg.model.PriorYearFigure`).

A change statement — "住房保障（类）支出 3301.20 万元，比上年增加 1178.82 万元" — prints this
year's figure and the change, so it prints last year's figure too (3301.20 − 1178.82). When the
statement's subject is a classification (its code, or its 类/款/项 names found among this
report's own table rows), last year's report of the same organisation, kind and scope prints
that code's figure; the two must agree to the printed precision of the three figures. Either
report may be ingested first: when last year's arrives after this year's, this year's statements
are read back from the store (:func:`statement_findings` with ``stated_in``).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from ..amounts import format_decimal
from ..model import (Amount, ChangeStatement, FigureBasis, Finding, PriorMeasure, Report, ReportKind, RowRole,
                     SourceRef, TableKind)
from .registry import Family, Severity, declare

declare("previous-year-figure", Family.SERIES, Severity.WARNING, "上年数与上年报告不符",
        "Previous year's figure differs from that year's report",
        "A figure of the previous year that a report states (its own figure less or plus the stated "
        "change 比上年增加/减少, or the same figure where it says 与上年预算数一致) or prints in a table's "
        "上年预算数/上年执行数/上年决算数 column equals the figure that year's report of the same department "
        "and scope prints (its budget for 上年预算数, its final account for 上年执行数/上年决算数), to the "
        "printed precision of the figures.")

#: The change bases that name the previous year's report of each kind.
_BASES = {ReportKind.BUDGET: {"上年", "上年预算"}, ReportKind.FINAL: {"上年", "上年决算"}}
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
            a = row.amounts.get("total")
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


def previous_year_findings(report: Report, previous: dict[str, CodedFigure] | None,
                           previous_label: str) -> list[Finding]:
    """Findings for ``report``'s statements about last year against ``previous`` (code → figure
    of last year's report, ``previous_label`` naming it); none when there is no such report."""
    return statement_findings(report.changes, report.kind, code_labels(report), previous, previous_label)


def _change_words(change: ChangeStatement) -> str:
    if change.amount is None or change.direction == "flat":
        return "no change"
    return f"a change of {format_decimal(change.amount.printed)} {change.amount.unit}"


def statement_findings(changes, kind: ReportKind, labels: list[dict[str, str]],
                       previous: dict[str, CodedFigure] | None, previous_label: str,
                       stated_in: str | None = None) -> list[Finding]:
    """Findings for ``changes`` (of a report of ``kind`` whose tables have ``labels``) against
    ``previous``. ``stated_in`` names the later report when the findings are stored with the
    earlier one (it was ingested after): the location then goes into the message."""
    if not previous:
        return []
    out = []
    for change in changes:
        if change.basis not in _BASES[kind]:
            continue
        implied = previous_figure(change)
        code = subject_code(change, labels) if implied else None
        if code is None or code not in previous:
            continue
        value, slack = implied
        printed = previous[code]
        if abs(value - printed.yuan) > slack + printed.slack:
            out.append(_implied_differs(change, value, printed.yuan, code, f"科目{code}", previous_label, stated_in))
    return out


def _implied_differs(change: ChangeStatement, value: Decimal, printed: Decimal, what: str, what_zh: str,
                     previous_label: str, stated_in: str | None) -> Finding:
    """The finding for a change statement whose implied last-year figure ``value`` is not the
    ``printed`` one of last year's report (``what``: the code or 三公 item compared)."""
    where = f"{stated_in}, line {change.source.line}: " if stated_in else ""
    return Finding(
        check="previous-year-figure", table="narrative", row=change.subject,
        expected=format_decimal(printed), found=format_decimal(value),
        message=f"{where}{change.subject} {format_decimal(change.current.printed)} {change.current.unit} "
                f"with {_change_words(change)} makes last year {format_decimal(value)} 元; {previous_label} "
                f"prints {format_decimal(printed)} 元 for {what}",
        message_zh=f"{where}{change.subject}按本年数与增减推算上年数为{format_decimal(value)}元，"
                   f"上年报告（{previous_label}）{what_zh}为{format_decimal(printed)}元",
        source=None if stated_in else change.source, severity="warning")


# --- previous-year figures printed in tables, and 三公 statements ------------------------------

#: Which report a previous-year figure is of: 上年预算数 → last year's budget; 上年执行数 and
#: 上年决算数 → last year's final account (never its budget); 上年数 names none, so it is not compared.
PRIOR_REPORT_KIND = {FigureBasis.BUDGET: ReportKind.BUDGET, FigureBasis.EXECUTION: ReportKind.FINAL,
                     FigureBasis.FINAL: ReportKind.FINAL}

#: (table kind, row key, column): a code (or 合计) in a code table, the side of a summary table's
#: 总计 row, "" for the one row of a 三公 table.
FigureKey = tuple[str, str, str]
_GRAND_TOTAL = re.compile(r"^(?!本年).*总计$")
_THREE_PUBLIC_SUBJECT = re.compile(r"出国|出境|公务用车|公务接待|三公")


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
    keys = _unique((p.key + (p.basis.value,), p) for p in out)
    return [p for p in out if keys.get(p.key + (p.basis.value,)) is not None]


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
            pairs.append(((TableKind.SUMMARY.value, t.key, "total"),
                          CodedFigure(t.amount.yuan, _slack(t.amount.printed, t.amount.yuan))))
    return _unique(pairs)


def _where(key: FigureKey) -> str:
    table, row, column = key
    return f"{table} {row or '三公'} {column}".replace("  ", " ")


def prior_figure_findings(figures: list[PriorFigure], previous: dict[FigureKey, CodedFigure],
                          previous_label: str, stated_in: str | None = None) -> list[Finding]:
    """Findings for previous-year figures that differ from the figure ``previous`` (that year's
    report of the figure's basis) prints, beyond the printed precision of both. 上年执行数 is
    compared with the final account too, but its difference is *info*: an execution figure is
    the estimate printed before the final account was closed."""
    out = []
    for f in figures:
        other = previous.get(f.key)
        if other is None or abs(f.yuan - other.yuan) <= f.slack + other.slack:
            continue
        where = f"{stated_in}, line {f.line}: " if stated_in else ""
        estimate = f.basis is FigureBasis.EXECUTION
        out.append(Finding(
            check="previous-year-figure", table=f.key[0], row=f"{f.key[1]} {f.label}" if f.key[1].isdigit()
            else f.label, expected=format_decimal(other.yuan), found=format_decimal(f.yuan),
            message=f"{where}the table prints {format_decimal(f.yuan)} 元 as last year's {f.basis.value} figure of "
                    f"{_where(f.key)}; {previous_label} prints {format_decimal(other.yuan)} 元"
                    + (" (上年执行数 is an estimate made before the final account)" if estimate else ""),
            message_zh=f"{where}表中上年数（{f.basis.value}）{f.label}为{format_decimal(f.yuan)}元，"
                       f"上年报告（{previous_label}）为{format_decimal(other.yuan)}元",
            source=None if stated_in else f.source, severity="info" if estimate else "warning"))
    return out


def three_public_statements(changes, kind: ReportKind) -> list[ChangeStatement]:
    """The statements about a 三公 item's change from last year's report of ``kind``."""
    return [c for c in changes if c.basis in _BASES[kind] and _THREE_PUBLIC_SUBJECT.search(c.subject)]


def three_public_statement_findings(changes, kind: ReportKind, previous: dict[FigureKey, CodedFigure],
                                    previous_label: str, stated_in: str | None = None) -> list[Finding]:
    """三公 statements ("公务接待费预算支出27万元，比上年预算减少1万元", "…与上年预算数一致") against
    the 三公 figures of last year's report of the same kind."""
    from ..parse.three_public import item_of
    out = []
    for change in three_public_statements(changes, kind):
        item = item_of(change.subject)
        item = "total" if item == "group" else item
        implied = previous_figure(change)
        other = previous.get((TableKind.THREE_PUBLIC.value, "", item or ""))
        if implied is None or other is None:
            continue
        value, slack = implied
        if abs(value - other.yuan) > slack + other.slack:
            out.append(_implied_differs(change, value, other.yuan, f"三公 {item}", f"“三公”{item}",
                                        previous_label, stated_in))
    return out
