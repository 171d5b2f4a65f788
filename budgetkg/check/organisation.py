"""Statements about the department's own structure that contradict each other.

概况 says 无下属预算单位 while the 机关运行经费 paragraph speaks of 本级及下属 1 家事业单位. Where the
report lists internal divisions that are units in all but budget (a 中心, 院, 队 …), "下属单位" may
mean those — not a contradiction; where it lists none, the two statements cannot both be true.
"""
from __future__ import annotations

import re

from budgetkg.check.context import CheckInput
from budgetkg.check.registry import Family, Severity, register

_NONE_RE = re.compile(r"无下属(?:预算|二级|事业)?单位")
_SOME_RE = re.compile(r"下属(?P<n>\d+)家")
#: Names of divisions that are units in all but budget: "下属单位" may mean them.
_UNIT_LIKE = re.compile(r"(?:中心|院|队|站|所|馆|校|会|社)(?:（[^）]*）)?$")


@register("subordinate-units", Family.YEARS_AND_NAMES, Severity.WARNING, "下属单位表述矛盾",
          "Subordinate units stated both ways",
          "A report that says it has no subordinate budget units (无下属预算单位) does not count "
          "subordinate units elsewhere (本级及下属1家事业单位).")
def subordinate_units(inp: CheckInput) -> None:
    if any(_UNIT_LIKE.search(u.name) for u in inp.report.units):
        return
    none = next(iter(inp.finditer(_NONE_RE)), None)
    if none is None:
        return
    for p, m in inp.finditer(_SOME_RE):
        n = int(m.group("n"))
        if n > 0:
            first = none[0].line_at(none[1].start())
            inp.add("subordinate-units",
                    f"{m.group(0)}: the report said at line {first.no} that it has no subordinate units",
                    f"“{m.group(0)}”与第{first.no}行“{none[1].group(0)}”矛盾", line=p.line_at(m.start()),
                    quote=p.quote(m.start(), m.end(), 12), expected="0", found=str(n))
