"""The organisation part of a report's graph: the organisation the report is about, with its
labels, key and region, its internal divisions and subordinate units, its staffing records, the
evidence for how each printed name was resolved (:mod:`budgetkg.link.resolve`), a unit report's
own unit, and the project resources of the project table. A mixin of
:class:`budgetkg.rdf.mapping.ReportMapper` (it uses its graph, minter, report and ``_source``).
"""
from __future__ import annotations

from dataclasses import replace

import pyoxigraph as ox

from budgetkg.link.resolve import Resolved, Rule, resolve_unit
from budgetkg.model.report import ReportScope, Staffing, UnitRelation
from budgetkg.rdf.quads import N, zh
from budgetkg.rdf.vocab import BKG, ORG, PROV, RDF, SKOS


class OrganizationMapping:
    """Organisation, units, staffing, resolution evidence, own unit and project resources of one report graph."""

    def map_unit(self, index: int, unit: UnitRelation) -> None:
        add = self.g.add
        if unit.relation == "internal":
            u = N(self.m.division(self.dept.value, unit.name))
            add(u, RDF.type, BKG.InternalDivision)
            add(u, RDF.type, ORG.OrganizationalUnit)
            add(self.dept, ORG.hasUnit, u)
            add(u, ORG.unitOf, self.dept)
        else:
            resolved = resolve_unit(unit.name, self.parent)
            u = N(self.m.organization_key(resolved.key))
            self._org_identity(u, resolved)
            self._resolution(u, resolved, "subordinate")
            add(u, RDF.type, BKG.BudgetUnit)
            add(u, RDF.type, ORG.FormalOrganization)
            add(self.dept, ORG.hasSubOrganization, u)
            add(u, ORG.subOrganizationOf, self.dept)
        add(u, SKOS.prefLabel, zh(unit.name))
        add(u, BKG.rowIndex, index)
        self._source(u, unit.source)

    def map_staffing(self, i: int, s: Staffing) -> None:
        add = self.g.add
        node = N(f"{self.report_iri}/staffing/{i}")
        unit = self.dept if s.unit == self.r.department.name else N(
            self.m.organization_key(resolve_unit(s.unit, self.parent).key))
        add(node, RDF.type, BKG.StaffingRecord)
        add(node, BKG.report, N(self.report_iri))
        add(node, BKG.staffOf, unit)
        if unit != self.dept:
            add(unit, SKOS.prefLabel, zh(s.unit))
        add(node, BKG.authorizedPositions, s.authorized)
        add(node, BKG.actualStaff, s.actual)
        add(node, BKG.inServiceStaff, s.in_service)
        add(node, BKG.retiredStaff, s.retired)
        self._source(node, s.source)

    def map_department(self) -> None:
        """The organisation the report is about: a department (a unit report's organisation is
        typed by the link stage, which knows whether a department of that name is stored), its
        printed name, second names and key form as labels, region, and how it was resolved."""
        d, add = self.r.department, self.g.add
        if self.r.scope is not ReportScope.UNIT:
            add(self.dept, RDF.type, BKG.Department)
        add(self.dept, RDF.type, ORG.FormalOrganization)
        add(self.dept, SKOS.prefLabel, zh(d.name))
        for alt in dict.fromkeys((*d.alt_names, self.resolved.key)):
            if alt != d.name:
                add(self.dept, SKOS.altLabel, zh(alt))
        self._org_identity(self.dept, self.resolved)
        self._resolution(self.dept, self.resolved, "department")
        if self.r.scope is ReportScope.UNIT:
            self.map_own_unit()

    def map_own_unit(self) -> None:
        """A unit report (单位预算/决算) is about its organisation's own unit (本级): the unit
        ``<org>/本级``, part of the organisation — so a department's unit budget and its department
        budget share one department, whichever is ingested first."""
        add, name = self.g.add, self.r.department.name
        unit = N(self.m.own_unit(self.dept.value))
        add(N(self.report_iri), BKG.budgetUnit, unit)
        add(unit, RDF.type, BKG.BudgetUnit)
        add(unit, RDF.type, ORG.FormalOrganization)
        add(unit, ORG.subOrganizationOf, self.dept)  # (no hasSubOrganization: not a unit the report lists)
        add(unit, SKOS.prefLabel, zh(f"{name}（本级）"))
        add(unit, SKOS.altLabel, zh(name))
        self._resolution(unit, replace(self.resolved, rule=Rule.OWN_UNIT), "unit")

    def _org_identity(self, org: ox.NamedNode, resolved: Resolved) -> None:
        self.g.add(org, BKG.orgKey, self.m.aliases.get(resolved.key, resolved.key))
        self.g.add(org, BKG.region, zh(resolved.region) if resolved.region else None)

    def _resolution(self, org: ox.NamedNode, resolved: Resolved, role: str) -> None:
        """Evidence for one resolved name: which name, in which report, by which rule."""
        add = self.g.add
        node = N(f"{self.report_iri}/resolution/{self.resolutions}")
        self.resolutions += 1
        add(node, RDF.type, BKG.NameResolution)
        add(node, RDF.type, PROV.Entity)
        add(node, BKG.printedName, zh(resolved.printed))
        add(node, BKG.resolvedTo, org)
        add(node, BKG.resolutionRule, resolved.rule.value)
        add(node, BKG.nameRole, role)
        add(node, BKG.orgKey, resolved.key)
        if resolved.region:
            add(node, BKG.region, zh(resolved.region))
            add(node, BKG.regionSource, "name" if resolved.rule.value == "region-in-name"
                else self.region_source.value if self.region_source else None)
        add(node, PROV.wasDerivedFrom, N(self.report_iri))

    def map_project(self, row: ox.NamedNode, name: str) -> None:
        """The project a project-table row is about: one resource per department and normalised
        name, so the same project in two years' reports is one resource (``bkg:project``)."""
        add = self.g.add
        p = N(self.m.project(self.dept.value, name))
        add(row, BKG.project, p)
        add(p, RDF.type, BKG.Project)
        add(p, SKOS.prefLabel, zh(name))
        add(p, BKG.projectOf, self.dept)

