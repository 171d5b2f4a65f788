"""Writing an :class:`~budgetkg.query.questions.Answer` as CSV or JSON — one writer for CLI and server.

``budgetkg ask/query --format csv|json`` and the server's ``/questions/NAME?format=csv|json``
both call :func:`render`, so the two can never disagree. Amounts stay the exact decimal
strings the store holds; :func:`in_unit` converts the money columns to 万元 by moving the
decimal point (exact, never rounded). The terminal table lives in :mod:`budgetkg.cli.terminal`.
"""
from __future__ import annotations

import csv
import io
import json
from decimal import Decimal, InvalidOperation
from enum import Enum

from budgetkg.errors import QueryError
from budgetkg.model.units import Unit
from budgetkg.query.questions import Answer
from budgetkg.text.amounts import format_decimal

#: columns that hold amounts in 元 (the canned questions' money columns)
MONEY_COLUMNS = frozenset({"total", "basic", "project", "personnel", "public", "amount", "total_income",
                           "total_expenditure", "budget", "final", "difference", "overseas",
                           "vehicle_purchase", "vehicle_operation", "reception", "expected_amount",
                           "found_amount", "previous", "current", "change"})


class AnswerFormat(str, Enum):
    """The machine-readable formats an answer is written in."""

    CSV = "csv"
    JSON = "json"


def to_unit(text: str, unit: Unit) -> str:
    """One amount string in ``unit``: ``'1234567.8'`` → ``'123.45678'`` for 万元; non-numbers unchanged."""
    if unit is Unit.YUAN or not text:
        return text
    try:
        value = Decimal(text)
    except InvalidOperation:
        return text
    return format_decimal(value.scaleb(-4))


def in_unit(answer: Answer, unit: Unit, money: frozenset[str] = MONEY_COLUMNS) -> Answer:
    """The answer with its money columns in ``unit`` (exact decimal shift, no rounding)."""
    if unit is Unit.YUAN:
        return answer
    cols = [c in money for c in answer.columns]
    rows = tuple(tuple(to_unit(v, unit) if m else v for v, m in zip(r, cols)) for r in answer.rows)
    return Answer(columns=answer.columns, rows=rows)


def write_csv(answer: Answer, out) -> None:
    """A header line of the column names, then one line per row."""
    w = csv.writer(out, lineterminator="\n")
    w.writerow(answer.columns)
    w.writerows(answer.rows)


def write_json(answer: Answer, out, indent: int | None = 2) -> None:
    """A JSON array of objects keyed by column name (strings: exact decimals stay exact)."""
    json.dump([dict(zip(answer.columns, r)) for r in answer.rows], out, ensure_ascii=False, indent=indent)
    out.write("\n")


WRITERS = {AnswerFormat.CSV: write_csv, AnswerFormat.JSON: write_json}
MEDIA_TYPES = {AnswerFormat.CSV: "text/csv; charset=utf-8", AnswerFormat.JSON: "application/json"}


def render(answer: Answer, fmt: AnswerFormat | str) -> str:
    """The answer as CSV or JSON text."""
    try:
        fmt = AnswerFormat(fmt)
    except ValueError:
        raise QueryError(f"unknown output format {fmt!r}", hint="csv or json") from None
    buf = io.StringIO()
    WRITERS[fmt](answer, buf)
    return buf.getvalue()
