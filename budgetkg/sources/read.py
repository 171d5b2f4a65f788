"""Stage 1: a file on disk → :class:`Document` (numbered lines of clean text and table cells).

The file is read once; its content, never its name, chooses the reader
(:mod:`budgetkg.sources.registry`): PDF (:mod:`.pdf`), HTML (:mod:`.html`), Excel
(:mod:`.xlsx`, :mod:`.xls`), Word (:mod:`.docx`) or text in any common encoding (:mod:`.text`).
A file no reader reads is refused in one line naming what it is; missing files, folders and
unreadable files are refused with a clear :class:`SourceError`.
"""
from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from budgetkg.errors import SourceError
from budgetkg.sources.document import Document
from budgetkg.sources.registry import HEAD, choose, refusal_hint
from budgetkg.sources.text import decode_report_bytes, document_from_text

__all__ = ["REPORT_SUFFIXES", "TEXT_SUFFIXES", "decode_report_bytes", "discover_reports", "document_from_text",
           "read_document"]

#: The file names a folder walk takes as reports (a single file given by name is read whatever its name).
REPORT_SUFFIXES = (".txt", ".md", ".pdf", ".html", ".htm", ".xlsx", ".xlsm", ".xls", ".docx")
#: The suffixes read before other formats were (kept for callers that name them).
TEXT_SUFFIXES = (".txt", ".md", ".pdf")


def read_document(path: str | Path) -> Document:
    """Read one report file into a :class:`Document`, with the reader its content asks for.

    Raises:
        SourceError: the file is missing, unreadable, empty, of a format no reader reads, or
            its reader refuses it.
    """
    p = Path(path)
    name = p.name
    if not p.exists():
        raise SourceError("no such file", file=str(p))
    if p.is_dir():
        raise SourceError("is a folder; give files or use a folder with ingest", file=str(p))
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise SourceError(f"cannot read the file: {exc.strerror}", file=str(p)) from exc
    if not data.strip():
        raise SourceError("the file is empty", file=name, hint="expected the text of a budget report")
    reader = choose(data[:HEAD], data)
    if isinstance(reader, str):
        raise SourceError(f"this is {reader}, a binary file, not a report", file=name, hint=refusal_hint(reader))
    return reader.read(p, data)


def discover_reports(paths: Sequence[str | Path]) -> list[Path]:
    """Expand files and folders into the report files to ingest, sorted, without duplicates.

    In a folder, files named like reports (:data:`REPORT_SUFFIXES`) are taken; their content
    then chooses the reader.

    Raises:
        SourceError: a path does not exist, or a folder holds no report files.
    """
    found: list[Path] = []
    for raw in paths:
        p = Path(raw)
        if not p.exists():
            raise SourceError("no such file or folder", file=str(p))
        if p.is_dir():
            files = sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in REPORT_SUFFIXES
                           and not any(part.startswith(".") for part in f.relative_to(p).parts))
            if not files:
                raise SourceError("the folder holds no .txt, .md or .pdf reports (nor .html, .xlsx, .xls, "
                                  ".docx)", file=str(p))
            found.extend(files)
        else:
            found.append(p)
    seen: set[Path] = set()
    unique = []
    for f in found:
        key = f.resolve()
        if key not in seen:
            seen.add(key)
            unique.append(f)
    return unique
