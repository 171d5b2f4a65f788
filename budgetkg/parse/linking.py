"""Link performance tables to rows of the project table.

The same project is printed under slightly different names and sometimes with a
different amount. A table is linked when the evidence is unambiguous: the same
name (after normalising quotes, brackets and spaces), one name containing the
other, or — when names only resemble each other — the same amount. How the link
was made is recorded; an unlinked table is a finding. Whether the linked amounts agree is
the check stage's question (checks/performance.py).
"""
from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from budgetkg.model.report import PerformanceTable, ProjectLink, Row, Severity, Table, TableKind
from budgetkg.model.tables import ColumnKey
from budgetkg.parse.context import ParseContext
from budgetkg.text.matching import project_similarity


def link_projects(report_tables: tuple[Table, ...], performance: tuple[PerformanceTable, ...],
                  ctx: ParseContext) -> tuple[PerformanceTable, ...]:
    """Performance tables with their project link set where the evidence is unambiguous."""
    tables = [(i, t) for i, t in enumerate(report_tables)
              if t.kind is TableKind.PROJECTS and t.origin in ("table", "performance")]
    rows: list[tuple[int, Row, str]] = [(i, r, r.project) for i, t in tables for r in t.rows if r.project]
    out = []
    for perf in performance:
        if perf.kind == "department-evaluation" or not perf.project:
            out.append(perf)
            continue
        total = perf.funds.get("total") or perf.funds.get("adjusted") or perf.funds.get("planned")
        scored = []
        for ti, row, project in rows:
            sim = project_similarity(perf.project, project)
            same_amount = total is not None and row.amount(ColumnKey.TOTAL) == total.yuan
            if sim >= Decimal("0.9"):
                scored.append((sim + (Decimal("0.05") if same_amount else 0),
                               "name+amount" if same_amount else "name", ti, row))
            elif same_amount and sim >= Decimal("0.3"):
                scored.append((Decimal("0.5") + sim / 2, "amount", ti, row))
        scored.sort(key=lambda s: s[0], reverse=True)
        unique = scored and (len(scored) == 1 or scored[0][0] > scored[1][0])
        if not unique:
            ctx.report("performance-unlinked", "performance", perf.project, "one project row",
                       f"{len(scored)} candidates" if scored else "none",
                       "this performance table could not be linked to a row of the project table"
                       + (" (the report has no project table)" if not tables else ""),
                       None, severity=Severity.WARNING if tables else Severity.INFO)
            out.append(perf)
            continue
        score, method, ti, row = scored[0]
        link = ProjectLink(table_index=ti, row_index=row.index, method=method, confidence=min(score, Decimal(1)))
        out.append(replace(perf, link=link))
    return tuple(out)

