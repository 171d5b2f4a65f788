"""The report's prose as :class:`~budgetkg.model.report.Passage` records, assembled once from the
paragraphs the segment stage finds (:mod:`budgetkg.segment.prose`), for full-text search: each
paragraph's text without white space, the part it is in, and the page and line of every line
it spans."""
from __future__ import annotations

from budgetkg.model.report import Passage, SourceRef
from budgetkg.segment.blocks import Segments
from budgetkg.segment.prose import paragraph_lines, prose_lines
from budgetkg.text.names import squash


def passages(seg: Segments) -> tuple[Passage, ...]:
    """Every prose paragraph of ``seg``, in reading order."""
    parts = {id(ln): "overview" for ln in seg.overview}
    parts |= {id(ln): "narrative" for ln in seg.narrative}
    bare = not (seg.overview or seg.narrative)
    name = seg.document.name
    out: list[Passage] = []
    for group in paragraph_lines(prose_lines(seg)):
        text: list[str] = []
        spans: list[tuple[int, int, int | None]] = []
        offset = 0
        for ln in group:
            t = squash(ln.text)
            if t:
                spans.append((offset, ln.no, ln.page))
                text.append(t)
                offset += len(t)
        if not text:
            continue
        first = group[0]
        part = "text" if bare else parts.get(id(first), "other")
        out.append(Passage(text="".join(text), part=part, lines=tuple(spans),
                           source=SourceRef(file=name, line=spans[0][1], page=spans[0][2])))
    return tuple(out)
