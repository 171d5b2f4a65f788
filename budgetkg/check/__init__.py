"""Checks: the rules a disclosure must satisfy, in one registry (:mod:`.registry`).

The pipeline runs :func:`run_checks` after parsing; each registered check is a pure function
of the parsed report and its text. Importing this package registers every kind.
"""
from __future__ import annotations

from dataclasses import replace

from budgetkg.check import (  # noqa: F401  (register the kinds)
    asset_thresholds,
    change_amounts,
    completeness,
    document_kind,
    editions,
    empty_tables,
    name_slips,
    names,
    narrative_math,
    narrative_rates,
    narrative_restated,
    narrative_shares,
    narrative_table_shares,
    narrative_words,
    organisation,
    page_breaks,
    performance,
    prose_parts,
    reading,
    series,
    slips,
    stated_figures,
    summary_sums,
    three_public_economic,
    unit_slips,
    year_statements,
    years,
)
from budgetkg.check.class_figures import class_figures
from budgetkg.check.coded_figures import coded_figures
from budgetkg.check.context import CheckInput
from budgetkg.check.previous_year import prior_arithmetic
from budgetkg.check.registry import CHECKS, CheckKind, Family, Severity, get, to_turtle
from budgetkg.check.table_arithmetic import reconcile
from budgetkg.model.report import Finding, Report, ReportKind
from budgetkg.parse.context import ParseContext
from budgetkg.parse.narrative import cross_check, cross_check_paths, cross_check_three_public
from budgetkg.segment.blocks import Segments

__all__ = ["CHECKS", "CheckKind", "Family", "Severity", "check_report", "get", "run_checks", "to_turtle"]


def table_arithmetic(inp: CheckInput) -> None:
    """The table kinds of :mod:`.table_arithmetic` (row sums, children, totals, across tables,
    codes): one pass over the tables emits findings of several declared kinds."""
    ctx = ParseContext(source=inp.report.source_name)
    reconcile(inp.report, ctx)
    inp.findings.extend(ctx.findings)
    inp.findings.extend(prior_arithmetic(inp.report))  # the previous-year columns, apart


def narrative_against_tables(inp: CheckInput) -> None:
    """``narrative-vs-table``: every figure the narrative states that a table prints (beside a
    change, a 类/款/项 figure of a budget, the 三公 figures), to the printed precision."""
    ctx = ParseContext(source=inp.report.source_name)
    cross_check(inp.report, list(inp.report.changes), ctx)
    cross_check_three_public(inp.segments, inp.report, ctx)
    if inp.report.kind is ReportKind.BUDGET:
        cross_check_paths(inp.segments, inp.report, ctx)
    inp.findings.extend(ctx.findings)
    class_figures(inp)
    coded_figures(inp)


def run_checks(report: Report, segments: Segments) -> tuple[Finding, ...]:
    """The findings of every check on one parsed report: the table arithmetic, the narrative
    against the tables, then every registered check function."""
    inp = CheckInput(report=report, segments=segments)
    table_arithmetic(inp)
    narrative_against_tables(inp)
    for kind in CHECKS.values():
        if kind.fn is not None:
            kind.fn(inp)
    return tuple(inp.findings)


def _reading_is_notice(f: Finding) -> Finding:
    """Findings about budgetkg's own reading are notices, whatever severity the reader gave."""
    kind = CHECKS.get(f.check)
    if kind and kind.family is Family.READING and f.severity is not Severity.NOTICE:
        return replace(f, severity=Severity.NOTICE)
    return f


def check_report(report: Report, segments: Segments) -> Report:
    """The report with the findings of every check added to those found while reading."""
    found = tuple(_reading_is_notice(f) for f in report.findings) + run_checks(report, segments)
    return replace(report, findings=found)
