"""One error hierarchy for budgetkg.

Every error names where it happened (file, table, line) and what the user can do.
The library raises these; only ``cli.py`` turns them into exit codes.
"""
from __future__ import annotations


class BudgetKGError(Exception):
    """Base class of every error budgetkg raises on purpose."""

    def __init__(self, message: str, *, file: str | None = None, line: int | None = None,
                 table: str | None = None, hint: str | None = None):
        self.message = message
        self.file = file
        self.line = line
        self.table = table
        self.hint = hint
        super().__init__(self.describe())

    def describe(self) -> str:
        """The message with its location and hint, as shown to users."""
        where = []
        if self.file:
            where.append(self.file if self.line is None else f"{self.file}:{self.line}")
        elif self.line is not None:
            where.append(f"line {self.line}")
        if self.table:
            where.append(f"table {self.table}")
        text = f"{': '.join([', '.join(where), self.message]) if where else self.message}"
        if self.hint:
            text += f" ({self.hint})"
        return text


class SourceError(BudgetKGError):
    """A file cannot be read as a report: missing, empty, binary, undecodable."""


class ParseError(BudgetKGError):
    """A report was read but is not a disclosure report budgetkg understands."""


class StoreError(BudgetKGError):
    """The Oxigraph store cannot be opened or written."""


class QueryError(BudgetKGError):
    """A canned question or SPARQL text is unknown, malformed or badly parameterised."""


class ConfigError(BudgetKGError):
    """A setting (base IRI, store path, format name) is invalid."""


class OutputError(BudgetKGError):
    """An output file (export) cannot be written: missing folder, a folder given, disk full."""
