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
  scaled into the font's extent instead (:func:`.pdf_chars.box_descent`);
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

This module assembles a page (:func:`read_page_objects`) and derives pdfplumber's edges; the
characters are :mod:`.pdf_chars`, the paths and the walk over the page's objects
:mod:`.pdf_paths`, the coordinates :mod:`.pdf_frame`, the PDFium bindings :mod:`.pdfium_calls`.
"""
from __future__ import annotations

import ctypes
import itertools
from operator import itemgetter

import pypdfium2 as pdfium
from pdfplumber.container import Container

from budgetkg.sources.pdf_chars import read_chars
from budgetkg.sources.pdf_frame import IDENTITY, page_frame
from budgetkg.sources.pdf_paths import Walk, drop_backgrounds, page_objects, walk_objects

_V = ctypes.c_void_p


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
            self._edge_list = edges_of(self._objects)
        return self._edge_list

    @property
    def width(self) -> float:
        return self.bbox[2] - self.bbox[0]

    @property
    def height(self) -> float:
        return self.bbox[3] - self.bbox[1]


def read_page_objects(page: pdfium.PdfPage, page_number: int) -> PageObjects:
    """The characters and painted paths of one page, as pdfplumber would have read them."""
    frame = page_frame(page, page_number)
    objects: dict[str, list[dict]] = {"char": [], "line": [], "rect": [], "curve": []}
    textpage = page.get_textpage()
    try:
        chars = read_chars(ctypes.cast(textpage.raw, _V).value, frame)
    finally:
        textpage.close()
    walk = Walk(read={key for key, _ in chars})
    walk_objects(page_objects(ctypes.cast(page.raw, _V).value), IDENTITY, frame, objects, walk, 0)
    drop_backgrounds(objects, set(walk.blank))
    objects["char"] = _in_stream_order(chars, walk)
    return PageObjects(page_number, frame.bbox, objects)


def _in_stream_order(chars: list[tuple[int, dict]], walk: Walk) -> list[dict]:
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


# -- edges ----------------------------------------------------------------------------------

def _edge(kind: str, x0: float, x1: float, top: float, bottom: float, width: float,
          height: float, orientation: str | None) -> dict:
    return {"object_type": kind, "x0": x0, "x1": x1, "top": top, "bottom": bottom,
            "doctop": top, "width": width, "height": height, "orientation": orientation}


def edges_of(objects: dict[str, list[dict]]) -> list[dict]:
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
        for (ax, ay), (bx, by) in itertools.pairwise(pts):
            out.append(_edge("curve_edge", min(ax, bx), max(ax, bx), min(ay, by), max(ay, by),
                             abs(ax - bx), abs(ay - by),
                             "v" if ax == bx else ("h" if ay == by else None)))
    return out
