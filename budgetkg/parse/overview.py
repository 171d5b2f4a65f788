"""概况 and title: department name (and its second name), region, fiscal year,
budget or final account, staffing per unit, internal divisions and subordinate units.

Read from sentences, not positions: "…编制数 39，实有人数 25 人，其中：在职 25 人…；
退休 0 人…", "下设 6 个处室，分别是：A、B、C。", "二级预算单位包括：X。".
"""
from __future__ import annotations

import re
from collections import Counter

from ..model import Organization, ReportKind, ReportScope, Staffing, UnitRelation
from ..segment import PART_RE, Segments, squash
from ..sources import Line
from ..names import normalise_org_name
from .context import ParseContext

YEAR_RE = re.compile(r"(20\d{2})\s*年")
ORG_SUFFIX = r"(局|委员会|委|部|办公室|办|中心|院|所|站|队|会|厅|处|室|馆|社|团|校|组)"
SEPARATORS = "、，,；;"


_PAGE_MARK_RE = re.compile(r"^[-─—–]+\s*\d{1,3}\s*[-─—–]+$")


def _joined(lines: tuple[Line, ...]) -> tuple[str, list[int]]:
    """Lines joined without breaks (PDF text wraps mid-word), with a char → line map."""
    text, owner = [], []
    for ln in lines:
        t = re.sub(r"\s+", " ", ln.text.strip())
        if _PAGE_MARK_RE.match(t):
            continue  # "─ 2 ─": a page number inside a paragraph that runs over the page
        if re.match(r"^[一二三四五六七八九十]+、.{0,24}$", t) and not t.endswith("。"):
            t += "。"  # a heading ends its own sentence
        text.append(t)
        owner.extend([ln.no] * len(t))
    return "".join(text), owner


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


def _label_value(line: str) -> tuple[str, str] | None:
    """("部门", "中共江苏省委办公厅") from "部 门:中共江苏省委办公厅 单位：万元"."""
    m = _LABEL_RE.search(squash(line))
    if not m:
        return None
    # "101-机关,101020-人力资源和社会保障局": the last coded name is the unit itself
    value = _clean_department(re.split(r"\d+-", m.group(1))[-1])
    if not (3 <= len(value) <= 60 and org_like(value)):
        return None
    word = re.match(_LABEL_WORDS, squash(line)[m.start():]).group(0)
    return word, value


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
    heading, a cover label (预算主管部门：, 预算单位：), the title or cover, the labels above
    the tables (部门：, 编制部门：, 单位名称：). A table-of-contents line is never one."""
    headings = [_clean_department(_heading_text(seg, ln)) for ln in seg.headings
                if "概况" in squash(_heading_text(seg, ln)) and not _TOC_RE.search(_heading_text(seg, ln))]
    headings = [c for c in headings if 3 <= len(c) <= 80 and org_like(c)]
    if headings:
        # the fullest form: "乌鲁木齐市水磨沟区人民政府办公室" over "水磨沟区人民政府办公室"
        return max(headings, key=len)
    for ln in seg.document.lines[:40]:
        found = _label_value(ln.text)
        if found and found[0] in _COVER_LABELS[:-1]:
            return found[1]
    title = _title_department(seg)
    if title:
        return title
    labels = Counter(found[1] for ln in seg.document.lines for found in [_label_value(ln.text)] if found)
    if labels:
        return labels.most_common(1)[0][0]
    return None


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
    """The administrative area a department name starts with (…市…区, …县, …开发区)."""
    s = re.sub(r"^中共", "", name)
    m = re.match(r"^((?:[^（）]{1,14}?(?:自治区|省|市|县|区|旗|州)(?:（[^）]*）)?)+)", s)
    return m.group(1) if m and len(m.group(1)) <= 40 else None


def _title_year(seg: Segments) -> int | None:
    """The year of the title or cover: "2026 年", "二〇二六年", or "2026" alone on its line."""
    lines = title_lines(seg)
    m = YEAR_RE.search("".join(lines))
    if m:
        return int(m.group(1))
    bare = [int(t) for t in lines if re.fullmatch(r"20\d{2}", t)]
    return bare[0] if bare else None


def fiscal_year(seg: Segments) -> int | None:
    """The title's year, else the most frequent year in the first lines and part headings."""
    year = _title_year(seg)
    if year:
        return year
    texts = [cn_years(squash(ln.text)) for ln in seg.head[:15]] + [
        cn_years(squash(_heading_text(seg, h))) for h in seg.headings]
    years = Counter(int(y) for t in texts for y in YEAR_RE.findall(t))
    if not years:
        years = Counter(int(y) for ln in seg.document.lines[:200] for y in YEAR_RE.findall(cn_years(squash(ln.text))))
    return years.most_common(1)[0][0] if years else None


def report_kind(seg: Segments) -> ReportKind:
    """决算 in the title, else in the first lines or headings, means a final account; otherwise a budget."""
    title = title_text(seg)
    if "决算" in title or "预算" in title:
        return ReportKind.FINAL if "决算" in title else ReportKind.BUDGET
    texts = "".join(squash(ln.text) for ln in seg.head[:15]) + "".join(
        squash(_heading_text(seg, h)) for h in seg.headings)
    if "决算" in texts:
        return ReportKind.FINAL
    if "预算" in texts:
        return ReportKind.BUDGET
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
                   severity="error")
        # never the file name (it is often wrong); one placeholder per document, not one shared by all
        return Organization(name=f"未识别部门（{seg.document.sha256[:8]}）")
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
    text, owner = _joined(seg.overview or seg.document.lines)
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
        out.append(Staffing(unit=unit, source=ctx.ref(_line_at(seg, owner, m.start())),
                            authorized=int(auth.group(1)) if auth else None,
                            actual=int(m.group(1)),
                            in_service=int(in_service.group(1)) if in_service else None,
                            retired=int(retired.group(1)) if retired else None))
    return out


def _line_at(seg: Segments, owner: list[int], pos: int) -> Line:
    no = owner[min(pos, len(owner) - 1)] if owner else 1
    return seg.document.lines[no - 1]


def _canonical_unit(unit: str, dept: Organization) -> str:
    """A unit that is the department itself (in any of its printed forms) → its main name."""
    names = (dept.name, *dept.alt_names)
    if not unit:
        return dept.name
    base, _ = split_second_name(unit)
    if any(base == n or n.endswith(base) or base.endswith(n) for n in names):
        return dept.name
    # "中共乌鲁木齐市委委员会组织部" vs "中共乌鲁木齐市委员会组织部": same tail, same department
    if len(base) >= 4 and base[-3:] == dept.name[-3:] and _similar(base, dept.name):
        return dept.name
    return base


def _similar(a: str, b: str) -> bool:
    common = sum((Counter(a) & Counter(b)).values())
    return common / max(len(a), len(b)) >= 0.8


_NUMBERED_UNITS_RE = re.compile(r"具体包括[^：:。]{0,24}[:：]((?:\s*\d+[.．、][^。]{2,80}。)+)")
_NUMBERED_ITEM_RE = re.compile(r"\d+[.．、]([^。]+)。")

_COUNT = r"(\d+|[一二三四五六七八九十两]+)"
#: Words that say a list names subordinate (budget) units or internal divisions; the one
#: nearest the list decides ("本部门下属单位包括：", "设6个内设机构，包括：").
_SUBORDINATE_WORDS = (r"二级预算单位|下属预算单位|所属预算单位|预算单位|下属单位|所属单位|直属单位|附属单位|"
                      r"下级单位|事业单位|事业机构|社团组织")
_INTERNAL_WORDS = r"内设机构|内设科室|内设处室|内设|处室|科室|职能部门"
_UNIT_KIND_RE = re.compile(rf"({_SUBORDINATE_WORDS})|({_INTERNAL_WORDS})")
_LIST_VERB = r"(?:具体)?(?:分别是|分别为|依次为|包括|包含|如下|有|为|是)"
#: The words just before the colon of a list: a verb, a kind word or a count ("3个：").
_INTRO_END_RE = re.compile(rf"(?:{_LIST_VERB}|{_SUBORDINATE_WORDS}|{_INTERNAL_WORDS}|个)\s*$")
#: "…等20个处室和省委机要局": the count of the list, its kind, and names added after it.
_TAIL_RE = re.compile(rf"^(.*?)等\s*{_COUNT}\s*个([^和及、]{{0,16}}?)(?:(?:以及|和|及)(.+))?$")
#: "下设A、B等8个直属事业单位": a list printed before its kind word.
_LEAD_RE = re.compile(r"^.{0,30}?下设(.+等\s*(?:\d+|[一二三四五六七八九十两]+)\s*个.+)$")
#: A category word printed before a name: "社团组织重庆市气象学会", "行政单位：X".
_CATEGORY_RE = re.compile(r"^(?:社团组织|社会组织|社会团体|(?:全额|差额)?(?:拨款)?(?:行政|事业|参公|企业)单位)[:：]?")
#: Endings of a division or unit name (wider than a department's: …科, …台, 党总支).
_UNIT_SUFFIX_RE = re.compile(r"(局|委员会|委|部|办公室|办|中心|院|所|站|队|会|厅|处|室|馆|社|团|校|组|科|股|"
                             r"总支|支部|台|庭|场|园|库|公司|宾馆|学会)$")
_LABEL_END_RE = re.compile(r"(?<!二级)(?<!下属)(?<!所属)(?<!下级)预算单位\s*$")
#: "本部门内设机构包括秘书处、…" — a kind word and its verb, the list following without a colon.
_BARE_INTRO_RE = re.compile(rf"(?:{_SUBORDINATE_WORDS}|{_INTERNAL_WORDS})(?:具体)?(?:包括|分别是|分别为|依次为)(?=[^\s:：，,])")
_ENUMERATOR_RE = re.compile(r"^\s*(?:[（(][一二三四五六七八九十\d]+[）)]|\d+\s*[.．、]|[一二三四五六七八九十]+、)")
_SELF_RE = re.compile(r"（(?:本级|本部|机关本级|机关)）$|本级(?:预算|决算)?$")


def _cn_count(text: str) -> int | None:
    """"34" → 34, "十" → 10, "二十三" → 23 (counts of a list, below a hundred)."""
    if text.isdigit():
        return int(text)
    digits = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"两": 2}
    if "十" in text:
        tens, _, ones = text.partition("十")
        return (digits.get(tens, 1) if tens else 1) * 10 + (digits.get(ones, 0) if ones else 0)
    return digits.get(text) if len(text) == 1 else None


def _printed_name(text: str) -> str:
    """A listed name in the project's form: no spaces, full-width brackets (names.py)."""
    return normalise_org_name(text)


def _split_list(text: str) -> list[str]:
    """Names of a list separated by 、 or commas, brackets kept whole."""
    parts, depth, cur = [], 0, ""
    for ch in text:
        if ch in "（(":
            depth += 1
        elif ch in "）)":
            depth -= 1
        if ch in SEPARATORS and depth <= 0:
            parts.append(cur)
            cur = ""
        else:
            cur += ch
    parts.append(cur)
    return [n for n in (_printed_name(p) for p in parts) if n]


def _clean_item(name: str) -> str:
    """"行政单位：X" → X; "社团组织重庆市气象学会" → 重庆市气象学会."""
    name = re.split(r"[:：]", name)[-1]
    bare = _CATEGORY_RE.sub("", name)
    return bare if len(bare) >= 2 else name


def _relation(intro: str) -> str | None:
    """internal or subordinate, from the kind word nearest the list; None when none says."""
    found = list(_UNIT_KIND_RE.finditer(intro))
    if not found:
        return "internal" if re.search(r"下设\s*" + _COUNT + r"\s*个", intro) else None
    return "subordinate" if found[-1].group(1) else "internal"


class _ListReading:
    """One printed list: its relation, names, the count the text states, and its place."""

    def __init__(self, relation: str, names: list[str], count: int | None, pos: int):
        self.relation, self.names, self.count, self.pos = relation, names, count, pos


def _read_items(body: str) -> tuple[list[str], int | None, str]:
    """Names of a list body; for a trailing "等N个<kind>和X", the names counted (None when the
    count holds, else the count and the names read disagree) and the kind word."""
    items = _split_list(body)
    if not items:
        return [], None, ""
    tail = _TAIL_RE.match(items[-1])
    if not tail:
        return [_clean_item(n) for n in items], None, ""
    head = [_clean_item(n) for n in items[:-1] + ([tail.group(1)] if tail.group(1) else [])]
    extra = [_clean_item(n) for n in _split_list(tail.group(4) or "")]
    count = _cn_count(tail.group(2))
    return head + extra, (count + len(extra) if count is not None else None), tail.group(3)


def _split_last_pair(names: list[str], count: int | None) -> list[str]:
    """"…、研究二部和研究三部" → two names, only when the stated count asks for one more and
    both halves read as names ("电子商务和信息化处" stays whole)."""
    if count is None or count != len(names) + 1 or not names:
        return names
    halves = re.split(r"以及|和|及", names[-1])
    if len(halves) == 2 and all(_plausible_unit(h) for h in halves):
        return names[:-1] + halves
    return names


def _list_readings(text: str) -> list[_ListReading]:
    """Every list of names in the 概况: "…内设机构包括：A、B、C。", "下设二级预算单位4个，分别是：…；",
    "下设A、B等8个直属事业单位；C等2个地方事业机构以及社团组织D。"."""
    out: list[_ListReading] = []
    pos = 0
    for sentence in re.split(r"(?<=。)", text):
        lead_kind = None  # a "下设" sentence carries on over its ；
        clause_pos = pos
        for clause in re.split(r"(?<=[；;])", sentence):
            body = clause.rstrip("。；; ")
            colon = re.search(r"[:：]", body) or _BARE_INTRO_RE.search(body)
            # the intro ends before a colon, or with the kind word and verb when none is printed
            intro = body[:colon.start() if colon.group(0) in ":：" else colon.end()][-40:] if colon else ""
            relation = _relation(intro) if colon and _INTRO_END_RE.search(intro) else None
            if relation and _LABEL_END_RE.search(intro):
                relation = None  # "预算单位：X" on a cover is a label, not a list
            if relation and _ENUMERATOR_RE.match(body[colon.end():]):
                relation = None  # "设下列内设机构：（一）办公室。负责…": headings with duties, not a list
            if relation:
                names, count, _ = _read_items(body[colon.end():])
                stated = re.search(_COUNT + r"\s*个", intro)
                if count is None and stated:
                    count = _cn_count(stated.group(1))
                names = _split_last_pair(names, count)
                out.append(_ListReading(relation, names, count, clause_pos + colon.end()))
            else:
                lead = _LEAD_RE.match(body)
                listed = lead.group(1) if lead else (body if lead_kind and "等" in body else None)
                if listed:
                    names, count, kind = _read_items(listed)
                    found = _relation(kind) if kind else None
                    if found:
                        lead_kind = found
                        out.append(_ListReading(found, names, count, clause_pos))
            clause_pos += len(clause)
        pos += len(sentence)
    return out


def units(seg: Segments, dept: Organization, ctx: ParseContext) -> list[UnitRelation]:
    """Subordinate budget units, then internal divisions, named in the 概况, each in printed
    order (the units that make up the department's budget first, as the contract cases list them).

    A list is taken whole or not at all: when a name in it does not read as an organisation
    or the count the text states differs from the names listed, nothing of it is emitted and
    a notice says why (a wrong name is worse than a missing one). The department itself
    ("X（本级）") is never its own unit."""
    text, owner = _joined(seg.overview or seg.document.lines)
    own = {dept.name, *dept.alt_names}
    listed: list[tuple[str, str, int]] = []
    for reading in _list_readings(text):
        line = _line_at(seg, owner, reading.pos)
        names = [n for n in reading.names if _SELF_RE.sub("", n) not in own and n not in own]
        if reading.count is not None and reading.count != len(reading.names):
            ctx.report("unit-count", "overview", f"{reading.relation} units", reading.count, len(reading.names),
                       f"the report says {reading.count} but lists {len(reading.names)}; the list is not used",
                       line, severity="warning")
            continue
        odd = [n for n in names if not _plausible_unit(n)]
        if odd and len(reading.names) == 1:
            continue  # "预算单位：X目录…" is a label on a cover, not a list
        if odd:
            ctx.report("unit-list", "overview", f"{reading.relation} units", "names of organisations", odd[0],
                       f"the list holds {odd[0]!r}, which does not read as a name; the list is not used",
                       line, severity="warning")
            continue
        listed.extend((n, reading.relation, reading.pos) for n in names)
    for m in _NUMBERED_UNITS_RE.finditer(text):
        # "1.X本部。2.下属事业单位Y不单列预算，并入本部。"
        for item in _NUMBERED_ITEM_RE.finditer(m.group(1)):
            name = re.split(r"[，,；;]|不单列|单列", item.group(1))[0]
            name = re.sub(r"^(?:下属|所属)?(?:行政|事业|参公)?(?:单位)?", "", normalise_org_name(name))
            listed.append((re.sub(r"本部$", "", name), "subordinate", m.start()))
    for name, line in _unit_table(seg.overview or seg.document.lines):
        listed.append((name, "subordinate", owner.index(line.no) if line.no in owner else 0))
    out: list[UnitRelation] = []
    seen = {(n, r) for n in own for r in ("internal", "subordinate")}
    for name, relation, pos in listed:
        if (name, relation) in seen or not _plausible_unit(name):
            continue
        seen.add((name, relation))
        out.append(UnitRelation(name=name, relation=relation, source=ctx.ref(_line_at(seg, owner, pos))))
    return sorted(out, key=lambda u: u.relation != "subordinate")


def _unit_table(lines: tuple[Line, ...]) -> list[tuple[str, Line]]:
    """Units listed as a table: 序号 | 单位名称 | 备注 (the department's own 本级 row skipped)."""
    out: list[tuple[str, Line]] = []
    column = None
    for ln in lines:
        cells = [squash(c) for c in ln.text.split("\t")]
        if column is None:
            if "单位名称" in cells and len(cells) > 1:
                column = cells.index("单位名称")
            continue
        if len(cells) <= column or not cells[0].isdigit():
            break
        name = cells[column]
        if not re.search(r"[（(]?本级[）)]?$|本部$", name):
            out.append((normalise_org_name(name), ln))
    return out


def _plausible_unit(name: str) -> bool:
    """An organisation's name: not too long, ends like one (…中心, …科, …办公室), a trailing
    second name in brackets aside."""
    bare, n = name, 1
    while n:
        bare, n = re.subn(r"[（(][^（）()]*[）)]$", "", bare)
    return 2 <= len(bare) <= 40 and len(name) <= 60 and bool(_UNIT_SUFFIX_RE.search(bare)) \
        and not name.startswith("无")
