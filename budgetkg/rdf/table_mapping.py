"""The tables of a report's graph: each table a ``qb:DataSet`` with its rows and their amounts as
RDF Data Cube observations (classified by the functional or economic code lists), the previous-year
figures the tables print beside them, the summaries questions read across reports (class totals,
class figures), and the codes the shipped code lists lack. A mixin of
:class:`budgetkg.rdf.mapping.ReportMapper` (it uses its graph, minter, report and ``_amount``/``_source``).
"""
from __future__ import annotations

import pyoxigraph as ox

from budgetkg.model.codes import code_list
from budgetkg.model.report import PriorYearFigure, Row, RowRole, Table, TableKind
from budgetkg.model.tables import ColumnKey
from budgetkg.rdf.quads import N, zh
from budgetkg.rdf.vocab import (
    BKG,
    DCTERMS,
    OBEU_DIM,
    OBEU_MEASURE,
    PROV,
    QB,
    RDF,
    RDFS,
    SKOS,
    XSD,
    code_concept,
    column_concept,
    prior_basis,
    proof_concept,
    table_kind_concept,
)
from budgetkg.text.amounts import format_decimal


def _scheme_of(table: Table) -> str:
    return "economic" if table.kind is TableKind.BASIC_ECONOMIC else "functional"




class TableMapping:
    """Tables, rows, observations, prior-year figures, class summaries and new codes of one report graph."""

    def map_table(self, table: Table, n: int) -> None:
        add = self.g.add
        t = N(self.m.table(self.report_iri, table.kind.value, n))
        add(t, RDF.type, BKG.ReportTable)
        add(t, RDF.type, QB.DataSet)
        add(t, BKG.report, N(self.report_iri))
        add(N(self.report_iri), BKG.hasTable, t)
        add(t, BKG.tableKind, table_kind_concept(table.kind.value))
        add(t, DCTERMS.title, zh(table.title) if table.title else None)
        add(t, BKG.tableNumber, table.number)
        add(t, BKG.unitOfPresentation, table.unit)
        add(t, BKG.columnOrder, " ".join(table.columns) if table.columns else None)
        add(t, BKG.declaredEmpty, table.declared_empty)
        add(t, BKG.origin, table.origin)
        if table.proof is not None:
            add(t, BKG.proofStatus, proof_concept(table.proof.status.value))
            add(t, BKG.sumsTested, table.proof.identities)
            add(t, BKG.sumsFailed, table.proof.failed)
            add(t, BKG.proofReason, table.proof.reason or None)
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
            amount = found[0].amounts.get(ColumnKey.TOTAL) if len(found) == 1 else None
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
            add(c, BKG.derived, True if found[0].derived_from else None)  # summed from 项 rows, not printed
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
        def classes(table: Table, derived: bool) -> list[Row]:
            if ColumnKey.TOTAL not in table.columns:
                return []
            return [row for row in table.rows if row.code and len(row.code) == 3
                    and row.amounts.get(ColumnKey.TOTAL) is not None and (derived or not row.derived_from)]

        add = self.g.add
        tables = list(zip(self.r.tables, self.table_iris))
        # printed 类 rows first; 类 rows derived from 项 rows only where no table prints any
        for kind, derived in [(k, False) for k in self.CLASS_FIGURE_TABLES] + [(k, True) for k in self.CLASS_FIGURE_TABLES]:
            of_kind = [(table, iri) for table, iri in tables if table.kind is kind]
            if not any(classes(table, derived) for table, _ in of_kind):
                continue
            for table, iri in of_kind:
                for row in classes(table, derived):
                    if row.role not in (RowRole.LINE, RowRole.AGGREGATE):
                        continue
                    w = self.m.row(iri, row.index)
                    f = N(f"{w}/class-figure")
                    add(f, RDF.type, BKG.ClassFigure)
                    add(f, BKG.report, N(self.report_iri))
                    add(f, BKG.row, N(w))
                    add(f, BKG.code, row.code)
                    add(f, OBEU_MEASURE.amount, row.amounts[ColumnKey.TOTAL].yuan)
                    add(f, BKG.derived, True if row.derived_from else None)
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
        add(w, RDFS.label, zh(row.label) if row.label else None)
        add(w, BKG.rowRole, row.role.value)
        add(w, BKG.side, row.side)
        add(w, BKG.code, row.code)
        add(w, BKG.projectName, zh(row.project) if row.project else None)
        if row.project and table.kind is TableKind.PROJECTS:
            self.map_project(w, row.project)
        add(w, BKG.namePath, zh("/".join(row.name_path)) if row.name_path else None)
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
            if col in table.derived:  # computed from the row's printed parts, not printed itself
                add(o, BKG.derived, True)
                for part in table.derived[col]:
                    if part in row.amounts:
                        add(o, PROV.wasDerivedFrom, N(self.m.observation(w.value, part)))
            elif row.derived_from:  # a 类/款 row summed from the printed 项 rows under it
                add(o, BKG.derived, True)
                for i in row.derived_from:
                    if col in table.rows[i].amounts:
                        add(o, PROV.wasDerivedFrom, N(self.m.observation(self.m.row(t.value, i), col)))
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
        add(node, BKG.headerText, zh(f.header) if f.header else None)
        if f.amount is not None:
            self._amount(node, f.amount)
        add(node, BKG.percent, format_decimal(f.percent) if f.percent is not None else None)
        self._source(node, f.source)

    def map_new_codes(self) -> None:
        """Codes the shipped lists lack: added with the report's label, marked as such."""
        add = self.g.add
        for (scheme, code), label in sorted(self.new_codes.items()):
            c = code_concept(scheme, code)
            add(c, RDF.type, SKOS.Concept)
            add(c, SKOS.notation, code)
            add(c, SKOS.prefLabel, zh(label))
            add(c, SKOS.inScheme, N(code_list(scheme).iri("").rstrip("/")))
            add(c, BKG.listedInCodeList, False)
            if len(code) > 3:
                add(c, SKOS.broader, code_concept(scheme, code[:-2]))
            add(c, PROV.wasDerivedFrom, N(self.report_iri))
