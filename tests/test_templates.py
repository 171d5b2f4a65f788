"""Template variants real reports print (issue 10): one regression test per bug fixed.

Each text below is the shape a real report's text layer has (tabs = cells of a ruled
table); the expected values are read off those lines, never from the program's output.
"""
from __future__ import annotations

from decimal import Decimal

from budgetkg.model.report import RowRole, TableKind
from budgetkg.parse.codetables import draft_code_table, finish_code_table
from budgetkg.parse.context import ParseContext
from budgetkg.parse.header import column_paths, is_numbering_row
from budgetkg.parse.report import parse_document
from budgetkg.parse.summary import parse_summary_table
from budgetkg.segment.blocks import classify_title, find_tables
from budgetkg.sources.document import Document, Line, text_line

D = Decimal


def lines(text: str, page: int | None = None) -> tuple[Line, ...]:
    return tuple(text_line(i, t, page) for i, t in enumerate(text.split("\n"), start=1))


def amounts(row) -> dict[str, Decimal]:
    return {k: a.printed for k, a in row.amounts.items()}


def test_titles_with_table_numbers_around_them_are_classified():
    assert classify_title("收支总表（预算表1）") is TableKind.SUMMARY
    assert classify_title("本年一般公共预算基本支出表(预算表6)") is TableKind.BASIC_ECONOMIC
    assert classify_title("部门公开表5 一般公共预算支出情况表") is TableKind.GENERAL_PUBLIC
    assert classify_title("预算01表 部门收支总表") is TableKind.SUMMARY
    assert classify_title("表3 支出总表") is TableKind.EXPENDITURE
    assert classify_title("2026年度一般公共预算拨款支出预算表") is TableKind.GENERAL_PUBLIC
    assert classify_title("一般公共预算基本支出预算表（经济科目）") is TableKind.BASIC_ECONOMIC
    # glued to its header line by the text layer
    assert classify_title("收支预算总表公开表一部门： 江苏省人大常委会办公厅 单位：万元") is TableKind.SUMMARY


def test_tables_outside_the_model_are_not_expenditure_tables():
    assert classify_title("十二、政府采购支出预算表") is None
    assert classify_title("2026年度一般公共预算支出经济分类情况表") is None


def test_table_ends_where_a_table_outside_the_model_begins():
    text = ("表八\n年财政拨款三公经费支出情况表\n2026\n单位名称 重庆市商务委员会 单位 万元\n: :\n"
            "合 计\t因公出国(境)费\t公务接待费\n10.00\t4.00\t6.00\n"
            "表九\n年政府采购预算明细表\n2026\n单位名称 重庆市商务委员会 单位 万元\n: :\n"
            "项目\t金额\n办公设备\t99.00")
    blocks = find_tables(lines(text))
    assert [b.kind for b in blocks] == [TableKind.THREE_PUBLIC]
    assert blocks[0].unit == "万元"  # the colon printed on the next line
    assert not any("办公设备" in ln.text for ln in blocks[0].lines)
    assert not any(ln.text == "2026" for ln in blocks[0].lines)  # the title's year is not a row


def test_title_repeated_on_the_next_page_continues_the_table():
    text = ("表1\n收入支出决算总表\n部门： 某局 单位：万元\n项 目\t行次\t决算数\t项 目\t行次\t决算数\n"
            "一、一般公共预算财政拨款收入\t1\t100.00\t一、一般公共服务支出\t27\t100.00\n5\n"
            "表1\n收入支出决算总表\n部门： 某局 单位：万元\n项 目\t行次\t决算数\t项 目\t行次\t决算数\n"
            "总计\t26\t100.00\t总计\t52\t100.00")
    blocks = find_tables(lines(text))
    assert len(blocks) == 1
    ctx = ParseContext(source="t", default_unit="万元")
    table = parse_summary_table(blocks[0], ctx)
    got = [(r.side, r.label, r.code, amounts(r)) for r in table.rows]
    assert got == [
        ("income", "一、一般公共预算财政拨款收入", None, {"total": D("100.00")}),
        ("income", "总计", None, {"total": D("100.00")}),
        ("expenditure", "一般公共服务支出", "201", {"total": D("100.00")}),
        ("expenditure", "总计", None, {"total": D("100.00")}),
    ]


def test_merged_header_cells_give_each_column_its_path():
    rows = [["科目编码", "名称", "合计", "当年预算", "", "", "上年结转结余"],
            ["", "", "", "小计", "基本支出", "项目支出", "小计"]]
    paths = column_paths(rows, 7)
    assert paths[2] == ("合计",)
    assert paths[4] == ("当年预算", "基本支出")
    assert paths[6] == ("上年结转结余", "小计")
    assert is_numbering_row(["栏次", "", "1", "2", "3"])
    assert not is_numbering_row(["合计", "", "1,682.76"])


def _code_table(kind: TableKind, text: str):
    block = next(b for b in find_tables(lines(text)) if b.kind is kind)
    ctx = ParseContext(source="t", default_unit="万元")
    return finish_code_table(draft_code_table(block, ctx), ctx), ctx


def test_grouped_header_columns_are_read_by_name_not_position():
    # 合计 | 当年预算 (小计 基本支出 项目支出) | 上年结转结余 (小计 基本支出 项目支出)
    text = ("支出总表（预算表3）\n预算单位：某局\t\t\t\t单位：万元\n"
            "科目编码\t功能分类科目名称\t合计\t当年预算\t\t\t上年结转结余\n"
            "\t\t\t小计\t基本支出\t项目支出\t小计\t基本支出\t项目支出\n"
            "总计：\t\t15.00\t15.00\t10.00\t5.00\t0.00\t0.00\t0.00\n"
            "201\t一般公共服务支出\t15.00\t15.00\t10.00\t5.00\t0.00\t0.00\t0.00")
    table, _ = _code_table(TableKind.EXPENDITURE, text)
    row = next(r for r in table.rows if r.code == "201")
    assert amounts(row) == {"total": D("15.00"), "basic": D("10.00"), "project": D("5.00")}


def test_header_columns_that_break_the_row_sums_are_not_kept():
    # the header names 基本支出 | 项目支出 but the figures do not add up under that reading
    text = ("支出总表\n单位：万元\n科目编码\t科目名称\t合计\t项目支出\t基本支出\t其他\n"
            "201\t一般公共服务支出\t15.00\t3.00\t4.00\t8.00\n"
            "20101\t人大事务\t15.00\t3.00\t4.00\t8.00")
    table, ctx = _code_table(TableKind.EXPENDITURE, text)
    assert all(set(r.amounts) == {"total"} for r in table.rows)
    assert any(f.check == "column-placement" for f in ctx.findings)


def test_one_amount_column_is_the_row_total_and_codes_in_brackets():
    text = ("一般公共预算基本支出情况表（按经济分类科目）\n单位名称：某局 单位：万元\n部门预算支出经济科目\t预算\n"
            "合计\t7.00\n[301]工资福利支出\t7.00\n[30101]基本工资\t7.00\n12")
    table, _ = _code_table(TableKind.BASIC_ECONOMIC, text)
    got = [(r.code, r.label, amounts(r)) for r in table.rows if r.role is not RowRole.TOTAL]
    assert got == [("301", "工资福利支出", {"total": D("7.00")}),
                   ("30101", "基本工资", {"total": D("7.00")})]  # the page number "12" is no row


REPORT = """某局2026年部门预算
第一部分 部门概况
本部门有在职人员10人。
第二部分 部门预算表
收支总表（预算表1）
预算单位：某局\t\t\t单位：万元
收 入\t\t支 出
项 目\t本年预算\t项 目\t本年预算
一、财政拨款收入\t10.00\t一、一般公共服务支出\t12.00
本年收入合计\t10.00\t本年支出合计\t12.00
上年结转\t2.00\t结转下年支出\t0.00
收入总计\t12.00\t支出总计\t12.00
第三部分 情况说明
无。
"""


def test_report_totals_are_the_grand_totals_and_the_current_year_lines_are_kept_beside():
    report = parse_document(Document(name="t.txt", path="t.txt", sha256="0", encoding="utf-8",
                                     lines=lines(REPORT)))
    totals = {t.key: t.amount.yuan for t in report.totals}
    assert totals["income"] == D("120000") and totals["expenditure"] == D("120000")
    assert totals["income-current-year"] == D("100000")
    assert totals["expenditure-current-year"] == D("120000")


def test_a_lone_he_ji_line_is_the_total_where_no_zong_ji_is_printed():
    text = REPORT.replace("本年收入合计\t10.00\t本年支出合计\t12.00\n", "").replace(
        "收入总计\t12.00\t支出总计\t12.00", "合 计\t12.00\t合 计\t12.00")
    report = parse_document(Document(name="t.txt", path="t.txt", sha256="0", encoding="utf-8",
                                     lines=lines(text)))
    assert {t.key: t.amount.yuan for t in report.totals} == {"income": D("120000"),
                                                             "expenditure": D("120000")}


def test_narrative_states_one_figure_for_both_totals():
    text = ("江苏省某厅2018年度部门预算\n第一部分 部门概况\n一、主要职能\n负责某事。\n"
            "第三部分 2018年度部门预算情况说明\n一、收支预算总体情况说明\n"
            "某厅2018年度收入、支出预算总计24458.43万元，与上年相比增加3608.98万元。\n")
    report = parse_document(Document(name="t.txt", path="t.txt", sha256="0", encoding="utf-8",
                                     lines=lines(text)))
    assert {t.key: t.amount.yuan for t in report.totals} == {"income": D("244584300"),
                                                             "expenditure": D("244584300")}


def test_one_basic_expenditure_table_per_report():
    text = ("财政拨款基本支出预算表\n部门：某厅\t单位：万元\n科目编码\t科目名称\t金额\n\t合计\t5.00\n301\t工资福利支出\t5.00\n"
            "一般公共预算基本支出预算表\n部门：某厅\t单位：万元\n科目编码\t科目名称\t金额\n\t合计\t5.00\n301\t工资福利支出\t5.00\n")
    report = parse_document(Document(name="t.txt", path="t.txt", sha256="0", encoding="utf-8",
                                     lines=lines("某厅2018年度部门预算\n" + text)))
    basic = [t for t in report.tables if t.kind is TableKind.BASIC_ECONOMIC]
    assert [t.title for t in basic] == ["一般公共预算基本支出预算表"]
    assert any(f.check == "table-duplicate" for f in report.findings)


def test_total_row_glued_to_its_figures_is_split_by_the_arithmetic():
    from budgetkg.text.amounts import split_glued, tokens
    assert tokens("合计1,234,5671,000,000234,567") == ["合计", "1,234,567", "1,000,000", "234,567"]
    assert split_glued("7,519.447,519.44") == ["7,519.44", "7,519.44"]
    assert split_glued("123456") is None  # no split adds up: nothing is guessed
    text = ("支出总表\n单位：万元\n科目编码\t科目名称\t合计\t基本支出\t项目支出\n"
            "合计15.0010.005.00\n201\t一般公共服务支出\t15.00\t10.00\t5.00")
    table, _ = _code_table(TableKind.EXPENDITURE, text)
    total = next(r for r in table.rows if r.role is RowRole.TOTAL)
    assert total.label == "合计"
    assert amounts(total) == {"total": D("15.00"), "basic": D("10.00"), "project": D("5.00")}


def test_basic_split_into_personnel_and_public_without_a_subtotal():
    text = ("一般公共预算支出表\n单位：万元\n科目编码\t科目名称\t合计\t基本支出\t\t项目支出\n"
            "\t\t\t人员经费\t公用经费\t\n"
            "201\t一般公共服务支出\t15.00\t8.00\t2.00\t5.00\n"
            "20101\t人大事务\t15.00\t8.00\t2.00\t5.00")
    table, ctx = _code_table(TableKind.GENERAL_PUBLIC, text)
    row = next(r for r in table.rows if r.code == "201")
    assert amounts(row) == {"total": D("15.00"), "personnel": D("8.00"), "public": D("2.00"),
                            "project": D("5.00"), "basic": D("10.00")}
    assert any(f.check == "basic-from-parts" for f in ctx.findings)


def test_function_rows_printed_by_name_only_get_their_code_from_the_code_list():
    text = ("支出总表\n单位：万元\n科目\t合计\t基本支出\t项目支出\n"
            "合计\t15.00\t10.00\t5.00\n一、一般公共服务支出\t15.00\t10.00\t5.00\n"
            "政府办公厅（室）及相关机构事务\t15.00\t10.00\t5.00\n行政运行\t15.00\t10.00\t5.00")
    table, _ctx = _code_table(TableKind.EXPENDITURE, text)
    assert [(r.code, r.role) for r in table.rows] == [
        (None, RowRole.TOTAL), ("201", RowRole.LINE), ("20103", RowRole.LINE), ("2010301", RowRole.LINE)]


def test_a_figure_of_another_year_is_never_taken_as_the_reports_own():
    text = ("部门收支总体情况表\n单位：万元\n项目\t2025年执行数\t2026年预算数\t项目\t2025年执行数\t2026年预算数\n"
            "一、一般公共预算拨款收入\t9.00\t10.00\t一、一般公共服务支出\t9.00\t10.00\n"
            "收入总计\t9.00\t10.00\t支出总计\t9.00\t10.00")
    block = find_tables(lines(text))[0]
    table = parse_summary_table(block, ParseContext(source="t", default_unit="万元"))
    assert {r.label: amounts(r)["total"] for r in table.rows if r.side == "income"} == {
        "一、一般公共预算拨款收入": D("10.00"), "收入总计": D("10.00")}
    text = ("支出总体情况表\n单位：万元\n科目编码\t科目名称\t上年执行数\t合计\t基本支出\t项目支出\n"
            "201\t一般公共服务支出\t99.00\t15.00\t10.00\t5.00")
    table, _ = _code_table(TableKind.EXPENDITURE, text)
    assert amounts(table.rows[0]) == {"total": D("15.00"), "basic": D("10.00"), "project": D("5.00")}


def test_table_of_contents_entries_are_not_tables_even_before_prose_saying_yusuan_danwei():
    """Regression: the Shanghai unit budgets list their tables (1.…收支预算总表 … 9.…“三公”经费…预算表)
    and go on with "…是…直属全额预算单位。"; the entries confirmed each other (预算单位 in the next
    entry) and the last one took 43 lines of prose as a 三公 table."""
    from budgetkg.segment.blocks import segment
    from budgetkg.sources.read import document_from_text
    text = ("目录\n1.2026年预算单位财务收支预算总表\n2.2026年预算单位收入预算总表\n"
            "3.2026年单位“三公”经费和机关运行经费预算表\n某馆（单位）主要职能\n某馆是某委直属全额预算单位。\n"
            "主要职能包括：整理文献。\n2026年预算单位财务收支预算总表\n预算单位：某馆\t\t单位：万元\n"
            "项目\t预算数\t项目\t预算数\n合计\t10\t合计\t10\n")
    tables = segment(document_from_text(text, name="t.txt")).tables
    assert [(b.kind.value, b.title_line.no) for b in tables] == [("summary", 8)]


def test_expenditure_total_printed_once_across_function_and_purpose_sides():
    """Regression: Jiangsu's 收支预算总表 prints 支出 by function and by purpose side by side and
    its 支出合计 once, the figure under the purpose side; the report had no expenditure total."""
    text = ("收支预算总表\n部门：某厅\t\t\t\t\t单位：万元\n收入\t\t支出\n\t\t功能分类\t\t支出用途\n"
            "项目名称\t金额\t功能科目名称\t金额\t项目名称\t金额\n"
            "一、财政拨款\t12.00\t一、一般公共服务支出\t12.00\t一、基本支出\t10.00\n"
            "\t\t\t\t二、项目支出\t2.00\n收入合计\t12.00\t支出合计\t\t\t12.00\n")
    report = parse_document(Document(name="t.txt", path="t.txt", sha256="0", encoding="utf-8",
                                     lines=lines(text)))
    assert {t.key: t.amount.yuan for t in report.totals} == {"income": D("120000"), "expenditure": D("120000")}


def test_one_code_printed_for_two_items_is_two_siblings_not_an_aggregate():
    """Regression: a basic-expenditure table printed 30208 for 取暖费 and again for 物业管理费; the
    second row was read as a detail of the first, which reported a false children-sum error and
    hid the real one (302's items add up to more than 302). A repeated code is an aggregate only
    when the first row is the sum of the others."""
    from budgetkg.check.read import process_document
    text = ("一般公共预算基本支出情况表\n部门：某局\t\t\t单位：万元\n科目编码\t科目名称\t合计\t人员经费\t公用经费\n"
            "\t合计\t100.00\t50.00\t50.00\n301\t工资福利支出\t50.00\t50.00\t\n30101\t基本工资\t30.00\t30.00\t\n"
            "30102\t津贴补贴\t20.00\t20.00\t\n302\t商品和服务支出\t50.00\t\t50.00\n30208\t取暖费\t20.00\t\t20.00\n"
            "30208\t物业管理费\t40.00\t\t40.00\n")
    report = process_document(Document(name="t.txt", path="t.txt", sha256="0", encoding="utf-8",
                                       lines=lines(text)))
    sums = {(f.row.split()[0], f.expected, f.found) for f in report.findings
            if f.check == "children-sum" and f.table == "basic-economic"}
    assert ("302", "500000", "600000") in sums and not any(r == "30208" for r, _, _ in sums)
