"""`budgetkg check --format pdf`: each finding drawn on the page it is about.

A copy of each checked PDF gets, for every finding, a box around the text or cell it rests on
— red for an error, amber for a warning — as a PDF ``/Square`` annotation whose ``/Contents``
is the finding (readers show it as the box's note), and a first page listing the findings
with links to their pages (:mod:`.summary_page`).

Where a finding is: a table finding carries the box of its cell or row (``SourceRef.box``,
read by the PDF reader); a finding on prose carries its page, line and the quoted text, and
the quote's characters are found on the page with PDFium's text page. Text is compared with
spaces dropped and NFKC-folded (full-width "（" and "(" are one), since the reader's clean line
and PDFium's characters differ in both. A quote printed several times on its page is told
apart by order: the k-th finding (by line) quoting it is boxed on its k-th appearance (top
down). A quote inside a row's box is looked for there first, so a row's finding is boxed on
the words it quotes. A quote found nowhere falls back to its box, and a finding with
neither (a scanned page without a text layer, a quote the text layer spells otherwise) is a
note pinned at the page's top left and said so on the summary page. A finding of the whole
report (a missing table) is listed on the summary page only.

The boxes are drawn with PDFium (pypdfium2's raw API: ``FPDFPage_CreateAnnot``,
``FPDFAnnot_SetRect``/``SetColor``/``SetBorder``/``SetStringValue``); the summary page with pypdf.
"""
from __future__ import annotations

import ctypes
import io
import unicodedata
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from budgetkg.check.audit import AuditedDocument, Box
from budgetkg.check.summary_page import COLOURS, LABELS, Entry, insert_summary
from budgetkg.errors import QueryError
from budgetkg.sources.pdf_frame import page_frame

#: A rectangle in the page's user space (PDF points, y up): left, bottom, right, top.
Rect = tuple[float, float, float, float]
_PAD = 1.5        # points around the characters boxed
_SLACK = 3.0      # points a character's centre may lie outside a row's box and still count


@dataclass(frozen=True)
class Mark:
    """A finding to draw: what it says, its page (1-based), line, quote and box (top down)."""

    severity: str
    title: str
    message: str
    page: int | None
    line: int | None
    quote: str
    box: Box | None = None


@dataclass(frozen=True)
class Annotated:
    """What was written for one source PDF."""

    source: Path
    output: Path
    summary_pages: int
    placed: int        # findings boxed on their page
    pinned: int        # findings whose place was not found: a note at the page's top left
    listed: int        # findings of the whole report: on the summary page only


def marks_of(doc: AuditedDocument, file: str, severities: Sequence[str] = ("error", "warning")) -> list[Mark]:
    """The findings of ``doc`` in the file named ``file`` (a two-file publication's findings are
    in either file), of the given severities."""
    boxes = doc.boxes or [None] * len(doc.findings)
    return [Mark(f["severity"], f["title"], f["message"], int(f["page"]) if f["page"] else None,
                 int(f["line"]) if f["line"] else None, f["quote"], box)
            for f, box in zip(doc.findings, boxes)
            if f["severity"] in severities and (f["source"] or doc.source) == file]


# ------------------------------------------------------------------ finding the place
def _fold(text: str) -> str:
    """``text`` without whitespace, each character NFKC-folded (where that keeps it one character)."""
    out = []
    for c in text:
        if c.isspace():
            continue
        f = unicodedata.normalize("NFKC", c)
        out.append(f if len(f) == 1 else c)
    return "".join(out)


class _PageText:
    """A page's characters (folded, spaces dropped) with their boxes in user space."""

    def __init__(self, page: pdfium.PdfPage):
        textpage = page.get_textpage()
        chars: list[str] = []
        rects: list[Rect] = []
        for i in range(textpage.count_chars()):
            c = _fold(chr(pdfium_c.FPDFText_GetUnicode(textpage.raw, i)))
            if len(c) != 1:
                continue
            left, bottom, right, top = textpage.get_charbox(i)
            chars.append(c)
            rects.append((left, bottom, right, top))
        self.text = "".join(chars)
        self.rects = rects

    def occurrences(self, quote: str) -> list[tuple[int, int]]:
        """Where the folded ``quote`` is on the page, as (start, end) character spans, top down;
        when it is nowhere whole, its longest part of at least half its length (a quote the
        reader joined across a line or page break, or whose text layer differs in a character)."""
        q = _fold(quote)
        if not q:
            return []
        spans = _find_all(self.text, q)
        if not spans:
            m = SequenceMatcher(None, self.text, q, autojunk=False).find_longest_match(0, len(self.text), 0, len(q))
            if m.size >= max(2, (len(q) + 1) // 2):
                spans = _find_all(self.text, q[m.b:m.b + m.size])
        return sorted(spans, key=lambda s: (-round(self.rects[s[0]][3] / 4), self.rects[s[0]][0]))

    def rect(self, span: tuple[int, int]) -> Rect:
        return _union(self.rects[span[0]:span[1]])

    def inside(self, span: tuple[int, int], area: Rect) -> bool:
        """True when most characters of ``span`` have their centre in ``area``."""
        x0, y0, x1, y1 = area
        n = sum(1 for left, bottom, right, top in self.rects[span[0]:span[1]]
                if x0 - _SLACK <= (left + right) / 2 <= x1 + _SLACK and y0 - _SLACK <= (bottom + top) / 2 <= y1 + _SLACK)
        return 2 * n > span[1] - span[0]


def _find_all(text: str, q: str) -> list[tuple[int, int]]:
    spans, at = [], text.find(q)
    while at >= 0:
        spans.append((at, at + len(q)))
        at = text.find(q, at + 1)
    return spans


def _union(rects: Sequence[Rect]) -> Rect:
    return (min(r[0] for r in rects), min(r[1] for r in rects), max(r[2] for r in rects), max(r[3] for r in rects))


def user_rect(page: pdfium.PdfPage, box: Box) -> Rect:
    """A box in the reader's top-down page coordinates (:mod:`budgetkg.sources.pdf_frame`: the
    MediaBox origin and /Rotate applied, y flipped) back in the page's user space."""
    frame = page_frame(page, 0)
    a, b, c, d, e, f = frame.ctm
    det = a * d - b * c
    xs, ys = [], []
    for x, top in ((box[0], box[1]), (box[2], box[3])):
        dx, dy = x - frame.mb_x0, frame.height - top + frame.mb_top
        xs.append((d * (dx - e) - c * (dy - f)) / det)
        ys.append((-b * (dx - e) + a * (dy - f)) / det)
    left, bottom, right, top_ = page.get_mediabox()
    return (max(min(xs), min(left, right)), max(min(ys), min(bottom, top_)),
            min(max(xs), max(left, right)), min(max(ys), max(bottom, top_)))


def place(page: pdfium.PdfPage, marks: Sequence[Mark], text: _PageText | None = None) -> list[Rect | None]:
    """The rectangle (user space) of each of ``marks`` on ``page`` (None: not found)."""
    text = text or _PageText(page)
    seen: dict[tuple[str, Rect | None], int] = defaultdict(int)
    placed: list[Rect | None] = [None] * len(marks)
    for i in sorted(range(len(marks)), key=lambda i: marks[i].line or 0):
        m = marks[i]
        area = user_rect(page, m.box) if m.box else None
        spans = text.occurrences(m.quote) if m.quote else []
        if area is not None:
            spans = [s for s in spans if text.inside(s, area)]
        key = (_fold(m.quote), area)
        rank = seen[key]
        seen[key] += 1
        if spans:
            r = text.rect(spans[min(rank, len(spans) - 1)])
            placed[i] = (r[0] - _PAD, r[1] - _PAD, r[2] + _PAD, r[3] + _PAD)
        else:
            placed[i] = area
    return placed


# ------------------------------------------------------------------ drawing
def _wide(text: str) -> ctypes.Array[ctypes.c_char]:
    return ctypes.create_string_buffer(text.encode("utf-16-le") + b"\x00\x00")


def _annotate(page: pdfium.PdfPage, subtype: int, rect: Rect, colour: tuple[float, float, float],
              contents: str) -> None:
    """One annotation of ``subtype`` with its colour, a 1.2 pt border and ``contents`` as its note."""
    annot = pdfium_c.FPDFPage_CreateAnnot(page.raw, subtype)
    try:
        left, bottom, right, top = rect
        pdfium_c.FPDFAnnot_SetRect(annot, pdfium_c.FS_RECTF(left, top, right, bottom))
        r, g, b = (round(255 * v) for v in colour)
        pdfium_c.FPDFAnnot_SetColor(annot, pdfium_c.FPDFANNOT_COLORTYPE_Color, r, g, b, 255)
        pdfium_c.FPDFAnnot_SetBorder(annot, 0.0, 0.0, 1.2)
        pdfium_c.FPDFAnnot_SetFlags(annot, pdfium_c.FPDF_ANNOT_FLAG_PRINT)
        for key, value in (("Contents", contents), ("T", "budgetkg")):
            pdfium_c.FPDFAnnot_SetStringValue(annot, key.encode(), ctypes.cast(_wide(value), pdfium_c.FPDF_WIDESTRING))
    finally:
        pdfium_c.FPDFPage_CloseAnnot(annot)


def note(m: Mark, lang: str) -> str:
    """The text of a finding's annotation: severity, check title, message and the quote."""
    label = LABELS["zh" if lang == "zh" else "en"].get(m.severity, m.severity)
    return f"[{label}] {m.title}\n{m.message}" + (f"\n「{m.quote}」" if m.quote else "")


def annotate_pdf(source: Path, marks: Sequence[Mark], output: Path, heading: Sequence[str],
                 lang: str = "en") -> Annotated:
    """Write ``output``: ``source`` with each of ``marks`` drawn on its page and the summary
    page(s) before the report's first page."""
    from pypdf import PdfReader, PdfWriter

    pdf = pdfium.PdfDocument(str(source))
    pages = len(pdf)
    placed = pinned = listed = 0
    unplaced: set[int] = set()
    try:
        by_page: dict[int, list[int]] = defaultdict(list)
        for i, m in enumerate(marks):
            if m.page and 1 <= m.page <= len(pdf):
                by_page[m.page].append(i)
            else:
                listed += 1
        for number, indices in sorted(by_page.items()):
            page = pdf[number - 1]
            rects = place(page, [marks[i] for i in indices])
            for i, rect in zip(indices, rects):
                m = marks[i]
                colour = COLOURS.get(m.severity, (0.0, 0.0, 0.0))
                if rect is not None:
                    _annotate(page, pdfium_c.FPDF_ANNOT_SQUARE, rect, colour, note(m, lang))
                    placed += 1
                else:
                    left, _, _, top = page.get_cropbox()
                    _annotate(page, pdfium_c.FPDF_ANNOT_TEXT, (left + 6, top - 26, left + 26, top - 6), colour,
                              note(m, lang))
                    pinned += 1
                    unplaced.add(i)
        buffer = io.BytesIO()
        pdf.save(buffer)
    finally:
        pdf.close()
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(buffer.getvalue())))
    entries = [Entry(m.severity, m.title, m.message, m.page if m.page and 1 <= m.page <= pages else None,
                     placed=i not in unplaced) for i, m in enumerate(marks)]
    added = insert_summary(writer, entries, heading, lang)
    output.parent.mkdir(parents=True, exist_ok=True)
    with output.open("wb") as out:
        writer.write(out)
    return Annotated(source, output, added, placed, pinned, listed)


# ------------------------------------------------------------------ files
def is_pdf(path: Path) -> bool:
    """True when ``path`` holds a PDF (by its first bytes: a PDF named otherwise is one too)."""
    try:
        with path.open("rb") as f:
            return f.read(1024).lstrip().startswith(b"%PDF")
    except OSError:
        return False


def output_paths(sources: Sequence[Path], output: Path | None) -> dict[Path, Path]:
    """Where each source PDF's annotated copy goes: ``output`` itself for one PDF when it names
    a ``.pdf`` file; otherwise ``output`` is a folder holding ``<name>.checked.pdf`` for each
    (``-2``, ``-3`` … where two sources share a name).

    Raises:
        QueryError: no ``output``, or one ``.pdf`` file named for several PDFs.
    """
    if output is None:
        raise QueryError("--format pdf writes files: give -o OUT.pdf (one PDF) or -o FOLDER (one annotated "
                         "copy per PDF)")
    if output.suffix.lower() == ".pdf" and not output.is_dir():
        if len(sources) > 1:
            raise QueryError(f"{len(sources)} PDFs were checked but -o names one file ({output.name})",
                             hint="give -o a folder: each PDF is written there as <name>.checked.pdf")
        return dict.fromkeys(sources, output)
    taken: set[str] = set()
    out: dict[Path, Path] = {}
    for s in sources:
        name, n = f"{s.stem}.checked.pdf", 1
        while name in taken:
            n += 1
            name = f"{s.stem}-{n}.checked.pdf"
        taken.add(name)
        out[s] = output / name
    return out


def annotate_file(docs: Sequence[AuditedDocument], file: Path, output: Path, lang: str = "en",
                  severities: Sequence[str] = ("error", "warning")) -> Annotated:
    """Write ``output``: the PDF ``file`` with the findings of its document among ``docs`` (matched
    by file name; a publication checked as one report holds both files' findings) drawn on it."""
    doc = next((d for d in docs if d.source == file.name or any(r["source"] == file.name for r in d.findings)),
               AuditedDocument(source=file.name))
    heading = [file.name, " ".join(x for x in (doc.department, str(doc.year or ""), doc.kind) if x)]
    return annotate_pdf(file, marks_of(doc, file.name, severities), output, heading, lang)


def write_annotated(docs: Sequence[AuditedDocument], files: Sequence[Path], output: Path | None,
                    lang: str = "en", severities: Sequence[str] = ("error", "warning")) -> list[str]:
    """Write the annotated copy of every PDF among ``files`` (findings of ``docs``, matched by
    file name) and say, one line each, what was written and which inputs cannot be annotated
    (text, HTML, spreadsheets: they have no pages to draw on) or were not read."""
    said: list[str] = []
    failed = {d.source: d for d in docs if d.error}
    pdfs = [f for f in files if is_pdf(f) and f.name not in failed]
    for f in files:
        if f.name in failed:
            said.append(f"{f.name}: not read, nothing to annotate — {failed[f.name].error}")
        elif f not in pdfs:
            said.append(f"{f.name}: not a PDF, so its findings cannot be drawn on pages (the other formats list them)")
    if not pdfs:
        return said
    targets = output_paths(pdfs, output)
    for f in pdfs:
        done = annotate_file(docs, f, targets[f], lang, severities)
        said.append(f"{f.name}: {done.placed} findings boxed, {done.pinned} pinned at a page's top left, "
                    f"{done.listed} of the whole report listed → {done.output}")
    return said
