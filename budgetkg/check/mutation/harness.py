"""The fault-injection run: plant one error at a time into real reports, check, compare with the clean
report's findings.

For each kind (:data:`~budgetkg.check.mutation.kinds.KINDS`) a generator seeded by ``seed`` and the
kind's id draws a report (uniformly among the reports the kind can plant into, so a long report
does not dominate) and a site in it, plants, and runs the checker ``budgetkg check`` runs
(:func:`budgetkg.check.read.process_document`: segment, parse, prove, check) on the planted
document. A finding is *new* when the clean report has no finding with the same check, table,
row, severity, line (in the clean numbering), expected and found value. A planted error is
*detected* when a new error or warning finding points at its place (:class:`~.plant.Place`):

- its line lies in the place's lines: the planted row's table (title to last row) for a table
  figure — a sum that a changed figure breaks is printed on its parent's or total row — and the
  planted sentence for the narrative kinds, the planted line for a name;
- or its expected or found value is the planted figure in 元 (the same figure printed in another
  table, reported there) or the figure it replaced (the prose still stating it);
- or it is about the deleted table's kind (a deleted table is reported where the 目录 lists it,
  or nowhere in particular);
- or its quote holds the planted text.

Every other new error or warning finding is *false*: a finding the planted error should not
cause. A document the planted error makes unreadable (the parser refuses it) is counted apart.
Kinds differ in seed streams, so adding a kind leaves the others' draws as they were.
"""
from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from budgetkg.check.mutation.kinds import KINDS, MutationKind, Site
from budgetkg.check.mutation.plant import Plant
from budgetkg.check.read import process_document
from budgetkg.errors import BudgetKGError
from budgetkg.model.report import Finding, Report, Severity
from budgetkg.sources.document import Document
from budgetkg.sources.read import discover_reports, read_document

FindingKey = tuple[str, str, str, str, int | None, str | None, str | None]
SERIOUS = (Severity.ERROR, Severity.WARNING)


@dataclass
class Clean:
    """A report as read, its clean findings (the baseline) and, per kind, the sites it offers."""

    path: Path
    document: Document
    report: Report
    baseline: Counter[FindingKey]
    sites: dict[str, list[Site]] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return self.document.name


@dataclass(frozen=True)
class Outcome:
    """One planted error and what the checker said: the new findings at its place, the false ones."""

    plant: Plant
    hits: tuple[Finding, ...] = ()
    false: tuple[Finding, ...] = ()
    refused: str | None = None

    @property
    def detected(self) -> bool:
        return bool(self.hits)


def finding_key(f: Finding, line_of: Callable[[int], int] = int) -> FindingKey:
    line = line_of(f.source.line) if f.source is not None else None
    return (f.check, f.table, f.row, f.severity.value, line, f.expected, f.found)


def load_clean(paths: Iterable[Path], progress: Callable[[str], None] | None = None) -> list[Clean]:
    """The reports among ``paths`` (files or folders) that are read and checked without being refused,
    with their clean findings and the sites of every kind."""
    out = []
    for path in discover_reports(list(paths)):
        try:
            document = read_document(path)
            report = process_document(document)
        except BudgetKGError:
            continue  # not a report (the not-reports, a blank template): nothing to plant into
        clean = Clean(path, document, report, Counter(finding_key(f) for f in report.findings))
        clean.sites = {k.id: k.sites(document, report) for k in KINDS.values()}
        out.append(clean)
        if progress:
            progress(f"read {path.name}: {sum(map(len, clean.sites.values()))} sites")
    return out


def judge(clean: Clean, plant: Plant) -> Outcome:
    """Check the planted document and sort its new serious findings into hits and false ones."""
    try:
        report = process_document(plant.document)
    except BudgetKGError as exc:
        return Outcome(plant, refused=exc.describe())
    left = Counter(clean.baseline)
    hits: list[Finding] = []
    false: list[Finding] = []
    for f in report.findings:
        key = finding_key(f, plant.original_line)
        if left[key] > 0:
            left[key] -= 1
            continue
        if f.severity not in SERIOUS:
            continue
        (hits if at_place(f, plant) else false).append(f)
    return Outcome(plant, tuple(hits), tuple(false))


def at_place(f: Finding, plant: Plant) -> bool:
    """True when the finding points at the planted error (see the module's docstring)."""
    place = plant.place
    if f.source is not None and place.first <= plant.original_line(f.source.line) <= place.last:
        return True
    if place.table is not None and f.table == place.table:
        return True
    if place.figures and (f.expected in place.figures or f.found in place.figures):
        return True
    return bool(place.text and f.quote and place.text in f.quote)


def draw(cleans: Sequence[Clean], kind: MutationKind, n: int, seed: int) -> list[tuple[Clean, Plant]]:
    """``n`` planted errors of ``kind`` (fewer when the corpus offers fewer distinct sites)."""
    rng = random.Random(f"{seed}/{kind.id}")
    offering = [c for c in cleans if c.sites.get(kind.id)]
    out: list[tuple[Clean, Plant]] = []
    used: set[tuple[str, Site]] = set()
    for _ in range(n * 20):
        if len(out) >= n or not offering:
            break
        clean = rng.choice(offering)
        site = rng.choice(clean.sites[kind.id])
        if (clean.name, site) in used:
            continue
        used.add((clean.name, site))
        plant = kind.plant(clean.document, clean.report, site, rng)
        if plant is not None:
            out.append((clean, plant))
    return out


def run(cleans: Sequence[Clean], kinds: Sequence[str], per_kind: int, seed: int,
        progress: Callable[[str], None] | None = None) -> list[Outcome]:
    """Plant ``per_kind`` errors of each of ``kinds`` and judge each alone."""
    outcomes = []
    for kid in kinds:
        for clean, plant in draw(cleans, KINDS[kid], per_kind, seed):
            outcome = judge(clean, plant)
            outcomes.append(outcome)
            if progress:
                mark = "refused" if outcome.refused else "found" if outcome.detected else "MISSED"
                progress(f"{kid:18} {plant.source[:40]:40} line {plant.line:5}: {mark}")
    return outcomes


@dataclass(frozen=True)
class Recall:
    """One kind's figures: planted, detected, refused, false findings."""

    kind: str
    planted: int
    detected: int
    refused: int
    false: int

    @property
    def recall(self) -> float:
        return self.detected / self.planted if self.planted else 0.0


def recall_by_kind(outcomes: Sequence[Outcome]) -> list[Recall]:
    """Per kind (in registry order) and overall ("all", last)."""
    rows = []
    for kid in [k for k in KINDS if any(o.plant.kind == k for o in outcomes)] + ["all"]:
        mine = [o for o in outcomes if kid in ("all", o.plant.kind)]
        rows.append(Recall(kid, len(mine), sum(o.detected for o in mine), sum(bool(o.refused) for o in mine),
                           sum(len(o.false) for o in mine)))
    return rows
