"""Figures a report states only in its 情况说明 text.

A final account (决算) published as "说明 + 附表" gives its tables as attachments
and states the figures in prose: 收入总计/支出总计, the 一般公共预算财政拨款支出 by
类 and by 类/款/项 name path, and the “三公”经费. These become tables of the model
with ``origin="narrative"``; names are resolved to codes through the code list,
and a path that does not resolve keeps its names with no code.
"""
from __future__ import annotations

import re

from budgetkg.model.codes import code_list, names_match
from budgetkg.model.report import Amount, Row, RowRole, Severity, Table, TableKind, Total
from budgetkg.model.tables import ColumnKey
from budgetkg.parse import overview
from budgetkg.parse.context import ParseContext
from budgetkg.parse.joined import joined
from budgetkg.segment.blocks import Segments
from budgetkg.sources.document import Line
from budgetkg.text.amounts import amount_text, parse_number, to_amount
from budgetkg.text.names import squash

AMOUNT = amount_text(signed=False, gap=True)
_PATH_RE = re.compile(r"((?:[^，。；：:（）()\d]{2,40}?[（(](?:类|款|项)[）)]){1,3})\s*[:：]?\s*"
                      r"(?:支出决算数为|决算数为|预算数为|为)?\s*" + AMOUNT)
_PART_RE = re.compile(r"([^，。；：:（）()]+?)[（(](类|款|项)[）)]")
_SECTION_RE = re.compile(r"^\s*[一二三四五六七八九十]+、")


def _sections(lines: tuple[Line, ...], keyword: str) -> list[tuple[Line, ...]]:
    """Every numbered section whose heading contains ``keyword``, in order (a table of
    contents entry is one too: it just holds no figures)."""
    heads = [i for i, ln in enumerate(lines) if _SECTION_RE.match(ln.text)]
    out = []
    for n, i in enumerate(heads):
        if keyword in squash(lines[i].text):
            end = heads[n + 1] if n + 1 < len(heads) else len(lines)
            out.append(lines[i:end])
    return out


def _one_off(a: str, b: str) -> bool:
    return len(a) == len(b) and sum(x != y for x, y in zip(a, b)) == 1


def resolve_path(names: list[str], prefer: set[str] | None = None) -> str | None:
    """The functional code of a 类/款/项 name path, or None when a name does not resolve.

    Where two codes of the list share a name (其他公共安全支出: 2049901, 2049999), the one
    the report itself uses (``prefer``) decides."""
    codes = code_list("functional")
    candidates = [c for c in codes.names if len(c) == 3]
    code = None
    for name in names:
        hits = [c for c in candidates if any(names_match(name, n) or names_match(name + "支出", n)
                                             for n in codes.labels(c))]
        if not hits and len(name) >= 4:
            # one character misprinted ("组织事物" for 组织事务): accept a single such candidate
            hits = [c for c in candidates if any(_one_off(name, n) for n in codes.labels(c))]
        if len(hits) > 1 and prefer:
            hits = [c for c in hits if c in prefer] or hits
        if len(hits) != 1:
            return None
        code = hits[0]
        candidates = codes.children(code)
    return code


def functional_figures(seg: Segments, ctx: ParseContext) -> Table | None:
    """Rows for each 类 and 类/款/项 figure of the narrative's expenditure sections."""
    text, owner = joined(seg.narrative)
    rows: list[Row] = []
    seen: set[tuple[tuple[str, ...], str]] = set()
    for m in _PATH_RE.finditer(text):
        names = [p.group(1) for p in _PART_RE.finditer(m.group(1))]
        levels = [p.group(2) for p in _PART_RE.finditer(m.group(1))]
        if levels not in (["类"], ["类", "款", "项"], ["类", "款"]):
            continue
        names[0] = re.sub(r"^[\d.、]+", "", names[0])
        key = (tuple(names), m.group(2))
        if key in seen:
            continue
        seen.add(key)
        code = resolve_path(names)
        amount = to_amount(parse_number(m.group(2)), m.group(3))
        line = owner[m.start()]
        if code is None:
            ctx.report("code-unresolved", TableKind.GENERAL_PUBLIC.value, "/".join(names), "a code",
                       None, "the narrative's 类/款/项 names do not resolve to one code of the list",
                       line, severity=Severity.INFO)
        rows.append(Row(index=len(rows), label=names[-1], code=code, source=ctx.ref(line),
                        amounts={ColumnKey.TOTAL: amount}, role=RowRole.LINE, name_path=tuple(names)))
    if not rows:
        return None
    return Table(kind=TableKind.GENERAL_PUBLIC, title="一般公共预算财政拨款支出（情况说明）",
                 source=rows[0].source, columns=(ColumnKey.TOTAL,), rows=tuple(rows), unit=None,
                 origin="narrative")


#: Between an item's name and its amount: qualifiers (预算数, 支出决算, 财政拨款) and a verb,
#: never a comparison (比上年减少 5 万元 is a change, not the figure) nor another item
#: ("“三公”经费、会议费、培训费合计 …" is not the 三公 total).
_GAP = r"(?:(?!会议|培训|机关运行|行政经费)[^，,。；;：:、\d比较增减上下]){0,12}?"
#: The items' names as the prose prints them.
_THREE_PUBLIC = (
    (ColumnKey.TOTAL, r"三公”?\s*经费(?!.{0,2}[包是指])"),
    (ColumnKey.OVERSEAS, r"因公出国[（(]境[）)]费?用?"),
    (ColumnKey.VEHICLE, r"公务用车购置[及和]运行(?:维护)?费?"),
    (ColumnKey.VEHICLE_PURCHASE, r"公务用车购置费?(?![及和])"),
    (ColumnKey.VEHICLE_OPERATION, r"公务用车运行(?:维护)?费?"),
    (ColumnKey.RECEPTION, r"公务接待费?"),
)


def three_public_pattern(key: str, year: int | None = None) -> str:
    """An item's name, qualifiers, and its amount; the report's own year may stand between
    ("（一）因公出国（境）经费 / 2026 年预算安排 0.00 万元") — never another year."""
    own_year = rf"(?:{year}\s*年度?)?" + _GAP if year else ""
    return dict(_THREE_PUBLIC)[key] + _GAP + own_year + AMOUNT


def three_public_stated(seg: Segments) -> tuple[dict[str, Amount], dict[str, tuple[Line, Line]]]:
    """The “三公”经费 figures stated in the narrative's 三公 section, and for each the lines of its
    name and of its figure (a finding about one item points at that item's figure)."""
    amounts: dict[str, Amount] = {}
    lines: dict[str, tuple[Line, Line]] = {}
    year = overview.fiscal_year(seg)
    # a publication without part headings (一、单位基本情况 …) has its prose in the whole document
    for section in _sections(seg.narrative or seg.document.lines, "三公"):
        text, owner = joined(section)
        amounts, lines = {}, {}
        for key, _ in _THREE_PUBLIC:
            m = re.search(three_public_pattern(key, year), text)
            if m:
                amounts[key] = to_amount(parse_number(m.group(1)), m.group(2))
                lines[key] = (owner[m.start()], owner[m.start(1)])
        if ColumnKey.TOTAL in amounts or len(amounts) >= 2:
            break
    return amounts, lines


def three_public_figures(seg: Segments, ctx: ParseContext) -> Table | None:
    """The “三公”经费 figures stated in the narrative's 三公 section."""
    amounts, lines = three_public_stated(seg)
    if ColumnKey.TOTAL not in amounts and len(amounts) < 2:
        return None  # a lone item figure may be a definition's example, not the report's
    first = next(iter(lines.values()))[0]
    # prose that leaves an item unstated says nothing of it (not zero): the sums can be checked
    # only when every item is stated, and the row says so (complete=False)
    row = Row(index=0, label="“三公”经费", source=ctx.ref(first), amounts=amounts, role=RowRole.ITEM,
              complete=all(k in amounts for k, _ in _THREE_PUBLIC))
    return Table(kind=TableKind.THREE_PUBLIC, title="“三公”经费（情况说明）", source=row.source,
                 columns=tuple(k for k, _ in _THREE_PUBLIC), rows=(row,), origin="narrative")


_TOTAL_WORDS = (("income", r"收入(?:预算|决算)?(?:总计|总额)"), ("expenditure", r"支出(?:预算|决算)?(?:总计|总额)"),
                ("both", r"收入[、和及与]支出(?:预算|决算)?(?:总计|总额)(?:均|各)?"))
#: "2026 年度收入预算 51036.22 万元": the report's own year right before 收入/支出预算 with
#: nothing between (一般公共预算收入预算 … is a part, 2025 年收入预算 the year before).
_YEAR_TOTAL_WORDS = (("income", r"{year}\s*年度?\s*收入(?:预算|决算)"), ("expenditure", r"{year}\s*年度?\s*支出(?:预算|决算)"))


def narrative_totals(seg: Segments, ctx: ParseContext) -> list[Total]:
    """收入总计 and 支出总计 as the narrative states them ("收入预算总计 24458.43 万元",
    "收入、支出预算总计 24458.43 万元", "2026 年度收入预算 51036.22 万元")."""
    text, owner = joined(seg.narrative or seg.document.lines)
    found: dict[str, Total] = {}
    year = overview.fiscal_year(seg)
    words = _TOTAL_WORDS + (tuple((k, w.format(year=year)) for k, w in _YEAR_TOTAL_WORDS) if year else ())
    for key, word in words:
        m = re.search(word + r"(?:为|是|共计|合计)?" + AMOUNT, text)
        if not m:
            continue
        for k in (("income", "expenditure") if key == "both" else (key,)):
            found.setdefault(k, Total(key=k, amount=to_amount(parse_number(m.group(1)), m.group(2)),
                                      source=ctx.ref(owner[m.start()])))
    return [found[k] for k in ("income", "expenditure") if k in found]
