"""Rows of a grid (a spreadsheet, a Word table) → report lines, the same way for every grid.

A grid row comes as one typed cell per column, trailing blank ones dropped as the PDF reader
drops them. A row whose only text is its first cell is a prose line of that text (a title, a
sentence); any other row with text is a table row (a row that prints only a name under a blank
code column is still a row of its table); an empty row is no line at all.
"""
from __future__ import annotations

from dataclasses import replace

from budgetkg.sources.document import Cell, Line, clean_text, rstrip_cells, text_line


def grid_line(no: int, cells: list[Cell], page: int | None) -> Line | None:
    """The line of one grid row, or None for a row without text."""
    texts = rstrip_cells([clean_text(c.text).strip() for c in cells])
    if not any(t.strip() for t in texts):
        return None
    if len(texts) == 1:
        return text_line(no, texts[0].strip(), page)
    row = tuple(replace(c, text=t, page=page) for c, t in zip(cells, texts))
    return Line(no=no, text="\t".join(texts), page=page, cells=row)


def merged_spans(ranges: list[tuple[int, int, int, int]]) -> tuple[dict[tuple[int, int], int], set[tuple[int, int]]]:
    """From merged ranges (first row, first column, last row, last column; inclusive), the
    span of each range's top-left cell and the set of positions the ranges cover."""
    spans: dict[tuple[int, int], int] = {}
    covered: set[tuple[int, int]] = set()
    for r0, c0, r1, c1 in ranges:
        spans[(r0, c0)] = c1 - c0 + 1
        covered.update((r, c) for r in range(r0, r1 + 1) for c in range(c0, c1 + 1) if (r, c) != (r0, c0))
    return spans, covered


def grid_cell(text: str, pos: tuple[int, int], spans: dict[tuple[int, int], int],
              covered: set[tuple[int, int]]) -> Cell:
    """A grid position's typed cell: span-0 and blank under a merged cell, else its text and span."""
    if pos in covered:
        return Cell("", span=0)
    return Cell(text, span=spans.get(pos, 1))
