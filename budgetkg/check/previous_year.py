"""Table arithmetic of the previous-year columns a table prints (上年执行数 | 本年预算数): the
same sums as the report's own columns (合计 = 基本支出 + 项目支出, 项 → 款 → 类 → 合计, 三公
合计 = 出国 + 用车 + 接待), checked on the previous year's figures apart from the current ones —
each basis and year on its own, never mixed with this year's amounts.

The figures are put back on copies of their rows (:class:`~budgetkg.model.report.PriorYearFigure`
knows its table and row), so :mod:`.table_arithmetic` checks them exactly as it checks the
report's own columns; its findings keep their kinds (``row-sum``, ``children-sum``) and say
which columns they are about.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from budgetkg.check.registry import Family, Severity, declare
from budgetkg.check.table_arithmetic import CODE_TABLE_KINDS, ZERO, _Checker, check_row_sums, check_tree
from budgetkg.model.report import Amount, FigureBasis, Finding, PriorMeasure, PriorYearFigure, Report, Table, TableKind
from budgetkg.model.tables import ColumnKey
from budgetkg.parse.context import ParseContext
from budgetkg.parse.three_public import three_public_consistent
from budgetkg.text.amounts import format_decimal, rounding_slack

declare("previous-year-change", Family.TABLE_ARITHMETIC, Severity.ERROR, "增减额与本年数、上年数不符",
        "Printed change is not this year's figure less last year's",
        "Where a table prints the previous year's figure, the report's own and the change (增减额) of a "
        "row and column, the change is the report's figure less the previous year's, to the printed "
        "precision of the three figures.")


def _prior_tables(report: Report) -> Iterator[tuple[str, str, Table]]:
    """(basis label, header words, table copy holding one basis and year of previous-year amounts)."""
    groups: dict[tuple[int, FigureBasis, int | None], dict[int, dict[str, Amount]]] = {}
    headers: dict[tuple[int, FigureBasis, int | None], str] = {}
    for f in report.prior:
        if f.measure is not PriorMeasure.AMOUNT or f.amount is None:
            continue
        key = (f.table_index, f.basis, f.year)
        groups.setdefault(key, {}).setdefault(f.row_index, {})[f.column] = f.amount
        headers.setdefault(key, f.header)
    for (index, basis, year), rows in groups.items():
        table = report.tables[index]
        columns = tuple(c for c in table.columns if any(c in r for r in rows.values()))
        copy = replace(table, columns=columns or (ColumnKey.TOTAL,), rows=tuple(
            replace(r, amounts=rows.get(r.index, {}), complete=True) for r in table.rows))
        yield f"{year or ''}{basis.value}", headers[(index, basis, year)], copy


def change_arithmetic(report: Report) -> list[Finding]:
    """增减额 = 本年数 − 上年数 for every row and column that prints all three."""
    amounts: dict[tuple[int, int, str, FigureBasis, int | None], dict[PriorMeasure, PriorYearFigure]] = {}
    for f in report.prior:
        if f.measure is not PriorMeasure.PERCENT and f.amount is not None:
            amounts.setdefault((f.table_index, f.row_index, f.column, f.basis, f.year), {})[f.measure] = f
    out = []
    for (t, r, column, _, _), got in amounts.items():
        before, change = got.get(PriorMeasure.AMOUNT), got.get(PriorMeasure.CHANGE)
        row = report.tables[t].rows[r]
        now = row.amounts.get(column)
        if before is None or change is None or now is None or before.amount is None or change.amount is None:
            continue  # (a figure is kept above only with its amount)
        expected = now.yuan - before.amount.yuan
        if abs(expected - change.amount.yuan) > rounding_slack([now, before.amount, change.amount]):
            out.append(Finding(
                check="previous-year-change", table=report.tables[t].kind.value,
                row=f"{row.code or ''} {row.label}".strip(), expected=format_decimal(expected),
                found=format_decimal(change.amount.yuan),
                message=f"the change printed in {change.header} is {format_decimal(change.amount.printed)} "
                        f"{change.amount.unit}; {format_decimal(now.printed)} less "
                        f"{format_decimal(before.amount.printed)} ({before.header}) is "
                        f"{format_decimal(now.printed - before.amount.printed)} {now.unit}",
                message_zh=f"增减额{format_decimal(change.amount.printed)}{change.amount.unit}不等于本年数"
                           f"{format_decimal(now.printed)}减上年数{format_decimal(before.amount.printed)}",
                source=change.source, severity=Severity.ERROR))
    return out


def prior_arithmetic(report: Report) -> list[Finding]:
    """Row sums and children sums of every table's previous-year columns, and their changes."""
    out: list[Finding] = []
    for _, header, table in _prior_tables(report):
        ctx = ParseContext(source=report.source_name)
        c = _Checker(ctx)
        if table.kind in CODE_TABLE_KINDS:
            check_row_sums(c, table)
            check_tree(c, table)
        elif table.kind is TableKind.THREE_PUBLIC:
            for row in table.rows:
                values = {k: a.yuan for k, a in row.amounts.items()}
                if values and not three_public_consistent(values):
                    c.differ("row-sum", table, row, values.get(ColumnKey.TOTAL, ZERO),
                             values.get(ColumnKey.OVERSEAS, ZERO) + values.get(ColumnKey.VEHICLE, ZERO)
                             + values.get(ColumnKey.RECEPTION, ZERO),
                             "合计 is not 出国 + 用车 + 接待, or 用车 is not 购置 + 运行")
        out += [replace(f, message=f"in the previous-year columns ({header}): {f.message}") for f in ctx.findings]
    return out + change_arithmetic(report)
