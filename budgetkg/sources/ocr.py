"""Pages without a text layer, read by OCR — offline, with the models the OCR wheel ships.

The engine is RapidOCR on ONNX Runtime (``rapidocr-onnxruntime``): its Chinese text
detection and recognition models (PP-OCRv4) are files inside the wheel, so ``make install``
brings everything and nothing is downloaded when a page is read. (The newer ``rapidocr``
package fetches models that are not in its wheel on first use, so it is not used.)

A page is rendered grey at :data:`DPI`, its text runs recognised (box, text, confidence)
and its ruling lines found in the image (:mod:`.ocr_rulings`). Both are handed on in
pdfplumber's object format — each run's characters spread evenly over its box, the
rulings as ``line`` objects — as a :class:`~budgetkg.sources.pdf_objects.PageObjects`, so
the PDF reader finds tables, cells and lines on a scanned page exactly as on a
text-layer page, and everything after ``sources/`` sees the same kind of Document.
Tables printed without rulings get rulings drawn between their rows and columns where
the runs' gaps line up (:mod:`.ocr_columns`).

The engine and numpy are imported only when a page needs OCR: text-layer PDFs never load them.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache

from budgetkg.errors import SourceError
from budgetkg.sources.document import Box
from budgetkg.sources.pdf_objects import PageObjects

#: Resolution pages are rendered at for recognition (grey).
DPI = 200


@dataclass(frozen=True, slots=True)
class Run:
    """One recognised text run: its text, box in PDF points (x0, top, x1, bottom) and confidence."""

    text: str
    box: Box
    confidence: float


class OcrPage(PageObjects):
    """A scanned page's objects (characters of its runs, rulings from its image), with the runs."""

    def __init__(self, page_number: int, bbox, objects, runs: list[Run]):
        super().__init__(page_number, bbox, objects)
        self.runs = runs


#: Told of each page OCR reads in this process: (page number, pages in its PDF, the PDF's name).
PageListener = Callable[[int, int, str], None]
_listeners: list[PageListener] = []


@contextmanager
def page_progress(callback: PageListener) -> Iterator[None]:
    """Within the block, ``callback`` is told of every page OCR reads in this process (the
    command line's progress bar; a worker process relays its pages to it, see :func:`listen`)."""
    _listeners.append(callback)
    try:
        yield
    finally:
        _listeners.remove(callback)


def listen(callback: PageListener) -> None:
    """``callback`` is told of every page OCR reads in this process from now on (a worker
    process's relay of its pages to the process that shows the progress)."""
    _listeners.append(callback)


def tell_page(number: int, total: int, name: str = "") -> None:
    """Tell the listeners that page ``number`` of ``total`` of the PDF ``name`` was read."""
    for callback in list(_listeners):
        callback(number, total, name)


@lru_cache(maxsize=1)
def _engine():
    try:
        from rapidocr_onnxruntime import RapidOCR
    except ImportError as exc:  # pragma: no cover - part of the install
        raise SourceError("the PDF has no text layer and the OCR engine is not installed",
                          hint="run `make install` (it installs rapidocr-onnxruntime)") from exc
    # one thread: ingest reads in one worker process per core, and on a loaded machine one
    # thread read a page faster than ONNX Runtime's default pool (2.4 s against 3.5 s wall)
    return RapidOCR(intra_op_num_threads=1, inter_op_num_threads=1)


def needs_ocr(page, objects: PageObjects) -> bool:
    """Whether a page has no text objects but shows an image (a scan); a blank page does not."""
    if objects.chars:
        return False
    import pypdfium2.raw as pdfium_c
    return any(True for _ in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=3))


def recognise_page(page, objects: PageObjects) -> OcrPage:
    """The objects of scanned ``page`` (a pypdfium2 page whose text-layer read gave ``objects``)."""
    import numpy as np

    from budgetkg.sources.ocr_columns import column_rulings
    from budgetkg.sources.ocr_rulings import find_rulings

    scale = DPI / 72
    x0, top, _, _ = objects.bbox
    grey = np.asarray(page.render(scale=scale, grayscale=True, may_draw_forms=True).to_pil().convert("L"))
    result, _ = _engine()(np.stack([grey] * 3, axis=-1), use_cls=False)
    runs = []
    for quad, text, score in result or ():
        xs, ys = [p[0] for p in quad], [p[1] for p in quad]
        text = text.strip()
        if text:
            runs.append(Run(text, (x0 + min(xs) / scale, top + min(ys) / scale,
                                   x0 + max(xs) / scale, top + max(ys) / scale), float(score)))
    lines = [_shift(ln, x0, top) for ln in find_rulings(grey, scale)]
    lines += column_rulings(runs, lines)
    chars = [c for run in sorted(runs, key=lambda r: (r.box[1], r.box[0])) for c in _chars(run, objects.page_number)]
    return OcrPage(objects.page_number, objects.bbox,
                   {"char": chars, "line": lines, "rect": [], "curve": []}, runs)


def _shift(line: dict, dx: float, dy: float) -> dict:
    return {**line, "x0": line["x0"] + dx, "x1": line["x1"] + dx, "top": line["top"] + dy,
            "bottom": line["bottom"] + dy, "doctop": line["top"] + dy}


def _chars(run: Run, page_number: int) -> list[dict]:
    """A run's characters in pdfplumber's format, spread evenly over its box, all sharing the
    run's band (so a line's runs cluster by their centres, whatever their glyphs' heights)."""
    x0, top, x1, bottom = run.box
    step = (x1 - x0) / len(run.text)
    height = bottom - top
    return [{"text": ch, "x0": x0 + i * step, "x1": x0 + (i + 1) * step, "top": top, "bottom": bottom,
             "doctop": top, "width": step, "height": height, "size": height, "upright": True,
             "page_number": page_number, "object_type": "char"}
            for i, ch in enumerate(run.text)]


def confidence_in(runs: list[Run], box: Box | None) -> float | None:
    """The lowest confidence of the runs whose centre lies in ``box`` (None when none does)."""
    if box is None:
        return None
    x0, top, x1, bottom = box
    found = [r.confidence for r in runs
             if x0 <= (r.box[0] + r.box[2]) / 2 < x1 and top <= (r.box[1] + r.box[3]) / 2 < bottom]
    return min(found) if found else None
