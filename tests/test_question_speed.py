"""Questions on large stores (issue 12): parameters resolved first, the per-report summary,
and the benchmark store generator. Expected figures are read from the sample reports."""
from __future__ import annotations

import shutil
import sys
from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox
import pytest

from budgetkg.check.read import read_report
from budgetkg.config import DEFAULT_BASE
from budgetkg.load.pipeline import report_quads
from budgetkg.query.questions import LOOKUP_COLUMN, ask, bind, list_questions, prepare, run_query, run_select
from budgetkg.rdf.vocab import BKG, OBEU_MEASURE
from budgetkg.text.names import search_form, search_labels

from .conftest import SAMPLES

ROOT = Path(__file__).resolve().parent.parent
ORG_DEPT = "中共乌鲁木齐高新技术产业开发区（乌鲁木齐市新市区）委员会组织部"  # 000's department, as printed


def _select_reports(store):
    return lambda sparql: [s[LOOKUP_COLUMN].value for s in run_query(store, sparql, guard=False)]


def _departments(store, **params) -> list[str]:
    return sorted({row[1] for row in ask(store, "reports", **params).rows})


def test_department_text_still_matches_any_part_of_the_name(sample_store):
    everything = ask(sample_store, "reports").rows
    rows = ask(sample_store, "reports", department="组织部").rows
    assert rows and sorted(rows) == sorted(r for r in everything if "组织部" in r[1])
    assert ORG_DEPT in _departments(sample_store, department="组织部")
    assert _departments(sample_store, department="新市区）委员会组织") == [ORG_DEPT]


def test_department_text_matches_an_alternative_name(sample_store):
    # 000 prints 公务员局 as its department's other name (the 公务员局 is the 组织部 itself)
    assert _departments(sample_store, department="公务员局") == [ORG_DEPT]


def test_department_text_is_compared_in_search_form(sample_store):
    """Spaces, half-width brackets and the short form 委 (for 委员会) find the same department."""
    for text in ("中共乌鲁木齐高新技术产业开发区(乌鲁木齐市新市区)委员会组织部",
                 "中共乌鲁木齐高新技术产业开发区 （乌鲁木齐市新市区） 委员会 组织部",
                 "中共乌鲁木齐高新技术产业开发区（乌鲁木齐市新市区）委组织部"):
        assert _departments(sample_store, department=text) == [ORG_DEPT], text


def test_year_and_department_together_select_the_intersection(sample_store):
    years = {r[2] for r in ask(sample_store, "reports").rows}
    for year in years:
        rows = ask(sample_store, "reports", year=int(year)).rows
        assert rows and {r[2] for r in rows} == {year}
    (org_year,) = {r[2] for r in ask(sample_store, "reports", department=ORG_DEPT).rows}
    assert len(ask(sample_store, "reports", department=ORG_DEPT, year=int(org_year)).rows) == 1
    other = next(y for y in years if y != org_year)
    assert ask(sample_store, "reports", department=ORG_DEPT, year=int(other)).rows == ()


def test_no_matching_report_answers_empty_with_the_columns(sample_store):
    q = next(q for q in list_questions() if q.name == "functional")
    assert prepare(q, {"department": "组织部", "year": 1999}, _select_reports(sample_store)) is None
    answer = ask(sample_store, "functional", department="组织部", year=1999)
    assert answer.rows == () and answer.columns == q.columns


def test_a_department_filter_that_matches_nothing_says_so(sample_store):
    from budgetkg.errors import QueryError
    q = next(q for q in list_questions() if q.name == "functional")
    assert prepare(q, {"department": "不存在的部门"}, _select_reports(sample_store)) is None
    with pytest.raises(QueryError, match="no department in the store matches '不存在的部门'"):
        ask(sample_store, "functional", department="不存在的部门")


def test_quotes_in_the_department_text_are_data_not_sparql(sample_store):
    from budgetkg.errors import QueryError
    with pytest.raises(QueryError, match="no department in the store matches"):
        ask(sample_store, "reports", department='组织部" } } DROP ALL #')


def test_resolving_first_gives_the_answers_of_the_single_query(sample_store):
    """prepare() (reports looked up first, bound with VALUES) and bind() (one query with the
    parameter filters) answer every question alike."""
    select = _select_reports(sample_store)
    for q in (q for q in list_questions() if not q.across):
        for params in ({"department": "组织部"}, {"department": "办公室", "year": 2021}, {"year": 2020}):
            fast = prepare(q, params, select)
            assert fast is not None and "VALUES ?report" in fast and "# begin reports" not in fast
            single = run_select(sample_store, bind(q, params), q.columns, guard=False).rows
            assert sorted(run_select(sample_store, fast, q.columns, guard=False).rows) == sorted(single), \
                (q.name, params)


def test_every_question_carries_the_reports_block_or_reads_across_reports():
    for q in list_questions():
        assert q.across or ("# begin reports" in q.sparql and "# end reports" in q.sparql), q.name
    # the questions over years and departments say so (their year or department list is no report set)
    assert {q.name for q in list_questions() if q.across} == {
        "trend", "execution", "top-changes", "compare", "project-history"}


def test_search_labels_hold_the_normalised_names_and_short_forms():
    assert search_form(" 中共X市委员会(组织部) ") == "中共x市委员会（组织部）"
    assert search_labels(["中共X市委员会组织部"]) == ["中共x市委员会组织部", "中共x市委组织部"]


def test_the_report_summary_repeats_its_department_and_totals():
    report = read_report(SAMPLES["000"])
    graph, quads = report_quads(report, DEFAULT_BASE)
    on_report = {(q.predicate, q.object) for q in quads if q.subject == graph}
    assert (BKG.departmentLabel, ox.Literal(ORG_DEPT, language="zh")) in on_report
    assert (BKG.searchLabel, ox.Literal(search_form(ORG_DEPT))) in on_report
    totals = {p.value.rsplit("#", 1)[1]: Decimal(o.value) for p, o in on_report
              if p in (BKG.totalIncome, BKG.totalExpenditure)}
    stated = {t.key: t.amount.yuan for t in report.totals}
    assert totals == {"totalIncome": stated["income"], "totalExpenditure": stated["expenditure"]}


def test_class_totals_copy_the_three_digit_rows_of_the_expenditure_table():
    _graph, quads = report_quads(read_report(SAMPLES["000"]), DEFAULT_BASE)
    store = ox.Store()
    store.extend(quads)
    rows = {s["code"].value: Decimal(s["amount"].value) for s in store.query(
        """PREFIX bkg: <https://w3id.org/budgetkg/ontology#>
        PREFIX m: <http://data.openbudgets.eu/ontology/dsd/measure/>
        PREFIX col: <https://w3id.org/budgetkg/codes/column/>
        SELECT ?code ?amount WHERE { GRAPH ?g { ?c a bkg:ClassTotal ; bkg:code ?code ; m:amount ?amount ;
          bkg:row ?row . ?o bkg:row ?row ; bkg:column col:total ; m:amount ?amount } }""")}
    classes = [q for q in quads if q.predicate == BKG.code and "/class-total/" in q.subject.value]
    assert len(rows) == len(classes)
    # 000, line 469: "201 一般公共服务支出 2,624.60 485.58 2,139.02" (万元)
    assert rows["201"] == Decimal("26246000")
    assert all(len(code) == 3 for code in rows)
    assert all(q.predicate != OBEU_MEASURE.amount or q.object.value for q in quads)


def test_generated_store_replicates_a_report_under_other_departments_and_years(tmp_path):
    sys.path.insert(0, str(ROOT / "bench"))
    import gen_store
    sources = tmp_path / "src"
    sources.mkdir()
    shutil.copy(SAMPLES["000"], sources)
    store_path = tmp_path / "store"
    meta = gen_store.generate(store_path, 4, sources=[sources], years=2)
    assert meta["reports"] == 4 and not meta["cached"]
    assert gen_store.generate(store_path, 4, sources=[sources], years=2)["cached"]
    from budgetkg.load.store import BudgetStore
    with BudgetStore(store_path, read_only=True) as store:
        reports = ask(store, "reports").rows
        assert sorted((r[1], r[2]) for r in reports) == [
            ("样本0000" + ORG_DEPT, "2023"), ("样本0000" + ORG_DEPT, "2024"),
            ("样本0001" + ORG_DEPT, "2023"), ("样本0001" + ORG_DEPT, "2024")]
        assert len({r[0] for r in reports}) == 4
        one = ask(store, "functional", department="样本0001", year=2024).rows
        original = report_quads(read_report(SAMPLES["000"]), DEFAULT_BASE)[1]
        rows_in_source = sum(1 for q in original if q.predicate == BKG.rowRole and "/table/expenditure/" in q.subject.value
                             and q.object.value in ("line", "aggregate", "detail"))
        assert len(one) == rows_in_source > 0


def test_a_store_without_report_summaries_is_refused_not_answered_empty(tmp_path):
    """A store written before reports carried search labels would answer every department
    question with nothing; the question says why instead."""
    from budgetkg.errors import QueryError
    graph, quads = report_quads(read_report(SAMPLES["004"]), DEFAULT_BASE)
    from budgetkg.load.store import BudgetStore
    with BudgetStore(tmp_path / "old") as store:
        store.replace_graphs({graph: [q for q in quads if q.predicate not in (BKG.searchLabel, BKG.departmentLabel)]})
    with BudgetStore(tmp_path / "old", read_only=True) as store, pytest.raises(QueryError, match="older budgetkg"):
        ask(store, "functional", department="办公室")


def test_a_class_printed_on_two_rows_has_no_class_total_and_says_so():
    """The summary copies a 类 row only when the expenditure table prints it once; a class printed
    twice is named (bkg:classTotalOmitted) so graphs built from summaries can say they left it out."""
    from dataclasses import replace

    from budgetkg.model.report import TableKind
    report = read_report(SAMPLES["000"])
    tables = list(report.tables)
    i = next(k for k, t in enumerate(tables) if t.kind is TableKind.EXPENDITURE)
    first = next(r for r in tables[i].rows if r.code and len(r.code) == 3)
    tables[i] = replace(tables[i], rows=(*tables[i].rows, replace(first, index=len(tables[i].rows))))
    graph, quads = report_quads(replace(report, tables=tuple(tables)), DEFAULT_BASE)
    omitted = {q.object.value for q in quads if q.subject == graph and q.predicate == BKG.classTotalOmitted}
    assert omitted == {first.code}
    assert not [q for q in quads if q.subject.value.endswith(f"/class-total/{first.code}")]
