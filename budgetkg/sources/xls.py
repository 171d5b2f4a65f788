"""The Excel 97-2003 reader (.xls, xlrd): each sheet a page, each row a line.

As :mod:`.xlsx`: numbers printed through each cell's format (:mod:`.numfmt`), merged ranges
as spans, rows as in :mod:`.sheet_lines`.
"""
from __future__ import annotations

import hashlib
from pathlib import Path

from budgetkg.errors import SourceError
from budgetkg.sources.document import Document, Line
from budgetkg.sources.numfmt import format_value
from budgetkg.sources.sheet_lines import grid_cell, grid_line, merged_spans


def read_xls(path: Path, data: bytes) -> Document:
    """Read an .xls workbook into numbered lines, one page per visible sheet.

    Raises:
        SourceError: the workbook is damaged, encrypted or holds no text.
    """
    import xlrd

    try:
        book = xlrd.open_workbook(file_contents=data, formatting_info=True)
    except Exception as exc:  # xlrd raises XLRDError, CompDocError, AssertionError … on damage
        raise SourceError(f"the Excel 97-2003 workbook (.xls) cannot be read ({exc})", file=path.name,
                          hint="open it in Excel and save it as .xlsx") from exc
    lines: list[Line] = []
    page = 0
    for sheet in book.sheets():
        if sheet.visibility:
            continue
        page += 1
        spans, covered = merged_spans([(r0, c0, r1 - 1, c1 - 1) for r0, r1, c0, c1 in sheet.merged_cells])
        for r in range(sheet.nrows):
            cells = [grid_cell(_text(book, sheet, r, c), (r, c), spans, covered) for c in range(sheet.ncols)]
            line = grid_line(len(lines) + 1, cells, page)
            if line is not None:
                lines.append(line)
    if not lines:
        raise SourceError("the Excel workbook holds no text", file=path.name)
    return Document(name=path.name, path=str(path), sha256=hashlib.sha256(data).hexdigest(),
                    encoding="xls", lines=tuple(lines))


def _text(book, sheet, r: int, c: int) -> str:
    import xlrd

    cell = sheet.cell(r, c)
    if cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK, xlrd.XL_CELL_ERROR):
        return ""
    if cell.ctype == xlrd.XL_CELL_NUMBER:
        fmt = book.format_map.get(book.xf_list[cell.xf_index].format_key)
        return format_value(cell.value, fmt.format_str if fmt else None)
    if cell.ctype == xlrd.XL_CELL_DATE:
        return format_value(xlrd.xldate.xldate_as_datetime(cell.value, book.datemode), None)
    if cell.ctype == xlrd.XL_CELL_BOOLEAN:
        return format_value(bool(cell.value), None)
    return str(cell.value)
