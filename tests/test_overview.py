"""Department name, fiscal year, kind and scope from the title, cover and table labels —
never a file name or a table-of-contents line. Expected values read from the covers."""
from __future__ import annotations

import pytest

from budgetkg.model.report import ReportKind, ReportScope
from budgetkg.parse import overview, unit_lists
from budgetkg.segment.blocks import segment
from budgetkg.sources.read import document_from_text, read_document
from tests.corpus import SHARED

CORPUS = (SHARED / "corpus")
needs_corpus = pytest.mark.skipif(not CORPUS.is_dir(), reason="the real corpus is not on this machine")


def _seg(text: str, name: str = "2026年某某部门预算.txt"):
    return segment(document_from_text(text, name=name))


def test_cover_split_over_lines_and_a_table_of_contents_heading():
    """泉州市公安局 2026, p.1–2: "2026 年度 / 泉州市公安局 / 部门预算", then 目录 with dotted leaders."""
    seg = _seg("2026 年度\n泉州市公安局\n部门预算\n目 录\n第一部分 部门概况......................... 1\n"
               "第二部分 2026 年度部门预算表 ............... 6\n第一部分 部门概况\n一、部门主要职责\n")
    assert overview.department_from(seg) == "泉州市公安局"
    assert overview.fiscal_year(seg) == 2026
    assert overview.report_kind(seg) is ReportKind.BUDGET
    assert overview.report_scope(seg) is ReportScope.DEPARTMENT


def test_cover_with_a_leading_dot_and_own_level_marker():
    """长春市信访局 2026, p.1: ".", "长春市信访局（本级）", "2026年度部门预算公开"."""
    seg = _seg(".\n长春市信访局（本级）\n2026年度部门预算公开\n初审：徐 宁\n目 录\n第一部分 部门概况\n")
    assert overview.department_from(seg) == "长春市信访局"


def test_department_from_the_label_above_the_tables_when_no_title_names_it():
    """江苏省委办公厅 2017 table file: "收支预算总表部门：中国共产党江苏省委员会办公厅 单位：万元"."""
    seg = _seg("收支预算总表部门：中国共产党江苏省委员会办公厅 单位：万元\n收入\t\t支出\n", name="tables.pdf")
    assert overview.department_from(seg) == "中国共产党江苏省委员会办公厅"


def test_unit_budget_and_chinese_numeral_year():
    seg = _seg("上海市二〇二六年市级单位预算\n预算单位：上海市中医文献馆\n目录\n")
    assert overview.department_from(seg) == "上海市中医文献馆"
    assert overview.fiscal_year(seg) == 2026
    assert overview.report_scope(seg) is ReportScope.UNIT


def test_year_on_its_own_line_after_the_title():
    """重庆市气象局 2026: the text layer prints "重庆市气象局 年部门预算情况说明" and "2026" below."""
    seg = _seg("重庆市气象局 年部门预算情况说明\n2026\n一 单位基本情况\n")
    assert overview.fiscal_year(seg) == 2026
    assert overview.department_from(seg) == "重庆市气象局"


def test_final_account_from_the_title():
    seg = _seg("2019年佛山市轨道交通局部门决算\n目录\n第一部分 部门概况\n")
    assert overview.report_kind(seg) is ReportKind.FINAL
    assert overview.department_from(seg) == "佛山市轨道交通局"


@needs_corpus
@pytest.mark.parametrize("path, name, year, kind, scope", [
    ("regions/2026年长春市信访局部门预算.pdf", "长春市信访局", 2026, ReportKind.BUDGET, ReportScope.DEPARTMENT),
    ("regions/上海市财务会计综合管理事务中心2026年单位预算.pdf", "上海市财务会计综合管理事务中心", 2026,
     ReportKind.BUDGET, ReportScope.UNIT),
    ("series/江苏省委办公厅2018年度部门预算公开表.pdf", "中共江苏省委办公厅", 2018, ReportKind.BUDGET,
     ReportScope.DEPARTMENT),
])
def test_identity_of_real_reports(path, name, year, kind, scope):
    from budgetkg.parse.report import parse_document
    report = parse_document(read_document(CORPUS / path))
    assert (report.department.name, report.year, report.kind, report.scope) == (name, year, kind, scope)


def test_report_that_names_no_department_is_not_named_after_its_file():
    from budgetkg.parse.report import parse_document
    report = parse_document(document_from_text(
        "第三部分 预算情况说明\n一、收支预算总体情况\n收入预算总计100.00万元。\n", name="2026年珠海市商务局部门预算.txt"))
    assert "珠海" not in report.department.name and report.department.name.startswith("未识别部门")
    assert any(f.check == "department-name" and f.severity == "error" for f in report.findings)


def test_labels_above_tables():
    """Urumqi 2021 人社局 table header: "编制部门（单位）：101-机关,101020-人力资源和社会保障局"; Jiangsu 2018 cover "部 门:…"."""
    assert overview._label_value("编制部门（单位）：101-机关,101020-人力资源和社会保障局 单位：万元") == (
        "编制部门", "人力资源和社会保障局")
    assert overview._label_value("部 门:中共江苏省委办公厅") == ("部门", "中共江苏省委办公厅")
    assert overview._label_value("单位：万元") is None


@pytest.mark.parametrize("cover, name", [
    ("关于某县财政局2026年部门预算的说明\n目录\n", "某县财政局"),
    ("某市交通运输局（汇总）\n2025年度部门决算\n目录\n", "某市交通运输局"),
    ("某县农业农村局2026年预算公开\n目录\n", "某县农业农村局"),
])
def test_title_variants(cover, name):
    assert overview.department_from(_seg(cover)) == name


# ---------------------------------------------------------------- units of the 概况 (issue 10)

def _units(body: str, dept: str = "某市某某局"):
    """(relation, name) of the units read from a constructed 概况, and the check ids raised."""
    from budgetkg.model.report import Organization
    from budgetkg.parse.context import ParseContext
    seg = _seg(f"{dept}2026年部门预算\n第一部分 部门概况\n一、主要职能\n负责有关工作。\n二、机构设置\n{body}\n"
               "第二部分 2026年部门预算表\n")
    ctx = ParseContext(source="constructed.txt")
    got = unit_lists.units(seg, Organization(name=dept), ctx)
    return [(u.relation, u.name) for u in got], [f.check for f in ctx.findings]


def test_units_internal_list_with_a_chinese_count():
    """长春市信访局 2026 p.5: "长春市信访局内设十个机构，分别是：办公室、…、综合处。"."""
    got, checks = _units("某市某某局内设三个机构，分别是：办公室、来信受理处、机关党总支。"
                         "预算单位构成为：行政单位：某市某某局（本级）")
    assert got == [("internal", "办公室"), ("internal", "来信受理处"), ("internal", "机关党总支")]
    assert checks == []


def test_units_short_names_in_order_and_second_level_budget_units_over_a_semicolon():
    """重庆市商务委员会 2026 p.3: "内设 34 个,各机构规范简称依次为:…。下设财政拨款二级预算单位 6 个,分别是:
    X (本级)、…;下设自收自支二级预算单位 3个:…。" — the department's own 本级 is not its unit."""
    got, _ = _units("部门本级内设 2 个,各机构规范简称依次为:办公室、综合处。下设财政拨款二级预算单位 2 个,分别是:"
                    "某市某某局 (本级)、某市某某职业学院;下设自收自支二级预算单位 1个:某市会展服务中心。")
    assert got == [("subordinate", "某市某某职业学院"), ("subordinate", "某市会展服务中心"),
                   ("internal", "办公室"), ("internal", "综合处")]


def test_units_a_count_of_divisions_without_names_gives_no_rows():
    """重庆市人民政府办公厅 2026 p.2: "共设置 24 个内设机构和机关党办、离退休人员工作处。" names none."""
    got, _ = _units("本部门共设置 24 个内设机构和机关党办、离退休人员工作处。下设二级预算单位 2 个，分别是："
                    "某市某某局（本级）、某市电子政务中心。")
    assert got == [("subordinate", "某市电子政务中心")]


def test_units_listed_before_their_kind_word_after_xiashe():
    """重庆市气象局 2026 p.1: "下设气象台、…等 8 个直属事业单位;防雷中心、人工影响天气办公室等 2 个
    地方气象事业机构以及社团组织重庆市气象学会。"; divisions with a second name in brackets."""
    got, _ = _units("某市某某局内设机构 2 个,各机构规范简称依次为:办公室、科技与预报处 (气候变化处)。"
                    "下设气象台、气候中心等 2 个直属事业单位;防雷中心等 1 个地方事业机构以及社团组织某市气象学会。")
    assert got == [("subordinate", "气象台"), ("subordinate", "气候中心"), ("subordinate", "防雷中心"),
                   ("subordinate", "某市气象学会"), ("internal", "办公室"), ("internal", "科技与预报处（气候变化处）")]


def test_units_a_counted_list_with_a_name_added_after_it():
    """江苏省委办公厅 2018 p.4: "内设机构包括：秘书处、…等20个处室和省委机要局。本部门下属单位包括：…。"."""
    got, checks = _units("1．根据部门职责分工，本部门内设机构包括：秘书处、技术室等2个处室和省委机要局。"
                         "本部门下属单位包括：东郊国宾馆、西康宾馆。")
    assert got == [("subordinate", "东郊国宾馆"), ("subordinate", "西康宾馆"),
                   ("internal", "秘书处"), ("internal", "技术室"), ("internal", "省委机要局")]
    assert checks == []


def test_units_set_up_the_following_divisions_and_specific_subordinates():
    """珠海市商务局 2026 p.5: "珠海市商务局设下列内设机构：办公室、…、人事科。" and "下属单位具体包括：…。";
    上海市中医文献馆 2026 p.4: "单位设6个内设机构，包括：…。"."""
    got, _ = _units("某市某某局设下列内设机构：办公室、统筹规划科、贸易管理科（服务贸易科）。"
                    "下属单位具体包括：某市贸易服务中心、某市会议展览局。")
    assert got == [("subordinate", "某市贸易服务中心"), ("subordinate", "某市会议展览局"),
                   ("internal", "办公室"), ("internal", "统筹规划科"), ("internal", "贸易管理科（服务贸易科）")]
    got, _ = _units("某某馆单位设2个内设机构，包括：综合办公室、中医药传承研究室。", dept="某某馆")
    assert got == [("internal", "综合办公室"), ("internal", "中医药传承研究室")]


def test_units_a_count_that_differs_from_the_list_gives_nothing_and_a_warning():
    """A list whose stated count differs from the names read may be cut wrong: no rows, a notice."""
    got, checks = _units("某市某某局内设机构 3 个，分别是：办公室、综合处。")
    assert got == [] and checks == ["unit-count"]


def test_units_a_name_that_is_no_organisation_voids_its_list():
    """"下属单位包括：A、负责全市工作。" — one item is no name, so none of the list is trusted."""
    got, checks = _units("下属单位包括：某市服务中心、负责全市有关工作。")
    assert got == [] and checks == ["unit-list"]


def test_units_numbered_division_headings_with_duties_are_not_a_list():
    """乌鲁木齐市新市区组织部: "设下列内设机构：（一）办公室（…）。负责…" heads a section of duties."""
    got, _ = _units("某市某某局设下列内设机构：\n（一）办公室。负责日常事务。\n（二）干部科。负责干部工作。")
    assert got == []


def test_units_last_two_names_joined_by_he_when_the_count_asks_for_them():
    """上海市财务会计综合管理事务中心 2026: "单位设6个内设机构，包括：办公室、…、研究二部和研究三部。";
    "电子商务和信息化处" is one name and stays whole."""
    got, checks = _units("某中心单位设3个内设机构，包括：办公室、研究一部和研究二部。", dept="某中心")
    assert got == [("internal", "办公室"), ("internal", "研究一部"), ("internal", "研究二部")]
    assert checks == []
    got, _ = _units("内设 2 个,各机构规范简称依次为:会展处、电子商务和信息化处。")
    assert got == [("internal", "会展处"), ("internal", "电子商务和信息化处")]


def test_units_list_without_a_colon_after_its_kind_word():
    """江苏省委办公厅 2019 p.3: "本部门内设机构包括秘书处、…、技术室。本部门下属单位包括江苏议事园。"."""
    got, _ = _units("本部门内设机构包括秘书处、技术室。本部门下属单位包括某某议事园。")
    assert got == [("subordinate", "某某议事园"), ("internal", "秘书处"), ("internal", "技术室")]


def test_units_page_number_inside_a_wrapped_list_is_not_part_of_a_name():
    """江苏省人大常委会 2019 p.2–3: "江苏省人大" / "─ 2 ─" / "常委会研究室刊物编辑室" is one name."""
    got, _ = _units("本部门下属单位包括：某某议事园、某省人大\n─ 2 ─\n常委会研究室刊物编辑室。")
    assert got == [("subordinate", "某某议事园"), ("subordinate", "某省人大常委会研究室刊物编辑室")]


def test_units_own_level_account_is_not_a_unit():
    """普陀区委社会工作部 2024: "决算包括：X本级决算、下属行政事业单位决算。" names no unit."""
    got, _ = _units("从预算单位构成看，某市某某局决算包括：某市某某局本级决算、某市服务中心。")
    assert got == [("subordinate", "某市服务中心")]


def test_units_a_cover_label_is_not_a_list():
    """上海市中医文献馆 2026 p.1: "预算单位：上海市中医文献馆" then 目录 "一、…" — a label, no warning."""
    got, checks = _units("上海市2026年市级单位预算预算单位：某某馆目录一、单位主要职能、二、单位机构设置。", dept="某某馆")
    assert got == [] and checks == []
