"""Performance tables against their own figures and against the project table.

A 绩效自评表's 年度资金总额 row prints 年初预算数, 全年预算数, 全年执行数 and the 执行率 the template
defines as 全年执行数 ÷ 全年预算数; a table of either kind states the project's funds, which the
project table also prints. Both run on the parsed model after the performance tables were linked
to their projects (linking only links; it judges nothing).
"""
from __future__ import annotations

import re
from decimal import Decimal

from budgetkg.check.context import CheckInput
from budgetkg.check.registry import Family, Severity, register
from budgetkg.model.report import ProjectLink, Report, Row, TableKind
from budgetkg.model.tables import ColumnKey
from budgetkg.text.amounts import format_decimal

_RATE_RE = re.compile(r"^\s*(-?\d+(?:\.(\d+))?)\s*%\s*$")
HUNDRED = Decimal(100)


def linked_row(report: Report, link: ProjectLink | None) -> Row | None:
    """The project table's row a performance table or project description is linked to."""
    if link is None or link.table_index >= len(report.tables):
        return None
    table = report.tables[link.table_index]
    if table.kind is not TableKind.PROJECTS:
        return None
    return next((r for r in table.rows if r.index == link.row_index), None)


@register("execution-rate", Family.TABLE_ARITHMETIC, Severity.ERROR, "执行率计算有误",
          "Execution rate does not follow from the figures",
          "A self-evaluation's 执行率 is 全年执行数 ÷ 全年预算数, to the printed precision.")
def execution_rate(inp: CheckInput) -> None:
    """The printed rate against 全年执行数 ÷ 全年预算数, within half a unit of its last printed
    digit. A rate capped at 100 % where more than the budget was spent is the template's own
    rule, not a slip."""
    for perf in inp.report.performance:
        m = _RATE_RE.match(perf.execution_rate or "")
        adjusted, executed = perf.funds.get("adjusted"), perf.funds.get("executed")
        if not m or adjusted is None or executed is None or adjusted.yuan <= 0:
            continue
        stated = Decimal(m.group(1))
        half = Decimal(5).scaleb(-len(m.group(2) or "") - 1)
        rate = executed.yuan / adjusted.yuan * HUNDRED
        if abs(rate - stated) <= half or (rate > HUNDRED and stated == HUNDRED):
            continue
        shown = rate.quantize(Decimal(1).scaleb(-len(m.group(2) or "")))
        planned = perf.funds.get("planned")
        hint_en = hint_zh = ""
        if planned is not None and planned.yuan > 0 and \
                abs(executed.yuan / planned.yuan * HUNDRED - stated) <= half:
            hint_en, hint_zh = " (it is 全年执行数 ÷ 年初预算数)", "（表列数为全年执行数÷年初预算数）"
        inp.add("execution-rate",
                f"执行率 is printed {m.group(1)}%, but 全年执行数 {format_decimal(executed.printed)} ÷ 全年预算数 "
                f"{format_decimal(adjusted.printed)} is {shown}%{hint_en}",
                f"执行率应为{shown}%（全年执行数÷全年预算数），表列{m.group(1)}%{hint_zh}",
                source=perf.funds_source or perf.source, table="performance", row=perf.project or "",
                expected=f"{shown}%", found=f"{m.group(1)}%")


@register("performance-amount", Family.PERFORMANCE, Severity.WARNING, "绩效表金额与项目表不符",
          "Performance funds differ from the project",
          "A performance table's 年度资金总额 equals its project's amount in the project table.")
def performance_amount(inp: CheckInput) -> None:
    for perf in inp.report.performance:
        link = perf.link
        stated = perf.funds.get("total") or perf.funds.get("adjusted") or perf.funds.get("planned")
        if link is None or stated is None:
            continue
        row = linked_row(inp.report, link)
        listed = row.amount(ColumnKey.TOTAL) if row is not None else None
        if listed is None:
            continue
        if listed != stated.yuan:
            inp.add("performance-amount",
                    f"the performance table states {format_decimal(stated.yuan)} 元 for {perf.project!r}; "
                    f"the project table lists {format_decimal(listed)} 元",
                    f"绩效表“{perf.project}”年度资金总额为{format_decimal(stated.yuan)}元，项目表为"
                    f"{format_decimal(listed)}元",
                    source=perf.funds_source or perf.source, table="performance", row=perf.project or "",
                    expected=format_decimal(listed), found=format_decimal(stated.yuan))
