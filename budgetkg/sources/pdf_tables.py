"""Ruled tables of a PDF page: pdfplumber's "lines" table finder, made cheaper.

The reader's tables must stay exactly the ones pdfplumber finds (the table parsers
were built on its rows), so this module keeps pdfplumber's algorithm and its own
edge merging (``TableFinder.get_edges``) and cell grouping (``cells_to_tables``), and
replaces only the two steps whose pure-Python cost grew with the square of the
number of ruling lines:

* ``edges_to_intersections`` compared every vertical edge with every horizontal one;
  here each vertical edge looks only at the horizontal edges within its height;
* ``intersections_to_cells`` rebuilt the set of edges through two points for every
  pair it tried, and scanned all later points for each point; here the sets are
  built once and the points are indexed by row and column.

Cell text (:func:`extract`) follows ``Table.extract``: a character belongs to the row
and cell its centre falls in, and a cell's characters make its text as
pdfplumber's ``extract_text`` makes it (:func:`budgetkg.sources.pdf_text.cell_text`).
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import defaultdict
from operator import itemgetter

from pdfplumber.table import Table, TableFinder, TableSettings, cells_to_tables

from budgetkg.sources.pdf_text import cell_text

_SETTINGS = TableSettings.resolve(None)

Point = tuple[float, float]
BBox = tuple[float, float, float, float]


class _Finder(TableFinder):
    """pdfplumber's ``TableFinder`` with the default settings and the faster steps."""

    def __init__(self, page):
        self.page = page
        self.settings = _SETTINGS
        self.edges = self.get_edges()
        self.intersections = _intersections(self.edges, _SETTINGS.intersection_x_tolerance,
                                            _SETTINGS.intersection_y_tolerance)
        self.cells = _cells(self.intersections)
        self.tables = [Table(page, group) for group in cells_to_tables(self.cells)]


def find_tables(page) -> list[Table]:
    """The tables drawn with ruling lines on ``page`` (pdfplumber's defaults)."""
    if not page.edges:
        return []
    return _Finder(page).tables


def _intersections(edges: list[dict], x_tol: float, y_tol: float) -> dict[Point, dict[str, list]]:
    """Points where a vertical and a horizontal edge meet, within the tolerances."""
    v_edges = sorted((e for e in edges if e["orientation"] == "v"), key=itemgetter("x0", "top"))
    h_edges = sorted((e for e in edges if e["orientation"] == "h"), key=itemgetter("top", "x0"))
    tops = [h["top"] for h in h_edges]
    found: dict[Point, dict[str, list]] = {}
    for v in v_edges:
        # v["top"] <= h["top"] + y_tol and v["bottom"] >= h["top"] - y_tol
        # (the search is widened a little; the test below is pdfplumber's, exactly)
        lo = bisect_left(tops, v["top"] - y_tol - 1e-6)
        hi = bisect_right(tops, v["bottom"] + y_tol + 1e-6)
        x = v["x0"]
        for h in h_edges[lo:hi]:
            if (v["top"] <= h["top"] + y_tol and v["bottom"] >= h["top"] - y_tol
                    and h["x0"] - x_tol <= x <= h["x1"] + x_tol):
                vertex = (x, h["top"])
                if vertex not in found:
                    found[vertex] = {"v": [], "h": []}
                found[vertex]["v"].append(v)
                found[vertex]["h"].append(h)
    return found


def _bboxes(edges: list[dict]) -> set[BBox]:
    return {(e["x0"], e["top"], e["x1"], e["bottom"]) for e in edges}


def _cells(intersections: dict[Point, dict[str, list]]) -> list[BBox]:
    """For each point, the smallest cell it is the top-left corner of (as pdfplumber)."""
    vsets = {p: _bboxes(d["v"]) for p, d in intersections.items()}
    hsets = {p: _bboxes(d["h"]) for p, d in intersections.items()}

    def connects(p1: Point, p2: Point) -> bool:
        if p1[0] == p2[0] and not vsets[p1].isdisjoint(vsets[p2]):
            return True
        return p1[1] == p2[1] and not hsets[p1].isdisjoint(hsets[p2])

    points = sorted(intersections)
    columns: dict[float, list[Point]] = defaultdict(list)
    rows: dict[float, list[Point]] = defaultdict(list)
    for p in points:  # sorted by x, then y: columns run down, rows run right
        columns[p[0]].append(p)
        rows[p[1]].append(p)
    column_index = {p: i for col in columns.values() for i, p in enumerate(col)}
    row_index = {p: i for row in rows.values() for i, p in enumerate(row)}
    cells: list[BBox] = []
    for pt in points[:-1]:
        below = columns[pt[0]][column_index[pt] + 1:]
        right = rows[pt[1]][row_index[pt] + 1:]
        cell = _smallest_cell(pt, below, right, intersections, connects)
        if cell is not None:
            cells.append(cell)
    return cells


def _smallest_cell(pt: Point, below: list[Point], right: list[Point], intersections, connects):
    for below_pt in below:
        if not connects(pt, below_pt):
            continue
        for right_pt in right:
            if not connects(pt, right_pt):
                continue
            corner = (right_pt[0], below_pt[1])
            if corner in intersections and connects(corner, right_pt) and connects(corner, below_pt):
                return (pt[0], pt[1], corner[0], corner[1])
    return None


def extract(table: Table, chars: list[dict]) -> list[list[str | None]]:
    """``Table.extract()`` without its rows × characters scan.

    Same rule — a character belongs to the row and cell its centre falls in (left and
    top edges inclusive) — and the same text function, in the same character order; the
    characters are only sorted by their vertical centre once so that each row looks at
    its own.
    """
    mids = sorted(((c["top"] + c["bottom"]) / 2, (c["x0"] + c["x1"]) / 2, n, c)
                  for n, c in enumerate(chars))
    keys = [m[0] for m in mids]
    out: list[list[str | None]] = []
    for row in table.rows:
        x0, top, x1, bottom = row.bbox
        lo, hi = bisect_left(keys, top), bisect_left(keys, bottom)
        row_chars = sorted((m for m in mids[lo:hi] if x0 <= m[1] < x1), key=itemgetter(2))
        texts: list[str | None] = []
        for cell in row.cells:
            if cell is None:
                texts.append(None)
                continue
            cx0, ctop, cx1, cbottom = cell
            inside = [m[3] for m in row_chars if cx0 <= m[1] < cx1 and ctop <= m[0] < cbottom]
            texts.append(cell_text(inside) if inside else "")
        out.append(texts)
    return out

