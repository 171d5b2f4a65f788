"""三公 tables read from their headers. Each layout is the text layer of a real report
(tab-separated cells, as the PDF reader gives them); expected values read off the page."""
from __future__ import annotations

from decimal import Decimal

import pytest

from budgetkg.model.report import TableKind
from budgetkg.parse.report import parse_document
from budgetkg.parse.three_public import header_paths, item_of
from budgetkg.sources.read import document_from_text
from tests.corpus import SHARED


def _three_public(title: str, body: str, part: str = "第二部分 2026年部门预算表"):
    report = parse_document(document_from_text(f"{part}\n{title}\n{body}\n", name="t.txt"))
    table = report.table(TableKind.THREE_PUBLIC)
    assert table is not None
    return report, table


def _printed(row) -> dict[str, str]:
    return {k: str(a.printed) for k, a in row.amounts.items()}


def test_shanghai_order_reception_before_vehicle_is_not_read_as_vehicle():
    """上海交通职业技术学院 2026 单位预算, p.20: 合计 | 出国 | 接待 | 车 小计 | 购置 | 运行 | 机关运行经费."""
    _, table = _three_public(
        "2026年单位“三公”经费和机关运行经费预算表",
        "编制单位：上海交通职业技术学院 单位:万元\n"
        "“三公”经费预算数\t\t\t\t\t\t机关运行经费预算数\n"
        "合计\t因公出国(境)费\t公务接待费\t公务用车购置及运行费\n"
        "\t\t\t小计\t购置费\t运行费\n"
        "67.59\t35.00\t12.49\t20.10\t\t20.10")
    row = table.rows[0]
    assert _printed(row) == {"total": "67.59", "overseas": "35.00", "reception": "12.49",
                             "vehicle": "20.10", "vehicle_operation": "20.10"}
    assert row.amount("total") == Decimal("675900") and row.complete


def test_admin_cost_column_beside_three_public_is_not_a_three_public_item():
    """上海市普陀区人民政府办公室 2025, p.20: the 机关运行经费 213.28 stands in the last column."""
    _, table = _three_public(
        "2025年部门“三公”经费和机关运行经费预算表",
        "编制部门：上海市普陀区人民政府办公室 单位:万元\n"
        "“三公”经费预算数\t\t\t\t\t\t机关运行经费预算数\n"
        "合计\t因公出国(境)费\t公务接待费\t公务用车购置及运行费\n"
        "\t\t\t小计\t购置费\t运行费\n"
        "867.50\t839.00\t28.50\t\t\t\t213.28", part="第二部分 2025年部门预算表")
    assert _printed(table.rows[0]) == {"total": "867.50", "overseas": "839.00", "reception": "28.50",
                                       "admin_cost": "213.28"}


def test_two_years_side_by_side_take_the_reports_own_year():
    """重庆市人民政府办公厅 2026, p.20: 2025年预算数 | 2026年预算数."""
    _, table = _three_public(
        "2026年财政拨款“三公”经费支出情况表",
        "单位名称：重庆市人民政府办公厅 单位：万元\n"
        "2025年预算数\t\t\t\t\t\t2026年预算数\n"
        "合计\t因公出国（境）费\t公务用车购置及运行费\t\t\t公务接待费\t合计\t因公出国（境）费\t公务用车购置及运行费\t\t\t公务接待费\n"
        "\t\t小计\t公务用车购置费\t公务用车运行费\t\t\t\t小计\t公务用车购置费\t公务用车运行费\n"
        "396.97\t184.49\t202.48\t\t202.48\t10.00\t394.49\t184.49\t200.00\t\t200.00\t10.00")
    assert _printed(table.rows[0]) == {"total": "394.49", "overseas": "184.49", "vehicle": "200.00",
                                       "vehicle_operation": "200.00", "reception": "10.00"}


def test_three_public_subtotal_beside_meeting_and_training_is_the_total():
    """江苏省委办公厅 2018, p.11: 合计 | 三公 [小计 出国 车(小计 购置 运行) 接待] | 会议费 | 培训费."""
    _, table = _three_public(
        "“三公”经费、会议费、培训费支出预算表",
        "部门：中共江苏省委办公厅\t\t\t\t\t\t单位：万元\n"
        "合计\t“三公”经费\t\t\t\t\t\t会议费\t培训费\n"
        "\t小计\t因公出国（境）费\t公务用车购置及运行维护费\t\t\t公务接待费\n"
        "\t\t\t小计\t公务用车购置费\t公务用车运行维护费\n"
        "1,471.70\t508.20\t70.00\t411.20\t\t411.20\t27.00\t933.50\t30.00", part="第二部分 2018年部门预算表")
    assert _printed(table.rows[0]) == {"total": "508.20", "overseas": "70.00", "vehicle": "411.20",
                                       "vehicle_operation": "411.20", "reception": "27.00"}


def test_items_listed_one_per_row():
    """泉州市公安局 2026, p.19: 项目 | 预算数, one row per item."""
    _, table = _three_public(
        "2026年度一般公共预算“三公”经费支出预算表",
        "单位：万元\n项目\t预算数\n合计\t1700.17\n1、因公出国（境）费用\t0.00\n2、公务接待费\t16.32\n"
        "3、公务用车购置及运行费\t1683.85\n其中：（1）公务用车购置费\t495.85\n（2）公务用车运行费\t1188.00\n1 6")
    assert _printed(table.rows[0]) == {"total": "1700.17", "overseas": "0.00", "reception": "16.32",
                                       "vehicle": "1683.85", "vehicle_purchase": "495.85",
                                       "vehicle_operation": "1188.00"}


def test_list_beside_administrative_costs_takes_the_three_public_row_as_total():
    """珠海市商务局 2026, p.18: 行政经费 is listed above “三公”经费 and is not its total."""
    _, table = _three_public(
        "财政拨款安排的行政经费及“三公”经费预算表",
        "单位名称：珠海市商务局 单位：万元\n"
        "项目\t合计\t一般公共预算\t政府性基金预算\t国有资本经营预算\n"
        "行政经费\t10,884.55\t10,884.55\t0.00\t0.00\n“三公”经费\t19.84\t19.84\t0.00\t0.00\n"
        "其中：（一）因公出国（境）支出\t13.20\t13.20\t0.00\t0.00\n"
        "（二）公务用车购置及运行维护支出\t0.00\t0.00\t0.00\t0.00\n1.公务用车购置费\t0.00\t0.00\t0.00\t0.00\n"
        "2.公务用车运行维护费\t0.00\t0.00\t0.00\t0.00\n（三）公务接待费支出\t6.64\t6.64\t0.00\t0.00\n注：无。")
    assert _printed(table.rows[0]) == {"total": "19.84", "overseas": "13.20", "vehicle": "0.00",
                                       "vehicle_purchase": "0.00", "vehicle_operation": "0.00",
                                       "reception": "6.64"}


def test_final_account_budget_and_final_under_two_groups():
    """佛山市轨道交通局 2019 决算, p.21: 预算数 group | 决算数 group, and a 栏次 row 1…12."""
    _, table = _three_public(
        "一般公共预算财政拨款“三公”经费支出决算表",
        "部门： 佛山市轨道交通局 单位：万元\n预算数\t\t\t\t\t\t决算数\n"
        "合计\t因公出国（境）费\t公务用车购置及运行费\t\t\t公务接待费\t合计\t因公出国（境）费\t公务用车购置及运行费\t\t\t公务接待费\n"
        "\t\t小计\t公务用车购置费\t公务用车运行费\t\t\t\t小计\t公务用车购置费\t公务用车运行费\n"
        "1\t2\t3\t4\t5\t6\t7\t8\t9\t10\t11\t12\n"
        "0.00\t0.00\t0.00\t0.00\t0.00\t0.00\t0.16\t0.00\t0.00\t0.00\t0.00\t0.16",
        part="第二部分 2019年部门决算表")
    row = table.rows[0]
    assert row.amount("total") == Decimal("1600") and row.amount("reception") == Decimal("1600")
    assert row.amount("total_budget") == 0 and row.amount("overseas") == 0


def test_reading_that_does_not_add_up_leaves_cells_empty_with_a_notice():
    """A header whose columns are not where the amounts are: nothing wrong is emitted."""
    report, table = _three_public(
        "2026年财政拨款“三公”经费支出情况表",
        "单位：万元\n合计\t因公出国（境）费\t公务接待费\t公务用车购置及运行费\n\t\t\t小计\t购置费\t运行费\n"
        "30.00\t5.00\t20.00\t4.00\t\t4.00")
    # no sum is left to prove what was placed: the table is not stored at all (nothing wrong is)
    assert table.rows == () and not table.proof.proven
    assert any(f.check == "column-placement" and f.table == "three-public" for f in report.findings)
    assert any(f.check == "table-unproven" and f.table == "three-public" for f in report.findings)


def test_header_paths_follow_merged_cells_within_their_parent():
    paths = header_paths([["三公", "", "", "", "", "", "机关运行经费"], ["合计", "出国", "接待", "车"],
                          ["", "", "", "小计", "购置", "运行"]], 7)
    assert paths[5] == ["三公", "车", "运行"] and paths[6] == ["机关运行经费"]


def test_item_words():
    assert item_of("“三公”经费") == "group"
    assert item_of("其中：（1）公务用车购置费") == "vehicle_purchase"
    assert item_of("公务用车购置及运行维护费") == "vehicle"
    assert item_of("机关运行经费预算数") == "admin_cost"


def test_narrative_three_public_phrasings():
    """上海交通职业技术学院 2026, p.21: "“三公”经费预算数为…", "其中：公务用车购置费0.00万元，比…减少24.00万元"."""
    from budgetkg.parse.context import ParseContext
    from budgetkg.parse.narrative_figures import three_public_figures
    from budgetkg.segment.blocks import segment
    text = ("第一部分 概况\n一、主要职能\n第二部分 预算情况说明\n一、2026年“三公”经费预算情况说明\n"
            "2026年“三公”经费预算数为67.59万元，比2025年预算减少23.10万元。其中：\n"
            "（一）因公出国（境）费35.00万元，与2025年预算持平。\n"
            "（二）公务用车购置及运行费20.10万元，比2025年预算减少23.10万元。其中：公务用车购置费0.00万元，"
            "比2025年预算减少24.00万元；公务用车运行费20.10万元，比2025年预算增加0.90万元。\n"
            "（三）公务接待费12.49万元，与2025年预算持平。\n二、机关运行经费预算\n")
    table = three_public_figures(segment(document_from_text(text, name="n.txt")), ParseContext("n.txt"))
    assert _printed(table.rows[0]) == {"total": "67.59", "overseas": "35.00", "vehicle": "20.10",
                                       "vehicle_purchase": "0.00", "vehicle_operation": "20.10",
                                       "reception": "12.49"}


def test_current_year_beside_carry_over_with_parts_of_overseas_travel():
    """长春市信访局 2026, p.12 (预算表7): “三公”经费合计 | 当年预算 [小计 | 出国 (小计 | 出国 | 科研出国) |
    车 (小计 | 购置 | 运行) | 接待] | 上年结转结余 [...]; the title ends "支出表(预算表7)"."""
    _, table = _three_public(
        "本年一般公共预算“三公”经费支出表(预算表7)",
        "预算单位：长春市信访局\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t单位：万元\n"
        "“三公”经费合计\t当年预算\t\t\t\t\t\t\t\t上年结转结余\n"
        "\t小计\t因公出国（境）费\t\t\t公务用车购置及运行费\t\t\t公务接待费\t小计\t因公出国（境）费\t\t\t"
        "公务用车购置及运行费\t\t\t公务接待费\n"
        "\t\t小计\t因公出国（境）费\t科研因公出国（境）费用\t小计\t公务用车购置费\t公务用车运行费\t\t\t小计\t"
        "因公出国（境）费\t科研因公出国（境）费用\t小计\t公务用车购置费\t公务用车运行费\n"
        "7.61\t7.61\t0.00\t0.00\t0.00\t6.75\t0.00\t6.75\t0.86\t0.00\t0.00\t0.00\t0.00\t0.00\t0.00\t0.00\t0.00\n"
        "说明：\n")
    assert _printed(table.rows[0]) == {"total": "7.61", "overseas": "0.00", "vehicle": "6.75",
                                       "vehicle_purchase": "0.00", "vehicle_operation": "6.75",
                                       "reception": "0.86"}


def test_narrative_without_every_item_is_not_checked_as_if_the_rest_were_zero():
    """长春市信访局 2026, p.18 states the total, 用车 and 接待 but not 购置/运行: no row-sum finding."""
    from budgetkg.parse.context import ParseContext
    from budgetkg.parse.narrative_figures import three_public_figures
    from budgetkg.segment.blocks import segment
    text = ("第一部分 概况\n一、主要职能\n第二部分 预算情况说明\n七、一般公共预算“三公”经费情况说明\n"
            "2026年“三公经费”预算数为7.61万元，2025年预算数为9.23万元。公务用车购置及运行费6.75万元，"
            "主要用于公务车的维修和加油。2026年公务接待费为0.86万元。\n八、其他\n")
    table = three_public_figures(segment(document_from_text(text, name="n.txt")), ParseContext("n.txt"))
    assert _printed(table.rows[0]) == {"total": "7.61", "vehicle": "6.75", "reception": "0.86"}
    assert not table.rows[0].complete


def test_years_printed_as_rows_take_the_reports_own_year():
    """A layout some regions print: one row per year and a 增减 row under the item columns."""
    _, table = _three_public(
        "2026年“三公”经费支出预算情况表",
        "单位：万元\n项目\t合计\t因公出国（境）费\t公务用车购置及运行费\t\t\t公务接待费\n"
        "\t\t\t小计\t购置费\t运行费\n"
        "2025年预算数\t12.00\t2.00\t8.00\t\t8.00\t2.00\n"
        "2026年预算数\t10.00\t1.00\t7.00\t\t7.00\t2.00\n"
        "增减\t-2.00\t-1.00\t-1.00\t\t-1.00\t0.00\n")
    assert len(table.rows) == 1
    assert _printed(table.rows[0]) == {"total": "10.00", "overseas": "1.00", "vehicle": "7.00",
                                       "vehicle_operation": "7.00", "reception": "2.00"}


def test_budget_and_final_printed_as_rows_of_a_final_account():
    _, table = _three_public(
        "财政拨款“三公”经费支出决算表",
        "单位：万元\n项目\t合计\t因公出国（境）费\t公务用车购置及运行费\t\t\t公务接待费\n"
        "\t\t\t小计\t购置费\t运行费\n"
        "预算数\t10.00\t1.00\t7.00\t\t7.00\t2.00\n决算数\t8.07\t\t8.07\t\t8.07\t\n",
        part="第二部分 2024年度部门决算表")
    assert len(table.rows) == 1
    assert _printed(table.rows[0]) == {"total": "8.07", "vehicle": "8.07", "vehicle_operation": "8.07",
                                       "total_budget": "10.00", "overseas_budget": "1.00",
                                       "vehicle_budget": "7.00", "vehicle_operation_budget": "7.00",
                                       "reception_budget": "2.00"}


def test_narrative_total_of_three_public_with_meetings_and_training_is_not_the_three_public_total():
    import re

    from budgetkg.parse.narrative_figures import three_public_pattern
    total = three_public_pattern("total", 2026)
    assert re.search(total, "“三公”经费、会议费、培训费支出预算合计2,542.60万元") is None
    assert re.search(total, "“三公”经费和会议费预算为10万元") is None
    assert re.search(total, "“三公”经费财政拨款支出决算为8.07万元").group(1) == "8.07"


def test_list_with_a_blank_amount_and_no_cell_separators():
    """A list as flowing text (no tabs), the 因公出国 row printed with its cell blank."""
    _, table = _three_public(
        "2026年度一般公共预算“三公”经费支出预算表",
        "单位：万元\n项目 预算数\n合计 312.75\n1、因公出国（境）费用\n2、公务接待费 18.85\n"
        "3、公务用车购置及运行费 293.90\n其中：（1）公务用车购置费 261.90\n（2）公务用车运行费 32.00\n")
    assert _printed(table.rows[0]) == {"total": "312.75", "reception": "18.85", "vehicle": "293.90",
                                       "vehicle_purchase": "261.90", "vehicle_operation": "32.00"}
    assert table.rows[0].complete


def test_list_with_a_serial_number_column():
    _, table = _three_public(
        "2026年度一般公共预算“三公”经费支出预算表",
        "单位：万元\n序号\t项目\t预算数\n\t合计\t312.75\n1\t因公出国（境）费用\t0.00\n2\t公务接待费\t18.85\n"
        "3\t公务用车购置及运行费\t293.90\n\t其中：公务用车购置费\t261.90\n\t公务用车运行费\t32.00\n")
    assert _printed(table.rows[0]) == {"total": "312.75", "overseas": "0.00", "reception": "18.85",
                                       "vehicle": "293.90", "vehicle_purchase": "261.90",
                                       "vehicle_operation": "32.00"}


CORPUS = (SHARED / "corpus")


@pytest.mark.skipif(not CORPUS.is_dir(), reason="the real corpus is not on this machine")
@pytest.mark.parametrize("path, expected", [
    # p.20: 合计 | 出国 | 接待 | 车 小计 | 购置 | 运行 | 机关运行经费
    ("regions/上海交通职业技术学院2026年单位预算.pdf",
     {"total": "67.59", "overseas": "35.00", "reception": "12.49", "vehicle": "20.10", "vehicle_operation": "20.10"}),
    # p.18 (表8): a list beside 行政经费, 合计 column of four fund types
    ("regions/2026年珠海市商务局部门预算.pdf",
     {"total": "19.84", "overseas": "13.20", "vehicle": "0.00", "vehicle_purchase": "0.00",
      "vehicle_operation": "0.00", "reception": "6.64"}),
    # p.12 (预算表7): 当年预算 beside 上年结转结余
    ("regions/2026年长春市信访局部门预算.pdf",
     {"total": "7.61", "overseas": "0.00", "vehicle": "6.75", "vehicle_purchase": "0.00",
      "vehicle_operation": "6.75", "reception": "0.86"}),
    # p.20: 合计 2,542.60 includes 会议费 1,305.25 and 培训费 403.75; the 三公 小计 is 833.60
    ("series/江苏省人大办公厅2017年度预算公开.pdf",
     {"total": "833.60", "overseas": "222.50", "vehicle": "183.60", "vehicle_purchase": "0",
      "vehicle_operation": "183.60", "reception": "427.50"}),
])
def test_three_public_rows_of_real_reports(path, expected):
    from budgetkg.check.read import read_report
    report = read_report(CORPUS / path)
    table = report.table(TableKind.THREE_PUBLIC)
    assert table.origin == "table" and table.rows[0].complete
    assert _printed(table.rows[0]) == expected
    assert not [f for f in report.findings if f.table == "three-public" and f.severity != "info"]


def test_narrative_item_headings_with_the_amount_of_the_reports_own_year_below():
    """泉州市人民政府办公室 2026, p.27: "（一）因公出国（境）经费 / 2026 年预算安排 0.00 万元"; another
    year's figure is never taken."""
    import re

    from budgetkg.parse.narrative_figures import three_public_pattern
    m = re.search(three_public_pattern("overseas", 2026), "（一）因公出国（境）经费2026年预算安排0.00万元，比上年增加0.00万元")
    assert m.group(1) == "0.00"
    assert re.search(three_public_pattern("reception", 2026), "公务接待费2025年预算为5万元") is None
