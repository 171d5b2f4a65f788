"""Headers read as the trees of spanning cells they are (budgetkg/parse/header.py, columns.py):
a part under a spanning 基本支出 with no subtotal is a part, a 小计 under it is its subtotal, a
政府采购 block is outside the row sums, other regions' words for the same columns, and the code
cells of 类 | 款 | 项 printed apart. Each test is a table that was unread before, on its real page.

Expected figures are read from the rendered pages (pypdfium2 at scale 1.6), never from the program."""
from __future__ import annotations

from decimal import Decimal

import pytest

from budgetkg.check.read import read_report
from budgetkg.model.report import ProofStatus, Table, TableKind
from budgetkg.parse.codetables import AS_PRINTED, BASIC_FROM_PARTS

from .corpus import corpus_path

WIDE_PDF = "wide/pdf"


@pytest.fixture(scope="module")
def wide():
    cache: dict[str, object] = {}

    def read(name: str):
        if name not in cache:
            cache[name] = read_report(corpus_path(WIDE_PDF) / name)
        return cache[name]
    return read


def _on_page(report, kind: TableKind, page: int) -> Table:
    return next(t for t in report.tables if t.kind is kind and t.source.page == page)


def _printed(table: Table, label_or_code: str) -> dict[str, Decimal]:
    row = next(r for r in table.rows if r.code == label_or_code or r.label == label_or_code)
    return {k: a.printed for k, a in row.amounts.items()}


def _verified(table: Table) -> None:
    assert table.proof.status is ProofStatus.VERIFIED, table.proof


def test_personnel_and_public_under_a_spanning_basic_with_no_subtotal(wide):
    # huz_czj p.20 支出总表: 总计 | 基本支出 (人员支出 | 公用经费) | 项目支出 | …, no 基本支出 column;
    # 合计 6838.41 = 4944.99 + 626.67 + 1266.75; 2010601 行政运行 3685.65 = 3102.63 + 583.02
    table = _on_page(wide("huz_czj_2026_budget.pdf"), TableKind.EXPENDITURE, 20)
    _verified(table)
    assert table.proof.reading == BASIC_FROM_PARTS
    total = _printed(table, "合计")
    assert (total["total"], total["personnel"], total["public"], total["project"]) == (
        Decimal("6838.41"), Decimal("4944.99"), Decimal("626.67"), Decimal("1266.75"))
    row = _printed(table, "2010601")
    assert (row["personnel"], row["public"]) == (Decimal("3102.63"), Decimal("583.02"))
    assert "project" not in row or not row["project"]


def test_daily_public_expenditure_under_a_spanning_basic(wide):
    # hz_qxj p.17 支出总表: 基本支出 over 人员支出 | 日常公用支出, no subtotal, a column-number row;
    # 合计 5,876.67 | 2,906.80 | 838.27 | 2,131.61
    report = wide("hz_qxj_2026_budget.pdf")
    table = _on_page(report, TableKind.EXPENDITURE, 17)
    _verified(table)
    total = _printed(table, "合计")
    assert (total["total"], total["personnel"], total["public"], total["project"]) == (
        Decimal("5876.67"), Decimal("2906.80"), Decimal("838.27"), Decimal("2131.61"))


def test_a_subtotal_under_a_spanning_basic_is_its_subtotal(wide):
    # hz_qxj p.19 一般公共预算支出表: 合计 | 基本支出 (小计 | 人员经费 | 日常公用支出) | 项目支出;
    # 行政运行 2,617.19 | 2,617.19 | 1,907.01 | 710.18; 合计 5,753.07 | 3,745.07 | 2,906.80 | 838.27 | 2,008.00
    table = _on_page(wide("hz_qxj_2026_budget.pdf"), TableKind.GENERAL_PUBLIC, 19)
    _verified(table)
    assert table.proof.reading == AS_PRINTED
    total = _printed(table, "合计")
    assert (total["total"], total["basic"], total["personnel"], total["public"], total["project"]) == (
        Decimal("5753.07"), Decimal("3745.07"), Decimal("2906.80"), Decimal("838.27"), Decimal("2008.00"))
    row = _printed(table, "行政运行")
    assert (row["basic"], row["personnel"], row["public"]) == (
        Decimal("2617.19"), Decimal("1907.01"), Decimal("710.18"))


def test_a_class_printed_by_name_takes_the_code_it_names_exactly(wide):
    # hz_qxj p.20 基本支出表 (names only): 资本性支出 24.90 under 日常公用支出 is the class 310, so
    # 合计 3,745.07 | 2,906.80 | 838.27 closes — it is not a slip of the document
    report = wide("hz_qxj_2026_budget.pdf")
    table = _on_page(report, TableKind.BASIC_ECONOMIC, 20)
    _verified(table)
    assert _printed(table, "310") == {"total": Decimal("24.90"), "public": Decimal("24.90")}
    assert _printed(table, "合计")["public"] == Decimal("838.27")
    assert not [f for f in report.findings if f.severity == "error" and f.table == "basic-economic"]


def test_personnel_class_header(wide):
    # cs_zjjd p.18 基本支出表: 总计 | 人员类 | 公用经费; 合计 386.73 | 356.76 | 29.97; 302 34.98 | 5.01 | 29.97
    table = _on_page(wide("cs_zjjd_2026_budget.pdf"), TableKind.BASIC_ECONOMIC, 18)
    _verified(table)
    assert _printed(table, "合计") == {"total": Decimal("386.73"), "personnel": Decimal("356.76"),
                                     "public": Decimal("29.97")}
    assert _printed(table, "302") == {"total": Decimal("34.98"), "personnel": Decimal("5.01"),
                                      "public": Decimal("29.97")}


def test_special_business_funds_are_the_project_column_in_yuan(wide):
    # xa_tjj p.30 (元): 合计 | 人员经费支出 | 公用经费支出 | 专项业务经费支出;
    # 合计 62,109,297.20 | 34,557,893.03 | 2,143,304.17 | 25,408,100.00; 205 教育支出 775,000.00 | — | 25,000.00 | 750,000.00
    table = _on_page(wide("xa_tjj_2026_budget.pdf"), TableKind.GENERAL_PUBLIC, 30)
    _verified(table)
    total = _printed(table, "合计")
    assert (total["total"], total["personnel"], total["public"], total["project"]) == (
        Decimal("62109297.20"), Decimal("34557893.03"), Decimal("2143304.17"), Decimal("25408100.00"))
    row = _printed(table, "205")
    assert (row["total"], row["public"], row["project"]) == (
        Decimal("775000.00"), Decimal("25000.00"), Decimal("750000.00"))
    assert not row.get("personnel")


def test_a_summary_with_blocks_of_other_classifications_reads_the_functional_block(wide):
    # xa_tjj p.29 财政拨款收支总表: 收入 | 支出功能分类科目 | 部门预算支出经济分类科目 | 政府预算支出经济分类科目,
    # each with its 预算数; the expenditure side is the first block: 201 50,037,708.13, 205 775,000.00,
    # 208 5,404,242.10, 210 1,977,080.79, 221 3,915,266.18, 支出总计 62,109,297.20
    table = _on_page(wide("xa_tjj_2026_budget.pdf"), TableKind.FISCAL_SUMMARY, 29)
    _verified(table)
    classes = {r.code: r.amounts["total"].printed for r in table.rows
               if r.side == "expenditure" and r.code and "total" in r.amounts}
    assert classes == {"201": Decimal("50037708.13"), "205": Decimal("775000.00"), "208": Decimal("5404242.10"),
                       "210": Decimal("1977080.79"), "221": Decimal("3915266.18")}


def test_a_blank_table_does_not_swallow_the_next_untitled_kind(wide):
    # xa_tjj p.35 政府性基金收支表 is printed blank; the 专项业务经费支出表 on p.36 is another table
    table = _on_page(wide("xa_tjj_2026_budget.pdf"), TableKind.GOV_FUND, 35)
    assert table.proof.status is ProofStatus.EMPTY
    assert not any(r.amounts for r in table.rows)


def test_a_sub_item_code_printed_alone_continues_its_kuan(wide):
    # yt_sjj p.11 支出总体情况表 prints 类 | 款 | 项 in cells of their own: 201 / 08 审计事务 / 01 行政运行
    # is 2010801 (1,535.85), not 20101; 208 / 05 / 05 机关事业单位基本养老保险缴费支出 is 2080505 (221.01)
    table = _on_page(wide("yt_sjj_2026_budget.pdf"), TableKind.EXPENDITURE, 11)
    _verified(table)
    assert _printed(table, "2010801")["total"] == Decimal("1535.85")
    assert _printed(table, "20805")["total"] == Decimal("469.90")
    assert _printed(table, "2080505")["total"] == Decimal("221.01")
    assert _printed(table, "201") == {"total": Decimal("2731.79"), "basic": Decimal("1950.29"),
                                      "project": Decimal("781.50")}


def test_a_government_procurement_block_is_outside_the_row_sums(wide):
    # sz_tjj p.19 支出总表: 预算单位 | 科目编码 | 科目名称 | 支出总计 | 基本支出 | 项目支出 | … | 2026年政府采购项目
    # (小计 | 其中 …); the total is 支出总计 (5,417.80; 201 3,478.72 = 2,357.92 + 1,120.80), never the 小计 94.28
    table = _on_page(wide("sz_tjj_2026_budget.pdf"), TableKind.EXPENDITURE, 19)
    _verified(table)
    row = _printed(table, "201")
    assert (row["total"], row["basic"], row["project"]) == (
        Decimal("3478.72"), Decimal("2357.92"), Decimal("1120.80"))
    assert _printed(table, "2010505")["total"] == Decimal("701.80")
    assert Decimal("94.28") not in {a.printed for r in table.rows for a in r.amounts.values()}


def test_last_years_carryover_is_an_income_column():
    # 2026年泉州市公安局部门预算 p.11 收入预算总表: … | 其他收入 | 上年结转结余; 合计 81206.56 =
    # 69059.36 + 4547.20 + 7600.00, 泉州市公安局 58341.63 = 46941.63 + 3800.00 + 7600.00
    report = read_report(corpus_path("regions") / "2026年泉州市公安局部门预算.pdf")
    table = _on_page(report, TableKind.INCOME, 11)
    _verified(table)
    total = _printed(table, "合计")
    assert (total["total"], total["general_public"], total["other"], total["carryover"]) == (
        Decimal("81206.56"), Decimal("69059.36"), Decimal("4547.20"), Decimal("7600.00"))
    assert _printed(table, "泉州市公安局")["carryover"] == Decimal("7600.00")
