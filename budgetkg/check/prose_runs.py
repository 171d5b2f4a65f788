"""Every run of prose in a report, wherever the segmenter put it, split into sentences.

The checks' paragraphs (:attr:`~budgetkg.check.context.CheckInput.paragraphs`) hold the
概况 and 情况说明; a report whose 说明 follows its tables (a university's "决算报表说明")
or that runs a section on into a table block keeps sentences outside them. Arithmetic of
the prose against itself (a share against its whole, a change's words against its figures)
holds wherever a sentence is printed, so these checks read *runs*: the document's lines in
order, without table rows, performance tables (their targets are no statements of fact)
and page footers, a run ending where a table row is printed. Each run is joined without
white space (:class:`~budgetkg.check.context.Paragraph`), so a figure wrapped over two lines
is one figure again and every character keeps its line.
"""
from __future__ import annotations

import re
from collections.abc import Iterator

from budgetkg.check.context import CheckInput, Paragraph
from budgetkg.parse.rows import is_noise
from budgetkg.segment.prose import NOISE_RE
from budgetkg.sources.document import Line
from budgetkg.text.joining import squashed_lines

#: Where a sentence ends: 。；; and ！？ (a list item's 。 or ； closes its clause too).
SENTENCE_END_RE = re.compile(r"[。；;！？]")


def runs(inp: CheckInput) -> list[Paragraph]:
    """The report's prose runs (see the module's docstring), cached on ``inp``."""
    cached = inp.__dict__.get("_prose_runs")
    if cached is not None:
        return list(cached)
    skip = {id(ln) for b in inp.segments.performance for ln in (b.title_line, *b.lines)}
    out: list[Paragraph] = []
    current: list[Line] = []

    def close() -> None:
        if current:
            text, owner = squashed_lines(current)
            if text:
                out.append(Paragraph(text, tuple(owner)))
            current.clear()

    for ln in inp.segments.document.lines:
        if ln.is_row or id(ln) in skip:
            close()
        elif not is_noise(ln) and not NOISE_RE.match(ln.text):
            current.append(ln)
    close()
    inp.__dict__["_prose_runs"] = tuple(out)
    return out


def sentences(p: Paragraph) -> Iterator[tuple[int, int]]:
    """(start, end) of each sentence of a run, its closing mark included."""
    start = 0
    for m in SENTENCE_END_RE.finditer(p.text):
        yield start, m.end()
        start = m.end()
    if start < len(p.text):
        yield start, len(p.text)
