"""Shared fixtures: the sample reports and a store built once per session."""
from __future__ import annotations

from pathlib import Path

import pytest

from budgetkg import Settings, ingest
from budgetkg.load.store import BudgetStore

DATA = Path(__file__).resolve().parent.parent / "data"
SAMPLES = {p.name[:3]: p for p in sorted(DATA.glob("*.txt"))}


def pytest_sessionstart(session):
    """Under CI (``CI`` set) a missing shared corpus fails the run at once: the tests that need it
    would otherwise be skipped and the run would pass without them."""
    import os

    from tests.corpus import CORPUS
    if os.environ.get("CI") and not CORPUS.is_dir():
        pytest.exit(f"the shared corpus is not at {CORPUS} (../shared/corpus beside the checkout)", returncode=1)


@pytest.fixture(scope="session")
def sample_store(tmp_path_factory) -> BudgetStore:
    path = tmp_path_factory.mktemp("store")
    result = ingest(list(SAMPLES.values()), Settings.load(store=path))
    assert result.written and not result.errors
    return BudgetStore(path, read_only=True)


@pytest.fixture(scope="session")
def corpus_reports():
    """Every report of the shared corpus read and checked once (two-file publications merged);
    the documents that are refused are left out."""
    from budgetkg.check.combined import combine_checked
    from budgetkg.check.read import read_report
    from budgetkg.errors import BudgetKGError
    from budgetkg.sources.read import discover_reports

    from .corpus import corpus_path

    reports = []
    for path in discover_reports([corpus_path()]):
        if path.name.lower() == "readme.md":
            continue
        try:
            reports.append(read_report(path))
        except BudgetKGError:
            continue
    return combine_checked(reports)
