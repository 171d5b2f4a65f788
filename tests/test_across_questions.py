"""Questions across reports on large stores (issue 12): the department resolved first to every
report of its organisations, and the class figures (``bkg:ClassFigure``) the questions over many
reports read instead of every row of every table."""
from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest

from budgetkg.check.read import read_report
from budgetkg.config import DEFAULT_BASE
from budgetkg.errors import QueryError
from budgetkg.load.pipeline import report_quads
from budgetkg.load.store import BudgetStore
from budgetkg.query.questions import (
    LOOKUP_COLUMN,
    ask,
    bind,
    department_texts,
    get_question,
    list_questions,
    prepare,
    run_query,
    run_select,
)
from budgetkg.rdf.vocab import BKG
from tests.corpus import SHARED

from .conftest import SAMPLES

ROOT = Path(__file__).resolve().parent.parent
CORPUS = (SHARED / "corpus")

#: The rule the questions across reports applied to every row before the reports carried their
#: class figures: each report's best table that prints classes (expenditure, else summary, else
#: general public: the first with a 3-digit row that has a total), its 3-digit line/aggregate rows —
#: printed rows: 类 rows budgetkg derived from 项 rows (bkg:derived) count only where no table prints
#: any, which none of these reports is.
BEST_TABLE_RULE = """PREFIX bkg: <https://w3id.org/budgetkg/ontology#>
PREFIX tk: <https://w3id.org/budgetkg/codes/table/>
PREFIX col: <https://w3id.org/budgetkg/codes/column/>
PREFIX obeu-measure: <http://data.openbudgets.eu/ontology/dsd/measure/>
SELECT ?row ?code ?amount WHERE {
    { SELECT ?report (MIN(?rank) AS ?best) WHERE {
        VALUES (?tk ?rank) { (tk:expenditure 1) (tk:summary 2) (tk:general-public 3) }
        ?table bkg:report ?report ; bkg:tableKind ?tk .
        ?r bkg:table ?table ; bkg:code ?c . FILTER(STRLEN(?c) = 3)
        ?o bkg:row ?r ; bkg:column col:total . FILTER NOT EXISTS { ?o bkg:derived true }
      } GROUP BY ?report }
    VALUES (?tk2 ?rank2) { (tk:expenditure 1) (tk:summary 2) (tk:general-public 3) }
    FILTER(?rank2 = ?best)
    ?table2 bkg:report ?report ; bkg:tableKind ?tk2 .
    ?row bkg:table ?table2 ; bkg:code ?code ; bkg:rowRole ?role .
    FILTER(STRLEN(?code) = 3 && ?role IN ("line", "aggregate"))
    ?obs bkg:row ?row ; bkg:column col:total ; obeu-measure:amount ?amount .
    FILTER NOT EXISTS { ?obs bkg:derived true } }"""
FIGURES = """PREFIX bkg: <https://w3id.org/budgetkg/ontology#>
PREFIX obeu-measure: <http://data.openbudgets.eu/ontology/dsd/measure/>
SELECT ?row ?code ?amount WHERE { ?f a bkg:ClassFigure ; bkg:row ?row ; bkg:code ?code ; obeu-measure:amount ?amount }"""


def _rows(store: ox.Store, sparql: str) -> list[tuple[str, ...]]:
    return sorted(tuple(t.value for t in sol) for sol in store.query(sparql, use_default_graph_as_union=True))


def _reports():
    files = list(SAMPLES.values())
    if CORPUS.is_dir():   # reports of other regions and kinds (summary-table classes, final accounts)
        files += sorted((CORPUS / "series").glob("*.pdf"))[:4] + sorted((CORPUS / "regions").glob("*.pdf"))[:3]
    return files


@pytest.mark.parametrize("path", _reports(), ids=lambda p: p.name)
def test_class_figures_are_the_rows_the_best_table_rule_selects(path):
    _graph, quads = report_quads(read_report(path), DEFAULT_BASE)
    store = ox.Store()
    store.extend(quads)
    assert _rows(store, FIGURES) == _rows(store, BEST_TABLE_RULE)


def test_class_figures_of_a_sample_point_to_its_expenditure_rows():
    _graph, quads = report_quads(read_report(SAMPLES["000"]), DEFAULT_BASE)
    store = ox.Store()
    store.extend(quads)
    figures = {code: amount for _, code, amount in _rows(store, FIGURES)}
    # 000, line 469: "201 一般公共服务支出 2,624.60 485.58 2,139.02" (万元)
    assert figures["201"] == "26246000"
    assert all("/table/expenditure/" in row for row, _, _ in _rows(store, FIGURES))


def _select(store):
    return lambda sparql: [s[LOOKUP_COLUMN].value for s in run_query(store, sparql, guard=False)]


def assert_resolving_first_answers_as_the_single_query(store, cases) -> None:
    """prepare() (the department resolved to its organisations' reports, bound with VALUES) and
    bind() (one query with the parameter filters) answer every question across reports alike."""
    select = _select(store)
    for q in (q for q in list_questions() if q.across):
        for params in cases:
            fast = prepare(q, params, select)
            if "department" in params and fast is not None:
                assert "VALUES ?report" in fast and "# begin reports" not in fast, q.name
            single = run_select(store, bind(q, params), q.columns, guard=False).rows
            answer = () if fast is None else run_select(store, fast, q.columns, guard=False).rows
            assert sorted(answer) == sorted(single), (q.name, params)


def test_across_questions_resolved_first_answer_as_the_single_query(sample_store):
    assert_resolving_first_answers_as_the_single_query(sample_store, (
        {"department": "组织部"}, {"department": "办公室", "year": 2021}, {"department": "组织部，办公室"},
        {"year": 2021}, {"department": "不存在的部门"}))


def test_a_department_list_is_split_at_its_commas():
    compare = get_question("compare")
    assert department_texts(compare, " 人大， 省委 办公厅,,") == ["人大", "省委办公厅"]
    assert department_texts(get_question("trend"), "人大，省委") == ["人大，省委"]


def test_questions_reading_class_figures_refuse_a_store_written_without_them(tmp_path):
    _graph, quads = report_quads(read_report(SAMPLES["000"]), DEFAULT_BASE)
    old = [q for q in quads if "/class-figure" not in q.subject.value]
    with BudgetStore(tmp_path / "store") as store:
        store.store.extend(old)
    with BudgetStore(tmp_path / "store", read_only=True) as store:
        with pytest.raises(QueryError, match="older budgetkg"):
            ask(store, "trend")
        assert ask(store, "reports").rows   # the other questions read what is there


def test_generated_store_links_each_department_year_to_the_year_before(tmp_path):
    sys.path.insert(0, str(ROOT / "bench"))
    import gen_store
    sources = tmp_path / "src"
    sources.mkdir()
    shutil.copy(SAMPLES["003"], sources)   # its organisation's key is a short form of its name
    gen_store.generate(tmp_path / "store", 6, sources=[sources], years=3)
    with BudgetStore(tmp_path / "store", read_only=True) as store:
        links = {(s["a"].value.split("/report/")[1], s["b"].value.split("/report/")[1]) for s in run_query(
            store, f"SELECT ?a ?b WHERE {{ GRAPH ?a {{ ?a <{BKG.previousYearReport.value}> ?b . "
                   f"?b <{BKG.nextYearReport.value}> ?a }} }}")}
        assert len(links) == 4   # two departments, 2023→2022 and 2024→2023
        # every copy is a department of its own: one organisation per copy prefix
        orgs = {s["org"].value for s in run_query(store, f"SELECT DISTINCT ?org WHERE {{ ?r <{BKG.department.value}> ?org }}")}
        assert len(orgs) == 2 and all("样本000" in org for org in orgs)
        assert all(a.split("/")[0] == b.split("/")[0] and int(a.split("/")[1]) == int(b.split("/")[1]) + 1
                   for a, b in links)
        # a department's largest changes are between its own years (the copies are alike: no change)
        rows = ask(store, "top-changes", department="样本0001").rows
        assert rows and {r[0] for r in rows} == {r[0] for r in rows[:1]} and all(r[7] == "0" for r in rows)
