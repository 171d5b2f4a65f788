"""概况 and title: department name (and its second name), region, fiscal year,
budget or final account, staffing per unit, internal divisions and subordinate units.

Read from sentences, not positions: "…编制数 39，实有人数 25 人，其中：在职 25 人…；
退休 0 人…", lists of divisions and units in
parse/unit_lists.py (re-exported here as ``units``).
"""
from __future__ import annotations

import re
from collections import Counter

from budgetkg.model.report import (
    Organization,
    ReportKind,
    ReportScope,
    Severity,
    Staffing,
    unidentified_department,
)
from budgetkg.parse.context import ParseContext
from budgetkg.parse.prose import joined_prose, line_at
from budgetkg.segment.blocks import PART_RE, Segments
from budgetkg.sources.document import Line
from budgetkg.text.matching import shares_characters
from budgetkg.text.names import is_placeholder_name, normalise_org_name, region_prefix, squash

YEAR_RE = re.compile(r"(20\d{2})\s*年")
ORG_SUFFIX = r"(局|委员会|委|部|办公室|办|中心|院|所|站|队|会|厅|处|室|馆|社|团|校|大学|中学|小学|组)"
def split_second_name(name: str) -> tuple[str, tuple[str, ...]]:
    """"X（Y局）" → ("X", ("Y局",)) when the trailing bracket names another organisation."""
    if not name.endswith("）"):
        return name, ()
    depth, start = 0, None
    for i in range(len(name) - 1, -1, -1):
        if name[i] == "）":
            depth += 1
        elif name[i] == "（":
            depth -= 1
            if depth == 0:
                start = i
                break
    if start is None or start == 0:
        return name, ()
    inner, outer = name[start + 1:-1], name[:start]
    if re.search(ORG_SUFFIX + "$", inner) and re.search(ORG_SUFFIX + "$", outer) and len(inner) >= 3:
        return outer, (inner,)
    return name, ()


def _clean_department(text: str) -> str:
    s = normalise_org_name(text)
    s = re.sub(r"^[^\u4e00-\u9fff（]+", "", s)
    s = re.sub(r"^第[一二三四五六七八九十]+部分", "", s)
    s = re.sub(r"(20\d{2})年(度)?", "", s)
    s = re.sub(r"(概况|基本情况)$", "", s)
    s = re.sub(r"(部门|单位)(预算|决算)?(公开)?(说明)?$", "", s)
    s = re.sub(r"(部门|单位)$", "", s)
    s = re.sub(r"（(?:本级|汇总|部门汇总|单位汇总|本部)）$", "", s)
    return s


#: The labels that name the department or unit on a cover or above a table.
_LABEL_WORDS = r"(?:预算主管部门|主管部门|部门名称|单位名称|预算单位|编制部门|编制单位|填报部门|填报单位|报送单位|部门)"
_LABEL_RE = re.compile(_LABEL_WORDS + r"(?:（单位）)?[:：](?:[\d,\-]+-)?(.+?)(?=单位[:：]|$)")
_COVER_LABELS = ("预算主管部门", "主管部门", "部门名称", "单位名称", "预算单位", "部门")
_TOC_RE = re.compile(r"(?:\.{3,}|…{2,}|·{3,}|．{3,})|\s\d{1,3}$")
_CN_DIGITS = {c: str(i) for i, c in enumerate("〇一二三四五六七八九")} | {"零": "0", "O": "0", "○": "0"}
_CN_YEAR_RE = re.compile(r"二[〇○零O][一二三四五六七八九〇○零O]{2}年")
_KIND_RE = re.compile(r"^(.{2,40}?)(?:（(?:本级|汇总|部门汇总)）)?年?度?(?:部门|单位)?(?:预算|决算)")


def org_like(name: str) -> bool:
    """Ends like an organisation (…局, …办公室), a trailing second name in brackets aside."""
    bare, n = name, 1
    while n:
        bare, n = re.subn(r"[（<][^（）<>]*[）>]", "", bare)
    return bool(re.search(ORG_SUFFIX + "$", bare))


#: A label cell and its value cell alone on a line ("部门名称 | 北京市统计局" at the head of a
#: 部门整体支出绩效目标表): no colon, the cell boundary is the gap. Only the labels that say
#: "the name of" — a bare 部门 cell heads columns of figures too.
_CELL_LABEL_RE = re.compile(r"^\s*(预算主管部门|主管部门|部门名称|单位名称|预算单位|编制部门|编制单位|填报部门|"
                            r"填报单位|报送单位)\s*[\t ]\s*(?:[\d\-]+-)?([^\s\t]{3,60})\s*$")


def _label_value(line: str) -> tuple[str, str] | None:
    """("部门", "中共江苏省委办公厅") from "部 门:中共江苏省委办公厅 单位：万元"; ("部门名称",
    "北京市统计局") from the cells "部门名称 北京市统计局"."""
    m = _LABEL_RE.search(squash(line))
    if not m:
        cell = _CELL_LABEL_RE.match(line)
        if cell is None:
            return None
        value = _clean_department(cell.group(2))
        return (cell.group(1), value) if 3 <= len(value) <= 60 and org_like(value) else None
    # "101-机关,101020-人力资源和社会保障局": the last coded name is the unit itself
    value = _clean_department(re.split(r"\d+-", m.group(1))[-1])
    if not (3 <= len(value) <= 60 and org_like(value)):
        return None
    word = re.match(_LABEL_WORDS, squash(line)[m.start():])
    return (word.group(0), value) if word else None  # (always matches: _LABEL_RE starts with the words)


def cn_years(text: str) -> str:
    """"二〇二六年" → "2026年", so that one pattern reads both."""
    return _CN_YEAR_RE.sub(lambda m: "".join(_CN_DIGITS.get(c, c) for c in m.group(0)[:4]) + "年", text)


def title_lines(seg: Segments) -> list[str]:
    """The cover/title lines: the first non-empty lines before 目录, a part heading, a numbered
    section or a table (at most six), squashed."""
    out: list[str] = []
    for ln in seg.document.lines[:40]:
        t = squash(ln.text)
        if not t:
            continue
        if t.startswith("目录") or PART_RE.match(ln.text) or re.match(r"^[一二三四五六七八九十]+、", t) \
                or _TOC_RE.search(ln.text.strip()) or len(out) >= 6:
            break
        out.append(cn_years(t))
    return out


def title_text(seg: Segments) -> str:
    return "".join(title_lines(seg))


def _title_department(seg: Segments) -> str | None:
    """"2026 年度 / 泉州市公安局 / 部门预算" → 泉州市公安局; "长春市信访局（本级）2026年度部门预算"."""
    text = re.sub(r"20\d{2}年度?|(?<![\u4e00-\u9fff])20\d{2}(?!\d)", "", title_text(seg))
    text = re.sub(r"^[^\u4e00-\u9fff]+", "", text)
    text = re.sub(r"^关于", "", text)
    m = _KIND_RE.match(text)
    if not m:
        return None
    name = _clean_department(m.group(1))
    return name if 3 <= len(name) <= 40 and org_like(name) else None


def department_from(seg: Segments) -> str | None:
    """The department's printed name, from the most to the least explicit place: the 概况
    heading, a cover label (预算主管部门：, 预算单位：), the title or cover, the labels above or
    in the tables (部门：, 编制部门：, a 部门名称 / 单位名称 cell). A table-of-contents line is
    never one, and a template placeholder (上海市XX局) is one only when no place prints a real
    name (the blank template is then refused for what it is)."""
    first = None
    for name in _department_candidates(seg):
        if name and not is_placeholder_name(name):
            return name
        first = first or name
    return first


def _department_candidates(seg: Segments):
    """The printed names :func:`department_from` chooses from, most explicit first (lazily)."""
    headings = [_clean_department(_heading_text(seg, ln)) for ln in seg.headings
                if "概况" in squash(_heading_text(seg, ln)) and not _TOC_RE.search(_heading_text(seg, ln))]
    headings = [c for c in headings if 3 <= len(c) <= 80 and org_like(c)]
    # the fullest form: "乌鲁木齐市水磨沟区人民政府办公室" over "水磨沟区人民政府办公室"
    yield from sorted(headings, key=len, reverse=True)
    for ln in seg.document.lines[:40]:
        found = _label_value(ln.text)
        if found and found[0] in _COVER_LABELS[:-1]:
            yield found[1]
    yield _title_department(seg)
    labels = Counter(found[1] for ln in seg.document.lines for found in [_label_value(ln.text)] if found)
    yield from (name for name, _ in labels.most_common())


def _heading_text(seg: Segments, heading: Line) -> str:
    lines = seg.document.lines
    i = heading.no - 1
    text = heading.text
    for j in range(i + 1, min(i + 6, len(lines))):
        if "概况" in squash(text):
            break
        t = lines[j].text.strip()
        if PART_RE.match(t) or re.match(r"^[-*]?\s*[一二三四五六七八九十]+、", t):
            break
        if t:
            text += t
    return text[: squash(text).find("概况") + 20] if "概况" in text else text


def region_of(name: str) -> str | None:
    """The administrative area a department name starts with (…市…区, …县, …开发区), read by
    :func:`budgetkg.text.names.region_prefix`."""
    return region_prefix(name) or None


def _title_year(seg: Segments) -> int | None:
    """The year of the title or cover: "2026 年", "二〇二六年", or "2026" alone on its line."""
    lines = title_lines(seg)
    m = YEAR_RE.search("".join(lines))
    if m:
        return int(m.group(1))
    bare = [int(t) for t in lines if re.fullmatch(r"20\d{2}", t)]
    return bare[0] if bare else None


#: A year as a report prints it, not as the second year of a comparison or range (比2025年, 2025—2027年).
_PRINTED_YEAR_RE = re.compile(r"(?<![比较与同和对至—\-~～\d])((?:19|20)\d{2})\s*年")


def printed_years(seg: Segments) -> Counter[int]:
    """How often the report prints each year (not as the second year of a comparison or range)."""
    return Counter(int(y) for ln in seg.document.lines for y in _PRINTED_YEAR_RE.findall(cn_years(squash(ln.text))))


def _dominant_year(seg: Segments, title: int) -> int | None:
    """A year the report prints at least five times and four times as often as the title's year,
    or None: a title left with last year's year (or mistyped) in a report that says its own year
    everywhere else does not make the whole report one of another year."""
    counts = printed_years(seg)
    year, n = max(counts.items(), key=lambda kv: kv[1], default=(None, 0))
    return year if year is not None and year != title and n >= 5 and n >= 4 * counts[title] else None


def fiscal_year(seg: Segments) -> int | None:
    """The title's year (unless the rest of the report prints another one throughout), else the
    most frequent year in the first lines and part headings."""
    year = _title_year(seg)
    if year:
        return _dominant_year(seg, year) or year
    texts = [cn_years(squash(ln.text)) for ln in seg.head[:15]] + [
        cn_years(squash(_heading_text(seg, h))) for h in seg.headings]
    years = Counter(int(y) for t in texts for y in YEAR_RE.findall(t))
    if not years:
        # a file of tables only: "2026年部门收支总表", or "（2026年度）" printed under a title
        years = Counter(int(y) for t in table_titles(seg) for y in YEAR_RE.findall(t))
    if not years:
        years = Counter(int(y) for ln in seg.document.lines[:200] for y in YEAR_RE.findall(cn_years(squash(ln.text))))
    return years.most_common(1)[0][0] if years else None


_TITLE_YEAR_LINE_RE = re.compile(r"[（(]?(?:20\d{2}|二[〇○零O][一二三四五六七八九〇○零O]{2})年度?[）)]?")


def table_titles(seg: Segments) -> list[str]:
    """The titles of the tables and performance tables, each with the line printed under it
    when that line is only a year ("预算13表 部门整体支出绩效目标表" / "（2026年度）"), squashed."""
    lines = seg.document.lines
    out = []
    for title in [b.title_line for b in seg.tables] + [b.title_line for b in seg.performance]:
        text = squash(title.text)
        below = next((squash(ln.text) for ln in lines[title.no:title.no + 3] if squash(ln.text)), "")
        if _TITLE_YEAR_LINE_RE.fullmatch(below):
            text += below
        out.append(cn_years(text))
    return out


def report_kind(seg: Segments) -> ReportKind:
    """决算 in the title, else in the first lines or headings, else in the table titles (when
    they say only one of the two), means a final account; otherwise a budget."""
    title = title_text(seg)
    if "决算" in title or "预算" in title:
        return ReportKind.FINAL if "决算" in title else ReportKind.BUDGET
    texts = "".join(squash(ln.text) for ln in seg.head[:15]) + "".join(
        squash(_heading_text(seg, h)) for h in seg.headings)
    if "决算" in texts:
        return ReportKind.FINAL
    if "预算" in texts:
        return ReportKind.BUDGET
    titles = "".join(table_titles(seg))
    if ("决算" in titles) != ("预算" in titles):
        return ReportKind.FINAL if "决算" in titles else ReportKind.BUDGET
    body = "".join(squash(ln.text) for ln in seg.document.lines[:300])
    return ReportKind.FINAL if body.count("决算") > body.count("预算") else ReportKind.BUDGET


def report_scope(seg: Segments) -> ReportScope | None:
    """单位预算/单位决算 (one budget unit) or 部门预算/部门决算 (a department with its units),
    as the title or the first lines say; None when they do not say."""
    for text in (title_text(seg), "".join(squash(ln.text) for ln in seg.document.lines[:30])):
        m = re.search(r"(单位|部门)(?:预算|决算)", text)
        if m:
            return ReportScope.UNIT if m.group(1) == "单位" else ReportScope.DEPARTMENT
    return None


def department(seg: Segments, ctx: ParseContext) -> Organization:
    """The department as an :class:`Organization` (main name, second names, region)."""
    printed = department_from(seg)
    if not printed:
        ctx.report("department-name", "overview", "", "a department name", None,
                   "the report does not name its department in its title, cover, 概况 or table labels",
                   severity=Severity.ERROR)
        return Organization(name=unidentified_department(seg.document.sha256))
    name, alt = split_second_name(normalise_org_name(printed))
    return Organization(name=name, alt_names=alt, region=region_of(name))


_STAFF_RE = re.compile(r"实有人数\s*(\d+)\s*人?")
_NUMBER_AFTER = r"\s*(?:人员)?\s*[:：]?\s*(\d+)\s*人"


def _sentence_subject(text: str, end: int) -> str:
    """The unit a staffing statement is about: the text before it in its sentence."""
    start = max(text.rfind(ch, 0, end) for ch in "。；;") + 1
    subject = text[start:end]
    subject = re.sub(r"(20\d{2})\s*年度?[，,]?", "", subject)
    subject = re.sub(r"(部门|单位|本级)?(编制数.*)?$", "", subject)
    return normalise_org_name(re.sub(r"[，,]$", "", subject.strip()))


def staffing(seg: Segments, dept: Organization, ctx: ParseContext) -> list[Staffing]:
    """One :class:`Staffing` per "实有人数" statement of the 概况."""
    text, owner = joined_prose(seg.overview or seg.document.lines)
    out = []
    anchors = list(_STAFF_RE.finditer(text))
    for n, m in enumerate(anchors):
        stop = anchors[n + 1].start() if n + 1 < len(anchors) else len(text)
        sentence_start = max(text.rfind(ch, 0, m.start()) for ch in "。；;") + 1
        before = text[sentence_start:m.start()]
        auth = re.search(r"编制数\s*(\d+)", before)
        subject_end = sentence_start + (auth.start() if auth else len(before))
        unit = _sentence_subject(text, subject_end) or dept.name
        after = text[m.end():stop]
        after = after[:after.find("编制数")] if "编制数" in after else after
        in_service = re.search(r"在职" + _NUMBER_AFTER, after)
        retired = re.search(r"(?<!离)退休" + _NUMBER_AFTER, after)
        unit = _canonical_unit(unit, dept)
        out.append(Staffing(unit=unit, source=ctx.ref(line_at(seg, owner, m.start())),
                            authorized=int(auth.group(1)) if auth else None,
                            actual=int(m.group(1)),
                            in_service=int(in_service.group(1)) if in_service else None,
                            retired=int(retired.group(1)) if retired else None))
    return out


def _canonical_unit(unit: str, dept: Organization) -> str:
    """A unit that is the department itself (in any of its printed forms) → its main name."""
    names = (dept.name, *dept.alt_names)
    if not unit:
        return dept.name
    base, _ = split_second_name(unit)
    if any(base == n or n.endswith(base) or base.endswith(n) for n in names):
        return dept.name
    # "中共乌鲁木齐市委委员会组织部" vs "中共乌鲁木齐市委员会组织部": same tail, same department
    if len(base) >= 4 and base[-3:] == dept.name[-3:] and shares_characters(base, dept.name):
        return dept.name
    return base



