"""Row reconstruction from PDF text and the placement of amounts."""
from __future__ import annotations

from decimal import Decimal

from budgetkg.model.report import TableKind
from budgetkg.parse.columns import Node, detect_columns, placements, resolve_tree
from budgetkg.parse.rows import read_flowing_rows
from budgetkg.parse.subjects import split_subject
from budgetkg.sources.document import Line, text_line
from budgetkg.text.amounts import format_decimal, parse_number, to_amount

D = Decimal


def lines(text: str) -> tuple[Line, ...]:
    return tuple(text_line(i, t) for i, t in enumerate(text.split("\n"), start=1))


def test_amounts_are_exact_decimals_in_yuan():
    a = to_amount(parse_number("2,715.76"), "万元")
    assert a.yuan == D("27157600") and a.printed == D("2715.76") and a.unit == "万元"
    assert format_decimal(D("0.10") * 10000) == "1000"
    assert format_decimal(D("0.005")) == "0.005"


def test_codes_broken_over_lines_and_wrapped_names():
    rows = read_flowing_rows(lines("201 32\n01\n\n行政运行 485.58 485.58\n208\n05 行政事业单位养老支\n\n出\n29.91 29.91"), 3)
    assert [(r.code_parts, r.label, r.amounts) for r in rows] == [
        (["2013201"], "行政运行", ["485.58", "485.58"]),
        (["20805"], "行政事业单位养老支出", ["29.91", "29.91"]),
    ]


def test_amount_split_over_two_lines_is_joined():
    rows = read_flowing_rows(lines("208 社会保障和就业支\n出\n14,231.84 14,231.8\n4\n208 07 就业补助 7,150.00 7,150.00"), 3)
    assert rows[0].amounts == ["14,231.84", "14,231.84"]
    assert rows[1].code_parts == ["20807"]


def test_section_printed_without_its_class_inherits_it():
    rows = read_flowing_rows(lines("201 一般公共服务支出 3.00 3.00\n03 政府办公厅 3.00 3.00"), 3)
    assert rows[1].code_parts == ["20103"]


def test_columns_are_read_from_the_header_in_printed_order():
    assert detect_columns(TableKind.EXPENDITURE, "功能分类科目名称 合计 基本支出 项目支出") == (
        "total", "basic", "project")
    cols = detect_columns(TableKind.PROJECTS, "项目支出合计 工资福利支出 商品和服务支出 资本性支出（基本建设） 资本性支出")
    assert cols == ("total", "wages", "goods_services", "capital_construction", "capital")


def test_placement_from_parent_and_sibling_arithmetic():
    cols = ("total", "basic", "project")
    parent = Node(placements([D(100), D(60), D(40)], cols))
    a = Node(placements([D(60), D(60)], cols))   # basic or project?
    b = Node(placements([D(40), D(40)], cols))
    parent.children = [1, 2]
    nodes = [parent, a, b]
    resolve_tree(nodes, cols)
    assert a.candidates == [{"total": D(60), "basic": D(60)}]
    assert b.candidates == [{"total": D(40), "project": D(40)}]


def test_placement_stays_open_when_arithmetic_cannot_decide():
    cols = ("total", "basic", "project")
    parent = Node(placements([D(100), D(50), D(50)], cols))
    a, b = Node(placements([D(50), D(50)], cols)), Node(placements([D(50), D(50)], cols))
    parent.children = [1, 2]
    resolve_tree([parent, a, b], cols)
    assert len(a.candidates) == 2 and len(b.candidates) == 2


def test_project_name_is_split_from_a_wrapped_subject_name():
    texts = [["其他组织"], ["事务支出 “访惠"], ["聚”工"], ["作队"], ["队员"], ["补助"]]
    assert split_subject(texts, ["其他组织事务支出"]) == ("其他组织事务支出", "“访惠聚”工作队队员补助")
    # a fragment printed twice in the subject cell
    texts = [["其他政府办公厅"], ["办公厅（室）及相"], ["关机构事务支出"], ["咨询外包服务"], ["费"]]
    assert split_subject(texts, ["其他政府办公厅（室）及相关机构事务支出"])[1] == "咨询外包服务费"


def test_tab_layout_with_concatenated_codes():
    from budgetkg.parse.rows import read_tab_rows
    rows = read_tab_rows(lines("201\t一般公共服务支出\t10.00\t10.00\t\n2013201\t行政运行\t10.00\t10.00\t"), 3, 1, 3)
    assert [(r.code_parts, r.label, r.cells) for r in rows] == [
        (["201"], "一般公共服务支出", ["10.00", "10.00", None]),
        (["2013201"], "行政运行", ["10.00", "10.00", None]),
    ]


def test_vertically_centred_names_around_the_code_line():
    """pdfplumber/pdftotext print a wrapped cell's text above and below its code line."""
    from budgetkg.model.codes import code_list
    text = ("201 03 50 事业运行 3,807,295.58 3,807,295.58\n"
            "其他政府办公厅（室）及相关机构事\n"
            "201 03 99 20,120,000.00 20,120,000.00\n"
            "务支出\n"
            "社会保障和就\n"
            "208 10.82 10.82\n"
            "业支出\n"
            "合计 307.82 105.58")
    rows = read_flowing_rows(lines(text), 3, known=code_list("functional").labels)
    assert [(r.code_parts, r.label) for r in rows] == [
        (["2010350"], "事业运行"),
        (["2010399"], "其他政府办公厅（室）及相关机构事务支出"),
        (["208"], "社会保障和就业支出"),
        ([], "合计"),
    ]
    assert rows[1].amounts == ["20,120,000.00", "20,120,000.00"]


def test_repeated_header_after_a_page_break_is_not_a_row():
    header = lines("功能分类科目名称 合计 基本支出 项目支出\n类 款 项")
    body = lines("210 卫生健康支出 2.71 2.71\n功能分类科目名称 合计 基本支出 项目支出\n类 款 项\n"
                 "210 11 行政事业单位医疗 2.71 2.71")
    rows = read_flowing_rows(body, 3, header)
    assert [(r.code_parts, r.label) for r in rows] == [(["210"], "卫生健康支出"), (["21011"], "行政事业单位医疗")]


def test_three_public_budget_and_final_pairs():
    """A final account's 三公 table prints 预算数 and 决算数 under every column."""
    from budgetkg.parse.report import parse_document
    from budgetkg.sources.read import document_from_text
    text = ("第二部分 2024 年度部门决算表\n财政拨款“三公”经费支出决算表\n单位：万元\n"
            "合计\t\t因公出国（境）费\t\t公务用车购置及运行维护费\t\t\t\t\t\t公务接待费\n"
            "\t\t\t\t小计\t\t公务用车购置费\t\t公务用车运行维护费\n"
            "预算数\t决算数\t预算数\t决算数\t预算数\t决算数\t预算数\t决算数\t预算数\t决算数\t预算数\t决算数\n"
            "10.00\t8.07\t0.00\t0.00\t9.00\t8.07\t0.00\t0.00\t9.00\t8.07\t1.00\t0.00\n")
    report = parse_document(document_from_text(text, name="x.txt"))
    row = report.tables[0].rows[0]
    assert {k: str(a.printed) for k, a in row.amounts.items() if a.printed} == {
        "total": "8.07", "vehicle": "8.07", "vehicle_operation": "8.07",
        "total_budget": "10.00", "vehicle_budget": "9.00", "vehicle_operation_budget": "9.00",
        "reception_budget": "1.00"}
    assert row.amount("reception") == 0 and row.amount("overseas") == 0


def test_row_whose_label_is_figures_run_together_is_not_read():
    """Jiangsu 2019's 支出预算总表 row, when its cells ran together, became a total of 2,938.21
    labelled "27,664.2211,700.6313,025.38": such a row is left out with a notice, never stored."""
    from budgetkg.parse.codetables import draft_code_table, finish_code_table
    from budgetkg.parse.context import ParseContext
    from budgetkg.segment.blocks import TableBlock
    body = lines("支出预算总表\n科目编码\t科目名称\t合计\n\t合计\t27,664.22\n27,664.2211,700.6313,025.38\t\t2,938.21\n"
                 "201\t一般公共服务支出\t22,395.50")
    block = TableBlock(kind=TableKind.EXPENDITURE, title="支出预算总表", number=None, title_line=body[0],
                       unit="万元", lines=body[1:], declared_empty=False)
    ctx = ParseContext(source="x.pdf")
    table = finish_code_table(draft_code_table(block, ctx), ctx)
    assert [(r.label, r.amount("total")) for r in table.rows] == [("合计", D("276642200.00")),
                                                                  ("一般公共服务支出", D("223955000.00"))]
    assert [(f.check, f.source.line) for f in ctx.findings if f.check == "row-misread"] == [("row-misread", 4)]
