"""The audit of the reports already in a store (``budgetkg check --store``), and the stored
findings said in Chinese (``--lang zh``).

The findings of every stored report, grouped per document as :mod:`budgetkg.check.audit` groups
the findings of files it reads: the ``findings`` question gives the rows, the ``reports`` question
each document's department, year and kind. Here, not in the check stage, because it asks the
store's questions.
"""
from __future__ import annotations

from budgetkg.check.audit import AuditedDocument, audit_rows
from budgetkg.check.messages_zh import message_zh
from budgetkg.config import read_query
from budgetkg.load.store import BudgetStore
from budgetkg.query.questions import Answer, ask, run_select


def localise_findings(store: BudgetStore, answer: Answer) -> Answer:
    """The answer with its ``message`` column in Chinese: the message the check stored in Chinese
    where it did (``rdfs:comment`` @zh beside the English), else the catalogue's form
    (:mod:`budgetkg.check.messages_zh`). An answer without ``check`` and ``message`` is returned as it is."""
    if "message" not in answer.columns or "check" not in answer.columns or not answer.rows:
        return answer
    check_at, message_at = answer.columns.index("check"), answer.columns.index("message")
    stored = {(r[0], r[1]): r[2] for r in run_select(store, read_query("check/finding-messages-zh.rq"),
                                                       ("check", "message", "message_zh")).rows}
    def said(r: tuple[str, ...]) -> str:
        return message_zh(r[check_at], r[message_at], stored.get((r[check_at], r[message_at])))
    rows = tuple((*r[:message_at], said(r), *r[message_at + 1:]) for r in answer.rows)
    return Answer(answer.columns, rows)


def audit_store(store: BudgetStore, lang: str = "en") -> list[AuditedDocument]:
    """One audited document per stored report, with the findings stored for it."""
    answer = ask(store, "findings")
    if lang == "zh":
        answer = localise_findings(store, answer)
    ids = {r[0]: (r[1], int(r[2]) if r[2] else None, r[3]) for r in ask(store, "reports").rows}
    return audit_rows(answer.columns, answer.rows, ids, lang)
