"""“三公”经费支出情况表: 合计, 因公出国（境）费, 公务用车购置及运行费 (小计, 购置费,
运行费) and 公务接待费, read from the table's own header.

Regions print the columns in any order (合计 | 出国 | 接待 | 车 小计 | 购置 | 运行), under
multi-row headers with merged cells (车 over 小计|购置|运行), beside 会议费/培训费 or
机关运行经费 (the 三公 total is then the 三公 小计, not the row's 合计), for several
years side by side (2025 | 2026, 上年 | 本年 | 增减) or as 预算数 | 决算数 pairs in final
accounts — or as a list, one row per item (项目 | 预算数). Every column is named by
its header path; a reading is kept only when its arithmetic holds (合计 = 出国 + 用车
+ 接待, 用车 = 购置 + 运行). Otherwise the uncertain cells are left empty and a
``column-placement`` finding says why: a wrong figure is worse than a missing one.

In flowing text (no cell separators) the empty cells vanish; amounts are then
placed where the same arithmetic holds, and left open otherwise.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from budgetkg.model.report import Row, RowRole, Severity, Table
from budgetkg.model.tables import ColumnKey
from budgetkg.parse.columns import THREE_PUBLIC_COLUMNS, placements
from budgetkg.parse.context import ParseContext
from budgetkg.parse.rows import NOTE_RE, is_noise
from budgetkg.segment.blocks import HEADER_HINT_RE, TableBlock
from budgetkg.sources.document import Line
from budgetkg.text.amounts import is_number, parse_number, to_amount
from budgetkg.text.amounts import tokens as split_tokens
from budgetkg.text.names import squash

ZERO = Decimal(0)
#: The 三公 items, most specific first; a label's first match names its column or row.
ITEMS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (ColumnKey.ADMIN_COST, re.compile(r"机关运行经费")),
    ("other", re.compile(r"行政经费|会议费|培训费")),
    (ColumnKey.OVERSEAS, re.compile(r"出国|出境")),
    (ColumnKey.RECEPTION, re.compile(r"接待")),
    (ColumnKey.VEHICLE, re.compile(r"购置[及和与]运行|购置[及和与]使用")),
    (ColumnKey.VEHICLE_PURCHASE, re.compile(r"购置")),
    (ColumnKey.VEHICLE_OPERATION, re.compile(r"运行|运维")),
    ("subtotal", re.compile(r"^(?:其中)?[:：]?小计$")),
    ("sum", re.compile(r"^(?:合计|总计)$")),
    ("group", re.compile(r"三公")),
)
#: Items whose header may stand over a 小计 and its parts.
PARTS = (ColumnKey.OVERSEAS, ColumnKey.VEHICLE, ColumnKey.RECEPTION)
_YEAR_RE = re.compile(r"(20\d{2})\s*年")
_CHANGE_RE = re.compile(r"增减|增长|减少|变动|差额|比上年|增幅|%")
_PREVIOUS_RE = re.compile(r"上年|上一年")
_CURRENT_RE = re.compile(r"本年|当年")
_FINAL_RE = re.compile(r"决算数|(?:^|年度?|本年|上年|年初)决算$")
_BUDGET_RE = re.compile(r"预算数|(?:^|年度?|本年|上年|年初)预算$")
_LIST_HEAD_RE = re.compile(r"^(?:项目|科目|项目名称|科目名称|名称|内容)$")


def _label(text: str) -> str:
    return squash(text).strip("“”\"'")


def item_of(label: str) -> str | None:
    """The item key a header or row label names (``subtotal``/``sum``/``group`` for the
    words whose meaning depends on where they stand), or None."""
    s = re.sub(r"^其中[:：]?", "", _label(label))
    s = re.sub(r"^[（(]?[一二三四五六七八九十\d]+[)）、.．]", "", s)
    if not s:
        return None
    for key, pattern in ITEMS:
        if pattern.search(s):
            return key
    return None


def three_public_consistent(p: dict[str, Decimal]) -> bool:
    """合计 = 出国 + 用车 + 接待 and 用车 = 购置 + 运行, empty cells counting as zero."""
    g = lambda k: p.get(k, ZERO)  # noqa: E731
    return (g(ColumnKey.TOTAL) == g(ColumnKey.OVERSEAS) + g(ColumnKey.VEHICLE) + g(ColumnKey.RECEPTION)
            and g(ColumnKey.VEHICLE) == g(ColumnKey.VEHICLE_PURCHASE) + g(ColumnKey.VEHICLE_OPERATION))


def _failing(p: dict[str, Decimal], keys: set[str]) -> set[str]:
    """The keys of the equations that do not hold (only equations whose total is a column)."""
    g = lambda k: p.get(k, ZERO)  # noqa: E731
    bad: set[str] = set()
    vehicle = g(ColumnKey.VEHICLE) if ColumnKey.VEHICLE in keys \
        else g(ColumnKey.VEHICLE_PURCHASE) + g(ColumnKey.VEHICLE_OPERATION)
    if ColumnKey.TOTAL in keys and g(ColumnKey.TOTAL) != g(ColumnKey.OVERSEAS) + vehicle + g(ColumnKey.RECEPTION):
        bad |= {ColumnKey.TOTAL, ColumnKey.OVERSEAS, ColumnKey.VEHICLE, ColumnKey.RECEPTION}
        if ColumnKey.VEHICLE not in keys:
            bad |= {ColumnKey.VEHICLE_PURCHASE, ColumnKey.VEHICLE_OPERATION}
    if ColumnKey.VEHICLE in keys and ({ColumnKey.VEHICLE_PURCHASE, ColumnKey.VEHICLE_OPERATION} & keys) \
            and g(ColumnKey.VEHICLE) != g(ColumnKey.VEHICLE_PURCHASE) + g(ColumnKey.VEHICLE_OPERATION):
        bad |= {ColumnKey.VEHICLE, ColumnKey.VEHICLE_PURCHASE, ColumnKey.VEHICLE_OPERATION}
    return bad


# --- header paths ------------------------------------------------------------------------

def _cells(line: Line) -> list[str]:
    return [squash(c) for c in line.cell_texts()]


def _is_column_numbers(cells: list[str]) -> bool:
    """The 栏次 row "1 2 3 … n" some templates print under the header."""
    filled = [c for c in cells if c]
    if filled and filled[0] in ("栏次", "行次"):
        filled = filled[1:]
    return len(filled) >= 3 and all(c.isdigit() for c in filled) and \
        [int(c) for c in filled] == list(range(int(filled[0]), int(filled[0]) + len(filled)))


def header_paths(rows: list[list[str]], width: int) -> list[list[str]]:
    """Each column's header labels from the top row down.

    A merged cell's text stands in its leftmost column and covers the columns up to the next
    filled cell of its row, never beyond its own parent's span (车 over 小计|购置|运行)."""
    paths: list[list[str]] = [[] for _ in range(width)]
    parent = [(0, width - 1)] * width
    for row in rows:
        starts = [k for k, c in enumerate(row) if c and k < width]
        new_parent = list(parent)
        for k in starts:
            _, hi = parent[k]
            following = [s for s in starts if s > k]
            end = min((following[0] - 1) if following else hi, hi)
            for j in range(k, end + 1):
                paths[j].append(row[k])
                new_parent[j] = (k, end)
        parent = new_parent
    return paths


@dataclass(frozen=True)
class Column:
    """A value column: its item key (None if not a 三公 item) and its qualifiers."""

    key: str | None
    year: int | None
    phase: str | None    # "budget" | "final" | None
    period: str | None   # "previous" | "current" | "change" | None


def _resolve_item(labels: list[str], grand_total: bool) -> str | None:
    """The item of a header path: its deepest item label, with 小计/合计 read in context
    (小计 under 车 is 用车; under 三公 or under 当年预算 the 三公 total). A label that repeats
    its parent's item (因公出国 | 科研因公出国 under 因公出国（境）费) is a part of it, not it."""
    items = [item_of(lb) for lb in labels]
    for depth in range(len(labels) - 1, -1, -1):
        key = items[depth]
        if key is None:
            continue
        ancestors = [a for a in items[:depth] if a is not None]
        parent_item = next((a for a in reversed(ancestors) if a in PARTS), None)
        if key in ("subtotal", "sum"):
            if parent_item:
                return parent_item
            if "group" in ancestors or (key == "subtotal" and not ancestors):
                return ColumnKey.TOTAL
            if key == "sum" and not ancestors:
                return None if grand_total else ColumnKey.TOTAL
            return None
        if key == "group":
            return ColumnKey.TOTAL
        if key in ancestors:
            return None  # a part of the item printed beside its 小计
        return None if key == "other" else key
    return None


def _qualify(labels: list[str], key: str | None) -> Column:
    text = "".join(_label(lb) for lb in labels)
    years = [int(y) for y in _YEAR_RE.findall(text)]
    period = "change" if _CHANGE_RE.search(text) else "previous" if _PREVIOUS_RE.search(text) \
        else "current" if _CURRENT_RE.search(text) else None
    phase = "final" if _FINAL_RE.search(text) else "budget" if _BUDGET_RE.search(text) else None
    return Column(key=key, year=years[-1] if years else None, phase=phase, period=period)


def _grand_total(paths: list[list[str]]) -> bool:
    """True when the 三公 items sit under a 三公 group with its own 小计 (Jiangsu: 合计 |
    三公 [小计 出国 车 接待] | 会议费 | 培训费): the row's 合计 is then not the 三公 total."""
    return any(len(p) >= 2 and item_of(p[-2]) == "group" and item_of(p[-1]) == "subtotal" for p in paths)


def filter_columns(columns: dict[int, Column], report_year: int | None) -> dict[int, Column]:
    """The columns of the report's own year and period (增减 columns dropped)."""
    cols = {k: c for k, c in columns.items() if c.key and c.period != "change"}
    years = {c.year for c in cols.values() if c.year}
    if len(years) > 1:
        target = report_year if report_year in years else max(years)
        cols = {k: c for k, c in cols.items() if c.year in (target, None)}
    if any(c.period == "current" for c in cols.values()):
        cols = {k: c for k, c in cols.items() if c.period != "previous"}
    return cols


def select_columns(columns: dict[int, Column], report_year: int | None) -> tuple[dict[int, str], list[str]]:
    """position → output key for the columns of the report's own year and period; 预算数
    beside 决算数 becomes ``<key>_budget``. Returns the keys that two columns claim, too."""
    cols = filter_columns(columns, report_year)
    both = {c.phase for c in cols.values()} >= {"budget", "final"}
    out: dict[int, str] = {}
    for k, c in cols.items():
        out[k] = f"{c.key}_budget" if both and c.phase == "budget" and c.key != ColumnKey.ADMIN_COST else c.key
    claimants: dict[str, list[int]] = {}
    for k, key in out.items():
        claimants.setdefault(key, []).append(k)
    dup = []
    for key, ks in claimants.items():
        # "“三公”经费合计" beside "当年预算 | 小计": the column of the report's own year/period wins
        own = [k for k in ks if cols[k].period == "current" or (cols[k].year and cols[k].year == report_year)]
        if len(ks) > 1 and len(own) == 1:
            for k in ks:
                if k != own[0]:
                    del out[k]
        elif len(ks) > 1:
            dup.append(key)
    return {k: v for k, v in out.items() if v not in dup}, sorted(dup)


def _report_year(block: TableBlock) -> int | None:
    m = _YEAR_RE.search(squash(block.title))
    return int(m.group(1)) if m else None


# --- readings ----------------------------------------------------------------------------

@dataclass
class Reading:
    """The amounts read from one printed row, before they become a :class:`Row`."""

    amounts: dict[str, Decimal]
    line: Line
    label: str = "“三公”经费"
    complete: bool = True


def _is_data(cells: list[str]) -> bool:
    """A body row: amounts, with at most a leading label (合计, a unit's or an item's name)."""
    filled = [c for c in cells if c]
    if len(filled) >= 2 and filled[0].isdigit() and not is_number(filled[1]):
        filled = filled[1:]  # a 序号 before the label
    if not filled or not any(is_number(c) for c in filled):
        return False
    rest = filled[1:] if not is_number(filled[0]) else filled
    return bool(rest) and all(is_number(c) for c in rest)


def _split_rows(block: TableBlock) -> tuple[list[list[str]], list[tuple[Line, list[str]]]]:
    """(header rows, body rows) of the block: the body runs from the first row of amounts to
    the first line that is not one (a note, a page footer, the next table's title)."""
    header: list[list[str]] = []
    body: list[tuple[Line, list[str]]] = []
    for ln in block.lines:
        if is_noise(ln):
            continue
        if NOTE_RE.match(ln.text):
            break
        cells = _cells(ln) if ln.is_row else _flowing_cells(ln.text)
        if _is_column_numbers(cells):
            continue
        if _is_data(cells):
            body.append((ln, cells))
        elif body and cells and item_of(cells[0]) and not any(cells[1:]):
            body.append((ln, cells))  # an item row of a list whose amount cell is blank
        elif body:
            break
        elif not (HEADER_HINT_RE.search(ln.text) and not any(item_of(c) for c in cells)):
            header.append(cells)
    return header, body


def _label_index(cells: list[str]) -> int | None:
    """Where a list row's label stands: its first cell that is not an amount (a 序号 may precede)."""
    return next((k for k, c in enumerate(cells) if c and not is_number(c)), None)


def _flowing_cells(text: str) -> list[str]:
    """A line without cell separators: one label cell and its trailing amounts."""
    toks = split_tokens(text)
    k = len(toks)
    while k > 0 and is_number(toks[k - 1]):
        k -= 1
    label = squash("".join(toks[:k]))
    return ([label] if label else []) + toks[k:]


def _check(amounts: dict[str, Decimal], keys: set[str]) -> set[str]:
    """The keys whose equations fail, 决算数 and ``_budget`` (预算数) readings checked apart."""
    main = {k: v for k, v in amounts.items() if not k.endswith("_budget")}
    budget = {k[:-7]: v for k, v in amounts.items() if k.endswith("_budget")}
    bad = _failing(main, {k for k in keys if not k.endswith("_budget")})
    budget_keys = {k[:-7] for k in keys if k.endswith("_budget")}
    if budget_keys:
        bad |= {f"{k}_budget" for k in _failing(budget, budget_keys)}
    return bad


def _grid(block: TableBlock, ctx: ParseContext, header: list[list[str]],
          body: list[tuple[Line, list[str]]]) -> list[Reading] | None:
    """Rows of a table whose columns are the items (tab-separated cells); None if it is not one."""
    if not body or not all(ln.is_row for ln, _ in body):
        return None
    width = max(len(c) for c in header + [cells for _, cells in body])
    paths = header_paths(header, width)
    grand = _grand_total(paths)
    columns = {k: _qualify(p, _resolve_item(p, grand)) for k, p in enumerate(paths)}
    selected, claimed_twice = select_columns(columns, _report_year(block))
    if len({v.removesuffix("_budget") for v in selected.values()} - {ColumnKey.ADMIN_COST}) < 3:
        return None
    if claimed_twice:
        ctx.report("column-placement", block.kind.value, "三公经费", "one column per item",
                   ", ".join(claimed_twice), "two columns of the header name the same item; "
                   "they are left empty", block.title_line, severity=Severity.WARNING)
    keys = set(selected.values())
    rows: list[tuple[Reading, list[str]]] = []
    for line, cells in body:
        amounts = {key: parse_number(cells[k]) for k, key in selected.items()
                   if k < len(cells) and cells[k] and is_number(cells[k])}
        label = next((c for k, c in enumerate(cells) if c and k not in selected and not is_number(c)),
                     "“三公”经费")
        rows.append((Reading(amounts, line, label), cells))
    rows = _own_year_rows(rows, _report_year(block))
    budget_keys = {f"{k}_budget" for k in keys if not k.endswith("_budget")}
    return [_checked(r, keys | (budget_keys if any(k.endswith("_budget") for k in r.amounts) else set()),
                     cells, block, ctx) for r, cells in rows]


def _own_year_rows(rows: list[tuple[Reading, list[str]]], report_year: int | None):
    """Years or phases printed as rows (2025年预算数 | 2026年预算数 | 增减; 预算数 | 决算数): the
    report's own row, with a 预算数 row beside a 决算数 row kept as ``<key>_budget``."""
    if len(rows) < 2:
        return rows
    quals = {i: _qualify([r.label], "row") for i, (r, _) in enumerate(rows)}
    if not any(q.year or q.period or q.phase for q in quals.values()):
        return rows  # rows of units or items, not of years
    kept = filter_columns(quals, report_year)
    phases = {quals[i].phase for i in kept}
    if phases >= {"budget", "final"} and len(kept) == 2:
        (_fi, final), = [(i, rows[i]) for i in kept if quals[i].phase == "final"]
        (_bi, budget), = [(i, rows[i]) for i in kept if quals[i].phase == "budget"]
        merged = dict(final[0].amounts) | {f"{k}_budget": v for k, v in budget[0].amounts.items()}
        return [(Reading(merged, final[0].line), final[1] + budget[1])]
    return [rows[i] for i in sorted(kept)]


def _checked(reading: Reading, keys: set[str], cells: list[str], block: TableBlock,
             ctx: ParseContext) -> Reading:
    """The reading if its arithmetic holds; else the template's order if that reading holds
    in full (a header whose merged cells did not line up); else without the uncertain cells."""
    bad = _check(reading.amounts, keys)
    if not bad:
        return reading
    if len(cells) == len(THREE_PUBLIC_COLUMNS) and all(not c or is_number(c) for c in cells):
        template = {col: parse_number(c) for col, c in zip(THREE_PUBLIC_COLUMNS, cells) if c}
        if not _check(template, set(THREE_PUBLIC_COLUMNS)):
            ctx.report("column-placement", block.kind.value, reading.label, "the header's reading",
                       "the template's order", "the header's columns do not add up; the cells were "
                       "read in the template's order, whose arithmetic holds", reading.line,
                       severity=Severity.INFO)
            return Reading(template, reading.line, reading.label)
    ctx.report("column-placement", block.kind.value, reading.label, "合计 = 出国 + 用车 + 接待, 用车 = 购置 + 运行",
               ", ".join(sorted(bad)), "the amounts read under the header do not add up; the cells "
               "of the failing sums are left empty", reading.line, severity=Severity.WARNING)
    return Reading({k: v for k, v in reading.amounts.items() if k not in bad}, reading.line,
                   reading.label, complete=False)


_VALUE_HEAD_RE = re.compile(r"合计|总计|预算数|决算数|金额|预算|决算")


def _list(block: TableBlock, ctx: ParseContext, header: list[list[str]],
          body: list[tuple[Line, list[str]]]) -> list[Reading] | None:
    """The row of a table that lists the items one per row (项目 | 预算数); None if it is not one."""
    labelled = [(ln, cells, k) for ln, cells in body for k in [_label_index(cells)] if k is not None]
    items = {item_of(cells[k]) for _, cells, k in labelled} - {None, "other", "subtotal", "sum", "group"}
    if len(items) < 2:
        return None
    width = max(len(c) for c in header + [cells for _, cells in body])
    paths = header_paths(header, width)
    label_col = next((k for k, p in enumerate(paths) if p and _LIST_HEAD_RE.match(_label(p[-1]))),
                     Counter(k for _, _, k in labelled).most_common(1)[0][0])
    value_cols = {k: _qualify(p, "value") for k, p in enumerate(paths) if k > label_col}
    if not value_cols:
        value_cols = {k: Column("value", None, None, None) for k in range(label_col + 1, width)}
    selected = filter_columns(value_cols, _report_year(block))
    phases = {value_cols[k].phase for k in selected}
    if not selected:
        return None
    if phases >= {"budget", "final"}:
        chosen = {k: ("_budget" if value_cols[k].phase == "budget" else "") for k in selected}
    else:
        preferred = [k for k in sorted(selected) if paths[k] and _VALUE_HEAD_RE.search(_label(paths[k][-1]))]
        if len(selected) > 1 and not preferred:
            ctx.report("column-placement", block.kind.value, "三公经费", "one amount column", len(selected),
                       "cannot tell which column holds the 三公 amounts", block.title_line, severity=Severity.WARNING)
            return []
        chosen = {(preferred or sorted(selected))[0]: ""}
    has_group = any(item_of(cells[k]) == "group" for _, cells, k in labelled)
    amounts: dict[str, Decimal] = {}
    first: Line | None = None
    for line, cells, label_at in labelled:
        key = item_of(cells[label_at])
        if key == "group" or (key == "sum" and not has_group):
            key = ColumnKey.TOTAL
        if key not in THREE_PUBLIC_COLUMNS and key != ColumnKey.ADMIN_COST:
            continue
        for k, suffix in chosen.items():
            cell = cells[k] if k < len(cells) else ""
            if cell and is_number(cell) and (key + suffix) not in amounts:
                amounts[key + suffix] = parse_number(cell)
                first = first or line
    if not amounts or first is None:
        return None
    keys = set(amounts)
    keys |= {ColumnKey.TOTAL} if ColumnKey.TOTAL in keys else set()
    return [_checked(Reading(amounts, first), keys, [], block, ctx)]


# --- flowing text (no cell separators) ---------------------------------------------------

def _budget_final_pairs(lines) -> int:
    """The number of 预算数/决算数 column pairs of a final account's 三公 table (0 if none)."""
    for line in lines:
        cells = [c for c in (squash(c) for c in line.text.split()) if c]
        if len(cells) >= 4 and len(cells) % 2 == 0 and all(
                c == ("预算数" if k % 2 == 0 else "决算数") for k, c in enumerate(cells)):
            return len(cells) // 2
    return 0


def _flowing(block: TableBlock, ctx: ParseContext, columns: tuple[str, ...]) -> list[Reading]:
    """Rows of amounts without cell separators, placed where the arithmetic allows one reading."""
    pairs = _budget_final_pairs(block.lines)
    out: list[Reading] = []
    for line in block.lines:
        if is_noise(line):
            continue
        if NOTE_RE.match(line.text):
            break
        tokens = split_tokens(line.text)
        if not tokens or not all(is_number(t) for t in tokens):
            continue
        values = [parse_number(t) for t in tokens]
        if pairs:
            if len(values) != 2 * pairs:
                ctx.report("column-placement", block.kind.value, "三公经费", f"{2 * pairs} cells",
                           str(len(values)), "the 预算数/决算数 cells cannot be told apart", line,
                           severity=Severity.WARNING)
                continue
            cand = {}
            for k, col in enumerate(THREE_PUBLIC_COLUMNS[:pairs]):
                cand[f"{col}_budget"], cand[col] = values[2 * k], values[2 * k + 1]
            out.append(_checked(Reading(cand, line), set(cand), [], block, ctx))
            continue
        options = [p for p in placements(values, columns) if three_public_consistent(p)]
        if len(options) == 1:
            out.append(Reading(options[0], line))
            continue
        cand = {c: v for c, v in (options[0] if options else {}).items() if all(o.get(c) == v for o in options)}
        ctx.report("column-placement", block.kind.value, "三公经费", "one reading", f"{len(options)} readings",
                   "cannot tell from the text which columns these amounts belong to", line, severity=Severity.WARNING)
        out.append(Reading(cand, line, complete=False))
    return out


def parse_three_public_table(block: TableBlock, ctx: ParseContext) -> Table:
    """The 三公 row(s), read by the header (a grid of item columns, or a list of item rows),
    else from flowing text; a 机关运行经费 column beside them is kept as ``admin_cost``."""
    unit = block.unit or ctx.default_unit
    header, body = _split_rows(block)
    readings = _grid(block, ctx, header, body)
    if readings is None:
        readings = _list(block, ctx, header, body)
    if readings is None:
        header_text = "".join(squash(ln.text) for ln in block.lines[:12])
        flowing_columns = THREE_PUBLIC_COLUMNS + ((ColumnKey.ADMIN_COST,) if "机关运行经费" in header_text else ())
        readings = _flowing(block, ctx, flowing_columns)
    present = {k for r in readings for k in r.amounts}
    columns = THREE_PUBLIC_COLUMNS + tuple(k for k in (ColumnKey.ADMIN_COST,) if k in present) + tuple(
        c.budget() for c in THREE_PUBLIC_COLUMNS if any(k.endswith("_budget") for k in present))
    rows = tuple(Row(index=i, label=r.label, source=ctx.ref(r.line), role=RowRole.ITEM, complete=r.complete,
                     amounts={k: to_amount(v, unit) for k, v in r.amounts.items()})
                 for i, r in enumerate(readings))
    return Table(kind=block.kind, title=block.title, number=block.number, unit=unit, columns=columns,
                 rows=rows, declared_empty=block.declared_empty and not rows, source=ctx.ref(block.title_line))
