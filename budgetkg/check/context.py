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
from budgetkg.sources.document import Line
from budgetkg.text.joining import squashed_lines
from budgetkg.text.names import squash

#: A line that starts a new paragraph: a numbered heading (一、 （一） 1. 1、) or a part heading.
_PARA_START_RE = re.compile(r"^\s*(?:第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+、|"
                            r"[（(][一二三四五六七八九十\d]+[）)]|\d+[、.．](?!\d))")
_NOISE_RE = re.compile(r"^\s*[-—–]?\s*\d+\s*[-—–]?\s*$|^第\s*\d+\s*页")


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
        """Lines of 概况, 说明 and the other prose parts (名词解释 …), or every line outside tables
        when the report has no parts."""
        seg = self.segments
        in_tables = {id(ln) for b in seg.tables for ln in (b.title_line, *b.lines)}
        in_tables |= {id(ln) for b in seg.performance for ln in (b.title_line, *b.lines)}
        lines = tuple(seg.overview) + tuple(seg.narrative) + tuple(seg.other_prose) \
            if seg.overview or seg.narrative else seg.document.lines
        return tuple(ln for ln in lines if id(ln) not in in_tables)

    @cached_property
    def paragraphs(self) -> tuple[Paragraph, ...]:
        """Prose paragraphs: a numbered heading starts a new one (blank lines do not: text pulled
        from PDFs puts them between the wrapped lines of one paragraph)."""
        groups: list[list[Line]] = []
        for ln in self.prose_lines:
            if not ln.text.strip() or _NOISE_RE.match(ln.text):
                continue
            if _PARA_START_RE.match(ln.text) or not groups:
                groups.append([])
            groups[-1].append(ln)
        return tuple(Paragraph(text, tuple(owner)) for text, owner in map(squashed_lines, groups))

    @cached_property
    def performance_lines(self) -> tuple[Paragraph, ...]:
        """Each line of the performance tables (绩效目标表, 自评表) as a one-line paragraph: their
        cells name departments and projects in words, which the naming checks read too."""
        return tuple(Paragraph(t, (ln,) * len(t)) for b in self.segments.performance
                     for ln in (b.title_line, *b.lines) if (t := squash(ln.text)))

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
