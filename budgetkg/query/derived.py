"""Derived figures in answers: which figures of an answer budgetkg computed rather than read.

A question whose figures may be computed (``bkg:derived true`` on the observation: 基本支出 as
人员经费 + 公用经费 where no 基本支出 column is printed, a 类/款 row summed from the 项 rows of a
table that prints only 项 rows) has a ``derived`` column: the names of the row's columns whose
figure is derived, separated by spaces ('' when every figure of the row is printed). CSV and
JSON keep that column as it is; the terminal table and the pages mark each derived figure with
:data:`MARK` instead, and say under the table what the mark means (:data:`NOTE`).
"""
from __future__ import annotations

#: The answer column naming a row's derived figures.
DERIVED_COLUMN = "derived"
#: The mark a derived figure gets in a table.
MARK = "*"
#: What the mark means, under a table that shows it (zh / en).
NOTE: dict[str, str] = {
    "en": "* derived: computed by budgetkg from figures the report prints (their sum), not printed in the report",
    "zh": "* 推算数：由 budgetkg 根据报告所印数字相加得出，报告本身未印此数",
}


def derived_cells(columns: tuple[str, ...], rows: tuple[tuple[str, ...], ...]) -> set[tuple[int, str]]:
    """(row number, column name) of every derived figure an answer names in its ``derived`` column
    (a name not among the answer's columns is ignored)."""
    if DERIVED_COLUMN not in columns:
        return set()
    at = columns.index(DERIVED_COLUMN)
    return {(i, name) for i, row in enumerate(rows) for name in row[at].split() if name in columns}


def without_derived(columns: tuple[str, ...],
                    rows: tuple[tuple[str, ...], ...]) -> tuple[tuple[str, ...], tuple[tuple[str, ...], ...]]:
    """The answer less its ``derived`` column (once its marks are taken, the table shows them)."""
    if DERIVED_COLUMN not in columns:
        return columns, rows
    at = columns.index(DERIVED_COLUMN)
    return columns[:at] + columns[at + 1:], tuple(r[:at] + r[at + 1:] for r in rows)
