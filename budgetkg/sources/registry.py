"""Which reader reads a file: chosen by its content, never by its name.

:data:`READERS` is the one list of readers, in the order they are asked: each has a name, a
``sniff(head, data)`` test on the file's bytes (``head`` its first kilobytes, so that no test
scans a big file) and a ``read(path, data)`` that turns the bytes into a
:class:`~budgetkg.sources.document.Document`. The text reader comes last and takes what no
other reader took; before it, :func:`what_it_is` names the binary formats no reader reads
(an image, an archive, an old Word file …) so that they are refused in one clear line.

Readers import their libraries (PDFium, lxml, openpyxl, python-docx, xlrd) only when they
read, so choosing a reader costs a few byte comparisons.
"""
from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from budgetkg.sources.document import Document

#: How much of a file's start the sniffs look at.
HEAD = 4096

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_HTML_START = re.compile(rb"^(?:\xef\xbb\xbf)?\s*(?:<!--.*?-->\s*)*(?:<\?xml[^>]*>\s*)?"
                         rb"(?:<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>])", re.IGNORECASE | re.DOTALL)


@dataclass(frozen=True)
class Reader:
    """One input format: its name, the test on a file's bytes, and the reader."""

    name: str
    sniff: Callable[[bytes, bytes], bool]
    read: Callable[[Path, bytes], Document]


def is_pdf(head: bytes, data: bytes) -> bool:
    """A PDF: ``%PDF`` within the first kilobyte (readers allow junk before it)."""
    return b"%PDF" in head[:1024]


def is_html(head: bytes, data: bytes) -> bool:
    """An HTML page: it opens (after a BOM, comments or an XML declaration) with a doctype or
    an html/head/body tag. A text report with stray ``<p>`` fragments is not one."""
    return bool(_HTML_START.match(_ascii_head(head)))


def _ascii_head(head: bytes) -> bytes:
    """The head with UTF-16 turned into bytes the HTML test can match."""
    for bom, encoding in ((b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if head.startswith(bom):
            return head[2:].decode(encoding, errors="replace").encode("utf-8", errors="replace")
    return head


def zip_names(data: bytes) -> set[str]:
    """The member names of a ZIP archive (its central directory only); empty when it is none."""
    if not data.startswith(b"PK\x03\x04"):
        return set()
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return set()


def is_xlsx(head: bytes, data: bytes) -> bool:
    """An Excel workbook (.xlsx, .xlsm): a ZIP holding ``xl/workbook.xml``."""
    return head.startswith(b"PK\x03\x04") and "xl/workbook.xml" in zip_names(data)


def is_docx(head: bytes, data: bytes) -> bool:
    """A Word document (.docx): a ZIP holding ``word/document.xml``."""
    return head.startswith(b"PK\x03\x04") and "word/document.xml" in zip_names(data)


def is_xls(head: bytes, data: bytes) -> bool:
    """An old Excel workbook (.xls, BIFF): an OLE2 compound file with a Workbook stream."""
    return head.startswith(_OLE2) and ("Workbook".encode("utf-16-le") in data or "Book".encode("utf-16-le") in data)


def _read_pdf(path: Path, data: bytes) -> Document:
    from budgetkg.sources.pdf_read import read_pdf_bytes
    return read_pdf_bytes(path, data)


def _read_html(path: Path, data: bytes) -> Document:
    from budgetkg.sources.html import read_html
    return read_html(path, data)


def _read_xlsx(path: Path, data: bytes) -> Document:
    from budgetkg.sources.xlsx import read_xlsx
    return read_xlsx(path, data)


def _read_xls(path: Path, data: bytes) -> Document:
    from budgetkg.sources.xls import read_xls
    return read_xls(path, data)


def _read_docx(path: Path, data: bytes) -> Document:
    from budgetkg.sources.docx import read_docx
    return read_docx(path, data)


def _read_text(path: Path, data: bytes) -> Document:
    from budgetkg.sources.text import read_text
    return read_text(path, data)


def _anything(head: bytes, data: bytes) -> bool:
    return True


#: The readers, in the order they are asked; the text reader takes what no other took.
READERS: tuple[Reader, ...] = (
    Reader("PDF", is_pdf, _read_pdf),
    Reader("Excel workbook (.xlsx)", is_xlsx, _read_xlsx),
    Reader("Word document (.docx)", is_docx, _read_docx),
    Reader("Excel 97-2003 workbook (.xls)", is_xls, _read_xls),
    Reader("HTML page", is_html, _read_html),
    Reader("text", _anything, _read_text),
)

#: Binary formats no reader reads: (magic bytes at offset 0, what the file is).
_KNOWN_BINARY: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"BM", "a BMP image"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"\x7fELF", "a program (ELF executable)"),
    (b"MZ", "a Windows program"),
    (b"{\\rtf", "an RTF document"),
)


def what_it_is(head: bytes, data: bytes) -> str | None:
    """What a file no reader reads is, in a few words ("a PNG image", "a ZIP archive that is
    not a Word or Excel file"); None when it may be text."""
    if head.startswith(b"PK\x03\x04"):
        names = zip_names(data)
        if "content.xml" in names:
            return "an OpenDocument file (.odt/.ods), which is a ZIP archive, not a Word or Excel file"
        if "ppt/presentation.xml" in names:
            return "a PowerPoint presentation (.pptx)"
        return "a ZIP archive that is not a Word or Excel file"
    if head.startswith(_OLE2):
        if "WordDocument".encode("utf-16-le") in data:
            return "an old Word document (.doc, Word 97-2003)"
        return "an old Office file (OLE2) that is not an Excel workbook"
    if head[:12].startswith(b"RIFF") and head[8:12] == b"WEBP":
        return "a WebP image"
    for magic, what in _KNOWN_BINARY:
        if head.startswith(magic) and (what != "a BMP image" or (len(head) > 14 and head[6:10] == b"\0\0\0\0")):
            return what
    if head[4:8] == b"ftyp":
        return "a video or image file (ISO media)"
    return None


_SAVE_AS = {
    "an old Word document (.doc, Word 97-2003)": "open it in Word and save it as .docx, or give the PDF",
    "an RTF document": "save it as .docx, or give the PDF",
}


def choose(head: bytes, data: bytes) -> Reader | str:
    """The reader for these bytes, or, when none reads them, what the file is."""
    for reader in READERS[:-1]:
        if reader.sniff(head, data):
            return reader
    return what_it_is(head, data) or READERS[-1]


def refusal_hint(what: str) -> str:
    """What to give instead of a file of a format no reader reads."""
    return _SAVE_AS.get(what, "give the report as PDF, HTML, Excel (.xlsx/.xls), Word (.docx) or text")
