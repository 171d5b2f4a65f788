"""Deterministic IRIs under the configured base.

Names are kept readable (IRIs may hold CJK characters); only characters that an IRI
cannot hold are percent-encoded. The same input always gives the same IRI, so a
re-ingest produces identical triples and the same department in two reports is
one resource.
"""
from __future__ import annotations

from urllib.parse import quote

from budgetkg.link.resolve import report_name, resolve_name
from budgetkg.model.report import Report, ReportScope
from budgetkg.text.names import normalise_org_name, project_key

_KEEP = set("-._~（）")


def slug(text: str) -> str:
    """An IRI path segment for ``text``: letters and digits kept, the rest percent-encoded."""
    out = []
    for ch in text.strip():
        if ch.isalnum() or ch in _KEEP:
            out.append(ch)
        elif ch.isspace():
            out.append("_")
        else:
            out.append(quote(ch, safe=""))
    return "".join(out) or "_"


class Minter:
    """Mints every IRI budgetkg uses for data, from one base."""

    def __init__(self, base: str):
        self.base = base
        #: organisation key → the key of the organisation it was resolved to across reports
        #: (set by the link stage, :mod:`budgetkg.load.series`)
        self.aliases: dict[str, str] = {}

    def organization_key(self, key: str) -> str:
        """The organisation of a resolved key (:mod:`budgetkg.link.resolve`): ``org/<key>``."""
        return f"{self.base}org/{slug(self.aliases.get(key, key))}"

    def organization(self, name: str, region: str | None = None) -> str:
        """The organisation a name printed in a report of ``region`` resolves to."""
        return self.organization_key(resolve_name(name, region).key)

    @staticmethod
    def own_unit(department_iri: str) -> str:
        """A department's own budget unit (本级), the subject of its unit budget."""
        return f"{department_iri}/本级"

    @staticmethod
    def project(organization_iri: str, name: str) -> str:
        """A project of an organisation across years: one resource per normalised name."""
        return f"{organization_iri}/project/{slug(project_key(name))}"

    def division(self, department_iri: str, name: str) -> str:
        return f"{department_iri}/division/{slug(normalise_org_name(name))}"

    def report(self, report: Report) -> str:
        """A report's IRI from what it is — department, fiscal year, kind, and ``-unit`` for a unit
        budget or final account — never from its file name: the same report under two file
        names is one resource, and two reports both filed as 附件1.pdf are two."""
        scope = "-unit" if report.scope is ReportScope.UNIT else ""
        return (f"{self.base}report/{slug(report_name(report))}/"
                f"{report.year or 'unknown-year'}/{report.kind.value}{scope}")

    def table(self, report_iri: str, kind: str, n: int) -> str:
        return f"{report_iri}/table/{kind}" + (f"-{n + 1}" if n else "")

    def policy(self, key: str) -> str:
        """One resource per policy document, whichever report cites it."""
        return f"{self.base}policy/{slug(key)}"

    @staticmethod
    def row(table_iri: str, index: int) -> str:
        return f"{table_iri}/row/{index}"

    @staticmethod
    def observation(row_iri: str, column: str) -> str:
        return f"{row_iri}/{column}"


class _KeyLog(dict):
    """``Minter.aliases`` that notes every key looked up (none is aliased in a worker)."""

    def __init__(self):
        super().__init__()
        self.seen: set[str] = set()

    def get(self, key, default=None):
        self.seen.add(key)
        return super().get(key, default)


class RecordingMinter(Minter):
    """A :class:`Minter` that records the organisation keys a report's graph is minted with."""

    def __init__(self, base: str):
        super().__init__(base)
        self.aliases = _KeyLog()

    @property
    def org_keys(self) -> frozenset[str]:
        return frozenset(self.aliases.seen)
