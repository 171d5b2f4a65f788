"""A figure the prose states for an item the tables print, changed so that no table prints it.

Planted into 上海市中医文献馆2026年单位预算.pdf, p.6 (单位预算编制说明): "收入预算8,401万元" (p.7's
总表 prints 84,010,xxx 元) and "“卫生健康支出”科目2,206万元" (the 财政拨款 table's 卫生健康支出).
"""
from __future__ import annotations

from budgetkg.check.read import process_document
from tests.test_name_slips import _planted, document  # noqa: F401  (the module fixture)


def _found(doc) -> list:
    return [f for f in process_document(doc).findings if f.check == "stated-figure"]


def test_a_changed_total_in_the_prose_is_printed_in_no_table(document):  # noqa: F811
    doc, line = _planted(document, 6, "收入预算8,401万元", "收入预算8,491万元")
    [f] = _found(doc)
    assert (f.source.page, f.source.line, f.found) == (6, line.no, "8,491")


def test_a_changed_class_figure_in_the_prose_is_printed_in_no_table(document):  # noqa: F811
    doc, _ = _planted(document, 6, "科目2,206万元", "科目2,306万元")
    [f] = _found(doc)
    assert (f.source.page, f.found) == (6, "2,306")


def test_the_clean_report_states_only_table_figures(document):  # noqa: F811
    assert _found(document) == []


def test_stated_figures_of_the_corpus(corpus_reports):
    """The clean corpus has none. Its one stated figure no table prints, read on the pages —
    长春市信访局 p.18 states 其他商品和服务支出12.58万元, its basic table (p.11, 30299) prints 12.59 —
    is already a narrative-vs-table finding of the class figures, and is said once."""
    assert [(r.source_name, f.found) for r in corpus_reports for f in r.findings if f.check == "stated-figure"] == []
    [cc] = [r for r in corpus_reports if r.source_name == "2026年长春市信访局部门预算.pdf"]
    assert any(f.check == "narrative-vs-table" and f.found == "125800" for f in cc.findings)
