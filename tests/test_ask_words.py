"""Questions typed in words (issue 24): thirty questions an analyst would type, written before the
code (tests/golden/ask/questions.csv), each understood as intended over a store of data/."""
from __future__ import annotations

import csv
from pathlib import Path

import pytest
from typer.testing import CliRunner

from budgetkg import Settings, ingest
from budgetkg.cli.main import app
from budgetkg.errors import QueryError
from budgetkg.load.store import BudgetStore
from budgetkg.query.questions import ask
from budgetkg.query.understand import ask_text, store_labels, understand

ROOT = Path(__file__).resolve().parent.parent
CASES = list(csv.DictReader((ROOT / "tests/golden/ask/questions.csv").open(encoding="utf-8")))


@pytest.fixture(scope="module")
def demo_store(tmp_path_factory):
    path = tmp_path_factory.mktemp("ask-store")
    result = ingest([ROOT / "data"], Settings.load(store=path))
    assert result.written and not result.errors
    return BudgetStore(path, read_only=True)


@pytest.fixture(scope="module")
def labels(demo_store):
    return store_labels(demo_store)


def test_thirty_questions_written_beforehand():
    assert len(CASES) == 30


@pytest.mark.parametrize("case", CASES, ids=[c["text"] for c in CASES])
def test_question_understood_as_intended(case, labels, demo_store):
    reading = understand(case["text"], labels)
    assert reading.question == case["question"]
    assert reading.year == (int(case["year"]) if case["year"] else None)
    assert reading.code == (case["code"] or None)
    assert reading.unknown_department is None
    if not case["department"]:
        assert reading.department is None
        return
    wanted = case["department"].split("|")
    given = reading.department.split(",")
    assert len(given) == len(wanted)
    for text, name in zip(given, wanted, strict=True):
        departments = {row[1] for row in ask(demo_store, "reports", department=text).rows}
        assert departments and all(name in d for d in departments), (text, departments)


def test_class_filter_keeps_the_class_rows(demo_store):
    reading, answer = ask_text(demo_store, "2025年普陀区政府办公室的一般公共服务支出")
    assert reading.code == "201" and answer.rows
    codes = {row[answer.columns.index("code")] for row in answer.rows}
    assert all(c.startswith("201") for c in codes) and "201" in codes


def test_unknown_department_says_so_with_nearest_names(demo_store):
    with pytest.raises(QueryError, match="no department in the store matches '财政局'"):
        ask_text(demo_store, "财政局的三公经费")


def test_a_filter_that_matches_nothing_says_so(demo_store):
    with pytest.raises(QueryError) as err:
        ask(demo_store, "functional", department="组识部")
    assert "no department in the store matches '组识部'" in str(err.value)
    assert "组织部" in (err.value.hint or "")


def test_cli_prints_how_it_understood(demo_store):
    result = CliRunner().invoke(app, ["ask", "普陀区人民政府办公室2025年三公经费", "--store",
                                      str(demo_store.path), "--format", "csv", "--lang", "zh"])
    assert result.exit_code == 0, result.output
    assert "理解为：three-public" in result.stderr
    assert "年度：2025" in result.stderr
    assert result.stdout.startswith("source,total,overseas")


def test_cli_without_a_subject_offers_examples(demo_store):
    result = CliRunner().invoke(app, ["ask", "组织部", "--store", str(demo_store.path)])
    assert result.exit_code != 0
    assert "组织部三公经费" in result.output
