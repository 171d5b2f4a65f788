"""A class printed under the name of a superseded edition of the 政府收支分类科目 (old-edition-name).

江苏省委办公厅's 收支预算总表 lists every class by name: its 2018 table (2018年度部门预算公开表.pdf,
p.3) prints "九、医疗卫生与计划生育支出", "七、文化体育与传媒支出", "十七、国土海洋气象等支出"; its 2019
table (2019年度部门预算公开表格.pdf, p.1) "九、卫生健康支出", "七、文化旅游体育与传媒支出",
"十七、自然资源海洋气象等支出" — the 2019 edition's names.
"""
from __future__ import annotations

from dataclasses import replace

import pytest

from budgetkg.check.read import process_document
from budgetkg.model.editions import RENAMINGS, retired_before
from budgetkg.sources.document import Document, Line
from budgetkg.sources.read import read_document

from .corpus import corpus_path


@pytest.fixture(scope="module")
def tables_2019() -> Document:
    return read_document(corpus_path("series", "江苏省委办公厅2019年度部门预算公开表格.pdf"))


def _found(doc: Document) -> list:
    return [f for f in process_document(doc).findings if f.check == "old-edition-name"]


def _planted(doc: Document, old: str, new: str) -> tuple[Document, Line]:
    k = next(i for i, ln in enumerate(doc.lines) if old in ln.text)
    ln = doc.lines[k]
    lines = list(doc.lines)
    lines[k] = Line(ln.no, ln.text.replace(old, new, 1), ln.page,
                    tuple(replace(c, text=c.text.replace(old, new, 1)) for c in ln.cells))
    return replace(doc, lines=tuple(lines)), lines[k]


def test_the_2018_name_of_class_210_in_a_2019_table_is_out_of_date(tables_2019):
    # the 2018 table's row "九、医疗卫生与计划生育支出" printed in the 2019 table
    doc, line = _planted(tables_2019, "九、卫生健康支出", "九、医疗卫生与计划生育支出")
    [f] = _found(doc)
    assert (f.source.page, f.source.line) == (1, line.no)
    assert (f.expected, f.found) == ("卫生健康支出", "医疗卫生与计划生育支出")


def test_the_2018_report_under_its_own_edition_is_no_finding():
    doc = read_document(corpus_path("series", "江苏省委办公厅2018年度部门预算公开表.pdf"))
    assert _found(doc) == []


def test_an_edition_applies_from_its_year_on():
    assert [r.since for r in retired_before(2018)] == []
    assert {r.code for r in retired_before(2026)} == {r.code for r in RENAMINGS}


def test_no_old_edition_name_in_the_corpus(corpus_reports):
    assert [(r.source_name, f.message) for r in corpus_reports for f in r.findings
            if f.check == "old-edition-name"] == []
