"""Every format a report arrives in: the content chooses the reader, and a report's tables read
from Excel or Word give the same facts as from its PDF.

The Excel and Word copies are made inside the tests from real corpus PDFs (openpyxl,
python-docx): the PDF's prose lines become paragraphs (or one-cell sheet rows), its table rows
table rows, with merged cells where the PDF merged them and amounts stored as numbers under a
number format, so that the reader has to print them as the sheet does.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from budgetkg.check.read import process_document
from budgetkg.errors import SourceError
from budgetkg.sources.numfmt import format_number
from budgetkg.sources.read import discover_reports, read_document
from budgetkg.sources.registry import choose

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
REGIONS = CORPUS / "regions"
WIDE = CORPUS / "wide"
VERIFIED = ["2026年重庆市气象局部门预算.pdf", "2026年重庆市水利局部门预算.pdf"]
_AMOUNT = re.compile(r"-?\d{1,3}(?:,\d{3})+\.\d+|-?\d+\.\d+")

needs_corpus = pytest.mark.skipif(not REGIONS.is_dir(), reason="the corpus is not checked out next to the project")


def _facts(report):
    """What a report says, without where it says it: department, year, kind, each table's rows."""
    tables = [(t.kind.value, t.unit, [(r.code, r.label, r.role.value, r.side, r.name_path,
                                       {k: (a.yuan, a.printed, a.unit) for k, a in r.amounts.items()})
                                      for r in t.rows]) for t in report.tables]
    return report.department, report.year, report.kind.value, tables


def _pdf(name: str):
    return read_document(REGIONS / name)


def _write_xlsx(doc, path: Path) -> None:
    """The PDF's lines as sheets, one per page: amounts stored as numbers under a number format."""
    import openpyxl

    book = openpyxl.Workbook()
    book.remove(book.active)
    pages = max(line.page or 1 for line in doc.lines)
    sheets = [book.create_sheet(str(n)) for n in range(1, pages + 1)]
    rows = [0] * pages
    for line in doc.lines:
        ws = sheets[(line.page or 1) - 1]
        rows[(line.page or 1) - 1] += 1
        r = rows[(line.page or 1) - 1]
        for c, cell in enumerate(line.row_cells(), start=1):
            if cell.span == 0:
                continue
            target = ws.cell(row=r, column=c)
            if _AMOUNT.fullmatch(cell.text):
                places = len(cell.text.split(".")[1])
                target.value = float(cell.text.replace(",", ""))
                target.number_format = ("#,##0." if "," in cell.text else "0.") + "0" * places
            else:
                target.value = cell.text
            if cell.span > 1:
                ws.merge_cells(start_row=r, start_column=c, end_row=r, end_column=c + cell.span - 1)
    book.save(path)


def _write_docx(doc, path: Path) -> None:
    """The PDF's prose lines as paragraphs and each run of table rows as one Word table."""
    import docx

    out = docx.Document()
    lines = list(doc.lines)
    i = 0
    while i < len(lines):
        if not lines[i].is_row:
            out.add_paragraph(lines[i].text)
            i += 1
            continue
        j = i
        while j < len(lines) and lines[j].is_row:
            j += 1
        width = max(len(ln.cells) for ln in lines[i:j])
        table = out.add_table(rows=j - i, cols=width)
        for r, line in enumerate(lines[i:j]):
            cells = table.rows[r].cells
            for c, cell in enumerate(line.cells):
                if cell.span:
                    cells[c].text = cell.text
                if cell.span > 1:
                    cells[c].merge(cells[min(c + cell.span, width) - 1])
        i = j
    out.save(path)


@needs_corpus
@pytest.mark.parametrize("name", VERIFIED)
def test_excel_copy_of_a_report_gives_the_same_facts(tmp_path, name):
    doc = _pdf(name)
    path = tmp_path / "report.bin"   # no telling name: the content chooses the reader
    _write_xlsx(doc, path)
    copy = read_document(path)
    assert copy.encoding == "xlsx"
    assert [ln.text for ln in copy.lines if ln.is_row] == [ln.text for ln in doc.lines if ln.is_row]
    pdf, xlsx = process_document(doc), process_document(copy)
    assert _facts(xlsx) == _facts(pdf)
    kinds = {t.kind.value for t in pdf.tables}
    assert "three-public" in kinds or "three_public" in kinds
    assert any(r.code and len(r.code) == 3 for t in pdf.tables for r in t.rows)  # 类 rows


@needs_corpus
@pytest.mark.parametrize("name", VERIFIED)
def test_word_copy_of_a_report_gives_the_same_facts(tmp_path, name):
    doc = _pdf(name)
    path = tmp_path / "report.pdf"   # a misleading name: the content still chooses the reader
    _write_docx(doc, path)
    copy = read_document(path)
    assert copy.encoding == "docx"
    assert [ln.text for ln in copy.lines if ln.is_row] == [ln.text for ln in doc.lines if ln.is_row]
    assert _facts(process_document(copy)) == _facts(process_document(doc))


@pytest.mark.parametrize("value,fmt,printed", [
    (1234.5, "0.00", "1234.50"), (1234.5, "#,##0.00", "1,234.50"), (0.1 + 0.2, "General", "0.3"),
    (0.1 + 0.2, "0.00", "0.30"), (2.675, "0.00", "2.68"), (-5.125, "#,##0.00;[Red]-#,##0.00", "-5.13"),
    (-5.0, "#,##0.00_);(#,##0.00)", "(5.00)"), (0.256, "0.0%", "25.6%"), (42.0, "General", "42"),
    (923.1961, "0.0000", "923.1961"),
])
def test_sheet_numbers_read_as_printed(value, fmt, printed):
    assert format_number(value, fmt) == printed


def test_merged_cells_and_rows_of_an_html_table(tmp_path):
    page = ("<!DOCTYPE html><html><head><title>2026年某局部门预算</title></head><body>"
            "<p>一、收支总体情况</p><table><tr><td rowspan=2>项目</td><td colspan=2>预算数</td></tr>"
            "<tr><td>本年</td><td>上年</td></tr><tr><td>合计</td><td>1,234.50</td><td>1.00</td></tr></table>"
            "<script>var x = '<td>';</script></body></html>")
    path = tmp_path / "page.txt"
    path.write_text(page, encoding="gbk")
    doc = read_document(path)
    assert doc.encoding.startswith("html/")
    texts = [ln.text for ln in doc.lines]
    assert texts == ["2026年某局部门预算", "一、收支总体情况", "项目\t预算数", "\t本年\t上年", "合计\t1,234.50\t1.00"]
    assert [c.span for c in doc.lines[2].cells] == [1, 2]   # trailing covered cell dropped like a blank
    assert [c.span for c in doc.lines[3].cells] == [0, 1, 1]


@pytest.mark.parametrize("data,what", [
    (b"\x89PNG\r\n\x1a\n" + bytes(64), "a PNG image"),
    (b"\xff\xd8\xff\xe0" + bytes(64), "a JPEG image"),
    (b"Rar!\x1a\x07\x00" + bytes(64), "a RAR archive"),
])
def test_a_file_no_reader_takes_is_named(tmp_path, data, what):
    path = tmp_path / "report.txt"
    path.write_bytes(data)
    with pytest.raises(SourceError, match=f"this is {what}, a binary file, not a report"):
        read_document(path)


def test_a_zip_that_is_not_word_or_excel_is_named(tmp_path):
    import zipfile
    path = tmp_path / "report.xlsx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("readme.txt", "hello")
    with pytest.raises(SourceError, match="a ZIP archive that is not a Word or Excel file"):
        read_document(path)


def test_pdf_magic_after_junk_still_chooses_the_pdf_reader():
    head = b"\r\n" * 20 + b"%PDF-1.7\n"
    reader = choose(head, head)
    assert not isinstance(reader, str) and reader.name == "PDF"


def test_folders_take_web_pages_and_office_files(tmp_path):
    for name in ("a.html", "b.xlsx", "c.docx", "d.xls", "e.png"):
        (tmp_path / name).write_bytes(b"x")
    assert [p.name for p in discover_reports([tmp_path])] == ["a.html", "b.xlsx", "c.docx", "d.xls"]


@needs_corpus
@pytest.mark.parametrize("name,department,year,kind", [
    ("formats/yt_tyjr_2026_budget.html", "烟台市退役军人事务局", 2026, "budget"),
    ("zz_tdcb_2015_budget.html", "郑州市国土资源局", 2015, "budget"),
])
def test_web_pages_are_read(name, department, year, kind):
    from budgetkg.check.read import read_report
    report = read_report(WIDE / name)
    assert (report.department.name, report.year, report.kind.value) == (department, year, kind)


@needs_corpus
def test_positioned_conversion_reads_its_tables_as_cells():
    doc = read_document(WIDE / "formats" / "yt_tyjr_2026_budget.html")
    row = next(ln for ln in doc.lines if ln.is_row and ln.cell_texts()[0].replace(" ", "") == "收入总计")
    assert row.cell_texts() == ["收 入 总 计", "35,874.49", "支 出 总 计", "35,874.49"]
    assert row.page == 7


@needs_corpus
@pytest.mark.parametrize("name,reason", [
    ("formats/zz_cgj_2026_budget_pdf_saved_as.html", "a PDF whose binary content was destroyed by saving it as text"),
    ("km_bgt_2026_budget.html", "does not look like a budget or final-account disclosure report"),
    ("km_sjj_2026_budget.html", "does not look like a budget or final-account disclosure report"),
])
def test_unreadable_web_pages_are_refused_with_their_reason(name, reason):
    from budgetkg.check.read import read_report
    from budgetkg.errors import ParseError
    with pytest.raises((SourceError, ParseError), match=reason):
        read_report(WIDE / name)
