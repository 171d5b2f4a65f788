"""The pipeline in one screen: read → segment → parse → check → map → load.

``ingest`` opens (and locks) the store, parses every report, applies the input
integrity rules (:mod:`budgetkg.integrity`: size, line structure, repeated tables,
missing tables, duplicates), and writes nothing unless all of them passed (or
``keep_going`` is set, then the readable ones are written); the write itself is one
atomic batch with the vocabulary (see :mod:`budgetkg.store`).
"""
from __future__ import annotations

import itertools

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

import pyoxigraph as ox

from .config import Settings
from .errors import BudgetKGError
from .model import Report
from .checks import check_report
from .parse.combine import combine_reports
from .parse.report import parse_segments
from .rdf.iris import Minter
from .rdf.mapping import map_report
from .integrity import DuplicateGuard, check_document, check_size
from .integrity import check_report as check_integrity
from .segment import segment
from .series import link
from .sources import Document, discover_reports, read_document
from .store import BudgetStore


def read_report(path: str | Path, *, max_size_mb: int | None = None) -> Report:
    """Read, segment, parse and check one report file into the typed model.

    The input integrity rules (:mod:`budgetkg.integrity`) refuse what cannot be one whole
    report; the checks (:mod:`budgetkg.checks`) add their findings.

    Raises:
        SourceError: the file is too large, cannot be read as text, or has no line structure.
        ParseError: the text is not a disclosure report, or holds its tables several times.
    """
    check_size(Path(path), max_size_mb)
    return process_document(read_document(path))          # read


def process_document(document: Document) -> Report:
    """Segment, parse and check a document already read (text given directly, tests, other readers).

    Raises:
        SourceError: the text has no line structure.
        ParseError: the text is not a disclosure report, or holds its tables several times.
    """
    check_document(document)
    segments = segment(document)                          # segment
    report = parse_segments(segments)                     # parse
    report = check_integrity(report, document)            # refuse joined reports, flag missing tables
    return check_report(report, segments)                 # check


def report_quads(report: Report, base: str) -> tuple[ox.NamedNode, list[ox.Quad]]:
    """The named graph and quads of a parsed report."""
    return map_report(report, Minter(base))


@dataclass
class IngestResult:
    """What ingest did: reports written, quads, errors per file, and what opening the store repaired."""

    reports: list[Report] = field(default_factory=list)
    quads: int = 0
    errors: list[BudgetKGError] = field(default_factory=list)
    written: bool = False
    notices: list[str] = field(default_factory=list)


def ingest(paths: Iterable[str | Path], settings: Settings, *, keep_going: bool = False,
           allow_duplicates: bool = False, progress: Callable[[Path], None] | None = None) -> IngestResult:
    """Ingest report files and folders into the store at ``settings.store``.

    The store is opened (and locked for writing) before any file is parsed, so a
    store held by ``serve`` or another writer is refused at once.

    Args:
        keep_going: write the reports that parsed even if others failed.
        allow_duplicates: store a report even when the store or the batch holds the same
            report under another file name (its figures then count twice).
        progress: called with each file as it is parsed.
    Raises:
        SourceError: a given path does not exist or a folder holds no reports.
        StoreError: the store cannot be opened or written.
    """
    files = discover_reports(list(paths))
    result = IngestResult()
    minter = Minter(settings.base)
    by_graph: dict[ox.NamedNode, Report] = {}
    with BudgetStore(settings.store) as store:
        result.notices.extend(store.notices)
        duplicates = None if allow_duplicates else DuplicateGuard(store)
        parsed: list[Report] = []
        for f in files:
            try:
                parsed.append(read_report(f, max_size_mb=settings.max_size_mb))
            except BudgetKGError as exc:
                result.errors.append(exc)
            if progress:
                progress(f)
        for report in combine_reports(parsed):  # link: one report published as two files is one
            try:
                if duplicates is not None:
                    duplicates.check(report)
                graph = ox.NamedNode(minter.report(report))
                if graph in by_graph:  # one report under two file names: stored once, and said so
                    other = by_graph[graph]
                    if other.sha256 != report.sha256:
                        raise BudgetKGError(
                            f"is the same report as {other.source_name} ({report.department.name} "
                            f"{report.year or '?'} {report.kind.value}) with other contents; ingest one of them",
                            file=report.source_name)
                    result.notices.append(f"{report.source_name} is the same report as {other.source_name}; "
                                          "stored once")
                    continue
            except BudgetKGError as exc:
                result.errors.append(exc)
            else:
                by_graph[graph] = report
                result.reports.append(report)
        result.notices.extend(_replacements(store, by_graph))
        if result.errors and not keep_going:
            return result
        if by_graph:
            links = link(store, by_graph, minter)  # link: organisations across reports, series
            result.notices.extend(links.notices)

            def counted(report: Report, graph: ox.NamedNode):
                for quad in itertools.chain(map_report(report, minter)[1], links.quads.get(graph, ())):
                    result.quads += 1
                    yield quad

            batch = {**store.vocabulary_batch(), **{g: counted(r, g) for g, r in by_graph.items()}}
            store.replace_graphs(batch)  # vocabulary and reports: one atomic batch
            result.written = True
    return result


def _replacements(store: BudgetStore, by_graph: dict[ox.NamedNode, Report]) -> list[str]:
    """Notices for reports that replace the same report stored from another file."""
    if not by_graph:
        return []
    values = " ".join(f"<{g.value}>" for g in by_graph)
    rows = store.query("PREFIX bkg: <https://w3id.org/budgetkg/ontology#> SELECT ?g ?source WHERE { "
                       f"VALUES ?g {{ {values} }} GRAPH ?g {{ ?r a bkg:Report ; bkg:sourceFile ?source }} }}")
    out = []
    for row in rows:
        report = by_graph[row["g"]]
        if row["source"].value != report.source_name:
            out.append(f"{report.source_name} replaces {row['source'].value}: the same report "
                       f"({report.department.name} {report.year or '?'} {report.kind.value})")
    return out
