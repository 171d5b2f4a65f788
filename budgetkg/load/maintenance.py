"""Removing reports from a store and repairing an interrupted write (``budgetkg remove``/``repair``).

Both open the store for writing, which first finishes or undoes a write that was killed half-way
(:class:`~budgetkg.load.store.BudgetStore`); the notices of that repair go to ``notify`` as soon as
the store is open, so a caller shows them even when what follows fails.
"""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from budgetkg.errors import QueryError
from budgetkg.load.indexes import sync_after_write
from budgetkg.load.store import BudgetStore


def remove_reports(store: Path, names: list[str], notify: Callable[[list[str]], None]) -> list[str]:
    """Remove the reports named by source file name (or IRI), all in one transaction; returns the
    names removed. Nothing is removed when any of them is not in the store (a QueryError)."""
    if not store.is_dir():
        raise QueryError("no store here yet; nothing to remove", file=str(store))
    with BudgetStore(store) as bstore:
        notify(bstore.notices)
        graphs = bstore.report_graphs(list(dict.fromkeys(names)))
        absent = [r for r, g in graphs.items() if g is None]
        if not absent:
            bstore.remove_graphs(list(dict.fromkeys(graphs.values())))
            notify(sync_after_write(bstore))
    if absent:
        raise QueryError(f"not in the store: {', '.join(absent)}; nothing was removed",
                         hint="see `budgetkg ask reports`")
    return list(graphs)


def repair_store(store: Path, notify: Callable[[list[str]], None]) -> list[str]:
    """Finish or undo an interrupted write; returns the notices of what was done (none: the store
    was consistent)."""
    if not store.is_dir():
        raise QueryError("no store here yet", file=str(store))
    with BudgetStore(store) as bstore:
        notify(bstore.notices)
        notify(sync_after_write(bstore))
    return bstore.notices
