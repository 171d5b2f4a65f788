"""What a check function reads: the parsed report, its segments and its prose as text.

The prose is the report's text outside its tables (概况 and 情况说明, or every non-table
line where a report has no part headings), joined per paragraph without white space, with
a map from each character back to its line — so a finding quotes the span it rests on and
names its page and line.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property

from budgetkg.check.severities import DEFAULT_SEVERITY
from budgetkg.model.report import Finding, Report, Severity, SourceRef
from budgetkg.segment.blocks import Segments
from budgetkg.segment.prose import NOISE_RE, paragraph_lines, prose_lines
from budgetkg.sources.document import Line
from budgetkg.text.joining import squashed_lines
from budgetkg.text.names import squash


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of prose: its text without white space and each character's line."""

    text: str
    owner: tuple[Line, ...]

    def line_at(self, i: int) -> Line:
        return self.owner[min(max(i, 0), len(self.owner) - 1)]

    def quote(self, start: int, end: int, margin: int = 0) -> str:
        return self.text[max(start - margin, 0):min(end + margin, len(self.text))]


@dataclass
class CheckInput:
    """The inputs of one report's checks; ``findings`` is what the checks return."""

    report: Report
    segments: Segments
    findings: list[Finding] = field(default_factory=list)

    @cached_property
    def prose_lines(self) -> tuple[Line, ...]:
        """Lines of 概况, 说明 and the other prose parts (:func:`budgetkg.segment.prose.prose_lines`)."""
        return prose_lines(self.segments)

    @cached_property
    def paragraphs(self) -> tuple[Paragraph, ...]:
        """Prose paragraphs (:func:`budgetkg.segment.prose.paragraph_lines`), each joined without white space."""
        return tuple(Paragraph(text, tuple(owner)) for text, owner in map(squashed_lines, paragraph_lines(self.prose_lines)))

    @cached_property
    def performance_lines(self) -> tuple[Paragraph, ...]:
        """Each line of the performance tables (绩效目标表, 自评表) as a one-line paragraph: their
        cells name departments and projects in words, which the naming checks read too."""
        return tuple(Paragraph(t, (ln,) * len(t)) for b in self.segments.performance
                     for ln in (b.title_line, *b.lines) if (t := squash(ln.text)))

    @cached_property
    def other_lines(self) -> tuple[Paragraph, ...]:
        """Each line that is in neither the prose paragraphs nor the performance tables, as a
        one-line paragraph: the cover, the 目录, table titles and the lines under them, table rows
        (their cells run together), and prose a table block ran on into (a note or the section
        printed after the last table). Checks of what must hold on every line of a report (no
        template placeholder, the report's own year in a title) read them too."""
        seen = {id(ln) for p in self.paragraphs for ln in p.owner}
        seen |= {id(ln) for b in self.segments.performance for ln in (b.title_line, *b.lines)}
        return tuple(Paragraph(t, (ln,) * len(t)) for ln in self.segments.document.lines
                     if id(ln) not in seen and (t := squash(ln.text)) and not NOISE_RE.match(ln.text))

    def finditer(self, pattern: re.Pattern[str]) -> Iterator[tuple[Paragraph, re.Match[str]]]:
        """(paragraph, match) for every match of ``pattern`` in the prose, paragraph by paragraph."""
        for p in self.paragraphs:
            for m in pattern.finditer(p.text):
                yield p, m

    def ref(self, line: Line) -> SourceRef:
        return SourceRef(file=self.report.source_name, line=line.no, page=line.page, box=line.box)

    def add(self, check: str, en: str, zh: str, *, line: Line | None = None, quote: str | None = None,
            expected: object = None, found: object = None, table: str = "narrative", row: str = "",
            severity: Severity | None = None, source: SourceRef | None = None) -> None:
        """Record a finding of the registered kind ``check`` at ``line`` (or ``source``)."""
        default = DEFAULT_SEVERITY[check]
        self.findings.append(Finding(
            check=check, table=table, row=row,
            expected=None if expected is None else str(expected),
            found=None if found is None else str(found),
            message=en, message_zh=zh, quote=quote,
            source=self.ref(line) if line is not None else source,
            severity=severity or default))
