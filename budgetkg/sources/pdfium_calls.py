"""The PDFium functions the PDF reader calls per character and per path segment, retyped to take
and return plain addresses (see :func:`_proto`); the rest of PDFium is used through pypdfium2.

Apart from :mod:`.pdf_chars` and :mod:`.pdf_paths` so that both read one set of bindings.
"""
from __future__ import annotations

import ctypes

import pypdfium2.raw as pdfium_c


def _proto(fn, restype, *argtypes):
    """The PDFium function ``fn`` retyped to take and return plain addresses.

    pypdfium2's bindings return handles as ctypes pointer objects; hashing one needs a
    cast per call, which cost more than the call itself at one call per character.
    """
    return ctypes.CFUNCTYPE(restype, *argtypes)(ctypes.cast(fn, ctypes.c_void_p).value)


_V, _I, _F, _D = ctypes.c_void_p, ctypes.c_int, ctypes.c_float, ctypes.c_double
_PF, _PD = ctypes.POINTER(_F), ctypes.POINTER(_D)
_c = pdfium_c
count_chars = _proto(_c.FPDFText_CountChars, _I, _V)
unicode = _proto(_c.FPDFText_GetUnicode, ctypes.c_uint, _V, _I)
get_text = _proto(_c.FPDFText_GetText, _I, _V, _I, _I, ctypes.POINTER(ctypes.c_ushort))
is_generated = _proto(_c.FPDFText_IsGenerated, _I, _V, _I)
unicode_error = _proto(_c.FPDFText_HasUnicodeMapError, _I, _V, _I)
is_hyphen = _proto(_c.FPDFText_IsHyphen, _I, _V, _I)
text_object = _proto(_c.FPDFText_GetTextObject, _V, _V, _I)
char_origin = _proto(_c.FPDFText_GetCharOrigin, _I, _V, _I, _PD, _PD)
loose_box = _proto(_c.FPDFText_GetLooseCharBox, _I, _V, _I, ctypes.POINTER(_c.FS_RECTF))
char_matrix = _proto(_c.FPDFText_GetMatrix, _I, _V, _I, ctypes.POINTER(_c.FS_MATRIX))
char_font_size = _proto(_c.FPDFText_GetFontSize, _D, _V, _I)
obj_font = _proto(_c.FPDFTextObj_GetFont, _V, _V)
obj_font_size = _proto(_c.FPDFTextObj_GetFontSize, _I, _V, _PF)
font_descent = _proto(_c.FPDFFont_GetDescent, _I, _V, _F, _PF)
font_ascent = _proto(_c.FPDFFont_GetAscent, _I, _V, _F, _PF)
page_count_objects = _proto(_c.FPDFPage_CountObjects, _I, _V)
page_object = _proto(_c.FPDFPage_GetObject, _V, _V, _I)
form_count_objects = _proto(_c.FPDFFormObj_CountObjects, _I, _V)
form_object = _proto(_c.FPDFFormObj_GetObject, _V, _V, ctypes.c_ulong)
obj_type = _proto(_c.FPDFPageObj_GetType, _I, _V)
obj_matrix = _proto(_c.FPDFPageObj_GetMatrix, _I, _V, ctypes.POINTER(_c.FS_MATRIX))
obj_bounds = _proto(_c.FPDFPageObj_GetBounds, _I, _V, _PF, _PF, _PF, _PF)
count_segments = _proto(_c.FPDFPath_CountSegments, _I, _V)
segment = _proto(_c.FPDFPath_GetPathSegment, _V, _V, _I)
segment_point = _proto(_c.FPDFPathSegment_GetPoint, _I, _V, _PF, _PF)
segment_type = _proto(_c.FPDFPathSegment_GetType, _I, _V)
segment_close = _proto(_c.FPDFPathSegment_GetClose, _I, _V)
_PI, _PU = ctypes.POINTER(_I), ctypes.POINTER(ctypes.c_uint)
draw_mode = _proto(_c.FPDFPath_GetDrawMode, _I, _V, _PI, _PI)
fill_color = _proto(_c.FPDFPageObj_GetFillColor, _I, _V, _PU, _PU, _PU, _PU)
