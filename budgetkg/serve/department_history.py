"""A department over the years: its projects across reports, and related departments.

Projects are the rows of the reports' 项目支出 tables; the same project in two years is the
project resource the rows point to (``bkg:project``, where the series stage linked them), else
the rows' name with spaces removed. Each appearance keeps
its row IRI, so the page links to the project page with its indicators and self-evaluation.
Related departments are those the graph links to this one (org:subOrganizationOf either
way, or a unit it lists) and those of the same region.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from budgetkg.config import query_text
from budgetkg.serve.context import App, term
from budgetkg.serve.department import Organisation, ReportFigures
from budgetkg.serve.pages import decimal_or_none

_SPACE = re.compile(r"\s+")


@dataclass
class Appearance:
    """A project as one report prints it."""

    report: str
    row: str
    code: str
    amount: Decimal | None
    indicators: int
    performance: list[str] = field(default_factory=list)


@dataclass
class Project:
    name: str
    appearances: dict[str, Appearance] = field(default_factory=dict)  # report IRI → appearance


def projects(app: App, reports: list[ReportFigures]) -> list[Project]:
    """Projects of ``reports`` grouped by name, each with its row, amount and indicator count per report."""
    if not reports:
        return []
    values = " ".join(term(r.iri) for r in reports)
    # the amounts apart: an OPTIONAL over them in the rows' query makes Oxigraph read every amount in the store
    amounts = {r["row"]: r["amount"] for r in app.rows(query_text("serve/department-project-amounts.rq",
                                                                  reports=values), ("row", "amount"))}
    query = query_text("serve/department-projects.rq", reports=values)
    found: dict[str, Project] = {}
    for r in app.rows(query, ("report", "row", "name", "code", "perf", "project", "indicators")):
        r["amount"] = amounts.get(r["row"], "")
        key = r["project"] or _SPACE.sub("", r["name"])  # the graph's project resource where series linked it
        project = found.setdefault(key, Project(r["name"]))
        seen = project.appearances.get(r["report"])
        if seen is None or seen.row != r["row"]:
            if seen is not None:  # two rows of one name in one report: kept apart, never added
                key = f"{key}#{r['row']}"
                project = found.setdefault(key, Project(r["name"]))
            seen = project.appearances.setdefault(r["report"], Appearance(
                r["report"], r["row"], r["code"], decimal_or_none(r["amount"]), 0))
        seen.indicators += int(r["indicators"] or 0)
        if r["perf"] and r["perf"] not in seen.performance:
            seen.performance.append(r["perf"])
    return sorted(found.values(), key=lambda p: (-len(p.appearances), p.name))


def related(app: App, org: Organisation) -> list[tuple[str, str, str]]:
    """(IRI, name, relation) of organisations with reports that are linked to ``org`` or share its region."""
    o = term(org.iri)
    query = query_text("serve/department-related.rq", org=o)
    return [(r["other"], r["name"], r["relation"]) for r in app.rows(query, ("other", "name", "relation"))]
