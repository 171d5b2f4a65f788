"""A figure the prose states for an item the tables print, which no table prints.

"支出预算总计24458.43万元", "基本支出 33325.21 万元", "“卫生健康支出”科目2,206万元": the prose
restates figures of the tables (totals, 财政拨款, 基本/项目支出, 三公 items, classes). Which
table and column a sentence restates is often not said, so — like :mod:`.class_figures` — a
stated figure is a contradiction only when it is none of the figures any table of the report
prints (in 元 or 万元, to the printed precision). Only the figure of the report's own year is
judged: a clause that compares (比上年, 增加 …), names another year, or speaks of 人员/公用经费
(sums no table prints), 机关运行经费 or 政府采购 (tables outside the model, often not printed) or
of projects is left alone, and so is a report without its tables (the narrative file of a
two-file publication).
"""
from __future__ import annotations

import re
from decimal import Decimal

from budgetkg.check.context import CheckInput
from budgetkg.check.registry import Family, Severity, register
from budgetkg.text.amounts import NUMBER, parse_number

#: Items whose figure a table prints; the label ends right before the figure (预算/数/为 between).
ITEMS = ("收入总计", "支出总计", "收支总计", "收入支出总计", "收入合计", "支出合计", "本年收入合计", "本年支出合计",
         "收入预算总计", "支出预算总计", "收入预算", "支出预算", "财政拨款收入", "财政拨款支出", "财政拨款收支总计",
         "财政拨款收支总预算", "财政拨款收、支总预算",
         "财政拨款收、支总计", "一般公共预算财政拨款收入", "一般公共预算财政拨款支出", "一般公共预算拨款收入",
         "一般公共预算收入", "一般公共预算支出", "一般公共预算拨款", "政府性基金预算拨款", "政府性基金预算支出",
         "基本支出", "项目支出", "三公经费", "“三公”经费",
         "因公出国（境）费", "公务接待费", "公务用车购置及运行费", "公务用车购置费", "公务用车运行费",
         "公务用车运行维护费", "事业收入", "上年结转")
_ITEMS_RE = "|".join(re.escape(i) for i in sorted(ITEMS, key=len, reverse=True))
STATED_RE = re.compile(rf"(?:(?P<label>{_ITEMS_RE})|(?P<tail>收入|支出|拨款|总计|合计|[（(][类款项][）)]|科目”?|”科目))"
                       rf"(?:预算|决算)?(?:数|总额)?(?:为|是|共计|合计|安排)?(?P<amt>{NUMBER})(?P<unit>万元|元)")
#: A clause that compares, or speaks of another year or of part of the item, states no table figure.
_OTHER_RE = re.compile(r"增加|减少|增长|下降|上升|降低|持平|比|较|与|上年|去年|以前年度|年初|调整|执行|追加|"
                       r"累计|平均|人均|每|中央|省级|市级|补助|转移|单位|机关运行经费|委托业务费|主要用于")
#: A sentence about projects or performance states the projects' figures, which no total prints.
_PROJECTS_RE = re.compile(r"项目(?!支出)|绩效")
_FACTORS = (Decimal(1), Decimal(10000))
#: Tables a report must print before its prose can be judged against them.
LEAST_TABLES = 4


def _numbers(inp: CheckInput) -> set[Decimal]:
    """Every figure printed in a table row of the document."""
    out: set[Decimal] = set()
    rows = [ln for b in inp.segments.tables for ln in b.lines] + \
        [ln for ln in inp.segments.document.lines if ln.is_row]
    for ln in rows:
        for text in ln.cell_texts():
            for m in re.finditer(NUMBER, text):
                try:
                    out.add(parse_number(m.group(0)))
                except (ValueError, ArithmeticError):
                    continue
    return out


def _printed(value: Decimal, token: str, numbers: set[Decimal]) -> bool:
    """True when some table figure, read in 元 or 万元, rounds to ``value`` at ``token``'s precision
    (a whole number of 万元 may also be the figure cut off: 57 万元 for 575,900 元)."""
    exp = Decimal(1).scaleb(min(Decimal(token.replace(",", "")).as_tuple().exponent, 0))  # type: ignore[arg-type]
    lo, hi = (value - exp / 2, value + exp) if exp >= 1 else (value - exp / 2, value + exp / 2)
    return any(lo <= n * g / f <= hi for n in numbers for f in _FACTORS for g in _FACTORS)


def _same(found: str, value: Decimal) -> bool:
    """True when another finding's ``found`` (in 元 or as printed) is the stated figure."""
    try:
        n = parse_number(found)
    except (ValueError, ArithmeticError):
        return False
    return n in (value, value * 10000)


@register("stated-figure", Family.NARRATIVE_VS_TABLE, Severity.WARNING, "说明中数据与表格不符",
          "Stated figure printed in no table",
          "A figure the prose states for an item the tables print (totals, 财政拨款, 基本支出, 三公 "
          "items …) is one of the tables' figures, to its printed precision.")
def stated_figures(inp: CheckInput) -> None:
    if len(inp.report.tables) < LEAST_TABLES:
        return
    numbers: set[Decimal] | None = None
    year = inp.report.year
    # a figure the table-side checks already found wrong (a class figure against its table) is said once
    known = {(f.source.line, f.found) for f in inp.findings if f.source is not None}
    for p, m in inp.finditer(STATED_RE):
        clause_start = max(p.text.rfind(c, 0, m.start()) for c in "，。；：,;:") + 1
        clause = p.text[clause_start:m.end()]
        years = {int(y) for y in re.findall(r"(20\d{2})年", clause)}
        sentence = p.text[p.text.rfind("。", 0, m.start()) + 1:m.end()]
        if _OTHER_RE.search(clause) or _PROJECTS_RE.search(sentence) or (years and years != {year}):
            continue
        value = parse_number(m.group("amt"))
        if value == 0:
            continue
        if numbers is None:
            numbers = _numbers(inp)
        line = p.line_at(m.start("amt"))
        if _printed(value, m.group("amt"), numbers) or any(
                abs(no - line.no) <= 2 and found and _same(found, value)
                for no, found in known):
            continue
        label = p.text[clause_start:m.start("amt")]
        inp.add("stated-figure", f"{label} {m.group('amt')}{m.group('unit')} is printed in no table",
                f"{label}{m.group('amt')}{m.group('unit')}与各表数据均不符", line=line,
                quote=p.quote(clause_start, m.end())[:80], found=m.group("amt"), row=label[-20:])
