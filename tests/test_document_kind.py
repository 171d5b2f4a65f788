"""The document's kind said wrongly in its own text (scope-name, kind-title).

上海交通职业技术学院2026年单位预算.pdf is a unit budget ("上海市2026年市级单位预算 / 预算单位：上海交通
职业技术学院" on its cover); p.21, 国有资产占有使用情况, prints "2026年部门预算安排购置车辆0辆，…；单位预算
安排购置单价100万元（含）以上设备…" — the first half left over from a department's template (the
other Shanghai unit budgets print "2026年单位预算安排购置车辆"). 中共上海市普陀区委社会工作部 2024 年度
部门决算.pdf is a final account; p.6 titles its table "收入决算表".
"""
from __future__ import annotations

from dataclasses import replace

import pytest

from budgetkg.check.read import process_document
from budgetkg.sources.document import Document, Line
from budgetkg.sources.read import read_document

from .corpus import corpus_path


def _found(doc: Document, check: str) -> list:
    return [f for f in process_document(doc).findings if f.check == check]


def _planted(doc: Document, page: int, old: str, new: str) -> tuple[Document, Line]:
    k = next(i for i, ln in enumerate(doc.lines) if ln.page == page and old in ln.text)
    ln = doc.lines[k]
    lines = list(doc.lines)
    lines[k] = Line(ln.no, ln.text.replace(old, new, 1), ln.page,
                    tuple(replace(c, text=c.text.replace(old, new, 1)) for c in ln.cells))
    return replace(doc, lines=tuple(lines)), lines[k]


@pytest.fixture(scope="module")
def final_account() -> Document:
    return read_document(corpus_path("pdf", "中共上海市普陀区委社会工作部 2024 年度部门决算.pdf"))


def test_a_unit_budget_naming_its_accounts_department_budget():
    doc = read_document(corpus_path("regions", "上海交通职业技术学院2026年单位预算.pdf"))
    [f] = _found(doc, "scope-name")
    assert (f.source.page, f.expected, f.found) == (21, "单位预算", "部门预算")
    assert "2026年部门预算" in f.quote


def test_a_final_accounts_table_titled_as_a_budget_table(final_account):
    doc, line = _planted(final_account, 6, "收入决算表", "收入预算表")
    [f] = _found(doc, "kind-title")
    assert (f.source.page, f.source.line, f.found) == (6, line.no, "预算")


def test_fund_names_in_a_final_accounts_titles_are_no_budget_title(final_account):
    # 一般公共预算财政拨款支出决算表, 政府性基金预算财政拨款收入支出决算表 …
    assert _found(final_account, "kind-title") == []


def test_no_other_kind_slip_in_the_corpus(corpus_reports):
    found = [(r.source_name, f.check) for r in corpus_reports for f in r.findings
             if f.check in ("scope-name", "kind-title")]
    assert found == [("上海交通职业技术学院2026年单位预算.pdf", "scope-name")]
