"""The department's (or a unit's) name printed once with one character wrong, or once without a
part of its region, anywhere in the document: cover, titles, table headers, prose.

A report prints its department's name many times, so the majority reading is the name: a
form printed fewer times at one substituted character from it (上海市普陀区人民政府办工室) is a
slip. Another body's name can be one character away too (北京市审计局 beside 北京市统计局), so
a form is a slip only where the dictionary says it is no name: jieba cuts it into more single
characters than the name (办工室 → 办/工/室), which a real name of the same pattern is not.

A region part dropped (上海市人民政府办公室 for 上海市普陀区人民政府办公室) names another body in
prose (the city's office), so it is judged only where the report prints its own name by
structure: the 部门/单位 label of a table header (编制单位：, 部门名称：, 预算单位： …) and the
table titles, where the full name is printed at least twice.
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from functools import lru_cache

from budgetkg.check.context import CheckInput
from budgetkg.check.registry import Family, Severity, register
from budgetkg.sources.document import Line
from budgetkg.text.names import fullwidth_brackets, normalise_org_name, region_prefix, squash

_CJK = re.compile(r"[\u4e00-\u9fff]")
#: Numerals: 第一中学 and 第二中学 are two units, not a slip.
_NUMERALS = set("一二三四五六七八九十百千两〇零")
#: The label of a table header that prints the reporting body: 编制部门（单位）：, 部门名称：, 预算单位：.
_LABEL_RE = re.compile(r"(?:编制|填报|预算|主管|报送)?(?:部门|单位)(?:（单位）|\(单位\))?(?:名称)?[:：]")
_LEVEL_END = set("省市区县州盟旗")
#: Last characters of a unit's name read whole (…中心, …所, …馆): a name read cut short judges nothing.
_UNIT_END = set("局委会厅办部院所站处科室队馆校司心组社台园场厂库团")


@lru_cache(maxsize=4096)
def singles(text: str) -> int:
    import jieba
    return sum(1 for tok in jieba.cut(text, HMM=False) if len(tok) == 1)


def _one_off(window: str, name: str) -> int | None:
    """The index of the one substituted character of ``window`` against ``name``, or None."""
    diff = [i for i, (a, b) in enumerate(zip(window, name)) if a != b]
    if len(diff) != 1 or len(window) != len(name):
        return None
    i = diff[0]
    if not _CJK.match(window[i]) or window[i] in _NUMERALS or name[i] in _NUMERALS:
        return None
    return i


def _near(text: str, name: str) -> Iterator[tuple[int, str]]:
    """(start, window) of every window of ``text`` one substitution from ``name``: each keeps one
    half of the name, so the halves are found first."""
    n, h = len(name), len(name) // 2
    starts = {m.start() for m in re.finditer(re.escape(name[:h]), text)}
    starts |= {m.start() - h for m in re.finditer(re.escape(name[h:]), text) if m.start() >= h}
    for s in sorted(starts):
        window = text[s:s + n]
        if _one_off(window, name) is not None:
            yield s, window


def department_names(inp: CheckInput) -> list[str]:
    """The department's names as the report reads them (four characters or more)."""
    dept = inp.report.department
    return [n for n in (normalise_org_name(x) for x in (dept.name, *dept.alt_names)) if len(n) >= 4]


def _names(inp: CheckInput) -> list[str]:
    """The department's names (four characters or more) and its units' names (five or more: a
    unit's short name is one character from too many others), as the report reads them."""
    dept = inp.report.department
    out = [(normalise_org_name(n), 4) for n in (dept.name, *dept.alt_names)]
    out += [(n, 5) for u in inp.report.units
            if (n := normalise_org_name(u.name)) and n[-1] in _UNIT_END]  # a unit read whole
    seen: list[str] = []
    for n, least in out:
        if len(n) >= least and all(_CJK.match(c) or c in "（）" for c in n) and n not in seen:
            seen.append(n)
    return seen


@register("name-misspelt", Family.YEARS_AND_NAMES, Severity.WARNING, "单位名称书写有误",
          "Department or unit name misspelt",
          "The department and its units are printed under one name throughout the document; a form "
          "printed fewer times one character away from it (or without a part of its region in a "
          "table header) is a slip.")
def name_misspelt(inp: CheckInput) -> None:
    lines = [(ln, fullwidth_brackets(squash(ln.text))) for ln in inp.segments.document.lines]
    names = _names(inp)
    reported: set[tuple[int, str]] = set()
    for name in names:
        counts = Counter(t.count(name) for _, t in lines)
        total = sum(k * v for k, v in counts.items())
        # the read name may itself be the slip (read from the one title that is misspelt): the
        # forms one character away are gathered, and the most printed is the name
        forms: dict[str, list[tuple[Line, int]]] = {}
        for ln, t in lines:
            for s, window in _near(t, name):
                forms.setdefault(window, []).append((ln, s))
        if not forms:
            continue
        canonical, canonical_count = name, total
        best = max(forms, key=lambda f: len(forms[f]))
        if len(forms[best]) > total and best[-1] in _UNIT_END:
            canonical, canonical_count = best, len(forms[best])
            forms = {f: v for f, v in forms.items() if f != best}
            if total:
                forms[name] = [(ln, m.start()) for ln, t in lines for m in re.finditer(re.escape(name), t)]
        if canonical_count < 2:
            continue
        for form, spots in forms.items():
            if (form in names and form != name) or len(spots) >= canonical_count or not no_name(form, canonical):
                continue
            for ln, s in spots:
                t = fullwidth_brackets(squash(ln.text))
                if (ln.no, form) in reported or not fits(t, s, form, canonical):
                    continue
                reported.add((ln.no, form))
                inp.add("name-misspelt", f"{form} is printed for {canonical} (printed {canonical_count} times)",
                        f"名称“{form}”应为“{canonical}”（全文{canonical_count}处）", line=ln, quote=form,
                        expected=canonical, found=form)
    _region_dropped(inp, lines, _header_name(lines, names[:1]))


def fits(text: str, start: int, form: str, name: str) -> bool:
    """True when the changed character stands in no longer word running out of the form
    (重庆市水利工 in 重庆市水利工程, 湖州市财政票 in 湖州市财政票据 start other words)."""
    import jieba
    i = next(k for k, (a, b) in enumerate(zip(form, name)) if a != b)
    lo = max(start - 4, 0)
    at = 0
    for tok in jieba.cut(text[lo:start + len(form) + 4], HMM=False):
        first, last = lo + at, lo + at + len(tok)
        at += len(tok)
        if first <= start + i < last:
            return first >= start and last <= start + len(form)
    return True


#: Characters that end an organisation's name: one of them for another is another body (…文献所).
_ORG_END = set("局委会厅办部院所站处科室队馆校司中心组社")


def no_name(form: str, name: str) -> bool:
    """True when the dictionary says ``form`` is no name: it cuts into more single characters than
    ``name``, or the character changed is a word of its own in both and no organisation ending."""
    if singles(form) > singles(name):
        return True
    i = next(k for k, (a, b) in enumerate(zip(form, name)) if a != b)
    return form[i] not in _ORG_END and _alone(name, i) and _alone(form, i)


def _alone(text: str, i: int) -> bool:
    import jieba
    at = 0
    for tok in jieba.cut(text, HMM=False):
        if at == i:
            return len(tok) == 1
        at += len(tok)
        if at > i:
            return False
    return False


def _dropped_forms(name: str) -> list[str]:
    """``name`` with one part of its region left out: 上海市普陀区X → 普陀区X, 上海市X, X."""
    region = region_prefix(name)
    at = name.find(region) if region else -1
    if at < 0:
        return []
    ends = [at + i + 1 for i, ch in enumerate(region) if ch in _LEVEL_END]
    cuts = [at, *ends]
    out = []
    for a in cuts:
        for b in cuts:
            if b > a and len(name) - (b - a) >= 3:
                out.append(name[:a] + name[b:])
    return out


_VALUE_RE = re.compile(r"[:：](?P<value>[\u4e00-\u9fff（）]{4,40}?)(?:(?:金额)?单位[:：]|$)")


def _header_name(lines: list[tuple[Line, str]], names: list[str]) -> list[str]:
    """The department's name as most table headers print it after their label, where that is a
    longer form of the name read (the name was read from the one header that drops its region)."""
    values = Counter(m.group("value") for _, t in lines if (lab := _LABEL_RE.search(t))
                     and (m := _VALUE_RE.match(t, lab.end() - 1)))
    common = [v for v, k in values.most_common(1) if k >= 2]
    if common and names and common[0] != names[0] and common[0].endswith(names[0]):
        return common
    return names


def _region_dropped(inp: CheckInput, lines: list[tuple[Line, str]], names: list[str]) -> None:
    titles = {id(b.title_line) for b in inp.segments.tables}
    structural = [(ln, t) for ln, t in lines if id(ln) in titles or _LABEL_RE.search(t)]
    for name in names:
        full = sum(t.count(name) for _, t in structural)
        if full < 2:
            continue
        for form in _dropped_forms(name):
            for ln, t in structural:
                rest = t.replace(name, "\0")
                for m in re.finditer(re.escape(form), rest):
                    before = rest[:m.start()]
                    if before and _CJK.match(before[-1]) and before[-1] != "年":
                        continue  # inside a longer name
                    inp.add("name-misspelt", f"{form} is printed for {name} (a part of its region left out)",
                            f"名称“{form}”缺少地区名称，应为“{name}”", line=ln, quote=form,
                            expected=name, found=form)
