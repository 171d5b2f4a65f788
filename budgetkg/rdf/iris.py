"""Deterministic IRIs under the configured base.

Names are kept readable (IRIs may hold CJK characters); only characters that an IRI
cannot hold are percent-encoded. The same input always gives the same IRI, so a
re-ingest produces identical triples and the same department in two reports is
one resource.
"""
from __future__ import annotations

from urllib.parse import quote

from ..model import Report, ReportScope
from ..names import normalise_org_name

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

    def organization(self, name: str) -> str:
        return f"{self.base}org/{slug(normalise_org_name(name))}"

    def division(self, department_iri: str, name: str) -> str:
        return f"{department_iri}/division/{slug(normalise_org_name(name))}"

    def report(self, report: Report) -> str:
        """A report's IRI from what it is — department, fiscal year, kind, and ``-unit`` for a unit
        budget or final account — never from its file name: the same report under two file
        names is one resource, and two reports both filed as 附件1.pdf are two."""
        scope = "-unit" if report.scope is ReportScope.UNIT else ""
        return (f"{self.base}report/{slug(normalise_org_name(report.department.name))}/"
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
