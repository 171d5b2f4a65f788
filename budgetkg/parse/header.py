"""Columns read from a table's header rows, never from their position.

In a tab layout (a ruled table read cell by cell) every header row has one cell per
column; a merged cell prints its words once, in its leftmost column, and covers the
columns to its right up to the next word of the same row, within the cell above it.
:func:`column_paths` rebuilds, for every column, the words printed above it from the
top row down ("当年预算 / 基本支出 / 人员经费"), so that a vocabulary can name the
column by what it is, in any order and under any grouping.
"""
from __future__ import annotations

import re

from budgetkg.sources.document import Line
from budgetkg.text.names import squash

#: A column of row numbers (行次) or the row of column numbers (栏次): never data.
NUMBERING_WORDS = re.compile(r"^(行次|栏次|序号|行号)$")
#: Header words of another year's figures, never the report's own (上年结转 is this year's money).
OTHER_YEAR = re.compile(r"上年(预算|执行|决算)|增减|变动|比上年|上年数")
YEAR_WORD = re.compile(r"((?:19|20)\d{2})\s*年")
#: Header words of a block beside the row's amounts, never a part of them: 政府采购 (小计, 其中 …)
#: is money the row's columns already hold. (A 其中 over 基本支出 | 项目支出 names the row's parts.)
OUTSIDE = re.compile(r"政府采购")
#: The words under a spanning header that name the header's own amount (基本支出 / 小计).
_SUBTOTAL = re.compile(r"小计|合计|金额")


def cells(line: Line) -> list[str]:
    """The squashed cells of a table row (a prose line: its text as one cell)."""
    return [squash(c) for c in line.cell_texts()]


def column_paths(rows: list[list[str]], width: int | None = None) -> list[tuple[str, ...]]:
    """For every column, the header words printed above it, top row first."""
    width = width or max((len(r) for r in rows), default=0)
    paths: list[list[str]] = [[] for _ in range(width)]
    spans = [(0, width)] * width
    for row in rows:
        new = list(spans)
        for c in range(min(width, len(row))):
            if not row[c]:
                continue
            _lo, hi = spans[c]
            end = next((k for k in range(c + 1, hi) if k < len(row) and row[k]), hi)
            for k in range(c, end):
                paths[k].append(row[c])
                new[k] = (c, end)
        spans = new
    return [tuple(p) for p in paths]


def is_numbering_row(row: list[str]) -> bool:
    """The 栏次 row ("栏次 | | 1 | 2 | 3") or a bare row of column numbers."""
    words = [c for c in row if c]
    if not words:
        return False
    if any(NUMBERING_WORDS.match(w) for w in words) and all(
            NUMBERING_WORDS.match(w) or w.isdigit() or w in ("甲", "乙", "丙") for w in words):
        return True
    digits = [w for w in words if w.isdigit()]
    counting = digits == [str(int(digits[0]) + n) for n in range(len(digits))] if digits else False
    return len(digits) >= 3 and counting and len(digits) >= len(words) - 2


def is_breakdown(path: tuple[str, ...]) -> bool:
    """A 其中 column (事业收入 / 其中：教育收费): a part of the column before it, not of the row total."""
    return bool(path) and path[-1].startswith("其中")


def is_numbering_column(path: tuple[str, ...]) -> bool:
    return bool(path) and bool(NUMBERING_WORDS.match(path[-1]))


def other_year(path: tuple[str, ...], latest: int | None = None) -> bool:
    """True when a column holds another year's figures: 上年执行数, 增减, or a year earlier than
    the ``latest`` the header prints (2025年执行数 beside 2026年预算数)."""
    if any(OTHER_YEAR.search(w) for w in path):
        return True
    years = [int(m.group(1)) for w in path for m in YEAR_WORD.finditer(w)]
    return bool(latest and years and max(years) < latest)


def latest_year(paths: list[tuple[str, ...]]) -> int | None:
    """The latest year a header prints (the report's own, where it prints another beside it)."""
    years = [int(m.group(1)) for p in paths for w in p for m in YEAR_WORD.finditer(w)]
    return max(years) if years else None


def outside(path: tuple[str, ...]) -> bool:
    """True when a column stands in a block outside the row's sums (政府采购 / 小计, 其中 …)."""
    return any(OUTSIDE.search(w) for w in path)


def unnamed_part(path: tuple[str, ...], paths: list[tuple[str, ...]], vocabulary) -> bool:
    """True when a column is one of several under a spanning header (基本支出 over 人员 | 公用)
    and its own word names no column: it is a part of that header, never the header itself, so
    it must not take the header's key (the 小计 under a spanning header is the header's own)."""
    if len(path) < 2 or _SUBTOTAL.fullmatch(path[-1]) or _key(path[-1], vocabulary):
        return False
    return sum(1 for p in paths if p[:len(path) - 1] == path[:-1] and len(p) >= len(path)) > 1


def match_key(path: tuple[str, ...], vocabulary: tuple[tuple[str, str], ...]) -> str | None:
    """The vocabulary key of a column: its deepest header word that names one.

    A 小计 (合计, 金额) under a group (当年预算 / 基本支出 / 小计) is the group's own amount, so the
    words above a 小计 or 合计 are tried before it; so is a 金额 beside a 其中 column (事业收入 /
    金额 | 其中：教育收费): the group's own amount.
    """
    words = list(path)
    while words and _SUBTOTAL.fullmatch(words[-1]) and len(words) > 1:
        key = _key(words[-2], vocabulary)
        if key:
            return key
        words.pop()
    for word in reversed(words):
        key = _key(word, vocabulary)
        if key:
            return key
    # no word above names a column: the 合计 itself (2026年预算数 / 合计 beside 2025年执行数)
    return _key(path[-1], vocabulary) if path else None


def _key(word: str, vocabulary) -> str | None:
    best = None
    for key, pattern in vocabulary:
        m = re.search(pattern, word)
        if m and (best is None or len(m.group(0)) > best[0]):
            best = (len(m.group(0)), key)
    return best[1] if best else None
