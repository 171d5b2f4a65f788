"""The Excel reader (.xlsx/.xlsm, openpyxl): each sheet a page, each row a line.

Values are read as the sheet last computed them (``data_only``) and printed through each
cell's number format (:mod:`.numfmt`): 1234.5 under ``0.00`` reads "1234.50", never a float
artefact. A merged range's top-left cell spans its columns and the positions it covers are
span-0 blank cells, as the PDF reader marks merged cells; rows become lines as in
:mod:`.sheet_lines`. Hidden sheets are skipped.
"""
from __future__ import annotations

import hashlib
import io
import zipfile
from pathlib import Path

from budgetkg.errors import SourceError
from budgetkg.sources.document import Document, Line
from budgetkg.sources.numfmt import format_value
from budgetkg.sources.sheet_lines import grid_cell, grid_line, merged_spans


def read_xlsx(path: Path, data: bytes) -> Document:
    """Read an Excel workbook into numbered lines, one page per visible sheet.

    Raises:
        SourceError: the workbook is damaged, encrypted or holds no text.
    """
    import openpyxl

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError) as exc:
        raise SourceError(f"the Excel workbook is damaged ({exc})", file=path.name) from exc
    lines: list[Line] = []
    sheets = [ws for ws in book.worksheets if ws.sheet_state == "visible"]
    for page, ws in enumerate(sheets, start=1):
        ranges = [(m.min_row, m.min_col, m.max_row, m.max_col) for m in ws.merged_cells.ranges]
        spans, covered = merged_spans(ranges)
        for row in ws.iter_rows():
            cells = [grid_cell(format_value(c.value, c.number_format), (c.row, c.column), spans, covered)
                     for c in row if hasattr(c, "column")]
            line = grid_line(len(lines) + 1, cells, page)
            if line is not None:
                lines.append(line)
    if not lines:
        raise SourceError("the Excel workbook holds no text", file=path.name)
    return Document(name=path.name, path=str(path), sha256=hashlib.sha256(data).hexdigest(),
                    encoding="xlsx", lines=tuple(lines))
