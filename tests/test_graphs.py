"""networkx graphs of the store (issue 13 item 4): built from one query each, answers, exports.

Expected figures are read from the reports: the Putuo office 2025 department budget's 支出总体情况表
prints 201 一般公共服务支出 82,096,797.42, 208 4,213,779.28, 210 1,097,073.43, 221 3,609,125.22
(合计 91,016,775.35); sample 000's 四老金 rests on 乌党发〔2017〕9号 and 乌财行〔2019〕134号 with
预算安排规模 470 万元, and its department 下设 6 个处室 (办公室…, 干部科, …).
"""
from __future__ import annotations

import xml.etree.ElementTree as ET

import networkx as nx
import pytest
from typer.testing import CliRunner

from budgetkg import Settings, ingest
from budgetkg.cli.main import app
from budgetkg.load.store import BudgetStore
from budgetkg.query.graphs import build
from budgetkg.query.graphs.analyse import central_policies, communities, locate, similar

from .conftest import DATA, SAMPLES

runner = CliRunner()
PUTUO = DATA / "pdf" / "putuo_office_2025_budget.pdf"
PUTUO_UNIT = DATA / "pdf" / "putuo_office_2025_unit_budget.pdf"
GRAPHML = "{http://graphml.graphdrawing.org/xmlns}"


@pytest.fixture(scope="module")
def store_path(tmp_path_factory):
    path = tmp_path_factory.mktemp("graph-store")
    result = ingest([*SAMPLES.values(), PUTUO, PUTUO_UNIT], Settings.load(store=path))
    assert result.written and not result.errors
    return path


@pytest.fixture(scope="module")
def store(store_path):
    return BudgetStore(store_path, read_only=True)


def _node(g, label, kind):
    found = [n for n, d in g.nodes(data=True) if d["label"] == label and d["kind"] == kind]
    assert len(found) == 1, (label, found)
    return found[0]


def test_each_graph_is_built_from_one_query(store, monkeypatch):
    import budgetkg.query.graphs.builders as b
    calls = []
    real = b.run_query
    monkeypatch.setattr(b, "run_query", lambda st, q: calls.append(q) or real(st, q))
    for name in ("hierarchy", "spending", "policies"):
        calls.clear()
        assert build(store, name).graph.number_of_nodes() > 0
        assert len(calls) == 1, name


def test_spending_takes_one_report_per_department_never_the_sum_of_department_and_unit_budgets(store):
    g = build(store, "spending", year=2025).graph
    dept = _node(g, "上海市普陀区人民政府办公室", "department")
    assert g.edges[dept, "class:201"]["amount"] == "82096797.42"
    assert g.edges[dept, "class:201"]["weight"] == pytest.approx(82096797.42)
    assert g.edges[dept, "class:208"]["amount"] == "4213779.28"
    assert g.edges[dept, "class:210"]["amount"] == "1097073.43"
    assert g.edges[dept, "class:221"]["amount"] == "3609125.22"
    assert g.nodes[dept]["amount"] == "91016775.35"
    assert not g.edges[dept, "class:201"]["report"].endswith("-unit")  # the department budget, not the unit's
    assert nx.is_bipartite(g)
    assert g.nodes["class:201"]["label"] == "一般公共服务支出"


def test_spending_of_final_accounts_only_holds_final_accounts(store):
    g = build(store, "spending", kind="final").graph
    depts = [d["label"] for _, d in g.nodes(data=True) if d["kind"] == "department"]
    assert depts == ["中共乌鲁木齐市委员会组织部"]  # sample 003, the one final account
    dept = _node(g, depts[0], "department")
    # its narrative: 一般公共服务支出(类)2,208.28 万元 (no expenditure table printed)
    assert g.edges[dept, "class:201"]["amount"] == "22082800"
    assert g.edges[dept, "class:201"]["basis"].startswith("narrative")


def test_policy_documents_ranked_by_the_money_of_their_projects(store):
    answer = central_policies(build(store, "policies").graph, top=None)
    rows = {r[0]: dict(zip(answer.columns, r)) for r in answer.rows}
    for number in ("乌党发〔2017〕9号", "乌财行〔2019〕134号"):
        assert rows[number]["amount"] == "4700000"
        assert rows[number]["projects"] == "1" and rows[number]["departments"] == "1"
    amounts = [int(r[2].split(".")[0] or 0) for r in answer.rows]
    assert amounts == sorted(amounts, reverse=True)


def test_policy_graph_runs_policy_to_project_to_department(store):
    g = build(store, "policies").graph
    policy = _node(g, "乌党发〔2017〕9号", "policy")
    (project,) = list(g.successors(policy))
    assert g.nodes[project]["label"] == "四老金" and g.nodes[project]["amount"] == "4700000"
    (dept,) = list(g.successors(project))
    assert g.nodes[dept]["label"] == "中共乌鲁木齐高新技术产业开发区（乌鲁木齐市新市区）委员会组织部"


def test_a_unit_is_located_under_its_department_with_its_siblings(store):
    answer = locate(build(store, "hierarchy").graph, "干部科")
    (row,) = [dict(zip(answer.columns, r)) for r in answer.rows]
    assert row["path"] == "中共乌鲁木齐高新技术产业开发区（乌鲁木齐市新市区）委员会组织部 › 干部科"
    assert row["relation"] == "internal" and row["depth"] == "1"
    assert row["siblings"] == "5"  # 下设 6 个处室


def test_departments_with_similar_profiles_share_a_community(store):
    g = build(store, "spending").graph
    answer = communities(g)
    by_dept = {r[1]: r[0] for r in answer.rows}
    assert len(by_dept) == g.number_of_nodes() - sum(1 for _, d in g.nodes(data=True) if d["kind"] == "class")
    # two offices spending almost only on 201 一般公共服务 fall together
    assert by_dept["上海市普陀区人民政府办公室"] == by_dept["乌鲁木齐市水磨沟区人民政府办公室"]
    sim = similar(g, "普陀区人民政府办公室", top=3)
    assert sim.rows and all(r[0] == "上海市普陀区人民政府办公室" for r in sim.rows)
    assert all(0 <= float(r[2]) <= 1.0001 for r in sim.rows)


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
@pytest.mark.parametrize("name", ["hierarchy", "spending", "policies"])
def test_exports_read_back_in_networkx(store_path, tmp_path, name, fmt):
    out = tmp_path / f"g.{fmt}"
    result = runner.invoke(app, ["graph", "export", name, "--format", fmt, "-o", str(out),
                                 "--store", str(store_path)])
    assert result.exit_code == 0, result.output
    back = nx.read_graphml(out) if fmt == "graphml" else nx.read_gexf(out)
    g = build(BudgetStore(store_path, read_only=True), name).graph
    assert (back.number_of_nodes(), back.number_of_edges()) == (g.number_of_nodes(), g.number_of_edges())
    if fmt == "graphml":
        root = ET.parse(out).getroot()
        assert root.tag == f"{GRAPHML}graphml"
        assert len(root.findall(f"{GRAPHML}graph/{GRAPHML}node")) == g.number_of_nodes()
    if name == "spending":
        amounts = {d["amount"] for _, _, d in back.edges(data=True)}
        assert "82096797.42" in amounts  # the exact decimal survives the file


def test_graph_cli_answers_and_refuses_unknown_names(store_path):
    s = ["--store", str(store_path)]
    result = runner.invoke(app, ["graph", "policies", "-f", "csv", *s])
    assert result.exit_code == 0
    assert result.output.splitlines()[0] == "document,title,amount,projects,unpriced,departments"
    result = runner.invoke(app, ["graph", "unit", "干部科", "-f", "csv", *s])
    assert "委员会组织部 › 干部科" in result.output
    result = runner.invoke(app, ["graph", "export", "nonsense", *s])
    assert result.exit_code == 2 and "no graph named 'nonsense'" in result.output
    result = runner.invoke(app, ["graph", "export", "spending", "-f", "dot", *s])
    assert result.exit_code == 2 and "unknown graph format" in result.output


def test_every_package_is_listed_for_non_editable_installs():
    import tomllib
    from pathlib import Path
    root = Path(__file__).resolve().parent.parent
    from setuptools import find_packages
    pyproject = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))
    include = pyproject["tool"]["setuptools"]["packages"]["find"]["include"]
    listed = set(find_packages(str(root), include=include))
    found = {".".join(p.parent.relative_to(root).parts) for p in (root / "budgetkg").rglob("__init__.py")}
    assert found <= listed


def test_graph_answers_print_as_fitted_tables_in_chinese(store_path):
    result = runner.invoke(app, ["graph", "communities", "--lang", "zh", "--store", str(store_path)],
                           env={"COLUMNS": "90"})
    assert result.exit_code == 0, result.output
    assert result.output.split()[:2] == ["群组", "部门"] and "合计（元）" in result.output
