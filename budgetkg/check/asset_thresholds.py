"""The value bound of the equipment a report counts, printed the same way wherever it is stated.

The 国有资产占用情况 part counts equipment above a value ("单价 100 万元（含）以上设备（不含车辆）
0 台（套）", "单位价值 50 万元以上通用设备 … 单位价值 100 万元以上专用设备"), once for what the
department holds and again for what its budget buys. The templates fix the bound: 50 万元 for
general-purpose (通用) equipment, 100 万元 for special (专用) equipment; where a report names no
kind it uses one of the two (a few regions print their own bound, say 20 万元, and keep it).
So a report that prints two bounds for one kind of equipment has slipped, and when exactly one
of them is a template's bound, the other is the slip.
"""
from __future__ import annotations

import re
from collections import defaultdict
from decimal import Decimal

from budgetkg.check.context import CheckInput, Paragraph
from budgetkg.check.registry import Family, Severity, register

BOUND_RE = re.compile(r"(?:单价|单位价值|价值)(?P<amt>\d+(?:\.\d+)?)万元(?:[（(]含[）)])?以上的?"
                      r"(?P<kind>通用|专用|大型)?(?:的)?(?:设备|仪器)")
#: The template's bounds by kind of equipment (万元); a kind not named takes either.
TEMPLATE = {"通用": {Decimal(50)}, "专用": {Decimal(100)}, "大型": {Decimal(50), Decimal(100)},
            "": {Decimal(50), Decimal(100)}}


@register("asset-bound", Family.SLIPS, Severity.WARNING, "设备价值标准前后不一",
          "Equipment value bound printed two ways",
          "The value bound of the equipment counted (单价 100 万元以上设备, 50 万元以上通用设备) is the "
          "same wherever the report states it for one kind of equipment.")
def asset_bound(inp: CheckInput) -> None:
    stated: dict[str, list[tuple[Paragraph, re.Match[str]]]] = defaultdict(list)
    for p in (*inp.paragraphs, *inp.other_lines):
        for m in BOUND_RE.finditer(p.text):
            stated[m.group("kind") or ""].append((p, m))
    for kind, found in stated.items():
        values = {Decimal(m.group("amt")) for _, m in found}
        standard = values & TEMPLATE[kind]
        if len(values) < 2 or not standard:
            continue
        usual = "、".join(f"{v}万元" for v in sorted(standard))
        for p, m in found:
            if Decimal(m.group("amt")) in standard:
                continue
            inp.add("asset-bound",
                    f"equipment counted above {m.group('amt')} 万元 here, above {usual} elsewhere in the report",
                    f"此处设备价值标准为{m.group('amt')}万元，本报告他处为{usual}",
                    line=p.line_at(m.start("amt")), quote=p.quote(m.start(), m.end()),
                    expected=usual, found=m.group("amt"))
