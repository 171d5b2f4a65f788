"""The sums a table's printed figures must satisfy, as data: shared by the proof
(:mod:`budgetkg.parse.proof`, which finds them) and :mod:`budgetkg.parse.figure_off` (which tells
which one figure breaks them)."""
from __future__ import annotations

from dataclasses import dataclass

#: A figure of a table: (row index, column).
Term = tuple[int, str]
#: One way a sum may close: its whole and its parts.
Sum = tuple[Term, tuple[Term, ...]]


@dataclass(frozen=True)
class Identity:
    """One sum the printed figures must satisfy: ``rows`` are where it is printed (the row whose
    total or whose children it is), ``closes`` whether it holds within the printed rounding;
    ``sums`` the figures it adds up (several ways where it closes if any does), for telling
    which one figure is off (:mod:`budgetkg.parse.figure_off`)."""

    what: str
    rows: tuple[int, ...]
    closes: bool
    sums: tuple[Sum, ...] = ()
