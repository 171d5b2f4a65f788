"""Checks across a department's reports: the previous year's figures a report prints against
that year's report (run by the link stage, :mod:`budgetkg.load.series` and :mod:`budgetkg.load.prior_links`,
when the store holds it) — figures implied by change statements, 三公 statements, and the
previous-year columns of the tables (:class:`~budgetkg.model.report.PriorYearFigure`).

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
from collections.abc import Iterable
from decimal import Decimal

from budgetkg.check.registry import Family, Severity, declare
from budgetkg.link.figures import CodedFigure, FigureKey, PriorFigure, code_labels, previous_figure, subject_code
from budgetkg.model.report import Amount, ChangeStatement, FigureBasis, Finding, Report, ReportKind, TableKind
from budgetkg.model.tables import ColumnKey
from budgetkg.text.amounts import format_decimal

declare("previous-year-figure", Family.SERIES, Severity.WARNING, "上年数与上年报告不符",
        "Previous year's figure differs from that year's report",
        "A figure of the previous year that a report states (its own figure less or plus the stated "
        "change 比上年增加/减少, or the same figure where it says 与上年预算数一致) or prints in a table's "
        "上年预算数/上年执行数/上年决算数 column equals the figure that year's report of the same department "
        "and scope prints (its budget for 上年预算数, its final account for 上年执行数/上年决算数), to the "
        "printed precision of the figures.")

#: The change bases that name the previous year's report of each kind.
_BASES = {ReportKind.BUDGET: {"上年", "上年预算"}, ReportKind.FINAL: {"上年", "上年决算"}}


def previous_year_findings(report: Report, previous: dict[str, CodedFigure] | None,
                           previous_label: str) -> list[Finding]:
    """Findings for ``report``'s statements about last year against ``previous`` (code → figure
    of last year's report, ``previous_label`` naming it); none when there is no such report."""
    return statement_findings(report.changes, report.kind, code_labels(report), previous, previous_label)


def _change_words(change: ChangeStatement) -> str:
    if change.amount is None or change.direction == "flat":
        return "no change"
    return f"a change of {format_decimal(change.amount.printed)} {change.amount.unit}"


def statement_findings(changes: Iterable[ChangeStatement], kind: ReportKind, labels: list[dict[str, str]],
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
        if implied is None or change.current is None or code is None or code not in previous:
            continue  # (a figure is implied only beside a stated current one)
        value, slack = implied
        printed = previous[code]
        if abs(value - printed.yuan) > slack + printed.slack:
            out.append(_implied_differs(change, change.current, value, printed.yuan, code, f"科目{code}",
                                        previous_label, stated_in))
    return out


def _implied_differs(change: ChangeStatement, current: Amount, value: Decimal, printed: Decimal, what: str,
                     what_zh: str, previous_label: str, stated_in: str | None) -> Finding:
    """The finding for a change statement whose implied last-year figure ``value`` is not the
    ``printed`` one of last year's report (``current``: the statement's own figure; ``what``: the
    code or 三公 item compared)."""
    where = f"{stated_in}, line {change.source.line}: " if stated_in else ""
    return Finding(
        check="previous-year-figure", table="narrative", row=change.subject,
        expected=format_decimal(printed), found=format_decimal(value),
        message=f"{where}{change.subject} {format_decimal(current.printed)} {current.unit} "
                f"with {_change_words(change)} makes last year {format_decimal(value)} 元; {previous_label} "
                f"prints {format_decimal(printed)} 元 for {what}",
        message_zh=f"{where}{change.subject}按本年数与增减推算上年数为{format_decimal(value)}元，"
                   f"上年报告（{previous_label}）{what_zh}为{format_decimal(printed)}元",
        source=None if stated_in else change.source, severity=Severity.WARNING)


# --- previous-year figures printed in tables, and 三公 statements ------------------------------

_THREE_PUBLIC_SUBJECT = re.compile(r"出国|出境|公务用车|公务接待|三公")


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
            source=None if stated_in else f.source, severity=Severity.INFO if estimate else Severity.WARNING))
    return out


def three_public_statements(changes: Iterable[ChangeStatement], kind: ReportKind) -> list[ChangeStatement]:
    """The statements about a 三公 item's change from last year's report of ``kind``."""
    return [c for c in changes if c.basis in _BASES[kind] and _THREE_PUBLIC_SUBJECT.search(c.subject)]


def three_public_statement_findings(changes: Iterable[ChangeStatement], kind: ReportKind, previous: dict[FigureKey, CodedFigure],
                                    previous_label: str, stated_in: str | None = None) -> list[Finding]:
    """三公 statements ("公务接待费预算支出27万元，比上年预算减少1万元", "…与上年预算数一致") against
    the 三公 figures of last year's report of the same kind."""
    from budgetkg.parse.three_public import item_of
    out = []
    for change in three_public_statements(changes, kind):
        item = item_of(change.subject)
        item = ColumnKey.TOTAL if item == "group" else item
        implied = previous_figure(change)
        other = previous.get((TableKind.THREE_PUBLIC.value, "", item or ""))
        if implied is None or other is None or change.current is None:
            continue  # (a figure is implied only beside a stated current one)
        value, slack = implied
        if abs(value - other.yuan) > slack + other.slack:
            out.append(_implied_differs(change, change.current, value, other.yuan, f"三公 {item}", f"“三公”{item}",
                                        previous_label, stated_in))
    return out
