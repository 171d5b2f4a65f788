"""The overview's prose as one string (PDF text wraps mid-word), with the line each character
came from, so that a fact found in the joined text keeps its line."""
from __future__ import annotations

import re

from budgetkg.segment.blocks import Segments
from budgetkg.sources.document import Line

SEPARATORS = "、，,；;"


_PAGE_MARK_RE = re.compile(r"^[-─—–]+\s*\d{1,3}\s*[-─—–]+$")


def joined_prose(lines: tuple[Line, ...]) -> tuple[str, list[int]]:
    """Lines joined without breaks (PDF text wraps mid-word), with a char → line map."""
    text, owner = [], []
    for ln in lines:
        t = re.sub(r"\s+", " ", ln.text.strip())
        if _PAGE_MARK_RE.match(t):
            continue  # "─ 2 ─": a page number inside a paragraph that runs over the page
        if re.match(r"^[一二三四五六七八九十]+、.{0,24}$", t) and not t.endswith("。"):
            t += "。"  # a heading ends its own sentence
        text.append(t)
        owner.extend([ln.no] * len(t))
    return "".join(text), owner


def line_at(seg: Segments, owner: list[int], pos: int) -> Line:
    no = owner[min(pos, len(owner) - 1)] if owner else 1
    return seg.document.lines[no - 1]
