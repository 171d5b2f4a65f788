"""PDF reports: contract rows read from PDFs, text/PDF equivalence, page provenance, and
clear failures for encrypted, damaged, text-less and unrelated PDFs."""
from __future__ import annotations

import csv
from pathlib import Path

import pytest

from budgetkg import Settings, ingest, read_report
from budgetkg.errors import ParseError, SourceError
from budgetkg.load.store import BudgetStore
from budgetkg.model.report import TableKind
from budgetkg.query.questions import ask, get_question
from tests.corpus import SHARED

HERE = Path(__file__).resolve().parent
PDFS = HERE.parent / "data" / "pdf"
CASES = HERE / "cases"
BUDGET_PDF = PDFS / "putuo_office_2025_budget.pdf"
FINAL_PDF = PDFS / "putuo_social_work_2024_final.pdf"
QUESTIONS = ("reports", "units", "functional", "economic", "projects", "three-public")


@pytest.fixture(scope="module")
def pdf_store(tmp_path_factory):
    path = tmp_path_factory.mktemp("pdfstore")
    result = ingest([BUDGET_PDF, FINAL_PDF], Settings.load(store=path))
    assert result.written and not result.errors
    return BudgetStore(path, read_only=True)


def _expected(case: str, question: str, source: str) -> list[tuple[str, ...]]:
    path = CASES / case / f"{question}.csv"
    if not path.exists():
        return []
    with path.open(encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    assert tuple(rows[0]) == get_question(question).columns[1:]
    return [(source, *r) for r in rows[1:]]


@pytest.mark.parametrize("question", QUESTIONS)
@pytest.mark.parametrize("pdf, case", [(BUDGET_PDF, "putuo"), (FINAL_PDF, "putuo-final")])
def test_pdf_contract_rows(pdf_store, pdf, case, question):
    got = [r for r in ask(pdf_store, question).rows if r[0] == pdf.name]
    assert got == _expected(case, question, pdf.name)


def test_pdfs_reconcile_but_for_a_real_rounding_difference(pdf_store):
    answer = ask(pdf_store, "findings")
    rows = [dict(zip(answer.columns, r)) for r in answer.rows]
    errors = {(r["source"], r["table"], r["row"], r["check"], r["expected"], r["found"]) for r in rows
              if r["check"] in ("row-sum", "children-sum", "cross-table")}
    # 302 商品和服务支出 is printed as 10.23 万元; its items (3.78 + 1.15 + 0.02 + 0.68 + 0.48 + 1.48
    # + 2.43 + 0.20) add up to 10.22 万元 — in its total and in the 公用经费 column
    assert errors == {(FINAL_PDF.name, "basic-economic", "302 商品和服务支出", "children-sum", "102300", "102200")}
    finding = next(f for f in read_report(FINAL_PDF).findings if f.check == "children-sum")
    assert finding.source.page == 13


def test_text_and_pdf_give_the_same_facts():
    """The same report as pdfplumber's extracted text and as the PDF itself."""
    def facts(report):
        return [(t.kind, [(r.code, r.label, r.project, {k: a.yuan for k, a in r.amounts.items()})
                          for r in t.rows if r.role.value != "item" or t.kind is TableKind.THREE_PUBLIC])
                for t in report.tables if t.kind in (TableKind.EXPENDITURE, TableKind.BASIC_ECONOMIC,
                                                     TableKind.GENERAL_PUBLIC, TableKind.THREE_PUBLIC)]
    from_text = read_report(CASES / "putuo" / "putuo_office_2025_budget.txt")
    from_pdf = read_report(BUDGET_PDF)
    assert facts(from_text) == facts(from_pdf)
    assert [(t.key, t.amount) for t in from_text.totals] == [(t.key, t.amount) for t in from_pdf.totals]


def test_units_per_table_and_page_provenance():
    report = read_report(BUDGET_PDF)
    general = report.table(TableKind.GENERAL_PUBLIC)
    assert general.unit == "元"
    # a table continued over a page break is one table, each row with its own page
    pages = {r.code: r.source.page for r in general.rows if r.code}
    assert pages["201"] < pages["2101101"]
    assert len([r for r in general.rows if r.code]) == 20
    three = report.table(TableKind.THREE_PUBLIC)
    assert three.unit == "万元" and three.rows[0].amount("total") == 8675000  # 867.50 万元


def _simple_pdf(text: str) -> bytes:
    """A one-page PDF with one line of Helvetica text, written by hand."""
    return _one_page_pdf(f"BT /F1 24 Tf 72 720 Td ({text}) Tj ET".encode())


# A CID font without a ToUnicode map or a known character collection: its glyphs have no text
_NO_UNICODE_FONT = [
    b"<< /Type /Font /Subtype /Type0 /BaseFont /NoMap /Encoding /Identity-H /DescendantFonts [7 0 R] >>",
    b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /NoMap /CIDSystemInfo << /Registry (Adobe) "
    b"/Ordering (Identity) /Supplement 0 >> /FontDescriptor 8 0 R /DW 1000 >>",
    b"<< /Type /FontDescriptor /FontName /NoMap /Flags 4 /FontBBox [0 -200 1000 900] /ItalicAngle 0 "
    b"/Ascent 900 /Descent -200 /CapHeight 700 /StemV 80 >>"]

# A font whose declared descent is deeper than its size (as the Western fonts of some
# Chinese reports declare: the FontBBox of a font spanning 2.4 em)
_DEEP_DESCENT_FONT = [
    b"<< /Type /Font /Subtype /TrueType /BaseFont /Arial /Encoding /WinAnsiEncoding "
    b"/FirstChar 32 /LastChar 57 /Widths [278 0 0 0 0 0 0 0 0 0 0 0 278 0 278 0 "
    b"556 556 556 556 556 556 556 556 556 556] /FontDescriptor 10 0 R >>",
    b"<< /Type /FontDescriptor /FontName /Arial /Flags 32 /FontBBox [-166 -1033 1147 1333] "
    b"/ItalicAngle 0 /Ascent 1333 /Descent -1033 /CapHeight 699 /StemV 80 >>"]


def _one_page_pdf(stream: bytes, page: bytes = b"/MediaBox [0 0 595 842]") -> bytes:
    """A one-page PDF with the given content stream, written by hand: Helvetica is /F1, a
    font without Unicode /F2 and a font declaring a descent deeper than its size /F3;
    ``page`` holds the page's box and rotation entries."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R " + page + b" /Contents 4 0 R "
               b"/Resources << /Font << /F1 5 0 R /F2 6 0 R /F3 9 0 R >> >> >>",
               b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>", *_NO_UNICODE_FONT,
               *_DEEP_DESCENT_FONT]
    out, offsets = b"%PDF-1.4\n", []
    for i, obj in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + obj + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    return out + b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)


def test_encrypted_damaged_textless_and_unrelated_pdfs(tmp_path):
    from pypdf import PdfReader, PdfWriter
    writer = PdfWriter()
    writer.add_page(PdfReader(BUDGET_PDF).pages[0])
    writer.encrypt("secret")
    writer.write(tmp_path / "encrypted.pdf")
    (tmp_path / "damaged.pdf").write_bytes(BUDGET_PDF.read_bytes()[:5000])
    blank = PdfWriter()
    blank.add_blank_page(595, 842)
    blank.write(tmp_path / "scanned.pdf")
    (tmp_path / "newsletter.pdf").write_bytes(_simple_pdf("Quarterly newsletter of the garden club"))

    cases = {"encrypted.pdf": (SourceError, "encrypted"), "damaged.pdf": (SourceError, "damaged"),
             "scanned.pdf": (SourceError, "no text layer"),
             "newsletter.pdf": (ParseError, "does not look like")}
    for name, (error, words) in cases.items():
        with pytest.raises(error, match=words) as err:
            read_report(tmp_path / name)
        assert name in err.value.describe()
    settings = Settings.load(store=tmp_path / "store")
    result = ingest([BUDGET_PDF, *(tmp_path / n for n in cases)], settings)
    assert len(result.errors) == 4 and not result.written  # no partial store


@pytest.mark.parametrize("text, case", [
    (CASES / "putuo" / "putuo_office_2025_budget.pdftotext-layout.txt", "putuo"),
    (CASES / "putuo" / "putuo_office_2025_budget.txt", "putuo"),
    (CASES / "putuo-final" / "putuo_social_work_2024_final.pdftotext-layout.txt", "putuo-final"),
])
def test_text_extracted_by_common_tools_gives_the_pdfs_rows(tmp_path, text, case):
    """`pdftotext -layout` and pdfplumber text of a PDF give the rows read from the PDF itself."""
    settings = Settings.load(store=tmp_path / "s")
    assert ingest([text], settings).written
    store = BudgetStore(settings.store, read_only=True)
    for question in ("reports", "functional", "economic", "three-public"):
        got = [r[1:] for r in ask(store, question).rows]
        assert got == [r[1:] for r in _expected(case, question, text.name)], question


@pytest.mark.parametrize("name", ["putuo_office_2025_budget", "putuo_office_2025_unit_budget",
                                  "putuo_social_work_2024_final"])
def test_pdfium_reader_gives_the_lines_the_pdfplumber_reader_gave(name):
    """Reading moved from pdfplumber/pdfminer to PDFium for speed; the lines must not move."""
    from budgetkg.sources.pdf import read_pdf
    golden = (CASES / "pdf-lines" / f"{name}.tsv").read_text(encoding="utf-8").splitlines()
    got = [f"{line.page}\t{line.text}" for line in read_pdf(PDFS / f"{name}.pdf").lines]
    assert got == golden


def test_a_space_shown_on_its_own_still_separates_words(tmp_path):
    """PDFium leaves a text object holding only spaces out of its text page (no ink); the
    reader puts the space back. Here the space (10 pt Helvetica: 2.78 pt) is narrower
    than the 3 pt gap that alone would split the words."""
    from budgetkg.sources.pdf import read_pdf
    path = tmp_path / "spaced.pdf"
    path.write_bytes(_one_page_pdf(b"BT /F1 10 Tf 72 720 Td (2017) Tj ( ) Tj (abc) Tj ET "
                                   b"BT /F1 10 Tf 72 700 Td (2017) Tj (abc) Tj ET"))
    assert [line.text for line in read_pdf(path).lines] == ["2017 abc", "2017abc"]


def test_glyphs_without_unicode_are_not_read_as_the_digits_of_their_codes(tmp_path):
    """PDFium gives such a glyph its character code as text: codes 0x31 0x32 would read "12"."""
    from budgetkg.sources.pdf import read_pdf
    path = tmp_path / "nomap.pdf"
    path.write_bytes(_one_page_pdf(b"BT /F2 12 Tf 72 700 Td <00310032> Tj ET "
                                   b"BT /F1 12 Tf 72 680 Td (345) Tj ET"))
    assert [line.text for line in read_pdf(path).lines] == ["(cid:49)(cid:50)", "345"]


def test_a_rotated_page_reads_upright_with_its_ruled_table(tmp_path):
    """/Rotate 90: text drawn turned a quarter left reads upright once the page is turned;
    the ruling lines turn with it and still make a table."""
    from budgetkg.sources.pdf import read_pdf
    turned = b"0 1 -1 0 %d %d Tm"  # text along +y: left to right on the turned page
    stream = b" ".join([
        b"BT /F1 12 Tf", turned % (50, 100), b"(Budget 2025) Tj ET",
        b"1 w 95 100 100 300 re S 145 100 m 145 400 l S 95 250 m 195 250 l S",
        b"BT /F1 10 Tf", turned % (130, 110), b"(Item) Tj", turned % (130, 260), b"(Amount) Tj",
        turned % (180, 110), b"(Total) Tj", turned % (180, 260), b"(12.50) Tj ET"])
    path = tmp_path / "turned.pdf"
    path.write_bytes(_one_page_pdf(stream, page=b"/MediaBox [0 0 595 842] /Rotate 90"))
    assert [line.text for line in read_pdf(path).lines] == ["Budget 2025", "Item\tAmount", "Total\t12.50"]


def test_text_drawn_twice_for_a_bold_look_is_read_once(tmp_path):
    """The same string shown twice, 0.3 pt apart (fake bold). pdfminer read every glyph, so
    "12.50" came out as "1122..5500"; PDFium keeps one copy."""
    from budgetkg.sources.pdf import read_pdf
    path = tmp_path / "bold.pdf"
    path.write_bytes(_one_page_pdf(b"BT /F1 12 Tf 72 700 Td (Total 12.50) Tj ET "
                                   b"BT /F1 12 Tf 72.3 700 Td (Total 12.50) Tj ET"))
    assert [line.text for line in read_pdf(path).lines] == ["Total 12.50"]


def test_figures_and_punctuation_of_a_font_with_a_deep_descent_stay_on_their_line(tmp_path):
    """Chongqing's 2026 reports print figures and punctuation in a font declaring a descent
    of -1.033 em, on a baseline a point or two off the line's: pdfminer's box (one size up
    from the descent) put them wholly under the line, where they made a line of their own
    ("174,900" … then ".64", "; 、 ," under the sentence). The box keeps the baseline where
    the font's extent has it, and a line's fragments standing in its gaps join it."""
    from budgetkg.sources.pdf import read_pdf
    path = tmp_path / "deep.pdf"
    path.write_bytes(_one_page_pdf(
        b"BT /F1 13.68 Tf 72 700 Td (Budget) Tj ET BT /F3 13.68 Tf 125 698.15 Td (2026) Tj ET "
        b"BT /F1 13.68 Tf 160 700 Td (total) Tj ET BT /F3 13.68 Tf 186 700.48 Td (,) Tj ET "
        b"BT /F1 13.68 Tf 72 679 Td (next line) Tj ET"))
    assert [line.text for line in read_pdf(path).lines] == ["Budget 2026 total,", "next line"]


def test_columns_side_by_side_a_little_off_each_others_line_stay_apart(tmp_path):
    """Joining a line's fragments must not join columns set side by side on baselines 4 pt
    apart (more than the 3 pt that puts characters on one line)."""
    from budgetkg.sources.pdf import read_pdf
    path = tmp_path / "columns.pdf"
    path.write_bytes(_one_page_pdf(b"BT /F1 12 Tf 72 600 Td (Left column) Tj ET "
                                   b"BT /F1 12 Tf 300 596 Td (Right column) Tj ET"))
    assert [line.text for line in read_pdf(path).lines] == ["Left column", "Right column"]


CORPUS = (SHARED / "corpus/regions")


@pytest.mark.skipif(not CORPUS.exists(), reason="the shared corpus is not on this machine")
@pytest.mark.parametrize("name, lines", [
    ("2026年重庆市商务委员会部门预算.pdf", [
        "重庆市商务委员会2026年部门预算情况说明",
        "(一)收入预算:2026 年年初预算数 174,900.64 万元,其中:一般公共预算拨款 101,833.84 万元,政府性基",
        "2026年部门收支总体情况表",
        "合 计\t174,900.64\t合 计\t174,900.64",
        "一、一般公共预算资金\t101,833.84\t一、一般公共服务支出\t23,103.76"]),
    ("2026年重庆市气象局部门预算.pdf", [
        "重庆市气象局2026年部门预算情况说明",
        "2026年一般公共预算支出情况表",
        "210\t卫生健康支出\t31.68\t31.68\t31.68",
        "2200501\t行政运行\t5,359.50\t5,291.50\t5,154.35\t137.15\t68.00"]),
])
def test_reports_printing_figures_in_a_font_with_a_deep_descent_are_read(name, lines):
    """Both were refused as "not a report": their titles, figures and punctuation were lines
    of their own. Expected lines read off the rendered pages (1, 3, 8 and 1, 12)."""
    from budgetkg.sources.pdf import read_pdf
    got = {line.text for line in read_pdf(CORPUS / name).lines}
    assert [text for text in lines if text not in got] == []
    assert read_report(CORPUS / name).tables


def test_a_marked_page_number_above_the_footer_band_is_not_read_as_a_table_row(tmp_path):
    """Chongqing's reports print "— 1 0 —" (letter-spaced) at 89 % of the page height, above
    the 7 % footer band, right under a table that runs on to the next page: it was read as
    a row named "—10—". The last line of a page's lower quarter that is only a number set
    off by dashes is a page number; a bare number there is left alone (it may be a figure)."""
    from budgetkg.sources.pdf import read_pdf
    path = tmp_path / "numbered.pdf"
    path.write_bytes(_one_page_pdf(b"BT /F1 12 Tf 72 700 Td (Total 12.50) Tj ET "
                                   b"BT /F1 12 Tf 280 92 Td (- 1) Tj 20 0 Td (0 -) Tj ET"))
    assert [line.text for line in read_pdf(path).lines] == ["Total 12.50"]
    path.write_bytes(_one_page_pdf(b"BT /F1 12 Tf 72 700 Td (Total 12.50) Tj ET "
                                   b"BT /F1 12 Tf 280 92 Td (10) Tj ET"))
    assert [line.text for line in read_pdf(path).lines] == ["Total 12.50", "10"]


def test_an_inkless_space_drawn_inside_a_glyph_does_not_split_a_figure(tmp_path):
    """Chongqing's reports lay runs of space-only text objects over a line; one falling
    inside a digit's advance split "14,770.62" into "1 4 , 7 7 0. 6 2". A space that
    stands where nothing fits separates nothing; one after the glyph still does."""
    from budgetkg.sources.pdf import read_pdf
    path = tmp_path / "underlay.pdf"
    path.write_bytes(_one_page_pdf(b"BT /F1 12 Tf 72 700 Td (12.50) Tj ET BT /F1 12 Tf 75 700 Td ( ) Tj ET "
                                   b"BT /F1 12 Tf 72 680 Td (2017) Tj ( ) Tj (abc) Tj ET"))
    assert [line.text for line in read_pdf(path).lines] == ["12.50", "2017 abc"]


def _glyphs(text: str, x0s: list[float], size: float, top: float = 376.5) -> list[dict]:
    """Upright character dicts as the reader builds them, each boxed one ``size`` wide."""
    return [{"text": t, "x0": x, "x1": x + size, "top": top, "bottom": top + size, "doctop": top,
             "width": size, "height": size, "size": size, "upright": True, "page_number": 1,
             "object_type": "char"} for t, x in zip(text, x0s)]


def test_full_width_brackets_mapped_to_ascii_read_full_width_and_in_their_word():
    """Chongqing's 2026 reports draw "因公出国（境）费用" and "维修（护）费" with full-width
    brackets that their font maps to ASCII "(" ")", the opening one boxed half an em into
    its cell: the names read "因公出国 (境)费用" and differed from the report. A pair of
    brackets each in an em-wide cell between ideographs is read full-width, in its word
    (positions as the commerce report's page 20 prints them, 10.29 pt font); brackets in
    half-width cells or at a line's edge stay as printed."""
    from budgetkg.sources.pdf_text import text_lines
    size = 10.29
    wide = _glyphs("因公出国(境)费用", [200.58, 211.06, 221.54, 232.02, 247.64, 252.98, 263.36,
                                     273.94, 284.42], size)
    wide[4]["top"] = wide[6]["top"] = 378.11  # the brackets' font stands a little lower
    assert text_lines(wide, (0, 0, 842, 595)) == [(376.5, "因公出国（境）费用")]
    half = _glyphs("维修(护)费", [200.0, 210.0, 220.0, 223.5, 233.5, 237.0], 10.0)
    for c in half[2:5:2]:
        c["x1"] = c["x0"] + 3.5
    assert text_lines(half, (0, 0, 842, 595)) == [(376.5, "维修(护)费")]
    edge = _glyphs("(一)主要", [200.0, 210.29, 220.58, 230.87, 241.16], size)
    assert text_lines(edge, (0, 0, 842, 595)) == [(376.5, "(一)主要")]
