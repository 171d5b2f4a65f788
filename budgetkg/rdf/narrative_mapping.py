"""What a report's text states, as facts of its graph: figures, budget/final comparisons, change and
share statements, the policy documents it cites, and its project descriptions with their
implementers. A mixin of :class:`budgetkg.rdf.mapping.ReportMapper`.
"""
from __future__ import annotations

from budgetkg.model.report import (
    ChangeStatement,
    Comparison,
    Figure,
    Passage,
    PolicyReference,
    ProjectDescription,
    ShareStatement,
)
from budgetkg.rdf.quads import N, zh
from budgetkg.rdf.vocab import BKG, DCTERMS, OBEU_DIM, OBEU_MEASURE, ORG, RDF, RDFS, SKOS, code_concept


class NarrativeMapping:
    """Facts stated in the report's text, of one report graph."""

    def map_figure(self, f: Figure) -> None:
        """A figure stated in the text, with the report's budget phase."""
        add = self.g.add
        node = N(f"{self.report_iri}/figure/{f.key}")
        add(node, RDF.type, BKG.ReportFigure)
        add(node, BKG.report, N(self.report_iri))
        add(node, BKG.figureKind, f.key)
        add(node, RDFS.label, zh(f.label))
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
        add(node, BKG.item, zh(c.item))
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
        add(node, BKG.subject, zh(c.subject))
        if c.code:
            add(node, BKG.code, c.code)
            add(node, BKG.classification, code_concept("functional", c.code))
        add(node, BKG.direction, c.direction)
        if c.amount:
            add(node, OBEU_MEASURE.amount, c.amount.yuan)
            add(node, BKG.printedAmount, c.amount.printed)
            add(node, BKG.printedUnit, c.amount.unit)
        add(node, BKG.percent, str(c.percent) if c.percent is not None else None)  # as written
        add(node, BKG.basis, zh(c.basis))
        add(node, BKG.reason, zh(c.reason) if c.reason else None)
        add(node, BKG.statedAmount, c.current.yuan if c.current else None)
        self._source(node, c.source)

    def map_share(self, i: int, sh: ShareStatement) -> None:
        """"基本支出 576.74 万元，占 21.23%"."""
        add = self.g.add
        node = N(f"{self.report_iri}/share/{i}")
        add(node, RDF.type, BKG.ShareStatement)
        add(node, BKG.report, N(self.report_iri))
        add(node, BKG.subject, zh(sh.subject))
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
        add(node, DCTERMS.title, zh(p.title) if p.title else None)
        add(node, BKG.citedIn, N(self.report_iri))
        self._source(node, p.source)

    def map_project_description(self, i: int, d: ProjectDescription) -> None:
        add = self.g.add
        node = N(f"{self.report_iri}/project-description/{i}")
        add(node, RDF.type, BKG.ProjectDescription)
        add(node, BKG.report, N(self.report_iri))
        add(node, BKG.projectName, zh(d.name))
        if d.scale:
            self._amount(node, d.scale)
        for k, (label, value) in enumerate(d.fields):
            f = N(f"{node.value}/field/{k}")
            add(node, BKG.hasField, f)
            add(f, BKG.fieldLabel, zh(label))
            add(f, BKG.fieldValue, zh(value))
            add(f, BKG.rowIndex, k)
            if label in ("项目承担单位", "项目实施单位") and value:
                add(node, BKG.implementer, zh(value))
        if d.implementer:
            kind, name = d.implementer
            org = self.dept if kind == "department" else N(
                self.m.division(self.dept.value, name) if kind == "internal" else self.m.organization(name, self.region))
            add(node, BKG.implementedBy, org)
            if kind == "external":
                add(org, RDF.type, ORG.FormalOrganization)
                add(org, SKOS.prefLabel, zh(name))
        for key in d.policies:
            add(node, BKG.citesPolicy, N(self.m.policy(key)))
        if d.link:
            add(node, BKG.forProject, N(self.m.row(self.table_iris[d.link.table_index], d.link.row_index)))
            add(node, BKG.linkMethod, d.link.method)
        self._source(node, d.source)

    def map_passage(self, i: int, p: Passage) -> None:
        """A paragraph of the prose with its part, first line and line map (what search indexes);
        in a report read from two files, the file it was printed in."""
        add = self.g.add
        node = N(f"{self.report_iri}/passage/{i}")
        add(node, RDF.type, BKG.Passage)
        add(node, DCTERMS.isPartOf, N(self.report_iri))
        add(node, BKG.rowIndex, i)
        add(node, BKG.textPart, p.part)
        add(node, RDF.value, zh(p.text))
        add(node, BKG.lineMap, " ".join(f"{o}:{line}:{'' if page is None else page}" for o, line, page in p.lines))
        if p.source.file != self.r.source_name:
            add(node, BKG.sourceFile, p.source.file)
        self._source(node, p.source)
