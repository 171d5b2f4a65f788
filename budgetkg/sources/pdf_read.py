"""The PDF entry of the reader registry: refuses a PDF whose bytes were destroyed by a text
conversion before handing the bytes to :func:`budgetkg.sources.pdf.read_pdf`.

A PDF saved through a program that decoded it as text and wrote it back as UTF-8 (a web
page "saved as", a scraper writing the response as text) has every byte that was not
valid UTF-8 replaced by U+FFFD (bytes ``EF BF BD``): its compressed streams are gone, so
PDFium finds pages but no text, no objects and nothing to render. That is not a scanned
document — no OCR can bring it back — and the user is told so.
"""
from __future__ import annotations

from pathlib import Path

from budgetkg.errors import SourceError
from budgetkg.sources.document import Document

_REPLACEMENT = b"\xef\xbf\xbd"
#: A share of replacement characters no real PDF's binary streams hold by chance.
_MANGLED_SHARE = 0.02


def mangled_by_text_conversion(data: bytes) -> int:
    """How many U+FFFD replacement characters the PDF's bytes hold when they are so many that
    its binary content was lost to a text conversion; 0 otherwise."""
    count = data.count(_REPLACEMENT)
    return count if count * 3 > len(data) * _MANGLED_SHARE else 0


def read_pdf_bytes(path: Path, data: bytes) -> Document:
    """Read a PDF's bytes (already read once) into a Document.

    Raises:
        SourceError: the PDF's bytes were destroyed by a text conversion, or the PDF reader
            refuses it (encrypted, damaged, no text layer).
    """
    lost = mangled_by_text_conversion(data)
    if lost:
        raise SourceError(f"this is a PDF whose binary content was destroyed by saving it as text: it holds {lost:,} "
                          "replacement characters (U+FFFD) where its binary bytes were, so its pages hold nothing to read "
                          "(not even for OCR)", file=path.name, hint="get the original PDF file")
    from budgetkg.sources.pdf import read_pdf  # PDFium and pdfplumber are loaded only for PDFs
    return read_pdf(path, data)
