"""The report's prose, outside its tables, cut into paragraphs: what the checks read for slips
and what full-text search indexes (:class:`budgetkg.model.report.Passage`).

The prose is 概况, 情况说明 and the other prose parts (名词解释 …), or every line outside the
tables where a report has no part headings. A numbered heading (一、 （一） 1.) or a part
heading starts a paragraph; blank lines do not (text pulled from PDFs puts them between the
wrapped lines of one paragraph); page numbers between the lines are noise.
"""
from __future__ import annotations

import re

from budgetkg.segment.blocks import Segments
from budgetkg.sources.document import Line

#: A line that starts a new paragraph: a numbered heading (一、 （一） 1. 1、) or a part heading.
PARA_START_RE = re.compile(r"^\s*(?:第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+、|"
                           r"[（(][一二三四五六七八九十\d]+[）)]|\d+[、.．](?!\d))")
#: A page number on a line of its own ("- 3 -", "第 3 页"): never part of a paragraph.
NOISE_RE = re.compile(r"^\s*[-—–]?\s*\d+\s*[-—–]?\s*$|^第\s*\d+\s*页")


def prose_lines(seg: Segments) -> tuple[Line, ...]:
    """Lines of 概况, 说明 and the other prose parts (名词解释 …), or every line outside tables
    when the report has no parts; lines of tables and performance tables left out."""
    in_tables = {id(ln) for b in seg.tables for ln in (b.title_line, *b.lines)}
    in_tables |= {id(ln) for b in seg.performance for ln in (b.title_line, *b.lines)}
    lines = tuple(seg.overview) + tuple(seg.narrative) + tuple(seg.other_prose) \
        if seg.overview or seg.narrative else seg.document.lines
    return tuple(ln for ln in lines if id(ln) not in in_tables)


def paragraph_lines(lines: tuple[Line, ...]) -> list[list[Line]]:
    """``lines`` grouped into paragraphs (blank and page-number lines dropped)."""
    groups: list[list[Line]] = []
    for ln in lines:
        if not ln.text.strip() or NOISE_RE.match(ln.text):
            continue
        if PARA_START_RE.match(ln.text) or not groups:
            groups.append([])
        groups[-1].append(ln)
    return groups
