"""Performance tables: every indicator row of every sample report, written from the reports,
project links, unlinked tables and disagreeing amounts."""
from __future__ import annotations

import csv
from pathlib import Path

import pytest

from budgetkg import read_report
from budgetkg.questions import ask, get_question

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
    unlinked = [f for f in read_report(SAMPLES["003"]).findings if f.check == "performance-unlinked"]
    assert len(unlinked) == 7  # a final account with no project table: nothing to link to


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
