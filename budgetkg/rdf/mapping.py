"""Map a :class:`~budgetkg.model.report.Report` to the quads of its named graph.

One function per model class. Reads only the model (never report text), emits
pyoxigraph quads in a deterministic order, and mints IRIs through :class:`Minter`.
The graph name is the report's IRI.
"""
from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pyoxigraph as ox

from budgetkg.link.resolve import department_of, report_region, resolve_unit
from budgetkg.model.codes import code_list
from budgetkg.model.report import (
    ChangeStatement,
    Comparison,
    Figure,
    Finding,
    Indicator,
    PerformanceTable,
    PolicyReference,
    PriorYearFigure,
    ProjectDescription,
    Report,
    ReportKind,
    Row,
    RowRole,
    ShareStatement,
    Staffing,
    Table,
    TableKind,
    UnitRelation,
)
from budgetkg.rdf.iris import Minter
from budgetkg.rdf.organizations import OrganizationMapping
from budgetkg.rdf.vocab import (
    BKG,
    BUDGET_PHASE,
    CURRENCY,
    DCTERMS,
    OBEU_DIM,
    OBEU_MEASURE,
    ORG,
    PROV,
    QB,
    RDF,
    RDFS,
    SKOS,
    XSD,
    check_kind,
    code_concept,
    column_concept,
    prior_basis,
    severity,
    table_kind_concept,
)
from budgetkg.text.amounts import format_decimal
from budgetkg.text.names import search_labels

N = ox.NamedNode


def _lit(value) -> ox.Literal:
    if isinstance(value, bool):
        return ox.Literal("true" if value else "false", datatype=XSD.boolean)
    if isinstance(value, int):
        return ox.Literal(str(value), datatype=XSD.integer)
    if isinstance(value, Decimal):
        return ox.Literal(format_decimal(value), datatype=XSD.decimal)
    return ox.Literal(str(value))


def _zh(text: str) -> ox.Literal:
    return ox.Literal(text, language="zh")


class _Graph:
    """Collects the quads of one named graph."""

    def __init__(self, name: str):
        self.name = N(name)
        self.quads: list[ox.Quad] = []

    def add(self, s, p, o) -> None:
        if o is None:
            return
        if not isinstance(o, (ox.NamedNode, ox.Literal, ox.BlankNode)):
            o = _lit(o)
        self.quads.append(ox.Quad(s if isinstance(s, ox.NamedNode) else N(s), p, o, self.name))


def _scheme_of(table: Table) -> str:
    return "economic" if table.kind is TableKind.BASIC_ECONOMIC else "functional"


class ReportMapper(OrganizationMapping):
    """Maps one report; ``quads()`` returns its graph."""

    def __init__(self, report: Report, minter: Minter):
        self.r = report
        self.m = minter
        self.report_iri = minter.report(report)
        self.g = _Graph(self.report_iri)
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
        add(s, DCTERMS.title, _zh(r.title) if r.title else None)
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

    _TOTAL_PROPERTY = {"income": BKG.totalIncome, "expenditure": BKG.totalExpenditure}

    def map_summary(self) -> None:
        """What questions look up for every report, on the report itself so that finding it is one
        index lookup: the department's name as printed, its search forms (normalised names and short
        forms, see :func:`budgetkg.text.names.search_labels`) and the report's income and expenditure totals."""
        r, s, add = self.r, N(self.report_iri), self.g.add
        add(s, BKG.departmentLabel, _zh(r.department.name))
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
        add(u, SKOS.prefLabel, _zh(unit.name))
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
            add(unit, SKOS.prefLabel, _zh(s.unit))
        add(node, BKG.authorizedPositions, s.authorized)
        add(node, BKG.actualStaff, s.actual)
        add(node, BKG.inServiceStaff, s.in_service)
        add(node, BKG.retiredStaff, s.retired)
        self._source(node, s.source)

    def map_table(self, table: Table, n: int) -> None:
        add = self.g.add
        t = N(self.m.table(self.report_iri, table.kind.value, n))
        add(t, RDF.type, BKG.ReportTable)
        add(t, RDF.type, QB.DataSet)
        add(t, BKG.report, N(self.report_iri))
        add(N(self.report_iri), BKG.hasTable, t)
        add(t, BKG.tableKind, table_kind_concept(table.kind.value))
        add(t, DCTERMS.title, _zh(table.title) if table.title else None)
        add(t, BKG.tableNumber, table.number)
        add(t, BKG.unitOfPresentation, table.unit)
        add(t, BKG.declaredEmpty, table.declared_empty)
        add(t, BKG.origin, table.origin)
        self._source(t, table.source)
        for row in table.rows:
            self.map_row(table, t, row)
        if table.kind is TableKind.EXPENDITURE and n == 0:
            self.map_class_totals(table, t)

    def map_class_totals(self, table: Table, t: ox.NamedNode) -> None:
        """Summary: the report's expenditure per 类 (a copy of each 3-digit row's total in the
        expenditure table), with its fiscal year, so totals by class and year over the whole store
        read a few triples per report. A code printed on more than one line/aggregate row is left out
        (which one is the class total is not certain)."""
        add = self.g.add
        rows: dict[str, list[Row]] = {}
        for row in table.rows:
            if row.code and len(row.code) == 3 and row.role in (RowRole.LINE, RowRole.AGGREGATE):
                rows.setdefault(row.code, []).append(row)
        for code, found in rows.items():
            amount = found[0].amounts.get("total") if len(found) == 1 else None
            if amount is None:
                if len(found) > 1:  # said, so a reader of the summaries knows the class is not missing
                    add(N(self.report_iri), BKG.classTotalOmitted, code)
                continue
            c = N(f"{self.report_iri}/class-total/{code}")
            add(c, RDF.type, BKG.ClassTotal)
            add(c, BKG.report, N(self.report_iri))
            add(c, BKG.row, N(self.m.row(t.value, found[0].index)))
            add(c, BKG.code, code)
            add(c, OBEU_DIM.functionalClassification, code_concept("functional", code))
            add(c, BKG.fiscalYear, self.r.year)
            add(c, OBEU_MEASURE.amount, amount.yuan)
            self._source(c, found[0].source)

    #: The tables a report's 类 figures are read from, best first (see :meth:`map_class_figures`).
    CLASS_FIGURE_TABLES = (TableKind.EXPENDITURE, TableKind.SUMMARY, TableKind.GENERAL_PUBLIC)

    def map_class_figures(self) -> None:
        """Summary for the questions across reports (trend, compare, top-changes): each 类 row of the
        report's best table that prints classes — the expenditure tables, else the summary tables,
        else the general public budget tables, the first kind with a 3-digit row that has a total —
        as a ``bkg:ClassFigure`` pointing to that row, with its code and total. The rule is the one
        those questions applied to every row of every report when they ran; read from here, a
        question over ten thousand reports reads a few triples a report. Every line/aggregate row of
        that kind is kept (a code printed twice gives two figures, as the rows gave two answers)."""
        def classes(table: Table) -> list[Row]:
            if "total" not in table.columns:
                return []
            return [row for row in table.rows
                    if row.code and len(row.code) == 3 and row.amounts.get("total") is not None]

        add = self.g.add
        tables = list(zip(self.r.tables, self.table_iris))
        for kind in self.CLASS_FIGURE_TABLES:
            of_kind = [(table, iri) for table, iri in tables if table.kind is kind]
            if not any(classes(table) for table, _ in of_kind):
                continue
            for table, iri in of_kind:
                for row in classes(table):
                    if row.role not in (RowRole.LINE, RowRole.AGGREGATE):
                        continue
                    w = self.m.row(iri, row.index)
                    f = N(f"{w}/class-figure")
                    add(f, RDF.type, BKG.ClassFigure)
                    add(f, BKG.report, N(self.report_iri))
                    add(f, BKG.row, N(w))
                    add(f, BKG.code, row.code)
                    add(f, OBEU_MEASURE.amount, row.amounts["total"].yuan)
            return

    def _concept(self, table: Table, row: Row) -> ox.NamedNode | None:
        if not row.code:
            return None
        scheme = _scheme_of(table)
        if code_list(scheme).name(row.code) is None:
            self.new_codes.setdefault((scheme, row.code), row.label)
        return code_concept(scheme, row.code)

    def map_row(self, table: Table, t: ox.NamedNode, row: Row) -> None:
        add = self.g.add
        w = N(self.m.row(t.value, row.index))
        add(w, RDF.type, BKG.TableRow)
        add(w, BKG.table, t)
        add(w, BKG.rowIndex, row.index)
        add(w, RDFS.label, _zh(row.label) if row.label else None)
        add(w, BKG.rowRole, row.role.value)
        add(w, BKG.side, row.side)
        add(w, BKG.code, row.code)
        add(w, BKG.projectName, _zh(row.project) if row.project else None)
        if row.project and table.kind is TableKind.PROJECTS:
            self.map_project(w, row.project)
        add(w, BKG.namePath, _zh("/".join(row.name_path)) if row.name_path else None)
        add(w, BKG.complete, row.complete)
        concept = self._concept(table, row)
        add(w, BKG.classification, concept)
        self._source(w, row.source)
        dim = OBEU_DIM.economicClassification if _scheme_of(table) == "economic" \
            else OBEU_DIM.functionalClassification
        for col in table.columns:
            amount = row.amounts.get(col)
            if amount is None:
                continue
            o = N(self.m.observation(w.value, col))
            add(o, RDF.type, QB.Observation)
            add(o, RDF.type, BKG.AmountObservation)
            add(o, QB.dataSet, t)
            add(o, BKG.row, w)
            add(o, BKG.column, column_concept(col))
            self._amount(o, amount)
            add(o, OBEU_DIM.fiscalYear, ox.Literal(str(self.r.year), datatype=XSD.gYear)
                if self.r.year else None)
            add(o, OBEU_DIM.budgetPhase, self.phase)
            add(o, OBEU_DIM.organization, self.dept)
            add(o, dim, concept)
            self._source(o, row.source)

    def map_prior(self, i: int, f: PriorYearFigure) -> None:
        """A previous-year figure a table prints (上年执行数, 2025年预算数, 增减): on its row and
        beside its column, with its basis (SKOS), year and what it measures — never an
        observation of the table (the report's own figures), so no question sums it by mistake."""
        add = self.g.add
        node = N(f"{self.report_iri}/prior/{i}")
        add(node, RDF.type, BKG.PriorYearFigure)
        add(node, RDF.type, PROV.Entity)
        add(node, BKG.report, N(self.report_iri))
        add(node, BKG.standsOnRow, N(self.m.row(self.table_iris[f.table_index], f.row_index)))
        add(node, BKG.column, column_concept(f.column))
        add(node, BKG.code, f.code)
        add(node, BKG.priorBasis, prior_basis(f.basis.value))
        add(node, BKG.priorMeasure, f.measure.value)
        add(node, BKG.figureYear, ox.Literal(str(f.year), datatype=XSD.gYear) if f.year else None)
        add(node, BKG.headerText, _zh(f.header) if f.header else None)
        if f.amount is not None:
            self._amount(node, f.amount)
        add(node, BKG.percent, format_decimal(f.percent) if f.percent is not None else None)
        self._source(node, f.source)

    def map_finding(self, i: int, f: Finding) -> None:
        add = self.g.add
        node = N(f"{self.report_iri}/finding/{i}")
        add(node, RDF.type, BKG.Finding)
        add(node, BKG.report, N(self.report_iri))
        add(node, BKG.check, check_kind(f.check))
        add(node, BKG.severity, severity(f.severity))
        add(node, BKG.tableName, f.table)
        add(node, BKG.rowLabel, f.row)
        add(node, BKG.expected, f.expected)
        add(node, BKG.found, f.found)
        add(node, RDFS.comment, ox.Literal(f.message, language="en"))
        if f.message_zh:
            add(node, RDFS.comment, ox.Literal(f.message_zh, language="zh"))
        add(node, BKG.quote, _zh(f.quote) if f.quote else None)
        self._source(node, f.source)

    def map_performance(self, i: int, p: PerformanceTable) -> None:
        """A performance table, its funds, contacts, indicators and its project link."""
        add = self.g.add
        node = N(f"{self.report_iri}/performance/{i}")
        add(node, RDF.type, BKG.PerformanceTable)
        add(node, BKG.report, N(self.report_iri))
        add(N(self.report_iri), BKG.hasPerformanceTable, node)
        add(node, BKG.performanceKind, p.kind)
        add(node, BKG.projectName, _zh(p.project) if p.project else None)
        add(node, BKG.unitName, _zh(p.unit) if p.unit else None)
        add(node, BKG.goal, _zh(p.goal) if p.goal else None)
        add(node, BKG.achieved, _zh(p.achieved) if p.achieved else None)
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
            add(c, BKG.contactRole, _zh(role))
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
        add(node, RDFS.label, _zh(ind.name))
        add(node, BKG.level1, _zh(ind.level1) if ind.level1 else None)
        add(node, BKG.level2, _zh(ind.level2) if ind.level2 else None)
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
        add(node, BKG.deviation, _zh(ind.deviation) if ind.deviation else None)
        add(node, BKG.basis, _zh(ind.basis) if ind.basis else None)
        self._source(node, ind.source)

    def map_figure(self, f: Figure) -> None:
        """A figure stated in the text, with the report's budget phase."""
        add = self.g.add
        node = N(f"{self.report_iri}/figure/{f.key}")
        add(node, RDF.type, BKG.ReportFigure)
        add(node, BKG.report, N(self.report_iri))
        add(node, BKG.figureKind, f.key)
        add(node, RDFS.label, _zh(f.label))
        add(node, OBEU_DIM.budgetPhase, self.phase)
        add(node, OBEU_DIM.organization, self.dept)
        if f.amount:
            self._amount(node, f.amount)
        add(node, BKG.quantity, f.quantity)
        add(node, BKG.quantityUnit, f.quantity_unit)
        self._source(node, f.source)

    def map_comparison(self, i: int, c: Comparison) -> None:
        """年初/全年预算数 beside 决算数, amounts in 元, the printed 预决算差异率 in percent."""
        add = self.g.add
        node = N(f"{self.report_iri}/comparison/{i}")
        add(node, RDF.type, BKG.BudgetComparison)
        add(node, BKG.report, N(self.report_iri))
        add(node, BKG.item, _zh(c.item))
        add(node, BKG.rowIndex, i)
        add(node, BKG.budgetAmount, c.budget.yuan)
        add(node, BKG.finalAmount, c.final.yuan)
        add(node, BKG.differenceRate, c.rate)
        add(node, BKG.printedUnit, c.budget.unit)
        self._source(node, c.source)

    def map_change(self, i: int, c: ChangeStatement) -> None:
        """A change statement: subject (coded where it names a classification), direction,
        amount in 元, percent as written, basis of comparison, reason."""
        add = self.g.add
        node = N(f"{self.report_iri}/change/{i}")
        add(node, RDF.type, BKG.ChangeStatement)
        add(node, BKG.report, N(self.report_iri))
        add(node, BKG.rowIndex, i)
        add(node, BKG.subject, _zh(c.subject))
        if c.code:
            add(node, BKG.code, c.code)
            add(node, BKG.classification, code_concept("functional", c.code))
        add(node, BKG.direction, c.direction)
        if c.amount:
            add(node, OBEU_MEASURE.amount, c.amount.yuan)
            add(node, BKG.printedAmount, c.amount.printed)
            add(node, BKG.printedUnit, c.amount.unit)
        add(node, BKG.percent, str(c.percent) if c.percent is not None else None)  # as written
        add(node, BKG.basis, _zh(c.basis))
        add(node, BKG.reason, _zh(c.reason) if c.reason else None)
        add(node, BKG.statedAmount, c.current.yuan if c.current else None)
        self._source(node, c.source)

    def map_share(self, i: int, sh: ShareStatement) -> None:
        """"基本支出 576.74 万元，占 21.23%"."""
        add = self.g.add
        node = N(f"{self.report_iri}/share/{i}")
        add(node, RDF.type, BKG.ShareStatement)
        add(node, BKG.report, N(self.report_iri))
        add(node, BKG.subject, _zh(sh.subject))
        if sh.code:
            add(node, BKG.code, sh.code)
        self._amount(node, sh.amount)
        add(node, BKG.percent, str(sh.percent))
        self._source(node, sh.source)

    def map_policy(self, p: PolicyReference) -> None:
        add = self.g.add
        node = N(self.m.policy(p.key))
        add(node, RDF.type, BKG.PolicyDocument)
        add(node, DCTERMS.identifier, p.number)
        add(node, DCTERMS.title, _zh(p.title) if p.title else None)
        add(node, BKG.citedIn, N(self.report_iri))
        self._source(node, p.source)

    def map_project_description(self, i: int, d: ProjectDescription) -> None:
        add = self.g.add
        node = N(f"{self.report_iri}/project-description/{i}")
        add(node, RDF.type, BKG.ProjectDescription)
        add(node, BKG.report, N(self.report_iri))
        add(node, BKG.projectName, _zh(d.name))
        if d.scale:
            self._amount(node, d.scale)
        for k, (label, value) in enumerate(d.fields):
            f = N(f"{node.value}/field/{k}")
            add(node, BKG.hasField, f)
            add(f, BKG.fieldLabel, _zh(label))
            add(f, BKG.fieldValue, _zh(value))
            add(f, BKG.rowIndex, k)
            if label in ("项目承担单位", "项目实施单位") and value:
                add(node, BKG.implementer, _zh(value))
        if d.implementer:
            kind, name = d.implementer
            org = self.dept if kind == "department" else N(
                self.m.division(self.dept.value, name) if kind == "internal" else self.m.organization(name, self.region))
            add(node, BKG.implementedBy, org)
            if kind == "external":
                add(org, RDF.type, ORG.FormalOrganization)
                add(org, SKOS.prefLabel, _zh(name))
        for key in d.policies:
            add(node, BKG.citesPolicy, N(self.m.policy(key)))
        if d.link:
            add(node, BKG.forProject, N(self.m.row(self.table_iris[d.link.table_index], d.link.row_index)))
            add(node, BKG.linkMethod, d.link.method)
        self._source(node, d.source)

    def map_new_codes(self) -> None:
        """Codes the shipped lists lack: added with the report's label, marked as such."""
        add = self.g.add
        for (scheme, code), label in sorted(self.new_codes.items()):
            c = code_concept(scheme, code)
            add(c, RDF.type, SKOS.Concept)
            add(c, SKOS.notation, code)
            add(c, SKOS.prefLabel, _zh(label))
            add(c, SKOS.inScheme, N(code_list(scheme).iri("").rstrip("/")))
            add(c, BKG.listedInCodeList, False)
            if len(code) > 3:
                add(c, SKOS.broader, code_concept(scheme, code[:-2]))
            add(c, PROV.wasDerivedFrom, N(self.report_iri))


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
