"""The kinds of error ``make mutate`` plants, one small class each, in one registry (:data:`KINDS`).

A kind lists the places of a clean report where it can plant (:meth:`MutationKind.sites`) and plants
at one of them (:meth:`MutationKind.plant`), drawn by the harness with a seeded random generator.
Every planted error is a real slip a reviewer finds in published reports (issue 23): a changed
table figure, totals that no longer balance, a changed amount or percentage in the text, a
flipped comparison word, a wrong year, a template placeholder left in, a misspelt department or
unit name, a missing table, an empty reason. Table sites are taken from *verified* tables only
(their own arithmetic closes), so the clean report's figures are known to be read right.
"""
from __future__ import annotations

import random
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import ClassVar

from budgetkg.check.mutation.plant import FIGURE_RE, Place, Plant, other_figure, remove_lines, replace_in_line, sentence_span
from budgetkg.check.mutation.tables import row_slots, span, verified_tables, yuan_text
from budgetkg.model.report import Report, RowRole, TableKind
from budgetkg.segment.blocks import segment
from budgetkg.sources.document import Document
from budgetkg.text.names import short_org_form


@dataclass(frozen=True)
class Site:
    """A place a kind can plant at: a line, the cell (or None) and offset of the text to change,
    that text, and kind-specific extras (the table span and unit of a figure)."""

    line: int
    cell: int | None
    at: int
    old: str
    first: int = 0
    last: int = 0
    unit: str = ""
    table: str = ""


class MutationKind:
    """One kind of planted error: id, titles, the sites of a clean report and the planting."""

    id: ClassVar[str]
    title_zh: ClassVar[str]
    title_en: ClassVar[str]
    side: ClassVar[str] = "narrative"  # "table" or "narrative": which checks must catch it

    def sites(self, doc: Document, report: Report) -> list[Site]:
        raise NotImplementedError

    def new_text(self, site: Site, rng: random.Random) -> str | None:
        """The text that replaces ``site.old`` (None: nothing plausible to plant here)."""
        raise NotImplementedError

    def place(self, doc: Document, site: Site, new: str) -> Place:
        first, last = sentence_span(doc, site.line)
        return Place(first, last, text=new)

    def plant(self, doc: Document, report: Report, site: Site, rng: random.Random) -> Plant | None:
        new = self.new_text(site, rng)
        if new is None or new == site.old:
            return None
        planted = replace_in_line(doc, site.line, site.old, new, site.cell, site.at)
        return Plant(self.id, doc.name, planted, self.place(doc, site, new), site.old, new, site.line)


KINDS: dict[str, MutationKind] = {}


def register(cls: type[MutationKind]) -> type[MutationKind]:
    KINDS[cls.id] = cls()
    return cls


def _table_lines(report: Report) -> set[int]:
    """Lines printed inside a table (title to last row), which the narrative kinds leave alone."""
    out: set[int] = set()
    for t in report.tables:
        if t.origin == "table":
            first, last = span(t)
            out.update(range(first, last + 1))
    return out


def _prose(doc: Document, report: Report) -> Iterator[tuple[int, str]]:
    """(line number, text) of the narrative's prose lines."""
    inside = _table_lines(report)
    for ln in doc.lines:
        if not ln.is_row and ln.no not in inside and ln.text.strip():
            yield ln.no, ln.text


# ---------------------------------------------------------------------------- table side
@register
class TableCell(MutationKind):
    id = "table-cell"
    title_zh = "表格数字改动"
    title_en = "table figure changed"
    side = "table"

    def sites(self, doc: Document, report: Report) -> list[Site]:
        out = []
        for t in verified_tables(report):
            first, last = span(t)
            for row in t.rows:
                for col, slot in row_slots(doc, t, row):
                    unit = row.amounts[col].unit
                    if row.amounts[col].printed:
                        out.append(Site(row.source.line, slot.cell, slot.at, slot.text, first, last, unit, t.kind.value))
        return out

    def new_text(self, site: Site, rng: random.Random) -> str | None:
        return other_figure(site.old, rng)

    def place(self, doc: Document, site: Site, new: str) -> Place:
        # a finding naming the planted figure or the one it replaced, in 元 or as printed (the prose
        # still states the replaced one, which no table prints now) points at the plant
        figures = {f for f in (yuan_text(new, site.unit), yuan_text(site.old, site.unit), site.old) if f}
        return Place(site.first, site.last, figures=frozenset(figures), text=new)


@register
class Totals(TableCell):
    """收入总计 or 支出总计 of a summary table changed, so the two no longer balance."""

    id = "totals-unequal"
    title_zh = "收入总计与支出总计不等"
    title_en = "收入总计 ≠ 支出总计"

    def sites(self, doc: Document, report: Report) -> list[Site]:
        out = []
        for t in verified_tables(report):
            if t.kind not in (TableKind.SUMMARY, TableKind.FISCAL_SUMMARY):
                continue
            first, last = span(t)
            for row in t.rows:
                if row.role is not RowRole.TOTAL or "总计" not in (row.label or "").replace(" ", ""):
                    continue
                for col, slot in row_slots(doc, t, row):
                    if col == "total" and row.amounts[col].printed:
                        out.append(Site(row.source.line, slot.cell, slot.at, slot.text, first, last,
                                        row.amounts[col].unit, t.kind.value))
        return out


_STANDARD = (TableKind.SUMMARY, TableKind.INCOME, TableKind.EXPENDITURE, TableKind.FISCAL_SUMMARY,
             TableKind.GENERAL_PUBLIC, TableKind.BASIC_ECONOMIC, TableKind.THREE_PUBLIC, TableKind.PROJECTS)


@register
class TableDeleted(MutationKind):
    """One standard table (title to last row) taken out of the report."""

    id = "table-deleted"
    title_zh = "缺少一张表"
    title_en = "table deleted"
    side = "table"

    def sites(self, doc: Document, report: Report) -> list[Site]:
        kinds = [t.kind for t in report.tables if t.origin == "table"]
        out = []
        for t in verified_tables(report):
            if t.kind in _STANDARD and kinds.count(t.kind) == 1:
                first, last = span(t)
                out.append(Site(first, None, 0, t.title, first, last, table=t.kind.value))
        return out

    def plant(self, doc: Document, report: Report, site: Site, rng: random.Random) -> Plant | None:
        planted = remove_lines(doc, site.first, site.last)
        count = site.last - site.first + 1
        return Plant(self.id, doc.name, planted, Place(0, -1, table=site.table), site.old, f"({count} lines removed)",
                     site.line, removed=(site.first, count))


# ---------------------------------------------------------------------------- narrative side
_AMOUNT_RE = re.compile(rf"({FIGURE_RE.pattern})\s*(?=万元|元|亿元)")
_PERCENT_RE = re.compile(rf"({FIGURE_RE.pattern})\s*(?=%|％)")


def _figure_sites(doc: Document, report: Report, pattern: re.Pattern[str]) -> list[Site]:
    return [Site(no, None, m.start(1), m.group(1)) for no, text in _prose(doc, report)
            for m in pattern.finditer(text) if m.group(1).replace(",", "").strip("0.")]


@register
class NarrativeAmount(MutationKind):
    id = "narrative-amount"
    title_zh = "说明中的金额改动"
    title_en = "amount in the text changed"

    def sites(self, doc: Document, report: Report) -> list[Site]:
        return _figure_sites(doc, report, _AMOUNT_RE)

    def new_text(self, site: Site, rng: random.Random) -> str | None:
        return other_figure(site.old, rng)


@register
class NarrativePercent(NarrativeAmount):
    id = "narrative-percent"
    title_zh = "说明中的百分比改动"
    title_en = "percentage in the text changed"

    def sites(self, doc: Document, report: Report) -> list[Site]:
        # a performance table's targets ("满意度 ≥95%", "增长 5% 及以上") state no fact any figure
        # of the report can confirm: a changed target is no slip a reader can see, so none is planted there
        targets = {ln.no for b in segment(doc).performance for ln in (b.title_line, *b.lines)}
        return [s for s in _figure_sites(doc, report, _PERCENT_RE) if s.line not in targets]


_FLIP = {"增加": "减少", "减少": "增加", "增长": "下降", "下降": "增长", "大于": "小于", "小于": "大于",
         "高于": "低于", "低于": "高于", "持平": "增加"}
_FLIP_RE = re.compile("|".join(_FLIP))
_BASE_RE = re.compile(r"上年|年初|预算数|决算数|同期|比|较")


@register
class Direction(MutationKind):
    """A comparison word flipped (增加↔减少, 大于↔小于, 持平 → 增加) in a sentence that compares figures."""

    id = "direction-word"
    title_zh = "增减方向词改动"
    title_en = "comparison word flipped"

    def sites(self, doc: Document, report: Report) -> list[Site]:
        out = []
        for no, text in _prose(doc, report):
            first, last = sentence_span(doc, no)
            sentence = "".join(doc.lines[k - 1].text for k in range(first, last + 1))
            if not FIGURE_RE.search(sentence):
                continue
            for m in _FLIP_RE.finditer(text):
                if _BASE_RE.search(text[max(0, m.start() - 14):m.start()]):
                    out.append(Site(no, None, m.start(), m.group(0)))
        return out

    def new_text(self, site: Site, rng: random.Random) -> str | None:
        return _FLIP[site.old]


#: A year the text names; not the end of a range (《…行动方案（2025—2027年）》): a plan's years
#: changed are no slip a reader of the report can see.
_YEAR_RE = re.compile(r"(?<![\d—\-~～至到])(20\d\d)(?=年)")


@register
class BaseYear(MutationKind):
    """A year the text names (2025年, its own year or the year before) moved by one."""

    id = "base-year"
    title_zh = "年份改动"
    title_en = "year changed"

    def sites(self, doc: Document, report: Report) -> list[Site]:
        if report.year is None:
            return []
        return [Site(no, None, m.start(1), m.group(1)) for no, text in _prose(doc, report)
                for m in _YEAR_RE.finditer(text) if abs(int(m.group(1)) - report.year) <= 1]

    def new_text(self, site: Site, rng: random.Random) -> str | None:
        return str(int(site.old) + rng.choice((-1, 1)))


def _name_sites(doc: Document, names: list[str]) -> list[Site]:
    """Every printed occurrence of one of ``names`` (longest first, not overlapping), in prose or cells."""
    out = []
    for ln in doc.lines:
        cells = list(enumerate(ln.cells)) if ln.cells else [(None, None)]
        for k, cell in cells:
            text = cell.text if cell is not None else ln.text
            taken: list[tuple[int, int]] = []
            for name in names:
                at = text.find(name)
                while at >= 0:
                    if not any(a < at + len(name) and at < b for a, b in taken):
                        taken.append((at, at + len(name)))
                        out.append(Site(ln.no, k, at, name))
                    at = text.find(name, at + 1)
    return out


def _department_names(report: Report) -> list[str]:
    name = report.department.name
    names = [n for n in (name, short_org_form(name)) if len(n) >= 4]
    return sorted(set(names), key=len, reverse=True)


#: Characters a misspelt name gets instead of one of its own (common in organisations' names).
_SWAPS = "政府办公室局委会部厅中心区市县务管理服务事业发展和民人大党工作社保障"


def _misspelt(name: str, rng: random.Random, skip: int = 0) -> str:
    k = rng.randrange(skip, len(name))
    return name[:k] + rng.choice([c for c in _SWAPS if c != name[k]]) + name[k + 1:]


@register
class DepartmentName(MutationKind):
    """One occurrence of the department's name with one character changed (the name is printed at
    least three times, so the others say how it is spelt)."""

    id = "department-name"
    title_zh = "部门名称错字"
    title_en = "department name misspelt"

    def sites(self, doc: Document, report: Report) -> list[Site]:
        found = _name_sites(doc, _department_names(report))
        return found if len(found) >= 3 else []

    def new_text(self, site: Site, rng: random.Random) -> str | None:
        return _misspelt(site.old, rng)

    def place(self, doc: Document, site: Site, new: str) -> Place:
        return Place(site.line, site.line, text=new)


@register
class Placeholder(DepartmentName):
    """Two characters of one occurrence of the department's name left as the template's XX / ×× / 某某."""

    id = "placeholder"
    title_zh = "模板占位符残留"
    title_en = "placeholder left in"

    def new_text(self, site: Site, rng: random.Random) -> str | None:
        k = rng.randrange(max(1, len(site.old) - 4), len(site.old) - 2)
        return site.old[:k] + rng.choice(("XX", "××", "某某")) + site.old[k + 2:]


@register
class UnitName(DepartmentName):
    """One occurrence of a subordinate or internal unit's name with one character changed."""

    id = "unit-name"
    title_zh = "单位名称错字"
    title_en = "unit name misspelt"

    def sites(self, doc: Document, report: Report) -> list[Site]:
        department = set(_department_names(report))
        names = sorted({u.name for u in report.units if len(u.name) >= 4 and u.name not in department
                        and not any(u.name in d for d in department)}, key=len, reverse=True)
        found = _name_sites(doc, names)
        counts = {n: sum(1 for s in found if s.old == n) for n in names}
        return [s for s in found if counts[s.old] >= 2]


_REASON_RE = re.compile(r"(?:主要原因是|主要原因为|主要原因：|主要原因:|原因是)([^。；;]{2,})(?=。)")


@register
class EmptyReason(MutationKind):
    """The reason after 主要原因是 taken out, leaving 主要原因是。"""

    id = "empty-reason"
    title_zh = "原因说明为空"
    title_en = "empty reason"

    def sites(self, doc: Document, report: Report) -> list[Site]:
        return [Site(no, None, m.start(1), m.group(1)) for no, text in _prose(doc, report)
                for m in _REASON_RE.finditer(text)]

    def new_text(self, site: Site, rng: random.Random) -> str | None:
        return ""
