"""Typed cells: readers fill a table row's cells once, and provenance keeps their boxes."""
from __future__ import annotations

import pickle
from pathlib import Path

from budgetkg.link.digest import _encode
from budgetkg.model.report import SourceRef
from budgetkg.parse.report import parse_document
from budgetkg.sources.document import Cell, Line, read_text_line
from budgetkg.sources.pdf import read_pdf
from budgetkg.sources.read import document_from_text

BUDGET_PDF = Path(__file__).resolve().parent.parent / "data" / "pdf" / "putuo_office_2025_budget.pdf"


def test_text_rows_are_split_once_by_the_reader():
    doc = document_from_text("说明文字\n合计\t1.00\t\t\n| 项目 | 金额 |\n|---|---|\n|  a | 2 |  |", name="t.md")
    prose, tabbed, piped, rule, short = doc.lines
    assert prose.cells == () and not prose.is_row and prose.cell_texts() == ["说明文字"]
    # trailing blank cells go, as the clean text line drops its trailing tabs
    assert [c.text for c in tabbed.cells] == ["合计", "1.00"] and tabbed.text == "合计\t1.00"
    assert [c.text for c in piped.cells] == ["项目", "金额"] and piped.text == "项目\t金额"
    assert rule.text == "" and rule.cells == ()
    assert short.cell_texts() == ["a", "2"] and all(c.box is None and c.span == 1 for c in short.cells)


def test_a_one_cell_pipe_row_is_not_a_row_of_cells():
    line = read_text_line(1, "| 合计 |")
    assert line.text == "合计" and not line.is_row and line.cell_texts() == ["合计"]


def test_pdf_rows_carry_page_box_and_span():
    doc = read_pdf(BUDGET_PDF)
    rows = [ln for ln in doc.lines if ln.is_row]
    assert rows and all(ln.text == "\t".join(ln.cell_texts()) for ln in rows)
    assert all(c.page == ln.page for ln in rows for c in ln.cells)
    cells = [c for ln in rows for c in ln.cells]
    assert all(c.box is not None for c in cells if c.span)
    assert all(c.box is None and c.text == "" for c in cells if c.span == 0)
    merged = next(ln for ln in rows if any(c.span > 1 for c in ln.cells))
    k = next(k for k, c in enumerate(merged.cells) if c.span > 1)
    assert merged.cells[k + 1].span == 0  # the column it covers keeps its place
    x0, top, x1, bottom = merged.box
    assert x0 < x1 and top < bottom
    assert pickle.loads(pickle.dumps(merged)) == merged


def test_figures_keep_the_box_they_were_read_from():
    report = parse_document(read_pdf(BUDGET_PDF))
    summary = next(t for t in report.tables if t.kind.value == "summary")
    income = next(r for r in summary.rows if r.side == "income" and r.amounts)
    expenditure = next(r for r in summary.rows if r.side == "expenditure" and r.amounts
                       and r.source.line == income.source.line)
    assert income.source.box and expenditure.source.box
    assert income.source.box[2] <= expenditure.source.box[0] + 1  # each side its own cells


def test_the_box_is_neither_compared_printed_nor_written_to_a_digest():
    with_box = SourceRef("r.pdf", 3, 2, (1.0, 2.0, 3.0, 4.0))
    plain = SourceRef("r.pdf", 3, 2)
    assert with_box == plain and hash(with_box) == hash(plain) and str(with_box) == str(plain)
    assert _encode(with_box) == {"file": "r.pdf", "line": 3, "page": 2}
    assert Line(1, "x").box is None and Cell("x").span == 1
