"""Issue 14: the app as routed functions, called without a socket — question pages with a form,
exports that keep the filter, 元/万元, the query page for every query form, readable entity pages,
the department page per report — and the one answer writer shared with the CLI."""
from __future__ import annotations

import csv
import io
import json
import re
import urllib.parse

import pytest
from typer.testing import CliRunner

from budgetkg.cli.main import app as cli
from budgetkg.config import DEFAULT_BASE
from budgetkg.query.answers import Unit, in_unit, render, to_unit
from budgetkg.query.questions import Answer, ask
from budgetkg.serve.app import App, ServeConfig, handle
from budgetkg.serve.engine import Engine
from budgetkg.serve.web import Request

Q = urllib.parse.quote


@pytest.fixture(scope="module")
def app(sample_store):
    with Engine(sample_store.path) as engine:
        yield App(ServeConfig(endpoint=engine.url, base=DEFAULT_BASE))


def get(app, target, accept="text/html"):
    response = handle(app, Request.build("GET", target, {"Accept": accept}))
    return response.status, response.content_type, response.body.decode("utf-8")


# ------------------------------------------------------------------ the answer writer
def test_wan_is_an_exact_shift_of_the_decimal_point():
    assert to_unit("27157600", Unit.WAN) == "2715.76"
    assert to_unit("82096797.42", Unit.WAN) == "8209.679742"  # never rounded
    assert to_unit("0", Unit.WAN) == "0" and to_unit("", Unit.WAN) == "" and to_unit("n/a", Unit.WAN) == "n/a"
    answer = Answer(("source", "total", "code"), (("a.txt", "1234.5", "201"),))
    assert in_unit(answer, Unit.WAN).rows == (("a.txt", "0.12345", "201"),)  # codes are not amounts


def test_cli_csv_and_json_are_the_answer_writer_output(sample_store):
    expected = ask(sample_store, "three-public")
    for fmt in ("csv", "json"):
        result = CliRunner().invoke(cli, ["ask", "three-public", "--format", fmt, "--store", str(sample_store.path)])
        assert result.exit_code == 0 and result.stdout == render(expected, fmt)


# ------------------------------------------------------------------ routing without a socket
def test_routes_answer_without_a_socket(app):
    assert get(app, "/nothing")[0] == 404
    assert handle(app, Request.build("POST", "/", {"Content-Type": "text/plain"}, b"x")).status == 405
    assert handle(app, Request.build("POST", "/sparql", {"Content-Type": "text/plain"}, b"x")).status == 415
    status, _ctype, body = get(app, "/sparql?query=" + Q("ASK {}"), "application/sparql-results+json")
    assert status == 200 and json.loads(body)["boolean"] is True


def test_sparql_protocol_route_without_a_socket(app):
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?r a <https://w3id.org/budgetkg/ontology#Report> }"
    direct = handle(app, Request.build("POST", "/sparql", {"Content-Type": "application/sparql-query",
                                                          "Accept": "text/csv"}, count.encode()))
    assert direct.status == 200 and direct.body == b"n\r\n5\r\n"
    chunked = handle(app, Request.build("POST", "/sparql", {"Content-Type": "application/sparql-query",
                                                           "Transfer-Encoding": "chunked"}))
    assert chunked.status == 411 and chunked.close  # the unread body puts the stream out of step
    described = handle(app, Request.build("GET", "/sparql", {"Host": "example.org:8080"}))
    assert described.status == 200 and b"<http://example.org:8080/sparql> a sd:Service" in described.body


# ------------------------------------------------------------------ question pages
def test_question_page_has_a_form_for_its_parameters(app):
    status, _, body = get(app, "/questions/functional?department=" + Q("组织部") + "&year=2021")
    assert status == 200
    assert "<form" in body and "name='department'" in body and "name='year'" in body and "name='unit'" in body
    assert "value='组织部'" in body and "value='2021'" in body


def test_filtered_page_exports_only_its_rows(app, sample_store):
    """A page filtered to one department exported every department's rows (the links dropped the filter)."""
    status, _, body = get(app, "/questions/functional?department=" + Q("组织部") + "&year=2021")
    expected = ask(sample_store, "functional", department="组织部", year=2021)
    assert f"{len(expected.rows)} rows" in body
    links = {fmt: href.replace("&amp;", "&") for href, fmt in re.findall(r"href='([^']*format=(csv|json))'", body)}
    status, ctype, exported = get(app, links["csv"])
    assert status == 200 and "text/csv" in ctype
    assert exported == render(expected, "csv")
    status, ctype, exported = get(app, links["json"])
    assert json.loads(exported) == json.loads(render(expected, "json"))
    assert len(expected.rows) < len(ask(sample_store, "functional").rows)


def test_amounts_in_wan_on_the_page_and_in_the_export(app, sample_store):
    _status, _, body = get(app, "/questions/reports?unit=wan")
    assert "2,715.76 万元" in body  # 000's total income 27,157,600 元, read from its 收支总表
    assert "href='/questions/reports?unit=wan&amp;format=csv'" in body
    rows = list(csv.DictReader(io.StringIO(get(app, "/questions/reports?unit=wan&format=csv")[2])))
    assert {r["total_income"] for r in rows if r["source"].startswith("000")} == {"2715.76"}
    assert get(app, "/questions/reports?unit=lakh")[0] == 400


# ------------------------------------------------------------------ query page
@pytest.mark.parametrize("query, marker", [
    ("SELECT (COUNT(*) AS ?n) WHERE { ?r a <https://w3id.org/budgetkg/ontology#Report> }", "'>5</td>"),
    ("ASK { ?r a <https://w3id.org/budgetkg/ontology#Report> }", "ASK: <b>true</b>"),
    ("CONSTRUCT { ?r a <https://w3id.org/budgetkg/ontology#Report> } WHERE { ?r a "
     "<https://w3id.org/budgetkg/ontology#Report> }", "graph (Turtle)"),
    ("DESCRIBE <https://w3id.org/budgetkg/ontology#Report>", "graph (Turtle)"),
    ("SELECT * WHERE { SERVICE <http://x/> { ?s ?p ?o } }", "SERVICE"),
])
def test_query_page_runs_every_query_form(app, query, marker):
    status, _, body = get(app, "/query?query=" + Q(query))
    assert status == 200 and marker in body


# ------------------------------------------------------------------ entity pages
REPORT = "/id/report/" + Q("乌鲁木齐市水磨沟区人民政府办公室") + "/2021/budget"  # 004


def test_report_page_is_a_summary_with_totals_tables_and_projects(app):
    status, _, body = get(app, REPORT)
    assert status == 200
    assert "5,950,800 元" in body  # 收入总计 and 支出总计 of 004's 收支总表
    assert "部门（单位）支出总体情况表" in body and "包联工作经费" in body
    assert "raw triples" in body and "← " not in body  # the triples are one click away, not the page
    status, _, raw = get(app, REPORT + "?view=triples")
    assert status == 200 and "<details>" in raw  # the facts read from the report are folded


def test_performance_table_links_its_project_by_the_projects_name(app):
    """The performance table linked to its project under the project row's class name (一般行政管理事务…)."""
    status, _, body = get(app, REPORT + "/performance/1")
    row = REPORT + "/table/projects/row/5"
    assert status == 200
    assert re.search(rf"<a href='{re.escape(row.replace('%', '%25'))}'>包联工作经费</a>", body) \
        or re.search(rf"<a href='{re.escape(row)}'>包联工作经费</a>", body)
    status, _, raw = get(app, REPORT + "/performance/1?view=triples")
    assert ">包联工作经费</a>" in raw and ">一般行政管理事务" not in raw


def test_project_page_shows_amounts_description_and_indicators(app):
    status, _, body = get(app, REPORT + "/table/projects/row/5")
    assert status == 200
    assert "<title>包联工作经费</title>" in body  # titled by the project, not its class
    assert "200,000 元" in body and "项目承担单位" in body and "包联工作对象满意度" in body and "≥95%" in body


def test_navigation_from_a_project_to_its_policy_document_and_on_to_its_projects_and_departments(app):
    body = get(app, REPORT + "/table/projects/row/5")[2]
    policy = re.search(r"<a href='(/id/policy/[^']+)'>关于下达2021年水磨沟区部门预算的通知</a>", body).group(1)
    status, _, body = get(app, policy.replace("&amp;", "&"))
    assert status == 200 and "包联工作经费" in body and "电子政务中心工作经费" in body
    assert "乌鲁木齐市水磨沟区人民政府办公室</a>" in body


# ------------------------------------------------------------------ department page
def test_final_account_without_a_split_shows_unknown_not_zero(app):
    """A final account whose tables do not split basic/project was drawn as 0 元 / 0 元."""
    status, _, body = get(app, "/department?name=" + Q("中共乌鲁木齐市委员会组织部"))
    assert status == 200
    panel = body[body.index("id='r-2024-final-department'"):]
    assert "基本支出 basic<b><span class='unknown'>" in panel and "项目支出 project<b><span class='unknown'>" in panel
    # 003 states its 类 only in the narrative: "一般公共服务支出(类)2,208.28 万元" (line 123), shown in 元
    assert "figures stated in the narrative" in panel and "22,082,800 元" in panel


def test_a_name_matching_several_departments_lists_them(app):
    status, _, body = get(app, "/department?name=" + Q("组织部"))
    assert status == 200 and body.count("/department?iri=") == 2
    assert get(app, "/department?name=" + Q("没有这个部门"))[0] == 404
    assert get(app, "/department")[0] == 400


def test_department_page_narrows_to_a_year_and_kind(app):
    status, _, body = get(app, "/department?name=" + Q("中共乌鲁木齐市委员会组织部") + "&year=2024&kind=final")
    assert status == 200 and "id='r-2024-final-department'" in body
    status, _, body = get(app, "/department?name=" + Q("中共乌鲁木齐市委员会组织部") + "&kind=budget")
    assert status == 200 and "id='r-2024-final-department'" not in body
    assert get(app, "/department?name=" + Q("中共乌鲁木齐市委员会组织部") + "&kind=forecast")[0] == 400


def test_a_report_stored_twice_is_shown_once_not_doubled(tmp_path):
    """A stored duplicate doubled every figure of the department page."""
    import pyoxigraph as ox

    from budgetkg import Settings, ingest

    from .conftest import SAMPLES
    store = tmp_path / "store"
    assert ingest([SAMPLES["004"]], Settings.load(store=store)).written
    graph = DEFAULT_BASE + "report/乌鲁木齐市水磨沟区人民政府办公室/2021/budget"
    copy = graph + "-copy"  # the same report under a second graph, as an older store could hold it

    def moved(term):
        if isinstance(term, ox.NamedNode) and term.value.startswith(graph):
            return ox.NamedNode(copy + term.value[len(graph):])
        return term

    raw = ox.Store(str(store))
    quads = list(raw.quads_for_pattern(None, None, None, ox.NamedNode(graph)))
    raw.extend(ox.Quad(moved(q.subject), q.predicate, moved(q.object), ox.NamedNode(copy)) for q in quads)
    raw.flush()
    del raw
    with Engine(store) as engine:
        app = App(ServeConfig(endpoint=engine.url, base=DEFAULT_BASE))
        status, _, body = get(app, "/department?name=" + Q("水磨沟区"))
    assert status == 200
    assert body.count("<section id='r-2021-budget-department") == 1 and "stored 2 times" in body
    # 004's 部门（单位）支出总体情况表: 合计 5,950,800 — once, never 11,901,600
    assert "11,901,600" not in body and "5,950,800 元" in body


def test_question_parameters_are_checked_with_a_message(app):
    status, _, body = get(app, "/questions/functional?year=twenty")
    assert status == 400 and "year must be a whole number" in body
    assert get(app, "/questions/functional?format=xlsx")[0] == 400
    assert get(app, "/?page=x")[0] == 400


# ------------------------------------------------------------------ pages kept per store (issue 25)
def test_page_made_once_over_the_local_store_read_only(sample_store):
    with Engine(sample_store.path) as engine:
        kept = App(ServeConfig(endpoint=engine.url, base=DEFAULT_BASE, engine=engine))
        first = handle(kept, Request.build("GET", "/departments"))
        assert first.status == 200 and handle(kept, Request.build("GET", "/departments")) is first
        assert handle(kept, Request.build("GET", "/sparql?query=" + Q("ASK {}"))) is not \
            handle(kept, Request.build("GET", "/sparql?query=" + Q("ASK {}")))  # answers are never kept
        # with updates allowed, or fronting another endpoint, the store may change: nothing is kept
        for config in (ServeConfig(endpoint=engine.url, base=DEFAULT_BASE, engine=engine, update_token="t"),
                       ServeConfig(endpoint=engine.url, base=DEFAULT_BASE)):
            other = App(config)
            assert handle(other, Request.build("GET", "/departments")) is not \
                handle(other, Request.build("GET", "/departments"))
