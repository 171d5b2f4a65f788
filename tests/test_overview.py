"""Department name, fiscal year, kind and scope from the title, cover and table labels —
never a file name or a table-of-contents line. Expected values read from the covers."""
from __future__ import annotations

from pathlib import Path

import pytest

from budgetkg.model import ReportKind, ReportScope
from budgetkg.parse import overview
from budgetkg.segment import segment
from budgetkg.sources import document_from_text, read_document

CORPUS = Path("/work/shared/corpus")
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
