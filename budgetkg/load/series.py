"""The link stage of ingest: organisations across reports, and a department's reports as series.

Runs once per batch, after parsing and before writing, over the store and the new reports
(one SPARQL query for the stored reports, one for the units they list):

- resolves each new report's organisation against the stored ones (:class:`budgetkg.link.resolve.Resolver`):
  a shorter region joins the one stored organisation it names (``minter.aliases``), a unit
  report whose organisation a department lists says so in its evidence;
- links reports of one organisation and scope: budget ↔ final account of the same year
  (``bkg:finalAccountReport`` / ``bkg:budgetReport``), year ↔ next year of the same kind
  (``bkg:nextYearReport`` / ``bkg:previousYearReport``);
- compares the previous year's figures a report prints with that year's stored report
  (:mod:`budgetkg.check.series`), each disagreement a finding in the new report's graph; the
  previous-year columns of its tables and its 三公 statements are linked and compared by
  :mod:`budgetkg.load.prior_links`.

Links and findings go into the graph of the newer of the two reports (the one being written),
both directions, so a report written later never rewrites an earlier graph. Projects need no
lookup: a project-table row points to its organisation's project of the same normalised name
(:meth:`budgetkg.rdf.iris.Minter.project`), so the same project in two years is one resource;
a policy document is one resource whichever report cites it.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from decimal import Decimal

import pyoxigraph as ox

from budgetkg.config import query_text, read_query
from budgetkg.link.digest import PackedDigests, ReportDigest, digest_of
from budgetkg.link.resolve import KnownOrg, Resolved, Resolver, Rule
from budgetkg.load.prior_links import link_prior_year
from budgetkg.model.report import Report, ReportKind, ReportScope
from budgetkg.rdf.iris import Minter
from budgetkg.rdf.vocab import BKG, PROV, RDF

N = ox.NamedNode


@dataclass(frozen=True)
class ReportEntry:
    """What the link stage needs of one report, stored or new."""

    iri: str
    org: str                    # organisation IRI
    key: str | None
    region: str | None
    year: int | None
    kind: ReportKind
    scope: ReportScope
    totals: dict[str, Decimal] = field(default_factory=dict, compare=False, hash=False)


@dataclass
class LinkResult:
    """Extra quads per new report graph, and notices for the user."""

    quads: dict[ox.NamedNode, list[ox.Quad]] = field(default_factory=dict)
    notices: list[str] = field(default_factory=list)


def stored_reports(store, exclude: set[str]) -> tuple[list[ReportEntry], dict[str, set[str]]]:
    """The stored reports (but those in ``exclude``, about to be replaced) and, per organisation
    key, the keys of the units its department reports list."""
    rows = store.query(read_query("links/stored-reports.rq"))
    entries: dict[str, ReportEntry] = {}
    for row in rows:
        iri = row["r"].value
        if iri in exclude:
            continue
        entry = entries.get(iri)
        if entry is None:
            entry = entries[iri] = ReportEntry(
                iri=iri, org=row["org"].value, key=_text(row["key"]), region=_text(row["region"]),
                year=int(row["year"].value) if row["year"] is not None else None,
                kind=ReportKind.FINAL if row["final"].value == "true" else ReportKind.BUDGET,
                scope=ReportScope.UNIT if _text(row["scope"]) == "unit" else ReportScope.DEPARTMENT)
        if row["tk"] is not None:
            entry.totals[row["tk"].value] = Decimal(row["amount"].value)
    units: dict[str, set[str]] = {}
    for row in store.query(read_query("links/stored-units.rq")):
        if row["r"].value not in exclude:
            units.setdefault(row["key"].value, set()).add(row["ukey"].value)
    return list(entries.values()), units


def _text(term) -> str | None:
    return term.value if term is not None else None


def _known(entries: list[ReportEntry], units: dict[str, set[str]]) -> dict[str, KnownOrg]:
    known: dict[str, KnownOrg] = {}
    for e in entries:
        if not e.key:
            continue
        old = known.get(e.key)
        dept = e.scope is ReportScope.DEPARTMENT or (old is not None and old.department_report)
        known[e.key] = KnownOrg(e.key, e.region, dept, frozenset(units.get(e.key, ())))
    return known


def _digest(report: Report | ReportDigest) -> ReportDigest:
    return report if isinstance(report, ReportDigest) else digest_of(report)


def link(store, reports: Mapping[ox.NamedNode, Report | ReportDigest], minter: Minter) -> LinkResult:
    """The link stage over the store and the batch ``reports`` (graph → its
    :class:`~budgetkg.link.digest.ReportDigest`, or the parsed report); sets ``minter.aliases`` for the
    organisations it resolved to stored ones. ``store`` is anything with a ``query`` method that
    answers SPARQL SELECT as rows of terms (the store, or a SPARQL endpoint: :mod:`budgetkg.load.gsp`).
    Given :class:`~budgetkg.link.digest.PackedDigests`, only one digest at a time is unpacked."""
    digests = reports if isinstance(reports, PackedDigests) else {g: _digest(r) for g, r in reports.items()}
    result = LinkResult()
    stored, units = stored_reports(store, {g.value for g in digests})
    known = _known(stored, units)
    resolver = Resolver(known)
    new: list[tuple[ox.NamedNode, Resolved, ReportEntry]] = []
    for graph in digests:
        d = digests[graph]
        resolved = d.department
        aliased = resolver.alias(resolved)
        if aliased.key != resolved.key:
            minter.aliases[resolved.key] = aliased.key
            result.notices.append(f"{d.source_name}: {resolved.printed} is the stored {aliased.key} "
                                  f"(a shorter region of the same name)")
        scope = d.scope or ReportScope.DEPARTMENT
        entry = ReportEntry(graph.value, minter.organization_key(resolved.key), aliased.key, aliased.region,
                            d.year, d.kind, scope, dict(d.totals))
        new.append((graph, aliased if aliased.key != resolved.key else resolved, entry))
        if scope is ReportScope.DEPARTMENT:
            units.setdefault(aliased.key, set()).update(d.unit_keys)
    every = stored + [e for *_, e in new]
    resolver = Resolver(_known(every, units))
    by_org: dict[str, list[ReportEntry]] = {}
    for e in every:
        by_org.setdefault(e.org, []).append(e)
    for graph, resolved, entry in new:
        same_org = by_org.get(entry.org, [])
        quads = result.quads.setdefault(graph, [])
        if resolved.rule is Rule.REGION_TAIL:
            _evidence(quads, graph, resolved, N(entry.org), "department", "alias")
        if entry.scope is ReportScope.UNIT:
            _unit_report(quads, graph, digests[graph].department, entry, resolver)
        _series(quads, graph, entry, same_org)
    for graph, _, entry in new:
        result.quads[graph].extend(_continued_projects(store, graph, digests[graph], entry,
                                                       by_org.get(entry.org, []), digests, minter))
    for graph, _, entry in new:
        d = digests[graph]
        findings = _previous_year(store, d, entry, by_org.get(entry.org, []), digests)
        links, prior = link_prior_year(store, graph, d, entry, by_org.get(entry.org, []), digests)
        result.quads[graph].extend(links)
        findings += prior
        if findings:
            result.quads[graph].extend(_finding_quads(graph, d, findings, minter))
    return result


def project_keys(report: Report | ReportDigest, org: str, minter: Minter) -> dict[tuple[str, str], set[str]]:
    """(code, policy IRI) → the organisation's project IRIs whose narrative description cites the
    policy and is linked to a project-table row of that code."""
    out: dict[tuple[str, str], set[str]] = {}
    for c in _digest(report).projects:
        out.setdefault((c.code, minter.policy(c.policy)), set()).add(minter.project(org, c.project))
    return out


def _stored_project_keys(store, report_iri: str) -> dict[tuple[str, str], set[str]]:
    out: dict[tuple[str, str], set[str]] = {}
    for row in store.query(query_text("links/project-keys.rq", report=str(N(report_iri)))):
        out.setdefault((row["code"].value, row["policy"].value), set()).add(row["p"].value)
    return out


def _continued_projects(store, graph, report: ReportDigest, entry: ReportEntry, same_org: list[ReportEntry],
                        batch: Mapping[ox.NamedNode, ReportDigest], minter: Minter) -> list[ox.Quad]:
    """``bkg:continues`` from a project to the previous year's project of the same organisation
    that has another name but the same functional code and policy basis — when that pair is the
    only project with the code and the policy in each year (four projects of one code citing one
    budget notice say nothing)."""
    mine = project_keys(report, entry.org, minter)
    if not mine or entry.year is None:
        return []
    quads = []
    for other in same_org:
        if other.iri == entry.iri or other.year is None or abs(other.year - entry.year) != 1 \
                or other.kind is not entry.kind or other.scope is not entry.scope:
            continue
        theirs = (project_keys(batch[N(other.iri)], other.org, minter) if N(other.iri) in batch
                  else _stored_project_keys(store, other.iri))
        for key, projects in mine.items():
            before = theirs.get(key, set())
            if len(projects) == 1 and len(before) == 1 and projects != before:
                later, earlier = (projects, before) if other.year < entry.year else (before, projects)
                quads.append(ox.Quad(N(next(iter(later))), BKG.continues, N(next(iter(earlier))), graph))
    return quads


def _previous_year(store, report: ReportDigest, entry: ReportEntry, same_org: list[ReportEntry],
                   batch: Mapping[ox.NamedNode, ReportDigest]) -> list:
    """The check of the figures ``report`` states for last year against last year's report."""
    from budgetkg.check.series import statement_findings
    if entry.year is None:
        return []
    same = [e for e in same_org if e.scope is entry.scope and e.kind is entry.kind and e.year is not None]
    out = []
    prev = next((e for e in same if e.year == entry.year - 1), None)
    if prev is not None and report.changes:
        figures = batch[N(prev.iri)].figures if N(prev.iri) in batch else _stored_coded_figures(store, prev.iri)
        out += statement_findings(report.changes, report.kind, list(report.labels), figures,
                                  f"{prev.year} {prev.kind.value} report")
    nxt = next((e for e in same if e.year == entry.year + 1 and N(e.iri) not in batch), None)
    if nxt is not None:  # next year's report is stored already: its statements about this year
        changes, labels, source = _stored_statements(store, nxt.iri)
        out += statement_findings(changes, nxt.kind, labels, report.figures, "this report",
                                  stated_in=f"the {nxt.year} report {source}")
    return out


def _stored_statements(store, report_iri: str):
    """A stored report's change statements (as :class:`ChangeStatement`), its code labels and source file."""
    from budgetkg.model.report import Amount, ChangeStatement, SourceRef
    changes, source = [], ""
    for row in store.query(query_text("links/change-statements.rq", report=str(N(report_iri)))):
        source = row["file"].value
        amount = Amount(Decimal(row["amount"].value), Decimal(row["printed"].value), row["unit"].value)
        scale = amount.yuan / amount.printed if amount.printed else Decimal(1)
        current = Decimal(row["current"].value)
        printed = (current / scale).quantize(amount.printed) if scale else current  # printed like the change
        changes.append(ChangeStatement(
            subject=row["subject"].value, direction=row["direction"].value, basis=row["basis"].value,
            source=SourceRef(source, int(row["line"].value)), code=_text(row["code"]), amount=amount,
            current=Amount(current, printed, amount.unit)))
    labels: dict[str, dict[str, str]] = {}
    for row in store.query(query_text("links/code-labels.rq", report=str(N(report_iri)))):
        labels.setdefault(row["tk"].value, {})[row["code"].value] = row["label"].value
    ordered = [labels[k] for k in (f"https://w3id.org/budgetkg/codes/table/{n}" for n in ("general-public",
                                                                                         "expenditure"))
               if k in labels]
    return changes, ordered, source


def _stored_coded_figures(store, report_iri: str):
    """Code → total of a stored report's 一般公共预算支出 table, else its 支出 table."""
    from budgetkg.link.figures import CodedFigure, _slack
    by_kind: dict[str, dict[str, CodedFigure]] = {}
    for row in store.query(query_text("links/coded-figures.rq", report=str(N(report_iri)))):
        yuan, printed = Decimal(row["amount"].value), Decimal(row["printed"].value)
        by_kind.setdefault(row["tk"].value, {}).setdefault(row["code"].value, CodedFigure(yuan, _slack(printed, yuan)))
    for kind in ("general-public", "expenditure"):
        figures = by_kind.get(f"https://w3id.org/budgetkg/codes/table/{kind}")
        if figures:
            return figures
    return {}


def _evidence(quads, graph, resolved: Resolved, org: ox.NamedNode, role: str, tag: str) -> None:
    node = N(f"{graph.value}/resolution/{tag}")
    for p, o in ((RDF.type, BKG.NameResolution), (RDF.type, PROV.Entity),
                 (BKG.printedName, ox.Literal(resolved.printed, language="zh")), (BKG.resolvedTo, org),
                 (BKG.resolutionRule, ox.Literal(resolved.rule.value)), (BKG.nameRole, ox.Literal(role)),
                 (BKG.orgKey, ox.Literal(resolved.key)), (PROV.wasDerivedFrom, graph)):
        quads.append(ox.Quad(node, p, o, graph))


def _unit_report(quads, graph, department: Resolved, entry: ReportEntry, resolver: Resolver) -> None:
    """Evidence for a unit report whose organisation a stored department report lists among its
    units (the department's graph holds the org:subOrganizationOf link)."""
    parent = resolver.parent_of_unit(entry.key) if entry.key else None
    if parent and parent[1] is Rule.LISTED_UNIT:
        _evidence(quads, graph, replace(department, rule=Rule.LISTED_UNIT), N(entry.org), "unit", "listed")


def _series(quads, graph, entry: ReportEntry, same_org: list[ReportEntry]) -> None:
    """budget ↔ final account of the same year, year ↔ next year, one organisation and scope."""
    me = graph
    for other in same_org:
        if other.iri == entry.iri or other.org != entry.org or other.scope is not entry.scope \
                or other.year is None or entry.year is None:
            continue
        o = N(other.iri)
        if other.year == entry.year and other.kind is not entry.kind:
            budget, final = (me, o) if entry.kind is ReportKind.BUDGET else (o, me)
            quads.append(ox.Quad(budget, BKG.finalAccountReport, final, graph))
            quads.append(ox.Quad(final, BKG.budgetReport, budget, graph))
        elif other.kind is entry.kind and abs(other.year - entry.year) == 1:
            prev, nxt = (o, me) if other.year < entry.year else (me, o)
            quads.append(ox.Quad(nxt, BKG.previousYearReport, prev, graph))
            quads.append(ox.Quad(prev, BKG.nextYearReport, nxt, graph))


def _finding_quads(graph, report: ReportDigest, findings, minter: Minter) -> list[ox.Quad]:
    """Findings of the link stage, numbered after the report's own (mapped as the report's own are)."""
    from budgetkg.rdf.mapping import ReportMapper
    from budgetkg.rdf.quads import GraphQuads

    class FindingMapper(ReportMapper):
        def __init__(self):  # only what map_finding reads: the graph, the report's IRI, the minter
            self.report_iri, self.g, self.m = graph.value, GraphQuads(graph.value), minter

    mapper = FindingMapper()
    for i, f in enumerate(findings, start=report.findings):
        mapper.map_finding(i, f)
    return mapper.g.quads
