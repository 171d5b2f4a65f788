"""A document as every reader hands it on: numbered lines of clean text (with page numbers
where the source has pages), its name, path, encoding and content hash.

A table row is a :class:`Line` whose :attr:`Line.cells` hold its typed cells — text, page,
box and column span — filled once by the reader that saw the row (the PDF reader from
its ruled table's cells, the text reader from a row's tabs or Markdown pipes). Parsers
read the cells; ``Line.text`` (the cells joined by tabs) is only for searching text."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

# Only real HTML tag names: "<乌鲁木齐市新市区>" inside a department name is text.
_HTML_TAG = re.compile(r"</?(?:p|br|div|span|td|tr|th|table|tbody|thead|b|strong|i|em|u|sup|sub|font)"
                       r"(?:\s[^<>]*)?/?>", re.IGNORECASE)
_HTML_ENTITIES = {"&nbsp;": " ", "&lt;": "<", "&gt;": ">", "&amp;": "&", "&quot;": '"'}
_MD_EMPHASIS = re.compile(r"\*\*(.+?)\*\*")
_MD_PIPE_ROW = re.compile(r"^\s*\|(.*)\|\s*$")
_MD_PIPE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")


#: A cell's box on its page in PDF points: (x0, top, x1, bottom), top down as pdfplumber gives it.
Box = tuple[float, float, float, float]


@dataclass(frozen=True, slots=True)
class Cell:
    """One cell of a table row: its clean text, page and box where the source has them, and
    how many of the table's columns it covers.

    ``span`` is 1 for an ordinary cell, n for a merged cell covering n columns, and 0 for a
    column position covered by a merged cell (from the left or from the row above): a row
    keeps one cell per column, so a cell's index is its column.

    ``confidence`` is the OCR engine's confidence (0–1) in a cell read from a scanned page
    (the lowest of its runs'), None for a cell read from text; it is not compared.
    """

    text: str
    page: int | None = None
    box: Box | None = None
    span: int = 1
    confidence: float | None = field(default=None, compare=False)


@dataclass(frozen=True)
class Line:
    """A line of the report: 1-based number, text, page where known, and a table row's cells.

    ``cells`` is empty for a prose line. ``text`` of a row is its cells joined by tabs: code
    that only searches text may read it, but no parser splits it to get cells back.
    """

    no: int
    text: str
    page: int | None = None
    cells: tuple[Cell, ...] = ()

    @property
    def is_row(self) -> bool:
        """True when the line is printed as two or more cells."""
        return len(self.cells) > 1

    def cell_texts(self) -> list[str]:
        """The texts of the row's cells; a prose line's whole text as its one cell."""
        return [c.text for c in self.cells] if self.cells else [self.text]

    def row_cells(self) -> tuple[Cell, ...]:
        """The row's cells; a prose line as one cell holding its whole text."""
        return self.cells or (Cell(self.text, self.page),)

    def cell_box(self, k: int) -> Box | None:
        """The box of the row's ``k``-th cell, where it has one."""
        return self.cells[k].box if 0 <= k < len(self.cells) else None

    def cells_box(self, part: slice) -> Box | None:
        """The box around the cells in ``part`` that have one (a side of a two-sided row)."""
        return _union(self.cells[part])

    @property
    def box(self) -> Box | None:
        """The box around the row's cells that have one (None for text sources and prose)."""
        return _union(self.cells)


def _union(cells: tuple[Cell, ...]) -> Box | None:
    boxes = [c.box for c in cells if c.box is not None]
    if not boxes:
        return None
    return (min(b[0] for b in boxes), min(b[1] for b in boxes),
            max(b[2] for b in boxes), max(b[3] for b in boxes))


def row_line(no: int, cells: tuple[Cell, ...] | list[Cell], page: int | None = None) -> Line:
    """A line made of ``cells`` (its text their texts joined by tabs)."""
    cells = tuple(cells)
    return Line(no=no, text="\t".join(c.text for c in cells), page=page, cells=cells)


def text_line(no: int, text: str, page: int | None = None) -> Line:
    """A line of already clean text: a line holding tabs is a table row and its tabs separate
    the cells (split here, once); any other line is prose."""
    cells = tuple(Cell(t, page) for t in text.split("\t")) if "\t" in text else ()
    return Line(no=no, text=text, page=page, cells=cells)


def read_text_line(no: int, raw: str, page: int | None = None) -> Line:
    """A raw line of a text report, cleaned (:func:`clean_line`), as prose or a table row: its
    cells are the ones its tabs or Markdown pipes separate."""
    text = clean_text(raw)
    if "|" in text:
        if _MD_PIPE_RULE.match(text):
            return Line(no=no, text="", page=page)
        m = _MD_PIPE_ROW.match(text)
        if m:
            parts = [t for cell in m.group(1).split("|") for t in cell.strip().split("\t")]
            return row_line(no, [Cell(t, page) for t in rstrip_cells(parts)], page)
    return text_line(no, text.rstrip(), page)


def rstrip_cells(parts: list[str]) -> list[str]:
    """The cells left when their tab-joined text is right-stripped, as clean lines are: trailing
    blank cells go and the last cell loses its trailing spaces (parsers were built on these rows)."""
    end = len(parts)
    while end > 1 and not parts[end - 1].strip():
        end -= 1
    return [*parts[:end - 1], parts[end - 1].rstrip()] if parts else [""]


@dataclass(frozen=True)
class Document:
    """A report's text as numbered lines, with its name and content hash; ``ocr_pages`` are the
    numbers of the pages read by OCR (a scanned PDF's), empty for a text source."""

    name: str
    path: str
    sha256: str
    encoding: str
    lines: tuple[Line, ...]
    ocr_pages: tuple[int, ...] = ()

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)



def clean_line(text: str) -> str:
    """Strip HTML fragments, Markdown emphasis and pipe tables; keep tabs between cells."""
    text = clean_text(text)
    if "|" in text:
        if _MD_PIPE_RULE.match(text):
            return ""
        m = _MD_PIPE_ROW.match(text)
        if m:
            text = "\t".join(cell.strip() for cell in m.group(1).split("|"))
    return text.rstrip()


def clean_text(text: str) -> str:
    """Strip HTML fragments and Markdown emphasis, and turn odd spaces into plain ones."""
    text = text.replace("\r", "").replace("\f", "").replace("\u3000", " ").replace("\xa0", " ")
    if "<" in text:
        text = _HTML_TAG.sub(" ", text)
    if "&" in text:
        for entity, char in _HTML_ENTITIES.items():
            text = text.replace(entity, char)
    if "**" in text:
        text = _MD_EMPHASIS.sub(r"\1", text)
    return text
