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
    assert DERIVED_LEGEND in body and "<th>derived</th>" not in body
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
