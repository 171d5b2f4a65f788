"""The store: deterministic, idempotent re-ingest, atomic replace, nothing half-written."""
from __future__ import annotations

import shutil

import pytest

from budgetkg import Settings, ingest
from budgetkg.errors import StoreError
from budgetkg.load.store import BudgetStore
from budgetkg.query.questions import ask
from budgetkg.rdf.iris import Minter

from .conftest import SAMPLES


def _dump(path) -> set[str]:
    store = BudgetStore(path, read_only=True)
    return {str(q) for q in store.quads()}


def test_reingest_gives_identical_triples(tmp_path):
    settings = Settings.load(store=tmp_path / "s")
    ingest([SAMPLES["000"]], settings)
    first = _dump(settings.store)
    ingest([SAMPLES["000"]], settings)
    assert _dump(settings.store) == first


def test_same_department_in_two_reports_is_one_resource(sample_store):
    rows = list(sample_store.query(
        'SELECT DISTINCT ?d WHERE { ?r <https://w3id.org/budgetkg/ontology#department> ?d }'))
    assert len(rows) == 5  # five reports, five departments
    minter = Minter(Settings.load().base)
    assert minter.organization("中共某区委员会 组织部") == minter.organization("中共某区委员会组织部")


def test_reingest_replaces_the_reports_graph(tmp_path):
    report = tmp_path / "r" / SAMPLES["004"].name
    report.parent.mkdir()
    shutil.copy(SAMPLES["004"], report)
    settings = Settings.load(store=tmp_path / "s")
    ingest([report], settings)
    text = report.read_text(encoding="utf-8").replace("包联工作经费\t20\t", "包联工作经费\t21\t")
    report.write_text(text, encoding="utf-8")
    ingest([report], settings)
    store = BudgetStore(settings.store, read_only=True)
    amounts = [r[3] for r in ask(store, "projects").rows if r[2] == "包联工作经费"]
    assert amounts == ["210000"]  # the old 200000 is gone, not kept beside the new value
    assert not [g for g in store.graphs() if g.value.endswith("#staging")]


def test_failed_write_leaves_the_store_as_it_was(tmp_path, monkeypatch):
    settings = Settings.load(store=tmp_path / "s")
    ingest([SAMPLES["000"], SAMPLES["001"]], settings)
    before = _dump(settings.store)

    class Failing:
        def __init__(self, inner):
            self.inner = inner

        def update(self, *a, **k):
            raise OSError("disk full (simulated)")

        def __getattr__(self, name):
            return getattr(self.inner, name)

        def __contains__(self, item):
            return item in self.inner

    original_init = BudgetStore.__init__

    def failing_init(self, *a, **k):
        original_init(self, *a, **k)
        self.store = Failing(self.store)

    monkeypatch.setattr(BudgetStore, "__init__", failing_init)
    with pytest.raises(StoreError, match="disk full"):
        ingest([SAMPLES["000"]], settings)
    monkeypatch.undo()
    # the swap could not run, so the staged batch is still there: a reader refuses to mix it in
    with pytest.raises(StoreError, match="unfinished write"):
        BudgetStore(settings.store, read_only=True)
    with BudgetStore(settings.store) as writer:  # a writer finishes it (the same report: same triples)
        assert writer.notices
    assert _dump(settings.store) == before
    assert not [g for g in BudgetStore(settings.store, read_only=True).store.named_graphs()
                if g.value.endswith("#staging")]


def test_a_bad_file_in_the_batch_writes_nothing(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"")
    settings = Settings.load(store=tmp_path / "s")
    result = ingest([SAMPLES["000"], bad], settings)
    assert result.errors and not result.written
    assert not (tmp_path / "s").exists() or len(BudgetStore(tmp_path / "s", read_only=True)) == 0
    result = ingest([SAMPLES["000"], bad], settings, keep_going=True)
    assert result.written and len(result.reports) == 1


def test_unknown_code_is_added_with_the_reports_label_and_marked(tmp_path):
    text = SAMPLES["004"].read_text(encoding="utf-8").replace(
        "208\t02\t08\t基层政权建设和社区治理\t4.29", "208\t02\t77\t试验性科目\t4.29")
    p = tmp_path / "x.txt"
    p.write_text(text, encoding="utf-8")
    settings = Settings.load(store=tmp_path / "s")
    ingest([p], settings)
    store = BudgetStore(settings.store, read_only=True)
    rows = list(store.query("""
        PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        SELECT ?label ?listed ?broader WHERE {
          <https://w3id.org/budgetkg/codes/functional/2080277> skos:prefLabel ?label ;
             <https://w3id.org/budgetkg/ontology#listedInCodeList> ?listed ; skos:broader ?broader }"""))
    assert [(r["label"].value, r["listed"].value, r["broader"].value) for r in rows] == [
        ("试验性科目", "false", "https://w3id.org/budgetkg/codes/functional/20802")]
