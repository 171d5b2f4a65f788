"""Rulings for a scanned table printed without them: columns from the gaps between its runs.

Recognised runs are grouped into lines by their vertical centres. A run of at least
:data:`MIN_ROWS` consecutive lines that each hold two or more runs, one of them a figure,
is a table; its columns are the horizontal stretches, at least :data:`MIN_GAP` wide, that
nearly every row leaves open (:data:`BLOCKING`). Rulings are drawn around the table,
between its rows and down the middle of each gap in every row that leaves it open — a row
whose run covers the gap gets none there, so its run is one cell merged across the
columns — and the reader's table finder makes cells of it as of a ruled table. A table whose area already
holds rulings found in the image is left to them.
"""
from __future__ import annotations

import itertools
import re
from statistics import median

#: Fewest lines that make a table.
MIN_ROWS = 3
#: Narrowest gap between two columns, in PDF points.
MIN_GAP = 6.0
#: Share of a table's rows that may cover a column gap (cells merged across it, 合计 over code and name).
BLOCKING = 0.25
_FIGURE = re.compile(r"^[-−]?[\d,，.]+%?$")


def _line(x0: float, x1: float, top: float, bottom: float) -> dict:
    return {"object_type": "line", "x0": x0, "x1": x1, "top": top, "bottom": bottom, "doctop": top,
            "width": x1 - x0, "height": bottom - top}


def _lines_of(runs) -> list[list]:
    """Runs grouped into lines: a run joins the line whose centre is within half a run's height."""
    lines: list[list] = []
    for run in sorted(runs, key=lambda r: (r.box[1] + r.box[3]) / 2):
        mid = (run.box[1] + run.box[3]) / 2
        if lines and abs(mid - lines[-1][0]) <= (run.box[3] - run.box[1]) / 2:
            lines[-1][1].append(run)
        else:
            lines.append([mid, [run]])
    return [sorted(runs_, key=lambda r: r.box[0]) for _, runs_ in lines]


def _is_row(line: list) -> bool:
    return len(line) >= 2 and any(_FIGURE.match(r.text.replace(" ", "")) for r in line)


def _blocks(lines: list[list]) -> list[list[list]]:
    blocks: list[list[list]] = []
    current: list[list] = []
    heights = [r.box[3] - r.box[1] for line in lines for r in line]
    step = 2.5 * median(heights) if heights else 0
    for line in lines:
        top = min(r.box[1] for r in line)
        if _is_row(line) and (not current or top - max(r.box[3] for r in current[-1]) <= step):
            current.append(line)
            continue
        if len(current) >= MIN_ROWS:
            blocks.append(current)
        current = [line] if _is_row(line) else []
    if len(current) >= MIN_ROWS:
        blocks.append(current)
    return blocks


def _covers(line: list, x: float) -> bool:
    return any(r.box[0] <= x <= r.box[2] for r in line)


def _gaps(block: list[list], left: float, right: float) -> list[float]:
    """Middles of the stretches between ``left`` and ``right`` that all but :data:`BLOCKING` of
    the block's rows leave open (a row that covers one is a cell merged across the gap)."""
    allowed = int(len(block) * BLOCKING)
    gaps: list[float] = []
    start = None
    x = left
    while x <= right:
        open_ = sum(1 for line in block if _covers(line, x)) <= allowed
        if open_ and start is None:
            start = x
        elif not open_ and start is not None:
            if x - start >= MIN_GAP and start > left + 1:
                gaps.append((start + x) / 2)
            start = None
        x += 1.0
    return gaps


def column_rulings(runs, rulings: list[dict]) -> list[dict]:
    """Rulings (pdfplumber ``line`` objects) for the unruled tables among ``runs``."""
    out: list[dict] = []
    for block in _blocks(_lines_of(runs)):
        left = min(r.box[0] for line in block for r in line) - 2
        right = max(r.box[2] for line in block for r in line) + 2
        top = min(r.box[1] for r in block[0]) - 2
        bottom = max(r.box[3] for r in block[-1]) + 2
        if any(left <= (ln["x0"] + ln["x1"]) / 2 <= right and top <= (ln["top"] + ln["bottom"]) / 2 <= bottom
               for ln in rulings):
            continue
        xs = [left, *_gaps(block, left, right), right]
        if len(xs) < 3:
            continue
        ys = [top]
        for above, below in itertools.pairwise(block):
            ys.append((max(r.box[3] for r in above) + min(r.box[1] for r in below)) / 2)
        ys.append(bottom)
        out += [_line(left, right, y, y) for y in ys]
        out += [_line(x, x, top, bottom) for x in (left, right)]
        # inner rulings row by row: none through a row whose run covers the gap (a merged cell)
        out += [_line(x, x, y0, y1) for x in xs[1:-1]
                for line, (y0, y1) in zip(block, itertools.pairwise(ys)) if not _covers(line, x)]
    return out
