"""Stage 7: the Python API an analyst opens a store with — answers as pandas DataFrames.

::

    import budgetkg
    kg = budgetkg.open("kg-store")                      # read-only; default: the configured store
    df = kg.ask("functional", department="组织部")      # a canned question by name …
    df = kg.ask("组织部2021年三公经费")                   # … or in words (kg.understood says how)
    df = kg.sparql(Path("my-question.rq").read_text())  # any SELECT of your own
    df = kg.search("数字化")                             # every report's text, as `budgetkg search`

Amounts stay exact: the money and number columns (:mod:`budgetkg.query.columns`) hold
:class:`decimal.Decimal` values (``None`` where the report gives none), never floats; years,
pages and lines are integers; codes and names are strings.
"""
from __future__ import annotations

from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TYPE_CHECKING, Any

from budgetkg.config import Settings
from budgetkg.load.store import BudgetStore
from budgetkg.query.columns import ColumnKind, column
from budgetkg.query.questions import Answer, ask, list_questions, run_select

if TYPE_CHECKING:  # pandas is imported when a frame is made
    import pandas as pd

    from budgetkg.query.understand import Understanding

#: CODE columns that are whole numbers (codes stay strings: 201 and 20101 are names, not numbers)
_INTEGER_COLUMNS = frozenset({"year", "page", "line", "first_year", "last_year", "depth"})


def _decimal(text: str) -> Decimal | None:
    if not text:
        return None
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


def answer_frame(answer: Answer) -> pd.DataFrame:
    """An :class:`~budgetkg.query.questions.Answer` as a DataFrame with exact values: Decimal in
    money and number columns (a cell that is no number stays text), integers for years, pages and
    lines, strings elsewhere."""
    import pandas as pd

    data: dict[str, Any] = {}
    for i, name in enumerate(answer.columns):
        cells = [row[i] for row in answer.rows]
        kind = column(name).kind
        if kind in (ColumnKind.MONEY, ColumnKind.NUMBER):
            values = [_decimal(c) for c in cells]
            data[name] = pd.Series([v if v is not None or not c else c for v, c in zip(values, cells)],
                                   dtype=object)
        elif name in _INTEGER_COLUMNS and all(not c or c.isdigit() for c in cells):
            data[name] = pd.Series([int(c) if c else None for c in cells], dtype="Int64")
        else:
            data[name] = pd.Series([c or None for c in cells], dtype=object)
    return pd.DataFrame(data, columns=list(answer.columns))


class BudgetGraph:
    """A store opened read-only for analysis: canned questions, questions in words and SPARQL,
    each answered as a DataFrame."""

    def __init__(self, store: str | Path | None = None):
        self.path = Settings.load(store=Path(store) if store is not None else None).store
        self.store = BudgetStore(self.path, read_only=True)
        #: how the last question asked in words was understood
        self.understood: Understanding | None = None

    def ask(self, question: str, department: str | None = None, year: int | None = None) -> pd.DataFrame:
        """A canned question by name (see :meth:`questions`), or a question in words."""
        if question in {q.name for q in list_questions()}:
            return answer_frame(ask(self.store, question, department=department, year=year))
        from budgetkg.query.understand import ask_text
        self.understood, answer = ask_text(self.store, question, department=department, year=year)
        return answer_frame(answer)

    def sparql(self, query: str) -> pd.DataFrame:
        """Any SELECT over every report (the default graph is their union); SERVICE is refused."""
        return answer_frame(run_select(self.store, query))

    def search(self, words: str, department: str | None = None, year: int | None = None,
               limit: int = 100) -> pd.DataFrame:
        """Full-text search of every report (as ``budgetkg search``): one row per hit with its
        source, department, year, page, line, kind, the match marked [ ] and the entity's IRI."""
        from budgetkg.load.search_index import store_select
        from budgetkg.query.search import hits_answer, search
        hits, _ = search(self.store.path, words, store_select(self.store), department=department, year=year,
                         limit=limit)
        return answer_frame(hits_answer(hits, mark=("[", "]")))

    def questions(self) -> pd.DataFrame:
        """The canned questions: name, titles, columns."""
        import pandas as pd
        return pd.DataFrame([{"question": q.name, "title_zh": q.title_zh, "title_en": q.title_en,
                              "columns": ", ".join(q.columns)} for q in list_questions()])

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> BudgetGraph:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def open(store: str | Path | None = None) -> BudgetGraph:  # shadows open() inside this module only: budgetkg.open(store)
    """Open a store for analysis (read-only): ``budgetkg.open("kg-store").ask("functional")``."""
    return BudgetGraph(store)
