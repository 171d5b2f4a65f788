"""State shared by the parsers of one report: its name, unit and findings."""
from __future__ import annotations

from dataclasses import dataclass, field

from budgetkg.model.report import Finding, Severity, SourceRef
from budgetkg.model.units import DEFAULT_PRINTED
from budgetkg.sources.document import Line


@dataclass
class ParseContext:
    """Collects findings while a report is parsed; knows the file name for provenance."""

    source: str
    findings: list[Finding] = field(default_factory=list)
    default_unit: str = DEFAULT_PRINTED

    def ref(self, line: Line, cells: int | slice | None = None) -> SourceRef:
        """Where ``line`` stands, with the box of its cell (an index) or cells (a slice) a
        record was read from when given, else of the whole row."""
        if cells is None:
            box = line.box
        else:
            box = line.cell_box(cells) if isinstance(cells, int) else line.cells_box(cells)
        return SourceRef(file=self.source, line=line.no, page=line.page, box=box)

    def report(self, check: str, table: str, row: str, expected: object, found: object,
               message: str, line: Line | None = None, severity: Severity = Severity.ERROR) -> None:
        """Record a finding; amounts are given as exact strings."""
        self.findings.append(Finding(
            check=check, table=table, row=row,
            expected=None if expected is None else str(expected),
            found=None if found is None else str(found),
            message=message, source=self.ref(line) if line else None, severity=severity))
