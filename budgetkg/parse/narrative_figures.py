"""Figures a report states only in its 情况说明 text.

A final account (决算) published as "说明 + 附表" gives its tables as attachments
and states the figures in prose: 收入总计/支出总计, the 一般公共预算财政拨款支出 by
类 and by 类/款/项 name path, and the “三公”经费. These become tables of the model
with ``origin="narrative"``; names are resolved to codes through the code list,
and a path that does not resolve keeps its names with no code.
"""
from __future__ import annotations

import re

from ..amounts import parse_number, to_amount
from ..codes import code_list, names_match
from ..model import Amount, Row, RowRole, Table, TableKind, Total
from ..segment import Segments, squash
from ..sources import Line
from .context import ParseContext
from .joined import joined

AMOUNT = r"([\d,]+(?:\.\d+)?)\s*(万元|元)"
_PATH_RE = re.compile(r"((?:[^，。；：:（）()\d]{2,40}?[（(](?:类|款|项)[）)]){1,3})\s*[:：]?\s*"
                      r"(?:支出决算数为|决算数为|预算数为|为)?\s*" + AMOUNT)
_PART_RE = re.compile(r"([^，。；：:（）()]+?)[（(](类|款|项)[）)]")
_SECTION_RE = re.compile(r"^\s*[一二三四五六七八九十]+、")


def _section(lines: tuple[Line, ...], keyword: str) -> tuple[Line, ...]:
    """The numbered narrative section whose heading contains ``keyword``."""
    start = None
    for i, ln in enumerate(lines):
        if _SECTION_RE.match(ln.text):
            if start is not None:
                return lines[start:i]
            if keyword in squash(ln.text):
                start = i
    return lines[start:] if start is not None else ()


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
                       line, severity="info")
        rows.append(Row(index=len(rows), label=names[-1], code=code, source=ctx.ref(line),
                        amounts={"total": amount}, role=RowRole.LINE, name_path=tuple(names)))
    if not rows:
        return None
    return Table(kind=TableKind.GENERAL_PUBLIC, title="一般公共预算财政拨款支出（情况说明）",
                 source=rows[0].source, columns=("total",), rows=tuple(rows), unit=None,
                 origin="narrative")


_THREE_PUBLIC = (
    ("total", r"“?三公”?经费(?:支出|数)(?:决算)?(?:为)?" + AMOUNT),
    ("overseas", r"因公出国（境）费(?:支出)?(?:为)?" + AMOUNT),
    ("vehicle", r"公务用车购置及运行(?:维护)?费(?:支出)?(?:为)?" + AMOUNT),
    ("vehicle_purchase", r"公务用车购置(?:费)?(?:支出)?(?:为)?" + AMOUNT),
    ("vehicle_operation", r"公务用车运行(?:维护)?费(?:支出)?(?:为)?" + AMOUNT),
    ("reception", r"公务接待费(?:支出)?(?:为)?" + AMOUNT),
)


def three_public_figures(seg: Segments, ctx: ParseContext) -> Table | None:
    """The “三公”经费 figures stated in the narrative's 三公 section."""
    section = _section(seg.narrative, "三公")
    if not section:
        return None
    text, owner = joined(section)
    amounts: dict[str, Amount] = {}
    first: Line | None = None
    for key, pattern in _THREE_PUBLIC:
        m = re.search(pattern, text)
        if m:
            amounts[key] = to_amount(parse_number(m.group(1)), m.group(2))
            first = first or owner[m.start()]
    if "total" not in amounts:
        return None
    row = Row(index=0, label="“三公”经费", source=ctx.ref(first), amounts=amounts, role=RowRole.ITEM)
    return Table(kind=TableKind.THREE_PUBLIC, title="“三公”经费（情况说明）", source=row.source,
                 columns=tuple(k for k, _ in _THREE_PUBLIC), rows=(row,), origin="narrative")


def narrative_totals(seg: Segments, ctx: ParseContext) -> list[Total]:
    """收入总计 and 支出总计 as the narrative states them."""
    text, owner = joined(seg.narrative)
    out = []
    for key, word in (("income", r"收入(?:预算|决算)?总计"), ("expenditure", r"支出(?:预算|决算)?总计"),
                      # "收入、支出预算总计24458.43万元": one figure for both
                      ("income", r"收入[、和及与]支出(?:预算|决算)?总计(?:均|各)?"),
                      ("expenditure", r"收入[、和及与]支出(?:预算|决算)?总计(?:均|各)?")):
        if any(t.key == key for t in out):
            continue
        m = re.search(word + r"(?:为|是)?" + AMOUNT, text)
        if m:
            out.append(Total(key=key, amount=to_amount(parse_number(m.group(1)), m.group(2)),
                             source=ctx.ref(owner[m.start()])))
    return out
