"""Previous-year columns (issue 13): 上年执行数 | 本年预算数, 2025年预算数 | 2026年预算数, 增减.

Expected values are read off the documents: the Chongqing report's pages rendered (表五 p.15,
表八 p.20), and the synthetic text tables below (marked synthetic), shaped like the national
templates that print the previous year beside the report's own.
"""
from __future__ import annotations

from decimal import Decimal

import pytest

from budgetkg.check.read import process_document
from budgetkg.model.report import FigureBasis, PriorMeasure, TableKind
from budgetkg.parse.previous_year import classify
from budgetkg.sources.document import Document, text_line
from tests.corpus import SHARED

D = Decimal
CORPUS = (SHARED / "corpus")
CHONGQING = CORPUS / "regions/2026年重庆市人民政府办公厅部门预算.pdf"


def report_of(text: str):
    lines = tuple(text_line(i, t) for i, t in enumerate(text.split("\n"), start=1))
    return process_document(Document(name="t.txt", path="t.txt", sha256="0", encoding="utf-8", lines=lines))


def prior(report, table: TableKind, measure=PriorMeasure.AMOUNT):
    return {(f.code or f.row, f.column): (f.basis, f.year, f.amount.printed if f.amount else f.percent)
            for f in report.prior if f.table is table and f.measure is measure}


def test_header_years_name_the_previous_year_only_when_it_is_the_reports_year_less_one():
    assert classify(("2025年预算数",), 2026).basis is FigureBasis.BUDGET
    assert classify(("2026年预算数",), 2026) is None          # the report's own column
    assert classify(("2024年决算数",), 2026) is None          # another year: left alone
    assert classify(("上年执行数",), 2026).basis is FigureBasis.EXECUTION
    assert classify(("上年决算数",), 2026).basis is FigureBasis.FINAL
    assert classify(("上年数",), 2026).basis is FigureBasis.UNSTATED
    assert classify(("上年结转",), 2026) is None             # this year's money, not last year's
    assert classify(("用事业基金弥补收支差额",), 2026) is None  # an income column, not a change
    change = classify(("2026年预算数比2025年执行数增减", "增减%"), 2026)
    assert (change.measure, change.basis, change.year) == (PriorMeasure.PERCENT, FigureBasis.EXECUTION, 2025)
    assert classify(("增减额",), 2026).measure is PriorMeasure.CHANGE


@pytest.fixture(scope="module")
def chongqing():
    if not CHONGQING.exists():
        pytest.skip("corpus not available")
    from budgetkg.check.read import read_report
    return read_report(CHONGQING)


def test_chongqing_three_public_prints_the_2025_budget_beside_2026(chongqing):
    # 表八 p.20: 2025年预算数 396.97 | 184.49 | 202.48 | (blank) | 202.48 | 10.00
    got = prior(chongqing, TableKind.THREE_PUBLIC)
    b = FigureBasis.BUDGET
    assert got == {("“三公”经费", "total"): (b, 2025, D("396.97")), ("“三公”经费", "overseas"): (b, 2025, D("184.49")),
                   ("“三公”经费", "vehicle"): (b, 2025, D("202.48")),
                   ("“三公”经费", "vehicle_operation"): (b, 2025, D("202.48")),
                   ("“三公”经费", "reception"): (b, 2025, D("10.00"))}
    # the report's own figures are the 2026 columns
    row = chongqing.table(TableKind.THREE_PUBLIC).rows[0]
    assert {k: a.printed for k, a in row.amounts.items()} == {
        "total": D("394.49"), "overseas": D("184.49"), "vehicle": D("200.00"), "vehicle_operation": D("200.00"),
        "reception": D("10.00")}
    f = next(f for f in chongqing.prior if f.table is TableKind.THREE_PUBLIC)
    assert f.source.page == 20


def test_chongqing_general_public_prints_the_2025_budget_in_its_own_column(chongqing):
    # 表五 p.15: 2025年预算数 beside 2026年预算数 (总计 | 基本支出 小计 人员 公用 | 项目支出)
    got = prior(chongqing, TableKind.GENERAL_PUBLIC)
    assert got[("合计", "total")] == (FigureBasis.BUDGET, 2025, D("15635.80"))
    assert got[("201", "total")][2] == D("12679.50")
    assert got[("2010302", "total")][2] == D("6027.47")
    assert got[("2080599", "total")][2] == D("590.34")
    assert {c for _, c in got} == {"total"}
    table = chongqing.table(TableKind.GENERAL_PUBLIC)
    total = next(r for r in table.rows if r.code is None)
    assert total.amounts["total"].printed == D("18417.70")


def test_total_row_label_does_not_take_the_previous_years_amount(chongqing):
    """Regression: the 合计 row printed its 2025 figure in the cell before the 2026 columns and the
    label became "合计15,635.80" (which also hid the row from the arithmetic checks)."""
    table = chongqing.table(TableKind.GENERAL_PUBLIC)
    assert [r.label for r in table.rows if r.code is None] == ["合计"]


# --- synthetic text tables, modelled on the national templates --------------------------------

SUMMARY = (  # synthetic: 收支总表 with 上年执行数 | 本年预算数 on both sides
    "某局2026年部门预算\n"
    "部门收支总表\n单位：万元\n"
    "收入\t\t\t支出\t\t\n"
    "项目\t上年执行数\t本年预算数\t项目\t上年执行数\t本年预算数\n"
    "一、一般公共预算拨款收入\t90.00\t100.00\t一、一般公共服务支出\t80.00\t95.00\n"
    "二、事业收入\t10.00\t\t二、住房保障支出\t20.00\t5.00\n"
    "收入总计\t100.00\t100.00\t支出总计\t100.00\t100.00\n")


def test_summary_prints_last_years_execution_beside_this_years_budget():
    report = report_of(SUMMARY)
    got = prior(report, TableKind.SUMMARY)
    e = FigureBasis.EXECUTION
    assert got == {("一、一般公共预算拨款收入", "total"): (e, 2025, D("90.00")), ("二、事业收入", "total"): (e, 2025, D("10.00")),
                   ("收入总计", "total"): (e, 2025, D("100.00")),
                   ("201", "total"): (e, 2025, D("80.00")), ("221", "total"): (e, 2025, D("20.00")),
                   ("支出总计", "total"): (e, 2025, D("100.00"))}
    summary = report.table(TableKind.SUMMARY)
    assert [r.amounts.get("total") and r.amounts["total"].printed for r in summary.rows if r.side == "income"] == [
        D("100.00"), None, D("100.00")]


EXPENDITURE = (  # synthetic: 一般公共预算支出表 with last year's execution and the change
    "某局2026年部门预算\n"
    "一般公共预算支出表\n单位：万元\n"
    "科目编码\t科目名称\t2025年执行数\t2026年预算数\t\t\t2026年预算数比2025年执行数增减\t\n"
    "\t\t\t合计\t基本支出\t项目支出\t增减额\t增减%\n"
    "\t合计\t110.00\t120.00\t100.00\t20.00\t10.00\t9.09\n"
    "201\t一般公共服务支出\t110.00\t120.00\t100.00\t20.00\t10.00\t9.09\n"
    "20101\t人大事务\t110.00\t120.00\t100.00\t20.00\t10.00\t9.09\n"
    "2010101\t行政运行\t70.00\t100.00\t100.00\t\t30.00\t42.86\n"
    "2010199\t其他人大事务支出\t40.00\t20.00\t\t20.00\t-20.00\t-50.00\n")


def test_code_table_prints_last_years_execution_and_the_change():
    report = report_of(EXPENDITURE)
    t = TableKind.GENERAL_PUBLIC
    e = FigureBasis.EXECUTION
    assert prior(report, t)[("2010101", "total")] == (e, 2025, D("70.00"))
    assert prior(report, t)[("2010199", "total")] == (e, 2025, D("40.00"))
    assert prior(report, t, PriorMeasure.CHANGE)[("2010199", "total")] == (e, 2025, D("-20.00"))
    assert prior(report, t, PriorMeasure.PERCENT)[("2010101", "total")] == (e, 2025, D("42.86"))
    row = next(r for r in report.table(t).rows if r.code == "2010101")
    assert {k: a.printed for k, a in row.amounts.items()} == {"total": D("100.00"), "basic": D("100.00")}


THREE_PUBLIC = (  # synthetic: 三公 table with 上年预算数 | 本年预算数 | 增减 groups
    "某局2026年部门预算\n"
    "“三公”经费支出预算表\n单位：万元\n"
    "上年预算数\t\t\t\t\t\t本年预算数\t\t\t\t\t\n"
    "合计\t因公出国（境）费\t公务用车购置及运行费\t\t\t公务接待费\t合计\t因公出国（境）费\t公务用车购置及运行费\t\t\t公务接待费\n"
    "\t\t小计\t购置费\t运行费\t\t\t\t小计\t购置费\t运行费\t\n"
    "30.00\t10.00\t15.00\t5.00\t10.00\t5.00\t28.00\t10.00\t14.00\t4.00\t10.00\t4.00\n")


def test_three_public_previous_budget_columns_are_not_the_reports_own():
    report = report_of(THREE_PUBLIC)
    got = prior(report, TableKind.THREE_PUBLIC)
    assert {k[1]: v[2] for k, v in got.items()} == {
        "total": D("30.00"), "overseas": D("10.00"), "vehicle": D("15.00"), "vehicle_purchase": D("5.00"),
        "vehicle_operation": D("10.00"), "reception": D("5.00")}
    row = report.table(TableKind.THREE_PUBLIC).rows[0]
    assert row.amounts["total"].printed == D("28.00")


def test_previous_year_columns_in_flowing_text_are_left_with_a_notice():
    text = ("某局2026年部门预算\n一般公共预算支出表\n单位：万元\n科目编码 科目名称 上年执行数 合计 基本支出 项目支出\n"
            "201 一般公共服务支出 99.00 15.00 10.00 5.00\n")
    report = report_of(text)
    assert not report.prior
    assert any(f.check == "column-placement" and "previous-year" in f.message for f in report.findings)


def test_he_ji_under_the_reports_own_year_is_its_total_column():
    """Regression: a 合计 printed under "2026年预算数" (beside 2025年执行数) named no column, so
    the table's header was not read and its amounts went to the template's columns in order
    (the 2025 figure became the 2026 total)."""
    report = report_of(EXPENDITURE)
    row = next(r for r in report.table(TableKind.GENERAL_PUBLIC).rows if r.code == "201")
    assert {k: a.printed for k, a in row.amounts.items()} == {
        "total": D("120.00"), "basic": D("100.00"), "project": D("20.00")}
    assert not [f for f in report.findings if f.check == "row-sum"]


def test_previous_year_figures_map_to_their_own_class_and_conform_to_the_shapes():
    from budgetkg.config import DEFAULT_BASE
    from budgetkg.load.pipeline import report_quads
    from budgetkg.rdf.vocab import BKG, RDF
    from tests.test_ontology import _validate
    report = report_of(EXPENDITURE)
    _, quads = report_quads(report, DEFAULT_BASE)
    priors = {q.subject for q in quads if q.predicate == RDF.type and q.object == BKG.PriorYearFigure}
    assert len(priors) == len(report.prior) > 0
    assert not any(q.subject in priors and q.object == BKG.AmountObservation for q in quads)
    basis = {q.object.value for q in quads if q.predicate == BKG.priorBasis}
    assert basis == {"https://w3id.org/budgetkg/codes/prior-basis/execution"}
    conforms, text = _validate(quads)
    assert conforms, text


def test_previous_year_columns_are_checked_apart_from_the_current_ones():
    # synthetic: 2010199's 2025年执行数 printed 41.00 while 20101 prints 110.00 (70.00 + 41.00 = 111.00)
    report = report_of(EXPENDITURE.replace("2010199\t其他人大事务支出\t40.00", "2010199\t其他人大事务支出\t41.00"))
    prior_sums = [(f.check, f.row, f.expected, f.found, f.severity) for f in report.findings
                  if "previous-year columns" in f.message]
    assert prior_sums == [("children-sum", "20101 人大事务", "1100000", "1110000", "error")]
    assert not [f for f in report.findings if f.check in ("children-sum", "row-sum")
                and "previous-year" not in f.message]


def test_chongqing_previous_year_column_adds_up_within_rounding(chongqing):
    # 表五 p.15, 2025年预算数: 201 + 205 + 208 + 210 + 215 + 221 = 15,635.79 against 合计 15,635.80
    got = {(f.row, f.severity) for f in chongqing.findings if "previous-year columns" in f.message}
    assert got == {("合计", "info"), ("20805 行政事业单位养老支出", "info")}


THREE_PUBLIC_LIST = (  # synthetic: 三公 table listing one item a row, 2025年预算数 | 2026年预算数
    "某局2026年部门预算\n“三公”经费支出预算表\n单位：万元\n"
    "项目\t2025年预算数\t2026年预算数\n"
    "合计\t12.00\t10.00\n"
    "因公出国（境）费\t2.00\t0.00\n"
    "公务用车购置及运行费\t6.00\t6.00\n"
    "其中：公务用车购置费\t0.00\t0.00\n"
    "公务用车运行费\t6.00\t6.00\n"
    "公务接待费\t4.00\t4.00\n")


def test_three_public_list_of_items_with_last_years_budget_beside():
    report = report_of(THREE_PUBLIC_LIST)
    row = report.table(TableKind.THREE_PUBLIC).rows[0]
    assert {k: a.printed for k, a in row.amounts.items()} == {
        "total": D("10.00"), "overseas": D("0.00"), "vehicle": D("6.00"), "vehicle_purchase": D("0.00"),
        "vehicle_operation": D("6.00"), "reception": D("4.00")}
    got = prior(report, TableKind.THREE_PUBLIC)
    assert {k[1]: v for k, v in got.items()} == {
        "total": (FigureBasis.BUDGET, 2025, D("12.00")), "overseas": (FigureBasis.BUDGET, 2025, D("2.00")),
        "vehicle": (FigureBasis.BUDGET, 2025, D("6.00")), "vehicle_purchase": (FigureBasis.BUDGET, 2025, D("0.00")),
        "vehicle_operation": (FigureBasis.BUDGET, 2025, D("6.00")), "reception": (FigureBasis.BUDGET, 2025, D("4.00"))}
    assert {f.source.line for f in report.prior} == {5, 6, 7, 8, 9, 10}


def test_shang_nian_jie_yu_broken_over_header_lines_is_no_previous_year_column():
    """Regression: an Urumqi income table prints 单位 / 上年 / 结余 on three lines of its header (this
    year's carry-over income); "上年" alone was taken for a previous-year column and got a notice."""
    text = ("某局2021年部门预算\n部门收入总体情况表\n单位：万元\n功能分类科目名称 总 计\n一般\n公共\n预算\n拨款\n"
            "单位\n上年\n结余\n201 一般公共服务支出 15.00 10.00 5.00\n")
    report = report_of(text)
    assert not [f for f in report.findings if "previous-year" in f.message]


THREE_PUBLIC_YEAR_ROWS = (  # synthetic: the years as rows, the items as columns, and the change
    "某局2026年部门预算\n“三公”经费支出预算表\n单位：万元\n"
    "项目\t合计\t因公出国（境）费\t公务用车购置及运行费\t\t\t公务接待费\n"
    "\t\t\t小计\t购置费\t运行费\t\n"
    "2025年预算数\t30.00\t10.00\t15.00\t5.00\t10.00\t5.00\n"
    "2026年预算数\t28.00\t10.00\t14.00\t4.00\t10.00\t4.00\n"
    "增减\t-2.00\t0.00\t-1.00\t-1.00\t0.00\t-1.00\n")


def test_three_public_years_printed_as_rows():
    report = report_of(THREE_PUBLIC_YEAR_ROWS)
    row = report.table(TableKind.THREE_PUBLIC).rows[0]
    assert row.amounts["total"].printed == D("28.00") and row.source.line == 7
    got = prior(report, TableKind.THREE_PUBLIC)
    assert {k[1]: v[2] for k, v in got.items()} == {
        "total": D("30.00"), "overseas": D("10.00"), "vehicle": D("15.00"), "vehicle_purchase": D("5.00"),
        "vehicle_operation": D("10.00"), "reception": D("5.00")}
    assert {v[0] for v in got.values()} == {FigureBasis.BUDGET}
    change = prior(report, TableKind.THREE_PUBLIC, PriorMeasure.CHANGE)
    assert change[("2026年预算数", "total")] == (FigureBasis.BUDGET, 2025, D("-2.00"))  # the row's label


def test_printed_change_is_this_years_figure_less_last_years():
    assert not [f for f in report_of(EXPENDITURE).findings if f.check == "previous-year-change"]
    # synthetic: 2010101's 增减额 printed 31.00 where 100.00 − 70.00 = 30.00
    report = report_of(EXPENDITURE.replace("\t30.00\t42.86", "\t31.00\t42.86"))
    got = [(f.row, f.expected, f.found, f.severity) for f in report.findings if f.check == "previous-year-change"]
    assert got == [("2010101 行政运行", "300000", "310000", "error")]
