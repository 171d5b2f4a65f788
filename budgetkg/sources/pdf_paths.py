"""A PDF page's painted paths as pdfminer classified them — the rulings the table finder reads —
from one walk over the page's objects in content-stream order (Form XObjects entered in place).

A painted path is split at each ``m``; a single segment is a ``line``, a closed axis-parallel
four-point loop a ``rect``, anything else a ``curve`` through the end points of its segments
(pdfminer's ``paint_path``). Paths that paint nothing are skipped, and white fills that lie
behind drawn rulings are dropped (:func:`drop_backgrounds`). The same walk records each text
object's place in the stream and the space-only text objects PDFium's text page left out.
"""
from __future__ import annotations

import bisect
import ctypes
from dataclasses import dataclass, field
from enum import Enum

import pypdfium2.raw as pdfium_c

from budgetkg.sources import pdfium_calls as pc
from budgetkg.sources.pdf_chars import blank_space
from budgetkg.sources.pdf_frame import IDENTITY, Frame, Matrix, mult

_I, _F = ctypes.c_int, ctypes.c_float


@dataclass
class Walk:
    """What one pass over a page's objects collects besides the paths."""

    read: set[int]  # text objects PDFium's text page has characters of
    order: dict[int, int] = field(default_factory=dict)  # text object → content-stream order
    blanks: list[tuple[int, dict]] = field(default_factory=list)  # (order, space)
    blank: list[int] = field(default_factory=list)  # ids of the path objects painted only in white


_TEXT = pdfium_c.FPDF_PAGEOBJ_TEXT
_PATH = pdfium_c.FPDF_PAGEOBJ_PATH
_FORM = pdfium_c.FPDF_PAGEOBJ_FORM
_MOVETO = pdfium_c.FPDF_SEGMENT_MOVETO
_BEZIERTO = pdfium_c.FPDF_SEGMENT_BEZIERTO


def page_objects(page: int) -> list[int]:
    return [pc.page_object(page, i) for i in range(max(pc.page_count_objects(page), 0))]


def _object_matrix(obj: int) -> Matrix:
    m = pdfium_c.FS_MATRIX()
    if not pc.obj_matrix(obj, m):
        return IDENTITY
    return (m.a, m.b, m.c, m.d, m.e, m.f)


def walk_objects(objs: list[int], form: Matrix, frame: Frame, objects: dict[str, list[dict]], walk: Walk,
          depth: int) -> None:
    """Paths and text objects in content-stream order, Form XObjects entered in place.

    ``form`` maps the objects' space to the page's (Form XObject matrices); a path's
    points go through its own matrix, then ``form``, then the page rotation — the
    order pdfminer composes them in.
    """
    left, bottom, right, top = _F(), _F(), _F(), _F()
    m = pdfium_c.FS_MATRIX()
    order, read = walk.order, walk.read
    outer = mult(form, frame.ctm)
    for obj in objs:
        kind = pc.obj_type(obj)
        if kind == _PATH:
            paint = _paint(obj)
            if paint is _Paint.NONE:
                continue
            before = {k: len(v) for k, v in objects.items() if k != "char"} if paint is _Paint.BLANK else None
            own = (m.a, m.b, m.c, m.d, m.e, m.f) if pc.obj_matrix(obj, m) else IDENTITY
            _path(obj, mult(own, outer), frame, objects)
            if paint is _Paint.BLANK:
                walk.blank.extend(id(o) for k, n in before.items() for o in objects[k][n:])
        elif kind == _TEXT:
            order[obj] = rank = len(order)
            if obj in read:
                continue
            pc.obj_bounds(obj, left, bottom, right, top)
            if abs(right.value - left.value) < 1e-4:
                blank = blank_space(obj, mult(_object_matrix(obj), form), frame)
                if blank is not None:
                    walk.blanks.append((rank, blank))
        elif kind == _FORM and depth < 15:
            inner = [pc.form_object(obj, i) for i in range(max(pc.form_count_objects(obj), 0))]
            walk_objects(inner, mult(_object_matrix(obj), form), frame, objects, walk, depth + 1)


class _Paint(Enum):
    """What a path puts on the page."""

    NONE = "none"    # neither stroked nor filled: draws nothing
    BLANK = "blank"  # only filled, in white or fully transparent: no line of its own
    INK = "ink"


def _paint(obj: int) -> _Paint:
    fill, stroke = _I(), _I()
    if not pc.draw_mode(obj, fill, stroke) or stroke.value:
        return _Paint.INK
    if not fill.value:
        return _Paint.NONE
    r, g, b, a = ctypes.c_uint(), ctypes.c_uint(), ctypes.c_uint(), ctypes.c_uint()
    if not pc.fill_color(obj, r, g, b, a):
        return _Paint.INK
    return _Paint.BLANK if a.value == 0 or (r.value, g.value, b.value) == (255, 255, 255) else _Paint.INK


_TOUCH = 0.5  # points: a ruling drawn along a fill's edge may overrun it by a hair


def drop_backgrounds(objects: dict[str, list[dict]], blank: set[int]) -> None:
    """Remove the white fills that lie behind drawn rulings: a spreadsheet's white print area
    (or the page's background) is not a cell, and its outline would read as a frame around
    the whole page, adding an empty column to every row of the table inside it. White cells
    that hold no ruling inside them stay: some exports give a table's columns only as such
    cells, with horizontal rules drawn over them."""
    if not blank:
        return
    paths = [o for k in ("line", "rect", "curve") for o in objects[k]]
    inked = sorted((o["x0"], o["x1"], o["top"], o["bottom"]) for o in paths if id(o) not in blank)
    starts = [b[0] for b in inked]

    def behind_ink(o: dict) -> bool:
        """A ruling lies on the fill and runs through its inside (not only along its edge)."""
        x0, x1, top, bottom = o["x0"], o["x1"], o["top"], o["bottom"]
        for i in range(bisect.bisect_left(starts, x0 - _TOUCH), bisect.bisect_right(starts, x1)):
            a0, a1, atop, abottom = inked[i]
            if a1 > x1 + _TOUCH or atop < top - _TOUCH or abottom > bottom + _TOUCH:
                continue
            if (a0 > x0 + 1 and a1 < x1 - 1) or (atop > top + 1 and abottom < bottom - 1):
                return True
        return False

    dropped = {id(o) for o in paths if id(o) in blank and behind_ink(o)}
    if dropped:
        for k in ("line", "rect", "curve"):
            objects[k] = [o for o in objects[k] if id(o) not in dropped]


def _path(obj: int, ctm: Matrix, frame: Frame, objects: dict[str, list[dict]]) -> None:
    """Split a painted path at each move-to and classify its subpaths as pdfminer does."""
    x, y = _F(), _F()
    a, b, c, d, e, f = ctm
    subpath: list[tuple[str, tuple[float, float]]] = []
    bezier = 0
    for i in range(pc.count_segments(obj)):
        seg = pc.segment(obj, i)
        kind = pc.segment_type(seg)
        pc.segment_point(seg, x, y)
        px, py = x.value, y.value
        pt = (a * px + c * py + e, b * px + d * py + f)
        closes = pc.segment_close(seg)
        if kind == _MOVETO:
            _emit(subpath, frame, objects)
            subpath = [("m", pt)]
            bezier = 0
            continue
        if kind == _BEZIERTO:
            bezier += 1
            if bezier % 3:  # control points: pdfminer keeps only a curve's end point
                continue
            op = "c"
        else:
            op = "l"
        if not subpath:
            continue
        if closes and pt == subpath[0][1] and op == "l":
            subpath.append(("h", pt))  # PDFium writes `h` as a line back to the start
        else:
            subpath.append((op, pt))
            if closes:
                subpath.append(("h", subpath[0][1]))
    _emit(subpath, frame, objects)


def _emit(subpath: list[tuple[str, tuple[float, float]]], frame: Frame,
          objects: dict[str, list[dict]]) -> None:
    if len(subpath) < 2:
        return
    shape = "".join(op for op, _ in subpath)
    pts = [pt for _, pt in subpath]
    if len(shape) > 3 and shape[-2:] == "lh" and pts[-2] == pts[0]:
        shape = shape[:-2] + "h"
        pts.pop()
    if shape in ("mlh", "ml"):
        objects["line"].append(_box_obj("line", pts[:2], frame))
    elif shape in ("mlllh", "mllll"):
        (x0, y0), (x1, y1), (x2, y2), (x3, y3), _ = pts
        square = ((x0 == x1 and y1 == y2 and x2 == x3 and y3 == y0)
                  or (y0 == y1 and x1 == x2 and y2 == y3 and x3 == x0))
        if pts[0] == pts[4] and square:
            objects["rect"].append(_box_obj("rect", [pts[0], pts[2]], frame))
        else:
            objects["curve"].append(_curve_obj(pts, frame))
    else:
        objects["curve"].append(_curve_obj(pts, frame))


def _box_obj(kind: str, pts: list[tuple[float, float]], frame: Frame) -> dict:
    xs = [p[0] for p in pts]
    ys = [p[1] for p in pts]
    x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
    top = frame.top(y1)
    return {"object_type": kind, "page_number": frame.page_number,
            "x0": x0 + frame.mb_x0, "x1": x1 + frame.mb_x0, "y0": y0, "y1": y1,
            "top": top, "bottom": frame.top(y0), "doctop": top,
            "width": x1 - x0, "height": y1 - y0}


def _curve_obj(pts: list[tuple[float, float]], frame: Frame) -> dict:
    obj = _box_obj("curve", pts, frame)
    obj["pts"] = [(frame.mb_x0 + x, frame.mb_top + frame.height - y) for x, y in pts]
    return obj
