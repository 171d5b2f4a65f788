"""The per-report summaries beside a store (budgetkg.load.summary_index): a question asked of the
whole store answers from them exactly what its SPARQL answers, they follow every write (ingest,
remove, a bulk load by another path), and without them the SPARQL answers."""
from __future__ import annotations

from decimal import Decimal

import pyoxigraph as ox
import pytest

from budgetkg import Settings, ingest
from budgetkg.load import summary_index
from budgetkg.load.maintenance import remove_reports
from budgetkg.load.store import BudgetStore
from budgetkg.query.questions import ask, bind, get_question, list_questions, ordered, run_select, summary_answer
from budgetkg.rdf.terms import sort_key
from tests.conftest import SAMPLES


def _sparql(store, name):
    q = get_question(name)
    return ordered(q, run_select(store, bind(q, {}), q.columns, guard=False))


def test_the_summarised_questions_are_reports_and_three_public():
    assert sorted(q.name for q in list_questions() if q.summary) == ["reports", "three-public"]
    assert sorted(summary_index.summarised()) == ["reports", "three-public"]


@pytest.mark.parametrize("name", ["reports", "three-public"])
def test_a_whole_store_question_from_the_summaries_is_its_sparql_answer(sample_store, name):
    summarised = summary_answer(sample_store, get_question(name))
    assert summarised is not None and summarised.rows
    assert ordered(get_question(name), summarised) == _sparql(sample_store, name)
    assert ask(sample_store, name) == _sparql(sample_store, name)


def test_the_summaries_follow_remove_and_a_load_that_did_not_sync_them(tmp_path):
    store, other = tmp_path / "s", tmp_path / "o"
    assert ingest([SAMPLES["000"], SAMPLES["001"]], Settings.load(store=store)).written
    with BudgetStore(store, read_only=True) as s:
        assert sorted(r[0] for r in ask(s, "reports").rows) == [SAMPLES["000"].name, SAMPLES["001"].name]
    remove_reports(store, [SAMPLES["000"].name], notify=lambda _: None)
    with BudgetStore(store, read_only=True) as s:
        assert [r[0] for r in ask(s, "reports").rows] == [SAMPLES["001"].name]
        assert [r[0] for r in ask(s, "three-public").rows] == [r[0] for r in _sparql(s, "three-public").rows]
    # the report written back by a plain bulk load, which no index sync follows
    assert ingest([SAMPLES["000"]], Settings.load(store=other)).written
    with BudgetStore(other, read_only=True) as o:
        quads = [q for q in o.quads() if "/report/" in q.graph_name.value]
    raw = ox.Store(str(store))
    raw.bulk_load(ox.serialize(quads, format=ox.RdfFormat.N_QUADS), ox.RdfFormat.N_QUADS)
    raw.flush()
    del raw
    with BudgetStore(store, read_only=True) as s:
        assert sorted(r[0] for r in ask(s, "reports").rows) == [SAMPLES["000"].name, SAMPLES["001"].name]
        for name in ("reports", "three-public"):
            assert ask(s, name) == _sparql(s, name)


def test_without_a_store_folder_the_question_runs_its_sparql(sample_store):
    memory = ox.Store()
    memory.extend(sample_store.quads())
    assert summary_answer(memory, get_question("reports")) is None
    assert ask(memory, "reports") == _sparql(sample_store, "reports")


def test_a_summary_index_of_another_version_is_made_again(tmp_path):
    store = tmp_path / "s"
    assert ingest([SAMPLES["001"]], Settings.load(store=store)).written
    import sqlite3
    path = summary_index.index_path(store)
    with sqlite3.connect(path) as conn:  # as an older budgetkg left it: other columns, other version
        conn.execute("DROP TABLE rows")
        conn.execute("CREATE TABLE rows(question TEXT, graph TEXT, row TEXT)")
        conn.execute("UPDATE meta SET value='0' WHERE key='version'")
    with BudgetStore(store, read_only=True) as s:
        assert ask(s, "reports") == _sparql(s, "reports")


@pytest.mark.parametrize("text", [
    "# summary: per report\nSELECT DISTINCT ?a WHERE { # begin reports\n # end reports\n }",
    "# summary: per report\nSELECT ?a WHERE { # begin reports\n # end reports\n } LIMIT 100",
    "# summary: per report\nSELECT ?a WHERE { ?a ?b ?c }",
    "# summary: per report\nSELECT ?a WHERE { # begin reports\n # end reports\n }\nORDER BY DESC(?a)",
])
def test_a_question_whose_answer_is_not_the_union_of_its_reports_answers_is_refused(text):
    with pytest.raises(ValueError, match="summarised question"):
        summary_index.check_summarised("q", text)


def test_sort_keys_order_rows_as_sparql_orders_them():
    integer = ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")
    decimal = ox.NamedNode("http://www.w3.org/2001/XMLSchema#decimal")
    terms = [None, ox.NamedNode("http://a/"), ox.NamedNode("http://a/b"),
             ox.Literal("-10.5", datatype=decimal), ox.Literal("-2", datatype=integer),
             ox.Literal("0", datatype=integer), ox.Literal("9", datatype=integer),
             ox.Literal("10", datatype=integer), ox.Literal("a"), ox.Literal("a\x00"), ox.Literal("ab"),
             ox.Literal("乙")]
    assert sorted(terms, key=lambda t: sort_key([t])) == terms
    # the first term decides before the second
    assert sort_key([ox.Literal("a"), ox.Literal("z")]) < sort_key([ox.Literal("ab"), ox.Literal("a")])
    assert Decimal("-10.5") < Decimal("-2")  # (the order the numbers above are listed in)


def test_serve_answers_from_the_summaries_and_the_label_index_what_its_engine_answers(sample_store, monkeypatch):
    from budgetkg.config import DEFAULT_BASE
    from budgetkg.load import label_index
    from budgetkg.serve.app import App, ServeConfig, handle
    from budgetkg.serve.engine import Engine
    from budgetkg.serve.web import Request
    summary_index.sync_store(sample_store)  # in step (ingest synced it; other tests may have asked since)
    read = []
    for module, name in ((summary_index, "answer_rows"), (label_index, "matching_labels"), (label_index, "all_labels")):
        real = getattr(module, name)
        monkeypatch.setattr(module, name, lambda *a, real=real, name=name: read.append(name) or real(*a))
    with Engine(sample_store.path) as engine:
        served = App(ServeConfig(endpoint=engine.url, base=DEFAULT_BASE, engine=engine))
        fronting = App(ServeConfig(endpoint=engine.url, base=DEFAULT_BASE))  # as for another endpoint
        assert served.store_folder() == sample_store.path and fronting.store_folder() is None
        assert summary_index.current(sample_store.path) is not None
        for target in ("/questions/reports?format=csv", "/questions/three-public?format=csv",
                       "/questions/reports?format=csv&department=%E7%BB%84%E7%BB%87%E9%83%A8",
                       "/questions/trend?format=csv&department=%E7%BB%84%E7%BB%87%E9%83%A8",
                       "/ask?q=%E7%BB%84%E7%BB%87%E9%83%A82021%E5%B9%B4%E4%B8%89%E5%85%AC%E7%BB%8F%E8%B4%B9"):
            answers = [handle(app, Request.build("GET", target, {"Accept": "text/csv"})) for app in (served, fronting)]
            assert answers[0].status == answers[1].status == 200, target
            assert answers[0].body == answers[1].body, target
        assert sorted(set(read)) == ["all_labels", "answer_rows", "matching_labels"]
        rows = handle(served, Request.build("GET", "/questions/reports?format=csv", {})).body.decode()
        assert rows.count("\n") == 1 + len(ask(sample_store, "reports").rows)
