"""类 and 款 rows of a table that prints only 项 rows, derived by summing them.

Some templates (Beijing's 预算05表 among them) print an expenditure table by function with
7-digit 项 rows only — no 3-digit 类 row, no 5-digit 款 row — and the 合计 line under them. A
reader asking for the 类 figures of such a report would get none. budgetkg derives them: each 款
row is the sum of the 项 rows under its 5-digit prefix, each 类 row the sum of those under its
3-digit prefix, column by column. They are added after the printed rows (the printed rows keep
their numbers, so their identifiers do not change) and say where they come from
(:attr:`~budgetkg.model.report.Row.derived_from`: the 项 rows they are the sum of); in RDF their
figures are ``bkg:derived true`` with ``prov:wasDerivedFrom`` those rows' figures, and answers and
pages mark them.

Derived rows prove nothing by themselves (a 款 is its 项 rows' sum by construction); the proof
(:mod:`budgetkg.parse.proof`) checks what does — the derived 类 rows against the table's printed
合计, and against the 类 figures another table prints — so a misread 项 column still leaves the
table unread.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from decimal import Decimal

from budgetkg.model.codes import code_list
from budgetkg.model.report import Amount, Row, RowRole, Table, TableKind

#: Tables classified by function whose 类/款 rows may be derived (the project table is not: its
#: rows are projects, and the economic table's codes are another scheme).
FUNCTIONAL_TABLES = (TableKind.EXPENDITURE, TableKind.GENERAL_PUBLIC, TableKind.GOV_FUND, TableKind.STATE_CAPITAL)
ITEM_WIDTH = 7
#: The levels derived, widest first: 类 (3 digits), 款 (5 digits).
LEVELS = (3, 5)
_CODED = (RowRole.LINE, RowRole.AGGREGATE, RowRole.DETAIL)


def items_only(table: Table) -> bool:
    """Whether the table's classified rows are all 项 rows (7-digit codes), and there are some."""
    codes = [r.code for r in table.rows if r.code and r.role in _CODED]
    return bool(codes) and all(len(c) == ITEM_WIDTH and c.isdigit() for c in codes)


def _leaves(rows: Iterable[Row]) -> list[Row]:
    """The 项 rows to add up: the lines and aggregates, and the detail rows of a code printed with
    no aggregate row above them (an aggregate's details are in its figure already)."""
    rows = [r for r in rows if r.code and r.role in _CODED]
    summed = {r.code for r in rows if r.role is not RowRole.DETAIL}
    return [r for r in rows if r.role is not RowRole.DETAIL or r.code not in summed]


def _sum(parts: list[Amount]) -> Amount:
    return Amount(yuan=sum((p.yuan for p in parts), Decimal(0)),
                  printed=sum((p.printed for p in parts), Decimal(0)), unit=parts[0].unit)


def derive_parents(table: Table) -> Table:
    """The table with its 类 and 款 rows derived from its 项 rows when it prints only 项 rows
    (:func:`items_only`); any other table as it is."""
    if table.kind not in FUNCTIONAL_TABLES or table.origin != "table" or not items_only(table):
        return table
    leaves = _leaves(table.rows)
    groups: dict[str, list[Row]] = {}
    for leaf in leaves:  # 类 then its 款 rows, in the order the 项 rows are printed
        for width in LEVELS:
            groups.setdefault(leaf.code[:width], []).append(leaf)  # type: ignore[index]
    first = {code: min(r.index for r in found) for code, found in groups.items()}
    order = sorted(groups, key=lambda code: (first[code[:3]], first[code], len(code)))
    functional = code_list("functional")
    derived = []
    for n, code in enumerate(order, start=len(table.rows)):
        parts = groups[code]
        amounts = {col: _sum(found) for col in table.columns
                   if (found := [r.amounts[col] for r in parts if col in r.amounts])}
        derived.append(Row(index=n, label=functional.name(code) or "", source=parts[0].source, code=code,
                           amounts=amounts, role=RowRole.LINE, complete=all(r.complete for r in parts),
                           derived_from=tuple(r.index for r in parts)))
    return replace(table, rows=(*table.rows, *derived))
