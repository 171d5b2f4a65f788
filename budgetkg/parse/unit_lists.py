"""Lists of internal divisions and subordinate units in the 概况, read by wording and structure.

Any region's wording: "内设十个机构，分别是：A、B。", "内设 34 个,各机构规范简称依次为:…",
"下设二级预算单位 4 个，分别是：X（本级）、Y；…", "下设A、B等8个直属事业单位；C等2个…以及社团组织D。",
"内设机构包括A、…等20个处室和B。", "下属单位具体包括：…。", a numbered list or a table of units.
A list is taken whole or not at all (see :func:`units`).
"""
from __future__ import annotations

import re

from budgetkg.model.report import Organization, Severity, UnitRelation
from budgetkg.parse.context import ParseContext
from budgetkg.parse.prose import SEPARATORS, joined_prose, line_at
from budgetkg.segment.blocks import Segments
from budgetkg.sources.document import Line
from budgetkg.text.names import normalise_org_name, squash

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
            if relation and colon and _ENUMERATOR_RE.match(body[colon.end():]):
                relation = None  # "设下列内设机构：（一）办公室。负责…": headings with duties, not a list
            if relation and colon:  # (a relation is read only after an intro, which ends at colon)
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
    text, owner = joined_prose(seg.overview or seg.document.lines)
    own = {dept.name, *dept.alt_names}
    listed: list[tuple[str, str, int]] = []
    for reading in _list_readings(text):
        line = line_at(seg, owner, reading.pos)
        names = [n for n in reading.names if _SELF_RE.sub("", n) not in own and n not in own]
        if reading.count is not None and reading.count != len(reading.names):
            ctx.report("unit-count", "overview", f"{reading.relation} units", reading.count, len(reading.names),
                       f"the report says {reading.count} but lists {len(reading.names)}; the list is not used",
                       line, severity=Severity.WARNING)
            continue
        odd = [n for n in names if not _plausible_unit(n)]
        if odd and len(reading.names) == 1:
            continue  # "预算单位：X目录…" is a label on a cover, not a list
        if odd:
            ctx.report("unit-list", "overview", f"{reading.relation} units", "names of organisations", odd[0],
                       f"the list holds {odd[0]!r}, which does not read as a name; the list is not used",
                       line, severity=Severity.WARNING)
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
        out.append(UnitRelation(name=name, relation=relation, source=ctx.ref(line_at(seg, owner, pos))))
    return sorted(out, key=lambda u: u.relation != "subordinate")


def _unit_table(lines: tuple[Line, ...]) -> list[tuple[str, Line]]:
    """Units listed as a table: 序号 | 单位名称 | 备注 (the department's own 本级 row skipped)."""
    out: list[tuple[str, Line]] = []
    column = None
    for ln in lines:
        cells = [squash(c) for c in ln.cell_texts()]
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
