"""A unit's name printed once with a character wrong against the report's list of units or the
unit column of a table by unit (unit-name-misspelt), planted into real pages.

2026年泉州市人民政府办公室部门预算.pdf lists its 13 units in a table on p.7 (序号 / 单位名称) and
prints six of them again in the unit column of the 收入预算总表 on p.14 (泉州市机关事务服务中心 is
its last row, 7488.22). 江苏省委办公厅2019年度部门预算公开文件.pdf lists its 直属单位 on p.4
("直属单位包括：机关后勤服务中心、机关文印中心、东郊国宾馆、西康宾馆。") and names two of them
again three lines below ("不含东郊国宾馆（自收自支）和西康宾馆（自收自支）。").
"""
from __future__ import annotations

from dataclasses import replace

import pytest

from budgetkg.check.read import process_document
from budgetkg.sources.document import Document, Line
from budgetkg.sources.read import read_document

from .corpus import corpus_path


@pytest.fixture(scope="module")
def quanzhou() -> Document:
    return read_document(corpus_path("regions", "2026年泉州市人民政府办公室部门预算.pdf"))


@pytest.fixture(scope="module")
def jiangsu() -> Document:
    return read_document(corpus_path("series", "江苏省委办公厅2019年度部门预算公开文件.pdf"))


def _planted(doc: Document, page: int, old: str, new: str) -> tuple[Document, Line]:
    """``doc`` with the first line of ``page`` holding ``old`` reading ``new`` in its place."""
    k = next(i for i, ln in enumerate(doc.lines) if ln.page == page and old in ln.text)
    ln = doc.lines[k]
    lines = list(doc.lines)
    lines[k] = Line(ln.no, ln.text.replace(old, new, 1), ln.page,
                    tuple(replace(c, text=c.text.replace(old, new, 1)) for c in ln.cells))
    return replace(doc, lines=tuple(lines)), lines[k]


def _found(doc: Document) -> list:
    return [f for f in process_document(doc).findings if f.check in ("unit-name-misspelt", "name-misspelt")]


def test_a_unit_misspelt_in_the_table_by_unit_is_a_slip(quanzhou):
    # p.14, last row of the 收入预算总表: 泉州市机关事务服务中心 → 泉州市机关事务服发中心
    doc, line = _planted(quanzhou, 14, "泉州市机关事务服务中心", "泉州市机关事务服发中心")
    [f] = _found(doc)
    assert (f.check, f.source.page, f.source.line) == ("unit-name-misspelt", 14, line.no)
    assert (f.expected, f.found) == ("泉州市机关事务服务中心", "泉州市机关事务服发中心")


def test_a_unit_misspelt_in_the_list_itself_is_a_slip_against_the_prose(jiangsu):
    # p.4, the last of the list of 直属单位 (printed twice in all): 西康宾馆 → 西展宾馆
    doc, line = _planted(jiangsu, 4, "西康宾馆。", "西展宾馆。")
    [f] = _found(doc)
    assert (f.source.line, f.expected, f.found) == (line.no, "西康宾馆", "西展宾馆")


def test_two_similar_units_of_one_list_are_two_units(quanzhou):
    # p.7: the 驻福州办事处 of the list made one character from the 驻厦门办事处 below it
    # (福建省泉州市人民政府驻福门办事处 / …驻厦门办事处): one list names each unit once
    doc, _ = _planted(quanzhou, 7, "福建省泉州市人民政府驻福州办事处", "福建省泉州市人民政府驻福门办事处")
    assert _found(doc) == []


def test_no_unit_slip_in_the_corpus(corpus_reports):
    """The clean corpus has none: internal divisions named by their work in prose (水资源的 …
    beside 水资源处, 经济合作的 … beside 经济合作科) are no misspelt unit."""
    assert [(r.source_name, f.message) for r in corpus_reports for f in r.findings
            if f.check == "unit-name-misspelt"] == []
