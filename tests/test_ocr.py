"""Scanned PDFs through OCR (issue 22): pages without a text layer are recognised offline and
give the same kind of Document as a text-layer PDF.

The done-when test renders pages of a real corpus report to grey images at 150 dpi, rebuilds
an image-only PDF from them here, and reads it: the totals, the 三公 table and the 类 rows
must be the ones the text layer of the same pages gives. A scanned document that is not a
disclosure report is still refused, after OCR, as not a report.
"""
from __future__ import annotations

import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from budgetkg.errors import ParseError
from budgetkg.sources.ocr_fix import fix_figure
from tests.corpus import corpus_path

ROOT = Path(__file__).resolve().parents[1]
REPORT = ("regions", "2026年重庆市气象局部门预算.pdf")
#: Its 收支总体情况表 (表一), 支出总体情况表 (表三, two pages) and 三公 table (表八), 0-based.
PAGES = [5, 8, 9, 16]
SCANNED_NOT_REPORT = ("wide", "not-reports", "yl_swj_2023_xxgk_annual_report_scanned.pdf")


@pytest.mark.parametrize("printed, read", [
    ("14,770.62", "14,770.62"),            # already a figure
    ("213. 00", "213.00"),                 # a space the recogniser put inside
    ("1O0.00", "100.00"),                  # O for 0
    ("5,3S9.50", "5,359.50"),              # S for 5
    ("l20.17", "120.17"),                  # l for 1
    ("B8.00", "88.00"),                    # B for 8
    ("14，770.62", "14,770.62"),            # full-width comma before three digits
    ("56，53", "56.53"),                   # full-width comma before two: a decimal point
    ("单位：方元", "单位：万元"),
    ("1O0.0S", "1O0.0S"),                  # two odd characters: left as read, never guessed
    ("OS", "OS"),                          # no digit at all
    ("行政运行", "行政运行"),
    ("2O26年", "2O26年"),                  # not a figure cell
])
def test_one_confused_character_in_a_figure_is_corrected_and_nothing_else(printed, read):
    assert fix_figure(printed) == read


def test_rulings_are_found_in_the_image_and_characters_are_not():
    import numpy as np

    from budgetkg.sources.ocr_rulings import find_rulings
    scale = 200 / 72
    img = np.full((600, 800), 255, dtype=np.uint8)
    img[100:102, 50:750] = 0     # two horizontal rulings, two pixels thick
    img[300, 50:750] = 0
    img[100:301, 50] = 0          # a vertical one
    img[150:170, 200:220] = 0     # a character-sized blot: not a ruling
    img[400:440, 50:750] = 0      # a dark band: shading, not a ruling
    for x in range(50, 750):      # a ruling of a skewed scan: one pixel down every 100
        img[500 + (x - 50) // 100, x] = 0
    lines = find_rulings(img, scale)
    horizontal = sorted(round(ln["top"] * scale) for ln in lines if ln["top"] == ln["bottom"])
    vertical = [round(ln["x0"] * scale) for ln in lines if ln["x0"] == ln["x1"]]
    assert horizontal == [101, 300, 504] and vertical == [50]


def test_an_unruled_table_gets_rulings_between_its_columns():
    from budgetkg.sources.ocr import Run
    from budgetkg.sources.ocr_columns import column_rulings
    runs = [Run("合计", (50, 100, 80, 110), 1.0), Run("100.00", (200, 100, 240, 110), 1.0),
            Run("208", (50, 120, 70, 130), 1.0), Run("社会保障和就业支出", (80, 120, 160, 130), 1.0),
            Run("60.00", (205, 120, 240, 130), 1.0),
            Run("210", (50, 140, 70, 150), 1.0), Run("卫生健康支出", (80, 140, 130, 150), 1.0),
            Run("40.00", (205, 140, 240, 150), 1.0),
            Run("221", (50, 160, 70, 170), 1.0), Run("住房保障支出", (80, 160, 130, 170), 1.0),
            Run("0.00", (210, 160, 240, 170), 1.0)]
    lines = column_rulings(runs, [])
    vertical = sorted((round(ln["x0"]), round(ln["top"])) for ln in lines if ln["x0"] == ln["x1"])
    # the table's sides; the code | name gap in the three rows that leave it open (合计 covers
    # it: one cell merged across); the name | figure gap in all four rows
    xs = [x for x, _ in vertical]
    assert xs[0] == 48 and xs[-1] == 242 and len(xs) == 9
    assert all(70 < x < 80 for x in xs[1:4]) and all(160 < x < 200 for x in xs[4:8])
    assert sum(1 for ln in lines if ln["top"] == ln["bottom"]) == 5  # around and between 4 rows
    assert column_rulings(runs, [{"x0": 60, "x1": 60, "top": 90, "bottom": 160}]) == []  # ruled already


def test_text_layer_pdfs_never_load_the_ocr_engine():
    code = ("import sys\nfrom budgetkg.sources.pdf import read_pdf\n"
            f"read_pdf({str(ROOT / 'data' / 'pdf' / 'putuo_office_2025_budget.pdf')!r})\n"
            "print(sorted(m for m in ('rapidocr_onnxruntime', 'onnxruntime', 'cv2', 'budgetkg.sources.ocr')"
            " if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert out.stdout.strip() == "[]"


def _facts(path: Path):
    from budgetkg.model.report import TableKind
    from budgetkg.parse.report import parse_document
    from budgetkg.sources.pdf import read_pdf
    seen: list[tuple[int, int]] = []
    doc = read_pdf(path, on_page=lambda n, total: seen.append((n, total)))
    report = parse_document(doc)

    def rows(kind, only=lambda row: True):
        table = report.table(kind)
        return [(row.code, row.role.value, row.side, sorted((k, a.yuan) for k, a in row.amounts.items()))
                for row in table.rows if only(row)]
    is_class = lambda row: row.code is not None and len(row.code) == 3  # noqa: E731
    is_total = lambda row: row.role.value == "total"  # noqa: E731
    facts = {"totals": sorted((t.key, t.amount.yuan) for t in report.totals),
             "three-public": rows(TableKind.THREE_PUBLIC),
             "expenditure classes": rows(TableKind.EXPENDITURE, is_class),
             "expenditure total": rows(TableKind.EXPENDITURE, is_total),
             "summary classes": rows(TableKind.SUMMARY, is_class),
             "summary totals": rows(TableKind.SUMMARY, is_total),
             "department": report.department.name, "year": report.year}
    return doc, seen, facts


def test_an_image_only_pdf_gives_the_text_layers_totals_three_public_and_class_rows(tmp_path):
    import pypdfium2 as pdfium
    source = pdfium.PdfDocument(corpus_path(*REPORT))
    text = pdfium.PdfDocument.new()
    text.import_pages(source, PAGES)
    text.save(tmp_path / "text.pdf")
    images = [source[i].render(scale=150 / 72, grayscale=True).to_pil().convert("L") for i in PAGES]
    images[0].save(tmp_path / "scan.pdf", save_all=True, append_images=images[1:], resolution=150)
    assert not any(pdfium.PdfDocument(tmp_path / "scan.pdf")[i].get_textpage().count_chars()
                   for i in range(len(PAGES)))  # image only: nothing to read but pixels

    text_doc, text_seen, expected = _facts(tmp_path / "text.pdf")
    scan_doc, scan_seen, got = _facts(tmp_path / "scan.pdf")
    assert text_doc.ocr_pages == () and not text_seen
    assert scan_doc.ocr_pages == (1, 2, 3, 4) and scan_seen == [(1, 4), (2, 4), (3, 4), (4, 4)]
    assert expected["totals"] == [("expenditure", Decimal("147706200.00")), ("income", Decimal("147706200.00"))]
    assert len(expected["expenditure classes"]) == 6 and len(expected["three-public"]) == 1
    assert got == expected
    # every figure read from the scan carries its confidence; text-layer cells carry none
    figures = [c for ln in scan_doc.lines for c in ln.cells if c.text[:1].isdigit()]
    assert figures and all(c.confidence is not None and 0.5 < c.confidence <= 1 for c in figures)
    assert all(c.confidence is None for ln in text_doc.lines for c in ln.cells)


def test_a_scanned_document_that_is_not_a_report_is_read_and_refused_as_such():
    from budgetkg.check.read import read_report
    path = corpus_path(*SCANNED_NOT_REPORT)
    with pytest.raises(ParseError, match="does not look like a budget or final-account disclosure report"):
        read_report(path)


def test_the_progress_bar_hears_the_ocr_pages_of_each_pdf_and_drops_its_bar_when_it_is_read():
    from budgetkg.cli.common import progress_bar
    from budgetkg.sources.ocr import tell_page
    with progress_bar(2, quiet=False) as advance:
        tell_page(1, 2, "a.pdf")
        tell_page(1, 2, "b.pdf")  # two PDFs read at once (in two workers): a bar each
        tell_page(2, 2, "a.pdf")
        advance(Path("a.pdf"))
        tell_page(2, 2, "b.pdf")
        advance(Path("b.pdf"))
    tell_page(1, 1, "c.pdf")  # outside the bar: nobody listens, nothing breaks


def _stored_amounts(store_path: Path, department: str) -> set[str]:
    """The decimal figures stored in the graph of ``department``'s report (subject, predicate, value)."""
    from budgetkg.load.store import BudgetStore
    store = BudgetStore(store_path, read_only=True)
    try:
        return {f"{q.subject} {q.predicate} {q.object.value}" for q in store.quads()
                if department in str(q.graph_name)
                and getattr(getattr(q.object, "datatype", None), "value", "").endswith("#decimal")}
    finally:
        store.close()


def test_ocr_pages_read_in_worker_processes_are_counted_and_store_the_text_layers_figures(tmp_path, monkeypatch):
    """`ingest --workers 2` reads the scan in a worker process: the pages it read by OCR travel
    back with its result and are said ("read 2 scanned page(s) by OCR", as `check` says of the
    same file), and the figures stored are the text layer's, every one."""
    import pypdfium2 as pdfium
    from typer.testing import CliRunner

    import budgetkg.load.workers as workers
    from budgetkg.cli.main import app
    from budgetkg.sources.ocr import page_progress
    from tests.conftest import SAMPLES
    pages = [5, 16]  # 表一 收支总体情况表 and 表八 三公
    source = pdfium.PdfDocument(corpus_path(*REPORT))
    (tmp_path / "text").mkdir()
    (tmp_path / "scan").mkdir()
    text = pdfium.PdfDocument.new()
    text.import_pages(source, pages)
    text.save(tmp_path / "text" / "report.pdf")
    images = [source[i].render(scale=150 / 72, grayscale=True).to_pil().convert("L") for i in pages]
    images[0].save(tmp_path / "scan" / "report.pdf", save_all=True, append_images=images[1:], resolution=150)

    monkeypatch.setattr(workers, "MIN_FILES_PER_WORKER", 1)  # two files are enough for two workers
    spawned: list[int] = []
    monkeypatch.setattr(workers.ProcessPool, "_pool",
                        lambda self, n, pool=workers.ProcessPool._pool: spawned.append(n) or pool(self, n))
    runner = CliRunner()
    other = SAMPLES["000"]  # a text report read beside it
    heard: list[tuple[int, int, str]] = []  # what the progress bar is told, page by page
    with page_progress(lambda number, of, name: heard.append((number, of, name))):
        scan = runner.invoke(app, ["ingest", "--workers", "2", "--store", str(tmp_path / "s1"),
                                   str(tmp_path / "scan" / "report.pdf"), str(other)])
    assert scan.exit_code == 0, scan.output
    assert spawned == [2]  # read in worker processes, not in this one
    assert heard == [(1, 2, "report.pdf"), (2, 2, "report.pdf")]  # relayed from the worker as read
    assert "read 2 scanned page(s) by OCR" in scan.stderr
    text_run = runner.invoke(app, ["ingest", "--workers", "2", "--store", str(tmp_path / "s2"),
                                   str(tmp_path / "text" / "report.pdf"), str(other)])
    assert text_run.exit_code == 0 and "by OCR" not in text_run.stderr
    scanned, printed = _stored_amounts(tmp_path / "s1", "重庆市气象局"), _stored_amounts(tmp_path / "s2", "重庆市气象局")
    assert len(printed) > 30 and scanned == printed

    checked = runner.invoke(app, ["check", "--format", "json", str(tmp_path / "scan" / "report.pdf")])
    assert checked.exit_code == 0 and "read 2 scanned page(s) by OCR" in checked.stderr
