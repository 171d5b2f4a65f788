"""A performance-table heading is no performance table: "no indicators" was reported as the document's
omission where the report only named the table in a section heading above it (a misread reported as
the document's mistake), and where budgetkg could not read a layout that prints its indicators."""
from __future__ import annotations

import pytest

from budgetkg.check.read import read_report

from .corpus import corpus_path


def _indicator_findings(report):
    return [(f.check, f.severity.value, f.source.page) for f in report.findings
            if f.check in ("no-indicators", "indicators-unread")]


def test_section_heading_above_the_tables_title_is_no_table_of_its_own():
    """Quanzhou's 2026 government-office budget, p.37 (page 34 as printed): "2.部门整体支出绩效目标表"
    then the title 部门整体支出绩效目标表 and its nine indicators (≤100%, ≤0次, ≤0次, ≥85%, ≥90%, ≥100场,
    =100%, ≥10个, ≥90%)."""
    report = read_report(corpus_path("regions/2026年泉州市人民政府办公室部门预算.pdf"))
    assert _indicator_findings(report) == []
    assert [(p.kind, p.source.page, len(p.indicators)) for p in report.performance] == [("target", 37, 9)]


@pytest.mark.parametrize(("path", "page"), [
    # "五、项目绩效目标表" / "（一）236 中央高校教育教学改革专项" above the project's own table
    ("wide/pdf/swu_2024_budget.pdf", 18),
    # "（二）部门主管专项资金的绩效目标表" followed by "…无财政拨款业务类和投资发展类项目，不涉及绩效目标设置。"
    ("wide/pdf/yt_sjj_2026_budget.pdf", 29),
])
def test_heading_or_a_sentence_saying_there_is_none_gives_no_finding(path, page):
    report = read_report(corpus_path(path))
    assert _indicator_findings(report) == []
    assert all(p.indicators for p in report.performance if p.source.page == page)


def test_indicators_printed_in_a_layout_not_read_are_a_notice_not_the_documents_omission():
    """Beijing statistics' 预算13表 部门整体支出绩效目标表 (p.41) prints its indicators under 活动 | 绩效指标 |
    指标性质 | 指标值 | 度量单位 (≥12个, =16个, 定性 …): budgetkg's reading, not the report's omission."""
    report = read_report(corpus_path("wide/pdf/bj_tjj_2026_tables.pdf"))
    assert ("indicators-unread", "notice", 41) in _indicator_findings(report)
    assert not [f for f in _indicator_findings(report) if f[0] == "no-indicators"]
