"""The 三公 table against the economic rows that carry the same money.

The 三公 table counts 财政拨款 (or 一般公共预算) money spent on 因公出国（境）费, 公务用车运行维护费
and 公务接待费, from basic and project expenditure alike; the basic-expenditure table by economic
classification prints the basic part of the same money under 30212, 30231 and 30217. So the
economic row can never exceed its 三公 figure. (Equality is not required: project expenditure
also pays for receptions and cars.) Only an economic table that is 一般公共预算 basic expenditure
is compared — a table of all funds may hold money the 三公 table does not count.
"""
from __future__ import annotations

from budgetkg.check.context import CheckInput
from budgetkg.check.registry import Family, Severity, register
from budgetkg.model.report import Row, RowRole, Table, TableKind
from budgetkg.model.tables import ColumnKey
from budgetkg.text.amounts import format_decimal

#: (economic code, 三公 column, its name)
PAIRS = (("30212", ColumnKey.OVERSEAS, "因公出国（境）费"), ("30231", ColumnKey.VEHICLE_OPERATION, "公务用车运行维护费"),
         ("30217", ColumnKey.RECEPTION, "公务接待费"))


def _basic_general_public(table: Table) -> bool:
    title = table.title.replace(" ", "")
    return "基本支出" in title and "一般公共预算" in title


@register("three-public-economic", Family.TABLE_ARITHMETIC, Severity.ERROR, "三公经费小于基本支出对应科目",
          "三公 figure below the economic row",
          "A 三公 figure (出国, 公务用车运行, 接待) is at least the basic-expenditure economic row carrying "
          "the same money (30212, 30231, 30217).")
def three_public_against_economic(inp: CheckInput) -> None:
    tp = [t for t in inp.report.tables if t.kind is TableKind.THREE_PUBLIC and t.origin == "table"]
    econ = [t for t in inp.report.tables if t.kind is TableKind.BASIC_ECONOMIC and t.origin == "table"
            and _basic_general_public(t)]
    if len(tp) != 1 or len(econ) != 1:
        return  # which table to compare with which would be a guess
    three = next((r for r in tp[0].rows if r.complete and r.amounts), None)
    if three is None:
        return
    rows: dict[str, list[Row]] = {}
    for r in econ[0].rows:
        if r.code in {c for c, _, _ in PAIRS} and r.complete and r.role is not RowRole.DETAIL:
            rows.setdefault(r.code, []).append(r)
    for code, column, name in PAIRS:
        stated = three.amount(column)
        if len(rows.get(code, [])) != 1 or stated is None:
            continue  # absent, or printed twice: no single figure to compare
        row = rows[code][0]
        basic = row.amount(ColumnKey.TOTAL)
        if basic is None or basic <= stated:
            continue
        inp.add("three-public-economic",
                f"{name}: the basic-expenditure table prints {format_decimal(basic)} 元 under {code}, more than "
                f"the 三公 table's {format_decimal(stated)} 元",
                f"基本支出表{code}{name}为{format_decimal(basic)}元，大于“三公”经费表的{format_decimal(stated)}元",
                source=row.source, table=econ[0].kind.value, row=f"{code} {row.label}",
                expected=f"≤ {format_decimal(stated)}", found=format_decimal(basic))
