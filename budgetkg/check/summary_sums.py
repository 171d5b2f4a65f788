"""The sums of a two-sided summary table (收支总表, 财政拨款收支总表) that do not close.

The proof (:mod:`budgetkg.parse.proof`) tests every identity of these tables — each side's lines
add up to its 合计/总计 lines, 收入总计 = 支出总计, a row's columns to its total — to decide
whether the reading is right. A table that closes but for the sums one slip breaks is *verified
with errors*: those sums are the document's error, and this check reports them where they are
printed (the code tables' sums are :mod:`.table_arithmetic`'s) — when one printed figure explains
every failed sum (:mod:`budgetkg.parse.figure_off`), or another table prints the figure a lone
failed sum wants, and the finding names it. A lone failed sum
is not reported: the side sums guess which lines a 合计 adds up (a 本年支出合计 printed above its
classes, then 支出总计 = 本年支出合计 + 结转), and one of those guesses failing is as likely the
reading's as the document's (hz_qxj_2026_budget.pdf p.18 closes as printed).
"""
from __future__ import annotations

from budgetkg.check.context import CheckInput
from budgetkg.check.registry import Family, Severity, register
from budgetkg.model.report import ProofStatus, Table, TableKind
from budgetkg.parse.figure_off import FigureOff, figure_off, pinned_by_other_tables
from budgetkg.parse.proof import TWO_SIDED, identities
from budgetkg.text.amounts import format_decimal

#: Reported by the ``balance`` check from the report's totals (the summary's, not the fiscal summary's).
_BALANCE = "收入总计 = 支出总计"


def _blamed(table: Table, off: FigureOff) -> tuple[str, str]:
    """(en, zh) naming the one figure that explains the failed sums."""
    row = next(r for r in table.rows if r.index == off.row)
    amount = row.amounts[off.column]
    want = format_decimal((amount.yuan - off.off) / (amount.yuan / amount.printed if amount.printed else 1))
    return (f"; one figure explains {'all ' + str(off.sums) if off.sums > 1 else 'it'}: {row.label} ({off.column}) printed "
            f"{format_decimal(amount.printed)} {amount.unit}, the sums want {want}",
            f"；{row.label}（{off.column}）印为{format_decimal(amount.printed)}{amount.unit}，按各项合计应为{want}")


@register("side-sum", Family.TABLE_ARITHMETIC, Severity.ERROR, "收支总表合计不符", "Summary table's sums do not close",
          "In a summary table (收支总表, 财政拨款收支总表) each side's lines add up to its 合计 and 总计 lines, a row's "
          "columns to its total, and 收入总计 equals 支出总计.")
def side_sums(inp: CheckInput) -> None:
    for table in inp.report.tables:
        if table.kind not in TWO_SIDED or table.proof is None or table.proof.status is not ProofStatus.DOCUMENT_ERRORS:
            continue
        found = identities(table)
        others = [t for t in inp.report.tables if t is not table and t.proof is not None and t.proof.proven]
        off = figure_off(table, found) or pinned_by_other_tables(table, found, others)
        if off is None:
            continue  # a lone failed sum may be the reading's (a 合计 line printed above its lines): not said
        en, zh = _blamed(table, off)
        rows = {r.index: r for r in table.rows}
        for i in found:
            if i.closes or (i.what == _BALANCE and table.kind is TableKind.SUMMARY) or i.rows[0] not in rows:
                continue
            row = rows[i.rows[0]]
            inp.add("side-sum", f"{table.title}: {i.what} does not close{en}", f"{table.title}：{i.what} 不成立{zh}",
                    source=row.source, table=table.kind.value, row=row.label, quote=row.label)
