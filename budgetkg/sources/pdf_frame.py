"""Where a PDF page's points go: PDF matrices in pdfminer's composition order, the matrix a page
starts with (its /Rotate and MediaBox origin), and the frame that maps user space to pdfplumber's
top-left coordinates. Shared by the characters (:mod:`.pdf_chars`) and the paths (:mod:`.pdf_paths`).
"""
from __future__ import annotations

from dataclasses import dataclass, field

import pypdfium2 as pdfium

Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def mult(m1: Matrix, m0: Matrix) -> Matrix:
    """``m1`` then ``m0`` (pdfminer's ``mult_matrix`` order)."""
    a1, b1, c1, d1, e1, f1 = m1
    a0, b0, c0, d0, e0, f0 = m0
    return (a0 * a1 + c0 * b1, b0 * a1 + d0 * b1, a0 * c1 + c0 * d1, b0 * c1 + d0 * d1,
            a0 * e1 + c0 * f1 + e0, b0 * e1 + d0 * f1 + f0)


def rotation_ctm(rotate: int, box: tuple[float, float, float, float]) -> Matrix:
    """The matrix pdfminer starts a page with: undo the MediaBox origin, apply /Rotate."""
    x0, y0, x1, y1 = box
    if rotate == 90:
        return (0, -1, 1, 0, -y0, x1)
    if rotate == 180:
        return (-1, 0, 0, -1, x1, y1)
    if rotate == 270:
        return (0, 1, -1, 0, y1, -x0)
    return (1, 0, 0, 1, -x0, -y0)


@dataclass
class Frame:
    """How a page's user space maps to pdfplumber's top-left coordinates."""

    ctm: Matrix
    height: float
    mb_x0: float
    mb_top: float
    page_number: int
    bbox: tuple[float, float, float, float] = field(default=(0.0, 0.0, 0.0, 0.0))

    def top(self, y: float) -> float:
        return self.height - y + self.mb_top


def page_frame(page: pdfium.PdfPage, page_number: int) -> Frame:
    rotate = page.get_rotation() % 360
    x0, y0, x1, y1 = page.get_mediabox()
    raw = (min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))
    # pdfplumber: MediaBox normalised for the rotation, then flipped (top-left origin)
    nx0, ny0, nx1, ny1 = (raw[1], raw[0], raw[3], raw[2]) if rotate in (90, 270) else raw
    height = ny1 - ny0
    bbox = (nx0, height - ny1, nx1, height - ny0)
    return Frame(ctm=rotation_ctm(rotate, (x0, y0, x1, y1)), height=height,
                  mb_x0=bbox[0], mb_top=bbox[1], page_number=page_number, bbox=bbox)
