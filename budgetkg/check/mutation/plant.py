"""Planting one error into a report as read: edits of a :class:`~budgetkg.sources.document.Document`.

Errors are planted after the readers (sources/), into the Document's lines and cells, not into
the files: every format (a PDF's ruled cells, a text report's tabs, an HTML table) reaches the
parser as the same lines, so one planter covers them all, keeps a PDF cell's page and box, and
needs no PDF writer. A planted edit changes one cell's or one line's text, or removes a run of
lines (a deleted table); the lines after a removal are renumbered as a reader would number
them, and :class:`Plant` maps a finding's line back to the clean document's numbering.
"""
from __future__ import annotations

import random
import re
from dataclasses import dataclass, field, replace

from budgetkg.sources.document import Cell, Document, Line

#: A figure as printed: digits with optional thousands commas and decimals.
FIGURE_RE = re.compile(r"(?<![\d.,])\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\d,])|(?<![\d.,])\d+(?:\.\d+)?(?![\d,.])")


@dataclass(frozen=True)
class Place:
    """Where a planted error is: a finding points at it when its line (in the clean document's
    numbering) lies in ``first``..``last``, when it is about ``table`` (a table kind, for a
    deleted table), when its expected or found value is one of ``figures`` (元, as the checks
    write them: a figure printed in two tables is reported at either), or when its quote holds
    ``text``."""

    first: int
    last: int
    table: str | None = None
    figures: frozenset[str] = frozenset()
    text: str = ""


@dataclass(frozen=True)
class Plant:
    """One planted error: the document with it, where it is, and what changed (for the printout).

    ``removed`` is the (first, count) of lines taken out, whose followers were renumbered."""

    kind: str
    source: str
    document: Document
    place: Place
    before: str
    after: str
    line: int
    removed: tuple[int, int] | None = None
    note: str = field(default="", compare=False)

    def original_line(self, no: int) -> int:
        """A line number of the planted document in the clean document's numbering."""
        if self.removed is None or no < self.removed[0]:
            return no
        return no + self.removed[1]


def replace_in_line(doc: Document, no: int, old: str, new: str, cell: int | None = None, at: int = 0) -> Document:
    """``doc`` with the occurrence of ``old`` that starts at character ``at`` of line ``no`` (of its
    ``cell``-th cell when given) replaced by ``new``; a row's text is its cells joined again."""
    lines = list(doc.lines)
    i = no - 1
    line = lines[i]
    if cell is not None and line.cells:
        row = list(line.cells)
        c = row[cell]
        assert c.text[at:at + len(old)] == old, (c.text, old, at)
        row[cell] = replace(c, text=c.text[:at] + new + c.text[at + len(old):])
        lines[i] = replace(line, text="\t".join(x.text for x in row), cells=tuple(row))
    else:
        assert line.text[at:at + len(old)] == old, (line.text, old, at)
        text = line.text[:at] + new + line.text[at + len(old):]
        cells = tuple(Cell(t, line.page) for t in text.split("\t")) if line.cells else ()
        lines[i] = replace(line, text=text, cells=cells)
    return replace(doc, lines=tuple(lines))


def remove_lines(doc: Document, first: int, last: int) -> Document:
    """``doc`` without lines ``first``..``last``, the later lines renumbered."""
    kept = [ln for ln in doc.lines if not first <= ln.no <= last]
    return replace(doc, lines=tuple(replace(ln, no=k) for k, ln in enumerate(kept, 1)))


def other_figure(printed: str, rng: random.Random) -> str | None:
    """A plausible other figure for ``printed``: one digit changed, its format kept (commas,
    decimals). The last digit is left alone when there are others, so the change is more than
    the rounding of the printed figures; None for a figure without a digit to change."""
    digits = [k for k, ch in enumerate(printed) if ch.isdigit()]
    if len(digits) > 1:
        digits = digits[:-1]
    if not digits or printed.replace(",", "").replace(".", "").strip("0") == "":
        return None  # a printed zero stays a zero: 0.00 → 0.50 is a figure, not a slip, in an empty row
    k = rng.choice(digits)
    lead = k == digits[0] and len(digits) > 1 and printed[k] != "0"
    choices = [d for d in "0123456789" if d != printed[k] and not (lead and d == "0")]
    return printed[:k] + rng.choice(choices) + printed[k + 1:]


def sentence_span(doc: Document, no: int, reach: int = 6) -> tuple[int, int]:
    """The lines of the sentence line ``no`` belongs to: back to the line after the previous one
    ending a sentence (。；!?), forward to the next line ending one, at most ``reach`` lines each way;
    a table row is its own span."""
    lines = doc.lines
    if lines[no - 1].is_row:
        return no, no

    def ends(line: Line) -> bool:
        text = line.text.rstrip()
        return line.is_row or text.endswith(("。", "；", ";", "！", "？", "：", ":"))

    first = no
    for k in range(no - 1, max(0, no - 1 - reach), -1):
        prev = lines[k - 1]
        if not prev.text.strip():
            continue
        if ends(prev):
            break
        first = k
    last = no
    for k in range(no, min(len(lines), no + reach) + 1):
        last = k
        if lines[k - 1].text.strip() and ends(lines[k - 1]):
            break
    return first, last
