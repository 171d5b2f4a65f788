"""Stage 7: what one report's workbook shows (:mod:`budgetkg.query.report_workbook` reads it from
the store, :mod:`budgetkg.query.report_sheets` lays it out): the report, its tables as printed with
their rows and figures, and its findings.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal


@dataclass
class SheetRow:
    """One printed row: where it stands, what it is called, its figures (column key → value in the
    table's unit) and which of them budgetkg derived rather than read."""

    index: int
    role: str
    side: str
    code: str
    name: str
    page: int | None
    line: int | None
    amounts: dict[str, Decimal] = field(default_factory=dict)
    derived: set[str] = field(default_factory=set)


@dataclass
class SheetTable:
    """One standard table as printed: its heading, unit, pages, columns (in printed order) and rows."""

    iri: str
    kind: str
    number: str
    title: str
    unit: str
    page: int | None
    line: int | None
    columns: list[str]
    origin: str = "table"
    declared_empty: bool = False
    rows: list[SheetRow] = field(default_factory=list)
    decimals: int = 0

    @property
    def pages(self) -> str:
        """The pages the table is printed on: 8, or 8–9 when it runs on."""
        found = sorted({p for p in [self.page, *(r.page for r in self.rows)] if p is not None})
        if not found:
            return ""
        return str(found[0]) if found[0] == found[-1] else f"{found[0]}–{found[-1]}"

    @property
    def two_sided(self) -> bool:
        """An income | expenditure table (收支总表): rows carry the side they are printed on."""
        return any(r.side for r in self.rows)


@dataclass
class Finding:
    severity: str
    check: str
    message: str
    message_zh: str
    page: int | None
    line: int | None
    table: str
    row: str
    expected: str
    found: str


@dataclass
class ReportBook:
    """What one report's workbook shows, read from its graph."""

    iri: str
    department: str
    year: str
    final: bool
    title: str
    sources: list[str]
    tables: list[SheetTable]
    findings: list[Finding]
    headings: dict[str, tuple[str, str]]  # column key → (zh, en) heading
