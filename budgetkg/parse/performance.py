"""Performance tables: 项目支出绩效目标表 (budgets) and 项目支出/部门整体支出绩效自评表
(final accounts) → :class:`~budgetkg.model.report.PerformanceTable`.

The head of a table (项目名称, 预算单位, 项目资金, 总体目标) is read from its joined
text by field names. Indicator rows are read by layout: in tab layouts from the
header's column positions (一级指标 … 得分), in text pulled from a PDF line by line,
with 一级/二级 levels recognised by their names (and their wrapped fragments) and
inherited by the rows below. A 二级 heading with no indicator under it is not an
indicator; "--" placeholders are not either.
"""
from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal

from budgetkg.model.report import Indicator, PerformanceTable, Severity
from budgetkg.model.units import Unit
from budgetkg.parse.context import ParseContext
from budgetkg.parse.indicator_values import PLACEHOLDER_RE, parse_indicator_value
from budgetkg.segment.blocks import PerformanceBlock
from budgetkg.sources.document import Line
from budgetkg.text.amounts import FIGURE, is_number, normalise_digits, parse_number, to_amount
from budgetkg.text.names import squash

LEVEL1 = ("产出指标", "效益指标", "满意度指标", "项目完成指标", "项目效益指标", "成本指标",
          "履职效能", "管理效率", "社会效应", "项目完成", "项目效益")
LEVEL2 = ("数量指标", "质量指标", "时效指标", "成本指标", "经济效益指标", "社会效益指标",
          "生态效益指标", "可持续影响指标", "满意度指标", "服务对象满意度指标", "经济成本指标",
          "社会成本指标", "生态环境成本指标")
#: Canonical names of level fragments printed without their "指标".
_LEVEL_ALIASES = {"项目完成": "项目完成指标", "项目效益": "项目效益指标"}
_COMPARATOR_START_RE = re.compile(r"^(>=|<=|≥|≤|≧|≦|=|＝|>|<|＞|＜)")
_VALUE_START_RE = re.compile(r"^(>=|<=|≥|≤|≧|≦|=|＝|>|<|＞|＜|-?\d)")
_QUALITATIVE_RE = re.compile(r"^(有效|优|良|好|中|差|达标|合格|提高|提升|显著|明显|完成|是|否|保障|稳定|"
                             r"逐步提高|有所提高|效果明显|有效加强|持续|长期|推动|改善|增强|降低|减少)"
                             r"[\u4e00-\u9fff]{0,4}$")
HEADER_TAIL = "一级指标二级指标三级指标指标值（包含数字及文字描述）"
_CONTACT_RE = re.compile(r"(项目负责人|联系方式|经办人|财务复核人|填报人|联系电话)[:：]\s*(\S*)")
_FIELD_STOP = r"(?=预算单位|项目名称|项目资金|主管部门|实施单位|部门资金|年度总体|项目总体|总体目标|$)"


def _cells(line: Line) -> list[str]:
    return [c.strip() for c in line.cell_texts()] if line.is_row else line.text.split()


def _header_end(lines: tuple[Line, ...]) -> int | None:
    for i, ln in enumerate(lines):
        if "三级指标" in squash(ln.text):
            return i
    return None


def _number(text: str) -> Decimal | None:
    m = re.search(FIGURE, normalise_digits(text))
    return parse_number(m.group(0)) if m and is_number(m.group(0)) else None


def _head_fields(head: str, table: dict, ctx_unit: str) -> None:
    m = re.search(r"项目名称[:：]?(.+?)" + _FIELD_STOP, head)
    if m:
        table["project"] = m.group(1)
    m = re.search(r"(?:预算单位|实施单位|部门名称)[:：]?(.+?)" + _FIELD_STOP, head)
    if m:
        table["unit"] = m.group(1)
    funds = {}
    for key, pattern in (("total", r"年度资金总额[:：]?(-?[\d,.]+)"), ("fiscal", r"财政拨款[:：]?(-?[\d,.]+)"),
                         ("other", r"其他资金[:：]?(-?[\d,.]+)")):
        m = re.search(pattern, head)
        if m and is_number(m.group(1).rstrip(".")):
            funds[key] = to_amount(parse_number(m.group(1).rstrip(".")), ctx_unit)
    table["funds"] = funds
    m = re.search(r"(?:项目总体目标|年度总体目标|总体目标)(?:年度目标)?(.+)$", head)
    if m:
        goal = re.sub(r"一级指(?!标)", "", m.group(1))
        goal = re.split(r"标?二级指标|一级指标|绩效指标?(?:一级)?$|绩效指$", goal)[0]
        goal = re.sub(r"^(目标|年度目标)", "", goal)
        goal = re.sub(r"绩效(指标?)?$", "", goal)  # the vertical "绩效指标" label printed beside it
        table["goal"] = goal.strip() or None


def _evaluation_funds(lines: tuple[Line, ...], table: dict, unit: str) -> None:
    """年初预算数 / 全年预算数 / 全年执行数 / 分值 / 执行率 / 得分 of the 年度资金总额 row."""
    for ln in lines:
        cells = [c for c in _cells(ln) if c]
        if cells and squash(cells[0]) in ("年度资金总额", "年度总资金"):
            values = cells[1:]
            keys = ("planned", "adjusted", "executed")
            table["funds"] = {k: to_amount(parse_number(v), unit) for k, v in zip(keys, values[:3])
                              if is_number(v)}
            rest = values[3:]
            for v in rest:
                if v.endswith("%") and not table.get("execution_rate"):
                    table["execution_rate"] = v
            numbers = [_number(v) for v in rest if not v.endswith("%") and _number(v) is not None]
            if numbers:
                table["funds_weight"] = numbers[0]
            if len(numbers) > 1:
                table["funds_score"] = numbers[-1]
            return


def _goal_and_achieved(lines: tuple[Line, ...], table: dict) -> None:
    for i, ln in enumerate(lines):
        cells = _cells(ln)
        joined = [squash(c) for c in cells]
        if any(c.startswith("预期目标") for c in joined) and any(c.startswith("实际完成") for c in joined):
            at = next(k for k, c in enumerate(joined) if c.startswith("实际完成"))
            nxt = _cells(lines[i + 1]) if i + 1 < len(lines) else []
            before = [c for c in nxt[:at] if c]
            after = [c for c in nxt[at:] if c]
            table["goal"] = " ".join(before).strip() or None
            table["achieved"] = " ".join(after).strip() or None
            return


# ------------------------------------------------------------------ indicator rows

class _Levels:
    """The current 一级/二级 levels; row text loses its level words and fragments."""

    def __init__(self):
        self.level1 = ""
        self.level2 = ""

    def strip(self, tokens: list[str]) -> list[str]:
        out = list(tokens)
        while out:
            t = squash(out[0])
            nxt = squash(out[1]) if len(out) > 1 else ""
            if t in ("标", "指标", "指", "绩效指标"):
                out.pop(0)
            elif t in LEVEL1 and (t not in LEVEL2 or nxt in LEVEL2 or _is_l1_fragment(nxt)):
                self.level1, self.level2 = _LEVEL_ALIASES.get(t, t), ""
                out.pop(0)
            elif t in LEVEL2:
                self.level2 = t
                if not self.level1 and t == "满意度指标":
                    self.level1 = t
                out.pop(0)
            elif _is_l1_fragment(t):
                self.level1, self.level2 = _l1_from_fragment(t), ""
                out.pop(0)
            elif _is_l2_fragment(t):
                self.level2 = _l2_from_fragment(t)
                out.pop(0)
            else:
                break
        return out


def _is_l1_fragment(t: str) -> bool:
    return len(t) >= 2 and t not in LEVEL1 and any(w.startswith(t) and w != t for w in LEVEL1) \
        and not any(w == t for w in LEVEL2)


def _l1_from_fragment(t: str) -> str:
    return _LEVEL_ALIASES.get(t, next(w for w in LEVEL1 if w.startswith(t)))


def _is_l2_fragment(t: str) -> bool:
    return len(t) >= 3 and any(w.startswith(t) and w != t for w in LEVEL2)


def _l2_from_fragment(t: str) -> str:
    return next(w for w in LEVEL2 if w.startswith(t))


def _split_value(tokens: list[str]) -> tuple[list[str], list[str]]:
    """(name tokens, value tokens) of a text line: the value is the trailing figure or word."""
    for k in range(1, len(tokens)):
        if _COMPARATOR_START_RE.match(tokens[k]):
            return tokens[:k], tokens[k:]
    for k in range(len(tokens) - 1, -1, -1):
        if _VALUE_START_RE.match(normalise_digits(tokens[k])) and all(
                not re.search(r"\d", normalise_digits(t)) for t in tokens[k + 1:]) and (
                k == 0 or not re.search(r"\d", tokens[k - 1][-1:] or "")):
            return tokens[:k], tokens[k:]
    if len(tokens) > 1 and _QUALITATIVE_RE.match(squash(tokens[-1])):
        return tokens[:-1], tokens[-1:]
    return tokens, []


def _flowing_indicators(lines: tuple[Line, ...], ctx: ParseContext) -> list[Indicator]:
    levels = _Levels()
    out: list[Indicator] = []
    name_parts: list[str] = []
    first_line: Line | None = None
    for ln in lines:
        t = squash(ln.text)
        if not t or _CONTACT_RE.search(ln.text):
            continue
        tokens = levels.strip(ln.text.split())
        if not tokens:
            continue
        if out and not name_parts and re.match(r"^[/／；;、）)]", tokens[0]):
            prev = out[-1]  # a value wrapped onto the next line: "…中社区 10 万元" / "/年；小社区…"
            out[-1] = _with_target(prev, prev.target.raw + "".join(tokens))
            continue
        if name_parts and re.search(r"\d", "".join(tokens[:2])) and not _VALUE_START_RE.match(tokens[0]):
            name, value = [], tokens  # the whole line is the value of the name above
        else:
            name, value = _split_value(tokens)
        if name:
            name_parts.extend(name)
            first_line = first_line or ln
        if value and not name_parts and out:
            prev = out[-1]  # a value continued on a line of its own: "≤2021 年 12 月" / "31 日"
            out[-1] = _with_target(prev, prev.target.raw + "".join(value))
            continue
        if value:
            full = "".join(squash(p) for p in name_parts)
            if full and not PLACEHOLDER_RE.match(full):
                out.append(Indicator(index=len(out), level1=levels.level1, level2=levels.level2, name=full,
                                     target=parse_indicator_value(" ".join(value)),
                                     source=ctx.ref(first_line or ln)))
            name_parts, first_line = [], None
    if name_parts:
        ctx.report("indicator-value-missing", "performance", "".join(name_parts), "a 指标值", None,
                   "an indicator name has no value after it", first_line, severity=Severity.WARNING)
    return out


def _with_target(ind: Indicator, raw: str) -> Indicator:
    return replace(ind, target=parse_indicator_value(raw))


_HEADER_KEYS = (("level1", r"^一级指标"), ("level2", r"^二级指标"), ("name", r"^三级指标"),
                ("basis", r"^指标值设定依据"), ("target", r"^(年度指标值|预期指标值|指标值)"),
                ("actual", r"^实际完成"), ("weight", r"^分值"), ("score", r"^得分"),
                ("deviation", r"^偏差原因"))


def _tab_indicators(header: Line, lines: tuple[Line, ...], ctx: ParseContext,
                    table: dict) -> list[Indicator]:
    positions: dict[str, int] = {}
    for k, cell in enumerate(_cells(header)):
        c = squash(cell)
        for key, pattern in _HEADER_KEYS:
            if key not in positions and re.match(pattern, c):
                positions[key] = k
                break
    levels = _Levels()
    rows: list[dict] = []
    for ln in lines:
        cells = _cells(ln)
        if not any(cells) or _CONTACT_RE.search(ln.text):
            continue
        first = squash(next((c for c in cells if c), ""))
        if first in ("总分", "合计"):
            nums = [_number(c) for c in cells[1:] if c and _number(c) is not None]
            if nums:
                table["total_weight"] = nums[0] if len(nums) > 1 else None
                table["total_score"] = nums[-1]
            continue
        # Cells may sit one place off the header (a merged cell left out): the last level
        # word of the row marks where its name is, and every column moves with it.
        level_at = [k for k, c in enumerate(cells[:positions.get("name", 2) + 2])
                    if squash(c) in LEVEL1 + LEVEL2 or _is_l1_fragment(squash(c))]
        shift = (level_at[-1] + 1 - positions["name"]) if level_at and "name" in positions else 0
        get = {k: squash(cells[p + shift]) if 0 <= p + shift < len(cells) else ""
               for k, p in positions.items()}
        levels.strip([squash(cells[k]) for k in level_at])
        row = {k: v for k, v in get.items() if k not in ("level1", "level2")}
        if not row.get("name"):
            continue
        if not row.get("target"):  # the value printed in a neighbouring cell
            taken = {p + shift for p in positions.values()}
            extra = [squash(c) for k, c in enumerate(cells)
                     if c and k > positions["name"] + shift and k not in taken]
            if extra:
                row["target"] = extra[0]
        is_continuation = rows and not any(row.get(k) for k in ("target", "actual", "weight", "score"))
        if is_continuation:  # a name (and its basis) wrapped onto a row of its own
            rows[-1]["name"] += row.get("name", "")
            if row.get("basis"):
                rows[-1]["basis"] = (rows[-1].get("basis") or "") + row["basis"]
            continue
        row.update(level1=levels.level1, level2=levels.level2, line=ln)
        rows.append(row)
    out = []
    for r in rows:
        if PLACEHOLDER_RE.match(r["name"]) or PLACEHOLDER_RE.match(r.get("target", "") or "-"):
            continue
        out.append(Indicator(
            index=len(out), level1=r["level1"], level2=r["level2"], name=r["name"],
            target=parse_indicator_value(r["target"]) if r.get("target") else None,
            source=ctx.ref(r["line"]), actual=r.get("actual") or None,
            actual_value=parse_indicator_value(r["actual"]).value if r.get("actual") else None,
            weight=_number(r["weight"]) if r.get("weight") else None,
            score=_number(r["score"]) if r.get("score") else None,
            deviation=r.get("deviation") or None, basis=r.get("basis") or None))
    return out


#: What an indicator row prints: an indicator level (产出指标, 数量指标, 满意度指标 …) or a comparator
#: before a target (≥12, ≤2, ＝100, 定性).
_INDICATOR_TRACE = re.compile(r"(?:产出|效益|满意度|数量|质量|时效|成本|社会效益|经济效益|生态效益|可持续影响)指标"
                              r"|[≥≤＞＜]|定性|定量")


def parse_performance(block: PerformanceBlock, ctx: ParseContext, unit: str = Unit.WAN.label) -> PerformanceTable:
    """One performance table. Amounts of 项目资金 are in 万元 unless the head says 元."""
    lines = tuple(ln for ln in block.lines if ln.text.strip())
    end = _header_end(lines)
    head_lines = lines if end is None else lines[:end]
    head = "".join(squash(ln.text) for ln in head_lines)
    if "（元）" in head or "(元)" in head:
        unit = Unit.YUAN.label
    fields: dict = {}
    _head_fields(head, fields, unit)
    if block.kind != "target":
        _evaluation_funds(head_lines, fields, unit)
        _goal_and_achieved(head_lines, fields)
    contacts = tuple((m.group(1), m.group(2)) for ln in lines for m in _CONTACT_RE.finditer(ln.text))
    indicators: list[Indicator] = []
    if end is not None:
        body = lines[end + 1:]
        while body and squash(body[0].text) and squash(body[0].text) in HEADER_TAIL:
            body = body[1:]  # the rest of a wrapped header: "指标值（包含数字及文字描" / "述）"
        if lines[end].is_row:
            indicators = _tab_indicators(lines[end], body, ctx, fields)
        else:
            indicators = _flowing_indicators(body, ctx)
    if not indicators and any(_INDICATOR_TRACE.search(squash(ln.text)) for ln in lines):
        # the table prints indicators in a layout not read here: budgetkg's reading, not the report's slip
        ctx.report("indicators-unread", "performance", fields.get("project") or "", "indicator rows", None,
                   "the table prints indicator rows (levels, comparators) that budgetkg could not read",
                   block.title_line, severity=Severity.NOTICE)
    elif not indicators:
        ctx.report("no-indicators", "performance", fields.get("project") or "", "indicator rows", None,
                   "no indicator rows could be read from this performance table", block.title_line,
                   severity=Severity.WARNING)
    funds_line = next((ln for ln in head_lines if "年度资金总额" in squash(ln.text) or "年度总资金" in squash(ln.text)),
                      None)
    return PerformanceTable(kind=block.kind, source=ctx.ref(block.title_line), project=fields.get("project"),
                            unit=fields.get("unit"), funds=fields.get("funds", {}),
                            funds_source=ctx.ref(funds_line) if funds_line else None,
                            execution_rate=fields.get("execution_rate"),
                            funds_weight=fields.get("funds_weight"), funds_score=fields.get("funds_score"),
                            goal=fields.get("goal"), achieved=fields.get("achieved"),
                            indicators=tuple(indicators), total_weight=fields.get("total_weight"),
                            total_score=fields.get("total_score"), contacts=contacts)
