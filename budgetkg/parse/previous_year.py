"""Previous-year columns of the tables: 上年执行数 | 本年预算数, 2025年预算数 | 2026年预算数, 增减.

Many templates print, beside the report's own figures, the previous year's — its budget
(上年预算数), its execution (上年执行数, 预计执行数) or its final account (上年决算数) — and the
change (增减额, 增长%). The table parsers never take these columns
(:func:`budgetkg.parse.header.other_year`); this module reads them after the tables, into
:class:`PriorYearFigure` records that stand on the same model rows, so they can never be taken
for the report's own figures.

A column is named by its header words, never by its position. A year word names the previous
year only when it is the report's year − 1 (a header naming the report's own year is the current
column, another year is left alone). Only layouts that keep every cell in its column are read
(tab layout: ruled tables, web exports), and a row is read only when the cells of its current
columns are the amounts the table parser read for it (the cells line up); in flowing text an
empty cell leaves no trace, so previous-year columns printed there are left unread with a notice.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import Decimal

from budgetkg.model.report import FigureBasis, PriorMeasure, PriorYearFigure, Row, Severity, SourceRef, Table, TableKind
from budgetkg.model.tables import SIDE_COLUMNS, ColumnKey, Parser, spec
from budgetkg.model.units import DEFAULT_PRINTED
from budgetkg.parse import summary
from budgetkg.parse import three_public as tp
from budgetkg.parse.columns import tab_columns, tab_header_rows
from budgetkg.parse.context import ParseContext
from budgetkg.parse.header import YEAR_WORD, cells, column_paths, is_numbering_column, is_numbering_row, match_key
from budgetkg.parse.rows import body_lines, is_tab_layout
from budgetkg.segment.blocks import HEADER_HINT_RE, Segments, TableBlock
from budgetkg.sources.document import Line
from budgetkg.text.amounts import is_number, parse_number, to_amount
from budgetkg.text.names import squash

#: 上年 as a period (上年结转/上年结余 are this year's money, not last year's figures).
_PRIOR_RE = re.compile(r"上年(?!结转|结余|末)|上一年")
_CHANGE_RE = re.compile(r"增减|增长|减少|变动|(?<!收支)差额|比上年|增幅|较上年")  # 弥补收支差额 is income
_PERCENT_RE = re.compile(r"%|％|百分比|幅|率")
_BASES = ((FigureBasis.EXECUTION, re.compile(r"执行")), (FigureBasis.FINAL, re.compile(r"决算")),
          (FigureBasis.BUDGET, re.compile(r"预算")))


@dataclass(frozen=True)
class PriorColumn:
    """A header path read as a previous-year column."""

    measure: PriorMeasure
    basis: FigureBasis
    year: int | None
    header: str


def _basis(text: str) -> FigureBasis:
    return next((b for b, pattern in _BASES if pattern.search(text)), FigureBasis.UNSTATED)


def classify(words: Sequence[str], fiscal_year: int | None) -> PriorColumn | None:
    """The previous-year column a header path names, or None (a current column, or one of
    another year than the previous). ``2026年预算数比2025年执行数增减`` is a change from the
    2025 execution; ``2025年预算数`` in a 2026 report is the 2025 budget; ``2026年预算数`` is
    the report's own column."""
    text = "".join(squash(w) for w in words)
    previous = fiscal_year - 1 if fiscal_year else None
    years = [int(y) for y in YEAR_WORD.findall(text)]
    if _CHANGE_RE.search(text):
        if years and fiscal_year and not set(years) <= {fiscal_year, previous}:
            return None
        against = re.search(r"(?:比|较)(.*)", text)
        measure = PriorMeasure.PERCENT if _PERCENT_RE.search(squash(words[-1])) else PriorMeasure.CHANGE
        return PriorColumn(measure, _basis(against.group(1)) if against else FigureBasis.UNSTATED,
                           previous, text)
    if years:
        if fiscal_year is None or max(years) != previous:
            return None
    elif not _PRIOR_RE.search(text):
        return None
    return PriorColumn(PriorMeasure.AMOUNT, _basis(text), previous, text)


def _value(cell: str, measure: PriorMeasure) -> Decimal | None:
    text = cell.strip().rstrip("%％") if measure is PriorMeasure.PERCENT else cell.strip()
    return parse_number(text) if text and is_number(text) else None


def _figure(table: Table, index: int, row: Row, key: str, col: PriorColumn, value: Decimal,
            unit: str) -> PriorYearFigure:
    percent = col.measure is PriorMeasure.PERCENT
    return PriorYearFigure(
        table=table.kind, table_index=index, row_index=row.index, row=row.label, column=key,
        basis=col.basis, measure=col.measure, source=row.source, year=col.year, code=row.code,
        amount=None if percent else to_amount(value, unit), percent=value if percent else None,
        header=col.header)


def _lines_up(row: Row, cell_list: list[str], current: dict[int, str]) -> bool:
    """True when the cells under the current columns are the amounts the parser read for the row
    (an amount where it read one, a blank where it read none — printed blank, not cut short)."""
    matched = False
    for k, key in current.items():
        a = row.amounts.get(key)
        cell = cell_list[k].strip() if k < len(cell_list) else ""
        if a is None:
            if cell and is_number(cell):
                return False
            continue
        if not (cell and is_number(cell) and parse_number(cell) == a.printed):
            return False
        matched = True
    return matched or (bool(current) and max(current) < len(cell_list))


def _unstated_changes(columns: dict[int, tuple[str, PriorColumn]]) -> dict[int, tuple[str, PriorColumn]]:
    """A change column whose header names no basis (增减) is against the previous-year amounts
    the table prints, when they have one basis."""
    bases = {c.basis for _, c in columns.values() if c.measure is PriorMeasure.AMOUNT}
    if len(bases) != 1:
        return columns
    basis = bases.pop()
    return {k: (key, c if c.measure is PriorMeasure.AMOUNT or c.basis is not FigureBasis.UNSTATED
                else PriorColumn(c.measure, basis, c.year, c.header)) for k, (key, c) in columns.items()}


def _keyed(paths: list[tuple[str, ...]], found: dict[int, PriorColumn], key_of) -> dict[int, tuple[str, PriorColumn]]:
    """Each previous-year column with the current column it parallels: its own header word
    (上年执行数 / 基本支出), else — for the one column of its kind that names none (2025年预算数
    alone, 增减 %) — the row total."""
    out: dict[int, tuple[str, PriorColumn]] = {}
    keyless: dict[tuple, list[int]] = {}
    for k, col in found.items():
        key = key_of(paths[k])
        if key:
            out[k] = (key, col)
        else:
            keyless.setdefault((col.measure, col.basis, col.year), []).append(k)
    for group, ks in keyless.items():
        taken = any(key == ColumnKey.TOTAL and (c.measure, c.basis, c.year) == group for key, c in out.values())
        if len(ks) == 1 and not taken:
            out[ks[0]] = (ColumnKey.TOTAL, found[ks[0]])
    # a key claimed twice within one kind of column is not read (which is which is unknown)
    seen: dict[tuple, list[int]] = {}
    for k, (key, c) in out.items():
        seen.setdefault((key, c.measure, c.basis, c.year), []).append(k)
    return _unstated_changes({k: v for k, v in out.items()
                              if len(seen[(v[0], v[1].measure, v[1].basis, v[1].year)]) == 1})


def _read_rows(table: Table, index: int, block: TableBlock, columns: dict[int, tuple[str, PriorColumn]],
               current: dict[int, str], side: str | None = None) -> list[PriorYearFigure]:
    """The previous-year cells of every row (of one ``side`` of a two-sided table) whose current
    cells line up with what the table parser read."""
    by_line = {ln.no: ln for ln in block.lines}
    unit = table.unit or DEFAULT_PRINTED
    out: list[PriorYearFigure] = []
    for row in table.rows:
        line = by_line.get(row.source.line)
        if line is None or not line.is_row or (side and row.side != side):
            continue
        cell_list = line.cell_texts()
        if not _lines_up(row, cell_list, current):
            continue
        for k, (key, col) in sorted(columns.items()):
            value = _value(cell_list[k], col.measure) if k < len(cell_list) else None
            if value is not None:
                figure = _figure(table, index, row, key, col, value, unit)
                out.append(replace(figure, source=replace(row.source, box=line.cell_box(k) or row.source.box)))
    return out


def _code_table(block: TableBlock, table: Table, index: int, year: int | None) -> list[PriorYearFigure]:
    """Previous-year columns of a table keyed by classification codes."""
    read = tab_columns(block.kind, block.lines)
    if read is None:
        return []
    rows, _ = tab_header_rows(block.lines)
    paths = column_paths(rows)
    found = {k: c for k, p in enumerate(paths)
             if p and not is_numbering_column(p) and (c := classify(p, year)) is not None}
    if not found:
        return []
    vocab = spec(block.kind).columns
    columns = _keyed(paths, found, lambda p: match_key(p, vocab))
    return _read_rows(table, index, block, columns, dict(zip(read.positions, read.keys)))


def _three_public(block: TableBlock, table: Table, index: int, year: int | None) -> list[PriorYearFigure]:
    """Previous-year columns of a 三公 table: the items as columns (合计 | 出国 | 车 | 接待), or
    one item a row (项目 | 上年预算数 | 本年预算数)."""
    header, body = tp._split_rows(block)
    if not body or not header or not all(ln.is_row for ln, _ in body):
        return []
    width = max(len(c) for c in header + [c for _, c in body])
    paths = tp.header_paths(header, width)
    label_col = next((k for k, p in enumerate(paths) if p and tp._LIST_HEAD_RE.match(tp._label(p[-1]))), None)
    if label_col is not None and not any(tp._resolve_item(p, False) for p in paths[label_col + 1:]):
        return _three_public_list(table, index, body, paths, label_col, year)
    grand = tp._grand_total(paths)
    items = {k: tp._resolve_item(p, grand) for k, p in enumerate(paths)}
    qualified = {k: tp._qualify(p, items[k]) for k, p in enumerate(paths)}
    current, _ = tp.select_columns(qualified, year if year else tp._report_year(block))
    found = {k: c for k, p in enumerate(paths)
             if p and items[k] and k not in current and (c := classify(p, year)) is not None}
    if not found:
        return _three_public_year_rows(table, index, body, current, year)
    columns = {k: (items[k], c) for k, c in found.items()}  # the item the header names
    seen: dict[tuple, int] = {}
    for key, c in columns.values():
        seen[(key, c.measure, c.basis)] = seen.get((key, c.measure, c.basis), 0) + 1
    columns = {k: v for k, v in columns.items() if seen[(v[0], v[1].measure, v[1].basis)] == 1}
    return _read_rows(table, index, block, _unstated_changes(columns), current)


def _summary(block: TableBlock, table: Table, index: int, year: int | None) -> list[PriorYearFigure]:
    """Previous-year columns of a two-sided summary table (项目 | 上年执行数 | 本年预算数 | 项目 | …):
    each side's columns between its label column and the next."""
    layout = summary._tab_layout(block.lines, block.kind is TableKind.FISCAL_SUMMARY)
    if layout is None:
        return []
    rows = [cells(ln) for ln in block.lines[:layout.header_end]
            if ln.is_row and not is_numbering_row(cells(ln)) and not HEADER_HINT_RE.search(ln.text)]
    paths = column_paths(rows)
    stop = layout.third_label if layout.third_label is not None else len(paths)
    out: list[PriorYearFigure] = []
    for side, lo, hi, current in (
            ("income", layout.left_label, layout.right_label,
             {layout.left_amount: ColumnKey.TOTAL} if layout.left_amount is not None else {}),
            ("expenditure", layout.right_label, stop, layout.right_amounts)):
        found = {k: c for k in range(lo + 1, hi) if (p := paths[k]) and not is_numbering_column(p)
                 and (c := classify(p, year)) is not None}
        if found and current:
            columns = _keyed(paths, found, lambda p: match_key(p[-1:], SIDE_COLUMNS[1:]))
            out += _read_rows(table, index, block, columns, current, side)
    return out


def _three_public_year_rows(table: Table, index: int, body, current: dict[int, str],
                            year: int | None) -> list[PriorYearFigure]:
    """Years printed as rows (2025年预算数 | 2026年预算数 | 增减, the items as columns): the rows
    of the previous year, on the table's one row — the report's own, which the parser kept."""
    if len(table.rows) != 1 or any(key.endswith("_budget") for key in current.values()):
        return []
    row = table.rows[0]
    found: dict[int, tuple[str, PriorColumn]] = {}
    for n, (line, texts) in enumerate(body):
        label = next((c for k, c in enumerate(texts) if c and k not in current and not is_number(c)), "")
        col = classify((label,), year) if label and line.no != row.source.line else None
        if col is not None:
            found[n] = ("", col)
    out = []
    for n, (_, col) in sorted(_unstated_changes(found).items()):
        line, texts = body[n]
        for k, key in sorted(current.items()):
            out += _cell_figure(table, index, row, key, col, texts, k, line)
    return out


def _cell_figure(table: Table, index: int, row, key: str, col, cells, k: int, line) -> list[PriorYearFigure]:
    """The figure cell ``k`` of a body line holds for ``row``'s ``key`` column (none when blank),
    sourced at that line."""
    value = _value(cells[k], col.measure) if k < len(cells) else None
    if value is None:
        return []
    return [replace(_figure(table, index, row, key, col, value, table.unit or DEFAULT_PRINTED),
                    source=SourceRef(row.source.file, line.no, line.page, line.cell_box(k)))]


def _three_public_list(table: Table, index: int, body, paths, label_col: int,
                       year: int | None) -> list[PriorYearFigure]:
    """项目 | 2025年预算数 | 2026年预算数: each item row's previous-year cells, on the table's one
    row (its columns are the items), read only where the row's current cell is the parsed amount."""
    if len(table.rows) != 1:
        return []
    row = table.rows[0]
    found = {k: c for k in range(label_col + 1, len(paths)) if (p := paths[k])
             and (c := classify(p, year)) is not None}
    if not found:
        return []
    has_group = any(tp.item_of(texts[label_col]) == "group" for _, texts in body if label_col < len(texts))
    out, seen = [], set()
    for line, texts in body:
        key = tp.item_of(texts[label_col]) if label_col < len(texts) else None
        if key == "group" or (key == "sum" and not has_group):
            key = ColumnKey.TOTAL
        if key not in tp.THREE_PUBLIC_COLUMNS or key in seen:
            continue
        seen.add(key)
        current = row.amounts.get(key)
        others = [c for k, c in enumerate(texts) if k > label_col and k not in found and c and is_number(c)]
        if current is None or not any(parse_number(c) == current.printed for c in others):
            continue  # the item's own figure is not where the table parser read it: not lined up
        for k, col in sorted(found.items()):
            out += _cell_figure(table, index, row, key, col, texts, k, line)
    return out


_READERS = {Parser.CODES: _code_table, Parser.THREE_PUBLIC: _three_public, Parser.SUMMARY: _summary}


def _named_prior(block: TableBlock) -> Line | None:
    """The header line of a block that names a previous-year column, if any."""
    header, _ = body_lines(block.lines)
    # the header's words read across its lines (单位 / 上年 / 结余 is one word, this year's money)
    owner = [ln for ln in header for _ in squash(ln.text)]
    m = _PRIOR_RE.search("".join(squash(ln.text) for ln in header))
    return owner[m.start()] if m else None


def read_previous_year(seg: Segments, tables: tuple[Table, ...], year: int | None,
                       ctx: ParseContext) -> tuple[PriorYearFigure, ...]:
    """Every previous-year figure the report's tables print, on the rows of ``tables``."""
    out: list[PriorYearFigure] = []
    by_title = {(t.source.line, t.kind): (i, t) for i, t in enumerate(tables)}
    for block in seg.tables:
        found = by_title.get((block.title_line.no, block.kind))
        parser = spec(block.kind).parser
        if found is None or parser not in _READERS or block.declared_empty:
            continue
        index, table = found
        if not is_tab_layout(block.lines[:40]):
            line = _named_prior(block)
            if line is not None:
                ctx.report("column-placement", block.kind.value, "", "cells in columns", "flowing text",
                           "the table prints previous-year columns but its text layout does not keep "
                           "cells in columns; they are not read", line, severity=Severity.NOTICE)
            continue
        out += _READERS[parser](block, table, index, year)
    return tuple(out)
