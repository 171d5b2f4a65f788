"""Where a report's table figures are printed: the figure slots of a line, and which slot holds a
parsed row's amount, so a planter can change exactly the figure the parser read.

A row of a PDF or HTML table has cells; a row of a text report may be one line of text with its
figures separated by spaces. Both are read here as *slots*: a figure token, its cell (or None for
a line without cells) and where it starts.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from budgetkg.check.mutation.plant import FIGURE_RE
from budgetkg.model.report import ProofStatus, Report, Row, Table
from budgetkg.sources.document import Document, Line
from budgetkg.text.amounts import UNIT_FACTORS, format_decimal, parse_number
from budgetkg.text.names import squash

_CJK_RE = re.compile(r"[\u4e00-\u9fff]")


@dataclass(frozen=True)
class Slot:
    """A figure printed in a line: its text, cell (None for a line without cells) and offset."""

    text: str
    cell: int | None
    at: int

    @property
    def value(self) -> Decimal | None:
        try:
            return parse_number(self.text)
        except (InvalidOperation, ValueError):
            return None


def slots(line: Line) -> list[Slot]:
    """Every figure token of a line, cell by cell (a cell holding one figure and nothing else but
    spaces), or along its text for a line without cells."""
    if line.cells:
        out = []
        for k, c in enumerate(line.cells):
            found = list(FIGURE_RE.finditer(c.text))
            if len(found) == 1 and not c.text.replace(found[0].group(0), "").strip(" -"):
                out.append(Slot(found[0].group(0), k, found[0].start()))
        return out
    return [Slot(m.group(0), None, m.start()) for m in FIGURE_RE.finditer(line.text)]


def verified_tables(report: Report) -> Iterator[Table]:
    """The printed tables whose own arithmetic closes (proof: verified)."""
    for t in report.tables:
        if t.origin == "table" and t.proof is not None and t.proof.status is ProofStatus.VERIFIED and t.rows:
            yield t


def span(table: Table) -> tuple[int, int]:
    """The lines a table is printed on: its title to its last row."""
    return table.source.line, max([table.source.line, *(r.source.line for r in table.rows)])


def _side_range(line: Line, row: Row, slots_: list[Slot]) -> list[Slot]:
    """The slots of a two-sided row (income | expenditure on one line) on the row's own side:
    after the expenditure side's label, or before it for the income side."""
    if row.side not in ("income", "expenditure"):
        return slots_
    label = squash(row.label or "")
    if line.cells:
        texts = [(k, squash(c.text)) for k, c in enumerate(line.cells)]
        if row.side == "expenditure":
            at = next((k for k, t in reversed(texts) if label and t and (label in t or t in label)), None)
            return [] if at is None else [s for s in slots_ if (s.cell or 0) > at]
        at = next((k for k, t in texts if k and t and not FIGURE_RE.fullmatch(t)), None)
        return slots_ if at is None else [s for s in slots_ if (s.cell or 0) < at]
    text = line.text
    if row.side == "expenditure":
        pos = text.rfind(row.label) if row.label else -1
        return [] if pos < 0 else [s for s in slots_ if s.at > pos]
    first = slots_[0] if slots_ else None
    cjk = _CJK_RE.search(text, first.at + len(first.text)) if first else None
    return slots_ if cjk is None else [s for s in slots_ if s.at < cjk.start()]


def row_slots(doc: Document, table: Table, row: Row) -> Iterator[tuple[str, Slot]]:
    """(column, slot) for each of the row's parsed amounts that is printed in exactly one place of
    its side of the line (a figure printed twice there cannot be told apart); derived figures
    (computed by budgetkg, printed nowhere) are left out."""
    line = doc.lines[row.source.line - 1]
    mine = _side_range(line, row, slots(line))
    for col, amount in row.amounts.items():
        if col in table.derived:
            continue
        same = [s for s in mine if s.value == amount.printed]
        if len(same) == 1:
            yield col, same[0]


def yuan_text(printed: str, unit: str) -> str | None:
    """A printed figure in 元 as the checks write expected and found values."""
    try:
        return format_decimal(parse_number(printed) * UNIT_FACTORS.get(unit, Decimal(1)))
    except (InvalidOperation, ValueError):
        return None
