"""Map a :class:`~budgetkg.model.report.Report` to the quads of its named graph.

One function per model class; :class:`ReportMapper` holds the report itself (its identity,
totals and findings) and the order the parts are mapped in, and takes the parts from one mixin
each: organisations, units and staffing (:mod:`.organizations`), tables, rows and observations
(:mod:`.table_mapping`), performance tables (:mod:`.performance_mapping`), facts stated in the
text (:mod:`.narrative_mapping`); the quad helpers are :mod:`.quads`.

Reads only the model (never report text), emits pyoxigraph quads in a deterministic order (the
order :meth:`ReportMapper.quads` calls the parts in), and mints IRIs through :class:`Minter`.
The graph name is the report's IRI.
"""
from __future__ import annotations

from dataclasses import replace
from typing import ClassVar

import pyoxigraph as ox

from budgetkg.link.resolve import department_of, report_region
from budgetkg.model.report import (
    Finding,
    Report,
    ReportKind,
    TableKind,
)
from budgetkg.rdf.iris import Minter
from budgetkg.rdf.narrative_mapping import NarrativeMapping
from budgetkg.rdf.organizations import OrganizationMapping
from budgetkg.rdf.performance_mapping import PerformanceMapping
from budgetkg.rdf.quads import GraphQuads, N, zh
from budgetkg.rdf.table_mapping import TableMapping
from budgetkg.rdf.vocab import (
    BKG,
    BUDGET_PHASE,
    CURRENCY,
    DCTERMS,
    OBEU_DIM,
    OBEU_MEASURE,
    PROV,
    RDF,
    RDFS,
    check_kind,
    severity,
)
from budgetkg.text.names import search_labels


class ReportMapper(OrganizationMapping, TableMapping, PerformanceMapping, NarrativeMapping):
    """Maps one report; ``quads()`` returns its graph."""

    def __init__(self, report: Report, minter: Minter):
        self.r = report
        self.m = minter
        self.report_iri = minter.report(report)
        self.g = GraphQuads(self.report_iri)
        self.region, self.region_source = report_region(report)
        self.resolved = department_of(report)
        #: the department as its units are qualified: under the key it was resolved to across reports
        self.parent = replace(self.resolved, key=minter.aliases.get(self.resolved.key, self.resolved.key))
        self.dept = N(minter.organization_key(self.resolved.key))
        self.resolutions = 0
        self.phase = BUDGET_PHASE.executed if report.kind is ReportKind.FINAL else BUDGET_PHASE.approved
        self.new_codes: dict[tuple[str, str], str] = {}

    def quads(self) -> list[ox.Quad]:
        self.map_report()
        self.map_department()
        for i, unit in enumerate(self.r.units):
            self.map_unit(i, unit)
        for i, s in enumerate(self.r.staffing):
            self.map_staffing(i, s)
        seen: dict[TableKind, int] = {}
        self.table_iris: list[str] = []
        for table in self.r.tables:
            n = seen.get(table.kind, 0)
            seen[table.kind] = n + 1
            self.table_iris.append(self.m.table(self.report_iri, table.kind.value, n))
            self.map_table(table, n)
        self.map_class_figures()
        for i, f in enumerate(self.r.findings):
            self.map_finding(i, f)
        for i, pf in enumerate(self.r.prior):
            self.map_prior(i, pf)
        for i, p in enumerate(self.r.performance):
            self.map_performance(i, p)
        for f in self.r.figures:
            self.map_figure(f)
        for i, c in enumerate(self.r.comparisons):
            self.map_comparison(i, c)
        for i, c in enumerate(self.r.changes):
            self.map_change(i, c)
        for i, sh in enumerate(self.r.shares):
            self.map_share(i, sh)
        for p in self.r.policies:
            self.map_policy(p)
        for i, d in enumerate(self.r.projects):
            self.map_project_description(i, d)
        for i, p in enumerate(self.r.passages):
            self.map_passage(i, p)
        self.map_new_codes()
        self.map_graph_summaries()
        return self.g.quads

    def _source(self, subject, ref) -> None:
        if ref is None:
            return
        self.g.add(subject, PROV.wasDerivedFrom, N(self.report_iri))
        self.g.add(subject, BKG.sourceLine, ref.line)
        if ref.page is not None:
            self.g.add(subject, BKG.sourcePage, ref.page)

    def map_report(self) -> None:
        r, s, add = self.r, N(self.report_iri), self.g.add
        add(s, RDF.type, BKG.Report)
        add(s, RDF.type, BKG.FinalAccountReport if r.kind is ReportKind.FINAL else BKG.BudgetReport)
        add(s, BKG.sourceFile, r.source_name)
        add(s, BKG.sha256, r.sha256)
        add(s, DCTERMS.title, zh(r.title) if r.title else None)
        add(s, RDFS.label, r.source_name)
        add(s, BKG.department, self.dept)
        add(s, BKG.fiscalYear, r.year)
        add(s, BKG.scope, r.scope.value if r.scope else None)
        add(s, OBEU_DIM.budgetPhase, self.phase)
        self.map_summary()
        for t in r.totals:
            ti = N(f"{self.report_iri}/total/{t.key}")
            add(ti, RDF.type, BKG.ReportTotal)
            add(ti, BKG.report, s)
            add(ti, BKG.totalKind, t.key)
            self._amount(ti, t.amount)
            self._source(ti, t.source)

    _TOTAL_PROPERTY: ClassVar[dict[str, ox.NamedNode]] = {"income": BKG.totalIncome, "expenditure": BKG.totalExpenditure}

    def map_summary(self) -> None:
        """What questions look up for every report, on the report itself so that finding it is one
        index lookup: the department's name as printed, its search forms (normalised names and short
        forms, see :func:`budgetkg.text.names.search_labels`) and the report's income and expenditure totals."""
        r, s, add = self.r, N(self.report_iri), self.g.add
        add(s, BKG.departmentLabel, zh(r.department.name))
        for label in search_labels((r.department.name, *r.department.alt_names)):
            add(s, BKG.searchLabel, label)
        for t in r.totals:
            prop = self._TOTAL_PROPERTY.get(t.key)
            if prop is not None:
                add(s, prop, t.amount.yuan)

    def _amount(self, subject, amount) -> None:
        self.g.add(subject, OBEU_MEASURE.amount, amount.yuan)
        self.g.add(subject, BKG.printedAmount, amount.printed)
        self.g.add(subject, BKG.printedUnit, amount.unit)
        self.g.add(subject, OBEU_DIM.currency, CURRENCY.CNY)

    def map_finding(self, i: int, f: Finding) -> None:
        add = self.g.add
        node = N(f"{self.report_iri}/finding/{i}")
        add(node, RDF.type, BKG.Finding)
        add(node, BKG.report, N(self.report_iri))
        add(node, BKG.check, check_kind(f.check))
        add(node, BKG.severity, severity(f.severity.value))
        add(node, BKG.tableName, f.table)
        add(node, BKG.rowLabel, f.row)
        add(node, BKG.expected, f.expected)
        add(node, BKG.found, f.found)
        add(node, RDFS.comment, ox.Literal(f.message, language="en"))
        if f.message_zh:
            add(node, RDFS.comment, ox.Literal(f.message_zh, language="zh"))
        add(node, BKG.quote, zh(f.quote) if f.quote else None)
        self._source(node, f.source)

    def map_graph_summaries(self) -> None:
        """Summary: the rows each networkx graph's query finds in this report's graph, as one
        literal per graph (:mod:`budgetkg.rdf.graph_summary`), so that a graph over the whole store
        reads one triple per report. Last, as it reads the graph's other quads."""
        from budgetkg.rdf.graph_summary import summary_quads  # (the graphs package imports the mapping's store)
        self.g.quads.extend(summary_quads(self.g.name, self.g.quads))


def map_report(report: Report, minter: Minter) -> tuple[ox.NamedNode, list[ox.Quad]]:
    """(graph name, quads) of ``report``."""
    mapper = ReportMapper(report, minter)
    return N(mapper.report_iri), mapper.quads()
