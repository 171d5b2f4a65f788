"""Derived figures are labelled where a user meets them: in `ask` answers (a ``derived`` column in
CSV/JSON, a ``*`` and a note in the table) and on the pages. Expected figures are read from the
rendered pages of the reports (the comments say where)."""
from __future__ import annotations

import re

import pytest

from budgetkg import Settings, ingest
from budgetkg.load.store import BudgetStore
from budgetkg.query.questions import ask
from tests.corpus import corpus_path

WIDE_PDF = "wide/pdf"


@pytest.fixture(scope="module")
def huzhou_store(tmp_path_factory) -> BudgetStore:
    path = tmp_path_factory.mktemp("huz")
    result = ingest([corpus_path(WIDE_PDF) / "huz_czj_2026_budget.pdf"], Settings.load(store=path))
    assert result.written and not result.errors
    return BudgetStore(path, read_only=True)


def _by_code(answer):
    return {dict(zip(answer.columns, r))["code"]: dict(zip(answer.columns, r)) for r in answer.rows}


def test_a_basic_figure_summed_from_personnel_and_public_is_marked_derived_in_the_answer(huzhou_store):
    # huz_czj_2026_budget.pdf page 20 (表03 支出预算总表) prints 总计, 人员支出, 公用经费, 项目支出 and no
    # 基本支出 column: 201 一般公共服务支出 5356.01 | 3478.23 | 611.02 | 1266.75, so its 基本支出
    # 4089.25 is computed; 2010607 信息化建设 prints only 113.75 as total and project
    rows = _by_code(ask(huzhou_store, "functional"))
    assert rows["201"]["total"] == "53560100" and rows["201"]["basic"] == "40892500"
    assert rows["201"]["derived"] == "basic"                  # the computed figure, and only it
    assert rows["2080505"]["basic"] == "3257400" and rows["2080505"]["derived"] == "basic"
    assert rows["2010607"]["project"] == "1137500" and rows["2010607"]["derived"] == ""  # all printed


def test_the_table_marks_derived_figures_and_says_what_the_mark_means(huzhou_store):
    from budgetkg.cli.terminal import render
    answer = ask(huzhou_store, "functional")
    for lang, note in (("en", "derived"), ("zh", "推算数")):
        text = render(answer.columns, answer.rows, lang=lang, unit="wan", width=200)
        line201 = next(line for line in text.splitlines() if " 201 " in line)
        assert "4,089.25*" in line201 and "5,356.01*" not in line201 and "1,266.75*" not in line201
        assert text.splitlines()[-1].startswith("* ") and note in text.splitlines()[-1]
        assert "derived" not in text.splitlines()[0] and "推算数" not in text.splitlines()[0]  # no column for it


def test_csv_and_json_answers_carry_the_derived_column(huzhou_store):
    import json

    from budgetkg.query.answers import render
    answer = ask(huzhou_store, "functional")
    csv = render(answer, "csv").splitlines()
    assert csv[0].endswith(",derived")
    rows = {r["code"]: r for r in json.loads(render(answer, "json"))}
    assert rows["201"]["derived"] == "basic" and rows["2010607"]["derived"] == ""


@pytest.fixture(scope="module")
def huzhou_app(huzhou_store):
    from budgetkg.config import DEFAULT_BASE
    from budgetkg.serve.app import App, ServeConfig
    from budgetkg.serve.engine import Engine
    with Engine(huzhou_store.path) as engine:
        yield App(ServeConfig(endpoint=engine.url, base=DEFAULT_BASE))


def _page(app, target):
    from budgetkg.serve.app import handle
    from budgetkg.serve.web import Request
    response = handle(app, Request.build("GET", target, {"Accept": "text/html"}))
    assert response.status == 200
    return response.body.decode("utf-8")


def _cells(body: str, marker: str) -> list[str]:
    """The cells of the table row that holds ``marker``."""
    import re
    row = next(r for r in re.findall(r"<tr[^>]*>.*?</tr>", body) if marker in r)
    return re.findall(r"<td[^>]*>(.*?)</td>", row)


def test_pages_mark_derived_figures_with_a_tooltip_and_a_legend(huzhou_app):
    from budgetkg.serve.pages import DERIVED_LEGEND, DERIVED_MARK
    # the question page: 201's 基本支出 4,089.25 万元 (computed) is marked, its 5,356.01 total and
    # 1,266.75 project (printed, page 20) are not; the answer's derived column is not shown
    body = _page(huzhou_app, "/questions/functional?unit=wan")
    cells = _cells(body, "一般公共服务支出")
    assert cells[3] == "5,356.01 万元" and cells[4] == "4,089.25 万元" + DERIVED_MARK and cells[5] == "1,266.75 万元"
    assert DERIVED_LEGEND in body and "derived</th>" not in body
    # the department page's class table and the expenditure table's page say the same
    body = _page(huzhou_app, "/department?name=湖州市财政局&unit=wan")
    cells = _cells(body, "data-code='201'")
    assert cells[2] == "5,356.01 万元" and cells[3] == "4,089.25 万元" + DERIVED_MARK and DERIVED_LEGEND in body
    table = re.search(r"href='([^']*/table/expenditure)'", body).group(1)
    body = _page(huzhou_app, table + "?unit=wan")
    cells = _cells(body, "一般公共服务支出")
    assert "4,089.25 万元" + DERIVED_MARK in cells and "5,356.01 万元" in cells and DERIVED_LEGEND in body
    row = re.search(r"href='([^']*/table/expenditure/row/\d+)'>201<", body).group(1)  # the row's own page
    body = _page(huzhou_app, row + "?unit=wan")
    assert "4,089.25 万元" + DERIVED_MARK in body and "5,356.01 万元" + DERIVED_MARK not in body


# ------------------------------------------------------------------ 类/款 derived from 项 rows
QUANZHOU = "2026年泉州市人民政府办公室部门预算.pdf"


def _class_rows(table):
    return {r.code: r for r in table.rows if r.code and len(r.code) in (3, 5)}


def test_a_table_printing_only_item_rows_gets_its_classes_derived_and_proven_against_its_total():
    # bj_tjj_2026_tables.pdf 预算05表 一般公共预算支出表 (pages 9-18) prints 7-digit 项 rows only, in
    # blocks one after another, and 合计 50,818.175849 万元 on page 18; 预算04表 (page 8) prints the
    # classes: 201 40,154.650805, 205 392.972380, 208 3,344.190740, 210 2,295.884844, 215 18.750000,
    # 221 4,611.727080 — the sums of the 项 rows, which add up to the 合计
    from decimal import Decimal

    from budgetkg.check.read import read_report
    from budgetkg.model.report import ProofStatus, TableKind
    report = read_report(corpus_path(WIDE_PDF) / "bj_tjj_2026_tables.pdf")
    table = report.table(TableKind.GENERAL_PUBLIC)
    classes = _class_rows(table)
    printed = {"201": "40154.650805", "205": "392.972380", "208": "3344.190740", "210": "2295.884844",
               "215": "18.750000", "221": "4611.727080"}
    assert {c: r.amounts["total"].printed for c, r in classes.items() if len(c) == 3} == \
        {c: Decimal(v) for c, v in printed.items()}
    assert classes["20105"].amounts["total"].printed == Decimal("40154.650805")  # 统计信息事务: all of 201
    assert all(r.derived_from for r in classes.values())
    assert not any(r.derived_from for r in table.rows if r.code and len(r.code) == 7)  # the 项 rows are printed
    assert table.proof.status is ProofStatus.VERIFIED


def test_derived_classes_of_a_misread_item_column_do_not_prove_the_table():
    # the same table with one 项 row lost (as a row dropped at a page break would be): its derived
    # 类 rows no longer add up to the printed 合计, and the table is not verified
    from dataclasses import replace

    from budgetkg.check.read import read_report
    from budgetkg.model.report import ProofStatus, TableKind
    from budgetkg.parse.derived_rows import derive_parents
    from budgetkg.parse.proof import verdict
    table = read_report(corpus_path(WIDE_PDF) / "bj_tjj_2026_tables.pdf").table(TableKind.GENERAL_PUBLIC)
    printed = tuple(r for r in table.rows if not r.derived_from)
    lost = tuple(replace(r, index=i) for i, r in enumerate(printed[:1] + printed[2:]))  # 2010505 5,744.39 gone
    assert verdict(derive_parents(replace(table, rows=lost))).status is not ProofStatus.VERIFIED


@pytest.fixture(scope="module")
def quanzhou_store(tmp_path_factory) -> BudgetStore:
    path = tmp_path_factory.mktemp("qz")
    result = ingest([corpus_path("regions") / QUANZHOU], Settings.load(store=path))
    assert result.written and not result.errors
    return BudgetStore(path, read_only=True)


def test_classes_derived_from_item_rows_answer_functional_marked_derived(quanzhou_store):
    # 泉州市人民政府办公室 page 15 (三、支出预算总表) prints only 项 rows: 2010301 3452.35 | 3452.35 | 0.00,
    # 2010302 1126.82 | 0.00 | 1126.82, 2010350 493.91 | 493.91 | 0.00, 2010399 8142.61 | 0.00 | 8142.61
    # …, 合计 15184.81; the 收支预算总表 (page 13) prints 201 as 13215.69 and 221 as 696.98
    rows = _by_code(ask(quanzhou_store, "functional"))
    assert (rows["201"]["total"], rows["201"]["basic"], rows["201"]["project"]) == ("132156900", "39462600", "92694300")
    assert rows["201"]["derived"] == "total basic project" and rows["20103"]["derived"] == "total basic project"
    assert rows["221"]["total"] == "6969800" and rows["221"]["derived"] == "total basic project"
    assert rows["2010301"]["total"] == "34523500" and rows["2010301"]["derived"] == ""  # printed
    from budgetkg.cli.terminal import render
    answer = ask(quanzhou_store, "functional")
    text = render(answer.columns, answer.rows, unit="wan", width=200)
    line = next(x for x in text.splitlines() if " 201 " in x)
    assert "13,215.69*" in line and "9,269.43*" in line
    assert "3,452.35*" not in next(x for x in text.splitlines() if " 2010301 " in x)
