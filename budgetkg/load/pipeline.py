"""The pipeline in one screen: read → segment → parse → check → map → load.

``ingest`` opens (and locks) the store, parses every report — in worker processes
(:mod:`budgetkg.load.workers`) — applies the input integrity rules (:mod:`budgetkg.check.integrity`:
size, line structure, repeated tables, missing tables, duplicates), and commits nothing
unless all of them passed (or ``keep_going`` is set, then the readable ones are written).
Each report's graph is bulk-loaded as it arrives and the batch, with the vocabulary, is
committed at once at the end (:mod:`budgetkg.load.stream`, :mod:`budgetkg.load.bulk`), so memory
does not grow with the number of reports.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from budgetkg.check.integrity import DuplicateGuard
from budgetkg.config import Settings
from budgetkg.errors import BudgetKGError
from budgetkg.load.store import BudgetStore
from budgetkg.model.report import Report
from budgetkg.rdf.iris import Minter
from budgetkg.rdf.mapping import map_report
from budgetkg.sources.read import discover_reports


def report_quads(report: Report, base: str) -> tuple[ox.NamedNode, list[ox.Quad]]:
    """The named graph and quads of a parsed report."""
    return map_report(report, Minter(base))


@dataclass
class IngestResult:
    """What ingest did: reports written (small records, in file order), quads, errors per file,
    what opening the store repaired, and how many pages of the files read were read by OCR
    (wherever they were read: in process, in worker processes or on Dask)."""

    reports: list = field(default_factory=list)
    quads: int = 0
    errors: list[BudgetKGError] = field(default_factory=list)
    written: bool = False
    notices: list[str] = field(default_factory=list)
    ocr_pages: int = 0


def ingest(paths: Iterable[str | Path], settings: Settings, *, keep_going: bool = False,
           allow_duplicates: bool = False, progress: Callable[[Path], None] | None = None,
           workers: int | None = None, on_report: Callable | None = None, runner=None) -> IngestResult:
    """Ingest report files and folders into the store at ``settings.store``.

    The store is opened (and locked for writing) before any file is parsed, so a
    store held by ``serve`` or another writer is refused at once. Files are read in
    worker processes (:mod:`budgetkg.load.workers`) and each report's graph is bulk-loaded as it
    arrives, uncommitted (:mod:`budgetkg.load.bulk`), so memory does not grow with the number of
    reports; the batch is decided and committed at the end (:mod:`budgetkg.load.stream`).

    Args:
        keep_going: write the reports that parsed even if others failed.
        allow_duplicates: store a report even when the store or the batch holds the same
            report under another file name (its figures then count twice).
        progress: called with each file as it is parsed.
        workers: worker processes (default: the cores; small batches are read in process).
        on_report: called with each file's :class:`~budgetkg.load.workers.Parsed` as it arrives.
        runner: where files are read (:mod:`budgetkg.load.workers` runners); overrides ``workers``.
    Raises:
        SourceError: a given path does not exist or a folder holds no reports.
        StoreError: the store cannot be opened or written.
    """
    from budgetkg.load.bulk import BulkWrite
    from budgetkg.load.stream import StreamedBatch
    from budgetkg.load.workers import runner_for

    files = discover_reports(list(paths))
    result = IngestResult()
    with BudgetStore(settings.store) as store, BulkWrite(store) as writer:
        result.notices.extend(store.notices)
        guard = None if allow_duplicates else DuplicateGuard(store)
        for graph, quads in store.vocabulary_batch().items():  # vocabulary and reports: one commit
            writer.add_quads(graph, quads)
        batch = StreamedBatch(writer, settings.base, guard, max_size_mb=settings.max_size_mb, on_report=on_report)
        result.written = batch.run(files, runner or runner_for(workers, len(files)), keep_going, progress)
        result.errors, result.reports, result.ocr_pages = batch.errors, batch.stored, batch.ocr_pages
        result.notices.extend(batch.notices)
        if result.written:
            from budgetkg.load.indexes import sync_after_write
            result.notices.extend(sync_after_write(store, force=[r.graph for r in batch.stored]))
        result.quads = sum(r.quads for r in batch.stored) if result.written else 0
    return result
