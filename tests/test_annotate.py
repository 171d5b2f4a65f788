"""`budgetkg check --format pdf`: every finding boxed on its page of a real report, in its colour,
with a summary page linking to the pages.

The expected places were read off the rendered pages: 长春市信访局's 2026 budget prints, on its
page 11 (预算表6, 一般公共预算基本支出表), the class rows 301 工资福利支出 and 302 商品和服务支出
whose items do not add up to them (errors), and 30208 printed as 物业管理费 and 30213 as 维护（护）费
(warnings: the code list names them 取暖费 and 维修（护）费); on page 18 its narrative states
其他商品和服务支出12.58万元 where the table prints 12.59 (error). The Jiangsu people's congress 2018
budget leaves 增加（减少）/增长（减少） in two paragraphs of its page 19 that end in the same words.
"""
from __future__ import annotations

import ctypes
import io
import unicodedata
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest

from budgetkg.check.annotate import annotate_pdf, marks_of, output_paths, place, write_annotated
from budgetkg.check.audit import audit_report, write_html
from budgetkg.check.read import read_report
from budgetkg.errors import QueryError
from tests.corpus import CORPUS

CHANGCHUN = CORPUS / "regions" / "2026年长春市信访局部门预算.pdf"
JIANGSU = CORPUS / "series" / "省人大办公厅2018预算公开.pdf"
RED, AMBER = (217, 0, 0), (242, 140, 0)

pytestmark = pytest.mark.skipif(not CHANGCHUN.exists(), reason="the shared corpus is not here")


def _fold(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", c) for c in text if not c.isspace())


def _squares(page: pdfium.PdfPage) -> list[tuple[tuple[float, float, float, float], tuple[int, int, int], str, str]]:
    """The page's Square annotations: rectangle, colour, the text under the rectangle, the note."""
    out = []
    textpage = page.get_textpage()
    for i in range(pdfium_c.FPDFPage_GetAnnotCount(page.raw)):
        annot = pdfium_c.FPDFPage_GetAnnot(page.raw, i)
        try:
            if pdfium_c.FPDFAnnot_GetSubtype(annot) != pdfium_c.FPDF_ANNOT_SQUARE:
                continue
            r = pdfium_c.FS_RECTF()
            pdfium_c.FPDFAnnot_GetRect(annot, r)
            c = [ctypes.c_uint() for _ in range(4)]
            pdfium_c.FPDFAnnot_GetColor(annot, pdfium_c.FPDFANNOT_COLORTYPE_Color, *c)
            size = pdfium_c.FPDFAnnot_GetStringValue(annot, b"Contents", None, 0)
            buf = ctypes.create_string_buffer(size)
            pdfium_c.FPDFAnnot_GetStringValue(annot, b"Contents", ctypes.cast(buf, ctypes.POINTER(pdfium_c.FPDF_WCHAR)), size)
            contents = buf.raw[:size - 2].decode("utf-16-le")
            rect = (r.left, r.bottom, r.right, r.top)
            out.append((rect, (c[0].value, c[1].value, c[2].value), _fold(textpage.get_text_bounded(*rect)), contents))
        finally:
            pdfium_c.FPDFPage_CloseAnnot(annot)
    return out


def _link_targets(pdf: pdfium.PdfDocument, page: pdfium.PdfPage) -> list[int]:
    """The page indices the Link annotations of ``page`` go to."""
    targets = []
    for i in range(pdfium_c.FPDFPage_GetAnnotCount(page.raw)):
        annot = pdfium_c.FPDFPage_GetAnnot(page.raw, i)
        if pdfium_c.FPDFAnnot_GetSubtype(annot) == pdfium_c.FPDF_ANNOT_LINK:
            dest = pdfium_c.FPDFLink_GetDest(pdf.raw, pdfium_c.FPDFAnnot_GetLink(annot))
            targets.append(pdfium_c.FPDFDest_GetDestPageIndex(pdf.raw, dest))
        pdfium_c.FPDFPage_CloseAnnot(annot)
    return targets


@pytest.fixture(scope="module")
def changchun(tmp_path_factory):
    doc = audit_report(read_report(CHANGCHUN), "zh")
    out = tmp_path_factory.mktemp("annot") / "cc.pdf"
    marks = marks_of(doc, CHANGCHUN.name)
    done = annotate_pdf(CHANGCHUN, marks, out, [CHANGCHUN.name], "zh")
    return doc, marks, done, out


def test_the_annotated_copy_has_the_summary_before_every_page_of_the_report(changchun):
    _, marks, done, out = changchun
    assert done.summary_pages == 1 and done.placed == len(marks) == 8 and done.pinned == 0
    assert len(pdfium.PdfDocument(str(out))) == len(pdfium.PdfDocument(str(CHANGCHUN))) + 1


def test_each_finding_is_boxed_on_its_rows_and_words_in_its_colour(changchun):
    _, _, done, out = changchun
    pdf = pdfium.PdfDocument(str(out))
    on = {n: _squares(pdf[n - 1 + done.summary_pages]) for n in (11, 17, 18)}
    table = on[11]
    assert len(table) == 6 and len(on[18]) == 1
    # p.17 prints "2026年预算支出1682.76元，其中基本支出预算1208.20万元…" (元 for 万元): its parts exceed it
    (_, colour, text, _), = on[17]
    assert colour == RED and "1682.76元" in text
    assert sum(1 for *_, note in table if "下级科目" in note) == 4

    def colours(label: str) -> set[tuple[int, int, int]]:
        return {colour for _, colour, text, _ in table if text.startswith(label)}
    assert colours("301工资福利支出") == {RED}
    assert colours("302商品和服务支出") == {RED}
    assert colours("30208物业管理费") == {AMBER}
    assert colours("30213维护(护)费") == {AMBER}
    (_, colour, text, note), = on[18]
    assert colour == RED and "其他商品和服务支出12.58万元" in text and "12.58" in note
    for n in range(1, 21):  # nothing drawn elsewhere
        if n not in on:
            assert not _squares(pdf[n - 1 + done.summary_pages])


def test_each_quoted_finding_is_boxed_on_its_quote(changchun):
    _, marks, done, out = changchun
    pdf = pdfium.PdfDocument(str(out))
    for m in marks:
        squares = _squares(pdf[m.page - 1 + done.summary_pages])
        if m.quote:
            assert any(_fold(m.quote) in text for _, _, text, _ in squares), m


def test_the_summary_lists_every_finding_and_links_to_its_page(changchun):
    _, marks, done, out = changchun
    pdf = pdfium.PdfDocument(str(out))
    summary = pdf[0].get_textpage().get_text_range()
    assert "审核结果" in summary and "下级科目之和不等于上级" in summary and "科目名称与编码不符" in summary
    assert sorted(_link_targets(pdf, pdf[0])) == sorted(m.page - 1 + done.summary_pages for m in marks)


def test_a_quote_printed_twice_on_a_page_is_boxed_once_in_each_place():
    doc = audit_report(read_report(JIANGSU))
    same = [m for m in marks_of(doc, JIANGSU.name)
            if m.page == 19 and m.quote.startswith("相比增加（减少）0万元，增长（减少）0%。")]
    assert len(same) == 2 and same[0].line < same[1].line
    page = pdfium.PdfDocument(str(JIANGSU))[18]
    first, second = place(page, same)
    assert first[1] > second[3]   # the earlier line's box above the later one's, not on it
    text = page.get_textpage()
    assert "政府性基金收入预算" in _fold(text.get_text_bounded(*first))
    assert "财政专户" in _fold(text.get_text_bounded(*second))


def test_a_text_report_is_said_not_to_be_annotatable_and_the_pdfs_are_written(tmp_path):
    text = tmp_path / "report.txt"
    text.write_text("部门预算\n", encoding="utf-8")
    doc = audit_report(read_report(CHANGCHUN))
    said = write_annotated([doc], [CHANGCHUN, text], tmp_path / "out")
    assert said[0] == "report.txt: not a PDF, so its findings cannot be drawn on pages (the other formats list them)"
    assert (tmp_path / "out" / f"{CHANGCHUN.stem}.checked.pdf").exists() and len(said) == 2


def test_several_pdfs_need_a_folder():
    with pytest.raises(QueryError, match="give -o a folder"):
        output_paths([Path("a.pdf"), Path("b.pdf")], Path("out.pdf"))
    assert output_paths([Path("x/a.pdf"), Path("y/a.pdf")], Path("out")) == {
        Path("x/a.pdf"): Path("out/a.checked.pdf"), Path("y/a.pdf"): Path("out/a-2.checked.pdf")}


def test_the_html_report_links_each_finding_to_its_page(changchun):
    doc = changchun[0]
    out = io.StringIO()
    write_html([doc], out, page_link=lambda f: f"cc.pdf#page={f['page']}" if f["page"] else None)
    assert "<a href='cc.pdf#page=11'>11</a>" in out.getvalue() and "cc.pdf#page=18" in out.getvalue()
