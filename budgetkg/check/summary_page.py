"""The first page(s) of an annotated report: the findings listed with links to their pages.

PDFium (the project's PDF library, :mod:`.annotate` draws the boxes with it) can neither link
one page to another (its API has no setter for a link's destination) nor write Chinese without
a CJK font file to embed, and none is sure to be on a machine. So these pages are written with
pypdf (pure Python, no dependencies of its own) as plain PDF: text in Adobe's predefined
Chinese font **STSong-Light** with the **UniGB-UCS2-H** encoding (PDF 1.2, §9.7.5), which every
reader supplies itself — nothing is embedded and the page stays a few kilobytes — and a
``/Link`` annotation over each row going to the finding's page.

The layout is measured, not guessed: a Chinese glyph is one em wide, a Latin one half an em
(the widths the font dictionary declares), so lines wrap where the reader will end them.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from pypdf import PdfWriter
from pypdf.annotations import Link
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    FloatObject,
    NameObject,
    NumberObject,
    TextStringObject,
)

#: A4 portrait, in points.
WIDTH, HEIGHT = 595.0, 842.0
MARGIN = 42.0
SIZE = 8.5          # body text
LEADING = 11.5      # one line of body text

#: Fill colours (r, g, b in 0–1) by severity, the same as the boxes on the pages.
COLOURS = {"error": (0.85, 0.0, 0.0), "warning": (0.95, 0.55, 0.0), "info": (0.1, 0.4, 0.8),
           "notice": (0.45, 0.45, 0.45)}
LABELS = {"zh": {"error": "错误", "warning": "警告", "info": "提示", "notice": "读取说明",
                 "title": "budgetkg 审核结果", "severity": "类别", "page": "页", "check": "检查",
                 "message": "说明", "hint": "点击一行转到其所在页；页上的红框为错误，橙框为警告，框的注释写明问题。",
                 "none": "未发现问题。", "unplaced": "（页上未找到其文字，注释置于页左上角）"},
          "en": {"error": "error", "warning": "warning", "info": "info", "notice": "notice",
                 "title": "budgetkg check findings", "severity": "severity", "page": "page", "check": "check",
                 "message": "message", "hint": "Click a row to go to its page; a red box marks an error, "
                 "an amber one a warning, and the box's note says what is wrong.",
                 "none": "No findings.", "unplaced": "(its text was not found on the page: the note is pinned "
                 "at the page's top left)"}}


@dataclass(frozen=True)
class Entry:
    """One listed finding: what it says and the report page it is on (None: the whole report)."""

    severity: str
    title: str
    message: str
    page: int | None
    placed: bool = True


def _width(text: str, size: float) -> float:
    """The printed width of ``text`` at ``size``: half an em for ASCII, an em for anything else."""
    return sum(0.5 if ord(c) < 0x80 else 1.0 for c in text) * size


def wrap(text: str, width: float, size: float = SIZE) -> list[str]:
    """``text`` in lines no wider than ``width`` (Chinese breaks anywhere; Latin words are kept
    whole where a line can hold them)."""
    lines: list[str] = []
    line = ""
    for word in _words(text):
        if line and _width(line + word, size) > width:
            lines.append(line.rstrip())
            line = word.lstrip()
        else:
            line += word
        while _width(line, size) > width:  # one word longer than a line
            cut = max(1, next(i for i in range(len(line), 0, -1) if _width(line[:i], size) <= width))
            lines.append(line[:cut])
            line = line[cut:]
    return [*lines, line.rstrip()] if line.strip() or not lines else lines


def _words(text: str) -> list[str]:
    """Latin words with their following space, and each other character alone."""
    words: list[str] = []
    for c in text:
        latin = bool(words) and ord(words[-1][-1]) < 0x80
        if latin and (c == " " or (ord(c) < 0x80 and not words[-1].endswith(" "))):
            words[-1] += c
        else:
            words.append(c)
    return words


def _hex(text: str) -> str:
    """``text`` as a UCS-2 hex string (characters beyond the BMP become "?")."""
    return "<" + "".join(f"{ord(c) if ord(c) <= 0xFFFF else 0x3F:04X}" for c in text) + ">"


def _font() -> DictionaryObject:
    """STSong-Light, not embedded, with its Chinese glyphs one em and its Latin ones half an em wide."""
    def n(v: str) -> NameObject:
        return NameObject(v)
    descriptor = DictionaryObject({
        n("/Type"): n("/FontDescriptor"), n("/FontName"): n("/STSong-Light"), n("/Flags"): NumberObject(6),
        n("/FontBBox"): ArrayObject([NumberObject(v) for v in (-25, -254, 1000, 880)]),
        n("/ItalicAngle"): NumberObject(0), n("/Ascent"): NumberObject(880), n("/Descent"): NumberObject(-120),
        n("/CapHeight"): NumberObject(880), n("/StemV"): NumberObject(93)})
    cid = DictionaryObject({
        n("/Type"): n("/Font"), n("/Subtype"): n("/CIDFontType0"), n("/BaseFont"): n("/STSong-Light"),
        n("/CIDSystemInfo"): DictionaryObject({n("/Registry"): TextStringObject("Adobe"),
                                              n("/Ordering"): TextStringObject("GB1"),
                                              n("/Supplement"): NumberObject(2)}),
        n("/FontDescriptor"): descriptor, n("/DW"): NumberObject(1000),
        # the proportional (1–95) and half-width (814–939) Latin of Adobe-GB1
        n("/W"): ArrayObject([NumberObject(v) for v in (1, 95, 500, 814, 939, 500)])})
    return DictionaryObject({
        n("/Type"): n("/Font"), n("/Subtype"): n("/Type0"), n("/BaseFont"): n("/STSong-Light"),
        n("/Encoding"): n("/UniGB-UCS2-H"), n("/DescendantFonts"): ArrayObject([cid])})


class _Canvas:
    """The content stream of one page, written top down (y measured from the page's top)."""

    def __init__(self) -> None:
        self.ops: list[str] = []
        self.links: list[tuple[tuple[float, float, float, float], int]] = []

    def text(self, x: float, top: float, text: str, size: float = SIZE,
             colour: tuple[float, float, float] = (0.0, 0.0, 0.0)) -> None:
        r, g, b = colour
        self.ops.append(f"BT {r:.3f} {g:.3f} {b:.3f} rg /F1 {size:g} Tf {x:.2f} {HEIGHT - top - size:.2f} Td "
                        f"{_hex(text)} Tj ET")

    def rule(self, top: float, grey: float = 0.75) -> None:
        y = HEIGHT - top
        self.ops.append(f"{grey:.2f} G 0.5 w {MARGIN:.2f} {y:.2f} m {WIDTH - MARGIN:.2f} {y:.2f} l S")

    def data(self) -> bytes:
        return "\n".join(self.ops).encode("ascii")


#: Columns: (x offset from the margin, width) of severity, page, check title, message.
_COLS = ((0.0, 40.0), (42.0, 24.0), (70.0, 118.0), (192.0, WIDTH - 2 * MARGIN - 192.0))


def _pages(entries: Sequence[Entry], heading: Sequence[str], lang: str) -> list[_Canvas]:
    """The summary laid out on as many pages as it takes."""
    words = LABELS["zh" if lang == "zh" else "en"]
    pages = [_Canvas()]
    c = pages[0]
    c.text(MARGIN, MARGIN, words["title"], 15)
    top = MARGIN + 24
    for line in heading:
        for part in wrap(line, WIDTH - 2 * MARGIN, 9.5):
            c.text(MARGIN, top, part, 9.5)
            top += 13
    for part in wrap(words["hint"] if entries else words["none"], WIDTH - 2 * MARGIN):
        c.text(MARGIN, top, part, SIZE, (0.35, 0.35, 0.35))
        top += LEADING
    top += 6

    def header(canvas: _Canvas, at: float) -> float:
        for (dx, _), key in zip(_COLS, ("severity", "page", "check", "message")):
            canvas.text(MARGIN + dx, at, words[key], SIZE, (0.3, 0.3, 0.3))
        canvas.rule(at + LEADING + 1, 0.4)
        return at + LEADING + 4

    if entries:
        top = header(c, top)
    for e in entries:
        message = e.message if e.placed else f"{e.message} {words['unplaced']}"
        cells = ([words.get(e.severity, e.severity)], [str(e.page) if e.page else "—"],
                 wrap(e.title, _COLS[2][1]), wrap(message, _COLS[3][1]))
        height = max(len(x) for x in cells) * LEADING
        if top + height > HEIGHT - MARGIN:
            c = _Canvas()
            pages.append(c)
            top = header(c, MARGIN)
        colour = COLOURS.get(e.severity, (0.0, 0.0, 0.0))
        for k, ((dx, _), lines) in enumerate(zip(_COLS, cells)):
            for i, line in enumerate(lines):
                c.text(MARGIN + dx, top + i * LEADING, line, SIZE, colour if k == 0 else (0.0, 0.0, 0.0))
        if e.page:
            c.links.append(((MARGIN, HEIGHT - top - height, WIDTH - MARGIN, HEIGHT - top + 1), e.page))
        top += height + 3
        c.rule(top - 1.5)
    return pages


def insert_summary(writer: PdfWriter, entries: Sequence[Entry], heading: Sequence[str], lang: str) -> int:
    """Insert the summary pages before the report's pages of ``writer``; each row links to the
    finding's page (report page n is page n + the summary's length). Returns the number of pages
    inserted."""
    pages = _pages(entries, heading, lang)
    font = writer._add_object(_font())
    for i, canvas in enumerate(pages):
        writer.insert_blank_page(WIDTH, HEIGHT, index=i)
        page = writer.pages[i]  # the inserted page itself (insert_blank_page hands back a copy)
        page[NameObject("/Resources")] = DictionaryObject(
            {NameObject("/Font"): DictionaryObject({NameObject("/F1"): font})})
        stream = DecodedStreamObject()
        stream.set_data(canvas.data())
        page[NameObject("/Contents")] = writer._add_object(stream)
    for i, canvas in enumerate(pages):
        for rect, report_page in canvas.links:
            target = len(pages) + report_page - 1
            if target < len(writer.pages):
                writer.add_annotation(i, Link(rect=tuple(FloatObject(v) for v in rect),  # type: ignore[arg-type]
                                              border=[0, 0, 0], target_page_index=target))
    return len(pages)
