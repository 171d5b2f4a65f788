"""Stage 7: an answer as an Excel workbook (``--format xlsx``) — what an analyst opens first.

One sheet: a header row of the columns' titles in the chosen language (money columns say their
unit), frozen, with a filter; amounts as numbers with a thousands format (the exact decimal the
store holds, which Excel keeps to its 15 significant digits — 万亿元 to the 分), codes and years as
text so that 2010301 never turns into 2.01E+06. openpyxl writes it; nothing is rounded here.
"""
from __future__ import annotations

import unicodedata
from decimal import Decimal, InvalidOperation
from typing import BinaryIO

from budgetkg.model.units import Unit
from budgetkg.query.columns import ColumnKind, column
from budgetkg.query.questions import Answer

_MONEY_FORMAT = "#,##0.00"
_MAX_WIDTH = 60


def _width(text: str) -> int:
    """Display width: a CJK character takes two columns."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _number(text: str) -> Decimal | str:
    try:
        return Decimal(text)
    except InvalidOperation:
        return text


def answer_sheet(workbook, answer: Answer, title: str, lang: str = "en", unit: Unit = Unit.YUAN):
    """Add the answer to ``workbook`` as a sheet named ``title`` (Excel's 31-character limit)."""
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    sheet = workbook.create_sheet(title=title[:31])
    cols = [column(name) for name in answer.columns]
    unit_word = {"zh": {Unit.YUAN: "元", Unit.WAN: "万元"}, "en": {Unit.YUAN: "yuan", Unit.WAN: "wan"}}
    heads = [c.title(lang) + (f"（{unit_word['zh'][unit]}）" if lang == "zh" else f" ({unit_word['en'][unit]})")
             if c.kind is ColumnKind.MONEY else c.title(lang) for c in cols]
    sheet.append(heads)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    widths = [_width(h) for h in heads]
    for row in answer.rows:
        values: list[object] = []
        for i, (c, text) in enumerate(zip(cols, row)):
            numeric = c.kind in (ColumnKind.MONEY, ColumnKind.NUMBER) and text
            values.append(_number(text) if numeric else (text or None))
            widths[i] = max(widths[i], _width(text))
        sheet.append(values)
    for i, c in enumerate(cols, start=1):
        letter = get_column_letter(i)
        sheet.column_dimensions[letter].width = min(_MAX_WIDTH, widths[i - 1] + 2)
        if c.kind is ColumnKind.MONEY:
            for (cell,) in sheet.iter_rows(min_row=2, min_col=i, max_col=i):
                cell.number_format = _MONEY_FORMAT
        elif c.kind is ColumnKind.CODE:
            for (cell,) in sheet.iter_rows(min_row=2, min_col=i, max_col=i):
                cell.number_format = "@"
    sheet.freeze_panes = "A2"
    if answer.rows:
        sheet.auto_filter.ref = sheet.dimensions
    return sheet


def write_xlsx(answer: Answer, out: BinaryIO, title: str = "answer", lang: str = "en",
               unit: Unit = Unit.YUAN) -> None:
    """The answer as a one-sheet workbook written to the binary stream ``out``."""
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.active)
    answer_sheet(workbook, answer, title, lang, unit)
    workbook.save(out)
