"""Indicator values as data, with the issue's examples taken from the sample reports."""
from decimal import Decimal as D

import pytest

from budgetkg.parse.indicator_values import parse_indicator_value


@pytest.mark.parametrize("text, comparator, value, unit", [
    ("=19 个", "=", D("19"), "个"),
    ("≥95%", "≥", D("95"), "%"),
    ("≤1636.62 万元", "≤", D("1636.62"), "万元"),
    ("≤15 元/人·天", "≤", D("15"), "元/人·天"),
    (">=4.3 万场", "≥", D("4.3"), "万场"),
    ("<=7 天", "≤", D("7"), "天"),
    ("105 个", "=", D("105"), "个"),
    ("100%", "=", D("100"), "%"),
    ("≥1000 册", "≥", D("1000"), "册"),
    ("=300000 元", "=", D("300000"), "元"),
    ("≥2", "≥", D("2"), ""),
    ("≤1200 元/人/月", "≤", D("1200"), "元/人/月"),
    ("有效", "qualitative", None, ""),
    ("优", "qualitative", None, ""),
])
def test_single_values(text, comparator, value, unit):
    v = parse_indicator_value(text)
    assert (v.comparator, v.value, v.unit) == (comparator, value, unit)
    assert v.raw == text.replace(" ", "")


def test_ranges_keep_both_bounds():
    v = parse_indicator_value("≥1月&&≤12月")
    assert (v.comparator, v.value, v.upper, v.unit) == ("range", D(1), D(12), "月")
    v = parse_indicator_value("1225-1655 元/人·月")
    assert (v.comparator, v.value, v.upper, v.unit) == ("range", D(1225), D(1655), "元/人·月")


def test_mixed_text_keeps_raw_and_what_parses():
    v = parse_indicator_value("大社区 15 万元/年；中社区 10 万元/年")
    assert v.comparator == "mixed" and v.value == D(15) and v.unit == "万元/年"
    assert v.raw == "大社区15万元/年；中社区10万元/年"
