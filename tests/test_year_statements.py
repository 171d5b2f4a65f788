"""The report's own year where a report states it, and placeholders outside the prose (issue 23):
regression tests on real corpus pages, clean and with one planted slip."""
from __future__ import annotations

from functools import cache

from budgetkg.check.mutation.plant import replace_in_line
from budgetkg.check.read import process_document
from budgetkg.sources.read import read_document
from tests.corpus import corpus_path


@cache
def _document(*parts: str):
    return read_document(corpus_path(*parts))


def _planted(parts: tuple[str, ...], no: int, old: str, new: str):
    doc = _document(*parts)
    at = doc.lines[no - 1].text.index(old)
    return process_document(replace_in_line(doc, no, old, new, at=at))


def _at(report, check: str, line: int) -> list[tuple[str | None, str | None]]:
    return [(f.expected, f.found) for f in report.findings if f.check == check and f.source and f.source.line == line]


def test_a_2019_budget_saying_its_units_are_those_of_the_2018_budget_is_warned():
    """江苏省人大常委会's 2019 budget, p.5: "纳入本部门2018年部门汇总预算编制范围的预算单位共计一家" — a
    sentence left from the 2018 report (the page's next heading is 三、2019年部门主要工作任务及目标)."""
    report = process_document(_document("series", "江苏省人大常委会2019年度部门预算公开.pdf"))
    assert report.year == 2019
    assert _at(report, "year-statement", 70) == [("2019", "2018")]


def test_a_year_in_the_three_public_section_a_table_block_ran_into_is_compared():
    """Putuo's 2025 budget prints its 三公 section after the last table (p.21), and the reader runs the
    table block on into it: "（三）公务接待费28.50万元，与2024年预算持平。" (line 255) with 2023 planted
    was never read by base-year."""
    report = _planted(("pdf", "上海市普陀区人民政府办公室25年预算.pdf"), 255, "2024", "2023")
    assert _at(report, "base-year", 255) == [("2024", "2023")]


def test_a_mistyped_title_year_does_not_make_the_report_one_of_that_year():
    """重庆市商务委员会's 2026 budget, p.1 "重庆市商务委员会2026年部门预算情况说明", planted 2027: the report
    prints 2026 everywhere else (26 times), so it stays a 2026 report (its comparisons with 2025 stay
    right) and the title is the one warned about."""
    report = _planted(("regions", "2026年重庆市商务委员会部门预算.pdf"), 1, "2026", "2027")
    assert report.year == 2026
    assert _at(report, "year-statement", 1) == [("2026", "2027")]
    assert not [f for f in report.findings if f.check == "base-year"]


def test_a_table_title_of_an_unmodelled_table_names_the_reports_year():
    """The same report's 表九 "2026年政府采购预算明细表" (p.24, line 384), a table the reader does not
    model, planted 2025."""
    report = _planted(("regions", "2026年重庆市商务委员会部门预算.pdf"), 384, "2026", "2025")
    assert _at(report, "year-statement", 384) == [("2026", "2025")]


def test_the_year_under_a_performance_table_title_names_the_reports_year():
    """西南大学's 2024 budget prints "（2024年度）" under each 绩效目标表 title (p.22, line 385); planted 2023."""
    report = _planted(("wide", "pdf", "swu_2024_budget.pdf"), 385, "2024", "2023")
    assert _at(report, "year-statement", 385) == [("2024", "2023")]


def test_a_placeholder_in_the_line_under_a_table_title_is_warned():
    """烟台市退役军人事务局's 2026 budget (HTML), line 373 "部门（单位）：烟台市退役军人事务局 单位：万元"
    under 基本支出预算情况表: with 事务 left as ×× the placeholder was not read (not prose)."""
    report = _planted(("wide", "formats", "yt_tyjr_2026_budget.html"), 373, "烟台市退役军人事务局", "烟台市退役军人××局")
    assert [f.found for f in report.findings if f.check == "placeholder-name" and f.source.line == 373] == ["××"]


def test_a_placeholder_in_a_performance_table_cell_is_warned():
    """西南大学's 2024 budget, p.29 (line 533): 实施单位 西南大学附属小学, planted 西××学附属小学."""
    report = _planted(("wide", "pdf", "swu_2024_budget.pdf"), 533, "西南大学", "西××学")
    assert [f.found for f in report.findings if f.check == "placeholder-name" and f.source.line == 533] == ["××"]
