"""Shares of a whole that only a table prints, and shares over 100 % (issue 23).

The whole of "占本年支出合计的 x%" is the report's 本年支出合计 row; the expected figures come from
the rendered page (中共上海市普陀区委社会工作部 2024 年度部门决算.pdf p.12: 307.82 万元 of a 本年支出合计
of 307.82 万元 is 100.00 %).
"""
from __future__ import annotations

from budgetkg.check.mutation.plant import replace_in_line
from budgetkg.check.read import process_document
from budgetkg.sources.read import read_document
from tests.corpus import corpus_path
from tests.test_narrative_words import _found

REPORT = ("pdf", "中共上海市普陀区委社会工作部 2024 年度部门决算.pdf")


def _share_findings(doc):
    return [(f.source.line if f.source else None, f.found) for f in process_document(doc).findings
            if f.check == "share-of-table-total"]


def test_share_of_the_total_a_table_row_prints():
    doc = read_document(corpus_path(*REPORT))
    assert _share_findings(doc) == []
    no = next(ln.no for ln in doc.lines if ln.text.strip().startswith("100.00%") and "与2023" in ln.text.replace(" ", ""))
    assert "占本年支出合计的" in doc.lines[no - 2].text
    planted = replace_in_line(doc, no, "100.00", "90.00", at=doc.lines[no - 1].text.find("100.00"))
    assert _share_findings(planted) == [(no, "90.00%")]


def test_part_said_to_be_more_than_its_whole():
    # 2019年佛山市轨道交通局部门决算.pdf p.16: the one 三公 item spent, 100.0 % of the 三公 spending
    clean = ("2019年“三公”经费财政拨款支出决算中，因公出国（境）费 0万元，占 0%；公务用车购置及运行费支出 0 万元；"
             "公务接待费支出 0.16 万元，占 100.0%。\n")
    assert _found(clean) == []
    assert _found(clean.replace("100.0%", "150.0%")) == [("share-of-table-total", "150.0%")]
    # a rate of a budget is no share: "占年初预算的 105%" is left alone
    assert _found("支出决算 21.00 万元，占年初预算的 105%。\n") == []
