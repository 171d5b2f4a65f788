"""A change amount against the two figures it lies between, when the prose states both.

"2026 年支出预算 51036.22 万元，比 2025 年年初预算数 45557.68 万元增加 5478.54 万元" and
"“三公经费”预算数为 7.61 万元，2025 年预算数为 9.23 万元，和 2025 年相比预算减少 1.62 万元"
state the year's figure, the previous one and the change: the change is their difference, within
the rounding of the three printed figures, and goes the way its word says. (A change whose previous
figure the prose does not state is :mod:`.narrative_math`'s, through its percentage.)
"""
from __future__ import annotations

import re

from budgetkg.check.context import CheckInput
from budgetkg.check.prose_amounts import NOT_A_FIGURE_RE, Stated, clause_start, joined_prose, other_year
from budgetkg.check.registry import Family, Severity, register
from budgetkg.text.amounts import NUMBER

_UP = ("增加", "增长", "上升", "增多", "提高")
_DIR = r"(?P<dir>增加|增长|上升|增多|提高|减少|下降|降低|减低)了?"


def _amt(name: str) -> str:
    return rf"(?<![\d.,])(?P<{name}>{NUMBER})(?P<{name}_unit>万元|元)"


#: "X 万元，比 2025 年年初预算数 Y 万元增加 Z 万元" / "X 万元，较上年 Y 万元减少 Z 万元".
INLINE_RE = re.compile(_amt("cur") + r"[，,]?(?:比|较|与)(?P<basis>上年|上一年|去年|20\d{2}年)"
                       r"[^，,。；;\d]{0,12}?" + _amt("prev") + r"(?:相比|比较)?[，,]?" + _DIR + _amt("chg"))
#: "X 万元，2025 年预算数为 Y 万元，和 2025 年相比预算减少 Z 万元" (three clauses of one sentence).
CLAUSES_RE = re.compile(_amt("cur") + r"[，,](?P<plabel>[^，,。；;\d]{0,8}?(?:上年|上一年|去年|20\d{2}年)"
                        r"[^，,。；;\d]{0,10}?)" + _amt("prev") + r"[，,](?P<glue>[^，,。；;]{0,16}?)" + _DIR + _amt("chg"))


def _previous_year(label: str, year: int | None) -> bool:
    """True when ``label`` speaks of the year before the report's (上年, or a year before it)."""
    years = {int(y) for y in re.findall(r"(20\d{2})年", label)}
    if not years:
        return bool(re.search(r"上年|上一年|去年", label))
    return year is not None and all(y < year for y in years)


@register("change-amount", Family.NARRATIVE_ARITHMETIC, Severity.ERROR, "增减金额与前后两数不符",
          "Stated change is not the difference of the two figures",
          "Where the prose states a figure, the previous year's and the change between them, the "
          "change is their difference (in the direction its word says), within the printed rounding.")
def change_amount(inp: CheckInput) -> None:
    p = joined_prose(inp)
    text, year = p.text, inp.report.year
    for pattern in (INLINE_RE, CLAUSES_RE):
        for m in pattern.finditer(text):
            c0 = clause_start(text, m.start("cur"))
            lead = text[c0:m.start("cur")]
            if NOT_A_FIGURE_RE.search(lead) or other_year(lead, year):
                continue  # the first figure is itself a change, a base or another year's
            if pattern is INLINE_RE and m.group("basis")[:4].isdigit() and not _previous_year(m.group("basis"), year):
                continue
            if pattern is CLAUSES_RE and (not _previous_year(m.group("plabel"), year)
                                          or re.search(r"\d", re.sub(r"20\d{2}年", "", m.group("glue")))
                                          or "占" in m.group("glue")
                                          or re.search(r"比|较|与|和|增|减|降", m.group("plabel"))):
                continue
            cur, prev, chg = (Stated.of(m, k, f"{k}_unit") for k in ("cur", "prev", "chg"))
            up = m.group("dir") in _UP
            diff = cur.yuan - prev.yuan if up else prev.yuan - cur.yuan
            if abs(diff - chg.yuan) <= cur.slack + prev.slack + chg.slack:
                continue
            expected = chg.in_printed_unit(diff)
            inp.add("change-amount",
                    f"{cur.printed} against {prev.printed} is a change of {expected}{chg.unit}, not "
                    f"{m.group('dir')} {chg.printed}",
                    f"{cur.printed}与{prev.printed}相差{expected}{chg.unit}，而非{m.group('dir')}{chg.printed}",
                    line=p.line_at(m.start("chg")), quote=p.quote(m.start(), m.end()),
                    expected=expected, found=chg.token)
