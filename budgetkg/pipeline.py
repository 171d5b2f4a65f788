"""The pipeline in one screen: read → segment → parse → check → map → load.

``ingest`` parses every report first and writes nothing unless all of them parsed
(or ``keep_going`` is set, then the readable ones are written); the write itself is
one atomic batch (see :mod:`budgetkg.store`).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

import pyoxigraph as ox

from .config import Settings
from .errors import BudgetKGError
from .model import Report
from .checks import check_report
from .parse.report import parse_segments
from .rdf.iris import Minter
from .rdf.mapping import map_report
from .segment import segment
from .sources import discover_reports, read_document
from .store import BudgetStore


def read_report(path: str | Path) -> Report:
    """Read, segment, parse and check one report file into the typed model.

    Raises:
        SourceError: the file cannot be read as text.
        ParseError: the text is not a disclosure report.
    """
    document = read_document(path)
    segments = segment(document)
    report = parse_segments(segments)
    return check_report(report, segments)


def report_quads(report: Report, base: str) -> tuple[ox.NamedNode, list[ox.Quad]]:
    """The named graph and quads of a parsed report."""
    return map_report(report, Minter(base))


@dataclass
class IngestResult:
    """What ingest did: reports written, quads per graph, errors per file."""

    reports: list[Report] = field(default_factory=list)
    quads: int = 0
    errors: list[BudgetKGError] = field(default_factory=list)
    written: bool = False


def ingest(paths: Iterable[str | Path], settings: Settings, *, keep_going: bool = False,
           progress: Callable[[Path], None] | None = None) -> IngestResult:
    """Ingest report files and folders into the store at ``settings.store``.

    Args:
        keep_going: write the reports that parsed even if others failed.
        progress: called with each file as it is parsed.
    Raises:
        SourceError: a given path does not exist or a folder holds no reports.
        StoreError: the store cannot be opened or written.
    """
    files = discover_reports(list(paths))
    result = IngestResult()
    minter = Minter(settings.base)
    by_graph: dict[ox.NamedNode, Report] = {}
    for f in files:
        try:
            report = read_report(f)
        except BudgetKGError as exc:
            result.errors.append(exc)
        else:
            graph = ox.NamedNode(minter.report(report.source_name))
            if graph in by_graph:
                result.errors.append(BudgetKGError(
                    "two files map to the same report graph; rename one", file=str(f)))
            else:
                by_graph[graph] = report
                result.reports.append(report)
        if progress:
            progress(f)
    if result.errors and not keep_going:
        return result
    if by_graph:
        def counted(report: Report):
            for quad in map_report(report, minter)[1]:
                result.quads += 1
                yield quad

        store = BudgetStore(settings.store)
        store.ensure_vocabulary()
        store.replace_graphs({g: counted(r) for g, r in by_graph.items()})
        result.written = True
    return result
