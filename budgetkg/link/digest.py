"""What the link stage needs of a report: a small digest, built where the report is parsed.

The link stage (:mod:`budgetkg.load.series`) runs once per batch, over every report of it, at the
end. Holding whole parsed reports until then costs ~0.3 MB a report (0.6 GB for 2,000); the
:class:`ReportDigest` keeps only what the stage reads — the resolved organisation, year, kind,
scope, totals, the units a department lists, the projects its narrative ties to a policy, the
change statements about last year and the coded figures they are checked against — a few KB.
It is built in the worker right after parsing (:func:`digest_of`), kept by the coordinator
(pickled and compressed, :class:`PackedDigests`) and written into N-Quads shards as a comment
line (:func:`to_json` / :func:`from_json`) so that ``budgetkg load`` links shards as ``ingest``
links files.

To give the link stage more, add a typed field to :class:`ReportDigest` and fill it in
:func:`digest_of`: pickling and the JSON form follow the field's type annotation
(dataclasses, enums, Decimal, str/int/bool, ``X | None``, ``tuple[X, ...]``, ``frozenset[X]``,
``dict[str, X]``).
"""
from __future__ import annotations

import dataclasses
import json
import pickle
import types
import typing
import zlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from decimal import Decimal
from enum import Enum

from budgetkg.link.figures import CodedFigure, FigureKey, PriorFigure
from budgetkg.link.resolve import Resolved, Rule, department_of, resolve_unit  # noqa: F401 (JSON types)
from budgetkg.model.report import Amount, ChangeStatement, Report, ReportKind, ReportScope, SourceRef  # noqa: F401 (JSON types)


@dataclass(frozen=True)
class ProjectCitation:
    """A project-table row (code, project name as printed) whose narrative description cites a
    policy (its key): what ``bkg:continues`` compares across years."""

    code: str
    project: str
    policy: str


@dataclass(frozen=True)
class KeyedFigure:
    """One of the report's own figures where another year's previous-year figure may point."""

    key: FigureKey
    figure: CodedFigure


@dataclass(frozen=True)
class ReportDigest:
    """What the link stage needs of one new report (see the module docstring)."""

    source_name: str
    department: Resolved                 # the organisation, resolved within the report
    year: int | None
    kind: ReportKind
    scope: ReportScope | None
    totals: dict[str, Decimal] = field(default_factory=dict)      # total kind → 元
    unit_keys: frozenset[str] = frozenset()                        # subordinate units it lists
    projects: tuple[ProjectCitation, ...] = ()
    #: its statements of a change against last year (their reasons dropped)
    changes: tuple[ChangeStatement, ...] = ()
    labels: tuple[dict[str, str], ...] = ()                        # code → label, per coded table
    figures: dict[str, CodedFigure] = field(default_factory=dict)  # code → its total, for last year's check
    findings: int = 0                     # the report's own findings: the link stage's are numbered after
    #: every organisation key its graph was minted with: the graph is mapped again when the
    #: link stage resolves one of them to a stored organisation (``Minter.aliases``)
    org_keys: frozenset[str] = frozenset()
    #: the previous-year figures its tables print (上年预算数 …), and its own figures keyed for
    #: the next year's report to compare with (:mod:`budgetkg.load.prior_links`)
    prior: tuple[PriorFigure, ...] = ()
    current: tuple[KeyedFigure, ...] = ()

    def current_figures(self) -> dict[FigureKey, CodedFigure]:
        return {k.key: k.figure for k in self.current}


def digest_of(report: Report, org_keys: frozenset[str] = frozenset()) -> ReportDigest:
    """The digest of a parsed report; ``org_keys`` from the :class:`~budgetkg.rdf.iris.RecordingMinter` it was mapped with."""
    from budgetkg.link.figures import code_labels, coded_figures, prior_figures, report_figures
    department = department_of(report)
    units = frozenset(resolve_unit(u.name, department).key for u in report.units if u.relation == "subordinate")
    projects = []
    for d in report.projects:
        if d.link is None or not d.policies:
            continue
        row = report.tables[d.link.table_index].rows[d.link.row_index]
        if row.code and row.project:
            projects.extend(ProjectCitation(row.code, row.project, key) for key in d.policies)
    changes = tuple(replace(c, reason=None) for c in report.changes)
    return ReportDigest(
        source_name=report.source_name, department=department, year=report.year, kind=report.kind,
        scope=report.scope, totals={t.key: t.amount.yuan for t in report.totals}, unit_keys=units,
        projects=tuple(projects), changes=changes, labels=tuple(code_labels(report)),
        figures=coded_figures(report), findings=len(report.findings), org_keys=org_keys,
        prior=tuple(prior_figures(report)),
        current=tuple(KeyedFigure(k, v) for k, v in report_figures(report).items()))


# ---------------------------------------------------------------------- kept in memory
class PackedDigests(Mapping):
    """Digests kept pickled and compressed (about 1–3 KB each), unpacked one at a time on access,
    so the coordinator's memory stays small however many reports a batch holds."""

    def __init__(self):
        self._packed: dict[str, bytes] = {}

    def __setitem__(self, key, digest: ReportDigest) -> None:
        self._packed[key] = zlib.compress(pickle.dumps(digest, protocol=pickle.HIGHEST_PROTOCOL), 1)

    def __getitem__(self, key) -> ReportDigest:
        return pickle.loads(zlib.decompress(self._packed[key]))

    def __contains__(self, key) -> bool:  # (Mapping's would unpack the digest)
        return key in self._packed

    def pop(self, key) -> bytes | None:
        """The packed form of ``key``'s digest, taken out (None when there is none)."""
        return self._packed.pop(key, None)

    def put(self, key, packed: bytes) -> None:
        """A digest in the packed form :meth:`pop` gave."""
        self._packed[key] = packed

    def __iter__(self) -> Iterator:
        return iter(self._packed)

    def __len__(self) -> int:
        return len(self._packed)

    def nbytes(self) -> int:
        return sum(map(len, self._packed.values()))


# ---------------------------------------------------------------------- JSON form (shards)
def to_json(digest: ReportDigest, **extra) -> str:
    """One line of JSON: ``{"digest": …, **extra}`` (no pickle: a shard folder may be shared, and
    reading JSON runs no code)."""
    return json.dumps({"digest": _encode(digest), **extra}, ensure_ascii=False, separators=(",", ":"))


def from_json(text: str | bytes) -> tuple[ReportDigest, dict]:
    """The digest :func:`to_json` wrote, and its ``extra`` fields.

    Raises:
        ValueError: the text is not a digest of this version's shape.
    """
    try:
        data = json.loads(text)
        return _decode(ReportDigest, data.pop("digest")), data
    except (KeyError, TypeError, AttributeError, ArithmeticError, StopIteration) as exc:
        raise ValueError(f"not a report digest: {type(exc).__name__}: {exc}") from exc


def _encode(value):
    if dataclasses.is_dataclass(value):
        return {f.name: _encode(getattr(value, f.name)) for f in dataclasses.fields(value)
                if f.metadata.get("json", True)}
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return {k: _encode(v) for k, v in value.items()}
    if isinstance(value, (tuple, list, frozenset, set)):
        items = [_encode(v) for v in value]
        return sorted(items) if isinstance(value, (frozenset, set)) else items
    return value


def _decode(tp, data):
    if data is None:
        return None
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if origin in (typing.Union, types.UnionType):
        return _decode(next(a for a in args if a is not type(None)), data)
    if origin is tuple:
        return tuple(_decode(args[0], v) for v in data)
    if origin is frozenset:
        return frozenset(_decode(args[0], v) for v in data)
    if origin is dict:
        return {k: _decode(args[1], v) for k, v in data.items()}
    if dataclasses.is_dataclass(tp):
        hints = typing.get_type_hints(tp)
        return tp(**{f.name: _decode(hints[f.name], data[f.name]) for f in dataclasses.fields(tp)
                     if f.name in data})
    if isinstance(tp, type) and issubclass(tp, Enum):
        return tp(data)
    if tp is Decimal:
        return Decimal(data)
    if tp in (str, int, bool) and not isinstance(data, tp):
        raise TypeError(f"expected {tp.__name__}, got {data!r}")
    return data
