"""Performance tables: every indicator row of every sample report, written from the reports,
project links, unlinked tables and disagreeing amounts."""
from __future__ import annotations

import csv
from pathlib import Path

import pytest

from budgetkg import read_report
from budgetkg.model.report import TableKind
from budgetkg.query.questions import ask, get_question

from .conftest import SAMPLES

CASES = Path(__file__).resolve().parent / "cases"


@pytest.mark.parametrize("number", sorted(SAMPLES))
def test_every_indicator_row(sample_store, number):
    with (CASES / number / "indicators.csv").open(encoding="utf-8") as fh:
        reader = csv.reader(fh)
        assert tuple(next(reader)) == get_question("indicators").columns[1:]
        expected = [(SAMPLES[number].name, *row) for row in reader]
    got = [r for r in ask(sample_store, "indicators").rows if r[0] == SAMPLES[number].name]
    assert got == expected


def test_shortfalls_of_the_final_account(sample_store):
    rows = ask(sample_store, "indicator-shortfalls").rows
    assert rows == ((SAMPLES["003"].name, "2024年度乌鲁木齐市公务员考试招录工作经费", "试卷保密保管（押运）员",
                     "=4人", "=2人", "10", "5"),)


def test_every_sample_project_has_a_linked_target_table(sample_store):
    assert ask(sample_store, "projects-without-indicators").rows == ()


def test_links_and_how_they_were_made():
    report = read_report(SAMPLES["002"])
    links = {p.project: (report.tables[p.link.table_index].rows[p.link.row_index].project, p.link.method)
             for p in report.performance}
    assert links["访惠聚人员补助"] == ("访惠聚人员补助", "name+amount")
    # different names, same amount (7150 万元) and the only such project
    assert links["就业工作经费"] == ("就业公岗人员工资及社保", "amount")
    assert links["人力资源服务中心水、电、暖及网络服务费"] == ("人力资源服务中心运行费（水电暖）", "amount")


def test_disagreeing_amounts_and_unlinked_tables_are_findings():
    f000 = [f for f in read_report(SAMPLES["000"]).findings if f.check == "performance-amount"]
    # 表七 lists 32.40 万元; the 绩效目标表 states 年度资金总额 45.4 万元
    assert [(f.row, f.expected, f.found) for f in f000] == [("“访惠聚”工作队队员补助", "324000", "454000")]
    f004 = [f for f in read_report(SAMPLES["004"]).findings if f.check == "performance-amount"]
    assert [(f.expected, f.found) for f in f004] == [("123900", "143600")]
    report = read_report(SAMPLES["003"])
    assert not [f for f in report.findings if f.check == "performance-unlinked"]


def test_final_account_without_project_table_has_the_projects_of_its_self_evaluations():
    """A final account prints no project table: its projects are those of its 项目支出绩效自评表
    (name and 全年执行数), each linked to its self-evaluation."""
    report = read_report(SAMPLES["003"])
    projects = report.table(TableKind.PROJECTS)
    assert projects.origin == "performance"
    evaluations = [p for p in report.performance if p.kind == "project-evaluation"]
    assert len(projects.rows) == len(evaluations) == 7
    assert all(p.link is not None and p.link.method == "name+amount" for p in evaluations)


def test_evaluation_funds_and_scores():
    report = read_report(SAMPLES["003"])
    dept = report.performance[0]
    assert dept.kind == "department-evaluation"
    assert {k: str(a.printed) for k, a in dept.funds.items()} == {
        "planned": "3163.77", "adjusted": "2590.54", "executed": "2582.72"}
    assert (dept.execution_rate, str(dept.funds_weight), str(dept.funds_score)) == ("99.7%", "10", "9.97")
    exam = report.performance[2]
    assert exam.project == "2024年度乌鲁木齐市公务员考试招录工作经费"
    assert (str(exam.total_weight), str(exam.total_score)) == ("100", "95.00")
    deviation = next(i for i in exam.indicators if i.name == "试卷保密保管（押运）员").deviation
    assert deviation.startswith("偏差原因：按照实际需求安排押运人员")


def test_target_table_head_and_contacts():
    report = read_report(SAMPLES["002"])
    first = report.performance[0]
    assert first.unit == "高新区（新市区）人力资源和社会保障局"
    assert str(first.funds["total"].printed) == "37.44"
    assert first.goal.startswith("助推访惠聚工作持续发力")
    assert ("项目负责人", "王莉") in first.contacts


def test_final_account_figures_written_from_the_narrative():
    report = read_report(SAMPLES["003"])
    figures = {f.key: f.amount.yuan for f in report.figures}
    # 二、收入决算情况说明 / 三、支出决算情况说明 / 十、其他重要事项
    assert figures["income_current"] == 25827200
    assert figures["fiscal_income"] == 24179600
    assert figures["other_income"] == 1647700
    assert figures["basic"] == 18860800 and figures["project"] == 6966400
    assert figures["carryover_start"] == 0 and figures["carryover_end"] == 0
    assert figures["admin_cost"] == 1334700
    assert (figures["procurement_total"], figures["procurement_goods"], figures["procurement_works"],
            figures["procurement_services"]) == (160200, 141900, 0, 18200)
    assert (figures["sme_contracts"], figures["micro_contracts"]) == (160200, 156600)


def test_budget_vs_final_in_the_final_account(sample_store):
    rows = ask(sample_store, "budget-vs-final").rows
    assert rows[0] == ("中共乌鲁木齐市委员会组织部", "2024", "财政拨款收入支出", "31637700", "24179600",
                       "-7458100", "-23.57")
    assert ("中共乌鲁木齐市委员会组织部", "2024", "公务用车运行维护费", "80700", "80700", "0", "0") in rows
    assert len(rows) == 7


def test_budget_vs_final_across_two_reports(tmp_path):
    """A budget and a final account of one department and year are compared line by line."""
    from budgetkg import Settings, ingest
    from budgetkg.load.store import BudgetStore
    text = SAMPLES["004"].read_text(encoding="utf-8")
    text = text.replace("乌鲁木齐市水磨沟区人民政府办公室", "中共乌鲁木齐市委员会组织部").replace("2021", "2024")
    budget = tmp_path / "budget_2024.txt"
    budget.write_text(text, encoding="utf-8")
    settings = Settings.load(store=tmp_path / "s")
    assert ingest([budget, SAMPLES["003"]], settings).written
    rows = ask(BudgetStore(settings.store, read_only=True), "budget-vs-final", year=2024).rows
    by_item = {r[2]: r[3:] for r in rows}
    # regression: 本年收入合计/本年支出合计 (other total kinds) were listed as 支出总计 too
    assert [r[2] for r in rows].count("支出总计") == 1 and [r[2] for r in rows].count("收入总计") == 1
    assert by_item["支出总计"] == ("5950800", "25827200", "19876400", "334.01")
    assert by_item["“三公”经费合计"] == ("239800", "80700", "-159100", "-66.35")


def test_performance_amount_finding_points_at_the_funds_line():
    """Regression: the finding named the table's title line; the reviewers (data/gold/errors.csv)
    point at the 年度资金总额 line — 000 l.1466 "年度资金总额：45.4", 004 l.638 "年度资金总额:14.36"."""
    lines = {n: [f.source.line for f in read_report(SAMPLES[n]).findings if f.check == "performance-amount"]
             for n in ("000", "004")}
    assert lines == {"000": [1466], "004": [638]}
