"""Name normalisation shared by parsing and IRI minting."""
from __future__ import annotations

import re
from collections.abc import Iterable


def squash(text: str) -> str:
    """Text without any white space: PDF extraction scatters spaces inside words."""
    return re.sub(r"\s+", "", text)


def fullwidth_brackets(text: str) -> str:
    """Round brackets full-width, as Chinese text prints them: (类) → （类）."""
    return text.replace("(", "（").replace(")", "）")


def normalise_org_name(name: str) -> str:
    """Organisation names compared across reports: no spaces, full-width brackets."""
    s = fullwidth_brackets(squash(name))
    return s.strip("，。、：:；; ")


def edit_distance(a: str, b: str, limit: int | None = None) -> int:
    """Levenshtein distance of two strings (insertions, deletions, substitutions).

    With ``limit``, stops early and returns ``limit + 1`` once the distance must exceed it.
    """
    if len(a) < len(b):
        a, b = b, a
    if limit is not None and len(a) - len(b) > limit:
        return limit + 1
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        if limit is not None and min(cur) > limit:
            return limit + 1
        prev = cur
    return prev[-1]


def short_org_form(name: str) -> str:
    """The usual short form of an organisation name: 中共X市委员会组织部 → 中共X市委组织部."""
    return normalise_org_name(name).replace("委员会", "委")


def project_key(name: str) -> str:
    """A project name compared across years: no spaces, quotes or 《》, brackets full-width, no
    leading year (2024年党员干部培训经费 and 2025年党员干部培训经费 are one project)."""
    s = re.sub(r"^(?:20\d{2}|二〇[〇一二三四五六七八九]{2})年度?", "", normalise_org_name(name))
    return re.sub(r"[“”\"'‘’《》〈〉<>]", "", s)


#: Printed variants of the same organisation words, long form → the short form (in this order).
ORG_VARIANTS = (
    (r"^中国共产党", "中共"),
    (r"人民代表大会常务委员会", "人大常委会"),
    (r"常务委员会", "常委会"),
    (r"人民代表大会", "人大"),
    (r"委员会", "委"),
)

#: A name's own accounts marked after it: X（本级）, X（汇总）, X本级 — the same organisation.
_SELF_MARK = re.compile(r"(?:（(?:本级|本部|机关本级|汇总|部门汇总|单位汇总)）|本级)$")


def strip_second_name(name: str) -> str:
    """The name without a trailing bracketed part (a second name such as X（Y局）, or 本级)."""
    s = normalise_org_name(name)
    if s.endswith("）"):
        depth = 0
        for i in range(len(s) - 1, 0, -1):
            depth += {"）": 1, "（": -1}.get(s[i], 0)
            if depth == 0:
                return s[:i]
    return s


def org_key(name: str) -> str:
    """An organisation name compared across reports and years: 中国共产党江苏省委员会办公厅,
    中共江苏省委办公厅 and 江苏省委办公厅（本级） give 江苏省委办公厅. Spaces, a trailing
    bracketed second name or 本级/汇总 mark, and the long forms of 中共/委员会/人大常委会 aside."""
    s = _SELF_MARK.sub("", normalise_org_name(name))
    s = strip_second_name(s)
    for pattern, short in ORG_VARIANTS:
        s = re.sub(pattern, short, s)
    return re.sub(r"^中共", "", s)


#: Administrative level words a region name ends with, longest first; the rank orders them
#: (a province holds cities, a city holds districts and counties).
_LEVELS = (("特别行政区", 1), ("自治区", 1), ("省", 1), ("自治州", 2), ("地区", 2), ("盟", 2),
           ("州", 2), ("市", 2), ("自治县", 3), ("新区", 3), ("开发区", 3), ("区", 3), ("县", 3),
           ("旗", 3))
#: Characters that make a stem an organisation, not a place (…公安局台商投资区 is a 分局's area).
_NOT_PLACE = set("局委会厅办部院所站处科室队馆校司中心组")
_LEVEL_RE = re.compile("([省州盟市区县旗])")


def region_prefix(name: str) -> str:
    """The administrative area a name starts with, read from its structure: one or more
    "stem + level word" parts (省/自治区 → 市/州/盟 → 区/县/旗/市), each stem at least two
    characters and no organisation word, a bracketed second area name kept
    (乌鲁木齐高新技术产业开发区（乌鲁木齐市新市区）). "" when the name starts with none.

    上海市普陀区人民政府办公室 → 上海市普陀区; 泉州市公安局 → 泉州市; 中共江苏省委办公厅 → 江苏省;
    上海市城市管理局 → 上海市 (城 is no stem)."""
    s = re.sub(r"^(?:中国共产党|中共)", "", normalise_org_name(name))
    out, rank = "", 0
    while True:
        part = _next_level(s[len(out):], rank)
        if part is None:
            return out
        text, rank = part
        out += text


def _next_level(s: str, rank: int) -> tuple[str, int] | None:
    """The first "stem + level word" part of ``s`` below ``rank``, with its rank, or None."""
    for m in _LEVEL_RE.finditer(s):
        stem = s[:m.start()]
        if len(stem) > 12 or not all("\u4e00" <= c <= "\u9fff" for c in stem):
            return None
        end = m.end()
        if len(stem) < 2 or _NOT_PLACE & set(stem) or (m.group(1) == "州" and s[end:end + 1] == "市"):
            continue  # 城市, 公安局…区, 泉州 + 市: not yet a place
        word = next(w for w, _ in _LEVELS if s[:end].endswith(w) and end - len(w) >= 2)
        level = 3 if word == "市" and rank >= 2 else dict(_LEVELS)[word]
        if level <= rank:
            return None
        bracket = re.match(r"（[^（）]{2,20}）", s[end:])
        if bracket and _LEVEL_RE.search(bracket.group(0)):
            end += bracket.end()
        return s[:end], level
    return None


def search_form(text: str) -> str:
    """Text as department searches compare it: normalised (no spaces, full-width brackets), Latin
    letters in lower case. Stored on each report (``bkg:searchLabel``) and applied to the user's
    ``--department`` text, so a substring test needs no per-label normalising at query time."""
    return normalise_org_name(text).lower()


def search_labels(names: Iterable[str]) -> list[str]:
    """The search forms of an organisation's names and of their usual short forms, distinct, in order."""
    out: list[str] = []
    for name in names:
        for form in (search_form(name), search_form(short_org_form(name))):
            if form and form not in out:
                out.append(form)
    return out


#: Anonymised names left from a template: XX局, ××单位, 某某项目, 20XX年.
PLACEHOLDER_RE = re.compile(r"(?:(?<=[\u4e00-\u9fff\d])(?:XX|ＸＸ|××|xx)|(?:XX|ＸＸ|××|xx)(?=[\u4e00-\u9fff年]))"
                            r"|某某")


def is_placeholder_name(name: str) -> bool:
    """True when ``name`` still holds a template placeholder (上海市XX局, ××单位) instead of a real name."""
    return PLACEHOLDER_RE.search(squash(name)) is not None
