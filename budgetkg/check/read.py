"""The Report assembled once: one file read, segmented, parsed and checked.

The per-file half of the pipeline (sources → segment → parse → check); what joins reports to
each other (two-file publications, links across years) and storing them are the load stage's
(:mod:`budgetkg.load.pipeline`).
"""
from __future__ import annotations

from pathlib import Path

from budgetkg.check import check_report
from budgetkg.check.integrity import check_document, check_size
from budgetkg.check.integrity import check_report as check_integrity
from budgetkg.model.report import Report
from budgetkg.parse.report import parse_segments
from budgetkg.segment.blocks import segment
from budgetkg.sources.document import Document
from budgetkg.sources.read import read_document


def read_report(path: str | Path, *, max_size_mb: int | None = None) -> Report:
    """Read, segment, parse and check one report file into the typed model.

    The input integrity rules (:mod:`budgetkg.check.integrity`) refuse what cannot be one whole
    report; the checks (:mod:`budgetkg.check`) add their findings.

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
