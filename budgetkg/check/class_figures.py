"""A 类 (or, where the paragraph is about basic expenditure, an economic 款) named with a figure in a
budget's prose ("一般公共服务支出2715.76万元", "奖金14.58万元") against the tables.

The prose of a budget states class figures of several tables — all funds (支出表), 财政拨款 or
一般公共预算 (表四/表五), or one fund column of the summary — and rarely says which. So a stated
class figure is a contradiction only when it is none of the figures any table prints for that
class, in any column, allowing for the rounding of the printed figure. A name followed by a
change (…支出增加 X 万元) or preceded by 上年/比 is a comparison, not the class's figure, and is
left alone; so are final accounts, whose prose also states 年初预算 figures no table prints.
"""
from __future__ import annotations

import re
from decimal import Decimal
from functools import cache

from budgetkg.check.context import CheckInput
from budgetkg.model.codes import code_list
from budgetkg.model.report import Report, ReportKind
from budgetkg.parse.narrative import differs
from budgetkg.text.amounts import NUMBER, format_decimal, parse_number, to_amount

_AMT = NUMBER


#: Paragraphs that speak of basic expenditure, whose economic items the basic table prints.
_BASIC_RE = re.compile(r"基本支出|人员经费|公用经费")
#: (scheme, code length, paragraph guard): functional 类 anywhere in a budget's prose; economic 款
#: (30103 奖金) only where the paragraph is about basic expenditure — a project's description lists
#: its own 办公费, which no basic table prints.
_SCOPES = (("functional", 3, None), ("economic", 5, _BASIC_RE))


@cache
def _pattern(scheme: str, width: int) -> tuple[re.Pattern[str], dict[str, str]]:
    """One pattern for every name of the scheme's codes of ``width`` digits, and name → code (a
    name two codes share is left out: which one is meant would be a guess)."""
    codes = code_list(scheme)
    by_name: dict[str, str | None] = {}
    for code in (c for c in codes.names if len(c) == width):
        for label in codes.labels(code):
            by_name[label] = code if by_name.get(label, code) == code else None
    names = sorted((n for n, c in by_name.items() if c and len(n) >= 2), key=len, reverse=True)
    alternatives = "|".join(map(re.escape, names))
    pattern = re.compile(rf"(?<!上年)(?<!去年)(?<!上年度)(?<![比较（(])(?P<name>{alternatives})(?:预算|拨款)?(?:数)?"
                         rf"(?:为|是|共计)?(?P<amt>{_AMT})(?P<unit>万元|元)")
    return pattern, {n: c for n, c in by_name.items() if c}


def printed_on_row(report: Report, code: str) -> list[Decimal]:
    """Every figure any table prints on the row of ``code``, in any column."""
    return [a.yuan for t in report.tables if t.origin == "table" for r in t.rows if r.code == code
            for a in r.amounts.values()]


def class_figures(inp: CheckInput) -> None:
    """Run as part of ``narrative-vs-table`` (see :func:`budgetkg.check.narrative_against_tables`)."""
    if inp.report.kind is not ReportKind.BUDGET:
        return
    for scheme, width, guard in _SCOPES:
        pattern, by_name = _pattern(scheme, width)
        for p, m in inp.finditer(pattern):
            if guard is not None and not guard.search(p.text):
                continue
            code = by_name[m.group("name")]
            printed = printed_on_row(inp.report, code)
            if not printed:
                continue
            stated = to_amount(parse_number(m.group("amt")), m.group("unit"))
            if any(not differs(v, stated) for v in printed):
                continue
            nearest = min(printed, key=lambda v: abs(v - stated.yuan))
            inp.add("narrative-vs-table",
                    f"the narrative states {m.group('amt')}{m.group('unit')} for {m.group('name')} ({code}); no "
                    f"table prints that figure for it (nearest: {format_decimal(nearest)} 元)",
                    f"说明中{m.group('name')}为{m.group('amt')}{m.group('unit')}，各表该科目均非此数（最接近"
                    f"{format_decimal(nearest)}元）", line=p.line_at(m.start()),
                    quote=p.quote(m.start(), m.end(), 10), table="narrative", row=code,
                    expected=format_decimal(nearest), found=format_decimal(stated.yuan))
