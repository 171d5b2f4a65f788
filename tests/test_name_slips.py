"""The department's name printed once with a character wrong, or once without its region.

Planted into 上海市中医文献馆2026年单位预算.pdf, which prints its name 上海市中医文献馆 on the cover
(预算单位：上海市中医文献馆), in the headings of p.3–4, in the prose of p.6 and 17, and in the
编制单位 line above every table (p.7–16): the majority reading is the name.
"""
from __future__ import annotations

from dataclasses import replace

import pytest

from budgetkg.check.read import process_document
from budgetkg.sources.document import Document, Line
from budgetkg.sources.read import read_document

from .corpus import corpus_path

NAME = "上海市中医文献馆"


@pytest.fixture(scope="module")
def document() -> Document:
    return read_document(corpus_path("regions", "上海市中医文献馆2026年单位预算.pdf"))


def _planted(doc: Document, page: int, old: str, new: str) -> tuple[Document, Line]:
    """``doc`` with the first line of ``page`` holding ``old`` reading ``new`` in its place."""
    k = next(i for i, ln in enumerate(doc.lines) if ln.page == page and old in ln.text)
    ln = doc.lines[k]
    lines = list(doc.lines)
    lines[k] = Line(ln.no, ln.text.replace(old, new, 1), ln.page,
                    tuple(replace(c, text=c.text.replace(old, new, 1)) for c in ln.cells))
    return replace(doc, lines=tuple(lines)), lines[k]


def _found(doc: Document) -> list:
    return [f for f in process_document(doc).findings if f.check == "name-misspelt"]


def test_a_character_changed_in_a_table_header_is_a_slip(document):
    # p.9 prints "编制单位：上海市中医文献馆" above 预算单位支出预算总表; planted: 中医 → 中衣
    doc, line = _planted(document, 9, "编制单位：上海市中医文献馆", "编制单位：上海市中衣文献馆")
    [f] = _found(doc)
    assert (f.source.page, f.source.line) == (9, line.no)
    assert (f.expected, f.found) == (NAME, "上海市中衣文献馆")


def test_a_character_changed_in_the_prose_is_a_slip(document):
    # p.3: "上海市中医文献馆是上海市卫生健康委员会直属全额预算单位。"; planted: 馆 → 管
    doc, _ = _planted(document, 3, "上海市中医文献馆是", "上海市中医文献管是")
    [f] = _found(doc)
    assert (f.source.page, f.expected, f.found) == (3, NAME, "上海市中医文献管")


def test_the_cover_misspelt_is_judged_by_the_majority(document):
    # p.1, the cover the department's name is read from: "预算单位：上海市中医文献馆"; planted: 医 → 衣
    doc, _ = _planted(document, 1, "预算单位：上海市中医文献馆", "预算单位：上海市中衣文献馆")
    [f] = _found(doc)
    assert (f.source.page, f.expected, f.found) == (1, NAME, "上海市中衣文献馆")


def test_a_region_dropped_in_a_table_header_is_a_slip(document):
    # p.9 header planted without its region: 编制单位：中医文献馆
    doc, line = _planted(document, 9, "编制单位：上海市中医文献馆", "编制单位：中医文献馆")
    [f] = _found(doc)
    assert (f.source.line, f.expected, f.found) == (line.no, NAME, "中医文献馆")


def test_the_clean_report_has_no_name_slip(document):
    assert _found(document) == []


def test_no_name_slip_in_the_corpus(corpus_reports):
    """Other bodies one character from the department (北京市审计局 beside 北京市统计局), words that
    start with its name (重庆市水利工程…, 湖州市财政票据…) and short names in headers
    (101006-组织部) are no slip: the clean corpus has none."""
    assert [(r.source_name, f.message) for r in corpus_reports for f in r.findings
            if f.check == "name-misspelt"] == []
