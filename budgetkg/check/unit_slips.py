"""A unit's name (下属单位, 预算单位, 内设机构) printed once with one character wrong against its
other spellings — a slip a reviewer finds even when the name is printed only twice, because one
of the two is the report's own list of its units or the unit column of a table by unit.

A unit is named in the 概况's list of units and in the rows of the tables by unit (单位名称
column); the prose and the performance tables name it again. A form one character away from a
unit's name (东郊国宾公 for 东郊国宾馆), printed once, is a slip when

- the name it stands for is printed at least as often as it is (at least once more, or as often
  with the report's own list or a table's unit column on its side, or the dictionary reading the
  form as no word where the name is one);
- the two are never printed in one list or one table: a list or a table by unit names each of
  its units once, so two similar names printed side by side (东街街道办事处 / 西街街道办事处) are
  two units;
- the changed character is no numeral (第一中学 / 第二中学) and no level of a region (市档案馆 /
  省档案馆 name two bodies), and it starts no longer word running out of the form.
"""
from __future__ import annotations

import re
from collections import defaultdict

from budgetkg.check.context import CheckInput, Paragraph
from budgetkg.check.name_slips import department_names, fits, no_name, singles
from budgetkg.check.registry import Family, Severity, register
from budgetkg.text.names import fullwidth_brackets, normalise_org_name, region_prefix

_CJK = re.compile(r"[\u4e00-\u9fff]")
_NUMERALS = set("一二三四五六七八九十百千万两〇零壹贰叁肆伍陆柒捌玖拾")
#: Levels of a region: 市→省 in a name names the body of another level, not a slip.
_LEVELS = set("省市区县州盟旗乡镇村街")
#: A table header's first cell that heads a column of unit names.
_UNIT_COLUMN_RE = re.compile(r"^(?:预算|下属|二级)?单位(?:名称)?(?:[（(](?:科目|单位)[）)])?$")
#: Rows of a unit column that are no unit: totals and the department's own line.
_NOT_UNIT_RE = re.compile(r"^(?:合计|总计|小计|本级|机关本级|部门本级)")
_NAME_RE = re.compile(r"^[\u4e00-\u9fff（）0-9]{4,40}$")


def unit_names(inp: CheckInput) -> tuple[set[str], list[set[str]]]:
    """The units' names as the report prints them — its list of units and the unit column of its
    tables by unit — and the groups of names printed together (one list, one table's column)."""
    groups: dict[object, set[str]] = defaultdict(set)
    # one list: units of one relation read from one line or from consecutive lines (a table of units)
    last: dict[str, int] = {}
    start: dict[str, int] = {}
    for u in sorted(inp.report.units, key=lambda u: u.source.line):
        if u.source.line - last.get(u.relation, -9) > 1:
            start[u.relation] = u.source.line
        last[u.relation] = u.source.line
        groups[("list", u.relation, start[u.relation])].add(normalise_org_name(u.name))
    for b in inp.segments.tables:
        column = False
        for ln in b.lines:
            first = normalise_org_name(ln.cells[0].text) if ln.cells else ""
            if _UNIT_COLUMN_RE.match(first):
                column = True
            elif column and first and not _NOT_UNIT_RE.match(first):
                groups[("table", id(b))].add(first)
    names = {n for g in groups.values() for n in g if _NAME_RE.match(n)}
    names |= {n for st in inp.report.staffing if _NAME_RE.match(n := normalise_org_name(st.unit))}
    return names, [g for g in groups.values() if len(g) > 1]


def _one_off(window: str, name: str) -> int | None:
    """The index of the one substituted character of ``window`` against ``name``, or None when
    they differ otherwise or the change is a numeral or a region's level."""
    if len(window) != len(name):
        return None
    diff = [i for i, (a, b) in enumerate(zip(window, name)) if a != b]
    if len(diff) != 1:
        return None
    i = diff[0]
    a, b = window[i], name[i]
    if not _CJK.match(a) or a in _NUMERALS or b in _NUMERALS or (a in _LEVELS and b in _LEVELS):
        return None
    return i


def _spellings(texts: list[Paragraph], name: str) -> dict[str, list[tuple[Paragraph, int]]]:
    """Every printed form of ``name`` or one character from it: form → (paragraph, start)."""
    n, h = len(name), len(name) // 2
    out: dict[str, list[tuple[Paragraph, int]]] = defaultdict(list)
    for p in texts:
        starts = {m.start() for m in re.finditer(re.escape(name[:h]), p.text)}
        starts |= {m.start() - h for m in re.finditer(re.escape(name[h:]), p.text) if m.start() >= h}
        for s in sorted(starts):
            window = p.text[s:s + n]
            if window == name or _one_off(window, name) is not None:
                out[window].append((p, s))
    return out


def _together(a: str, b: str, groups: list[set[str]], spots: dict[str, list[tuple[Paragraph, int]]]) -> bool:
    """True when ``a`` and ``b`` are printed in one list, one table's unit column or one sentence."""
    if any(a in g and b in g for g in groups):
        return True
    for p, i in spots[a]:
        for q, j in spots[b]:
            if p is q and not re.search(r"[。；;]", p.text[min(i, j):max(i, j)]):
                return True
    return False


@register("unit-name-misspelt", Family.YEARS_AND_NAMES, Severity.WARNING, "下属单位名称书写有误",
          "Unit name misspelt",
          "A unit's name is printed as the report's list of units and its tables by unit print it; a "
          "form one character away, printed once, is a slip (two similar names printed in one list "
          "or table are two units).")
def unit_name_misspelt(inp: CheckInput) -> None:
    done = {(f.source.line, f.found) for f in inp.findings if f.check == "name-misspelt" and f.source}
    for p, s, form, name, count in find_unit_slips(inp):
        ln = p.line_at(s)
        if (ln.no, form) in done:
            continue
        done.add((ln.no, form))
        inp.add("unit-name-misspelt", f"{form} is printed for the unit {name} (printed {count} times)",
                f"单位名称“{form}”应为“{name}”（全文{count}处）", line=ln, quote=form,
                expected=name, found=form)


def find_unit_slips(inp: CheckInput) -> list[tuple[Paragraph, int, str, str, int]]:
    """(paragraph, start, form, name, times the name is printed) for every slip in a unit's name."""
    names, groups = unit_names(inp)
    skip = set(department_names(inp))
    region = region_prefix(inp.report.department.name)
    texts = [Paragraph(fullwidth_brackets(p.text), p.owner)
             for p in (*inp.paragraphs, *inp.performance_lines, *inp.other_lines)]
    out = []
    seen: set[tuple[int, int]] = set()
    for name in sorted(names, key=len, reverse=True):
        if any(name in s or s in name for s in skip):
            continue
        spots = _spellings(texts, name)
        for form in spots:
            if form == name or form in skip or _together(form, name, groups, spots):
                continue
            slip, right = _which(name, form, spots, names, region)
            if slip is None or len(spots[slip]) > 1 or not (no_name(slip, right) or _own_region(slip, right, region)):
                continue
            p, s = spots[slip][0]
            if (id(p), s) in seen or not fits(p.text, s, slip, right) or _phrase(texts, slip, right, spots):
                continue
            seen.add((id(p), s))
            out.append((p, s, slip, right, len(spots[right])))
    return out


def _own_region(slip: str, right: str, region: str) -> bool:
    """True when the character changed lies in the report's own region at the head of the right
    name (大安市社会经济调查中心 for 西安市…, in a report of 西安市): another city's body of the
    same name is no unit of this report, whatever the dictionary says of the form."""
    i = _one_off(slip, right)
    return bool(region) and i is not None and right.startswith(region) and i < len(region)


def _which(a: str, b: str, spots: dict[str, list[tuple[Paragraph, int]]], authority: set[str],
           region: str) -> tuple[str | None, str]:
    """(the slip, the right spelling) of two spellings: the one printed less is the slip; of two
    printed as often, the one the dictionary cuts into more single characters (no word), or
    whose region is no longer the report's own, else the one neither the list of units nor a
    table's unit column prints. (None, …): no telling."""
    ca, cb = len(spots[a]), len(spots[b])
    if ca != cb:
        return (b, a) if cb < ca else (a, b)
    if ca > 1:
        return None, a
    for x, y in ((a, b), (b, a)):
        if singles(x) > singles(y) or _own_region(x, y, region):
            return x, y
    for x, y in ((a, b), (b, a)):
        if x not in authority and y in authority:
            return x, y
    return None, a


#: Words of the prose that follow a name's stem: 服务贸易的 is no 服务贸易处.
_PARTICLES = set("的了和与及等在是为对并或之也将已于把被由从向")


def _phrase(texts: list[Paragraph], form: str, name: str, spots: dict[str, list[tuple[Paragraph, int]]]) -> bool:
    """True when the form is the name's stem followed (or preceded) by a word of the prose, not a
    misspelt name: the character changed is the first or last, and it is a particle, or the rest
    of the name is printed elsewhere on its own (水资源 in 水资源的 beside the unit 水资源处)."""
    i = _one_off(form, name)
    if i is None or 0 < i < len(name) - 1:
        return False
    if form[i] in _PARTICLES:
        return True
    rest = name[1:] if i == 0 else name[:-1]
    printed = sum(p.text.count(rest) for p in texts)
    return printed > sum(len(v) for v in spots.values())
