"""What a worker hands back for one file: the small record of a report read, checked and mapped
(:class:`Parsed`, its N-Quads written and dropped as they arrive) or the error to show
(:class:`Failure`), and the key that pairs a narrative file with its tables file."""
from __future__ import annotations

from dataclasses import dataclass, field

from budgetkg import errors
from budgetkg.check.integrity import Identity
from budgetkg.errors import BudgetKGError
from budgetkg.model.report import Finding, Organization, ReportKind, ReportScope


@dataclass(frozen=True)
class PairKey:
    """What :func:`budgetkg.link.combine.find_pairs` compares to pair a narrative file with
    its tables file (same attribute names as :class:`~budgetkg.model.report.Report`)."""

    department: Organization
    year: int | None
    kind: ReportKind
    scope: ReportScope | None
    tables: tuple = ()
    totals: tuple = ()   # the report's :class:`~budgetkg.model.report.Total` s (收入总计 …)


@dataclass(frozen=True)
class _Origin:
    origin: str = "table"


@dataclass
class Parsed:
    """One file read, checked and mapped: what the coordinator keeps is small; ``nquads`` is
    written and dropped."""

    path: str
    source_name: str
    sha256: str
    graph: str
    department: str
    year: int | None
    kind: str
    tables: int
    findings: tuple[Finding, ...]
    identity: Identity
    pair: PairKey
    narrative_only: bool
    quads: int
    nquads: bytes = b""
    shard: str | None = None
    #: what the link stage needs of the report, at the end of the batch (a few KB; written into
    #: the shard on the Dask path): :class:`budgetkg.link.digest.ReportDigest`
    digest: object = None
    #: pages of the file read by OCR (in the worker: the coordinator says how many in all)
    ocr_pages: int = 0


@dataclass
class Failure:
    """A file that could not be read, as the error to show (rebuilt in the coordinator)."""

    path: str
    kind: str
    message: str
    fields: dict = field(default_factory=dict)

    def error(self) -> BudgetKGError:
        cls = getattr(errors, self.kind, BudgetKGError)
        return cls(self.message, **self.fields)


Outcome = Parsed | Failure
