"""A list of shares against the whole its parts imply.

"一般公共服务支出（类）264.87 万元，占 86.05%；社会保障和就业支出（类）10.82 万元，占 3.52%；…"
— each share is its part divided by one whole. :func:`budgetkg.check.narrative_math.share_percent`
reads the whole from "total，其中：" in the same paragraph; lists also open with "主要用于以下方面：",
follow their total in another section, or run past a page break outside the paragraphs. The whole is
then the lead amount before the list (same sentence) or, for a list that names every part, the
parts' sum. A share is wrong when the whole fits every other share of the list (two at least),
and its own part implies a whole none of the others allows: one odd share among agreeing ones,
never a guess between two readings. Every bound is the interval the printed figures allow.
"""
from __future__ import annotations

import re
from decimal import Decimal
from itertools import pairwise

from budgetkg.check.context import CheckInput, Paragraph
from budgetkg.check.narrative_math import _half, _off_by
from budgetkg.check.prose_runs import runs
from budgetkg.check.registry import Family, Severity, register
from budgetkg.text.amounts import NUMBER, UNIT_FACTORS, parse_number

#: "264.87 万元，占 86.05%", "222.5 万元，占“三公”经费的 26.69%" (the whole named, or not).
SHARE_RE = re.compile(rf"(?P<amt>{NUMBER})(?P<unit>万元|元)[，,；;]?占(?P<whole>[^，。；;\d%]{{0,16}}的)?(?:比)?(?:为)?"
                      rf"(?P<pct>{NUMBER})[%％]")
_AMOUNT_RE = re.compile(rf"{NUMBER}(?:万元|元)")
#: Between a list's total and its first part: the words that open a list, no figure.
_LEAD_GAP_RE = re.compile(r"^[，,]?(?:其中|主要用于|包括|具体)[^。；;\d%]{0,40}$")
#: A list printed one item a sentence: "…占 89.35%。2.公共安全支出（类）…" (the next item's number, no figure).
_NEXT_ITEM_RE = re.compile(r"^[。；;]\d{1,2}[.．、][^。；;\d%]*$")
#: Most characters between two parts of one list ("；2.社会保障和就业支出").
GAP = 40
INF = Decimal("1e30")

Interval = tuple[Decimal, Decimal]


def _lists(p: Paragraph) -> list[list[re.Match[str]]]:
    """Runs of shares of one whole: near each other, no sentence end between, the same 占…的."""
    out: list[list[re.Match[str]]] = []
    for m in SHARE_RE.finditer(p.text):
        prev = out[-1][-1] if out else None
        gap = p.text[prev.end():m.start()] if prev else ""
        if prev is not None and len(gap) <= GAP and ("。" not in gap or _NEXT_ITEM_RE.match(gap)) and \
                (prev.group("whole") or "") == (m.group("whole") or ""):
            out[-1].append(m)
        else:
            out.append([m])
    return out


def _amount(m: re.Match[str]) -> Interval:
    f = UNIT_FACTORS[m.group("unit")]
    a, h = parse_number(m.group("amt")) * f, _half(m.group("amt")) * f
    return max(a - h, Decimal(0)), a + h


def _implied(m: re.Match[str], units: int = 1) -> Interval:
    """The wholes a part and its printed share allow (the share read ± ``units`` halves of its last
    digit: 1 for the rounding, 3 for a share nudged by one unit)."""
    lo, hi = _amount(m)
    p, h = parse_number(m.group("pct")), units * _half(m.group("pct"))
    return lo * 100 / (p + h), (hi * 100 / (p - h) if p - h > 0 else INF)


def _agrees(m: re.Match[str], whole: Interval) -> Severity | None:
    """None when the share fits the whole; the severity of the miss otherwise."""
    lo, hi = _amount(m)
    if whole[0] <= 0:
        return None
    return _off_by(parse_number(m.group("pct")), lo / whole[1] * 100, hi / whole[0] * 100,
                   2 * _half(m.group("pct")))


def _lead(p: Paragraph, first: re.Match[str]) -> Interval | None:
    """The total stated right before the list in its sentence ("… 307.82 万元，主要用于以下方面：")."""
    start = max(p.text.rfind(c, 0, first.start()) for c in "。；;") + 1
    amounts = list(_AMOUNT_RE.finditer(p.text, start, first.start()))
    if not amounts:
        return None
    last = amounts[-1]
    if not _LEAD_GAP_RE.match(p.text[last.end():first.start()]):
        return None  # the figure before is no total opening a list (or the list's label holds a figure)
    m = re.match(rf"(?P<amt>{NUMBER})(?P<unit>万元|元)", last.group(0))
    assert m is not None
    return _amount(m)


def _sum(p: Paragraph, parts: list[re.Match[str]]) -> Interval | None:
    """The parts' sum, when the list names no figure but its parts' (a complete list's whole)."""
    for x, y in pairwise(parts):
        if _AMOUNT_RE.search(p.text, x.end(), y.start()):
            return None
    lo = sum((_amount(m)[0] for m in parts), Decimal(0))
    hi = sum((_amount(m)[1] for m in parts), Decimal(0))
    return lo, hi


def _off_by_one(m: re.Match[str], whole: Interval) -> bool:
    """True when the share misses by at most one unit of its last digit: a list's shares are often
    nudged to add up to 100% (78.4% printed for 78.32%), which no reviewer counts as wrong."""
    lo, hi = _amount(m)
    unit = 2 * _half(m.group("pct"))
    pct = parse_number(m.group("pct"))
    return lo / whole[1] * 100 - 3 * unit / 2 <= pct <= hi / whole[0] * 100 + 3 * unit / 2


def _odd_of_two(parts: list[re.Match[str]], whole: Interval) -> tuple[re.Match[str], Severity] | None:
    """Of two shares of a known whole (the total before them, or the two parts' sum: then the other
    share fits it only when the two are the whole), the one that misses while the other fits."""
    misses = [(m, s) for m in parts for s in [_agrees(m, whole)] if s is not None and not _off_by_one(m, whole)]
    other = [m for m in parts if m is not (misses[0][0] if misses else None)]
    if len(misses) != 1 or _agrees(other[0], whole) is not None or _implied(other[0])[1] >= INF:
        return None
    return misses[0]


def _agreed(parts: list[re.Match[str]]) -> Interval | None:
    """The whole all but one share agree on, closely (within 2 %), when the list names none: the
    shares of "占“三公”经费的" of a 三公 total the prose does not state."""
    for odd in parts:
        others = [m for m in parts if m is not odd and _implied(m)[1] < INF]
        if len(others) < 2:
            continue
        lo, hi = max(_implied(m)[0] for m in others), min(_implied(m)[1] for m in others)
        if 0 < lo <= hi <= lo * Decimal("1.02"):
            return lo, hi
    return None


def _odd_one(parts: list[re.Match[str]], whole: Interval) -> tuple[re.Match[str], Severity] | None:
    """The one share that misses ``whole`` while at least two others fit it and agree with each
    other on a whole its part rules out (a share nudged by one unit, 9.55% printed for 9.5575%, fits)."""
    misses = [(m, s) for m in parts for s in [_agrees(m, whole)] if s is not None and not _off_by_one(m, whole)]
    if len(misses) != 1:
        return None
    odd, severity = misses[0]
    others = [m for m in parts if m is not odd]
    informative = [m for m in others if _implied(m)[1] < INF]
    if len(informative) < 2:
        return None
    lo = max(_implied(m)[0] for m in informative)
    hi = min(_implied(m)[1] for m in informative)
    if lo > hi:  # the others agree only with a nudged share among them
        lo = max(_implied(m, 3)[0] for m in informative)
        hi = min(_implied(m, 3)[1] for m in informative)
    olo, ohi = _implied(odd)
    if lo > hi or not (ohi < lo or olo > hi):
        return None
    return odd, severity


#: A total that opens its parts: "支出预算 14461.89 万元，其中：".
LEAD_RE = re.compile(rf"(?P<amt>{NUMBER})(?P<unit>万元|元)[，,]?其中[:：]?")
#: A sentence that opens with a part and its share: "项目支出 13152.61 万元，占 90.95%，…".
_PART_OPENS_RE = re.compile(rf"[^，,。；;\d%]{{1,20}}?{SHARE_RE.pattern}")


def _continued(p: Paragraph) -> list[tuple[re.Match[str], list[re.Match[str]]]]:
    """(total, parts) of each "total，其中：part，占 x%，…。part，占 y%，…": a list whose parts run on
    over sentences, each sentence opening with the next part and its share (the parts told one a
    sentence, each with its change and reason). Only shares of the total itself (no 占…的)."""
    out = []
    for lead in LEAD_RE.finditer(p.text):
        end = p.text.find("。", lead.end())
        end = len(p.text) if end < 0 else end + 1
        parts = [m for m in SHARE_RE.finditer(p.text, lead.end(), end) if not m.group("whole")]
        if not parts or not _PART_OPENS_RE.match(p.text, lead.end()):
            continue
        while end < len(p.text) and (m := _PART_OPENS_RE.match(p.text, end)) is not None and not m.group("whole"):
            parts.append(m)
            nxt = p.text.find("。", m.end())
            end = len(p.text) if nxt < 0 else nxt + 1
        total = _amount(lead)
        if len(parts) >= 2 and sum(_amount(m)[0] for m in parts) <= total[1]:
            out.append((lead, parts))
    return out


def _add(inp: CheckInput, p: Paragraph, m: re.Match[str], whole: Interval, severity: Severity, why_en: str,
         why_zh: str) -> None:
    lo, hi = _amount(m)
    unit = 2 * _half(m.group("pct"))
    expected = ((lo / whole[1] * 100 + hi / whole[0] * 100) / 2).quantize(unit.normalize())
    inp.add("share-list",
            f"{m.group('amt')}{m.group('unit')} is about {expected}% of {why_en}, not {m.group('pct')}%",
            f"{m.group('amt')}{m.group('unit')}占{why_zh}应约为{expected}%，而非{m.group('pct')}%",
            line=p.line_at(m.start("pct")), quote=p.quote(m.start(), m.end()), expected=f"{expected}%",
            found=f"{m.group('pct')}%", severity=severity)


def _continued_lists(inp: CheckInput, p: Paragraph, done: set[tuple[int, str | None]]) -> None:
    for lead, parts in _continued(p):
        whole = _amount(lead)
        if whole[0] <= 0:
            continue
        for m in parts:
            severity = _agrees(m, whole)
            line = p.line_at(m.start("pct"))
            if severity is None or _off_by_one(m, whole) or (line.no, f"{m.group('pct')}%") in done:
                continue
            done.add((line.no, f"{m.group('pct')}%"))
            total = f"{lead.group('amt')}{lead.group('unit')}"
            _add(inp, p, m, whole, severity, f"the total {total} its list opens with", f"总额{total}")


@register("share-list", Family.NARRATIVE_ARITHMETIC, Severity.ERROR, "分项占比与总额不符",
          "A share in a list does not follow from the list's whole",
          "In a list of parts with shares of one whole (the total before the list, or the parts' sum), "
          "every share is its part divided by that whole; one share that misses while the others fit is wrong.")
def share_list(inp: CheckInput) -> None:
    done = {(f.source.line, f.found) for f in inp.findings if f.check == "share-percent" and f.source is not None}
    for p in runs(inp):
        _continued_lists(inp, p, done)
        for parts in _lists(p):
            if len(parts) < 2:
                continue
            found = None
            candidates = (_lead(p, parts[0]), _sum(p, parts), _agreed(parts)) if len(parts) >= 3 else \
                (_lead(p, parts[0]), _sum(p, parts))
            for candidate in candidates:
                if candidate is None:
                    continue
                hit = _odd_one(parts, candidate) if len(parts) >= 3 else _odd_of_two(parts, candidate)
                if hit is not None:
                    found = (*hit, candidate)
                    break
            if found is None:
                continue
            m, severity, whole = found
            line = p.line_at(m.start("pct"))
            if (line.no, f"{m.group('pct')}%") in done:
                continue
            lo, hi = _amount(m)
            expected_lo = lo / whole[1] * 100
            expected_hi = hi / whole[0] * 100
            unit = 2 * _half(m.group("pct"))
            expected = ((expected_lo + expected_hi) / 2).quantize(unit.normalize())
            inp.add("share-list",
                    f"{m.group('amt')}{m.group('unit')} is about {expected}% of the list's whole, not {m.group('pct')}% "
                    f"(the other shares of the list agree on the whole)",
                    f"{m.group('amt')}{m.group('unit')}占总额应约为{expected}%，而非{m.group('pct')}%（同列其他各项占比一致）",
                    line=line, quote=p.quote(m.start(), m.end()), expected=f"{expected}%",
                    found=f"{m.group('pct')}%", severity=severity)
