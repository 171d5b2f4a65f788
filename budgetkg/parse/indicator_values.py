"""指标值 as data: comparator, exact value, unit — and always the raw text.

    parse_indicator_value("≤1636.62 万元")  → ("≤", Decimal("1636.62"), "万元")
    parse_indicator_value(">=4.3 万场")     → ("≥", Decimal("4.3"), "万场")
    parse_indicator_value("≥1月&&≤12月")    → ("range", 1, "月", upper 12)
    parse_indicator_value("有效")           → ("qualitative", None, "")

A bare number ("105 个", "100%") states the target itself and reads as "=". Text
mixing several figures ("大社区 15 万元/年；中社区 10 万元/年") is "mixed": the first
figure is kept as far as it parses, and the raw text tells the rest.
"""
from __future__ import annotations

import re
from decimal import Decimal

from budgetkg.model.report import TargetValue
from budgetkg.text.amounts import normalise_digits
from budgetkg.text.names import squash

_COMPARATORS = {">=": "≥", "≥": "≥", "≧": "≥", "<=": "≤", "≤": "≤", "≦": "≤",
                "=": "=", "＝": "=", "==": "=", ">": ">", "<": "<", "＞": ">", "＜": "<"}
_COMP = r"(>=|<=|==|≥|≤|≧|≦|=|＝|>|<|＞|＜)"
_NUM = r"(-?\d+(?:,\d{3})*(?:\.\d+)?)"
_SIMPLE_RE = re.compile(r"^" + _COMP + r"?" + _NUM + r"([^\d&；;，,]*)$")
_RANGE_RE = re.compile(r"^" + _COMP + _NUM + r"([^\d&]*?)(?:&&|&|且|，|,|至)" + _COMP + _NUM + r"(.*)$")
_DASH_RANGE_RE = re.compile(r"^" + _NUM + r"(?:-|~|～|—|至)" + _NUM + r"(.*)$")
_ANY_NUM_RE = re.compile(_NUM + r"\s*([^\d\s；;，,。]*)")
_DATE_RE = re.compile(r"^" + _COMP + r"?\d{4}年\d{1,2}月(\d{1,2}日)?(前|之前|以前)?$")
PLACEHOLDER_RE = re.compile(r"^[-—–－/无]*$")


def _dec(text: str) -> Decimal:
    return Decimal(text.replace(",", ""))


def parse_indicator_value(text: str) -> TargetValue:
    """Parse a printed 指标值; see the module docstring for the forms understood."""
    raw = squash(text)
    s = normalise_digits(raw).replace("％", "%")
    m = _DATE_RE.match(s)
    if m:  # a deadline: "≤2021年12月31日"
        return TargetValue(raw, _COMPARATORS[m.group(1)] if m.group(1) else "=", None, "date")
    m = _SIMPLE_RE.match(s)
    if m:
        comparator = _COMPARATORS[m.group(1)] if m.group(1) else "="
        return TargetValue(raw, comparator, _dec(m.group(2)), m.group(3).strip())
    m = _RANGE_RE.match(s)
    if m:
        return TargetValue(raw, "range", _dec(m.group(2)), m.group(3) or m.group(6), _dec(m.group(5)))
    m = _DASH_RANGE_RE.match(s)
    if m:
        return TargetValue(raw, "range", _dec(m.group(1)), m.group(3), _dec(m.group(2)))
    m = _ANY_NUM_RE.search(s)
    if m:
        return TargetValue(raw, "mixed", _dec(m.group(1)), m.group(2))
    return TargetValue(raw, "qualitative", None, "")
