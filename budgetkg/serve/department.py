"""A department's figures, report by report: what the department page shows, read without summing.

The unit of the page is one *report* — a department (部门) or unit (单位) budget or final account
of one year — never the department's reports added together: a 2025 department budget and the
same year's unit budget are two panels, and a final account without a basic/project split shows
that split as unknown (``None``), never 0. The department is the organisation resource the
reports point to (``bkg:department``), so when organisations are resolved across spellings
the page gathers every spelling's reports without changing. A report stored twice (two
graphs with the same year, kind, scope and figures) is shown once, with a notice.

All figures are exact decimals read from the store (SPARQL JSON → :class:`~decimal.Decimal`).
"""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from budgetkg.config import query_text
from budgetkg.model.report import ReportKind, ReportScope
from budgetkg.model.tables import ColumnKey
from budgetkg.serve.context import App, term
from budgetkg.serve.pages import decimal_or_none

THREE_PUBLIC_COLUMNS = (ColumnKey.TOTAL, ColumnKey.OVERSEAS, ColumnKey.VEHICLE_PURCHASE, ColumnKey.VEHICLE_OPERATION,
                        ColumnKey.RECEPTION)
SEVERITIES = ("error", "warning", "info", "notice")
#: budget/final and department/unit: the model's controlled values, with their page labels
Kind, Scope = ReportKind, ReportScope


def scope_of(report_iri: str, stated: str | None = None) -> Scope:
    """A report's scope: as the graph states it (``bkg:scope``) where it does, else as its IRI
    carries it (the minter ends a unit report's IRI with ``-unit``)."""
    if stated in {s.value for s in Scope}:
        return Scope(stated)
    return Scope.UNIT if report_iri.rstrip("/").endswith("-unit") else Scope.DEPARTMENT


@dataclass
class ClassRow:
    """One 类 row of the expenditure table as printed: code, name, total, basic, project."""

    code: str
    name: str
    total: Decimal | None
    basic: Decimal | None
    project: Decimal | None
    row_iri: str
    #: the columns whose figure budgetkg computed (bkg:derived), not printed
    derived: frozenset[str] = frozenset()


@dataclass
class ReportFigures:
    """What one report says: totals, 类 rows, basic/project, 三公, findings."""

    iri: str
    year: int | None
    kind: Kind
    scope: Scope
    department: str
    sources: list[str]
    title: str = ""
    income: Decimal | None = None
    expenditure: Decimal | None = None
    class_table: str = ""                 # the table the 类 rows come from (its IRI)
    class_source: str = ""                # that table's kind ("expenditure", "general-public") and origin
    class_title: str = ""                 # that table's title as printed
    classes: list[ClassRow] = field(default_factory=list)
    table_total: ClassRow | None = None    # the 类 table's 合计 row, as printed
    split_row: ClassRow | None = None      # the 合计 row that splits basic/project (may be another table's)
    three_public: list[dict[str, Decimal | None]] = field(default_factory=list)
    three_public_empty: bool = False
    severities: Counter = field(default_factory=Counter)
    findings: list[dict[str, str]] = field(default_factory=list)
    same_as: list[str] = field(default_factory=list)  # other graphs holding the same report
    anchor: str = ""                      # the panel's id on the page, unique among the department's reports

    @property
    def key(self) -> tuple:
        return (self.year or 0, self.kind.value, self.scope.value)

    @property
    def basic(self) -> Decimal | None:
        """基本支出 of the whole report as its 合计 row prints it; None (unknown) when no table splits it."""
        return self.split_row.basic if self.split_row else None

    @property
    def project(self) -> Decimal | None:
        return self.split_row.project if self.split_row else None

    @property
    def class_sum(self) -> Decimal | None:
        """The 类 rows' totals added up (None when a row has no total)."""
        if not self.classes or any(c.total is None for c in self.classes):
            return None
        return sum((c.total for c in self.classes), Decimal(0))

    def fingerprint(self) -> tuple:
        return (self.key, self.income, self.expenditure, tuple((c.code, c.total) for c in self.classes))


@dataclass
class Organisation:
    """The organisation resource a department page is about."""

    iri: str
    label: str
    names: list[str]
    region: str = ""


def _values(iris: list[str]) -> str:
    return " ".join(term(i) for i in iris)


def organisations(app: App, name: str) -> list[Organisation]:
    """Organisations some report points to whose name (any label) contains ``name``."""
    import pyoxigraph as ox
    query = query_text("serve/organisations-named.rq", name=str(ox.Literal(name)))
    return [Organisation(r["org"], r["label"], [r["label"]]) for r in app.rows(query, ("org", "label"))]


def organisation(app: App, iri: str) -> Organisation | None:
    """The organisation ``iri`` with its names and region, or None if no report points to it."""
    query = query_text("serve/organisation.rq", org=term(iri))
    rows = app.rows(query, ("n", "region"))
    if not rows:
        return None
    names = sorted({r["n"] for r in rows}, key=lambda n: (len(n), n))
    return Organisation(iri, names[0], names, next((r["region"] for r in rows if r["region"]), ""))


def reports(app: App, org: Organisation) -> list[ReportFigures]:
    """Every report of ``org`` with its figures, duplicates collapsed, sorted by year, kind, scope."""
    query = query_text("serve/organisation-reports.rq", org=term(org.iri))
    found: dict[str, ReportFigures] = {}
    for r in app.rows(query, ("report", "year", "final", "title", "source", "scope")):
        fig = found.get(r["report"])
        if fig is None:
            fig = found[r["report"]] = ReportFigures(
                r["report"], int(r["year"]) if r["year"] else None,
                Kind.FINAL if r["final"] == "true" else Kind.BUDGET, scope_of(r["report"], r["scope"]), org.label, [],
                r["title"])
        if r["source"] not in fig.sources:
            fig.sources.append(r["source"])
    figures = list(found.values())
    if figures:
        _totals(app, figures)
        _classes(app, figures)
        _three_public(app, figures)
        _findings(app, figures)
    kept = _collapse(sorted(figures, key=lambda f: (f.key, f.iri)))
    seen: Counter = Counter()
    for f in kept:
        seen[f.key] += 1
        f.anchor = f"r-{f.year or 'x'}-{f.kind.value}-{f.scope.value}" + (f"-{seen[f.key]}" if seen[f.key] > 1 else "")
    return kept


def _collapse(figures: list[ReportFigures]) -> list[ReportFigures]:
    """One panel per report: a second graph with the same key and figures is a stored duplicate."""
    kept: list[ReportFigures] = []
    for f in figures:
        twin = next((k for k in kept if k.fingerprint() == f.fingerprint()), None)
        if twin is not None:
            twin.same_as.append(f.iri)
        else:
            kept.append(f)
    return kept


def _totals(app: App, figures: list[ReportFigures]) -> None:
    by = {f.iri: f for f in figures}
    query = query_text("serve/report-totals-of.rq", reports=_values(list(by)))
    for r in app.rows(query, ("report", "kind", "amount")):
        attr = {"income": "income", "expenditure": "expenditure"}.get(r["kind"])
        if attr:
            setattr(by[r["report"]], attr, decimal_or_none(r["amount"]))


def _classes(app: App, figures: list[ReportFigures]) -> None:
    """The 类 rows of each report's expenditure table (else its 一般公共预算支出 table)."""
    by = {f.iri: f for f in figures}
    values = _values(list(by))
    cols = ("report", "table", "tk", "origin", "title", "row", "index", "role", "code", "label", "col", "amount",
            "derived")
    # the rows first, then their amounts: two required-pattern queries take milliseconds where one
    # with the amounts OPTIONAL makes Oxigraph read every amount in the store
    found = (app.rows(query_text("serve/report-class-rows.rq", reports=values), cols)
             + app.rows(query_text("serve/report-class-amounts.rq", reports=values), cols))
    tables: dict[str, dict[str, dict]] = defaultdict(dict)  # report → table → row → facts
    for r in found:
        rows = tables[r["report"]].setdefault(r["table"], {"kind": r["tk"], "origin": r["origin"], "title": r["title"],
                                                                 "rows": {}})["rows"]
        row = rows.setdefault(r["row"], {"index": int(r["index"]), "role": r["role"], "code": r["code"],
                                         "label": r["label"], "amounts": {}, "derived": set()})
        if r["col"]:
            row["amounts"][r["col"]] = decimal_or_none(r["amount"])
            if r["derived"] == "true":
                row["derived"].add(r["col"])
    for iri, by_table in tables.items():
        # the expenditure table first, then the first 一般公共预算支出 table; within a kind, the first table
        ordered = sorted(by_table.items(), key=lambda kv: (kv[1]["kind"] != "expenditure", len(kv[0]), kv[0]))
        fig = by[iri]
        for _, table in ordered:  # the report's split: the expenditure table's 合计 row, if it prints one
            if table["kind"] != "expenditure":
                continue  # a 一般公共预算 table's split covers only part of the money
            rows = sorted(table["rows"].items(), key=lambda kv: kv[1]["index"])
            total = next((_class_row(rid, r) for rid, r in rows if r["role"] == "total"), None)
            if total is not None and (total.basic is not None or total.project is not None):
                fig.split_row = total
                break
        for table_iri, table in ordered:
            rows = sorted(table["rows"].items(), key=lambda kv: kv[1]["index"])
            classes = [_class_row(rid, r) for rid, r in rows
                       if r["role"] in ("line", "aggregate") and r["code"] and len(r["code"]) == 3]
            if not classes:
                continue
            fig.class_table, fig.classes = table_iri, classes
            fig.class_source = f"{table['kind']} {table['origin'] or ''}".strip()
            fig.class_title = table["title"] or ""
            total = next((_class_row(rid, r) for rid, r in rows if r["role"] == "total"), None)
            fig.table_total = total
            break


def _class_row(row_iri: str, r: dict) -> ClassRow:
    a = r["amounts"]
    return ClassRow(r["code"] or "", r["label"] or "", a.get(ColumnKey.TOTAL), a.get(ColumnKey.BASIC),
                    a.get(ColumnKey.PROJECT), row_iri, frozenset(r.get("derived", ())))


def _three_public(app: App, figures: list[ReportFigures]) -> None:
    by = {f.iri: f for f in figures}
    values, cols = _values(list(by)), ("report", "table", "empty", "row", "index", "col", "amount")
    # tables and rows, then the rows' amounts (two fast queries; see _classes)
    found = (app.rows(query_text("serve/report-three-public.rq", reports=values), cols)
             + app.rows(query_text("serve/report-three-public-amounts.rq", reports=values), cols))
    rows: dict[str, dict[str, tuple[int, dict]]] = defaultdict(dict)
    for r in found:
        fig = by[r["report"]]
        if r["empty"] == "true" and not r["row"]:
            fig.three_public_empty = True
        if r["row"]:
            _idx, amounts = rows[r["report"]].setdefault(r["row"], (int(r["index"]), {}))
            if r["col"] in THREE_PUBLIC_COLUMNS:
                amounts[r["col"]] = decimal_or_none(r["amount"])
    for iri, by_row in rows.items():
        by[iri].three_public = [{c: a.get(c) for c in THREE_PUBLIC_COLUMNS}
                                for _, a in sorted(by_row.values(), key=lambda ia: ia[0])]


def _findings(app: App, figures: list[ReportFigures]) -> None:
    by = {f.iri: f for f in figures}
    query = query_text("serve/report-findings-of.rq", reports=_values(list(by)))
    seen: set[tuple[str, str]] = set()
    for r in app.rows(query, ("report", "f", "severity", "check", "page", "line", "table", "message")):
        if (r["report"], r["f"]) in seen:
            continue
        seen.add((r["report"], r["f"]))
        fig = by[r["report"]]
        fig.severities[r["severity"]] += 1
        fig.findings.append(r)
    for fig in figures:
        rank = {s: i for i, s in enumerate(SEVERITIES)}
        fig.findings.sort(key=lambda r: (rank.get(r["severity"], 9), int(r["line"] or 0)))
