"""Figures of a final account (决算) stated in its 情况说明.

* :func:`figures`: 本年收入 and its parts, 年初结转和结余, 本年支出 and its parts
  (基本支出, 项目支出, 上缴上级支出 …), 年末结转和结余, 机关运行经费, 政府采购 totals.
* :func:`comparisons`: every "年初预算数 X 万元，决算数 Y 万元，预决算差异率 Z%", named
  after the clause or section it stands in (财政拨款收入支出, 一般公共预算财政拨款支出,
  “三公”经费, 因公出国（境）费 …).
"""
from __future__ import annotations

import re
from decimal import Decimal

from budgetkg.model.report import Comparison, Figure
from budgetkg.parse.context import ParseContext
from budgetkg.parse.joined import joined
from budgetkg.segment.blocks import Segments
from budgetkg.sources.document import Line
from budgetkg.text.amounts import amount_text, parse_number, to_amount
from budgetkg.text.names import squash

AMOUNT = amount_text()
#: (key, label, pattern before the amount); the first statement of each is taken.
FIGURES = (
    ("income_current", "本年收入", r"本年收入(?:合计)?"),
    ("fiscal_income", "财政拨款收入", r"(?<!本年)财政拨款收入(?!支出)"),
    ("upper_subsidy_income", "上级补助收入", r"上级补助收入"),
    ("business_income", "事业收入", r"(?<!其他)事业收入"),
    ("operating_income", "经营收入", r"(?<!事业单位)经营收入"),
    ("subsidiary_income", "附属单位上缴收入", r"附属单位上缴收入"),
    ("other_income", "其他收入", r"其他收入"),
    ("carryover_start", "年初结转和结余", r"年初结转和结余"),
    ("expenditure_current", "本年支出", r"本年支出(?:合计)?"),
    ("basic", "基本支出", r"(?<!财政拨款)基本支出"),
    ("project", "项目支出", r"项目支出"),
    ("remit_upper", "上缴上级支出", r"上缴上级支出"),
    ("operating_expenditure", "经营支出", r"(?<!事业单位)经营支出"),
    ("subsidiary_expenditure", "对附属单位补助支出", r"对附属单位补助支出"),
    ("carryover_end", "年末结转和结余", r"年末结转和结余"),
    ("admin_cost", "机关运行经费", r"机关运行经费(?:支出|财政拨款预算)?"),
    ("procurement_total", "政府采购总额", r"政府采购(?:支出总额|预算(?=\d))"),
    ("procurement_goods", "政府采购货物", r"政府采购货物(?:支出|预算)"),
    ("procurement_works", "政府采购工程", r"政府采购工程(?:支出|预算)"),
    ("procurement_services", "政府采购服务", r"政府采购服务(?:支出|预算)"),
    ("sme_contracts", "授予中小企业合同金额", r"授予中小企业合同金额"),
    ("micro_contracts", "授予小微企业合同金额", r"授予小微企业合同金额"),
    ("sme_reserved", "面向中小企业预留政府采购项目预算", r"面向中小企业预留政府采购项目预算金额"),
    ("micro_reserved", "面向小微企业预留政府采购项目预算", r"面向小微企业预留政府采购项目预算金额"),
)
_COMPARISON_RE = re.compile(r"(年初|全年)预算数(?:为)?" + AMOUNT + r"[，,]?决算数(?:为)?" + AMOUNT
                            + r"(?:[，,]预决算差异率(?:为)?(-?[\d.]+)%)?")
_HEADING_RE = re.compile(r"^(?:[（(][一二三四五六七八九十]+[）)]|[一二三四五六七八九十]+、)\s*(.+)$")


def _text(lines: tuple[Line, ...]) -> tuple[str, list[Line], list[tuple[int, str]]]:
    """Joined narrative text, its char → line map, and (offset, heading) of each heading."""
    text, owner = joined(lines)
    headings, seen = [], set()
    for pos, ln in enumerate(owner):
        if ln.no in seen:
            continue
        seen.add(ln.no)
        m = _HEADING_RE.match(ln.text.strip())
        if m and len(squash(ln.text)) <= 40:
            headings.append((pos, squash(m.group(1))))
    return text, owner, headings


#: 国有资产占用: (key, label, pattern with a quantity group and an optional value group).
ASSETS = (
    ("buildings", "房屋", r"房屋(?P<q>[\d,.]+)平方米[，,]价值(?P<v>[\d,.]+)(?P<u>万元|元)"),
    ("vehicles", "车辆", r"车辆(?P<q>\d+)辆[，,]价值(?P<v>[\d,.]+)(?P<u>万元|元)"),
    ("official_vehicles", "一般公务用车", r"一般公务用车(?P<q>\d+)辆[，,]价值(?P<v>[\d,.]+)(?P<u>万元|元)"),
    ("law_enforcement_vehicles", "执法执勤用车", r"执法执勤用车(?P<q>\d+)辆[，,]价值(?P<v>[\d,.]+)(?P<u>万元|元)"),
    ("other_vehicles", "其他车辆", r"其他车辆(?P<q>\d+)辆[，,]价值(?P<v>[\d,.]+)(?P<u>万元|元)"),
    ("furniture", "办公家具", r"办公家具价值(?P<v>[\d,.]+)(?P<u>万元|元)"),
    ("other_assets", "其他资产", r"其他资产价值(?P<v>[\d,.]+)(?P<u>万元|元)"),
    ("equipment_over_50", "单位价值50万元以上大型设备", r"单位价值50万元以上(?:大型)?设备(?P<q>\d+)(?:台|套)"),
    ("equipment_over_100", "单位价值100万元以上大型设备",
     r"单位价值100万元(?:（含）)?以上(?:大型)?设备(?:（不含车辆）)?(?P<q>\d+)(?:台|套)"),
)
_QUANTITY_UNITS = {"buildings": "平方米", "equipment_over_50": "台", "equipment_over_100": "台"}


def assets(text: str, owner: list[Line], ctx: ParseContext) -> list[Figure]:
    """国有资产占用: buildings (area, value), vehicles by type (count, value), furniture, equipment."""
    out = []
    for key, label, pattern in ASSETS:
        m = re.search(pattern, text)
        if not m:
            continue
        groups = m.groupdict()
        amount = to_amount(parse_number(groups["v"]), groups["u"]) if groups.get("v") else None
        quantity = parse_number(groups["q"]) if groups.get("q") else None
        out.append(Figure(key=key, label=label, amount=amount, source=ctx.ref(owner[m.start()]),
                          quantity=quantity, quantity_unit=_QUANTITY_UNITS.get(key, "辆") if quantity is not None else None))
    return out


def figures(seg: Segments, ctx: ParseContext) -> list[Figure]:
    """The report's stated figures, first statement of each kind, and its assets."""
    text, owner, _ = _text(seg.narrative or seg.document.lines)
    out = assets(text, owner, ctx)
    for key, label, pattern in FIGURES:
        m = re.search(pattern + r"(?:为|共计)?" + AMOUNT, text)
        if m:
            out.append(Figure(key=key, label=label, amount=to_amount(parse_number(m.group(1)), m.group(2)),
                              source=ctx.ref(owner[m.start()])))
    return out


def _item_before(text: str, start: int, headings: list[tuple[int, str]]) -> str:
    clause = re.split(r"[，。：；,]", text[max(0, start - 60):start])[-1]
    clause = re.sub(r"^(其中|与(年初|全年)预算相比)", "", clause)
    if clause:
        return clause
    heading = next((h for pos, h in reversed(headings) if pos <= start), "")
    return re.sub(r"(决算)?(总体)?(情况)?(说明)?$", "", heading)


def comparisons(seg: Segments, ctx: ParseContext) -> list[Comparison]:
    """Every budget-versus-outcome statement, once per item."""
    text, owner, headings = _text(seg.narrative or seg.document.lines)
    out: list[Comparison] = []
    seen: set[str] = set()
    for m in _COMPARISON_RE.finditer(text):
        item = _item_before(text, m.start(), headings)
        if not item or item in seen:
            continue
        seen.add(item)
        out.append(Comparison(item=item, budget=to_amount(parse_number(m.group(2)), m.group(3)),
                              final=to_amount(parse_number(m.group(4)), m.group(5)),
                              rate=Decimal(m.group(6)) if m.group(6) else None,
                              source=ctx.ref(owner[m.start()])))
    return out
