"""A figure and the parts the prose lists under it ("…X 万元，其中：A a 万元，B b 万元").

"车辆 26 辆，价值 562.30 万元；其中：一般公务用车 18 辆，价值 305.27 万元；…其他车辆 8 辆，价值
257.03 万元", "政府采购预算 3,402.01 万元，其中：货物 181.09 万元、工程 183.85 万元、服务 3,037.07
万元": the parts listed after 其中 (or a colon) are shares of the figure before it. They need not be
all of it, so their sum may be smaller — but never larger, beyond the rounding of the printed
figures. Where the parts are a complete set by definition (货物/工程/服务 of 政府采购, the three
“三公” items, 人员经费 and 公用经费 of 基本支出, 购置费 and 运行费 of 公务用车) they add up to it.

The list is read to the sentence's end, or — when it is numbered ("其中：1.… 2.…") — over its
numbered items, each item's first figure (its own 其中 list is a level below and is not a part).
Changes, comparisons' bases, bounds and bracketed figures are no parts
(:func:`~budgetkg.check.prose_amounts.item_figures`).
"""
from __future__ import annotations

import re
from decimal import Decimal

from budgetkg.check.context import CheckInput, Paragraph
from budgetkg.check.prose_amounts import (
    AMOUNT_RE,
    NOT_A_FIGURE_RE,
    Stated,
    clause_start,
    in_brackets,
    item_figures,
    joined_prose,
    other_year,
)
from budgetkg.check.registry import Family, Severity, register

#: 其中 (or a colon) right after the whole's figure; a 持平/一致 clause may stand between.
_LEAD_GAP_RE = re.compile(r"[，,。]?(?:(?:[^，,。；;：:\d]|20\d{2}年){0,14}?(?:持平|一致|相同|不变)[，,。]?)?"
                          r"(?:其中[：:，,]?|[：:])$")
#: A numbered list's first number right after 其中: "1." "1、" "（1）" "（一）" "一、".
_ENUM_RE = re.compile(r"(?P<num>\d+)[.．、](?!\d)|[（(](?P<pnum>\d+|[一二三四五六七八九十]+)[）)]|"
                      r"(?P<cnum>[一二三四五六七八九十]+)、")
_CN = "一二三四五六七八九十"
#: A level below a part: its own list ("人员经费 151.88 万元，主要包括：基本工资 24.90 万元、…").
_NESTED_RE = re.compile(r"其中|包括|[：:]")
#: Headings above each numbering style, where a numbered list has ended.
_ABOVE = {"num": r"[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)]",
          "pnum": r"[一二三四五六七八九十]+、", "cnum": r"第[一二三四五六七八九十]+部分"}
_PDIGIT_ABOVE = r"[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)]|\d+[.．、](?!\d)"
#: Sets of parts that make up their whole by definition: each a tuple of name patterns.
COMPLETE_SETS = (("货物", "工程", "服务"), ("因公出国", "公务用车购置[及和]运行", "公务接待"),
                 ("人员经费", "公用经费"), ("公务用车购置(?![及和])", "公务用车运行"))
#: How far a numbered list's items may stand apart.
_ITEM_REACH = 400


def _lead(text: str, at: int, year: int | None) -> Stated | None:
    """The whole's figure right before the 其中 (or colon) that ends at ``at``."""
    floor = max(text.rfind("。", 0, max(text.rfind("。", 0, at) , 0)), 0)
    last = None
    for m in AMOUNT_RE.finditer(text, floor, at):
        last = m
    if last is None or not _LEAD_GAP_RE.fullmatch(text[last.end():at]) or \
            re.search(r"\d", re.sub(r"20\d{2}年", "", text[last.end():at])):
        return None
    c0 = clause_start(text, last.start())
    clause = text[c0:last.start()]
    if NOT_A_FIGURE_RE.search(clause) or other_year(clause, year) or in_brackets(text, last.start(), floor):
        return None
    return Stated.of(last)


def _side(label: str) -> str:
    """收入 or 支出 when a part's label names one side of a budget (not both), else ""."""
    sides = {w for w in ("收入", "支出") if w in label}
    return sides.pop() if len(sides) == 1 else ""


def _next_number(m: re.Match[str]) -> str:
    """The next item's number in the style of ``m``: "2." after "1.", "（二）" after "（一）"."""
    if m.group("num"):
        return f"{int(m.group('num')) + 1}{m.group(0)[-1]}"
    n = m.group("pnum") or m.group("cnum")
    nxt = str(int(n) + 1) if n.isdigit() else (_CN[_CN.index(n) + 1] if len(n) == 1 and n != "十" else "")
    if not nxt:
        return ""
    return m.group(0).replace(n, nxt)


def _parts(text: str, start: int, year: int | None, lead_yuan: Decimal) -> list[tuple[Stated, int, int]]:
    """(figure, item start, item end) of each part listed from ``start``."""
    m = _ENUM_RE.match(text, start)
    if m is None:  # a plain list: to the sentence's end, up to a list a level below
        end = text.find("。", start)
        end = len(text) if end < 0 else end
        below = _NESTED_RE.search(text, start, end)
        end = below.start() if below else end
        out: list[tuple[Stated, int, int]] = []
        sides: set[str] = set()
        for s in item_figures(text, start, end, year):
            side = _side(text[clause_start(text, s.start, start):s.start])
            if out and (s.yuan == lead_yuan or (side and sides and side not in sides)):
                break  # the whole restated, or the other side of a 收支 whole: not a part
            sides |= {side} if side else set()
            out.append((s, s.start, s.end))
        return out
    style = next(k for k in ("num", "pnum", "cnum") if m.group(k))
    above = _PDIGIT_ABOVE if style == "pnum" and m.group("pnum").isdigit() else _ABOVE[style]
    heading = re.compile(above).search(text, m.end())
    limit = heading.start() if heading else len(text)
    out = []
    item: re.Match[str] | None = m
    while item is not None:
        nxt = _next_number(item)
        stop = text.find(nxt, item.end(), min(item.end() + _ITEM_REACH, limit)) if nxt else -1
        end = stop if stop >= 0 else text.find("。", item.end())
        end = len(text) if end < 0 else end
        nested = text.find("其中", item.end(), end)
        first = next(item_figures(text, item.end(), nested if nested >= 0 else end, year), None)
        if first is not None:
            out.append((first, item.start(), end))
        if stop < 0:
            break
        item = _ENUM_RE.match(text, stop)
    return out


def _complete(text: str, parts: list[tuple[Stated, int, int]]) -> bool:
    """True when the parts are, by their names, one of :data:`COMPLETE_SETS`, each once."""
    names = [text[max(clause_start(text, s.start, i0), i0):s.start] for s, i0, _ in parts]
    for names_set in COMPLETE_SETS:
        hits = [next((k for k, n in enumerate(names_set) if re.search(n, name)), None) for name in names]
        if len(parts) == len(names_set) and sorted(h for h in hits if h is not None) == list(range(len(names_set))):
            return True
    return False


@register("parts-over-whole", Family.NARRATIVE_ARITHMETIC, Severity.ERROR, "分项之和与总数不符",
          "Listed parts exceed (or, when complete, miss) their whole",
          "The parts the prose lists under a figure (其中 …) add up to at most that figure, within the "
          "rounding of the printed figures, and to exactly it when they are a complete set "
          "(货物/工程/服务, the three “三公” items, 人员经费 and 公用经费).")
def parts_over_whole(inp: CheckInput) -> None:
    p = joined_prose(inp)
    text, year = p.text, inp.report.year
    for m in re.finditer(r"其中[：:，,]?|(?<=[万元])[：:]", text):
        lead = _lead(text, m.end(), year)
        if lead is None:
            continue
        parts = _parts(text, m.end(), year, lead.yuan)
        if not parts:
            continue
        total = sum((s.yuan for s, _, _ in parts), Decimal(0))
        slack = lead.slack + sum((s.slack for s, _, _ in parts), Decimal(0))
        over = total - lead.yuan > slack
        if not over and not (_complete(text, parts) and lead.yuan - total > slack):
            continue
        summed = lead.in_printed_unit(total)
        listed = "、".join(s.printed for s, _, _ in parts)
        _report(inp, p, lead, parts, over, summed, listed)


def _report(inp: CheckInput, p: Paragraph, lead: Stated, parts: list[tuple[Stated, int, int]], over: bool,
            summed: str, listed: str) -> None:
    word_en, word_zh = ("exceed", "超过") if over else ("fall short of", "不足")
    inp.add("parts-over-whole",
            f"the parts listed under {lead.printed} ({listed}) add up to {summed}{lead.unit}, which "
            f"{'exceeds' if over else 'falls short of'} the whole",
            f"{lead.printed}下所列分项（{listed}）合计{summed}{lead.unit}，{word_zh}总数",
            line=p.line_at(lead.start), quote=p.quote(lead.start, parts[-1][0].end),
            expected=lead.token, found=summed, row=word_en)
