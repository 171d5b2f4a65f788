"""A share of a whole that only a table states.

"财政拨款预算支出 27664.22 万元，占本年支出合计的 100%": the part is in the sentence, the whole is
named and printed as a row of the report's own tables (本年支出合计 of the 收支总表). A reviewer
looks the whole up and divides. The whole is every figure the tables print on a row of exactly
that name (any table, any column: the 收支总表 and the 财政拨款收支总表 both print a 本年支出合计),
and the share is wrong only when it follows from none of them, to the printed precision of the
part, the table figure and the share. A whole no row names ("占“三公”经费的", "占总支出的") is left
to the checks of the prose itself — but whatever the whole, a part of it is not more than all of
it: "公务接待费支出 0.16 万元，占 150.0%" is wrong as printed (a whole of a budget or another year,
"占年初预算的 105%", is a rate, not a share, and left alone).
"""
from __future__ import annotations

import re
from decimal import Decimal

from budgetkg.check.context import CheckInput
from budgetkg.check.narrative_math import _half, _off_by
from budgetkg.check.prose_runs import runs
from budgetkg.check.registry import Family, Severity, register
from budgetkg.model.report import Amount, Report
from budgetkg.text.amounts import NUMBER, UNIT_FACTORS, parse_number
from budgetkg.text.names import squash

#: "27664.22 万元，占本年支出合计的 100%" (the whole named, then 的).
SHARE_OF_RE = re.compile(rf"(?P<amt>{NUMBER})(?P<unit>万元|元)[，,]?占(?P<whole>[^，。；;\d%“”\"]{{2,12}})的"
                         rf"(?:比重|比例)?(?:为)?(?P<pct>{NUMBER})[%％]")


#: "0.16 万元，占 150.0%", "占“三公”经费的 26.69%": a part's share of its whole, named or not.
ANY_SHARE_RE = re.compile(rf"(?P<amt>{NUMBER})(?P<unit>万元|元)[，,]?占(?:比)?(?P<whole>[^，。；;\d%]{{0,16}}的)?"
                          rf"(?:比重|比例)?(?:为)?(?P<pct>{NUMBER})[%％]")
#: A whole that makes the "share" a rate: a budget (执行率), another year, a growth.
_RATE_RE = re.compile(r"预算|计划|上年|去年|同期|年初|全年|调整|增|比")


def _over_whole(inp: CheckInput) -> None:
    for p in runs(inp):
        for m in ANY_SHARE_RE.finditer(p.text):
            pct = parse_number(m.group("pct"))
            if pct <= 100 + _half(m.group("pct")) or _RATE_RE.search(m.group("whole") or ""):
                continue
            inp.add("share-of-table-total",
                    f"{m.group('amt')}{m.group('unit')} is said to be {m.group('pct')}% of its whole: a part is not more "
                    f"than all of it",
                    f"{m.group('amt')}{m.group('unit')}占比{m.group('pct')}%超过100%：分项不可能大于总额",
                    line=p.line_at(m.start("pct")), quote=p.quote(m.start(), m.end()),
                    expected="≤100%", found=f"{m.group('pct')}%")


def _label(text: str) -> str:
    return re.sub(r"[“”\"（）()、:：]", "", squash(text))


def _wholes(report: Report, name: str) -> list[Amount]:
    """Every figure the report's tables print on a row named ``name``."""
    key = _label(name)
    return [a for t in report.tables if t.origin == "table" for r in t.rows if _label(r.label) == key
            for a in r.amounts.values() if a.yuan > 0]


def _interval(a: Amount) -> tuple[Decimal, Decimal]:
    factor = a.yuan / a.printed if a.printed else Decimal(1)
    h = _half(format(a.printed, "f")) * factor
    return a.yuan - h, a.yuan + h


@register("share-of-table-total", Family.NARRATIVE_VS_TABLE, Severity.ERROR, "占比与表中总额不符",
          "A share of a total the tables print does not follow",
          "In 'part 万元，占本年支出合计的 x%', x is the part divided by the figure a table prints on the row "
          "of that name (any of them), to the printed precision; no part is over 100% of its whole.")
def share_of_table_total(inp: CheckInput) -> None:
    _over_whole(inp)
    for p in runs(inp):
        for m in SHARE_OF_RE.finditer(p.text):
            wholes = _wholes(inp.report, m.group("whole"))
            if not wholes or parse_number(m.group("pct")) > 100:
                continue
            f = UNIT_FACTORS[m.group("unit")]
            a, ha = parse_number(m.group("amt")) * f, _half(m.group("amt")) * f
            pct, unit = parse_number(m.group("pct")), 2 * _half(m.group("pct"))
            misses = []
            for w in wholes:
                lo_w, hi_w = _interval(w)
                if lo_w <= 0:
                    break
                severity = _off_by(pct, max(a - ha, Decimal(0)) / hi_w * 100, (a + ha) / lo_w * 100, unit)
                if severity is None:
                    break
                misses.append((severity, w))
            else:
                severity = Severity.ERROR if any(s is Severity.ERROR for s, _ in misses) else Severity.INFO
                w = misses[0][1]
                expected = (a / w.yuan * 100).quantize(unit.normalize())
                printed = f"{format(w.printed, 'f')}{w.unit}"
                inp.add("share-of-table-total",
                        f"{m.group('amt')}{m.group('unit')} is {expected}% of {m.group('whole')} {printed} "
                        f"(the tables), not {m.group('pct')}%",
                        f"{m.group('amt')}{m.group('unit')}占{m.group('whole')}（表中{printed}）应为{expected}%，"
                        f"而非{m.group('pct')}%",
                        line=p.line_at(m.start("pct")), quote=p.quote(m.start(), m.end()),
                        expected=f"{expected}%", found=f"{m.group('pct')}%", severity=severity)
