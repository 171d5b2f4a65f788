"""Pages of a PDF-to-HTML conversion, read like PDF pages.

Such a conversion puts each page in a container and every text run in it with
``position:absolute; top:…; left:…; font-size:…`` (and ruling lines as empty boxes with a
border). Each run becomes characters with boxes — a full-width character one font size
wide, any other half of it, the width Song and Hei faces give them — and each bordered box
its ruled edges; the page then goes through the PDF reader's own table finder and line
grouping (:func:`budgetkg.sources.pdf.page_items`), so a ruled table gives rows of typed
cells and the rest of the page gives text lines grouped by their top coordinate, with
running headers and page numbers dropped as in a PDF.
"""
from __future__ import annotations

import re
import unicodedata

from budgetkg.sources.document import Line

_LENGTH = r"\s*(-?[\d.]+)\s*(pt|px)?"
_PROP = {name: re.compile(rf"(?:^|[;\s]){name}\s*:{_LENGTH}", re.IGNORECASE)
         for name in ("top", "left", "width", "height", "font-size")}
_BORDER = re.compile(r"border-(top|bottom|left|right)\s*:\s*([\d.]+)\s*(pt|px)?\s+(?!none)", re.IGNORECASE)
_ABSOLUTE = re.compile(r"position\s*:\s*absolute", re.IGNORECASE)
#: Default page size (A4 in points) when the container does not state its own.
_A4 = (595.0, 842.0)


def _length(style: str, name: str) -> float | None:
    m = _PROP[name].search(style)
    if not m:
        return None
    try:
        value = float(m.group(1))
    except ValueError:
        return None
    return value * 0.75 if (m.group(2) or "px").lower() == "px" else value


def _placed(el) -> bool:
    style = el.get("style") or ""
    return bool(_ABSOLUTE.search(style)) and _length(style, "top") is not None and _length(style, "left") is not None


def is_page(el) -> bool:
    """True for a page container of a conversion: not itself placed, every child element
    placed with top and left, and some of them holding text."""
    children = [c for c in el if isinstance(c.tag, str)]
    if not children or _placed(el):
        return False
    return all(_placed(c) for c in children) and any(c.text_content().strip() for c in children)


def page_group_lines(pages: list, first: int = 1) -> list[Line]:
    """The report lines of consecutive page containers (page numbers from ``first``)."""
    from budgetkg.sources.pdf import page_items, page_lines
    from budgetkg.sources.pdf_objects import PageObjects

    read = []
    for n, el in enumerate(pages, start=first):
        style = el.get("style") or ""
        width = _length(style, "width") or _A4[0]
        height = _length(style, "height") or _A4[1]
        objects: dict[str, list[dict]] = {"char": [], "line": [], "rect": [], "curve": []}
        for run in el:
            if isinstance(run.tag, str):
                _read_run(run, n, objects)
        read.append((n, height, page_items(PageObjects(n, (0.0, 0.0, width, height), objects))))
    return page_lines(read)


def _read_run(run, page: int, objects: dict[str, list[dict]]) -> None:
    """A placed element's characters, or the ruled edges of a bordered box."""
    style = run.get("style") or ""
    top, left = _length(style, "top") or 0.0, _length(style, "left") or 0.0
    text = run.text_content()
    if text.strip():
        size = _length(style, "font-size") or 12.0
        x = left
        for ch in text.replace("\n", ""):
            w = size if unicodedata.east_asian_width(ch) in "WF" else size / 2
            objects["char"].append({"text": ch, "x0": x, "x1": x + w, "top": top, "bottom": top + size,
                                    "doctop": top, "width": w, "height": size, "size": size, "upright": True,
                                    "page_number": page, "object_type": "char"})
            x += w
        return
    width, height = _length(style, "width") or 0.0, _length(style, "height") or 0.0
    for side, _, _ in _BORDER.findall(style):
        side = side.lower()
        if side in ("top", "bottom"):
            y = top if side == "top" else top + height
            objects["line"].append(_line(left, left + width, y, y, page))
        else:
            x = left if side == "left" else left + width
            objects["line"].append(_line(x, x, top, top + height, page))


def _line(x0: float, x1: float, top: float, bottom: float, page: int) -> dict:
    return {"object_type": "line", "page_number": page, "x0": x0, "x1": x1, "top": top, "bottom": bottom,
            "doctop": top, "width": x1 - x0, "height": bottom - top}
