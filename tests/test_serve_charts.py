"""Issue 24 point 5: pictures on the department and project pages, inline SVG drawn by the page
(no script, nothing from the network), each figure the report's own. Expected values are read
from the sample reports (data/003: 中共乌鲁木齐市委员会组织部 2024 决算; data/004: 水磨沟区 2021 预算)."""
from __future__ import annotations

import re
import urllib.parse

import pytest

from budgetkg.config import DEFAULT_BASE
from budgetkg.serve.app import App, ServeConfig, handle
from budgetkg.serve.engine import Engine
from budgetkg.serve.web import Request

Q = urllib.parse.quote


@pytest.fixture(scope="module")
def app(sample_store):
    with Engine(sample_store.path) as engine:
        yield App(ServeConfig(endpoint=engine.url, base=DEFAULT_BASE))


@pytest.fixture(scope="module")
def organisation_dept(app):
    body = handle(app, Request.build("GET", "/department?name=" + Q("中共乌鲁木齐市委员会组织部"))).body.decode()
    return body[body.index("Pictures / 图表"):body.index("Projects / 项目")]


def figure(section: str, css_class: str) -> str:
    return re.search(rf"<figure class='{css_class}'>.*?</figure>", section, re.S).group(0)


def test_budget_against_final_account_as_the_final_account_states_it(organisation_dept):
    # 003, 财政拨款收入支出: "年初预算数 3,163.77 万元，决算数 2,417.96 万元，预决算差异率-23.57%"
    chart = figure(organisation_dept, "chart-budget-final")
    assert "<svg" in chart and "<script" not in chart
    assert "2024 决算 财政拨款收入支出 预算 budget: 31,637,700 元" in chart
    assert "2024 决算 财政拨款收入支出 决算 final: 24,179,600 元" in chart
    assert "执行率 execution 76.43 %" in chart   # 100 % − 23.57 %


def test_three_public_by_report(organisation_dept):
    # 003: "财政拨款“三公”经费支出 8.07 万元 … 公务用车运行维护费 8.07 万元", 出国 and 接待 0.00
    svg = organisation_dept[organisation_dept.index("三公”经费历年"):]
    assert "合计 total 2024 决算: 80,700 元" in svg
    assert "公务用车运行维护 vehicle operation 2024 决算: 80,700 元" in svg
    assert "公务接待 reception 2024 决算: 0 元" in svg


def test_class_composition_of_the_latest_year(organisation_dept):
    # 003: "一般公共服务支出(类)2,208.28 万元，占 91.33%" … "社会保障和就业支出(类)204.99 万元，占 8.48%"
    chart = figure(organisation_dept, "chart-shares")
    assert "2024: 支出功能分类（类）构成" in chart
    assert "201 一般公共服务支出: 22,082,800 元 (91.3 %)" in chart
    assert "208 社会保障和就业支出: 2,049,900 元 (8.5 %)" in chart


def test_a_department_without_a_final_account_says_there_is_nothing_to_compare(app):
    body = handle(app, Request.build("GET", "/department?name=" + Q("水磨沟区"))).body.decode()
    assert "No final account in the store" in body and "chart-shares" in body


def test_project_page_draws_the_projects_amount_by_year(app):
    # 004, 项目支出表: 包联工作经费 20 (万元) in the 2021 budget
    target = "/id/report/" + Q("乌鲁木齐市水磨沟区人民政府办公室") + "/2021/budget/table/projects/row/5"
    body = handle(app, Request.build("GET", target)).body.decode()
    assert "包联工作经费" in body
    history = body[body.index("History / 历年"):]
    assert "<svg" in history and "amount 金额 2021 预算" in history and "200,000 元" in history
