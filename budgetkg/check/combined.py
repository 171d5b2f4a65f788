"""Checks that need both files of a publication printed as two (narrative + tables).

Each file was checked on its own when it was read; what neither file could check alone — the
narrative's figures against the other file's tables — is checked once they are one report
(:func:`merge_checked`: the link stage's merge, then these checks).
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from budgetkg.link.combine import combine_reports, merge
from budgetkg.model.report import Finding, Report, Severity, Table, TableKind
from budgetkg.parse.context import ParseContext
from budgetkg.parse.narrative import cross_check, differs
from budgetkg.text.amounts import format_decimal


def three_public_findings(stated: Table | None, printed: Table | None, ctx: ParseContext) -> None:
    """The 三公 figures the narrative file states must be the table file's."""
    if stated is None or printed is None or not stated.rows:
        return
    row = printed.rows[0] if printed.rows else None
    for key, amount in stated.rows[0].amounts.items():
        expected = row.amount(key) if row else None
        if expected is None and (row is not None or printed.declared_empty):
            expected = amount.yuan * 0  # an empty cell or a table declared empty
        if expected is not None and differs(expected, amount):
            ctx.findings.append(Finding(
                check="narrative-vs-table", table=TableKind.THREE_PUBLIC.value, row=key,
                expected=format_decimal(expected), found=format_decimal(amount.yuan),
                message=f"the narrative file states {format_decimal(amount.printed)} {amount.unit} for 三公 "
                        f"{key}; the table file says {format_decimal(expected)} 元",
                source=stated.rows[0].source, severity=Severity.WARNING))


def check_publication(merged: Report, narrative: Report, tables: Report) -> tuple[Finding, ...]:
    """Findings of the narrative file's stated changes and 三公 figures against the table file."""
    ctx = ParseContext(source=merged.source_name)
    cross_check(merged, list(narrative.changes), ctx)
    three_public_findings(narrative.table(TableKind.THREE_PUBLIC), tables.table(TableKind.THREE_PUBLIC), ctx)
    return tuple(ctx.findings)


def merge_checked(narrative: Report, tables: Report) -> Report:
    """The two files of a publication as one report, with the checks neither file could make alone."""
    merged = merge(narrative, tables)
    return replace(merged, findings=merged.findings + check_publication(merged, narrative, tables))


def combine_checked(reports: Sequence[Report]) -> list[Report]:
    """:func:`~budgetkg.link.combine.combine_reports` with every merged pair checked."""
    return combine_reports(reports, merge_checked)
