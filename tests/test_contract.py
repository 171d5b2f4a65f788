"""Contract rows of every sample report against values written by reading the reports.

Expected rows live in tests/cases/<report number>/<question>.csv (see its README).
"""
from __future__ import annotations

import csv
from pathlib import Path

import pytest

from budgetkg.errors import QueryError
from budgetkg.query.questions import ask, get_question

from .conftest import SAMPLES

CASES = Path(__file__).resolve().parent / "cases"
QUESTIONS = ("reports", "staffing", "units", "functional", "economic", "projects", "three-public")


def expected_rows(number: str, question: str) -> list[tuple[str, ...]]:
    path = CASES / number / f"{question}.csv"
    if not path.exists():
        return []
    with path.open(encoding="utf-8") as fh:
        reader = csv.reader(fh)
        header = next(reader)
        assert tuple(header) == get_question(question).columns[1:], f"{path}: header"
        return [(SAMPLES[number].name, *row) for row in reader]


@pytest.mark.parametrize("question", QUESTIONS)
@pytest.mark.parametrize("number", sorted(SAMPLES))
def test_contract_rows(sample_store, number, question):
    answer = ask(sample_store, question)
    got = [row for row in answer.rows if row[0] == SAMPLES[number].name]
    assert got == expected_rows(number, question)


def test_contract_headers_are_exact():
    assert get_question("reports").columns == (
        "source", "department", "year", "kind", "total_income", "total_expenditure")
    assert get_question("functional").columns == ("source", "code", "name", "total", "basic", "project", "derived")
    assert get_question("economic").columns == ("source", "code", "name", "total", "personnel", "public")
    assert get_question("projects").columns == ("source", "code", "project", "amount")
    assert get_question("three-public").columns == (
        "source", "total", "overseas", "vehicle_purchase", "vehicle_operation", "reception")
    assert get_question("findings").columns == ("source", "severity", "page", "line", "table", "row", "check",
                                                "message", "expected", "found")
    assert get_question("staffing").columns == ("source", "unit", "authorized", "actual", "in_service", "retired")
    assert get_question("units").columns == ("source", "department", "unit", "relation")


def test_department_filter_matches_any_part_of_either_name(sample_store):
    rows = ask(sample_store, "reports", department="组织部").rows
    assert sorted(r[0][:3] for r in rows) == ["000", "003"]
    # the second name (加挂牌子) of 000 finds it too
    rows = ask(sample_store, "reports", department="公务员局").rows
    assert [r[0][:3] for r in rows] == ["000"]


def test_year_filter(sample_store):
    assert [r[0][:3] for r in ask(sample_store, "reports", year=2020).rows] == ["001"]
    assert ask(sample_store, "functional", department="组织部", year=2024).rows[0][1] == "201"


def test_parameter_text_cannot_inject_sparql(sample_store):
    hostile = '组织部" ) } UNION { ?s ?p ?o } #'
    # taken as a (non-matching) name: said so, never run as SPARQL
    with pytest.raises(QueryError, match="no department in the store matches"):
        ask(sample_store, "reports", department=hostile)


PUTUO = CASES / "putuo" / "putuo_office_2025_budget.txt"


@pytest.fixture(scope="module")
def putuo_store(tmp_path_factory):
    """A Shanghai district budget (another region's template, amounts in 元, a table
    continued over a page break) as pdfplumber extracts its text."""
    from budgetkg import Settings, ingest
    from budgetkg.load.store import BudgetStore
    path = tmp_path_factory.mktemp("putuo")
    assert ingest([PUTUO], Settings.load(store=path)).written
    return BudgetStore(path, read_only=True)


@pytest.mark.parametrize("question", QUESTIONS)
def test_other_region_contract_rows(putuo_store, question):
    path = CASES / "putuo" / f"{question}.csv"
    expected = []
    if path.exists():
        with path.open(encoding="utf-8") as fh:
            expected = [(PUTUO.name, *row) for row in list(csv.reader(fh))[1:]]
    assert list(ask(putuo_store, question).rows) == expected


def test_other_region_reconciles_without_findings(putuo_store):
    assert ask(putuo_store, "findings").rows == ()
