"""A whole's change against its parts' changes, each part told with its own figure.

"“三公”经费预算 890.97 万元，比 2025 年减少 1.22 万元。其中：因公出国（境）费用 552 万元，与上年持平；
公务接待费 121.07 万元，与上年持平；公务用车运行维护费 217.9 万元，比 2025 年减少 1.22 万元；公务用车
购置费 0 万元，与上年持平。" — the parts' figures add up to the whole's (552 + 121.07 + 217.9 + 0 =
890.97: the list is complete), so their changes add up to the whole's change (持平 is 0). A reviewer
reads the words against that: when the changes fit only with one word reversed (the whole's or one
part's), that word is wrong; a part said to 增加 / 减少 without a figure where the others already
make up the whole's change is wrong too (its change is 0). Where two words could be the wrong one,
or a part's change is not told, nothing is said. Used by ``comparison-word``.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal

from budgetkg.check.context import Paragraph
from budgetkg.text.amounts import NUMBER, UNIT_FACTORS, decimals_of, parse_number

_UP = ("增加", "增长", "上升", "提高")
_DOWN = ("减少", "下降", "降低")
_DIR = "|".join(_UP + _DOWN)
#: The whole: "890.97 万元，比 2025 年减少 1.22 万元。其中：" (no other figure between).
WHOLE_RE = re.compile(rf"(?P<amt>{NUMBER})(?P<unit>万元|元)[，,]?(?:比|较|与)(?:[^，。；;:：\d%]|\d{{4}}年){{0,16}}?"
                      rf"(?:相比[，,]?)?(?P<dir>{_DIR})了?(?P<chg>{NUMBER})(?P<cunit>万元|元)[^。；;\d%]{{0,30}}?[。，,]?其中[:：]")
_AMOUNT_RE = re.compile(rf"(?P<amt>{NUMBER})(?P<unit>万元|元)")
_CHANGE_RE = re.compile(rf"(?:比|较|与)(?:[^，。；;:：\d%]|\d{{4}}年){{0,16}}?(?:相比[，,]?)?(?P<dir>{_DIR}|持平)了?"
                        rf"(?:(?P<chg>{NUMBER})(?P<cunit>万元|元))?")

Report = Callable[[Paragraph, int, int, str, str, str, int, str], None]


def _yuan(token: str, unit: str) -> Decimal:
    return parse_number(token) * UNIT_FACTORS[unit]


def _half(token: str, unit: str) -> Decimal:
    return Decimal(5).scaleb(-decimals_of(token) - 1) * UNIT_FACTORS[unit]


def _sign(word: str) -> int:
    return 0 if word == "持平" else (1 if word in _UP else -1)


def whole_and_parts(p: Paragraph, say: Report, seen: set[int]) -> None:
    for w in WHOLE_RE.finditer(p.text):
        end = p.text.find("。", w.end())
        end = len(p.text) if end < 0 else end
        clauses = re.split(r"[；;]", p.text[w.end():end])
        starts, at = [], w.end()
        for c in clauses:
            starts.append(at)
            at += len(c) + 1
        if len(clauses) < 2:
            continue
        current, slack = Decimal(0), _half(w.group("amt"), w.group("unit"))
        parts: list[tuple[re.Match[str], int]] = []
        ok = True
        for c, s in zip(clauses, starts):
            amt = _AMOUNT_RE.search(p.text, s, s + len(c))
            chg = _CHANGE_RE.search(p.text, s, s + len(c))
            if amt is None or chg is None or amt.start() > chg.start():
                ok = False
                break
            current += _yuan(amt.group("amt"), amt.group("unit"))
            slack += _half(amt.group("amt"), amt.group("unit"))
            parts.append((chg, s))
        if not ok or abs(current - _yuan(w.group("amt"), w.group("unit"))) > slack:
            continue  # not a complete list of the whole's parts
        total = _sign(w.group("dir")) * _yuan(w.group("chg"), w.group("cunit"))
        slack = _half(w.group("chg"), w.group("cunit"))
        known, bare = Decimal(0), []
        for m, s in parts:
            if m.group("chg") is None:
                if m.group("dir") != "持平":
                    bare.append((m, s))
                continue
            known += _sign(m.group("dir")) * _yuan(m.group("chg"), m.group("cunit"))
            slack += _half(m.group("chg"), m.group("cunit"))
        if len(bare) > 1:
            continue
        if bare:
            m, s = bare[0]
            if abs(total - known) <= slack:  # the others make up the whole's change: this one is 0
                _say(p, say, seen, m, s, "持平", "the others' changes already make up the whole's")
            continue
        if total == 0 or abs(known - total) <= slack:
            continue
        if abs(known + total) <= slack:
            wrong = [(w, w.start())]
        else:
            wrong = [(m, s) for m, s in parts if m.group("chg") is not None and _sign(m.group("dir")) != 0 and
                     abs(known - 2 * _sign(m.group("dir")) * _yuan(m.group("chg"), m.group("cunit")) - total) <= slack]
        if len(wrong) == 1:
            m, s = wrong[0]
            _say(p, say, seen, m, s, "减少" if m.group("dir") in _UP else "增加",
                 "the parts' figures make up the whole, and their changes add up only with the other word")


def _say(p: Paragraph, say: Report, seen: set[int], m: re.Match[str], s: int, right: str, why: str) -> None:
    line = p.line_at(m.start("dir"))
    if line.no in seen:
        return
    seen.add(line.no)
    word = m.group("dir")
    say(p, m.start("dir"), m.end(), word,
        f"{word}: {why}; the figures say {right}",
        f"“{word}”与分项/总额的增减不符，应为“{right}”", s, right)
