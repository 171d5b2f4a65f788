"""The indexes kept beside a store, brought in step after every write.

Three SQLite files, each a pure function of the store's report graphs and synced by comparing
(graph, sha256) pairs: the full-text index (:mod:`budgetkg.load.search_index`), the department
label index (:mod:`budgetkg.load.label_index`) and the per-report rows of the whole-store
questions (:mod:`budgetkg.load.summary_index`). ``ingest``, ``load``, ``remove`` and ``repair``
call :func:`sync_after_write` once their write is committed.
"""
from __future__ import annotations

import sqlite3
from collections.abc import Iterable

from budgetkg.load import label_index, search_index, summary_index


def sync_after_write(store, force: Iterable[str] = ()) -> list[str]:
    """Bring the indexes of a store just written in step; a failure leaves the store as written and
    says so in a notice: the next search (or question) syncs again."""
    force = list(force)
    notices = []
    for name, sync in (("search", search_index.sync_store), ("label", label_index.sync_store),
                       ("summary", summary_index.sync_store)):
        try:
            sync(store, force)
        except (sqlite3.Error, OSError, RuntimeError) as exc:
            notices.append(f"the {name} index was not brought in step ({exc}); the next "
                           f"{'search' if name == 'search' else 'question'} does it")
    return notices
