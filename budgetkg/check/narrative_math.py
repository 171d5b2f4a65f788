"""Narrative arithmetic: a stated change against its own figures.

"基本支出 576.74 万元，比上年预算增加 129.64 万元，增长 29%" states three figures that must
agree: the base is 576.74 − 129.64, and 129.64 ÷ that base is the percentage. Every figure is
rounded to its printed digits, so the check computes the whole interval the true figures
allow (each printed number ± half a unit of its last digit). A percentage that rounds from
a value in that interval is right; one printed to 0.01 points that misses it by at most one
unit of its last digit (truncated, or rounded the wrong way) is *info*; beyond that — and any
miss of a percentage printed to 0.1 or to whole points — it is an *error*.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal
from itertools import product

from budgetkg.check.context import CheckInput
from budgetkg.check.registry import Family, Severity, register
from budgetkg.text.amounts import NUMBER, UNIT_FACTORS, decimals_of, format_decimal, parse_number

_AMT = NUMBER
_UP = ("增加", "增长", "上升")
_DOWN = ("减少", "下降", "降低")
_DIR = "|".join(_UP + _DOWN)
#: figure, basis, direction + amount, direction + percent — no other figure in between.
CHANGE_RE = re.compile(
    rf"(?P<cur>{_AMT})(?P<cunit>万元|元)[^。；\d%]{{0,16}}?"
    rf"(?P<basis>比上年|比\d{{4}}年|与上年|与\d{{4}}年|较上年|比年初)[^。；\d%，,]{{0,8}}[，,]?"
    rf"(?P<dir1>{_DIR})了?(?P<amt>{_AMT})(?P<aunit>万元|元)[，,]?"
    rf"(?:(?P<dir2>{_DIR})了?)?(?P<pct>{_AMT})[%％]")


def _half(token: str) -> Decimal:
    return Decimal(5).scaleb(-decimals_of(token) - 1)


def percent_interval(cur: str, cur_unit: str, amt: str, amt_unit: str, up: bool) -> tuple[Decimal, Decimal] | None:
    """The (low, high) percentage the printed figures allow, or None when the base can be 0."""
    fc, fa = UNIT_FACTORS[cur_unit], UNIT_FACTORS[amt_unit]
    c, a = parse_number(cur) * fc, abs(parse_number(amt)) * fa
    hc, ha = _half(cur) * fc, _half(amt) * fa
    values = []
    for dc, da in product((-hc, hc), (-ha, ha)):
        base = (c + dc) - (a + da) if up else (c + dc) + (a + da)
        if base <= 0:
            return None
        values.append((a + da) / base * 100)
    return min(values), max(values)


#: A percentage printed to 0.01 points that misses by one unit (14.03 % for 14.04 %) is a rounding
#: slip nobody reads differently; one printed to 0.1 that misses by one unit (5.6 % for 5.69 %)
#: is 0.1 points off — reviewers count that as wrong.
SMALLEST_MATERIAL = Decimal("0.01")


def _off_by(pct: Decimal, lo: Decimal, hi: Decimal, unit: Decimal) -> Severity | None:
    """None when ``pct`` rounds from a value in [lo, hi]; INFO when it is printed to 0.01 points or
    finer and misses by at most one unit of its last digit (truncated, or rounded the wrong way);
    ERROR beyond that."""
    if lo - unit / 2 <= pct <= hi + unit / 2:
        return None
    if unit <= SMALLEST_MATERIAL and lo - unit <= pct <= hi + unit:
        return Severity.INFO
    return Severity.ERROR


@register("change-percent", Family.NARRATIVE_ARITHMETIC, Severity.ERROR, "增减幅度与金额不符",
          "Stated percentage does not follow from the amounts",
          "A change's percentage is its amount divided by the base (the figure minus the increase, "
          "or plus the decrease), to the printed precision.")
def change_percent(inp: CheckInput) -> None:
    for p, m in inp.finditer(CHANGE_RE):
        d1, d2 = m.group("dir1"), m.group("dir2") or m.group("dir1")
        if (d1 in _UP) != (d2 in _UP) or parse_number(m.group("amt")) < 0:
            continue  # a contradiction of words: change-direction reports it
        pct = parse_number(m.group("pct"))
        span = p.quote(m.start(), m.end())
        interval = percent_interval(m.group("cur"), m.group("cunit"), m.group("amt"), m.group("aunit"),
                                    d1 in _UP)
        if interval is None:
            continue  # the base may be 0 (a new item): any convention (100%) is allowed
        lo, hi = interval
        unit = 2 * _half(m.group("pct"))
        severity = _off_by(pct, lo, hi, unit)
        if severity is None:
            continue
        expected = ((lo + hi) / 2).quantize(unit.normalize())
        inp.add("change-percent",
                f"{d2} {m.group('pct')}% does not follow from {m.group('amt')}{m.group('aunit')} on a "
                f"base of {m.group('cur')}{m.group('cunit')} {'−' if d1 in _UP else '+'} "
                f"{m.group('amt')}{m.group('aunit')}: expected about {expected}%",
                f"{d2}{m.group('pct')}%与金额不符：按{m.group('cur')}{m.group('cunit')}和变动"
                f"{m.group('amt')}{m.group('aunit')}计算应约为{expected}%",
                line=p.line_at(m.start()), quote=span, expected=f"{expected}%", found=f"{m.group('pct')}%",
                severity=severity)


@register("change-direction", Family.NARRATIVE_ARITHMETIC, Severity.ERROR, "增减方向前后矛盾",
          "Direction words contradict each other",
          "One change is described in one direction: 减少 x 万元 is not followed by 增长 y%, and an "
          "增加 is not a negative amount.")
def change_direction(inp: CheckInput) -> None:
    for p, m in inp.finditer(CHANGE_RE):
        d1, d2 = m.group("dir1"), m.group("dir2")
        negative = parse_number(m.group("amt")) < 0
        if d2 and (d1 in _UP) != (d2 in _UP):
            en, zh = f"the amount is a {d1} and the percentage a {d2}", f"金额为“{d1}”而幅度为“{d2}”，方向矛盾"
        elif negative:
            en, zh = f"{d1} of a negative amount {m.group('amt')}", f"“{d1}”后为负数{m.group('amt')}，方向与符号矛盾"
        else:
            continue
        inp.add("change-direction", en, zh, line=p.line_at(m.start()),
                quote=p.quote(m.start(), m.end()), found=f"{d1} … {d2 or ''}".strip(" …"))


#: "本年收入 2,582.72 万元，其中：" — the total the parts after it are shares of.
LEAD_RE = re.compile(rf"(?P<total>{_AMT})(?P<tunit>万元|元)[，,]?其中[:：]?")
#: "财政拨款收入 2,417.96 万元，占 93.62%" — a share of the lead total (占…的 names another base: skipped).
PART_RE = re.compile(rf"(?P<amt>{_AMT})(?P<unit>万元|元)[，,]?占(?:比)?(?P<pct>{_AMT})[%％]")


def _parts(text: str) -> Iterator[tuple[re.Match[str], list[re.Match[str]]]]:
    """(lead match, [part matches]) for each 'total，其中：part，占 x%；…' up to the sentence's end."""
    for lead in LEAD_RE.finditer(text):
        end = text.find("。", lead.end())
        end = len(text) if end < 0 else end
        parts = list(PART_RE.finditer(text, lead.end(), end))
        if parts:
            yield lead, parts


@register("share-percent", Family.NARRATIVE_ARITHMETIC, Severity.ERROR, "占比与金额不符",
          "Stated share does not follow from the amounts",
          "In 'total，其中：part 万元，占 x%', x is the part divided by the total, to the printed precision.")
def share_percent(inp: CheckInput) -> None:
    for p in inp.paragraphs:
        for lead, parts in _parts(p.text):
            ft = UNIT_FACTORS[lead.group("tunit")]
            t, ht = parse_number(lead.group("total")) * ft, _half(lead.group("total")) * ft
            if t - ht <= 0:
                continue
            for m in parts:
                fa = UNIT_FACTORS[m.group("unit")]
                a, ha = parse_number(m.group("amt")) * fa, _half(m.group("amt")) * fa
                lo, hi = max(a - ha, Decimal(0)) / (t + ht) * 100, (a + ha) / (t - ht) * 100
                pct, unit = parse_number(m.group("pct")), 2 * _half(m.group("pct"))
                severity = _off_by(pct, lo, hi, unit)
                if severity is None:
                    continue
                expected = (a / t * 100).quantize(unit.normalize())
                inp.add("share-percent",
                        f"{m.group('amt')}{m.group('unit')} is {expected}% of {lead.group('total')}"
                        f"{lead.group('tunit')}, not {m.group('pct')}%",
                        f"{m.group('amt')}{m.group('unit')}占{lead.group('total')}{lead.group('tunit')}"
                        f"应为{expected}%，而非{m.group('pct')}%",
                        line=p.line_at(m.start()), quote=p.quote(lead.start(), m.end()),
                        expected=f"{expected}%", found=f"{m.group('pct')}%", severity=severity)


@register("parts-total", Family.NARRATIVE_ARITHMETIC, Severity.ERROR, "分项之和不等于总数",
          "Listed parts do not add up to their total",
          "Parts listed with shares adding up to 100% add up to their stated total, within the "
          "rounding of the printed figures.")
def parts_total(inp: CheckInput) -> None:
    for p in inp.paragraphs:
        for lead, parts in _parts(p.text):
            pcts = [parse_number(m.group("pct")) for m in parts]
            slack = sum((2 * _half(m.group("pct")) for m in parts), Decimal(0))
            if len(parts) < 2 or abs(sum(pcts, Decimal(0)) - 100) > slack:
                continue  # the parts do not claim to be the whole
            ft = UNIT_FACTORS[lead.group("tunit")]
            total = parse_number(lead.group("total")) * ft
            amounts = [parse_number(m.group("amt")) * UNIT_FACTORS[m.group("unit")] for m in parts]
            tol = _half(lead.group("total")) * ft + sum(
                _half(m.group("amt")) * UNIT_FACTORS[m.group("unit")] for m in parts)
            if abs(sum(amounts) - total) <= tol:
                continue
            unit = lead.group("tunit")
            inp.add("parts-total",
                    f"the parts add up to {format_decimal(sum(amounts) / ft)}{unit}, the total is "
                    f"{lead.group('total')}{unit}",
                    f"各分项合计{format_decimal(sum(amounts) / ft)}{unit}，与总数{lead.group('total')}{unit}不符",
                    line=p.line_at(lead.start()), quote=p.quote(lead.start(), parts[-1].end()),
                    expected=lead.group("total"), found=format_decimal(sum(amounts) / ft))


#: Items whose figure a paragraph states once: the same label with two figures contradicts itself.
STATED_ITEMS = ("收入总计", "支出总计", "收入合计", "支出合计", "本年收入合计", "本年支出合计", "基本支出",
                "项目支出", "机关运行经费", "政府采购预算", "“三公”经费", "三公经费")
_STATED_RE = re.compile(rf"(?:(?<=[，。；：:、,])|(?<=其中)|^)(?P<label>{'|'.join(STATED_ITEMS)})"
                        rf"(?:预算|决算)?(?:数)?(?:为|共计|合计|是)?(?P<amt>{_AMT})(?P<unit>万元|元)")


@register("stated-twice", Family.NARRATIVE_ARITHMETIC, Severity.ERROR, "同一项目前后数据不一",
          "Same item stated twice with two figures",
          "Within one paragraph an item (基本支出, 机关运行经费 …) is given one figure.")
def stated_twice(inp: CheckInput) -> None:
    for p in inp.paragraphs:
        seen: dict[str, re.Match[str]] = {}
        for m in _STATED_RE.finditer(p.text):
            label = m.group("label").replace("“", "")
            value = parse_number(m.group("amt")) * UNIT_FACTORS[m.group("unit")]
            first = seen.setdefault(label, m)
            if first is m:
                continue
            before = parse_number(first.group("amt")) * UNIT_FACTORS[first.group("unit")]
            tol = _half(first.group("amt")) * UNIT_FACTORS[first.group("unit")] + \
                _half(m.group("amt")) * UNIT_FACTORS[m.group("unit")]
            if abs(value - before) > tol:
                inp.add("stated-twice",
                        f"{label} is stated as {first.group('amt')}{first.group('unit')} and as "
                        f"{m.group('amt')}{m.group('unit')} in one paragraph",
                        f"同一段中{label}先为{first.group('amt')}{first.group('unit')}，后为"
                        f"{m.group('amt')}{m.group('unit')}", line=p.line_at(m.start()),
                        quote=p.quote(first.start(), m.end())[:80], expected=first.group("amt"),
                        found=m.group("amt"))
