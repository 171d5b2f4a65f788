"""The department page's pictures: budget against final account, 三公 over the years, and the 类
composition of the latest year — each drawn from one report's own figures, never reports added.

- Budget against final account: where the store holds a budget and a final account of one year
  and scope, their 支出总计; and what each final account prints beside its outcome (年初预算数
  and 决算数 of 财政拨款收入支出 and the like, ``bkg:BudgetComparison``).
- 三公 by report (year × kind × scope): the total and its four parts as grouped columns; a report
  whose 三公 table has several rows (a 决算 printing 预算数 and 决算数) is left out of the
  chart, its panel shows the rows.
- 类 composition: each report of the latest year as one bar of its 类 rows' shares.
"""
from __future__ import annotations

from decimal import Decimal
from typing import cast

from budgetkg.config import query_text
from budgetkg.model.report import ReportKind, ReportScope
from budgetkg.query.answers import Unit
from budgetkg.serve import charts, pages
from budgetkg.serve.context import App, term
from budgetkg.serve.department import THREE_PUBLIC_COLUMNS, ReportFigures
from budgetkg.serve.pages import decimal_or_none

THREE_PUBLIC_SERIES = ("合计 total", "因公出国（境） abroad", "公务用车购置 vehicle purchase",
                       "公务用车运行维护 vehicle operation", "公务接待 reception")
COMPARED = 3  # items of a final account's own comparison drawn (its first rows: the totals)


def _kind(f: ReportFigures) -> ReportKind:
    return cast(ReportKind, f.kind)   # typed through department.py's aliases, which mypy cannot follow


def _scope(f: ReportFigures) -> ReportScope:
    return cast(ReportScope, f.scope)


_SHORT = {ReportKind.BUDGET: "预算", ReportKind.FINAL: "决算", ReportScope.DEPARTMENT: "部门", ReportScope.UNIT: "单位"}


def _label(f: ReportFigures, scopes: int) -> str:
    """A short label for one report: ``2024 决算`` (``2024 决算 单位`` when both scopes are shown)."""
    return f"{f.year or '?'} {_SHORT[_kind(f)]}" + (f" {_SHORT[_scope(f)]}" if scopes > 1 else "")


def budget_against_final(app: App, figures: list[ReportFigures], unit: Unit) -> str:
    """Paired bars of budget and final account, per year (see the module docstring)."""
    rows: list[tuple[str, Decimal | None, Decimal | None]] = []
    scopes = len({f.scope for f in figures})
    for f in figures:
        if _kind(f) is not ReportKind.FINAL:
            continue
        same = [x for x in figures if x.year == f.year and _scope(x) is _scope(f)]
        budgets = [b for b in same if _kind(b) is ReportKind.BUDGET]
        finals = [x for x in same if _kind(x) is ReportKind.FINAL]
        if len(budgets) == 1 and len(finals) == 1:  # never a pair picked from several
            rows.append((f"{_label(f, scopes)} 支出总计（预算与决算两份报告）", budgets[0].expenditure, f.expenditure))
    finals = [f for f in figures if _kind(f) is ReportKind.FINAL]
    if finals:
        by = {f.iri: f for f in finals}
        query = query_text("serve/report-comparisons.rq", reports=" ".join(term(f.iri) for f in finals))
        drawn: dict[str, int] = {}
        for r in app.rows(query, ("report", "item", "budget", "final", "order")):
            if drawn.get(r["report"], 0) >= COMPARED:
                continue
            drawn[r["report"]] = drawn.get(r["report"], 0) + 1
            rows.append((f"{_label(by[r['report']], scopes)} {r['item']}", decimal_or_none(r["budget"]),
                         decimal_or_none(r["final"])))
    if not rows:
        return ("<p class='muted'>No final account in the store: nothing to hold a budget against / "
                "没有决算，无从对比。</p>")
    return charts.paired_bars(rows, "预算与决算 / budget against final account (as printed; 执行率 = 决算 ÷ 预算)", unit)


def three_public_over_years(figures: list[ReportFigures], unit: Unit) -> str:
    """Grouped columns: per report, the 三公 total and its four parts as its table prints them."""
    scopes = len({f.scope for f in figures})
    groups: list[str] = []
    values: list[list[Decimal | None]] = [[] for _ in THREE_PUBLIC_COLUMNS]
    left_out = []
    for f in figures:
        if f.three_public_empty and not f.three_public:
            row: dict = dict.fromkeys(THREE_PUBLIC_COLUMNS, Decimal(0))  # declared empty: 0 as the report says
        elif len(f.three_public) == 1:
            row = f.three_public[0]
        else:
            if len(f.three_public) > 1:
                left_out.append(_label(f, scopes))
            continue
        groups.append(_label(f, scopes))
        for i, c in enumerate(THREE_PUBLIC_COLUMNS):
            values[i].append(row.get(c))
    if not groups:
        return "<p class='muted'>No “三公” table was read from these reports.</p>"
    note = (f"<p class='muted'>{', '.join(left_out)}: the table prints several rows — see the report's panel.</p>"
            if left_out else "")
    return pages.column_chart(groups, list(zip(THREE_PUBLIC_SERIES, values)),
                              "“三公”经费 by report / three public expenses (— not printed)", unit) + note


def class_composition(figures: list[ReportFigures], unit: Unit) -> str:
    """The latest year's reports, each one bar of its 类 rows' shares of their sum."""
    dated = [f for f in figures if f.year is not None and f.classes]
    if not dated:
        return "<p class='muted'>No expenditure table by function (类) was read.</p>"
    latest = max(f.year or 0 for f in dated)
    scopes = len({f.scope for f in figures})
    rows = [(_label(f, scopes), [(f"{c.code} {c.name}", c.total) for c in f.classes])
            for f in dated if f.year == latest]
    return charts.share_bars(rows, f"{latest}: 支出功能分类（类）构成 / expenditure by function, shares of the 类 rows' sum",
                             unit)


def pictures(app: App, figures: list[ReportFigures], unit: Unit) -> str:
    """The three pictures, each under its heading."""
    return ("<h3>预算与决算 / budget against final account</h3>" + budget_against_final(app, figures, unit)
            + "<h3>“三公”经费历年 / three public expenses over the years</h3>" + three_public_over_years(figures, unit)
            + "<h3>类构成 / composition by function</h3>" + class_composition(figures, unit))
