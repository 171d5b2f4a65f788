"""One figure off: the failed sums of a table that one printed figure explains.

A reading gone wrong breaks a table's sums in a pattern (a column dropped, a subtotal counted as
a part). A slip of the document — one figure printed wrong — breaks exactly the sums that figure
takes part in (its row's total, its parent's children, the balance of 收入总计 and 支出总计), and
each of them misses by the same amount, the figure's error. When exactly one figure of the table
explains every failed sum that way, and no sum that closes rests on it, the reading is right and
that figure is the document's error: the proof calls the table verified with errors instead of
unread, so its rows are stored and the checks report the sums it breaks.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from budgetkg.model.report import Amount, Table
from budgetkg.parse.sums import Identity, Sum, Term
from budgetkg.text.amounts import rounding_slack


@dataclass(frozen=True)
class FigureOff:
    """The figure (row index, column) that every failed sum of its table blames, and by how much
    it is off in 元 (printed − what the sums want)."""

    row: int
    column: str
    off: Decimal
    sums: int


def _terms(s: Sum) -> tuple[Term, ...]:
    return (s[0], *s[1])


def figure_off(table: Table, found: Sequence[Identity]) -> FigureOff | None:
    """The one figure that explains every failed sum of ``table`` (two or more), or None."""
    failed = [i for i in found if not i.closes]
    if len(failed) < 2 or any(not i.sums for i in failed):
        return None
    rows = {r.index: r for r in table.rows}

    def amount(t: Term) -> Amount | None:
        row = rows.get(t[0])
        return row.amounts.get(t[1]) if row is not None else None

    def offs(i: Identity, x: Term) -> list[Decimal]:
        """How far off ``x`` must be for each way of ``i`` holding it to miss as it does."""
        out = []
        for whole, parts in i.sums:
            w = amount(whole)
            if w is None or x not in (whole, *parts):
                continue
            miss = w.yuan - sum((a.yuan for p in parts if (a := amount(p)) is not None), Decimal(0))
            out.append(miss if x == whole else -miss)
        return out

    shared = set.intersection(*({t for s in i.sums for t in _terms(s)} for i in failed))
    slack = rounding_slack([amount(t) for i in failed for s in i.sums for t in _terms(s)])
    blamed = []
    for x in sorted(shared):
        if any(i.closes and i.sums and all(x in _terms(s) for s in i.sums) for i in found):
            continue  # a sum that closes rests on it: it is printed right
        first, *rest = (offs(i, x) for i in failed)
        off = next((d for d in first if d and all(any(abs(e - d) <= slack for e in o) for o in rest)), None)
        if off is not None:
            blamed.append(FigureOff(x[0], x[1], off, len(failed)))
    return blamed[0] if len(blamed) == 1 else None


def pinned_by_other_tables(table: Table, found: Sequence[Identity], others: Sequence[Table]) -> FigureOff | None:
    """The one figure of ``table`` that its single failed sum blames *and* another proven table
    pins: the figure the sum wants is printed in another table, the figure printed here is not.

    One failed sum alone cannot say which of its figures is wrong (a 收入预算总表 whose only sum is
    合计 = its lines; a summary whose only failing sum is one side's). The same figure printed in two
    tables can: when exactly one figure of the failed sum, put right, is a figure another proven
    table prints (一般公共预算 18,417.70 in the 财政拨款收支总表) and the figure printed here is in
    none of them, that figure is the document's slip. A figure the sum wants that its own row
    prints in another cell is a reading that shifted a cell, never pinned; so is a figure a closing
    sum rests on, and a zero."""
    failed = [i for i in found if not i.closes]
    if len(failed) != 1 or not failed[0].sums or len(found) - len(failed) < 2:
        return None
    rows = {r.index: r for r in table.rows}
    elsewhere = [a for t in others for r in t.rows for a in r.amounts.values()]

    def amount(t: Term) -> Amount | None:
        row = rows.get(t[0])
        return row.amounts.get(t[1]) if row is not None else None

    def printed_in(values: Sequence[Amount], x: Amount, yuan: Decimal) -> bool:
        return any(abs(a.yuan - yuan) <= rounding_slack([x, a]) for a in values)

    pinned: set[FigureOff] = set()
    for whole, parts in failed[0].sums:
        w = amount(whole)
        if w is None:
            continue
        miss = w.yuan - sum((a.yuan for p in parts if (a := amount(p)) is not None), Decimal(0))
        for x in (whole, *parts):
            a = amount(x)
            if a is None or any(i.closes and i.sums and all(x in _terms(s) for s in i.sums) for i in found):
                continue
            wanted = a.yuan - miss if x == whole else a.yuan + miss
            own_row = [b for k, b in rows[x[0]].amounts.items() if k != x[1]]
            if wanted > 0 and printed_in(elsewhere, a, wanted) and not printed_in(elsewhere, a, a.yuan) \
                    and not printed_in(own_row, a, wanted):
                pinned.add(FigureOff(x[0], x[1], a.yuan - wanted, 1))
    return pinned.pop() if len(pinned) == 1 else None
