"""Stage 2: a :class:`Document` → parts, overview, narrative and table blocks.

Tables are recognised by their titles (the template's table names, numbered or
not, with the department or year around them) confirmed by a header line
(单位：万元, 编制部门…) close below — so a table of contents entry or a narrative
sentence that names a table ("…情况表为空表") is not taken for a table.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from budgetkg.model.report import TableKind
from budgetkg.model.tables import SPECS
from budgetkg.sources.document import Document, Line
from budgetkg.text.names import squash

PART_RE = re.compile(r"^\s*第([一二三四五六七八九十]+)部分\s*(.*)$")
TABLE_NUMBER_RE = re.compile(r"^(?=.*表)\s*(?:部门)?(?:预算|公开|决算)?\s*表?\s*([一二三四五六七八九十]+|\d+)\s*表?\s*[:：]?\s*$")
#: The unit line; some PDF text layers print its colon on the next line ("单位 万元" / ": :").
UNIT_RE = re.compile(r"单位\s*[:：]\s*(万元|元)|单位\s*(万元|元)(?![\u4e00-\u9fff])")
#: 预算单位 only as a label (预算单位：…, or a cell of a tab-separated header): prose says
#: "…直属全额预算单位。" and must not confirm a table-of-contents entry as a table.
HEADER_HINT_RE = re.compile(r"单位\s*[:：]|单位名称|预算单位\s*[:：]|(?:^|\t)\s*预算单位\s*(?:\t|$)|"
                            r"编制(部门|单位)|填报(部门|单位)|报送单位|"
                            r"单位\s*(万元|元)(?![\u4e00-\u9fff])")
EMPTY_RE = re.compile(r"(此表为空表|本表为空表|为空表|本表无数据|无数据|无相关(?:收支|支出|收入))")
PERFORMANCE_RE = re.compile(r"绩\s*效\s*(目\s*标|自\s*评)\s*表")
#: A table number printed around the title: "（预算表1）", "公开表五", "部门公开表5", "预算01表", "表3".
TITLE_NUMBER_RE = re.compile(r"[（(]?(?:部门)?(?:预算|公开|决算)?表\s*[0-9一二三四五六七八九十]+[）)]?$|"
                             r"^(?:部门)?(?:预算|公开|决算)?(?:表\s*)?[0-9]+表?[:：、.]?(?=\D)|"
                             r"^(?:部门)?(?:预算|公开|决算)?表\s*[一二三四五六七八九十]+[:：、.]?")

@dataclass(frozen=True)
class TableBlock:
    """The lines of one table: title, header and body, up to the next table or part."""

    kind: TableKind
    title: str
    number: str | None
    title_line: Line
    unit: str | None
    lines: tuple[Line, ...]
    declared_empty: bool


@dataclass(frozen=True)
class PerformanceBlock:
    """A performance table: 绩效目标表 ("target") or 绩效自评表 (project/department evaluation)."""

    kind: str
    title_line: Line
    lines: tuple[Line, ...]


PERFORMANCE_TITLE_RE = re.compile(r"(部门整体支出绩效自评表|整体支出绩效自评表|项目支出绩效自评表|绩效自评表|"
                                  r"项目支出绩效目标表|绩效目标表)$")
_SECTION_HEAD_RE = re.compile(r"^\s*[（(][一二三四五六七八九十]+[）)]|^\s*[一二三四五六七八九十]+、")


def performance_kind(text: str) -> str | None:
    """The kind of performance table a title line names, or None."""
    s = squash(text).lstrip("-*#")
    m = PERFORMANCE_TITLE_RE.search(s)
    if not m or len(s) > 40:
        return None
    name = m.group(1)
    if "自评" in name:
        return "department-evaluation" if "整体" in name else "project-evaluation"
    return "target"


_PERFORMANCE_FIELD_RE = re.compile(r"项目名称|预算单位|部门名称|主管部门|项目资金|部门资金")


def _performance_confirmed(lines: tuple[Line, ...], i: int) -> bool:
    """A real table names its project or unit within a few lines of its title."""
    return any(_PERFORMANCE_FIELD_RE.search(squash(lines[j].text)) for j in _nonempty(lines, i + 1, 1, 6))


def _heading_only(between: tuple[Line, ...]) -> bool:
    """True when the lines between two performance titles hold no table: at most a few lines, none a row."""
    text = [ln for ln in between if ln.text.strip()]
    return len(text) <= 4 and not any(ln.is_row for ln in text)


def find_performance(lines: tuple[Line, ...]) -> list[PerformanceBlock]:
    """Every performance table, up to the next one, a part heading or a narrative section."""
    starts = [(i, k) for i, ln in enumerate(lines) for k in [performance_kind(ln.text)]
              if k and _performance_confirmed(lines, i)]
    # a section heading that names the table ("2.部门整体支出绩效目标表", "五、项目绩效目标表") a few lines
    # above a table's own title, with no table row between them (a sub-heading, or a sentence
    # saying there is none), is no table of its own
    starts = [s for n, s in enumerate(starts) if n + 1 == len(starts) or not _heading_only(lines[s[0] + 1:starts[n + 1][0]])]
    blocks = []
    for n, (i, kind) in enumerate(starts):
        end = starts[n + 1][0] if n + 1 < len(starts) else len(lines)
        for j in range(i + 1, end):
            if PART_RE.match(lines[j].text) or _SECTION_HEAD_RE.match(lines[j].text):
                end = j
                break
        blocks.append(PerformanceBlock(kind=kind, title_line=lines[i], lines=lines[i + 1:end]))
    return blocks


@dataclass(frozen=True)
class Segments:
    """A report cut into the parts that the parsers read."""

    document: Document
    head: tuple[Line, ...]       # title lines before the first part heading
    overview: tuple[Line, ...]   # 第一部分 … 概况
    narrative: tuple[Line, ...]  # 情况说明 (budget) or 决算情况说明 (final)
    headings: tuple[Line, ...]   # every part heading as printed
    tables: tuple[TableBlock, ...]
    performance: tuple[PerformanceBlock, ...]
    #: lines of the other prose parts (名词解释, 其他说明 …): no parser reads them, the checks do
    other_prose: tuple[Line, ...] = ()


_NOT_MODELLED = object()
#: The kinds whose rows are economic classes: the only ones a title "（按经济分类）" may name.
BY_ECONOMIC_CLASS = (TableKind.BASIC_ECONOMIC, TableKind.PROJECTS)


def classify_title(text: str) -> TableKind | None:
    """The table kind named at the end of a title line, or None."""
    kind = _title_kind(text)
    return None if kind is _NOT_MODELLED else kind


def _title_kind(text: str):
    """Like :func:`classify_title`, but a title of a table the model does not hold
    (政府采购, 机关运行经费 …) gives ``_NOT_MODELLED``: it still ends the table before it."""
    s = _title_part(text).rstrip("：:。.")
    s = re.sub(r"[（(]\d{4}\s*年度?[）)]$", "", s)
    s = TITLE_NUMBER_RE.sub("", s)
    # a fund's whole expenditure by economic class (一般公共预算支出表（按经济分类）) is not the
    # functional table its words name without the brackets: outside the model, like 支出经济分类表
    by_economic_class = bool(re.search(r"[（(][^（）()]{0,8}经济分类[^（）()]{0,4}[）)]$", s))
    s = re.sub(r"[（(][^（）()]{0,8}(科目|分类)[）)]$", "", s)  # （功能科目）, （按经济分类）
    if not s or PERFORMANCE_RE.search(s) or len(s) > 120:
        return None
    if s.endswith("为空表") or "说明" in s[-6:]:
        return None
    for entry in SPECS:
        if entry.title.search(s):
            if entry.kind is None or (by_economic_class and entry.kind not in BY_ECONOMIC_CLASS):
                return _NOT_MODELLED
            return entry.kind
    return None


def _nonempty(lines: tuple[Line, ...], start: int, step: int, limit: int):
    i, seen = start, 0
    while 0 <= i < len(lines) and seen < limit:
        if lines[i].text.strip():
            yield i
            seen += 1
        i += step


#: Where a title line glued to its header line ("收支预算总表公开表一部门：… 单位：万元") ends.
_GLUED_HEADER_RE = re.compile(r"(部门|单位名称|编制单位|预算单位|填报单位|单位)[:：]")


def _title_part(text: str) -> str:
    """The title of a line, without the header words some text layers glue after it."""
    return _GLUED_HEADER_RE.split(squash(text), 1)[0]


def _confirmed(lines: tuple[Line, ...], i: int) -> bool:
    """A title is real when a header hint follows within a few lines (or on its own line)."""
    if _title_part(lines[i].text) != squash(lines[i].text) and HEADER_HINT_RE.search(lines[i].text):
        return True
    for j in _nonempty(lines, i + 1, 1, 6):
        t = lines[j].text
        # another title first: table-of-contents entries such as "2.2026年预算单位收入预算总表"
        # hold a header word (预算单位) themselves and must not confirm each other
        if PART_RE.match(t) or _title_kind(t):
            return False
        if HEADER_HINT_RE.search(t):
            return True
    return False


def _title_start(lines: tuple[Line, ...], i: int) -> tuple[int, str | None]:
    """Walk back from a title line over its wrapped beginning to the 表X number line."""
    start = i
    for j in _nonempty(lines, i - 1, -1, 4):
        t = lines[j].text.strip()
        m = TABLE_NUMBER_RE.match(t)
        if m:
            return j, m.group(1)
        if lines[j].page != lines[i].page or lines[j].is_row:
            break  # a title never wraps over a page break or out of a table row
        if PART_RE.match(t) or "备注" in t or classify_title(t) or HEADER_HINT_RE.search(t) \
                or re.search(r"\d", t) or len(squash(t)) > 60 or t.endswith(("。", "表")):
            break
        start = j
    m = re.match(r"^\s*表\s*([一二三四五六七八九十]+)\s*[:：]", lines[start].text)
    return start, (m.group(1) if m else None)


def find_tables(lines: tuple[Line, ...]) -> list[TableBlock]:
    """Every standard table block in ``lines``."""
    starts: list[tuple[int, int, TableKind, str | None]] = []
    for i, line in enumerate(lines):
        kind = _title_kind(line.text)
        if kind and _confirmed(lines, i):
            s, number = _title_start(lines, i)
            starts.append((s, i, kind, number))
    blocks = []
    for n, (s, i, kind, number) in enumerate(starts):
        end = starts[n + 1][0] if n + 1 < len(starts) else len(lines)
        if kind is _NOT_MODELLED:
            continue  # it only ends the table before it
        for j in range(i + 1, end):
            t = lines[j].text
            if PART_RE.match(t) or PERFORMANCE_RE.search(squash(t)):
                end = j
                break
        first = i + 1
        while first < end and re.fullmatch(r"\s*((19|20)\d{2}\s*(年度?)?|[“”\"'‘’:：\s]+)\s*", lines[first].text):
            first += 1  # the title's year or quotes on a line of their own ("年…情况表" / "“ ”" / "2026")
        body = lines[first:end]
        title = "".join(_title_part(lines[k].text) for k in range(s, i + 1)
                        if not TABLE_NUMBER_RE.match(lines[k].text))
        title = re.sub(r"^表[一二三四五六七八九十\d]+[:：]", "", title)
        unit = next((m.group(1) or m.group(2) for ln in (lines[i], *body[:20])
                     for m in [UNIT_RE.search(ln.text)] if m), None)
        empty = any(EMPTY_RE.search(squash(ln.text)) for ln in body
                    if "备注" in ln.text or "说明" in ln.text or "注" in ln.text[:3])
        prev = blocks[-1] if blocks else None
        if prev and prev.kind is kind and prev.title == title and prev.number == number \
                and prev.lines and prev.lines[-1].no >= lines[s].no - 3:
            # the title repeated on the next page: the same table continues
            blocks[-1] = TableBlock(kind=kind, title=title, number=number, title_line=prev.title_line,
                                    unit=prev.unit or unit, lines=prev.lines + _continued(prev.lines, body),
                                    declared_empty=prev.declared_empty and empty)
            continue
        blocks.append(TableBlock(kind=kind, title=title, number=number, title_line=lines[i],
                                 unit=unit, lines=body, declared_empty=empty))
    return blocks


def _continued(first: tuple[Line, ...], body: tuple[Line, ...]) -> tuple[Line, ...]:
    """The body of a table's continuation without the header lines it repeats from ``first``."""
    head = {squash(ln.text) for ln in first[:12] if squash(ln.text)}
    k = 0
    while k < len(body) and (not body[k].text.strip() or squash(body[k].text) in head
                             or (HEADER_HINT_RE.search(body[k].text) and k < 3)):
        k += 1
    return body[k:]


def _part_spans(lines: tuple[Line, ...]) -> list[tuple[str, int, int]]:
    """(heading text, start, end) of each part, headings joined over wrapped lines."""
    marks = [i for i, ln in enumerate(lines) if PART_RE.match(ln.text)]
    spans = []
    for n, i in enumerate(marks):
        end = marks[n + 1] if n + 1 < len(marks) else len(lines)
        heading = squash(PART_RE.match(lines[i].text).group(0))
        # a heading wraps over a few lines ("…（乌鲁木齐市新市\n\n区）委员会组织部…概况")
        for j in _nonempty(lines, i + 1, 1, 3):
            if j >= end or heading.endswith(("概况", "说明", "公开表", "解释", "附表）", "报表")):
                break
            t = squash(lines[j].text)
            if re.match(r"^[一二三四五六七八九十]+、", t) or t.startswith("表") or len(t) > 40:
                break
            heading += t
        spans.append((heading, i, end))
    return spans


def segment(document: Document) -> Segments:
    """Cut ``document`` into head, overview, narrative and table blocks."""
    lines = document.lines
    spans = _part_spans(lines)
    first = spans[0][1] if spans else len(lines)

    def longest(pred) -> tuple[Line, ...]:
        best = max((sp for sp in spans if pred(sp[0])), key=lambda sp: sp[2] - sp[1], default=None)
        return lines[best[1]:best[2]] if best else ()

    overview = longest(lambda h: "概况" in h)
    narrative = longest(lambda h: "说明" in h and "名词" not in h)
    tables = find_tables(lines)
    performance = tuple(find_performance(lines))
    headings = tuple(lines[sp[1]] for sp in spans)
    return Segments(document=document, head=lines[:first], overview=overview, narrative=narrative,
                    headings=headings, tables=tuple(tables), performance=performance,
                    other_prose=_other_prose(lines, spans, (overview, narrative), tables, performance))


def _other_prose(lines, spans, chosen, tables, performance) -> tuple[Line, ...]:
    """Lines of the parts that are neither 概况 nor 说明 and hold no table (名词解释, a closing
    part): their text is prose the checks read for slips."""
    taken = {id(part[0]) for part in chosen if part}
    starts = {b.title_line.no for b in (*tables, *performance)}
    out: list[Line] = []
    for _, a, b in spans:
        part = lines[a:b]
        if part and id(part[0]) not in taken and not any(part[0].no <= n <= part[-1].no for n in starts):
            out.extend(part)
    return tuple(out)
