"""A PDF page's characters and ruling paths, read with pypdfium2 (PDFium, compiled C++).

Why: pdfplumber gets a page's objects from pdfminer.six, which interprets the content
stream in pure Python — about 90 % of the time of reading a report went there (8–14
pages/s). PDFium parses the same page two orders of magnitude faster. This module
reads what PDFium parsed and hands it on in pdfplumber's object format (``char``,
``line``, ``rect`` and ``curve`` dicts in top-left page coordinates), so that
pdfplumber's own table finder and text-line grouping (pure geometry, cheap) run on
it unchanged and the reader gives the lines it gave before.

The geometry follows pdfminer's definitions, not PDFium's, because the tolerances
downstream (3 pt line clustering, cell membership of a character's centre) were
tuned on them:

* a character's box spans its advance width horizontally and, vertically, one font
  size up from the font's descent below the baseline (pdfminer's ``LTChar``), in the
  character's text matrix — PDFium's "loose" box uses the font's ascent instead;
* a painted path is split at each ``m``; a single segment is a ``line``, a closed
  axis-parallel four-point loop a ``rect``, anything else a ``curve`` through the end
  points of its segments (pdfminer's ``paint_path``);
* the page's /Rotate and MediaBox origin turn into the same transformation pdfminer
  applies, and y is flipped to pdfplumber's ``top``.
"""
from __future__ import annotations

import ctypes
from dataclasses import dataclass, field

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from pdfplumber.container import Container

Matrix = tuple[float, float, float, float, float, float]
_IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def _mult(m1: Matrix, m0: Matrix) -> Matrix:
    """``m1`` then ``m0`` (pdfminer's ``mult_matrix`` order)."""
    a1, b1, c1, d1, e1, f1 = m1
    a0, b0, c0, d0, e0, f0 = m0
    return (a0 * a1 + c0 * b1, b0 * a1 + d0 * b1, a0 * c1 + c0 * d1, b0 * c1 + d0 * d1,
            a0 * e1 + c0 * f1 + e0, b0 * e1 + d0 * f1 + f0)


def _apply(m: Matrix, x: float, y: float) -> tuple[float, float]:
    a, b, c, d, e, f = m
    return a * x + c * y + e, b * x + d * y + f


def _rotation_ctm(rotate: int, box: tuple[float, float, float, float]) -> Matrix:
    """The matrix pdfminer starts a page with: undo the MediaBox origin, apply /Rotate."""
    x0, y0, x1, y1 = box
    if rotate == 90:
        return (0, -1, 1, 0, -y0, x1)
    if rotate == 180:
        return (-1, 0, 0, -1, x1, y1)
    if rotate == 270:
        return (0, 1, -1, 0, y1, -x0)
    return (1, 0, 0, 1, -x0, -y0)


class PageObjects(Container):
    """One page's objects in pdfplumber's format — enough of a pdfplumber ``Page`` for
    ``TableFinder``, ``Table.extract`` and the text-line functions of ``pdfplumber.utils``."""

    pages = None

    def __init__(self, page_number: int, bbox: tuple[float, float, float, float],
                 objects: dict[str, list[dict]]):
        self.page_number = page_number
        self.bbox = bbox
        self._objects = objects

    @property
    def objects(self) -> dict[str, list[dict]]:
        return self._objects

    @property
    def width(self) -> float:
        return self.bbox[2] - self.bbox[0]

    @property
    def height(self) -> float:
        return self.bbox[3] - self.bbox[1]


@dataclass
class _Frame:
    """How a page's user space maps to pdfplumber's top-left coordinates."""

    ctm: Matrix
    height: float
    mb_x0: float
    mb_top: float
    page_number: int
    bbox: tuple[float, float, float, float] = field(default=(0.0, 0.0, 0.0, 0.0))

    def top(self, y: float) -> float:
        return self.height - y + self.mb_top


def _frame(page: pdfium.PdfPage, page_number: int) -> _Frame:
    rotate = page.get_rotation() % 360
    x0, y0, x1, y1 = page.get_mediabox()
    raw = (min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))
    # pdfplumber: MediaBox normalised for the rotation, then flipped (top-left origin)
    nx0, ny0, nx1, ny1 = (raw[1], raw[0], raw[3], raw[2]) if rotate in (90, 270) else raw
    height = ny1 - ny0
    bbox = (nx0, height - ny1, nx1, height - ny0)
    return _Frame(ctm=_rotation_ctm(rotate, (x0, y0, x1, y1)), height=height,
                  mb_x0=bbox[0], mb_top=bbox[1], page_number=page_number, bbox=bbox)


def read_page_objects(page: pdfium.PdfPage, page_number: int) -> PageObjects:
    """The characters and painted paths of one page, as pdfplumber would have read them."""
    frame = _frame(page, page_number)
    objects: dict[str, list[dict]] = {"char": [], "line": [], "rect": [], "curve": []}
    walk = _objects(page, frame, objects)
    objects["char"] = _with_blanks(_chars(page, frame, walk.order), walk.blanks)
    return PageObjects(page_number, frame.bbox, objects)


def _with_blanks(chars: list[tuple[int, dict]], blanks: list[tuple[int, dict]]) -> list[dict]:
    """Characters and restored spaces merged in content-stream order."""
    if not blanks:
        return [c for _, c in chars]
    out: list[dict] = []
    j = 0
    for order, char in chars:
        while j < len(blanks) and blanks[j][0] < order:
            out.append(blanks[j][1])
            j += 1
        out.append(char)
    out.extend(b for _, b in blanks[j:])
    return out


# -- characters ---------------------------------------------------------------------------

def _chars(page: pdfium.PdfPage, frame: _Frame, order: dict[int, int]) -> list[tuple[int, dict]]:
    textpage = page.get_textpage()
    try:
        return _chars_of(textpage.raw, frame, order)
    finally:
        textpage.close()


def _chars_of(tp, frame: _Frame, order: dict[int, int]) -> list[tuple[int, dict]]:
    """(stream order of its text object, char) of every character PDFium read."""
    count = pdfium_c.FPDFText_CountChars(tp)
    get_unicode = pdfium_c.FPDFText_GetUnicode
    is_generated = pdfium_c.FPDFText_IsGenerated
    get_matrix = pdfium_c.FPDFText_GetMatrix
    get_loose = pdfium_c.FPDFText_GetLooseCharBox
    get_object = pdfium_c.FPDFText_GetTextObject
    get_origin = pdfium_c.FPDFText_GetCharOrigin
    m = pdfium_c.FS_MATRIX()
    ox, oy = ctypes.c_double(), ctypes.c_double()
    r = pdfium_c.FS_RECTF()
    fonts: dict[int, tuple[float, float, float]] = {}  # text object → (size, descent, ascent)
    chars: list[tuple[int, dict]] = []
    for i in range(count):
        if is_generated(tp, i):
            continue
        code = get_unicode(tp, i)
        obj = get_object(tp, i)
        key = _address(obj)
        metrics = fonts.get(key)
        if metrics is None:
            metrics = fonts[key] = _font_metrics(tp, i, obj)
        size, descent, ascent = metrics
        get_matrix(tp, i, m)  # the text object's matrix: e, f are not this character's origin
        get_origin(tp, i, ox, oy)
        get_loose(tp, i, r)
        a, b, c, d = m.a, m.b, m.c, m.d
        # PDFium's loose box is the text-space box [0, adv] × [descent, ascent] through the
        # matrix; recover the advance from it (PDFium does not expose it per character)
        span = ascent - descent
        if abs(a) >= abs(b):
            adv = ((r.right - r.left) - abs(c) * span) / abs(a) if a else 0.0
        else:
            adv = ((r.top - r.bottom) - abs(d) * span) / abs(b)
        chars.append((order.get(key, -1),
                      _char(frame, _text(code), (a, b, c, d, ox.value, oy.value), size, descent, adv)))
    return chars


def _char(frame: _Frame, text: str, matrix: Matrix, size: float, descent: float,
          adv: float) -> dict:
    """pdfminer's ``LTChar`` box: text-space [0, adv] × [descent, descent + size] through
    the character's matrix and the page's rotation, flipped to pdfplumber's ``top``."""
    cm = matrix if frame.ctm == _IDENTITY else _mult(matrix, frame.ctm)
    ca, cb, cc, cd, ce, cf = cm
    lo, hi = descent, descent + size
    xs = (ce + cc * lo, ca * adv + ce + cc * lo, ca * adv + ce + cc * hi, ce + cc * hi)
    ys = (cf + cd * lo, cb * adv + cf + cd * lo, cb * adv + cf + cd * hi, cf + cd * hi)
    x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
    height, mb_x0, mb_top = frame.height, frame.mb_x0, frame.mb_top
    top = height - y1 + mb_top
    return {"object_type": "char", "page_number": frame.page_number,
            "text": text, "x0": x0 + mb_x0, "x1": x1 + mb_x0, "y0": y0, "y1": y1,
            "top": top, "bottom": height - y0 + mb_top, "doctop": top,
            "width": x1 - x0, "height": y1 - y0, "size": y1 - y0,
            "upright": bool(ca * cd > 0 and cb * cc <= 0), "matrix": cm}


def _font_metrics(tp, i: int, obj) -> tuple[float, float, float]:
    """Font size (Tf) and the font's descent and ascent at that size, in text space."""
    size = float(pdfium_c.FPDFText_GetFontSize(tp, i))
    font = pdfium_c.FPDFTextObj_GetFont(obj) if obj else None
    descent = ctypes.c_float(0.0)
    ascent = ctypes.c_float(0.0)
    if font:
        pdfium_c.FPDFFont_GetDescent(font, ctypes.c_float(size), descent)
        pdfium_c.FPDFFont_GetAscent(font, ctypes.c_float(size), ascent)
    d = float(descent.value)
    return size, (-d if d > 0 else d), float(ascent.value)


def _text(code: int) -> str:
    try:
        return chr(code)
    except (ValueError, OverflowError):
        return "\ufffd"


# -- paths ----------------------------------------------------------------------------------

_PATH = pdfium_c.FPDF_PAGEOBJ_PATH
_FORM = pdfium_c.FPDF_PAGEOBJ_FORM


_TEXT = pdfium_c.FPDF_PAGEOBJ_TEXT


@dataclass
class _Walk:
    """What one pass over a page's objects collects besides the paths."""

    order: dict[int, int] = field(default_factory=dict)  # text object address → stream order
    blanks: list[tuple[int, dict]] = field(default_factory=list)  # (order, space char)


def _address(obj) -> int:
    return ctypes.cast(obj, ctypes.c_void_p).value or 0


def _objects(page: pdfium.PdfPage, frame: _Frame, objects: dict[str, list[dict]]) -> _Walk:
    raw = page.raw
    count = pdfium_c.FPDFPage_CountObjects(raw)
    walk = _Walk()
    _walk([pdfium_c.FPDFPage_GetObject(raw, i) for i in range(count)], _IDENTITY, frame, objects,
          walk, 0)
    return walk


def _object_matrix(obj) -> Matrix:
    m = pdfium_c.FS_MATRIX()
    if not pdfium_c.FPDFPageObj_GetMatrix(obj, m):
        return _IDENTITY
    return (m.a, m.b, m.c, m.d, m.e, m.f)


def _walk(objs, form: Matrix, frame: _Frame, objects: dict[str, list[dict]], walk: _Walk,
          depth: int) -> None:
    """Paths and text objects in content-stream order, Form XObjects entered in place."""
    get_type = pdfium_c.FPDFPageObj_GetType
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    for obj in objs:
        kind = get_type(obj)
        if kind == _TEXT:
            walk.order[_address(obj)] = order = len(walk.order)
            pdfium_c.FPDFPageObj_GetBounds(obj, left, bottom, right, top)
            if abs(right.value - left.value) < 1e-4:
                blank = _blank(obj, _mult(_object_matrix(obj), form), frame)
                if blank is not None:
                    walk.blanks.append((order, blank))
        elif kind == _PATH:
            _path(obj, _mult(_mult(_object_matrix(obj), form), frame.ctm), frame, objects)
        elif kind == _FORM and depth < 15:
            n = pdfium_c.FPDFFormObj_CountObjects(obj)
            inner = [pdfium_c.FPDFFormObj_GetObject(obj, i) for i in range(max(n, 0))]
            _walk(inner, _mult(_object_matrix(obj), form), frame, objects, walk, depth + 1)


def _blank(obj, matrix: Matrix, frame: _Frame) -> dict | None:
    """A space where PDFium dropped a text object without ink (its glyphs are spaces).

    pdfminer gave these spaces as characters, and a space ends a word; PDFium's text
    page leaves such an object out, so it is put back as one zero-width space at the
    object's origin. Its height is the object's font size, like every character's.
    """
    size = ctypes.c_float(0.0)
    if not pdfium_c.FPDFTextObj_GetFontSize(obj, size) or not size.value:
        return None
    font = pdfium_c.FPDFTextObj_GetFont(obj)
    descent = ctypes.c_float(0.0)
    if font:
        pdfium_c.FPDFFont_GetDescent(font, ctypes.c_float(1.0), descent)
    tf = float(size.value)  # the Tf size; the object's matrix carries the scale
    return _char(frame, " ", matrix, tf, -abs(float(descent.value)) * tf, 0.0)


def _path(obj, ctm: Matrix, frame: _Frame, objects: dict[str, list[dict]]) -> None:
    """Split a painted path at each move-to and classify its subpaths as pdfminer does."""
    n = pdfium_c.FPDFPath_CountSegments(obj)
    x, y = ctypes.c_float(), ctypes.c_float()
    subpath: list[tuple[str, tuple[float, float]]] = []
    bezier = 0
    for i in range(n):
        seg = pdfium_c.FPDFPath_GetPathSegment(obj, i)
        kind = pdfium_c.FPDFPathSegment_GetType(seg)
        pdfium_c.FPDFPathSegment_GetPoint(seg, x, y)
        pt = _apply(ctm, float(x.value), float(y.value))
        closes = bool(pdfium_c.FPDFPathSegment_GetClose(seg))
        if kind == pdfium_c.FPDF_SEGMENT_MOVETO:
            _emit(subpath, frame, objects)
            subpath = [("m", pt)]
            bezier = 0
            continue
        if kind == pdfium_c.FPDF_SEGMENT_BEZIERTO:
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


def _emit(subpath: list[tuple[str, tuple[float, float]]], frame: _Frame,
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


def _box_obj(kind: str, pts: list[tuple[float, float]], frame: _Frame) -> dict:
    xs = [p[0] for p in pts]
    ys = [p[1] for p in pts]
    x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
    top = frame.top(y1)
    return {"object_type": kind, "page_number": frame.page_number,
            "x0": x0 + frame.mb_x0, "x1": x1 + frame.mb_x0, "y0": y0, "y1": y1,
            "top": top, "bottom": frame.top(y0), "doctop": top,
            "width": x1 - x0, "height": y1 - y0}


def _curve_obj(pts: list[tuple[float, float]], frame: _Frame) -> dict:
    obj = _box_obj("curve", pts, frame)
    obj["pts"] = [(frame.mb_x0 + x, frame.mb_top + frame.height - y) for x, y in pts]
    return obj
