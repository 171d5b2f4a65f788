"""Shared fixtures: the sample reports and a store built once per session."""
from __future__ import annotations

from pathlib import Path

import pytest

from budgetkg import Settings, ingest
from budgetkg.load.store import BudgetStore

DATA = Path(__file__).resolve().parent.parent / "data"
SAMPLES = {p.name[:3]: p for p in sorted(DATA.glob("*.txt"))}


@pytest.fixture(scope="session")
def sample_store(tmp_path_factory) -> BudgetStore:
    path = tmp_path_factory.mktemp("store")
    result = ingest(list(SAMPLES.values()), Settings.load(store=path))
    assert result.written and not result.errors
    return BudgetStore(path, read_only=True)
