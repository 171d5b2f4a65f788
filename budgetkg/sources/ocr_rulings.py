"""Ruling lines of a scanned table, found in the page image (numpy only, no OpenCV).

A ruled table's lines are long, thin runs of dark pixels; a character's strokes are
short (an ideograph is one em wide, well under :data:`MIN_LENGTH`). Runs at least that long
are taken row by row (horizontal rulings) and column by column (vertical ones), runs on
neighbouring pixel rows that overlap are merged into one ruling (a line drawn two or
three pixels thick, or slightly skewed), and rulings thicker than :data:`MAX_THICKNESS`
(shaded bands, black blocks; a skewed scan's long ruling may drift by :data:`SKEW` of its
length) are dropped. The rulings are handed on as pdfplumber
``line`` objects in PDF points, so the PDF reader's own table finder builds the cells from
them exactly as it does from a text-layer PDF's drawn rulings.
"""
from __future__ import annotations

import numpy as np

#: Grey level (0 black … 255 white) below which a pixel is ink.
DARK = 160
#: Shortest ruling, in PDF points (0.3 inch): longer than any character's stroke.
MIN_LENGTH = 21.6
#: Thickest ruling, in PDF points: a thicker dark band is shading, not a line.
MAX_THICKNESS = 3.0
#: A scan's slight skew (about 1°) spreads a long ruling over more pixel rows: this much of its
#: length is allowed on top of :data:`MAX_THICKNESS`.
SKEW = 0.02


def _runs(mask: np.ndarray, min_len: int) -> list[tuple[int, int, int]]:
    """(row, start, end) of the runs of True at least ``min_len`` long in each row of ``mask``."""
    padded = np.zeros((mask.shape[0], mask.shape[1] + 2), dtype=np.int8)
    padded[:, 1:-1] = mask
    step = np.diff(padded, axis=1)
    rows, starts = np.nonzero(step == 1)
    _, ends = np.nonzero(step == -1)  # same row order: every run that starts also ends
    keep = ends - starts >= min_len
    return list(zip(rows[keep].tolist(), starts[keep].tolist(), ends[keep].tolist()))


def _merge(runs: list[tuple[int, int, int]]) -> list[tuple[float, int, int, int]]:
    """Runs on adjacent rows that overlap, merged: (middle row, start, end, thickness in rows)."""
    open_: list[list[int]] = []  # [first row, last row, start, end]
    done: list[list[int]] = []
    for row, start, end in runs:  # rows ascending
        still: list[list[int]] = []
        for line in open_:
            (still if line[1] >= row - 1 else done).append(line)
        open_ = still
        for line in open_:
            # overlapping or touching end to end (a skewed ruling is a staircase of runs)
            if line[1] in (row - 1, row) and start <= line[3] + 1 and end >= line[2] - 1:
                line[1], line[2], line[3] = row, min(line[2], start), max(line[3], end)
                break
        else:
            open_.append([row, row, start, end])
    done += open_
    return [((a + b) / 2, s, e, b - a + 1) for a, b, s, e in done]


def find_rulings(grey: np.ndarray, scale: float) -> list[dict]:
    """The ruling lines of a page image ``grey`` (rows × columns, 0–255), as pdfplumber ``line``
    objects in PDF points; ``scale`` is pixels per point."""
    ink = grey < DARK
    min_len = max(int(MIN_LENGTH * scale), 2)
    thick = MAX_THICKNESS * scale
    lines: list[dict] = []
    for y, x0, x1, t in _merge(_runs(ink, min_len)):
        if t <= thick + SKEW * (x1 - x0):
            top = (y + 0.5) / scale
            lines.append(_line(x0 / scale, x1 / scale, top, top))
    for x, y0, y1, t in _merge(_runs(ink.T, min_len)):
        if t <= thick + SKEW * (y1 - y0):
            left = (x + 0.5) / scale
            lines.append(_line(left, left, y0 / scale, y1 / scale))
    return lines


def _line(x0: float, x1: float, top: float, bottom: float) -> dict:
    return {"object_type": "line", "x0": x0, "x1": x1, "top": top, "bottom": bottom, "doctop": top,
            "width": x1 - x0, "height": bottom - top}
