"""A PDF page's characters as pdfminer boxed them, read from PDFium's text page.

A character's box spans its advance width and, vertically, one font size up from the font's
descent below the baseline (pdfminer's ``LTChar``), in the character's text matrix; a descent
deeper than half the size is scaled into the font's extent (:func:`box_descent`). Glyphs without
Unicode read as ``(cid:N)``; text objects of spaces only, which PDFium drops, come back as one
space each (:func:`blank_space`). See :mod:`.pdf_objects` for why the geometry is pdfminer's.
"""
from __future__ import annotations

import ctypes

import pypdfium2.raw as pdfium_c

from budgetkg.sources import pdfium_calls as pc
from budgetkg.sources.pdf_frame import IDENTITY, Frame, Matrix, mult

_F, _D = ctypes.c_float, ctypes.c_double


#: Code points PDFium may have generated itself (space, line break, hyphen mark, 0xFFFE).
_MAYBE_GENERATED = frozenset((32, 13, 10, 2, 0xFFFE))


def page_codes(tp: int, count: int) -> list[int]:
    """Every character's code point, from one ``FPDFText_GetText`` of the whole page.

    One call instead of ``FPDFText_GetUnicode`` per character (a ctypes call costs more than
    PDFium's work in it). The page's text buffer holds one UTF-16 unit (or surrogate pair) per
    character, except control characters PDFium keeps out of it; when the decoded text is not one
    code point per character, each is asked for. It also writes a line-end hyphen, 0x2 per
    character, as 0xFFFE: :func:`read_chars` asks again for those (see ``_MAYBE_GENERATED``)."""
    if count <= 0:
        return []
    buf = (ctypes.c_ushort * (count + 1))()
    got = pc.get_text(tp, 0, count, buf)
    text = ctypes.string_at(buf, 2 * max(got - 1, 0)).decode("utf-16-le", "surrogatepass")
    if len(text) == count:
        return list(map(ord, text))
    return [pc.unicode(tp, i) for i in range(count)]


def read_chars(tp: int, frame: Frame) -> list[tuple[int, dict]]:
    """(text object, char) of every character PDFium's text page read, in its order.

    Per character only what PDFium gives per character is asked for (its text object, origin,
    loose box and whether its glyph has Unicode); the codes come for the page at once
    (:func:`page_codes`), and what belongs to a text object (matrix, font size, metrics) is
    looked up once per run of its characters."""
    m = pdfium_c.FS_MATRIX()
    ox, oy = _D(), _D()
    r = pdfium_c.FS_RECTF()
    # per text object: (matrix a–d, Tf size, descent, ascent)
    seen: dict[int, tuple[bool, float, float, float, float, float, float, float, float, float, float]] = {}
    fonts: dict[tuple[int, float], tuple[float, float]] = {}  # (font, size) → (descent, ascent)
    chars: list[tuple[int, dict]] = []
    append = chars.append
    plain = frame.ctm == IDENTITY
    height, mb_x0, mb_top, number = frame.height, frame.mb_x0, frame.mb_top, frame.page_number
    generated, text_object, maybe_generated = pc.is_generated, pc.text_object, _MAYBE_GENERATED
    unicode = pc.unicode
    char_origin, loose_box, unicode_error = pc.char_origin, pc.loose_box, pc.unicode_error
    last = None
    fast = False
    a = b = c = d = size = descent = ascent = low = tall = boxed = 0.0
    for i, code in enumerate(page_codes(tp, pc.count_chars(tp))):
        # PDFium adds spaces and line breaks of its own; pdfminer had none of them
        if code in maybe_generated:
            code = unicode(tp, i)  # the page's text has 0xFFFE where the character says 0x2
            if code in maybe_generated and generated(tp, i):
                continue
            if code == 2 and pc.is_hyphen(tp, i):
                code = 0x2D  # PDFium marks a hyphen that ends a line as 0x2; pdfminer gave "-"
        key = text_object(tp, i) or 0
        if key != last:
            last = key
            known = seen.get(key)
            if known is None:
                size = float(pc.char_font_size(tp, i))
                font = pc.obj_font(key) if key else None
                fkey = (font or 0, size)
                metrics = fonts.get(fkey)
                if metrics is None:
                    metrics = fonts[fkey] = font_metrics(font, size)
                pc.char_matrix(tp, i, m)  # the text object's matrix (e, f are not a char's origin)
                a, b, c, d = m.a, m.b, m.c, m.d
                # upright text on an unrotated page, the common case, is computed directly
                fast = plain and not b and not c and a > 0 and d > 0
                boxed = box_descent(*metrics, size)
                known = seen[key] = (fast, a, b, c, d, size, *metrics, d * boxed, d * size,
                                     boxed)
            fast, a, b, c, d, size, descent, ascent, low, tall, boxed = known
        char_origin(tp, i, ox, oy)
        loose_box(tp, i, r)
        if unicode_error(tp, i):
            # no Unicode for this glyph: PDFium gives the character code itself as if it
            # were text (code 0x31 reads "1" — a wrong digit); pdfminer wrote "(cid:N)"
            text = f"(cid:{pc.unicode(tp, i)})"
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
        append((key, char_box(frame, text, (a, b, c, d, ox.value, oy.value), size, boxed, adv)))
    return chars


def char_box(frame: Frame, text: str, matrix: Matrix, size: float, descent: float,
          adv: float) -> dict:
    """pdfminer's ``LTChar`` box: text-space [0, adv] × [descent, descent + size] through
    the character's matrix and the page's rotation, flipped to pdfplumber's ``top``."""
    cm = matrix if frame.ctm == IDENTITY else mult(matrix, frame.ctm)
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


def font_metrics(font: int | None, size: float) -> tuple[float, float]:
    """The font's descent (negative, as pdfminer has it) and ascent at ``size``, in text space."""
    descent, ascent = _F(0.0), _F(0.0)
    if font:
        pc.font_descent(font, size, descent)
        pc.font_ascent(font, size, ascent)
    d = float(descent.value)
    return (-d if d > 0 else d), float(ascent.value)


def box_descent(descent: float, ascent: float, size: float) -> float:
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


def blank_space(obj: int, matrix: Matrix, frame: Frame) -> dict | None:
    """A space where PDFium dropped a text object without ink (its glyphs are spaces).

    pdfminer gave these spaces as characters, and a space ends a word; PDFium's text
    page leaves such an object out, so it is put back as one zero-width space at the
    object's origin. Its height is the object's font size, like every character's.
    """
    size = _F(0.0)
    if not pc.obj_font_size(obj, size) or not size.value:
        return None
    font = pc.obj_font(obj)
    descent, ascent = font_metrics(font, 1.0)
    tf = float(size.value)  # the Tf size; the object's matrix carries the scale
    return char_box(frame, " ", matrix, tf, box_descent(descent, ascent, 1.0) * tf, 0.0)
