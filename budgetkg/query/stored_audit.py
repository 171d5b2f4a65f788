"""The audit of the reports already in a store (``budgetkg check --store``).

The findings of every stored report, grouped per document as :mod:`budgetkg.check.audit` groups
the findings of files it reads: the ``findings`` question gives the rows, the ``reports`` question
each document's department, year and kind. Here, not in the check stage, because it asks the
store's questions.
"""
from __future__ import annotations

from budgetkg.check.audit import AuditedDocument, audit_rows
from budgetkg.load.store import BudgetStore
from budgetkg.query.questions import ask


def audit_store(store: BudgetStore) -> list[AuditedDocument]:
    """One audited document per stored report, with the findings stored for it."""
    answer = ask(store, "findings")
    ids = {r[0]: (r[1], int(r[2]) if r[2] else None, r[3]) for r in ask(store, "reports").rows}
    return audit_rows(answer.columns, answer.rows, ids)
