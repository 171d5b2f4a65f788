"""Tables by unit (a 汇总 department's income table lists each unit under a 单位名称 column): the
单位名称 | 总计 | … header row is the column header (not the 单位名称：… line above a table), so
every figure keeps its column instead of running into the unit's name; the units are items of
the list, not classes, and the department's figure is the 合计 row.

Expected figures are read from the rendered pages, never from the program."""
from __future__ import annotations

from decimal import Decimal

import pytest

from budgetkg.check.read import read_report
from budgetkg.model.report import ProofStatus, RowRole, TableKind

from .corpus import corpus_path


def _income(path):
    report = read_report(path)
    table = report.table(TableKind.INCOME)
    return table, {r.label: r for r in table.rows if r.amounts}


@pytest.fixture(scope="module")
def quanzhou_police():
    return _income(corpus_path("regions") / "2026年泉州市公安局部门预算.pdf")


def test_an_income_table_by_unit_is_read_cell_by_cell(quanzhou_police):
    # page 11: 合计 81206.56 = 一般公共预算拨款收入 69059.36 + 其他收入 4547.20 + 上年结转结余 7600.00
    table, rows = quanzhou_police
    assert table.proof.status is ProofStatus.VERIFIED and table.source.page == 11
    total = rows["合计"]
    assert total.role is RowRole.TOTAL
    assert total.amounts["total"].printed == Decimal("81206.56")
    assert total.amounts["general_public"].printed == Decimal("69059.36")
    assert total.amounts["other"].printed == Decimal("4547.20")
    assert total.amounts["carryover"].printed == Decimal("7600.00")
    police = rows["泉州市公安局"]  # no figure runs into the unit's name any more
    assert police.amounts["total"].printed == Decimal("58341.63")
    assert police.amounts["other"].printed == Decimal("3800.00")
    assert rows["泉州市公安局台商投资区分局"].amounts["other"].printed == Decimal("462.20")


def test_the_units_of_a_table_by_unit_are_items_not_totals_nor_classes(quanzhou_police):
    table, rows = quanzhou_police
    units = [r for r in table.rows if r.amounts and r.label != "合计"]
    assert len(units) == 8 and all(r.role is RowRole.ITEM and r.code is None for r in units)
    assert rows["泉州市看守所"].amounts["total"].printed == Decimal("4269.87")


def test_a_table_by_unit_with_grouped_fund_columns_is_read():
    # 2026年珠海市商务局部门预算.pdf page 8 (收入总体情况表): 合计 66,307.98 = 46,402.33 + 1.64 (其他收入)
    # + 19,904.01 (上年结转结余); 珠海市会议展览局 512.90 = 512.63 + 0.27
    table, rows = _income(corpus_path("regions") / "2026年珠海市商务局部门预算.pdf")
    assert table.proof.status is ProofStatus.VERIFIED and table.source.page == 8
    assert rows["合计"].amounts["total"].printed == Decimal("66307.98")
    assert rows["合计"].amounts["carryover"].printed == Decimal("19904.01")
    assert rows["珠海市会议展览局"].amounts["general_public"].printed == Decimal("512.63")
    assert rows["珠海市会议展览局"].amounts["carryover"].printed == Decimal("0.27")


@pytest.fixture(scope="module")
def shenzhen():
    return read_report(corpus_path("wide/pdf") / "sz_tjj_2026_budget.pdf")


def test_a_code_table_whose_first_column_is_the_budget_unit_is_read(shenzhen):
    # sz_tjj_2026_budget.pdf page 27 prints 预算单位 | 科目编码 | 科目名称 | 支出总计 | 基本支出 | 项目支出:
    # 深圳市统计局（本级） 5,417.80 4,104.00 1,313.80, then 201 一般公共服务支出 3,478.72 2,357.92 1,120.80
    table = next(t for t in shenzhen.tables if t.kind is TableKind.GENERAL_PUBLIC)
    assert table.source.page == 27 and table.proof.status is ProofStatus.VERIFIED
    unit = table.rows[0]
    assert unit.role is RowRole.TOTAL and unit.label == "深圳市统计局（本级）"
    assert [unit.amounts[k].printed for k in ("total", "basic", "project")] == \
        [Decimal("5417.80"), Decimal("4104.00"), Decimal("1313.80")]
    c201 = next(r for r in table.rows if r.code == "201")
    assert [c201.amounts[k].printed for k in ("total", "basic", "project")] == \
        [Decimal("3478.72"), Decimal("2357.92"), Decimal("1120.80")]


def test_a_funds_expenditure_by_economic_class_is_no_functional_table(shenzhen):
    # page 29 一般公共预算支出表（按经济分类） lists 301 工资福利支出 …: economic classes, never stored as
    # functional ones
    assert not [r for t in shenzhen.tables if t.kind is TableKind.GENERAL_PUBLIC for r in t.rows
                if r.code and r.code.startswith("30")]


def test_a_project_table_by_source_of_funds_is_read_by_its_header():
    # hz_qxj_2026_budget.pdf page 24 (表10) prints 单位名称 | 项目名称 | 总计 | 一般公共预算 | 政府性基金 |
    # 国有资本经营预算 | 财政专户管理资金 | 单位资金: 合计 2,131.61 = 2,008.00 + 123.61; 杭州市气象局
    # 气象业务建设 1,097.02 = 1,002.10 + 94.92
    report = read_report(corpus_path("wide/pdf") / "hz_qxj_2026_budget.pdf")
    table = next(t for t in report.tables if t.kind is TableKind.PROJECTS and t.source.page == 24)
    assert table.proof.status is ProofStatus.VERIFIED
    total = next(r for r in table.rows if r.label == "合计")
    assert total.role is RowRole.TOTAL
    assert [total.amounts[k].printed for k in ("total", "general_public", "other")] == \
        [Decimal("2131.61"), Decimal("2008.00"), Decimal("123.61")]
    project = next(r for r in table.rows if "气象业务建设" in r.label)
    assert project.role is RowRole.ITEM
    assert [project.amounts[k].printed for k in ("total", "general_public", "other")] == \
        [Decimal("1097.02"), Decimal("1002.10"), Decimal("94.92")]


def test_a_project_table_by_source_of_funds_is_no_cross_table_error():
    # the same page's 合计 2,131.61 holds every source of funds, the general-public table's 项目支出
    # only 一般公共预算's 2,008.00 (its column here): the two agree, so no error is reported
    report = read_report(corpus_path("wide/pdf") / "hz_qxj_2026_budget.pdf")
    assert not [f for f in report.findings if f.severity == "error" and f.check == "cross-table"
                and f.table == TableKind.PROJECTS.value]
