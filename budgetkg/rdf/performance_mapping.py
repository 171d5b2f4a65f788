"""The performance tables of a report's graph (绩效目标表/绩效自评表): each table with its funds,
contacts and the project row it is linked to, and its indicators with target, actual, weight and
score. A mixin of :class:`budgetkg.rdf.mapping.ReportMapper`.
"""
from __future__ import annotations

import pyoxigraph as ox

from budgetkg.model.report import Indicator, PerformanceTable
from budgetkg.rdf.quads import N, zh
from budgetkg.rdf.vocab import BKG, RDF, RDFS


class PerformanceMapping:
    """Performance tables and their indicators of one report graph."""

    def map_performance(self, i: int, p: PerformanceTable) -> None:
        """A performance table, its funds, contacts, indicators and its project link."""
        add = self.g.add
        node = N(f"{self.report_iri}/performance/{i}")
        add(node, RDF.type, BKG.PerformanceTable)
        add(node, BKG.report, N(self.report_iri))
        add(N(self.report_iri), BKG.hasPerformanceTable, node)
        add(node, BKG.performanceKind, p.kind)
        add(node, BKG.projectName, zh(p.project) if p.project else None)
        add(node, BKG.unitName, zh(p.unit) if p.unit else None)
        add(node, BKG.goal, zh(p.goal) if p.goal else None)
        add(node, BKG.achieved, zh(p.achieved) if p.achieved else None)
        add(node, BKG.executionRate, p.execution_rate)
        add(node, BKG.fundsWeight, p.funds_weight)
        add(node, BKG.fundsScore, p.funds_score)
        add(node, BKG.totalWeight, p.total_weight)
        add(node, BKG.totalScore, p.total_score)
        self._source(node, p.source)
        for key, amount in p.funds.items():
            f = N(f"{node.value}/funds/{key}")
            add(f, RDF.type, BKG.FundsFigure)
            add(node, BKG.hasFunds, f)
            add(f, BKG.fundsKind, key)
            self._amount(f, amount)
        for k, (role, value) in enumerate(p.contacts):
            c = N(f"{node.value}/contact/{k}")
            add(c, RDF.type, BKG.Contact)
            add(node, BKG.hasContact, c)
            add(c, BKG.contactRole, zh(role))
            add(c, BKG.contactValue, value)
        if p.link:
            row = N(self.m.row(self.table_iris[p.link.table_index], p.link.row_index))
            add(node, BKG.forProject, row)
            add(node, BKG.linkMethod, p.link.method)
            add(node, BKG.linkConfidence, p.link.confidence)
        for ind in p.indicators:
            self.map_indicator(node, ind)

    def map_indicator(self, table: ox.NamedNode, ind: Indicator) -> None:
        add = self.g.add
        node = N(f"{table.value}/indicator/{ind.index}")
        add(node, RDF.type, BKG.Indicator)
        add(node, BKG.performanceTable, table)
        add(node, BKG.rowIndex, ind.index)
        add(node, RDFS.label, zh(ind.name))
        add(node, BKG.level1, zh(ind.level1) if ind.level1 else None)
        add(node, BKG.level2, zh(ind.level2) if ind.level2 else None)
        if ind.target:
            add(node, BKG.target, ind.target.raw)
            add(node, BKG.comparator, ind.target.comparator)
            add(node, BKG.targetValue, ind.target.value)
            add(node, BKG.targetUnit, ind.target.unit or None)
            add(node, BKG.targetUpper, ind.target.upper)
        add(node, BKG.actual, ind.actual)
        add(node, BKG.actualValue, ind.actual_value)
        add(node, BKG.weight, ind.weight)
        add(node, BKG.score, ind.score)
        add(node, BKG.deviation, zh(ind.deviation) if ind.deviation else None)
        add(node, BKG.basis, zh(ind.basis) if ind.basis else None)
        self._source(node, ind.source)
