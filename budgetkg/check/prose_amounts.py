"""Amounts in the prose, as a reviewer reads them: which figures a sentence states, and of what.

The checks of the narrative's own arithmetic (:mod:`.prose_parts`, :mod:`.change_amounts`) read
the same things: the prose joined across its paragraphs (a list's items are numbered paragraphs of
their own: "其中：\\n1.因公出国（境）费 …"), each amount with its unit, and whether an amount is a
figure of an item ("基本支出 576.74 万元") or something else — a change ("增加 129.64 万元"), a
comparison's base ("比上年 447.10 万元"), a bound ("单价 100 万元以上"), a figure inside brackets
("（含上年结转 12 万元）") or of another year.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from budgetkg.check.context import CheckInput, Paragraph
from budgetkg.text.amounts import NUMBER, UNIT_FACTORS, decimals_of, format_decimal, parse_number
from budgetkg.text.joining import squashed_lines

#: An amount in squashed prose: the figure and its unit (no digit, comma or point right before).
AMOUNT_RE = re.compile(rf"(?<![\d.,])(?P<amt>{NUMBER})(?P<unit>万元|元)")
#: Words in an amount's clause before it that make it no item's figure of the report's year.
NOT_A_FIGURE_RE = re.compile(r"增加|减少|增长|下降|降低|上升|减低|增减|持平|变动|变化|比|较|上年|去年|同期|"
                             r"执行|调整|追加|累计|人均|每|平均|标准|单价|单位价值|以上|以下|不超过|不低于|"
                             r"≤|≥|<|>|约|占|差额|相抵|合计数|结余资金|超过")
#: What ends a clause.
CLAUSE_END = "，,；;。：:、"


def joined_prose(inp: CheckInput) -> Paragraph:
    """The report's prose run together in document order (each character keeps its line): the
    paragraphs, and the prose lines a table block ran on into (a section printed after the last
    table, a report whose parts the segmenter did not find) — a sentence or a list that crosses a
    numbered paragraph's start is read whole. Table rows and performance tables are left out."""
    prose = {id(ln) for p in inp.paragraphs for ln in p.owner}
    prose |= {id(ln) for p in inp.other_lines for ln in p.owner[:1]
              if not ln.is_row and len(ln.cells) < 2}
    lines = [ln for ln in inp.segments.document.lines if id(ln) in prose]
    text, owner = squashed_lines(lines)
    return Paragraph(text, tuple(owner))


def half_unit(token: str, unit: str) -> Decimal:
    """Half a unit of the printed figure's last digit, in 元: what its rounding may hide."""
    return Decimal(5).scaleb(-decimals_of(token) - 1) * UNIT_FACTORS[unit]


@dataclass(frozen=True)
class Stated:
    """One amount as printed: figure and unit, where it stands in the text, its value in 元 and
    the slack its rounding leaves."""

    token: str
    unit: str
    start: int
    end: int

    @classmethod
    def of(cls, m: re.Match[str], name: str = "amt", unit: str = "unit") -> Stated:
        """The amount of ``m``'s groups ``name`` (the figure) and ``unit``."""
        return cls(m.group(name), m.group(unit), m.start(name), m.end(unit))

    @property
    def yuan(self) -> Decimal:
        return parse_number(self.token) * UNIT_FACTORS[self.unit]

    @property
    def slack(self) -> Decimal:
        return half_unit(self.token, self.unit)

    @property
    def printed(self) -> str:
        return self.token + self.unit

    def in_printed_unit(self, yuan: Decimal) -> str:
        """An amount in 元 written in this figure's unit."""
        return format_decimal(yuan / UNIT_FACTORS[self.unit])


def clause_start(text: str, at: int, floor: int = 0) -> int:
    """Where the clause holding position ``at`` starts (after the last clause end before it)."""
    return max([floor] + [text.rfind(c, floor, at) + 1 for c in CLAUSE_END])


def in_brackets(text: str, at: int, floor: int = 0) -> bool:
    """True when position ``at`` lies inside an open round bracket (after ``floor``)."""
    before = text[floor:at]
    return before.count("（") + before.count("(") > before.count("）") + before.count(")")


def other_year(clause: str, year: int | None) -> bool:
    """True when ``clause`` names a year other than the report's own."""
    years = {int(y) for y in re.findall(r"(20\d{2})年", clause)}
    return bool(years) and (year is None or years != {year})


def item_figures(text: str, start: int, end: int, year: int | None) -> Iterator[Stated]:
    """The amounts in ``text[start:end]`` that are an item's figure of the report's year: the first
    such amount of each clause, none inside brackets, after a comparison word or of another year."""
    seen_clause = -1
    for m in AMOUNT_RE.finditer(text, start, end):
        c0 = clause_start(text, m.start(), start)
        if c0 == seen_clause:
            continue  # only a clause's first amount can be its item's figure
        seen_clause = c0
        clause = text[c0:m.start()]
        if NOT_A_FIGURE_RE.search(clause) or other_year(clause, year) or in_brackets(text, m.start(), start):
            continue
        yield Stated.of(m)
