"""The link stage's part for previous-year figures (issue 13): a figure of the previous year
that a report prints — a table's 上年预算数/上年执行数/上年决算数 column, or a 三公 statement
"比上年预算减少1万元" / "与上年预算数一致" — is linked to that year's report when the store (or
the batch) holds it, and compared with the figure printed there (:mod:`budgetkg.check.series`).

Which report: the same organisation and scope, the year before, and the kind the figure's basis
names (上年预算数 → that year's budget; 上年执行数/上年决算数 → its final account; a budget of
that year is never taken for an execution figure; 上年数 names none). Either report may be written
first: a report written after the next year's is compared with the previous-year figures stored
with the next year's, and the links and findings go into the graph being written.

What it needs of a report: of the new one, its :class:`~budgetkg.link.digest.ReportDigest` (its
previous-year figures, its own figures keyed for comparison and its change statements); of
another, either its digest (same batch) or its graph in the store (read here by SPARQL).
"""
from __future__ import annotations

from decimal import Decimal

import pyoxigraph as ox

from budgetkg.check.series import prior_figure_findings, three_public_statement_findings, three_public_statements
from budgetkg.config import query_text
from budgetkg.link.figures import PRIOR_REPORT_KIND, CodedFigure, FigureKey, PriorFigure, _slack, row_key
from budgetkg.model.report import Amount, ChangeStatement, FigureBasis, Finding, ReportKind, SourceRef, TableKind
from budgetkg.model.tables import ColumnKey
from budgetkg.model.units import DEFAULT_PRINTED, FACTORS
from budgetkg.rdf.vocab import BKG

N = ox.NamedNode
_CODES = "https://w3id.org/budgetkg/codes/"


def _label(entry) -> str:
    return f"{entry.year} {entry.kind.value} report"


def link_prior_year(store, graph: ox.NamedNode, report, entry, same_org: list,
                    batch) -> tuple[list[ox.Quad], list[Finding]]:
    """Links (``bkg:referencesReport``) and findings of the previous-year figures ``report``
    prints, and of those the next year's stored report prints about ``report``. ``entry`` and
    ``same_org`` are link-stage entries (iri, year, kind, scope) of this report and of the
    reports of its organisation; ``report`` and the values of ``batch`` (graph → digest of each
    report of the batch) are :class:`~budgetkg.link.digest.ReportDigest`."""
    if entry.year is None:
        return [], []
    same = [e for e in same_org if e.scope is entry.scope and e.year is not None and e.iri != entry.iri]
    quads: list[ox.Quad] = []
    findings: list[Finding] = []
    figures = list(report.prior)
    for kind in (ReportKind.BUDGET, ReportKind.FINAL):
        prev = next((e for e in same if e.year == entry.year - 1 and e.kind is kind), None)
        mine = [f for f in figures if PRIOR_REPORT_KIND[f.basis] is kind]
        statements = kind is entry.kind and bool(three_public_statements(report.changes, kind))
        if prev is None or not (mine or statements):
            continue
        needed = {f.key[0] for f in mine} | ({TableKind.THREE_PUBLIC.value} if statements else set())
        theirs = (batch[N(prev.iri)].current_figures() if N(prev.iri) in batch
                  else stored_figures(store, prev.iri, needed))
        for f in mine:
            if f.key in theirs:
                quads.append(ox.Quad(N(f"{graph.value}/prior/{f.index}"), BKG.referencesReport, N(prev.iri), graph))
        findings += prior_figure_findings(mine, theirs, _label(prev))
        if statements:
            findings += three_public_statement_findings(report.changes, entry.kind, theirs, _label(prev))
    later = [e for e in same if e.year == entry.year + 1 and N(e.iri) not in batch]
    if later:
        mine_now = report.current_figures()
        for nxt in later:
            stated = stored_prior_figures(store, nxt.iri)
            matching = [f for f in stated if PRIOR_REPORT_KIND[f.basis] is entry.kind]
            for f in matching:
                if f.key in mine_now:
                    quads.append(ox.Quad(N(f"{nxt.iri}/prior/{f.index}"), BKG.referencesReport, graph, graph))
            findings += prior_figure_findings(matching, mine_now, "this report",
                                              stated_in=f"the {nxt.year} report")
            if nxt.kind is entry.kind:
                findings += three_public_statement_findings(stored_statements(store, nxt.iri), entry.kind,
                                                            mine_now, "this report",
                                                            stated_in=f"the {nxt.year} report")
    return quads, findings


def stored_figures(store, iri: str, kinds: set[str]) -> dict[FigureKey, CodedFigure]:
    """:func:`budgetkg.check.series.report_figures` of a stored report, for the table ``kinds``
    asked for (``summary``: its totals)."""
    pairs: dict[FigureKey, CodedFigure] = {}
    wanted = ", ".join(f"<{_CODES}table/{k}>" for k in sorted(kinds - {TableKind.SUMMARY.value}))
    bad: set[FigureKey] = set()
    rows_per_table: dict[str, int] = {}
    found = []
    for row in [] if not wanted else store.query(query_text("links/table-figures.rq", report=str(N(iri)), kinds=wanted)):
        found.append(row)
    for row in [] if TableKind.THREE_PUBLIC.value not in kinds else store.query(
            query_text("links/three-public-rows.rq", report=str(N(iri)))):
        rows_per_table[row["t"].value] = int(row["n"].value)
    for row in found:
        kind = TableKind(row["tk"].value.rsplit("/", 1)[1])
        col = row["col"].value.rsplit("/", 1)[1]
        if kind is TableKind.SUMMARY or col.endswith("_budget"):
            continue
        if kind is TableKind.THREE_PUBLIC and rows_per_table.get(row["t"].value) != 1:
            continue
        if row["complete"].value != "true" and kind is not TableKind.THREE_PUBLIC:
            continue
        key = row_key(kind, _v(row["code"]), row["role"].value, None, _v(row["label"]) or "")
        if key is None:
            continue
        yuan, printed = Decimal(row["amount"].value), Decimal(row["printed"].value)
        full = (*key, col)
        if full in pairs and pairs[full].yuan != yuan:
            bad.add(full)
        pairs.setdefault(full, CodedFigure(yuan, _slack(printed, yuan)))
    for row in [] if TableKind.SUMMARY.value not in kinds else store.query(query_text("links/totals.rq", report=str(N(iri)))):
        yuan, printed = Decimal(row["amount"].value), Decimal(row["printed"].value)
        pairs[(TableKind.SUMMARY.value, row["tk"].value, ColumnKey.TOTAL)] = CodedFigure(yuan, _slack(printed, yuan))
    return {k: v for k, v in pairs.items() if k not in bad}


def stored_prior_figures(store, iri: str) -> list[PriorFigure]:
    """The previous-year amounts a stored report's tables print, keyed for comparison."""
    out = []
    for row in store.query(query_text("links/prior-figures.rq", report=str(N(iri)))):
        basis = FigureBasis(row["basis"].value.rsplit("/", 1)[1])
        if basis not in PRIOR_REPORT_KIND:
            continue
        label = _v(row["label"]) or ""
        key = row_key(TableKind(row["tk"].value.rsplit("/", 1)[1]), _v(row["code"]), row["role"].value,
                      _v(row["side"]), label)
        if key is None:
            continue
        yuan, printed = Decimal(row["amount"].value), Decimal(row["printed"].value)
        out.append(PriorFigure((*key, row["col"].value.rsplit("/", 1)[1]), basis, yuan, _slack(printed, yuan),
                               label, int(row["line"].value), index=int(row["f"].value.rsplit("/", 1)[1])))
    return out


def stored_statements(store, iri: str) -> list[ChangeStatement]:
    """A stored report's change statements about 三公 items, flat ones (no amount) included."""
    out = []
    for row in store.query(query_text("links/three-public-statements.rq", report=str(N(iri)))):
        current = Decimal(row["current"].value)
        amount = None
        unit = DEFAULT_PRINTED
        if row["amount"] is not None:
            unit = row["unit"].value
            amount = Amount(Decimal(row["amount"].value), Decimal(row["printed"].value), unit)
        scale = FACTORS.get(unit, Decimal(1))
        # the stated figure is stored in 元; printed as the report printed it, to its precision
        printed = (current / scale).normalize() if scale else current
        printed = printed if printed.as_tuple().exponent <= 0 else printed.quantize(Decimal(1))
        out.append(ChangeStatement(
            subject=row["subject"].value, direction=row["direction"].value, basis=row["basis"].value,
            source=SourceRef("", int(row["line"].value)), amount=amount, current=Amount(current, printed, unit)))
    return out


def _v(term) -> str | None:
    return term.value if term is not None else None
