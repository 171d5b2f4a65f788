"""Checks across a department's reports: the previous year's figures a report prints against
that year's report (run by the link stage, :mod:`budgetkg.series`, when the store holds it).

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
from ..model import Amount, ChangeStatement, Finding, Report, ReportKind, TableKind
from .registry import Family, Severity, declare

declare("previous-year-figure", Family.SERIES, Severity.WARNING, "上年数与上年报告不符",
        "Previous year's figure differs from that year's report",
        "A figure of the previous year that a report states (its own figure less or plus the stated "
        "change 比上年增加/减少) equals the figure that year's report of the same department, kind and "
        "scope prints, to the printed precision of the figures.")

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
    """(last year's figure, slack) a change statement implies, or None."""
    if change.current is None or change.amount is None or change.direction not in ("increase", "decrease"):
        return None
    sign = -1 if change.direction == "increase" else 1
    value = change.current.yuan + sign * change.amount.yuan
    return value, _slack(change.current.printed, change.current.yuan) + _slack(change.amount.printed,
                                                                                 change.amount.yuan)


def previous_year_findings(report: Report, previous: dict[str, CodedFigure] | None,
                           previous_label: str) -> list[Finding]:
    """Findings for ``report``'s statements about last year against ``previous`` (code → figure
    of last year's report, ``previous_label`` naming it); none when there is no such report."""
    return statement_findings(report.changes, report.kind, code_labels(report), previous, previous_label)


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
            where = f"{stated_in}, line {change.source.line}: " if stated_in else ""
            out.append(Finding(
                check="previous-year-figure", table="narrative", row=change.subject,
                expected=format_decimal(printed.yuan), found=format_decimal(value),
                message=f"{where}{change.subject} {format_decimal(change.current.printed)} {change.current.unit} "
                        f"with a change of {format_decimal(change.amount.printed)} {change.amount.unit} "
                        f"makes last year {format_decimal(value)} 元; {previous_label} prints "
                        f"{format_decimal(printed.yuan)} 元 for {code}",
                message_zh=f"{where}{change.subject}按本年数与增减额推算上年数为{format_decimal(value)}元，"
                           f"上年报告（{previous_label}）科目{code}为{format_decimal(printed.yuan)}元",
                source=None if stated_in else change.source, severity="warning"))
    return out
