"""Identity from anything printed (issue 21, points 4–5): a file of tables only names its
department in a 部门名称 cell and its year under a table title, is joined to its narrative file
by content, and a report that names no department is an organisation of its own.
Expected values read from the rendered pages of ../shared/corpus/wide/pdf."""
from __future__ import annotations

import shutil
from dataclasses import replace
from decimal import Decimal

import pytest
from typer.testing import CliRunner

from budgetkg.check.combined import combine_checked
from budgetkg.check.read import read_report
from budgetkg.cli.main import app
from budgetkg.link.combine import find_pairs
from budgetkg.link.resolve import Rule, resolve_name
from budgetkg.model.report import ReportKind, ReportScope, unidentified_department
from budgetkg.parse import overview
from budgetkg.parse.report import parse_document
from budgetkg.sources.read import document_from_text
from tests.corpus import corpus_path


@pytest.fixture(scope="module")
def beijing():
    """北京市统计局 2026: the narrative file and its tables-only file (预算01–13表)."""
    folder = corpus_path("wide/pdf")
    return read_report(folder / "bj_tjj_2026_budget.pdf"), read_report(folder / "bj_tjj_2026_tables.pdf")


def test_tables_only_file_is_named_by_its_部门名称_cell_and_dated_under_a_table_title(beijing):
    # page 41: "预算13表 部门整体支出绩效目标表" / "（2026年度）" / 部门名称 | 北京市统计局;
    # the titles 预算01表 … 预算13表 say 预算
    _, tables = beijing
    assert tables.department.name == "北京市统计局"
    assert (tables.year, tables.kind) == (2026, ReportKind.BUDGET)
    assert not [f for f in tables.findings if f.check in ("department-name", "fiscal-year")]


def test_narrative_states_its_total_as_the_years_收入预算(beijing):
    # narrative page 4: "2026 年度收入预算 51036.22 万元"; page 5: "2026 年支出预算 51036.22 万元"
    narrative, _ = beijing
    assert {t.key: t.amount.printed for t in narrative.totals} == {
        "income": Decimal("51036.22"), "expenditure": Decimal("51036.22")}


def test_narrative_and_tables_files_are_one_report_joined_by_content(beijing):
    narrative, tables = beijing
    assert find_pairs([narrative, tables]) == [(0, 1)]
    [merged] = combine_checked([narrative, tables])
    assert (merged.department.name, merged.year, merged.scope) == ("北京市统计局", 2026, ReportScope.DEPARTMENT)
    # 预算01表 (page 1): 收入总计 51,036.219169 万元, kept from the tables file
    income = next(t for t in merged.totals if t.key == "income")
    assert income.amount.printed == Decimal("51036.219169") and income.source.file == "bj_tjj_2026_tables.pdf"


def test_narrative_whose_stated_total_differs_is_not_the_tables_partner(beijing):
    narrative, tables = beijing
    other = replace(narrative, totals=tuple(
        replace(t, amount=replace(t.amount, yuan=t.amount.yuan + 1_000_000, printed=t.amount.printed + 100))
        for t in narrative.totals))
    assert find_pairs([other, tables]) == []


def test_ingest_stores_the_two_files_as_one_report_whatever_their_names(tmp_path):
    folder = corpus_path("wide/pdf")
    # names that say nothing (and the tables file first): the join is by content only
    shutil.copy(folder / "bj_tjj_2026_tables.pdf", tmp_path / "a.pdf")
    shutil.copy(folder / "bj_tjj_2026_budget.pdf", tmp_path / "b.pdf")
    result = CliRunner().invoke(app, ["ingest", str(tmp_path / "a.pdf"), str(tmp_path / "b.pdf"),
                                      "--store", str(tmp_path / "s")])
    assert result.exit_code == 0, result.output
    assert "stored 1 reports" in result.output
    assert "b.pdf+a.pdf: 北京市统计局 2026 budget" in result.output


@pytest.mark.parametrize("name,year,kind", [
    # covers: "西南大学 / 2024 年度部门预算" and "西南大学 2023 年度部门决算"
    ("swu_2024_budget.pdf", 2024, ReportKind.BUDGET),
    ("swu_2023_final.pdf", 2023, ReportKind.FINAL),
])
def test_a_university_named_on_its_cover_is_its_department(name, year, kind):
    report = parse_document_of(corpus_path("wide/pdf") / name)
    assert (report.department.name, report.year, report.kind) == ("西南大学", year, kind)


def parse_document_of(path):
    from budgetkg.sources.read import read_document
    return parse_document(read_document(path))


def test_a_placeholder_is_the_department_only_when_no_real_name_is_printed():
    template = "上海市XX局2026年部门预算\n第一部分 部门概况\n"
    cell = "部门整体支出绩效目标表\n部门名称 上海市普陀区财政局\n"
    assert overview.department_from(segment_of(template + cell)) == "上海市普陀区财政局"
    assert overview.department_from(segment_of(template)) == "上海市XX局"


def segment_of(text):
    from budgetkg.segment.blocks import segment
    return segment(document_from_text(text, name="t.txt"))


def test_reports_that_name_no_department_are_each_their_own_organisation():
    a, b = (unidentified_department(d) for d in ("e2ee9b3d" * 8, "86287b24" * 8))
    ra, rb = resolve_name(a, None), resolve_name(b, None)
    assert ra.key != rb.key and ra.rule is rb.rule is Rule.UNIDENTIFIED
    prose = "第三部分 预算情况说明\n一、收支预算总体情况\n收入预算总计100.00万元。\n"
    one = parse_document(document_from_text("2026年" + prose, name="1.txt"))
    two = parse_document(document_from_text("2026年" + prose.replace("100.00", "200.00"), name="2.txt"))
    assert one.department.name != two.department.name
    assert resolve_name(one.department.name, None).key != resolve_name(two.department.name, None).key
