"""A classification figure the prose states with its code, against the tables' row of that code.

"（八）2040250-事业运行 6825.87 万元。主要用于…", "4.行政运行（2050101）0.00 万元，较上年…": a budget's
prose often walks the 一般公共预算 table row by row, naming each 项 by code and name. The code
says which row is meant, so the figure is a contradiction when no table prints it on that row
(in any column: which fund the sentence speaks of is not always said), allowing for the rounding
of the printed figure. Only a code whose name the prose prints with it (by the code list's
name matching) is trusted; final accounts are left alone, as by :mod:`.class_figures`.
"""
from __future__ import annotations

import re

from budgetkg.check.class_figures import printed_on_row
from budgetkg.check.context import CheckInput
from budgetkg.model.codes import code_list, names_match
from budgetkg.model.report import ReportKind
from budgetkg.parse.narrative import differs
from budgetkg.text.amounts import NUMBER, format_decimal, parse_number, to_amount

_CODE = r"(?P<code>2\d{2}(?:\d{2}){0,2})"
_NAME = r"(?P<name>[^\d，。；：:、（）()“”\"]{2,30}?)"
_AMT = rf"(?:预算数|预算|支出|安排)?(?:为|是)?(?P<amt>{NUMBER})(?P<unit>万元|元)"
#: "2040250-事业运行 6825.87 万元" and "行政运行（2050101）0.00 万元".
CODED_RE = (re.compile(r"(?<![\d.])" + _CODE + r"[-－—–]?" + _NAME + r"(?:[（(](?:类|款|项)[）)])?" + _AMT),
            re.compile(_NAME + r"[（(]" + _CODE + r"[）)]" + _AMT))


def coded_figures(inp: CheckInput) -> None:
    """Run as part of ``narrative-vs-table`` (see :func:`budgetkg.check.narrative_against_tables`)."""
    if inp.report.kind is not ReportKind.BUDGET:
        return
    codes = code_list("functional")
    for pattern in CODED_RE:
        for p, m in inp.finditer(pattern):
            code, name = m.group("code"), m.group("name")
            if code not in codes.names or not any(names_match(name, n) for n in codes.labels(code)):
                continue
            printed = printed_on_row(inp.report, code)
            if not printed:
                continue
            stated = to_amount(parse_number(m.group("amt")), m.group("unit"))
            if any(not differs(v, stated) for v in printed):
                continue
            nearest = min(printed, key=lambda v: abs(v - stated.yuan))
            inp.add("narrative-vs-table",
                    f"the narrative states {m.group('amt')}{m.group('unit')} for {code} {name}; no table prints "
                    f"that figure on its row (nearest: {format_decimal(nearest)} 元)",
                    f"说明中{code}{name}为{m.group('amt')}{m.group('unit')}，各表该科目均非此数（最接近"
                    f"{format_decimal(nearest)}元）", line=p.line_at(m.start("amt")),
                    quote=p.quote(m.start(), m.end()), table="narrative", row=code,
                    expected=format_decimal(nearest), found=format_decimal(stated.yuan))
