"""Column sets of the standard tables, read from headers, and amount placement.

In text pulled from a PDF an empty cell leaves no trace: "485.58 485.58" under
合计/基本支出/项目支出 says the total and *one* of the parts. :func:`resolve_tree`
places such amounts from the table's own arithmetic — a parent row equals the sum
of its children in every column, and a column empty in the parent is empty in
every child — and leaves a placement open (never guessed) when that is not enough.
"""
from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from decimal import Decimal

from budgetkg.model.report import TableKind
from budgetkg.model.tables import FISCAL_COLUMNS, THREE_PUBLIC_COLUMNS, ColumnKey, spec, vocabulary
from budgetkg.parse.header import (
    cells,
    column_paths,
    is_breakdown,
    is_numbering_column,
    is_numbering_row,
    latest_year,
    match_key,
    other_year,
    outside,
    unnamed_part,
)
from budgetkg.segment.blocks import HEADER_HINT_RE
from budgetkg.sources.document import Line
from budgetkg.text.amounts import is_number
from budgetkg.text.names import squash

#: Re-exported for the parsers that name them (the data lives in the registry).
__all__ = [
    "FISCAL_COLUMNS",
    "THREE_PUBLIC_COLUMNS",
    "Node",
    "Placement",
    "detect_columns",
    "placements",
    "resolve_tree",
    "tab_columns",
]


def detect_columns(kind: TableKind, header_text: str) -> tuple[str, ...]:
    """Amount columns in printed order, found by scanning the header for known names.

    Falls back to the template's order when fewer than two columns are recognised.
    """
    vocab = vocabulary(kind)
    text = squash(header_text)
    found: list[str] = []
    # Amount columns start at the total column; words before it ("项目 支出预算") are row labels.
    first_total = re.search(vocab[0][1], text)
    pos = first_total.start() if first_total else 0
    while pos < len(text):
        best: tuple[int, str] | None = None
        for key, pattern in vocab:
            m = re.compile(pattern).match(text, pos)
            if m and (best is None or m.end() > best[0]):
                best = (m.end(), key)
        if best:
            if best[1] not in found:
                found.append(best[1])
            pos = best[0]
        else:
            pos += 1
    if ColumnKey.TOTAL in found:
        found.remove(ColumnKey.TOTAL)
    columns = (ColumnKey.TOTAL, *found)
    return columns if len(columns) >= 2 else spec(kind).default_columns


@dataclass(frozen=True)
class TabColumns:
    """Amount columns of a tab-layout table read from its header rows: the keys in printed
    order (the row total first) and the cell index of each."""

    keys: tuple[str, ...]
    positions: tuple[int, ...]
    header_rows: int


def tab_columns(kind: TableKind, lines: tuple[Line, ...]) -> TabColumns | None:
    """The amount columns named by the header rows of a tab-layout table, or None when the
    header names no row total. The header is every tab line above the first one with an
    amount; 行次 columns, another year's columns and a key printed twice (上年结转 groups
    repeat 基本支出/项目支出) are not taken."""
    rows, count = tab_header_rows(lines)
    if not rows:
        return None
    paths = column_paths(rows)
    latest = latest_year(paths)
    keys: list[str] = []
    positions: list[int] = []
    for k, path in enumerate(paths):
        if not path or is_numbering_column(path) or other_year(path, latest) or outside(path) \
                or unnamed_part(path, paths, vocabulary(kind)) \
                or _part_of_a_part(path, paths, keys, positions):
            continue
        key = match_key(path, vocabulary(kind))
        if key is None or key in keys or (not keys and key != ColumnKey.TOTAL):
            continue
        keys.append(key)
        positions.append(k)
    if not keys:
        return None
    return TabColumns(keys=tuple(keys), positions=tuple(positions), header_rows=count)


def _part_of_a_part(path: tuple[str, ...], paths: list[tuple[str, ...]], keys: list[str],
                    positions: list[int]) -> bool:
    """A 其中 column under a group whose own amount is a part of the row (事业收入 / 金额 | 其中：
    教育收费): a part of that part, not of the row total. Under the row total's own group
    (一般公共预算支出 / 小计 | 其中：基本支出 | 项目支出) the 其中 columns are the row's parts."""
    if not is_breakdown(path) or len(path) < 2:
        return False
    group = [key for key, at in zip(keys, positions) if paths[at][:-1] == path[:-1]]
    return bool(group) and group[0] != ColumnKey.TOTAL


def tab_header_rows(lines: tuple[Line, ...]) -> tuple[list[list[str]], int]:
    """The header rows of a tab-layout table (every tab line above the first one with an
    amount, without the 栏次 row and the 单位 line) and the number of lines they take."""
    rows: list[list[str]] = []
    count = 0
    for ln in lines[:30]:
        if not ln.is_row:
            if rows and re.search(r"\d", ln.text):
                break  # a row whose cells the text layer printed without tabs ("合计15.0010.005.00")
            count += 1
            continue
        row = cells(ln)
        if any(is_number(c) and not re.fullmatch(r"\d{1,2}", c) for c in row) and not is_numbering_row(row):
            break
        count += 1
        if (HEADER_HINT_RE.search(ln.text) and not (_names_columns(row) or names_rows(row))) \
                or is_numbering_row(row):
            continue
        rows.append(row)
    return rows, count


def _names_columns(row: list[str]) -> bool:
    """A header row with a 预算单位 column (预算单位 | 科目编码 | … | 支出总计 | …), not a 预算单位：
    line: it names four or more columns."""
    return sum(1 for c in row if c) >= 4


#: The head of a table's row-label column when its rows are units or departments, not classes.
ROW_NAME_HEAD_RE = re.compile(r"^(预算单位|(单位|部门)(名称|编码|代码))$")


def names_rows(row: list[str]) -> bool:
    """True for a header row whose first cell heads the rows' names (单位名称 | 总计 | …): a column
    header, not the 单位名称：… line above a table, though both hold the words 单位名称."""
    filled = [c for c in row if c]
    return bool(filled) and bool(ROW_NAME_HEAD_RE.match(row[0])) and len(filled) >= 3 \
        and not any(re.search(r"[:：]", c) for c in filled)


Placement = dict[str, Decimal]


def placements(values: list[Decimal], columns: tuple[str, ...]) -> list[Placement]:
    """Every order-preserving placement of ``values`` (the first is the row total)."""
    if not values:
        return [{}]
    if len(values) > len(columns):
        return []
    if len(values) == len(columns):
        return [dict(zip(columns, values))]
    out = []
    for cols in itertools.combinations(columns[1:], len(values) - 1):
        out.append({columns[0]: values[0], **dict(zip(cols, values[1:]))})
    return out


@dataclass
class Node:
    """A row in the placement problem: its candidate placements and its children."""

    candidates: list[Placement]
    children: list[int] = field(default_factory=list)

    @property
    def resolved(self) -> bool:
        return len(self.candidates) == 1


MAX_COMBINATIONS = 200_000


def _value(p: Placement, col: str) -> Decimal:
    return p.get(col, Decimal(0))


def _fits(parent: Placement, combo: tuple[Placement, ...], columns: tuple[str, ...]) -> bool:
    return all(sum((_value(c, col) for c in combo), Decimal(0)) == _value(parent, col)
               for col in columns[1:])


def resolve_tree(nodes: list[Node], columns: tuple[str, ...]) -> None:
    """Narrow each node's candidates using parent = Σ children, in place, to a fixpoint."""
    changed = True
    while changed:
        changed = False
        for node in nodes:
            if not node.children:
                continue
            kids = [nodes[k] for k in node.children]
            if node.resolved:
                parent = node.candidates[0]
                empty = {c for c in columns[1:] if _value(parent, c) == 0}
                for kid in kids:
                    kept = [p for p in kid.candidates if not any(_value(p, c) for c in empty)]
                    if kept and len(kept) < len(kid.candidates):
                        kid.candidates = kept
                        changed = True
                size = 1
                for kid in kids:
                    size *= len(kid.candidates)
                if size == 1 or size > MAX_COMBINATIONS:
                    continue
                options: list[set[int]] = [set() for _ in kids]
                for choice in itertools.product(*(range(len(k.candidates)) for k in kids)):
                    combo = tuple(k.candidates[i] for k, i in zip(kids, choice))
                    if _fits(parent, combo, columns):
                        for n, i in enumerate(choice):
                            options[n].add(i)
                for kid, opts in zip(kids, options):
                    if opts and len(opts) < len(kid.candidates):
                        kid.candidates = [kid.candidates[i] for i in sorted(opts)]
                        changed = True
            elif all(k.resolved for k in kids):
                combo = tuple(k.candidates[0] for k in kids)
                kept = [p for p in node.candidates if _fits(p, combo, columns)]
                if kept and len(kept) < len(node.candidates):
                    node.candidates = kept
                    changed = True
