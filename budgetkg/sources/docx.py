"""The Word reader (.docx, python-docx): paragraphs and tables in document order.

A paragraph is a prose line. A table row is a line of typed cells: a cell spanning grid
columns (``gridSpan``) is followed by span-0 cells, a cell merged with the one above
(``vMerge`` continue) is span-0 and blank, as the PDF reader marks merged cells; a cell's
paragraphs are joined without a space (wrapped lines of one name). Rows become lines as in
:mod:`.sheet_lines`; a table nested in a cell reads as that cell's text.
"""
from __future__ import annotations

import hashlib
import io
import zipfile
from pathlib import Path

from budgetkg.errors import SourceError
from budgetkg.sources.document import Cell, Document, Line, clean_text, text_line
from budgetkg.sources.sheet_lines import grid_line


def read_docx(path: Path, data: bytes) -> Document:
    """Read a Word document into numbered lines.

    Raises:
        SourceError: the document is damaged or holds no text.
    """
    import docx
    from docx.oxml.ns import qn

    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise SourceError(f"the Word document is damaged ({exc})", file=path.name) from exc
    lines: list[Line] = []
    for block in document.element.body.iterchildren():
        if block.tag == qn("w:p"):
            text = clean_text(_text(block)).strip()
            if text:
                lines.append(text_line(len(lines) + 1, text))
        elif block.tag == qn("w:tbl"):
            for tr in block.iterchildren(qn("w:tr")):
                line = grid_line(len(lines) + 1, _row(tr, qn), None)
                if line is not None:
                    lines.append(line)
    if not lines:
        raise SourceError("the Word document holds no text", file=path.name)
    return Document(name=path.name, path=str(path), sha256=hashlib.sha256(data).hexdigest(),
                    encoding="docx", lines=tuple(lines))


def _text(el) -> str:
    """The text of a paragraph or cell: its runs' text, tabs and breaks as spaces."""
    from docx.oxml.ns import qn

    parts = []
    for node in el.iter(qn("w:t"), qn("w:tab"), qn("w:br")):
        parts.append((node.text or "") if node.tag == qn("w:t") else " ")
    return "".join(parts)


def _row(tr, qn) -> list[Cell]:
    """One typed cell per grid column of a table row."""
    cells: list[Cell] = []
    props = tr.find(qn("w:trPr"))
    before = props.find(qn("w:gridBefore")) if props is not None else None
    if before is not None:
        cells.extend(Cell("") for _ in range(int(before.get(qn("w:val"), "0"))))
    for tc in tr.iterchildren(qn("w:tc")):
        span = tc.grid_span
        if tc.vMerge == "continue":
            cells.extend(Cell("", span=0) for _ in range(span))
            continue
        text = "".join(clean_text(_text(p)).strip() for p in tc.iterchildren(qn("w:p"), qn("w:tbl")))
        cells.append(Cell(text, span=span))
        cells.extend(Cell("", span=0) for _ in range(span - 1))
    return cells
