"""`make mutate` in small: a fixed sample of planted errors (issue 23) on three reports of three
formats (a text report, a Putuo PDF, a Quanzhou PDF), each planted alone and checked.

The table-side kinds, a changed year and a placeholder left in must all be found at the planted
place; no kind may bring a new error or warning anywhere else (a false finding). Of the
narrative-side kinds (the narrative checks' to raise), the plants found today are listed, so
that a change that loses one fails here.
"""
from __future__ import annotations

import pytest

from budgetkg.check.mutation.harness import load_clean, run
from budgetkg.check.mutation.kinds import KINDS
from tests.corpus import corpus_path

SAMPLE = ("000_ff4e6f22e69eafef.txt", "pdf/上海市普陀区人民政府办公室25年预算.pdf", "regions/2026年泉州市公安局部门预算.pdf")
TABLE_KINDS = [k for k, kind in KINDS.items() if kind.side == "table"]
#: Kinds of which every plant of the sample must be found: the table side, years and placeholders.
ALWAYS_FOUND = [*TABLE_KINDS, "base-year", "placeholder"]


@pytest.fixture(scope="module")
def outcomes():
    cleans = load_clean([corpus_path(p) for p in SAMPLE])
    assert len(cleans) == len(SAMPLE)
    return run(cleans, list(KINDS), per_kind=3, seed=23)


def test_every_kind_plants_in_the_sample(outcomes):
    planted = {o.plant.kind for o in outcomes}
    assert planted == set(KINDS), set(KINDS) - planted


def test_planted_table_errors_years_and_placeholders_are_found_at_their_place(outcomes):
    missed = [(o.plant.kind, o.plant.source, o.plant.line, o.plant.before, o.plant.after)
              for o in outcomes if o.plant.kind in ALWAYS_FOUND and not o.detected]
    assert not missed


#: Narrative-side plants of the sample the checks find today (kind, report, line): none may be lost.
FOUND_TODAY = {
    ("direction-word", "000_ff4e6f22e69eafef.txt", 1097),
    ("base-year", "2026年泉州市公安局部门预算.pdf", 390),
    ("placeholder", "2026年泉州市公安局部门预算.pdf", 817),
    ("placeholder", "2026年泉州市公安局部门预算.pdf", 488),
    ("placeholder", "上海市普陀区人民政府办公室25年预算.pdf", 21),
    ("empty-reason", "上海市普陀区人民政府办公室25年预算.pdf", 68),
    ("empty-reason", "000_ff4e6f22e69eafef.txt", 1083),
    ("empty-reason", "000_ff4e6f22e69eafef.txt", 1099),
}


def test_narrative_plants_found_today_stay_found(outcomes):
    found = {(o.plant.kind, o.plant.source, o.plant.line) for o in outcomes if o.detected}
    assert found >= FOUND_TODAY, FOUND_TODAY - found


def test_no_planted_error_brings_a_false_finding(outcomes):
    false = [(o.plant.kind, o.plant.source, o.plant.line, f.check, f.message) for o in outcomes for f in o.false]
    assert not false


def test_no_planted_error_makes_the_report_unreadable(outcomes):
    assert not [o.plant for o in outcomes if o.refused]


def test_one_figure_off_in_a_summary_is_the_documents_error_not_an_unread_table():
    """004's 收支总体情况表 prints 收入总计 595.08 | 支出总计 595.08 (line 124). With 收入总计 printed 594.08,
    the income lines and the balance both miss by 1.00 and nothing else fails: one figure explains
    both, so the table is verified with errors (it was unread, and the slip went unreported)."""
    from budgetkg.check.mutation.plant import replace_in_line
    from budgetkg.check.read import process_document
    from budgetkg.model.report import ProofStatus, TableKind
    from budgetkg.sources.read import read_document

    doc = read_document(corpus_path("004_501d641a181fab5a.txt"))
    assert doc.lines[123].cell_texts()[1] == "595.08"
    planted = replace_in_line(doc, 124, "595.08", "594.08", cell=1)
    report = process_document(planted)
    summary = next(t for t in report.tables if t.kind is TableKind.SUMMARY)
    assert summary.proof is not None and summary.proof.status is ProofStatus.DOCUMENT_ERRORS
    assert [(f.check, f.expected, f.found) for f in report.findings if f.check == "balance"] == \
        [("balance", "5940800", "5950800")]


def test_without_a_general_public_table_a_smaller_basic_table_is_no_cross_table_error():
    """上海市中医文献馆's 2026 unit budget with its 一般公共预算支出功能分类预算表 taken out (planted): the
    basic-expenditure table (一般公共预算 only) was held against the 支出预算总表's 基本支出, which covers
    every fund, and reported as differing — a false error for any report without that table."""
    import random

    from budgetkg.check.mutation.harness import judge

    clean = load_clean([corpus_path("regions/上海市中医文献馆2026年单位预算.pdf")])[0]
    kind = KINDS["table-deleted"]
    site = next(s for s in clean.sites[kind.id] if s.table == "general-public")
    plant = kind.plant(clean.document, clean.report, site, random.Random(0))
    assert plant is not None
    outcome = judge(clean, plant)
    assert outcome.detected
    assert [f.check for f in outcome.false] == []


def test_one_figure_off_on_a_page_read_by_ocr_stays_unread():
    """On a scanned page a figure that breaks its sums is as likely a misread digit as a slip: the same
    planted 收入总计 as above, in Putuo's 2025 budget (p.8 prints 收入总计 91,016,775.35 | 支出总计
    91,016,775.35), makes the summary verified with errors from a text layer, unread if read by OCR."""
    import random
    from dataclasses import replace

    from budgetkg.check.read import process_document
    from budgetkg.model.report import ProofStatus, TableKind

    clean = load_clean([corpus_path("pdf/上海市普陀区人民政府办公室25年预算.pdf")])[0]
    kind = KINDS["totals-unequal"]
    site = next(s for s in clean.sites[kind.id] if s.table == "summary")
    plant = kind.plant(clean.document, clean.report, site, random.Random(0))
    assert plant is not None

    def summary_status(doc):
        return next(t for t in process_document(doc).tables if t.kind is TableKind.SUMMARY).proof.status

    assert summary_status(plant.document) is ProofStatus.DOCUMENT_ERRORS
    pages = tuple(sorted({ln.page for ln in plant.document.lines if ln.page}))
    assert summary_status(replace(plant.document, ocr_pages=pages)) is ProofStatus.UNREAD


def test_one_row_off_on_a_page_read_by_ocr_is_unread_not_the_documents_error():
    """A full OCR of Putuo's 2025 budget read 一、一般公共预算资金's figure into the next row's label in its
    财政拨款收支总表, and the table (every other sum closing) was stored as verified with errors — an
    OCR misread taken for the document's slip. Planted: p.11 of the same report prints 2010302
    一般行政管理事务 46,140,000.00 | | 46,140,000.00 (line 138); with its 合计 46,150,000.00 the 支出预算总表 is
    the document's error from a text layer, unread when the page was read by OCR."""
    from dataclasses import replace

    from budgetkg.check.mutation.plant import replace_in_line
    from budgetkg.check.read import process_document
    from budgetkg.model.report import ProofStatus, TableKind
    from budgetkg.sources.read import read_document

    doc = read_document(corpus_path("pdf/上海市普陀区人民政府办公室25年预算.pdf"))
    assert doc.lines[137].cell_texts()[3:5] == ["一般行政管理事务", "46,140,000.00"]
    planted = replace_in_line(doc, 138, "46,140,000.00", "46,150,000.00", cell=4)

    def status(d):
        return next(t for t in process_document(d).tables if t.kind is TableKind.EXPENDITURE).proof

    assert status(planted).status is ProofStatus.DOCUMENT_ERRORS
    scanned = status(replace(planted, ocr_pages=(11,)))
    assert scanned.status is ProofStatus.UNREAD and scanned.reason.startswith("read by OCR")
    assert status(replace(doc, ocr_pages=(11,))).status is ProofStatus.VERIFIED  # a scan that closes is read


def test_a_lone_failed_side_sum_whose_figure_another_table_prints_is_the_documents_error():
    """重庆市人民政府办公厅's 2026 收支总体情况表 (p.9, line 114) prints 一、一般公共预算资金 18,417.70; planted
    16,417.70, the income side's only sum fails and nothing else does, so one failed sum could not say
    which figure is wrong and the table was unread. The 财政拨款收支总表 prints 一般公共预算 18,417.70 —
    the figure the sum wants — and no table prints 16,417.70: that line is the document's slip."""
    from budgetkg.check.mutation.plant import replace_in_line
    from budgetkg.check.read import process_document
    from budgetkg.model.report import ProofStatus, TableKind
    from budgetkg.sources.read import read_document

    doc = read_document(corpus_path("regions/2026年重庆市人民政府办公厅部门预算.pdf"))
    assert doc.lines[113].cell_texts()[:2] == ["一、一般公共预算资金", "18,417.70"]
    report = process_document(replace_in_line(doc, 114, "18,417.70", "16,417.70", cell=1))
    summary = next(t for t in report.tables if t.kind is TableKind.SUMMARY)
    assert summary.proof is not None and summary.proof.status is ProofStatus.DOCUMENT_ERRORS
    sums = [f for f in report.findings if f.check == "side-sum"]
    assert [f.source.line for f in sums] == [113] and "一般公共预算资金" in sums[0].message
