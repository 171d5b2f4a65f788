"""A change's percentage against amounts the sentence before it, or beside it, states.

:func:`budgetkg.check.narrative_math.change_percent` reads "X 万元，比上年增加 a 万元，增长 p%"
in one clause. Reports as often give the item's figure in the sentence before and start the
next with the basis: "基本支出预算数为 9312.9 万元。与上年相比增加 1435.14 万元，增长 18.22%"
— the same arithmetic holds, with the figure of the sentence before as the current one when
that sentence states one amount and is no comparison itself. And a final account compares its
budget with its outcome: "年初预算数 3,163.77 万元，决算数 2,417.96 万元，预决算差异率
-23.57%" is (决算 − 预算) ÷ 预算. Both use the interval the printed figures allow
(:func:`~budgetkg.check.narrative_math.percent_interval`), never a fixed tolerance.
"""
from __future__ import annotations

import re
from decimal import Decimal
from itertools import product

from budgetkg.check.context import CheckInput, Paragraph
from budgetkg.check.narrative_math import _half, _off_by, percent_interval
from budgetkg.check.prose_runs import runs, sentences
from budgetkg.check.registry import Family, Severity, register
from budgetkg.text.amounts import NUMBER, UNIT_FACTORS, parse_number

_UP = ("增加", "增长", "上升")
_DOWN = ("减少", "下降", "降低")
_DIR = "|".join(_UP + _DOWN)
#: A sentence that opens with its basis and names no figure of its own before the change.
LEADING_CHANGE_RE = re.compile(
    rf"(?:此外|同时)?[，,]?(?:与上年(?:预算|决算)?(?:数)?相比|比上年(?:预算|决算|执行)?数?|较上年(?:预算|决算)?数?)[，,]?"
    rf"(?P<subject>[^，。；\d%]{{0,16}}?)(?P<dir1>{_DIR})了?(?P<amt>{NUMBER})(?P<aunit>万元|元)[，,]"
    rf"(?P<dir2>{_DIR})了?(?P<pct>{NUMBER})[%％]")
_AMOUNT_RE = re.compile(rf"(?P<amt>{NUMBER})(?P<unit>万元|元)")
#: A sentence that compares, or speaks of another year, does not state the item's current figure (与 only
#: as a basis: "技术研究与开发（款）" is a name).
_COMPARES_RE = re.compile(r"比|较|与(?:上年|去年|\d{4}年|年初|同期)|相比|"
                          r"上年|去年|以前|年初|增加|减少|增长|下降|上升|降低|持平|其中|分别|包括")
#: "年初预算数 a 万元，决算数 b 万元，(预决算)差异率 p%".
DIFFERENCE_RE = re.compile(
    rf"(?P<l1>年初预算数|预算数|调整预算数)(?:为)?(?P<a>{NUMBER})(?P<au>万元|元)[，,](?P<l2>决算数|执行数)(?:为)?"
    rf"(?P<b>{NUMBER})(?P<bu>万元|元)[，,](?:预决算)?(?:差异率|差异幅度|变动率|增减率)(?:为)?(?P<pct>-?{NUMBER})[%％]")


def _previous_figure(p: Paragraph, start: int, year: int | None) -> re.Match[str] | None:
    """The one amount of the sentence ending right before ``start``, when it states the item's
    own figure (no comparison, no other year, one amount)."""
    bounds = [(s, e) for s, e in sentences(p) if e <= start]
    if not bounds or p.text[bounds[-1][1] - 1] != "。":
        return None
    s, e = bounds[-1]
    opener = re.match(r"[^，。；：:\d]{0,4}[：:]", p.text[s:e])  # "包括：1．一般公共服务…" opens a list
    s += opener.end() if opener else 0
    text = p.text[s:e]
    amounts = list(_AMOUNT_RE.finditer(p.text, s, e))
    years = {int(y) for y in re.findall(r"(\d{4})年", text)}
    if len(amounts) != 1 or _COMPARES_RE.search(text) or (years and years != {year}):
        return None
    return amounts[0]


def _same_item(subject: str, before: str) -> bool:
    """True when the change names no subject, or every character of it is in the sentence before
    ("财政拨款支出" of "财政拨款预算支出 … 万元"): a subject of its own is another item."""
    core = re.sub(r"^(?:其中|此外|同时)|[“”\"、]|[各均]$", "", subject)
    return all(ch in before for ch in core)


def _leading_changes(inp: CheckInput, p: Paragraph) -> None:
    for s, _ in sentences(p):
        m = LEADING_CHANGE_RE.match(p.text, s)
        if m is None:
            continue
        d1, d2 = m.group("dir1"), m.group("dir2")
        if (d1 in _UP) != (d2 in _UP):
            continue  # a contradiction of words: comparison-word reports it
        cur = _previous_figure(p, s, inp.report.year)
        if cur is None or not _same_item(m.group("subject"), p.text[p.text.rfind("。", 0, s - 1) + 1:s]):
            continue
        interval = percent_interval(cur.group("amt"), cur.group("unit"), m.group("amt"), m.group("aunit"), d1 in _UP)
        if interval is None:
            continue
        lo, hi = interval
        unit = 2 * _half(m.group("pct"))
        severity = _off_by(parse_number(m.group("pct")), lo, hi, unit)
        if severity is None:
            continue
        expected = ((lo + hi) / 2).quantize(unit.normalize())
        inp.add("change-percent-context",
                f"{d2} {m.group('pct')}% does not follow from {m.group('amt')}{m.group('aunit')} on the figure "
                f"{cur.group('amt')}{cur.group('unit')} the sentence before states: expected about {expected}%",
                f"{d2}{m.group('pct')}%与金额不符：按前句{cur.group('amt')}{cur.group('unit')}和变动"
                f"{m.group('amt')}{m.group('aunit')}计算应约为{expected}%",
                line=p.line_at(m.start("pct")), quote=p.quote(cur.start(), m.end())[:160],
                expected=f"{expected}%", found=f"{m.group('pct')}%", severity=severity)


#: "比 2025 年年初预算数 45557.68 万元增加 5478.54 万元，增长 12.03%": the base named with its figure.
NAMED_BASE_RE = re.compile(
    rf"(?:比|较)(?:上年|\d{{4}}年)度?[^，。；\d%]{{0,8}}?(?P<base>{NUMBER})(?P<bunit>万元|元)[，,]?"
    rf"(?P<dir1>{_DIR})了?(?P<amt>{NUMBER})(?P<aunit>万元|元)[，,](?P<dir2>{_DIR})了?(?P<pct>{NUMBER})[%％]")


def _named_bases(inp: CheckInput, p: Paragraph) -> None:
    for m in NAMED_BASE_RE.finditer(p.text):
        d1, d2 = m.group("dir1"), m.group("dir2")
        if (d1 in _UP) != (d2 in _UP):
            continue
        fb, fa = UNIT_FACTORS[m.group("bunit")], UNIT_FACTORS[m.group("aunit")]
        b, a = parse_number(m.group("base")) * fb, parse_number(m.group("amt")) * fa
        hb, ha = _half(m.group("base")) * fb, _half(m.group("amt")) * fa
        if b - hb <= 0:
            continue
        lo, hi = max(a - ha, Decimal(0)) / (b + hb) * 100, (a + ha) / (b - hb) * 100
        unit = 2 * _half(m.group("pct"))
        severity = _off_by(parse_number(m.group("pct")), lo, hi, unit)
        if severity is None:
            continue
        expected = ((lo + hi) / 2).quantize(unit.normalize())
        inp.add("change-percent-context",
                f"{d2} {m.group('pct')}% does not follow from {m.group('amt')}{m.group('aunit')} on the base "
                f"{m.group('base')}{m.group('bunit')} it names: expected about {expected}%",
                f"{d2}{m.group('pct')}%与金额不符：按基数{m.group('base')}{m.group('bunit')}和变动"
                f"{m.group('amt')}{m.group('aunit')}计算应约为{expected}%",
                line=p.line_at(m.start("pct")), quote=p.quote(m.start(), m.end()),
                expected=f"{expected}%", found=f"{m.group('pct')}%", severity=severity)


def _rate_interval(m: re.Match[str]) -> tuple[Decimal, Decimal] | None:
    """(low, high) of (b − a) ÷ a × 100 over the rounding of the printed a and b."""
    fa, fb = UNIT_FACTORS[m.group("au")], UNIT_FACTORS[m.group("bu")]
    a, b = parse_number(m.group("a")) * fa, parse_number(m.group("b")) * fb
    ha, hb = _half(m.group("a")) * fa, _half(m.group("b")) * fb
    values = []
    for da, db in product((-ha, ha), (-hb, hb)):
        if a + da <= 0:
            return None
        values.append(((b + db) - (a + da)) / (a + da) * 100)
    return min(values), max(values)


def _differences(inp: CheckInput, p: Paragraph) -> None:
    for m in DIFFERENCE_RE.finditer(p.text):
        interval = _rate_interval(m)
        if interval is None:
            continue
        lo, hi = interval
        pct = parse_number(m.group("pct"))
        unit = 2 * _half(m.group("pct").lstrip("-"))
        if pct > 0 and hi < 0:
            lo, hi = -hi, -lo  # a decrease printed without its sign: the size is what is stated
        severity = _off_by(pct, lo, hi, unit)
        if severity is None:
            continue
        expected = ((lo + hi) / 2).quantize(unit.normalize())
        inp.add("change-percent-context",
                f"the rate {m.group('pct')}% does not follow from {m.group('l1')} {m.group('a')}{m.group('au')} and "
                f"{m.group('l2')} {m.group('b')}{m.group('bu')}: expected about {expected}%",
                f"差异率{m.group('pct')}%与{m.group('l1')}{m.group('a')}{m.group('au')}、{m.group('l2')}"
                f"{m.group('b')}{m.group('bu')}不符，应约为{expected}%",
                line=p.line_at(m.start("pct")), quote=p.quote(m.start(), m.end()),
                expected=f"{expected}%", found=f"{m.group('pct')}%", severity=severity)


@register("change-percent-context", Family.NARRATIVE_ARITHMETIC, Severity.ERROR, "增减幅度与前后文金额不符",
          "Stated percentage does not follow from the amounts around it",
          "A change's percentage follows from its amount and the item's figure stated in the sentence "
          "before or the base it names (比上年预算数 x 万元增加 …); a 预决算差异率 is (决算数 − 预算数) ÷ 预算数; "
          "all to the printed precision.")
def change_percent_context(inp: CheckInput) -> None:
    for p in runs(inp):
        _leading_changes(inp, p)
        _named_bases(inp, p)
        _differences(inp, p)
