"""Stage 1 for PDFs: a PDF report → :class:`~budgetkg.sources.read.Document`.

Tables drawn with ruling lines are read as tables, each row one line whose
:class:`~budgetkg.sources.document.Cell` s (one per column, with their boxes and the span
of merged cells) the table parsers read without guessing columns; the rest of the page
is read as text lines. Both keep their page number. A table
continued on the next page simply continues; lines repeated at the top or bottom of
most pages (running headers, page numbers) are dropped, and so is a page number set off
by dashes ("— 8 —") as the last line of its page's lower quarter.

PDFium (pypdfium2) parses each page (:mod:`budgetkg.sources.pdf_objects`); pdfplumber's table
rules (:mod:`budgetkg.sources.pdf_tables`) and word/line grouping (:mod:`budgetkg.sources.pdf_text`)
run on its objects, so the lines are the ones the pdfplumber/pdfminer reader gave
(tests/cases/pdf-lines) at more than ten times its speed.

A page without a text layer that shows an image (a scan) is read by OCR
(:mod:`budgetkg.sources.ocr`, loaded only then): its runs and the rulings in its image
become the same page objects, so its tables and lines come out as a text-layer page's,
each cell keeping its recognition confidence and its one confused character, if any,
corrected (:mod:`budgetkg.sources.ocr_fix`). ``on_page`` (by default the listeners of
:func:`budgetkg.sources.ocr.page_progress`) is told of each page OCR reads, and the
Document lists those pages (:attr:`~budgetkg.sources.document.Document.ocr_pages`).

Raises :class:`SourceError` for an encrypted or damaged PDF, or one where neither the
text layer nor OCR gives any text.
"""
from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from budgetkg.errors import SourceError
from budgetkg.sources.document import Cell, Document, Line, clean_line, clean_text, rstrip_cells, text_line
from budgetkg.sources.pdf_objects import read_page_objects
from budgetkg.sources.pdf_tables import extract, find_tables
from budgetkg.sources.pdf_text import text_lines

#: Fraction of the page height that counts as header or footer band.
MARGIN = 0.07
_PAGE_NUMBER_RE = re.compile(r"^\s*[-—–]?\s*\d+\s*[-—–]?\s*$|^第\s*\d+\s*页")
#: A page number set off as one ("— 8 —", "- 1 0 -" letter-spaced, "第 3 页"): dropped as
#: the last line of its page's lower quarter even above the footer band — reports with a
#: deep bottom margin print it there, in the middle of a table running on to the next page.
_MARKED_PAGE_NUMBER_RE = re.compile(r"^\s*[-—–]+\s*\d(?:\s?\d)*\s*[-—–]+\s*$|^\s*第\s*\d+\s*页")
_LOWER_QUARTER = 0.75


def _cell(text: str | None) -> str:
    # a cell's wrapped lines belong together: "事业单位\n经营收入" is one name
    return "" if text is None else re.sub(r"\s*\n\s*", "", text).strip()


#: A page item: (top, text, cells) — a table row's raw cells (text, box, span, and on a page read
#: by OCR its confidence), None for a text line.
Item = tuple[float, str, "list[tuple] | None"]


def _page_items(page) -> list[Item]:
    """(top, text, cells) of the page's table rows and text lines, in reading order.

    ``page`` is a :class:`~budgetkg.sources.pdf_objects.PageObjects`. A row's text is its
    cells joined by tabs, for the running-header and page-number tests only.
    """
    items: list[Item] = []
    tables = find_tables(page)
    boxes = [t.bbox for t in tables]
    for table in tables:
        xs = sorted({c[0] for c in table.cells})  # the table's columns, as pdfplumber's rows use them
        for row, texts in zip(table.rows, extract(table, page.chars)):
            if any(c for c in texts):
                cells = [(_cell(t), box, _span(box, xs)) for t, box in zip(texts, row.cells)]
                items.append((row.bbox[1], "\t".join(c[0] for c in cells), cells))

    def outside(obj) -> bool:
        cx, cy = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
        return not any(x0 <= cx <= x1 and top <= cy <= bottom for x0, top, x1, bottom in boxes)

    chars = [c for c in page.chars if outside(c)] if boxes else page.chars
    items += [(top, text, None) for top, text in text_lines(chars, page.bbox)]
    items.sort(key=lambda it: it[0])
    runs = getattr(page, "runs", None)
    if runs is not None:  # a page read by OCR: figures corrected where sure, confidence kept
        from budgetkg.sources.ocr import confidence_in
        from budgetkg.sources.ocr_fix import fix_figure
        items = [(top, text, None if cells is None else
                  [(fix_figure(t), box, span, confidence_in(runs, box)) for t, box, span in cells])
                 for top, text, cells in items]
        items = [(top, text if cells is None else "\t".join(c[0] for c in cells), cells)
                 for top, text, cells in items]
    return items


def _span(box, xs: list[float]) -> int:
    """How many of the table's columns (their left edges ``xs``) a cell covers; 0 for none of
    its own (the row's position under a cell merged from the left or from above)."""
    if box is None:
        return 0
    return sum(1 for x in xs if box[0] <= x < box[2]) or 1


def _line(no: int, text: str, cells, page: int) -> Line:
    """The report line of a page item: a table row's cells cleaned one by one (trailing blank
    cells dropped, as a clean line drops its trailing tabs), or a text line."""
    if cells is None:
        return text_line(no, clean_line(text), page)
    if "**" in text:
        texts = _emphasis_across(text)
    else:
        texts = rstrip_cells([clean_text(c[0]) for c in cells])
    if len(texts) > len(cells):
        return text_line(no, "\t".join(texts), page)
    row = tuple(Cell(t, page, None if c[1] is None else tuple(c[1]), c[2], c[3] if len(c) > 3 else None)
                for t, c in zip(texts, cells))
    return Line(no=no, text="\t".join(texts), page=page, cells=row)


def _emphasis_across(text: str) -> list[str]:
    """A row holding "**": the reader has always cleaned such a row as one Markdown line, so a
    pair of "**" cells ("** | ** | 1 | 2", the 栏次 row of some templates) reads as an emphasis
    around a tab and leaves blank cells; kept so that the parsers see the rows they were built on."""
    return clean_line(text).split("\t")


#: Told of each page read by OCR: (page number, pages in the PDF).
PageProgress = Callable[[int, int], None]


def read_pdf(path: str | Path, data: bytes | None = None, on_page: PageProgress | None = None) -> Document:
    """Read a PDF report into numbered lines with page numbers (``data``: its bytes, when
    already read); scanned pages through OCR.

    Raises:
        SourceError: the PDF is encrypted, damaged, or neither its text layer nor OCR gives text.
    """
    p = Path(path)
    data = p.read_bytes() if data is None else data
    recognised: list[int] = []
    pages = [(n, page.height, _page_items(page))
             for n, page in enumerate(iter_pages(p, data, recognised, on_page), start=1)]
    if not any(items for _, _, items in pages):
        if recognised:
            raise SourceError(f"the PDF has no text layer and OCR found no text on its {len(recognised)} "
                              "scanned page(s)", file=p.name, hint="give a clearer scan or the report's text")
        # no page shows an image either: nothing for OCR to read
        raise SourceError("the PDF has no text layer and no page image to recognise: its pages are blank",
                          file=p.name, hint="give the report's original PDF or its text")
    return Document(name=p.name, path=str(p), sha256=hashlib.sha256(data).hexdigest(),
                    encoding="pdf", lines=tuple(page_lines(pages)), ocr_pages=tuple(recognised))


def page_items(page) -> list[Item]:
    """(top, text, cells) of a page's table rows and text lines, in reading order: the PDF
    reading of any page of positioned characters and rulings (a positioned-HTML page too)."""
    return _page_items(page)


def page_lines(pages: list[tuple[int, float, list[Item]]]) -> list[Line]:
    """The report lines of pages given as (number, height, items): running headers and
    footers and page numbers dropped."""
    repeated = _running_lines(pages)
    lines: list[Line] = []
    for n, height, items in pages:
        last = max((top for top, _, _ in items), default=None)
        for top, text, cells in items:
            if top == last and top > height * _LOWER_QUARTER and _MARKED_PAGE_NUMBER_RE.match(text):
                continue
            if text.strip() in repeated and (top < height * MARGIN or top > height * (1 - MARGIN)):
                continue
            if _PAGE_NUMBER_RE.match(text) and (top < height * MARGIN or top > height * (1 - MARGIN)):
                continue
            lines.append(_line(len(lines) + 1, text, cells, n))
    return lines


def iter_pages(p: Path, data: bytes, recognised: list[int] | None = None, on_page: PageProgress | None = None):
    """The PDF's pages as :class:`PageObjects`, one at a time (PDFium keeps one page open).

    With ``recognised`` given, a scanned page (no text, an image) is read by OCR and its
    number appended there; ``on_page`` is told as each such page is done.

    Raises:
        SourceError: the PDF is encrypted or damaged.
    """
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if getattr(exc, "err_code", None) in (pdfium_c.FPDF_ERR_PASSWORD, pdfium_c.FPDF_ERR_SECURITY):
            raise SourceError("the PDF is encrypted", file=p.name, hint="give an unencrypted copy") from exc
        raise SourceError(f"the PDF is damaged or not a PDF ({_reason(exc)})", file=p.name) from exc
    try:
        for index in range(len(pdf)):
            try:
                page = pdf[index]
                try:
                    objects = read_page_objects(page, index + 1)
                    if recognised is not None and not objects.chars:
                        objects = _ocr(page, objects, recognised, on_page, len(pdf), p.name)
                finally:
                    page.close()
            except pdfium.PdfiumError as exc:
                raise SourceError(f"page {index + 1} of the PDF is damaged ({_reason(exc)})",
                                  file=p.name) from exc
            yield objects
    finally:
        pdf.close()


def _ocr(page, objects, recognised: list[int], on_page: PageProgress | None, total: int, name: str):
    """A text-less page read by OCR when it shows an image (a blank page stays as it is);
    ``on_page`` is told of it, or else the process's listeners (:func:`~budgetkg.sources.ocr.tell_page`)."""
    from budgetkg.sources.ocr import needs_ocr, recognise_page, tell_page
    if not needs_ocr(page, objects):
        return objects
    objects = recognise_page(page, objects)
    recognised.append(objects.page_number)
    if on_page is not None:
        on_page(objects.page_number, total)
    else:
        tell_page(objects.page_number, total, name)
    return objects


def _reason(exc: Exception) -> str:
    return str(exc).rstrip(".") or type(exc).__name__


def _running_lines(pages) -> set[str]:
    """Texts printed in the header or footer band of most pages."""
    if len(pages) < 3:
        return set()
    counts: Counter[str] = Counter()
    for _, height, items in pages:
        band = {t.strip() for top, t, _ in items if top < height * MARGIN or top > height * (1 - MARGIN)}
        counts.update(band)
    return {t for t, c in counts.items() if c >= max(3, len(pages) // 2)}
