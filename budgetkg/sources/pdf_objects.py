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
  character's text matrix — PDFium's "loose" box uses the font's ascent instead; a
  descent deeper than half the size, which would box the glyph below its line, is
  scaled into the font's extent instead (:func:`_box_descent`);
* a painted path is split at each ``m``; a single segment is a ``line``, a closed
  axis-parallel four-point loop a ``rect``, anything else a ``curve`` through the end
  points of its segments (pdfminer's ``paint_path``);
* the page's /Rotate and MediaBox origin turn into the same transformation pdfminer
  applies, and y is flipped to pdfplumber's ``top``.

Where PDFium's text page differs from pdfminer on purpose, the reader follows PDFium
when that is better and pdfminer where the lines depend on it: text objects of spaces
only (dropped by PDFium, no ink) come back as spaces; glyphs without Unicode read as
``(cid:N)`` as pdfminer wrote them, not as the character of their code; text drawn
twice for a bold look is read once (pdfminer read every copy). PDFium is not
thread-safe: read one PDF at a time per process.
"""
from __future__ import annotations

import bisect
import ctypes
from dataclasses import dataclass, field
from enum import Enum
from operator import itemgetter

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from pdfplumber.container import Container

Matrix = tuple[float, float, float, float, float, float]
_IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def _proto(fn, restype, *argtypes):
    """The PDFium function ``fn`` retyped to take and return plain addresses.

    pypdfium2's bindings return handles as ctypes pointer objects; hashing one needs a
    cast per call, which cost more than the call itself at one call per character.
    """
    return ctypes.CFUNCTYPE(restype, *argtypes)(ctypes.cast(fn, ctypes.c_void_p).value)


_V, _I, _F, _D = ctypes.c_void_p, ctypes.c_int, ctypes.c_float, ctypes.c_double
_PF, _PD = ctypes.POINTER(_F), ctypes.POINTER(_D)
_c = pdfium_c
_count_chars = _proto(_c.FPDFText_CountChars, _I, _V)
_unicode = _proto(_c.FPDFText_GetUnicode, ctypes.c_uint, _V, _I)
_is_generated = _proto(_c.FPDFText_IsGenerated, _I, _V, _I)
_unicode_error = _proto(_c.FPDFText_HasUnicodeMapError, _I, _V, _I)
_is_hyphen = _proto(_c.FPDFText_IsHyphen, _I, _V, _I)
_text_object = _proto(_c.FPDFText_GetTextObject, _V, _V, _I)
_char_origin = _proto(_c.FPDFText_GetCharOrigin, _I, _V, _I, _PD, _PD)
_loose_box = _proto(_c.FPDFText_GetLooseCharBox, _I, _V, _I, ctypes.POINTER(_c.FS_RECTF))
_char_matrix = _proto(_c.FPDFText_GetMatrix, _I, _V, _I, ctypes.POINTER(_c.FS_MATRIX))
_char_font_size = _proto(_c.FPDFText_GetFontSize, _D, _V, _I)
_obj_font = _proto(_c.FPDFTextObj_GetFont, _V, _V)
_obj_font_size = _proto(_c.FPDFTextObj_GetFontSize, _I, _V, _PF)
_font_descent = _proto(_c.FPDFFont_GetDescent, _I, _V, _F, _PF)
_font_ascent = _proto(_c.FPDFFont_GetAscent, _I, _V, _F, _PF)
_page_count_objects = _proto(_c.FPDFPage_CountObjects, _I, _V)
_page_object = _proto(_c.FPDFPage_GetObject, _V, _V, _I)
_form_count_objects = _proto(_c.FPDFFormObj_CountObjects, _I, _V)
_form_object = _proto(_c.FPDFFormObj_GetObject, _V, _V, ctypes.c_ulong)
_obj_type = _proto(_c.FPDFPageObj_GetType, _I, _V)
_obj_matrix = _proto(_c.FPDFPageObj_GetMatrix, _I, _V, ctypes.POINTER(_c.FS_MATRIX))
_obj_bounds = _proto(_c.FPDFPageObj_GetBounds, _I, _V, _PF, _PF, _PF, _PF)
_count_segments = _proto(_c.FPDFPath_CountSegments, _I, _V)
_segment = _proto(_c.FPDFPath_GetPathSegment, _V, _V, _I)
_segment_point = _proto(_c.FPDFPathSegment_GetPoint, _I, _V, _PF, _PF)
_segment_type = _proto(_c.FPDFPathSegment_GetType, _I, _V)
_segment_close = _proto(_c.FPDFPathSegment_GetClose, _I, _V)
_PI, _PU = ctypes.POINTER(_I), ctypes.POINTER(ctypes.c_uint)
_draw_mode = _proto(_c.FPDFPath_GetDrawMode, _I, _V, _PI, _PI)
_fill_color = _proto(_c.FPDFPageObj_GetFillColor, _I, _V, _PU, _PU, _PU, _PU)


def _mult(m1: Matrix, m0: Matrix) -> Matrix:
    """``m1`` then ``m0`` (pdfminer's ``mult_matrix`` order)."""
    a1, b1, c1, d1, e1, f1 = m1
    a0, b0, c0, d0, e0, f0 = m0
    return (a0 * a1 + c0 * b1, b0 * a1 + d0 * b1, a0 * c1 + c0 * d1, b0 * c1 + d0 * d1,
            a0 * e1 + c0 * f1 + e0, b0 * e1 + d0 * f1 + f0)


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
        self._edge_list: list[dict] | None = None

    @property
    def objects(self) -> dict[str, list[dict]]:
        return self._objects

    @property
    def edges(self) -> list[dict]:
        """The edges pdfplumber's ``Container.edges`` derives from lines, rects and
        curves (same values, same order), with only the keys its table finder reads."""
        if self._edge_list is None:
            self._edge_list = _edges(self._objects)
        return self._edge_list

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
    textpage = page.get_textpage()
    try:
        chars = _chars(ctypes.cast(textpage.raw, _V).value, frame)
    finally:
        textpage.close()
    walk = _Walk(read={key for key, _ in chars})
    _walk(_page_objects(ctypes.cast(page.raw, _V).value), _IDENTITY, frame, objects, walk, 0)
    _drop_backgrounds(objects, set(walk.blank))
    objects["char"] = _in_stream_order(chars, walk)
    return PageObjects(page_number, frame.bbox, objects)


@dataclass
class _Walk:
    """What one pass over a page's objects collects besides the paths."""

    read: set[int]  # text objects PDFium's text page has characters of
    order: dict[int, int] = field(default_factory=dict)  # text object → content-stream order
    blanks: list[tuple[int, dict]] = field(default_factory=list)  # (order, space)
    blank: list[int] = field(default_factory=list)  # ids of the path objects painted only in white


def _in_stream_order(chars: list[tuple[int, dict]], walk: _Walk) -> list[dict]:
    """Characters and restored spaces in content-stream order, as pdfminer gave them.

    PDFium's text page mostly keeps that order but defers some objects (and the
    grouping downstream breaks ties by order), so characters are sorted by their text
    object's place in the stream — stably, which keeps the order within an object.
    """
    order = walk.order
    ranked = [(order.get(key, -1), char) for key, char in chars]
    ranked += walk.blanks
    ranked.sort(key=itemgetter(0))
    return [char for _, char in ranked]


# -- characters ---------------------------------------------------------------------------

def _chars(tp: int, frame: _Frame) -> list[tuple[int, dict]]:
    """(text object, char) of every character PDFium's text page read, in its order."""
    m = pdfium_c.FS_MATRIX()
    ox, oy = _D(), _D()
    r = pdfium_c.FS_RECTF()
    # per text object: (matrix a–d, Tf size, descent, ascent)
    seen: dict[int, tuple[float, float, float, float, float, float, float]] = {}
    fonts: dict[tuple[int, float], tuple[float, float]] = {}  # (font, size) → (descent, ascent)
    chars: list[tuple[int, dict]] = []
    append = chars.append
    plain = frame.ctm == _IDENTITY
    height, mb_x0, mb_top, number = frame.height, frame.mb_x0, frame.mb_top, frame.page_number
    unicode, generated, text_object = _unicode, _is_generated, _text_object
    char_origin, loose_box, unicode_error = _char_origin, _loose_box, _unicode_error
    for i in range(_count_chars(tp)):
        code = unicode(tp, i)
        # PDFium adds spaces and line breaks of its own; pdfminer had none of them
        if code in (32, 13, 10, 2, 0xFFFE) and generated(tp, i):
            continue
        if code == 2 and _is_hyphen(tp, i):
            code = 0x2D  # PDFium marks a hyphen that ends a line as 0x2; pdfminer gave "-"
        key = text_object(tp, i) or 0
        known = seen.get(key)
        if known is None:
            size = float(_char_font_size(tp, i))
            font = _obj_font(key) if key else None
            fkey = (font or 0, size)
            metrics = fonts.get(fkey)
            if metrics is None:
                metrics = fonts[fkey] = _font_metrics(font, size)
            _char_matrix(tp, i, m)  # the text object's matrix (e, f are not a char's origin)
            a, b, c, d = m.a, m.b, m.c, m.d
            # upright text on an unrotated page, the common case, is computed directly
            fast = plain and not b and not c and a > 0 and d > 0
            box_descent = _box_descent(*metrics, size)
            known = seen[key] = (fast, a, b, c, d, size, *metrics, d * box_descent, d * size,
                                 box_descent)
        fast, a, b, c, d, size, descent, ascent, low, tall, box_descent = known
        char_origin(tp, i, ox, oy)
        loose_box(tp, i, r)
        if unicode_error(tp, i):
            # no Unicode for this glyph: PDFium gives the character code itself as if it
            # were text (code 0x31 reads "1" — a wrong digit); pdfminer wrote "(cid:N)"
            text = f"(cid:{code})"
        else:
            text = chr(code) if code < 0x110000 else "\ufffd"
        if fast:  # pdfminer's arithmetic, in pdfminer's order
            x0 = ox.value + mb_x0
            x1 = x0 + (r.right - r.left)
            y0 = oy.value + low
            y1 = y0 + tall
            top = height - y1 + mb_top
            append((key, {"text": text, "x0": x0, "x1": x1, "top": top, "bottom": height - y0 + mb_top,
                          "doctop": top, "width": x1 - x0, "height": y1 - y0, "size": y1 - y0,
                          "upright": True, "page_number": number, "object_type": "char"}))
            continue
        # PDFium's loose box is the text-space box [0, adv] × [descent, ascent] through the
        # matrix; recover the advance from it (PDFium does not expose it per character)
        span = ascent - descent
        if abs(a) >= abs(b):
            adv = ((r.right - r.left) - abs(c) * span) / abs(a) if a else 0.0
        else:
            adv = ((r.top - r.bottom) - abs(d) * span) / abs(b)
        append((key, _char(frame, text, (a, b, c, d, ox.value, oy.value), size, box_descent, adv)))
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
    return {"text": text, "x0": x0 + mb_x0, "x1": x1 + mb_x0, "top": top,
            "bottom": height - y0 + mb_top, "doctop": top, "width": x1 - x0, "height": y1 - y0,
            "size": y1 - y0, "upright": bool(ca * cd > 0 and cb * cc <= 0),
            "page_number": frame.page_number, "object_type": "char"}


def _font_metrics(font: int | None, size: float) -> tuple[float, float]:
    """The font's descent (negative, as pdfminer has it) and ascent at ``size``, in text space."""
    descent, ascent = _F(0.0), _F(0.0)
    if font:
        _font_descent(font, size, descent)
        _font_ascent(font, size, ascent)
    d = float(descent.value)
    return (-d if d > 0 else d), float(ascent.value)


def _box_descent(descent: float, ascent: float, size: float) -> float:
    """Where a character's box starts below the baseline: the font's descent, if it can be.

    The box is one font size tall from the descent up, so a descent deeper than half the
    size would put the middle of every character below the line it is printed on — and
    a descent of a whole size the entire box. Some fonts declare such a descent (their
    /Descent copied from a FontBBox that spans well over an em, e.g. -1.033 em with
    ascent 1.333): pdfminer boxes their glyphs below the line, where they join the next
    line or form one of their own ("、 ; ," under the sentence they punctuate). For
    such a font the box keeps the baseline where the font's own extent has it, the
    extent scaled to the size — descent / (ascent − descent) of it below the baseline —
    and never deeper than half the size. Plausible descents are kept as they are, so
    every other document reads as pdfminer read it.
    """
    if descent >= -size / 2:
        return descent
    extent = ascent - descent
    return max(descent * size / extent if extent > size else descent, -size / 2)


# -- page objects: paths, and text objects PDFium's text page left out ------------------------

_TEXT = pdfium_c.FPDF_PAGEOBJ_TEXT
_PATH = pdfium_c.FPDF_PAGEOBJ_PATH
_FORM = pdfium_c.FPDF_PAGEOBJ_FORM
_MOVETO = pdfium_c.FPDF_SEGMENT_MOVETO
_BEZIERTO = pdfium_c.FPDF_SEGMENT_BEZIERTO


def _page_objects(page: int) -> list[int]:
    return [_page_object(page, i) for i in range(max(_page_count_objects(page), 0))]


def _object_matrix(obj: int) -> Matrix:
    m = pdfium_c.FS_MATRIX()
    if not _obj_matrix(obj, m):
        return _IDENTITY
    return (m.a, m.b, m.c, m.d, m.e, m.f)


def _walk(objs: list[int], form: Matrix, frame: _Frame, objects: dict[str, list[dict]], walk: _Walk,
          depth: int) -> None:
    """Paths and text objects in content-stream order, Form XObjects entered in place.

    ``form`` maps the objects' space to the page's (Form XObject matrices); a path's
    points go through its own matrix, then ``form``, then the page rotation — the
    order pdfminer composes them in.
    """
    left, bottom, right, top = _F(), _F(), _F(), _F()
    m = pdfium_c.FS_MATRIX()
    order, read = walk.order, walk.read
    outer = _mult(form, frame.ctm)
    for obj in objs:
        kind = _obj_type(obj)
        if kind == _PATH:
            paint = _paint(obj)
            if paint is _Paint.NONE:
                continue
            before = {k: len(v) for k, v in objects.items() if k != "char"} if paint is _Paint.BLANK else None
            own = (m.a, m.b, m.c, m.d, m.e, m.f) if _obj_matrix(obj, m) else _IDENTITY
            _path(obj, _mult(own, outer), frame, objects)
            if paint is _Paint.BLANK:
                walk.blank.extend(id(o) for k, n in before.items() for o in objects[k][n:])
        elif kind == _TEXT:
            order[obj] = rank = len(order)
            if obj in read:
                continue
            _obj_bounds(obj, left, bottom, right, top)
            if abs(right.value - left.value) < 1e-4:
                blank = _blank(obj, _mult(_object_matrix(obj), form), frame)
                if blank is not None:
                    walk.blanks.append((rank, blank))
        elif kind == _FORM and depth < 15:
            inner = [_form_object(obj, i) for i in range(max(_form_count_objects(obj), 0))]
            _walk(inner, _mult(_object_matrix(obj), form), frame, objects, walk, depth + 1)


class _Paint(Enum):
    """What a path puts on the page."""

    NONE = "none"    # neither stroked nor filled: draws nothing
    BLANK = "blank"  # only filled, in white or fully transparent: no line of its own
    INK = "ink"


def _paint(obj: int) -> _Paint:
    fill, stroke = _I(), _I()
    if not _draw_mode(obj, fill, stroke) or stroke.value:
        return _Paint.INK
    if not fill.value:
        return _Paint.NONE
    r, g, b, a = ctypes.c_uint(), ctypes.c_uint(), ctypes.c_uint(), ctypes.c_uint()
    if not _fill_color(obj, r, g, b, a):
        return _Paint.INK
    return _Paint.BLANK if a.value == 0 or (r.value, g.value, b.value) == (255, 255, 255) else _Paint.INK


_TOUCH = 0.5  # points: a ruling drawn along a fill's edge may overrun it by a hair


def _drop_backgrounds(objects: dict[str, list[dict]], blank: set[int]) -> None:
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


def _blank(obj: int, matrix: Matrix, frame: _Frame) -> dict | None:
    """A space where PDFium dropped a text object without ink (its glyphs are spaces).

    pdfminer gave these spaces as characters, and a space ends a word; PDFium's text
    page leaves such an object out, so it is put back as one zero-width space at the
    object's origin. Its height is the object's font size, like every character's.
    """
    size = _F(0.0)
    if not _obj_font_size(obj, size) or not size.value:
        return None
    font = _obj_font(obj)
    descent, ascent = _font_metrics(font, 1.0)
    tf = float(size.value)  # the Tf size; the object's matrix carries the scale
    return _char(frame, " ", matrix, tf, _box_descent(descent, ascent, 1.0) * tf, 0.0)


def _path(obj: int, ctm: Matrix, frame: _Frame, objects: dict[str, list[dict]]) -> None:
    """Split a painted path at each move-to and classify its subpaths as pdfminer does."""
    x, y = _F(), _F()
    a, b, c, d, e, f = ctm
    subpath: list[tuple[str, tuple[float, float]]] = []
    bezier = 0
    for i in range(_count_segments(obj)):
        seg = _segment(obj, i)
        kind = _segment_type(seg)
        _segment_point(seg, x, y)
        px, py = x.value, y.value
        pt = (a * px + c * py + e, b * px + d * py + f)
        closes = _segment_close(seg)
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


# -- edges ----------------------------------------------------------------------------------

def _edge(kind: str, x0: float, x1: float, top: float, bottom: float, width: float,
          height: float, orientation: str | None) -> dict:
    return {"object_type": kind, "x0": x0, "x1": x1, "top": top, "bottom": bottom,
            "doctop": top, "width": width, "height": height, "orientation": orientation}


def _edges(objects: dict[str, list[dict]]) -> list[dict]:
    """pdfplumber's ``line_to_edge``, ``rect_to_edges`` and ``curve_to_edges``."""
    out = [_edge("line", o["x0"], o["x1"], o["top"], o["bottom"], o["width"], o["height"],
                 "h" if o["top"] == o["bottom"] else "v") for o in objects["line"]]
    for r in objects["rect"]:
        x0, x1, top, bottom, width, height = r["x0"], r["x1"], r["top"], r["bottom"], r["width"], r["height"]
        out.append(_edge("rect_edge", x0, x1, top, top, width, 0, "h"))
        out.append(_edge("rect_edge", x0, x1, top + height, bottom, width, 0, "h"))
        out.append(_edge("rect_edge", x0, x0, top, bottom, 0, height, "v"))
        out.append(_edge("rect_edge", x1, x1, top, bottom, 0, height, "v"))
    for c in objects["curve"]:
        pts = c["pts"]
        for (ax, ay), (bx, by) in zip(pts, pts[1:]):
            out.append(_edge("curve_edge", min(ax, bx), max(ax, bx), min(ay, by), max(ay, by),
                             abs(ax - bx), abs(ay - by),
                             "v" if ax == bx else ("h" if ay == by else None)))
    return out
