"""One change told several times, one telling in the other direction.

Reports restate the same money: "财政拨款收入 2,114 万元，比 2025 年预算增加 19 万元" — then
"财政拨款支出预算 2,114 万元，比 2025 年预算增加 19 万元" — then "财政拨款支出预算中，一般公共预算
拨款支出预算 2,114 万元，比 2025 年预算增加 19 万元" (the only fund of the whole: the same figure and
the same change). A reviewer reads the three as one: when the same current figure and the same
change against the same basis are told three times or more and exactly one telling has the other
direction, that one word is wrong (the others agree on the year before's figure, the odd one
implies another). Two tellings that disagree say nothing of which is wrong: left alone.

The current figure must be distinctive (three significant digits at least, not the change itself:
"0.5 万元，增加 0.5 万元" of several small items is a coincidence, not one item told twice), and the
basis is compared by what it names (上年 or the year, 年初 / 调整 / 执行 / 决算), never across bases.
"""
from __future__ import annotations

import re
from collections import defaultdict
from decimal import Decimal

from budgetkg.check import narrative_words  # noqa: F401  (comparison-word first: a word it told is not told again)
from budgetkg.check.context import CheckInput, Paragraph
from budgetkg.check.prose_runs import runs
from budgetkg.check.registry import Family, Severity, register
from budgetkg.text.amounts import NUMBER, UNIT_FACTORS, parse_number

_UP = ("增加", "增长", "上升", "提高")
_DOWN = ("减少", "下降", "降低")
_DIR = "|".join(_UP + _DOWN)
#: "2,114 万元，比 2025 年预算增加 19 万元", "9,101.68万元，与上年相比，减少 2,389.52 万元".
TOLD_RE = re.compile(
    rf"(?P<amt>{NUMBER})(?P<unit>万元|元)[，,]?(?P<basis>(?:比|较|与)(?:[^，。；;:：\d%]|\d{{4}}年){{0,16}}?"
    rf"(?:相比[，,]?)?)(?P<dir>{_DIR})了?(?P<chg>{NUMBER})(?P<cunit>万元|元)")
#: What a basis names besides its year.
_BASIS_WORDS = ("年初", "调整", "执行", "决算", "全年")
#: Fewest significant digits of a current figure that identifies the money it is.
LEAST_DIGITS = 3

Key = tuple[Decimal, Decimal, str]


def _digits(token: str) -> int:
    return len(token.replace(",", "").replace(".", "").lstrip("0"))


def _basis(text: str, year: int | None) -> str:
    """The basis as what it names: the year (上年 → the report's year − 1) and its words."""
    m = re.search(r"(\d{4})年", text)
    named = m.group(1) if m else (str(year - 1) if year is not None and re.search(r"上年|去年", text) else "")
    return named + "".join(w for w in _BASIS_WORDS if w in text)


def _tellings(inp: CheckInput) -> dict[Key, list[tuple[Paragraph, re.Match[str]]]]:
    out: dict[Key, list[tuple[Paragraph, re.Match[str]]]] = defaultdict(list)
    for p in runs(inp):
        for m in TOLD_RE.finditer(p.text):
            amt, chg = parse_number(m.group("amt")), parse_number(m.group("chg"))
            x, c = amt * UNIT_FACTORS[m.group("unit")], chg * UNIT_FACTORS[m.group("cunit")]
            if x == 0 or c == 0 or x == c or _digits(m.group("amt")) < LEAST_DIGITS:
                continue
            out[(x, c, _basis(m.group("basis"), inp.report.year))].append((p, m))
    return out


@register("restated-change", Family.NARRATIVE_ARITHMETIC, Severity.ERROR, "同一增减额多处表述方向不一",
          "One change told several times, once in the other direction",
          "Where the same figure and the same change against the same basis are told three times or more "
          "(收入, 支出, the one fund of the 支出), all tell the same direction; the one telling that differs is wrong.")
def restated_change(inp: CheckInput) -> None:
    seen = {f.source.line for f in inp.findings if f.check in ("comparison-word", "change-direction")
            and f.source is not None}
    for told in _tellings(inp).values():
        if len(told) < 3:
            continue
        up = [t for t in told if t[1].group("dir") in _UP]
        down = [t for t in told if t[1].group("dir") in _DOWN]
        odd, rest = (up, down) if len(up) == 1 else (down, up) if len(down) == 1 else ([], [])
        if not odd or len(rest) < 2:
            continue
        p, m = odd[0]
        line = p.line_at(m.start("dir"))
        if line.no in seen:
            continue
        seen.add(line.no)
        right = rest[0][1].group("dir")
        what = f"{m.group('amt')}{m.group('unit')}，{m.group('dir')}{m.group('chg')}{m.group('cunit')}"
        inp.add("restated-change",
                f"{what}: the same figure and change are told {len(rest)} times elsewhere as {right}",
                f"“{what}”：同一金额与增减额在其他{len(rest)}处均表述为“{right}”",
                line=line, quote=p.quote(m.start(), m.end()), expected=right, found=m.group("dir"))
