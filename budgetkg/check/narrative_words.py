"""Comparison words against the figures they compare.

A reviewer reads 增加 / 减少 / 持平 against the figures the same sentence gives:

- one change told twice in two directions: "增加 38.97 万元，下降 34.56%";
- an item's two years stated and the word between them wrong: "2026 年预算数为 7.61 万元，
  2025 年预算数为 9.23 万元，…相比预算增加 1.62 万元";
- a change whose parts are listed: "增加 246429.22 万元，主要是基本支出增加 5246.63 万元，项目
  支出减少 251675.84 万元" — the parts add up to the total only with the other sign;
- 增加 / 减少 said of no change ("比上年增加 0.00 万元，增长 0.00%，与上年增加") or 增加 said of an
  item that is 0 now ("购置费 0 万元，与上年增加": nothing grows to nothing); 持平 said of a
  change of a stated non-zero amount.

Each finding sits on the word that is wrong; where the figures allow either reading (rounding,
parts that do not add up either way, figures of two items) nothing is said.
"""
from __future__ import annotations

import re
from decimal import Decimal
from itertools import pairwise

from budgetkg.check.context import CheckInput, Paragraph
from budgetkg.check.narrative_parts import whole_and_parts
from budgetkg.check.prose_runs import runs, sentences
from budgetkg.check.registry import Family, Severity, register
from budgetkg.text.amounts import NUMBER, UNIT_FACTORS, decimals_of, parse_number

_UP = ("增加", "增长", "上升", "提高")
_DOWN = ("减少", "下降", "降低")
_DIR = "|".join(_UP + _DOWN)
#: A change told twice: "增加 38.97 万元，下降 34.56%" (nothing between but a comma).
PAIR_RE = re.compile(rf"(?P<dir1>{_DIR})了?(?P<amt>{NUMBER})(?P<unit>万元|元)[，,]?(?:同比)?"
                     rf"(?P<dir2>{_DIR})了?(?:幅度为|率为)?(?P<pct>{NUMBER})[%％]")
#: A basis and a direction word with no figure after it: "与上年增加。", "比 2024 年预算增加；".
BARE_RE = re.compile(rf"(?:与|比|较)(?:上年|去年|\d{{4}}年)度?(?:预算|决算|执行)?数?(?P<dir>{_DIR}|持平)"
                     rf"(?=[。；;，,]|$)")
#: "…增加 5 万元" / "…减少了 5 万元": a signed change amount.
CHANGE_AMOUNT_RE = re.compile(rf"(?P<dir>{_DIR})了?(?P<amt>{NUMBER})(?P<unit>万元|元)")
#: What introduces a change's parts: "主要是 …", "其中：…".
PARTS_LEAD_RE = re.compile(r"主要是|主要为|主要原因是|其中[:：]?")
_AMOUNT_RE = re.compile(rf"(?P<amt>{NUMBER})(?P<unit>万元|元)")


def _half(token: str, unit: str) -> Decimal:
    return Decimal(5).scaleb(-decimals_of(token) - 1) * UNIT_FACTORS[unit]


def _yuan(token: str, unit: str) -> Decimal:
    return parse_number(token) * UNIT_FACTORS[unit]


def _add(inp: CheckInput, p: Paragraph, at: int, end: int, word: str, en: str, zh: str,
         start: int, expected: str) -> None:
    inp.add("comparison-word", en, zh, line=p.line_at(at), quote=p.quote(start, end)[:120],
            expected=expected, found=word)


def _pairs(inp: CheckInput, p: Paragraph, seen: set[int]) -> None:
    """One change told in two directions, where the older check (``change-direction``, which
    needs the figure before the basis and reads the paragraphs only) has not told it."""
    told = [f.quote for f in inp.findings if f.check == "change-direction" and f.quote]
    for m in PAIR_RE.finditer(p.text):
        d1, d2 = m.group("dir1"), m.group("dir2")
        if (d1 in _UP) == (d2 in _UP) or any(m.group(0) in q for q in told):
            continue
        if parse_number(m.group("amt")) == 0 and parse_number(m.group("pct")) == 0:
            continue  # a change of nothing has no direction to contradict
        line = p.line_at(m.start("dir2"))
        if line.no in seen:
            continue
        seen.add(line.no)
        _add(inp, p, m.start("dir2"), m.end(), d2,
             f"the amount is a {d1} and the percentage a {d2}: one change in two directions",
             f"金额为“{d1}”而幅度为“{d2}”，方向矛盾", m.start(), d1)


def _two_years(inp: CheckInput, p: Paragraph, year: int | None, seen: set[int]) -> None:
    """"{year} 年 … a 万元，{year-1} 年 … b 万元，… 增加 c 万元": the word against a − b."""
    if year is None:
        return
    pat = re.compile(rf"{year}年度?(?P<l1>[^，。；\d]{{0,20}}?)(?P<a>{NUMBER})(?P<au>万元|元)[，,；]"
                     rf"(?:[^，。；\d]{{0,4}}?){year - 1}年度?(?P<l2>[^，。；\d]{{0,12}}?)(?P<b>{NUMBER})(?P<bu>万元|元)"
                     rf"[，,]?(?P<gap>(?:[^。；\d]|\d{{4}}年){{0,24}}?)(?P<dir>{_DIR}|持平)")
    for s, e in sentences(p):
        for m in pat.finditer(p.text, s, e):
            if _PARTIAL_RE.search(m.group("l1") + m.group("l2")) or _LIST_RE.search(m.group("gap")) or \
                    _COMPARING_RE.search(m.group("l1") + m.group("l2")):
                continue
            a, b = _yuan(m.group("a"), m.group("au")), _yuan(m.group("b"), m.group("bu"))
            slack = _half(m.group("a"), m.group("au")) + _half(m.group("b"), m.group("bu"))
            word = m.group("dir")
            if word == "持平":
                wrong = abs(a - b) > slack
            else:
                wrong = (a < b - slack) if word in _UP else (a > b + slack)
            line = p.line_at(m.start("dir"))
            if not wrong or line.no in seen:
                continue
            seen.add(line.no)
            right = "持平" if abs(a - b) <= slack else ("增加" if a > b else "减少")
            _add(inp, p, m.start("dir"), m.end(), word,
                 f"{word} between {m.group('b')}{m.group('bu')} ({year - 1}) and {m.group('a')}{m.group('au')} "
                 f"({year}): the figures say {right}",
                 f"{year - 1}年{m.group('b')}{m.group('bu')}、{year}年{m.group('a')}{m.group('au')}，应为“{right}”"
                 f"而非“{word}”", m.start(), right)


#: Words that make the figures before a comparison another item's or a part's.
_PARTIAL_RE = re.compile(r"其中|包括|分别|以及|和|及|、")
#: Words of a comparison: a figure after them is a change, not the year's own figure.
_COMPARING_RE = re.compile(rf"比|较|与|相比|同期|{_DIR}|持平")
#: Words that open a list of several items' figures.
_LIST_RE = re.compile(r"其中|包括|分别")


def _parts_sign(inp: CheckInput, p: Paragraph, seen: set[int]) -> None:
    """"增加 T 万元，主要是 A 增加 a 万元，B 减少 b 万元": T = a − b up to rounding; when the
    figures fit only with one word reversed (the total's, or a single part's), that word is wrong."""
    for s, e in _full_sentences(p):
        changes = list(CHANGE_AMOUNT_RE.finditer(p.text, s, e))
        if len(changes) < 3:
            continue
        total = changes[0]
        lead = PARTS_LEAD_RE.search(p.text, total.end(), changes[1].start())
        if lead is None or re.search(r"[%％]|\d", p.text[total.end():changes[1].start()]):
            continue  # no parts named, or a percentage/other figure in between
        parts = changes[1:]
        if any(_AMOUNT_RE.search(p.text, x.end(), y.start()) or
               re.search(r"[%％]", p.text[x.end():y.start()]) for x, y in pairwise(parts)):
            continue  # an amount or percentage between two parts: not a plain list
        signed = [(-1 if m.group("dir") in _DOWN else 1) * _yuan(m.group("amt"), m.group("unit")) for m in parts]
        t = (-1 if total.group("dir") in _DOWN else 1) * _yuan(total.group("amt"), total.group("unit"))
        slack = sum((_half(m.group("amt"), m.group("unit")) for m in changes), Decimal(0))
        if t == 0 or abs(sum(signed) - t) <= slack:
            continue
        wrong: list[re.Match[str]] = []
        if abs(sum(signed) + t) <= slack:
            wrong = [total]
        else:
            wrong = [m for m, v in zip(parts, signed) if abs(sum(signed) - 2 * v - t) <= slack]
        if len(wrong) != 1:
            continue  # the parts do not add up either way: not a words' matter
        m = wrong[0]
        line = p.line_at(m.start())
        if line.no in seen:
            continue
        seen.add(line.no)
        right = "减少" if m.group("dir") in _UP else "增加"
        _add(inp, p, m.start(), m.end(), m.group("dir"),
             f"{m.group('dir')} {m.group('amt')}{m.group('unit')}: the change and its parts add up only as a {right}",
             f"“{m.group('dir')}{m.group('amt')}{m.group('unit')}”与其分项增减不符，按分项合计应为“{right}”",
             s, right)


def _full_sentences(p: Paragraph) -> list[tuple[int, int]]:
    """(start, end) of each sentence up to its 。 (a change's parts run on over ；)."""
    out, start = [], 0
    for m in re.finditer("。", p.text):
        out.append((start, m.end()))
        start = m.end()
    return [*out, (start, len(p.text))] if start < len(p.text) else out


#: "全年预算为 18.12 万元，支出决算为 17.70 万元，完成全年预算数的 97.68%。决算数小于全年预算数…".
OUTTURN_RE = re.compile(
    rf"预算(?:数)?(?:为|是)?(?P<a>{NUMBER})(?P<au>万元|元)[，,](?:支出)?决算(?:数)?(?:为|是)?(?P<b>{NUMBER})(?P<bu>万元|元)"
    rf"(?P<gap>(?:(?!万元|预算为|决算为)[^；;]){{0,40}}?)决算数?(?P<word>大于|小于|等于|高于|低于|超出)(?:全年|年初)?预算数?")


def _outturn(inp: CheckInput, p: Paragraph, seen: set[int]) -> None:
    """决算数大于 / 小于 / 等于预算数 against the two figures stated right before."""
    for m in OUTTURN_RE.finditer(p.text):
        a, b = _yuan(m.group("a"), m.group("au")), _yuan(m.group("b"), m.group("bu"))
        slack = _half(m.group("a"), m.group("au")) + _half(m.group("b"), m.group("bu"))
        word = m.group("word")
        right = "等于" if abs(a - b) <= slack else ("大于" if b > a else "小于")
        wrong = (word == "等于" and right != "等于") or (word in ("大于", "高于", "超出") and b <= a - slack) or \
            (word in ("小于", "低于") and b >= a + slack)
        line = p.line_at(m.start("word"))
        if not wrong or line.no in seen:
            continue
        seen.add(line.no)
        _add(inp, p, m.start("word"), m.end(), word,
             f"决算数{word}预算数, but the final figure {m.group('b')}{m.group('bu')} is {right} the budget "
             f"{m.group('a')}{m.group('au')}",
             f"决算数{m.group('b')}{m.group('bu')}{right}预算数{m.group('a')}{m.group('au')}，而文中称“{word}”",
             m.start(), right)


def _bare(inp: CheckInput, p: Paragraph, seen: set[int]) -> None:
    """增加 / 减少 said of no change, 增加 said of an item that is 0 now, 持平 said of a change of a
    stated non-zero amount — within the clauses of one item (back to the previous 。 or ；)."""
    for m in BARE_RE.finditer(p.text):
        start = max(max(p.text.rfind(c, 0, m.start()) + 1 for c in "。；;：:"),
                    (p.text.rfind("其中", 0, m.start()) + 2) if "其中" in p.text[:m.start()] else 0)
        clause = p.text[start:m.start()]
        word = m.group("dir")
        amounts = list(_AMOUNT_RE.finditer(clause))
        changes = list(CHANGE_AMOUNT_RE.finditer(clause))
        if not amounts or len(amounts) - len(changes) > 1 or len(changes) > 1 or _LIST_RE.search(clause):
            continue  # no figure, or figures of several items
        current = amounts[0]
        if changes and changes[0].start() <= current.start() <= changes[0].end():
            continue  # the only figure is the change's: the item's own is not stated
        zero_now = parse_number(current.group("amt")) == 0
        change = changes[0] if changes else None
        zero_change = change is not None and parse_number(change.group("amt")) == 0
        if word == "持平":
            wrong = change is not None and not zero_change
            right = change.group("dir") if change is not None else ""
        elif word in _UP:
            wrong, right = zero_now or zero_change, "持平" if zero_change else "减少或持平"
        else:
            wrong, right = zero_change, "持平"
        line = p.line_at(m.start("dir"))
        if not wrong or line.no in seen:
            continue
        seen.add(line.no)
        said = f"{change.group('dir')}{change.group('amt')}{change.group('unit')}" if change is not None else \
            f"{current.group('amt')}{current.group('unit')}"
        _add(inp, p, m.start("dir"), m.end(), word,
             f"{word} said of an item stated as {said}", f"“{word}”与所述数字（{said}）矛盾", start, right)


@register("comparison-word", Family.NARRATIVE_ARITHMETIC, Severity.ERROR, "比较词与数字不符",
          "A comparison word contradicts the figures it compares",
          "增加 / 减少 / 持平 agree with the figures the sentence gives: the change's amount and its "
          "percentage, the two years' figures, the parts of the change, a change of 0.")
def comparison_word(inp: CheckInput) -> None:
    seen = {f.source.line for f in inp.findings if f.check == "change-direction" and f.source is not None}
    for p in runs(inp):
        _pairs(inp, p, seen)
        _two_years(inp, p, inp.report.year, seen)
        _parts_sign(inp, p, seen)
        _bare(inp, p, seen)
        _outturn(inp, p, seen)
        whole_and_parts(p, lambda q, at, end, word, en, zh, start, right: _add(inp, q, at, end, word, en, zh, start, right),
                        seen)
