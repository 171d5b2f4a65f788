"""The label index beside a store (budgetkg.load.label_index): a department text finds the same
search labels through it as by scanning the store, and it follows every write — ingest, remove,
and a write that did not sync it (a bulk load by another path)."""
from __future__ import annotations

import pyoxigraph as ox
import pytest

from budgetkg import Settings, ingest
from budgetkg.errors import QueryError
from budgetkg.load.label_index import all_labels, in_step, index_path, matching_labels
from budgetkg.load.maintenance import remove_reports
from budgetkg.load.store import BudgetStore
from budgetkg.query.questions import LOOKUP_COLUMN, ask, run_query, scan_labels
from tests.conftest import SAMPLES


def _scan(store):
    return scan_labels(lambda q: [s[LOOKUP_COLUMN].value for s in run_query(store, q, guard=False)])


@pytest.mark.parametrize("texts", [["组织部"], ["乌鲁木齐"], ["水磨沟"], ["委"], ["区委", "政府办公室"],
                                   ["不存在的部门"], ['"组织部']])
def test_a_department_text_finds_the_same_labels_through_the_index_as_by_scanning(sample_store, texts):
    path = in_step(sample_store)
    assert path == index_path(sample_store.path)
    assert matching_labels(path, texts) == _scan(sample_store)(texts)


def test_every_distinct_label_is_in_the_index(sample_store):
    assert sorted(all_labels(in_step(sample_store))) == _scan(sample_store)([""])


def test_remove_and_a_load_that_did_not_sync_the_index_are_both_followed(tmp_path):
    # 000 is the report of 中共乌鲁木齐市委组织部 (its cover), 001 another department
    store, other = tmp_path / "s", tmp_path / "o"
    assert ingest([SAMPLES["000"], SAMPLES["001"]], Settings.load(store=store)).written
    with BudgetStore(store, read_only=True) as s:
        assert ask(s, "reports", department="组织部").rows
    remove_reports(store, [SAMPLES["000"].name], notify=lambda _: None)
    with BudgetStore(store, read_only=True) as s, pytest.raises(QueryError, match="no department"):
        ask(s, "reports", department="组织部")
    # the report written back by a plain bulk load, which no index sync follows
    assert ingest([SAMPLES["000"]], Settings.load(store=other)).written
    with BudgetStore(other, read_only=True) as o:
        quads = [q for q in o.quads() if "/report/" in q.graph_name.value]
    raw = ox.Store(str(store))
    raw.bulk_load(ox.serialize(quads, format=ox.RdfFormat.N_QUADS), ox.RdfFormat.N_QUADS)
    raw.flush()
    del raw
    with BudgetStore(store, read_only=True) as s:
        rows = ask(s, "reports", department="组织部").rows
    assert [r[0] for r in rows] == [SAMPLES["000"].name]
