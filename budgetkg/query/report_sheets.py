"""Stage 7: the sheets of a report's workbook (read by :mod:`budgetkg.query.report_workbook`).

Each standard table on a sheet of its own, laid out as the report prints it: the title and a line
giving the unit and the pages, then the headings (frozen with the codes and names), the rows in the
printed order, the two sides of an income | expenditure table side by side as printed, line by line.
Codes are text (2010301 never turns into 2.01E+06); amounts are numbers in the printed unit with
the table's printed decimals; a figure budgetkg derived (not printed) is grey and italic and its row
says which. openpyxl writes it.
"""
from __future__ import annotations

import re
import unicodedata
from decimal import Decimal

from budgetkg.query.report_book import Finding, ReportBook, SheetRow, SheetTable

_MAX_WIDTH = 60
_HEAD_ROW = 3  # title, unit and pages, headings: the data starts below
_DERIVED_FILL = "EEEEEE"

_WORDS = {
    "zh": {"code": "科目编码", "name": "科目名称", "project": "项目名称", "item": "项目", "page": "页码",
           "note": "说明", "income": "收入", "expenditure": "支出", "unit": "金额单位", "pages": "页码",
           "derived": "由 budgetkg 根据印出的数计算，非报告印出", "derived_cols": "计算得出",
           "empty": "报告声明本表为空", "narrative": "本表数字取自报告的文字说明（未印表格）",
           "department": "部门", "year": "年度", "kind": "类别", "title": "标题", "files": "文件",
           "budget": "预算", "final": "决算", "tables": "表格", "number": "表号", "table": "表名",
           "sheet": "工作表", "rows": "行数", "severity": "严重程度", "check": "核查规则", "check_title": "规则名称",
           "message": "说明", "line": "行", "row": "行项目", "expected": "应为", "found": "实为",
           "report": "报告", "findings": "核查发现", "none": "没有核查发现", "sep": ""},
    "en": {"code": "code", "name": "name", "project": "project", "item": " item", "page": "page",
           "note": "note", "income": "income", "expenditure": "expenditure", "unit": "unit", "pages": "pages",
           "derived": "computed by budgetkg from printed figures, not printed", "derived_cols": "derived",
           "empty": "the report declares this table empty", "narrative": "figures stated in the report's text (no table printed)",
           "department": "department", "year": "year", "kind": "kind", "title": "title", "files": "files",
           "budget": "budget", "final": "final account", "tables": "tables", "number": "number", "table": "table",
           "sheet": "sheet", "rows": "rows", "severity": "severity", "check": "check", "check_title": "check title",
           "message": "message", "line": "line", "row": "row", "expected": "expected", "found": "found",
           "report": "report", "findings": "findings", "none": "no findings", "sep": " "},
}


def _width(text: str) -> int:
    """Display width: a CJK character takes two columns."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _number_format(decimals: int) -> str:
    return "#,##0" + ("." + "0" * decimals if decimals else "")


def _shown(value: Decimal, decimals: int) -> str:
    return f"{value:,.{decimals}f}"


class _Sheet:
    """A sheet being written: appends rows, remembers each column's widest text, styles cells."""

    def __init__(self, workbook, title: str):
        self.ws = workbook.create_sheet(title=title)
        self.widths: dict[int, int] = {}

    def put(self, row: int, col: int, value, *, text: str | None = None, bold: bool = False,
            fmt: str | None = None, derived: bool = False, measure: bool = True):
        from openpyxl.styles import Font, PatternFill

        cell = self.ws.cell(row=row, column=col, value=value)
        if bold or derived:
            cell.font = Font(bold=bold, italic=derived, color="666666" if derived else None)
        if derived:
            cell.fill = PatternFill("solid", fgColor=_DERIVED_FILL)
        if fmt:
            cell.number_format = fmt
        if measure and value is not None:
            self.widths[col] = max(self.widths.get(col, 0), _width(text if text is not None else str(value)))
        return cell

    def fit(self) -> None:
        from openpyxl.utils import get_column_letter

        for col, width in self.widths.items():
            self.ws.column_dimensions[get_column_letter(col)].width = min(_MAX_WIDTH, width + 2)


def _sheet_title(table: SheetTable, taken: set[str]) -> str:
    base = re.sub(r"[\[\]:*?/\\]", "", " ".join(x for x in (table.number, table.title or table.kind) if x)).strip()
    title, n = base[:31] or "table", 2
    while title in taken:
        suffix = f" ({n})"
        title, n = base[:31 - len(suffix)] + suffix, n + 1
    taken.add(title)
    return title


def _columns_of(table: SheetTable, side: str) -> list[str]:
    """The columns a side of a two-sided table prints figures in (its first column at least)."""
    used = [c for c in table.columns if any(c in r.amounts for r in table.rows if r.side == side)]
    return used or table.columns[:1]


def _heading(book: ReportBook, key: str) -> str:
    return book.headings.get(key, (key, key))[0] or key


def _amount_cells(s: _Sheet, r: int, c: int, row: SheetRow, columns: list[str], table: SheetTable) -> int:
    fmt = _number_format(table.decimals)
    for key in columns:
        value = row.amounts.get(key)
        s.put(r, c, value, text=_shown(value, table.decimals) if value is not None else None, fmt=fmt,
              derived=key in row.derived)
        c += 1
    return c


def _note(book: ReportBook, rows: list[SheetRow], words: dict[str, str]) -> str:
    derived = [_heading(book, k) for row in rows for k in sorted(row.derived)]
    return f"{words['derived_cols']}：{'、'.join(dict.fromkeys(derived))}" if derived else ""


def table_sheet(workbook, book: ReportBook, table: SheetTable, title: str, words: dict[str, str]) -> None:
    """One standard table as printed."""
    s = _Sheet(workbook, title)
    s.put(1, 1, " ".join(x for x in (table.number, table.title) if x) or table.kind, bold=True, measure=False)
    where = f"{words['unit']}：{table.unit}" + (f"    {words['pages']}：{table.pages}" if table.pages else "")
    if table.origin == "narrative":
        where += f"    {words['narrative']}"
    s.put(2, 1, where, measure=False)
    if table.two_sided:
        income, spending = _columns_of(table, "income"), _columns_of(table, "expenditure")
        heads = [f"{words['income']}{words['item']}", *(_heading(book, k) for k in income),
                 f"{words['expenditure']}{words['sep']}{words['code']}", f"{words['expenditure']}{words['item']}",
                 *(_heading(book, k) for k in spending), words["page"], words["note"]]
        code_cols = {len(income) + 2}
    else:
        name = words["project"] if table.kind == "projects" else words["name"]
        heads = [words["code"], name, *(_heading(book, k) for k in table.columns), words["page"], words["note"]]
        code_cols = {1}
    for c, h in enumerate(heads, start=1):
        s.put(_HEAD_ROW, c, h, bold=True)
    r = _HEAD_ROW + 1
    if table.two_sided:
        for left, right in _by_line(table.rows):
            c = 1
            s.put(r, c, left.name if left else None)
            c = _amount_cells(s, r, c + 1, left, income, table) if left else c + 1 + len(income)
            s.put(r, c, right.code or None if right else None, fmt="@")
            s.put(r, c + 1, right.name if right else None)
            c = _amount_cells(s, r, c + 2, right, spending, table) if right else c + 2 + len(spending)
            s.put(r, c, (left or right).page)  # type: ignore[union-attr]
            s.put(r, c + 1, _note(book, [x for x in (left, right) if x], words) or None)
            r += 1
    else:
        for row in table.rows:
            s.put(r, 1, row.code or None, fmt="@")
            s.put(r, 2, row.name or None)
            c = _amount_cells(s, r, 3, row, table.columns, table)
            s.put(r, c, row.page)
            s.put(r, c + 1, _note(book, [row], words) or None)
            r += 1
    if table.declared_empty and not table.rows:
        s.put(r, 1, words["empty"], measure=False)
        r += 1
    if any(row.derived for row in table.rows):
        s.put(r + 1, 1, words["derived"], derived=True, measure=False)
    for c in code_cols:
        s.widths[c] = max(s.widths.get(c, 0), 8)
    s.ws.freeze_panes = s.ws.cell(row=_HEAD_ROW + 1, column=1 if table.two_sided else 3)
    s.fit()


def _by_line(rows: list[SheetRow]) -> list[tuple[SheetRow | None, SheetRow | None]]:
    """The rows of a two-sided table paired as printed: the income and expenditure items that
    stand on one line of the page side by side (a row without a line stands alone)."""
    lines: dict[tuple[int, int, int], dict[str, list[SheetRow]]] = {}
    for row in rows:
        key = (0, row.page or 0, row.line) if row.line is not None else (1, 0, row.index)
        lines.setdefault(key, {}).setdefault(row.side or "income", []).append(row)
    out: list[tuple[SheetRow | None, SheetRow | None]] = []
    for _, sides in sorted(lines.items()):
        left, right = sides.get("income", []), sides.get("expenditure", [])
        for i in range(max(len(left), len(right))):
            out.append((left[i] if i < len(left) else None, right[i] if i < len(right) else None))
    return out


def report_sheet(workbook, book: ReportBook, titles: list[str], words: dict[str, str]) -> None:
    """The first sheet: what the report is, and its tables with their pages (links to their sheets)."""
    s = _Sheet(workbook, f"{words['report']}"[:31])
    facts = [(words["department"], book.department), (words["year"], book.year),
             (words["kind"], words["final"] if book.final else words["budget"]), (words["title"], book.title),
             (words["files"], " + ".join(book.sources)), ("IRI", book.iri)]
    r = 1
    for k, v in facts:
        s.put(r, 1, k, bold=True)
        s.put(r, 2, v or None, measure=False)
        r += 1
    r += 1
    for c, h in enumerate((words["number"], words["table"], words["unit"], words["pages"], words["rows"],
                           words["sheet"]), start=1):
        s.put(r, c, h, bold=True)
    head = r
    for table, title in zip(book.tables, titles):
        r += 1
        s.put(r, 1, table.number or None)
        s.put(r, 2, table.title or table.kind)
        s.put(r, 3, table.unit)
        s.put(r, 4, table.pages or None)
        s.put(r, 5, len(table.rows))
        cell = s.put(r, 6, title)
        cell.hyperlink = f"#'{title}'!A1"
    s.ws.freeze_panes = s.ws.cell(row=head + 1, column=1)
    s.widths[2] = max(s.widths.get(2, 0), 12)
    s.fit()


def findings_sheet(workbook, book: ReportBook, words: dict[str, str], lang: str) -> None:
    """The report's findings, most severe first."""
    from budgetkg.check.registry import get

    s = _Sheet(workbook, words["findings"])
    heads = ("severity", "check", "check_title", "message", "page", "line", "table", "row", "expected", "found")
    for c, h in enumerate(heads, start=1):
        s.put(1, c, words[h], bold=True)
    for r, f in enumerate(book.findings, start=2):
        kind = get(f.check)
        values = _finding_values(f, kind, lang)
        for c, v in enumerate(values, start=1):
            s.put(r, c, v, measure=c != 4 or v is None or _width(str(v)) < _MAX_WIDTH)
    if not book.findings:
        s.put(2, 1, words["none"], measure=False)
    s.widths[4] = _MAX_WIDTH if book.findings else s.widths.get(4, 10)
    s.ws.freeze_panes = "A2"
    if book.findings:
        s.ws.auto_filter.ref = s.ws.dimensions
    s.fit()


def _finding_values(f: Finding, kind, lang: str) -> list:
    title = (kind.title_zh if lang == "zh" else kind.title_en) if kind is not None else ""
    message = (f.message_zh or f.message) if lang == "zh" else (f.message or f.message_zh)
    return [f.severity, f.check, title or None, message or None, f.page, f.line, f.table or None,
            f.row or None, f.expected or None, f.found or None]


def build_workbook(book: ReportBook, lang: str = "zh"):
    """The whole workbook of one report (an openpyxl Workbook, not yet saved)."""
    from openpyxl import Workbook

    words = _WORDS["zh" if lang == "zh" else "en"]
    workbook = Workbook()
    workbook.remove(workbook.active)
    taken = {words["report"], words["findings"]}
    titles = [_sheet_title(t, taken) for t in book.tables]
    report_sheet(workbook, book, titles, words)
    for table, title in zip(book.tables, titles):
        table_sheet(workbook, book, table, title, words)
    findings_sheet(workbook, book, words, lang)
    return workbook
