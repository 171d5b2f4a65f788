"""Amounts in the prose against the report's own numbers (issue 23: a changed amount in the text).

Each test plants one slip into a real sentence of a corpus report, read on its page:
上海市中医文献馆2026年单位预算.pdf p.17 (政府采购预算184.23万元，其中：货物1.92万元、工程0.00万元、
服务182.31万元; 公务用车购置及运行费3.20万元 … 其中：购置费0.00万元 … 运行费3.20万元; 单价100万元
（含）以上设备, twice), bj_tjj_2026_budget.pdf p.5 (支出预算 51036.22 万元，比 2025 年年初预算数
45557.68 万元增加 5478.54 万元) and 2026年泉州市公安局部门预算.pdf p.22 (（八）2040250-事业运行
4825.87 万元, the 一般公共预算 table's row 2040250).
"""
from __future__ import annotations

from dataclasses import replace

import pytest

from budgetkg.check.read import process_document
from budgetkg.sources.document import Document, Line
from budgetkg.sources.read import read_document
from tests.corpus import corpus_path

NEW = ("parts-over-whole", "change-amount", "asset-bound")


@pytest.fixture(scope="module")
def wenxian() -> Document:
    return read_document(corpus_path("regions", "上海市中医文献馆2026年单位预算.pdf"))


def _planted(doc: Document, no: int, old: str, new: str) -> Document:
    """``doc`` with ``old`` on line ``no`` reading ``new``."""
    ln = doc.lines[no - 1]
    assert old in ln.text, (ln.text, old)
    lines = list(doc.lines)
    lines[no - 1] = Line(ln.no, ln.text.replace(old, new, 1), ln.page,
                         tuple(replace(c, text=c.text.replace(old, new, 1)) for c in ln.cells))
    return replace(doc, lines=tuple(lines))


def _found(doc: Document, check: str) -> list:
    return [f for f in process_document(doc).findings if f.check == check]


def _line(doc: Document, page: int, text: str) -> int:
    return next(ln.no for ln in doc.lines if ln.page == page and text in ln.text)


def test_a_part_larger_than_its_whole_is_found(wenxian):
    no = _line(wenxian, 17, "182.31万元")
    [f] = _found(_planted(wenxian, no, "182.31万元", "782.31万元"), "parts-over-whole")
    assert f.expected == "184.23" and f.found == "784.23" and "782.31" in f.quote


def test_a_three_public_item_changed_is_reported_on_its_own_line(wenxian):
    """公务用车运行费 3.20 → 3.50: its parts exceed 公务用车购置及运行费, and the table's figure
    differs — said on the line of the changed figure, not on the section's first line."""
    no = next(ln.no for ln in wenxian.lines if ln.page == 17 and ln.text.endswith("公务用车运行费")) + 1
    doc = _planted(wenxian, no, "3.20万元", "3.50万元")  # the line reads "3.20万元，与2025年预算持平。"
    [nvt] = [f for f in _found(doc, "narrative-vs-table") if f.row == "vehicle_operation"]
    assert nvt.source.line == no
    [parts] = _found(doc, "parts-over-whole")
    assert parts.found == "3.5"


def test_an_equipment_bound_printed_two_ways_is_found(wenxian):
    no = _line(wenxian, 17, "单价100万元（含）以上设备")
    [f] = _found(_planted(wenxian, no, "单价100万元", "单价200万元"), "asset-bound")
    assert (f.source.line, f.found, f.expected) == (no, "200", "100万元")


def test_a_change_that_is_not_the_difference_of_its_two_figures_is_found():
    doc = read_document(corpus_path("wide", "pdf", "bj_tjj_2026_budget.pdf"))
    no = _line(doc, 5, "增加 5478.54 万元")
    [f] = _found(_planted(doc, no, "5478.54", "5478.04"), "change-amount")
    assert (f.source.line, f.expected, f.found) == (no, "5478.54", "5478.04")


def test_a_coded_item_figure_against_its_table_row_is_found():
    doc = read_document(corpus_path("regions", "2026年泉州市公安局部门预算.pdf"))
    no = _line(doc, 22, "2040250-事业运行")
    planted = _planted(doc, no, "4825.87", "6825.87")
    found = [f for f in _found(planted, "narrative-vs-table") if f.row == "2040250"]
    assert [(f.source.line, f.found) for f in found] == [(no, "68258700")]


def test_the_clean_corpus_states_its_amounts_consistently(corpus_reports):
    """The one finding on the clean corpus is a real slip, read on the page: 长春市信访局 p.17
    prints "2026年预算支出1682.76元，其中基本支出预算1208.20万元 … 项目支出预算474.56万元" (元 for 万元)."""
    found = [(r.source_name, f.check, f.source.page) for r in corpus_reports for f in r.findings if f.check in NEW]
    assert found == [("2026年长春市信访局部门预算.pdf", "parts-over-whole", 17)]


def test_the_fiscal_total_stated_as_shou_zhi_with_a_pause_mark_is_compared():
    """省人大办公厅2018预算公开.pdf p.23 states "财政拨款收、支总预算 15897.44 万元" (收、支 with a pause mark)."""
    doc = read_document(corpus_path("series", "省人大办公厅2018预算公开.pdf"))
    no = next(ln.no for ln in doc.lines if ln.text.startswith("15897.44 万元。与上年相比"))
    found = _found(_planted(doc, no, "15897.44", "15857.44"), "stated-figure")
    assert [(f.source.line, f.found) for f in found] == [(no, "15857.44")]
