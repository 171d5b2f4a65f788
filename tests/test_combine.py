"""Two-file reports (narrative + tables) become one report; narrative-only publications
are reports too. Expected values read from the Jiangsu series documents."""
from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from budgetkg.check.combined import combine_checked as combine_reports
from budgetkg.link.combine import department_key, find_pairs
from budgetkg.model.report import TableKind
from budgetkg.parse.report import parse_document
from budgetkg.sources.read import document_from_text, read_document

SERIES = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "series"
needs_series = pytest.mark.skipif(not SERIES.is_dir(), reason="the real corpus is not on this machine")

NARRATIVE = ("江苏省委办公厅2018年度部门预算公开\n目 录\n第一部分 部门概况\n一、主要职能\n"
             "第三部分 2018年度部门预算情况说明\n一、收支预算总体情况\n"
             "江苏省委办公厅2018年度收入、支出预算总计24458.43万元。\n"
             "九、一般公共预算“三公”经费、会议费、培训费支出预算情况说明\n"
             "1．因公出国（境）费预算支出70万元，与上年预算数一致。\n"
             "2．公务用车购置及运行费预算支出411.20万元。其中：\n（1）公务用车购置预算支出0万元。\n"
             "（2）公务用车运行维护费预算支出411.20万元。\n3．公务接待费预算支出27万元，比上年预算减少1万元。\n"
             "十、名词解释\n")
TABLES = ("江苏省2018年度\n省级部门预算公开报表\n部 门:中共江苏省委办公厅\n"
          "“三公”经费、会议费、培训费支出预算表\n部门：中共江苏省委办公厅\t\t\t\t\t\t单位：万元\n"
          "合计\t“三公”经费\t\t\t\t\t\t会议费\t培训费\n"
          "\t小计\t因公出国（境）费\t公务用车购置及运行维护费\t\t\t公务接待费\n"
          "\t\t\t小计\t公务用车购置费\t公务用车运行维护费\n"
          "1,471.70\t508.20\t70.00\t411.20\t\t411.20\t27.00\t933.50\t30.00\n")


def test_department_names_of_the_two_files_compare_equal():
    assert department_key("中国共产党江苏省委员会办公厅") == department_key("江苏省委办公厅") \
        == department_key("中共江苏省委办公厅")
    assert department_key("江苏省人大常委会办公厅") != department_key("江苏省委办公厅")


def test_narrative_and_table_files_become_one_report_with_each_files_provenance():
    narrative = parse_document(document_from_text(NARRATIVE, name="n.txt"))
    tables = parse_document(document_from_text(TABLES, name="t.txt"))
    assert narrative.year == tables.year == 2018
    assert find_pairs([narrative, tables]) == [(0, 1)]
    [merged] = combine_reports([narrative, tables])
    assert merged.source_name == "n.txt+t.txt"
    three = merged.table(TableKind.THREE_PUBLIC)
    assert three.origin == "table" and three.source.file == "t.txt"
    assert three.rows[0].amount("total") == Decimal("5082000")
    income = next(t for t in merged.totals if t.key == "income")
    assert income.amount.yuan == Decimal("244584300") and income.source.file == "n.txt"
    assert {merged.department.name, *merged.department.alt_names} >= {"中共江苏省委办公厅", "江苏省委办公厅"}
    assert not [f for f in merged.findings if f.check == "narrative-vs-table"]


def test_reports_of_other_years_are_not_paired():
    narrative = parse_document(document_from_text(NARRATIVE.replace("2018", "2019"), name="n.txt"))
    tables = parse_document(document_from_text(TABLES, name="t.txt"))
    assert find_pairs([narrative, tables]) == []
    assert len(combine_reports([narrative, tables])) == 2


def test_narrative_only_publication_is_a_report_with_its_stated_figures():
    report = parse_document(document_from_text(NARRATIVE, name="n.txt"))
    assert [(t.key, t.amount.printed) for t in report.totals] == [
        ("income", Decimal("24458.43")), ("expenditure", Decimal("24458.43"))]
    three = report.table(TableKind.THREE_PUBLIC)
    assert three.origin == "narrative"
    assert {k: a.printed for k, a in three.rows[0].amounts.items()} == {
        "overseas": Decimal("70"), "vehicle": Decimal("411.20"), "vehicle_purchase": Decimal("0"),
        "vehicle_operation": Decimal("411.20"), "reception": Decimal("27")}


@needs_series
def test_jiangsu_party_office_series_pairs_each_year():
    """江苏省委办公厅 2017–2019: each year's 公开文件 and 公开表(格) are one report."""
    names = ["江苏省委办公厅2017年部门预算.pdf", "江苏省委办公厅2017年预算公开表格.pdf",
             "江苏省委办公厅2018年度部门预算公开文件.pdf", "江苏省委办公厅2018年度部门预算公开表.pdf",
             "江苏省委办公厅2019年度部门预算公开文件.pdf", "江苏省委办公厅2019年度部门预算公开表格.pdf"]
    reports = [parse_document(read_document(SERIES / n)) for n in names]
    merged = combine_reports(reports)
    assert [(r.year, r.source_name) for r in merged] == [
        (2017, f"{names[0]}+{names[1]}"), (2018, f"{names[2]}+{names[3]}"), (2019, f"{names[4]}+{names[5]}")]
    by_year = {r.year: r for r in merged}
    # p.11 of the 2017 table file: 三公 小计 509.20 = 70.00 + 411.20 + 28.00
    three = by_year[2017].table(TableKind.THREE_PUBLIC)
    assert three.rows[0].amount("total") == Decimal("5092000") and three.source.file == names[1]
    # p.3 of the 2018 table file, 收支预算总表: 收入合计 24,458.43 (the narrative, p.6, states the same
    # 收入预算总计 24458.43 万元); the table's figure is the report's total
    income = next(t for t in by_year[2018].totals if t.key == "income")
    assert income.amount.printed == Decimal("24458.43") and income.source.file == names[3]


def test_merged_report_maps_to_a_graph_that_conforms_to_the_shapes():
    from budgetkg.config import DEFAULT_BASE
    from budgetkg.load.pipeline import report_quads
    from tests.test_ontology import _validate
    narrative = parse_document(document_from_text(NARRATIVE, name="n.txt"))
    tables = parse_document(document_from_text(TABLES, name="t.txt"))
    [merged] = combine_reports([narrative, tables])
    graph, quads = report_quads(merged, DEFAULT_BASE)
    # named for what it is, not for its two files
    assert graph.value == f"{DEFAULT_BASE}report/{merged.department.name}/{merged.year}/{merged.kind.value}"
    conforms, text = _validate(quads)
    assert conforms, text


def test_a_name_printed_without_its_region_still_pairs():
    narrative = parse_document(document_from_text(NARRATIVE.replace("江苏省委办公厅2018", "省委办公厅2018", 1),
                                                  name="n.txt"))
    tables = parse_document(document_from_text(TABLES, name="t.txt"))
    assert narrative.department.name == "省委办公厅"
    assert find_pairs([narrative, tables]) == [(0, 1)]


@needs_series
def test_check_given_both_files_of_a_publication_checks_them_as_one_report():
    from budgetkg.check import audit
    from budgetkg.check.read import read_report
    files = [SERIES / "江苏省委办公厅2018年度部门预算公开文件.pdf", SERIES / "江苏省委办公厅2018年度部门预算公开表.pdf"]
    docs = audit.audit_files(files, read_report)
    assert [d.source for d in docs] == ["江苏省委办公厅2018年度部门预算公开文件.pdf+江苏省委办公厅2018年度部门预算公开表.pdf"]
    assert docs[0].department == "中共江苏省委办公厅" and docs[0].year == 2018
