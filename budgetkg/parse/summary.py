"""Two-sided tables: 收支总体情况表 and 财政拨款收支总体情况表.

Each printed line carries an income item on the left (项目 | 预算数) and a
functional class on the right (功能分类 | 预算数 [| 一般公共预算 | 政府性基金 | …]).
Either side may be empty. The left side's 收入总计 and the right side's 支出总计
are the report's totals.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from budgetkg.model.codes import code_list, names_match
from budgetkg.model.report import Row, RowRole, Severity, Table, TableKind
from budgetkg.model.tables import FISCAL_COLUMNS, SIDE_COLUMNS, ColumnKey
from budgetkg.parse.columns import placements
from budgetkg.parse.context import ParseContext
from budgetkg.parse.header import (
    cells,
    column_paths,
    is_numbering_column,
    is_numbering_row,
    latest_year,
    match_key,
    other_year,
)
from budgetkg.parse.rows import NOTE_RE, is_noise, is_tab_layout
from budgetkg.segment.blocks import HEADER_HINT_RE, TableBlock
from budgetkg.sources.document import Line
from budgetkg.text.amounts import is_number, parse_number, to_amount, tokens
from budgetkg.text.names import squash

CLASS_CODE_RE = re.compile(r"^(2\d{2})\s*(\S.*)$")
TOTAL_LABEL_RE = re.compile(r"(总计|合计|小计)$")
HEADER_RE = re.compile(r"项目.*(预算数|合计|决算数|金额)")
NUMBERING_RE = re.compile(r"^[一二三四五六七八九十]+、|^\d+[.．、](?!\d)")


_MOVED_NUMBERING_RE = re.compile(r"^[一二三四五六七八九十]+(?=\S{2}).*、$")


def unnumbered(label: str) -> str:
    """A label without its item number: "一、一般公共服务支出", and "一一般公共服务支出、" as
    text layers print it when they move the 、 to the end."""
    label = re.sub(r"[（(][）)]", "", squash(label))  # brackets whose words the text layer moved
    if _MOVED_NUMBERING_RE.match(label):
        label = re.sub(r"^[一二三四五六七八九十]", "", label).rstrip("、")
    return NUMBERING_RE.sub("", label)


def class_code(label: str) -> str | None:
    """The functional class (类) printed by name only: "一般公共服务支出" → "201"."""
    codes = code_list("functional")
    hits = [c for c, n in codes.names.items() if len(c) == 3 and names_match(label, n)]
    return hits[0] if len(hits) == 1 else None

#: Income items of the left side → the fund column they feed on the right side.
FUND_OF_ITEM = (
    ("一般公共预算", ColumnKey.GENERAL_PUBLIC),
    ("政府性基金", ColumnKey.GOV_FUND),
    ("国有资本经营", ColumnKey.STATE_CAPITAL),
)


def _sides_flowing(tokens: list[str]) -> tuple[list[str], list[str]]:
    """Split a line's tokens into (left, right) at the functional class code or 支出 label."""
    for k, tok in enumerate(tokens):
        if re.fullmatch(r"2\d{2}", tok) and k + 1 < len(tokens) and not is_number(tokens[k + 1]):
            return tokens[:k], tokens[k:]
    # a second numbered item starts the right side: "二、政府性基金 二、社会保障和就业支出 …"
    for k in range(1, len(tokens)):
        if NUMBERING_RE.match(tokens[k]) and not any(is_number(t) for t in tokens[:k]):
            return tokens[:k], tokens[k:]
    # label/number groups: "收 入 总 计 2,715.76 支 出 总 计 2,715.76"
    for k in range(1, len(tokens)):
        if is_number(tokens[k - 1]) and not is_number(tokens[k]):
            return tokens[:k], tokens[k:]
    label = squash("".join(t for t in tokens if not is_number(t)))
    if label.startswith("支") or class_code(NUMBERING_RE.sub("", label)):
        return [], tokens  # only the expenditure side is printed on this line
    numbers = [t for t in tokens if is_number(t)]
    if TOTAL_LABEL_RE.search(label) and len(numbers) == 2 and is_number(tokens[-1]):
        # "小 计 14461.89 14461.89": one label printed for both sides
        return tokens[:-1], [*tokens[:len(tokens) - 2], tokens[-1]]
    return tokens, []


def _label_and_numbers(tokens: list[str]) -> tuple[str, list[str]]:
    j = len(tokens)
    while j > 0 and is_number(tokens[j - 1]):
        j -= 1
    return squash("".join(tokens[:j])), tokens[j:]


def _start(lines: tuple[Line, ...]) -> int:
    for i, ln in enumerate(lines[:40]):
        if HEADER_RE.search(squash(ln.text)):
            return i + 1
    return 0


#: The label column of a side: 项目 / 项目名称 / 功能科目名称 / 功能分类科目 / 支出用途 …
_LABEL_WORD = re.compile(r"^(收入|支出)?(项目|科目)(名称)?$|^功能(分类)?(科目)?(名称)?$|^功能分类科目(名称)?$|"
                         r"^支出(用途|功能分类科目)$|^(收入|支出)$|"
                         # 部门预算支出经济分类科目（按大类）: a block of the same money by another classification
                         r"^.{0,12}分类科目(名称)?([（(][^）)]*[）)])?$")


def _label(word: str) -> bool:
    """A header word over a label column (项目, 支出功能分类科目（按大类）…)."""
    return bool(_LABEL_WORD.match(word))


@dataclass
class _SideLayout:
    """Where each side of a tab-layout summary table prints its label and amounts."""

    header_end: int                  # lines before this index are header rows
    left_label: int
    left_amount: int | None
    right_label: int
    right_amounts: dict[int, str]    # cell index → column key
    third_label: int | None = None   # 支出用途: the expenditure side again, by purpose


def _tab_layout(lines: tuple[Line, ...], fiscal: bool) -> _SideLayout | None:
    """The layout read from the header rows (every tab line above the first amount): the
    first label column (项目) is the income side, the second (项目 / 功能科目名称) starts the
    expenditure side, up to a third (支出用途, not modelled); 行次 columns are skipped, another
    year's columns are never taken."""
    rows: list[list[str]] = []
    end = 0
    for ln in lines[:14]:
        row = cells(ln)
        if ln.is_row and any(is_number(c) for c in row) and not is_numbering_row(row):
            break
        end += 1
        if ln.is_row and not is_numbering_row(row) and not HEADER_HINT_RE.search(ln.text):
            rows.append(row)
    paths = column_paths(rows)
    latest = latest_year(paths)
    labels = [k for k, p in enumerate(paths) if p and _label(p[-1])
              and not (k and paths[k - 1] == p)]  # a merged label cell counts once
    if len(labels) < 2:
        return None
    left_label, right_label = labels[0], labels[1]
    stop = labels[2] if len(labels) > 2 else len(paths)

    def amounts(lo: int, hi: int) -> dict[int, str]:
        out: dict[int, str] = {}
        for k in range(lo + 1, hi):
            path = paths[k]
            if not path or is_numbering_column(path) or other_year(path, latest) or _label(path[-1]):
                continue
            key = ColumnKey.TOTAL if not out else match_key(path[-1:], SIDE_COLUMNS[1:])
            if key and key not in out.values():
                out[k] = key
        return out

    left = amounts(left_label, right_label)
    right = amounts(right_label, stop)
    if not fiscal:
        right = {k: v for k, v in right.items() if v == ColumnKey.TOTAL}
    return _SideLayout(header_end=end, left_label=left_label,
                       left_amount=next(iter(left), None), right_label=right_label,
                       right_amounts=right, third_label=labels[2] if len(labels) > 2 else None)


def _fits(row: list[str], layout: _SideLayout) -> bool:
    """A row printed in the header's columns: its expenditure label sits under the header's
    (rows of a page laid out with fewer columns are read by their order instead)."""
    r = layout.right_label
    label = row[r] if r < len(row) else ""
    if label:
        return not is_number(label)
    lo = (layout.left_amount if layout.left_amount is not None else layout.left_label) + 1
    return not any(c and not is_number(c) for c in row[lo:r])


def parse_summary_table(block: TableBlock, ctx: ParseContext) -> Table:
    """Rows of a two-sided summary table, income side first, each in printed order."""
    fiscal = block.kind is TableKind.FISCAL_SUMMARY
    unit = block.unit or ctx.default_unit
    layout = _tab_layout(block.lines, fiscal) if is_tab_layout(block.lines[:40]) else None
    lines = block.lines[layout.header_end:] if layout else block.lines[_start(block.lines):]
    tab = is_tab_layout(lines)
    columns = FISCAL_COLUMNS if fiscal else (ColumnKey.TOTAL,)
    left: list[tuple[str, list[str], Line]] = []
    right: list[tuple[str | None, str, list[str | None], Line]] = []
    sides: dict[int, tuple[slice, slice]] = {}  # line number → the cells of each side, for provenance
    for line in lines:
        if is_noise(line):
            continue
        if NOTE_RE.match(line.text):
            break
        row = [c.strip() for c in line.cell_texts()]
        if layout is not None and (len(row) == 1 or is_numbering_row([squash(c) for c in row])):
            continue  # a page number or note between the table's rows; the 栏次 row
        if layout is not None and _fits(row, layout):
            sides[line.no] = (slice(layout.left_label, layout.right_label),
                              slice(layout.right_label, layout.third_label))

            def cell(k: int | None, row: list[str] = row) -> str:
                return row[k] if k is not None and k < len(row) else ""
            llabel = squash(cell(layout.left_label))
            lnums = [cell(layout.left_amount)] if is_number(cell(layout.left_amount)) else []
            rtext = cell(layout.right_label)
            by_key = {key: cell(k) for k, key in layout.right_amounts.items()}
            rnums = [by_key[c] if is_number(by_key.get(c, "")) else None for c in columns]
            if (not any(rnums) and TOTAL_LABEL_RE.search(squash(rtext)) and layout.third_label is not None
                    and not cell(layout.third_label)):
                # 支出合计 printed once across the two expenditure breakdowns (by function | by
                # purpose): its one figure stands under the purpose side and is the side's total
                extra = [c for c in row[layout.third_label + 1:] if is_number(c)]
                if len(extra) == 1:
                    rnums[0] = extra[0]
        elif tab:
            parts = [c.strip() for c in line.cell_texts()]
            lcells, rcells = parts[:2], parts[2:]
            sides[line.no] = (slice(0, 2), slice(2, None))
            if layout is not None:  # cells by their order: skip the empty ones
                rcells = [c for c in rcells if c]
            llabel = squash(lcells[0]) if lcells else ""
            lnums = [c for c in lcells[1:] if c and is_number(c)]
            rtext = rcells[0] if rcells else ""
            rnums: list[str | None] = [c if c and is_number(c) else None for c in rcells[1:]]
        else:
            ltoks, rtoks = _sides_flowing(tokens(line.text))
            llabel, lnums = _label_and_numbers(ltoks)
            _rlabel_raw, rn = _label_and_numbers(rtoks)
            rtext = " ".join(t for t in rtoks[:len(rtoks) - len(rn)])
            rnums = list(rn)
            if not llabel and lnums and not rtoks:
                llabel = ""
        if llabel or lnums:
            if left and not lnums and not left[-1][1] and left[-1][0].count("（") > left[-1][0].count("）"):
                prev = left[-1]
                left[-1] = (prev[0] + llabel, prev[1], prev[2])  # a label wrapped to the next line
            else:
                left.append((llabel, lnums, line))
        if rtext.strip() or any(rnums):
            m = CLASS_CODE_RE.match(rtext.strip())
            code, label = (m.group(1), squash(m.group(2))) if m else (None, squash(rtext))
            if code is None and label:
                label = unnumbered(label)
                code = class_code(label)
            if not label and left and any(rnums):
                label = left[-1][0]  # "小 计 14461.89 14461.89": one label for both sides
            right.append((code, label, rnums, line))

    funds = {key for word, key in FUND_OF_ITEM for lab, nums, _ in left
             if word in lab and nums and parse_number(nums[0]) != 0}
    rows: list[Row] = []
    for label, nums, line in left:
        amounts = {ColumnKey.TOTAL: to_amount(parse_number(nums[0]), unit)} if nums else {}
        if len(nums) > 1:
            ctx.report("column-count", block.kind.value, label, 1, len(nums),
                       "an income item has more than one amount", line)
        role = RowRole.TOTAL if TOTAL_LABEL_RE.search(label) else RowRole.ITEM
        rows.append(Row(index=len(rows), label=label, source=ctx.ref(line, _side(sides, line, 0)),
                        amounts=amounts, role=role, side="income"))
    blank_totals: list[tuple[str, Line]] = []
    for code, label, nums, line in right:
        if tab:
            cand = {col: parse_number(v) for col, v in zip(columns, nums) if v}
            if fiscal and ColumnKey.TOTAL not in cand and cand:
                blank_totals.append((f"{code or ''} {label}".strip(), line))
        else:
            values = [parse_number(v) for v in nums if v]
            options = placements(values, columns)
            if len(options) > 1:
                options = [p for p in options if set(p) - {ColumnKey.TOTAL} <= funds] or options
            cand = options[0] if len(options) == 1 else ({ColumnKey.TOTAL: values[0]} if values else {})
            if len(options) > 1:
                ctx.report("column-placement", block.kind.value, f"{code or ''} {label}".strip(),
                           "one fund column", "ambiguous",
                           "cannot tell from the text which fund column holds the amount", line,
                           severity=Severity.WARNING)
        amounts = {col: to_amount(v, unit) for col, v in cand.items()}
        role = RowRole.LINE if code else (RowRole.TOTAL if TOTAL_LABEL_RE.search(label) else RowRole.ITEM)
        rows.append(Row(index=len(rows), label=label, code=code, source=ctx.ref(line, _side(sides, line, 1)),
                        amounts=amounts, role=role, side="expenditure"))
    if blank_totals:
        # one finding for the table: a blank 合计 column is one omission, not one per row
        first, line = blank_totals[0]
        ctx.report("row-total-missing", block.kind.value, first, None, None,
                   f"the 合计 cell is empty in {len(blank_totals)} expenditure rows while a fund column "
                   f"holds an amount (first: {first})", line, severity=Severity.WARNING)
    return Table(kind=block.kind, title=block.title, number=block.number, unit=unit,
                 columns=columns, rows=tuple(rows), declared_empty=block.declared_empty,
                 source=ctx.ref(block.title_line))


def income_funds(table: Table | None) -> set[str] | None:
    """Income columns a summary table shows money in (for placing 收入总体 amounts)."""
    if table is None:
        return None
    keys = set()
    words = (("财政拨款", ColumnKey.FISCAL), ("一般公共预算", ColumnKey.GENERAL_PUBLIC), ("政府性基金", ColumnKey.GOV_FUND),
             ("国有资本经营", ColumnKey.STATE_CAPITAL), ("财政专户", ColumnKey.SPECIAL_ACCOUNT),
             ("教育收费", ColumnKey.SPECIAL_ACCOUNT), ("事业单位经营收入", ColumnKey.OPERATING),
             ("事业收入", ColumnKey.BUSINESS), ("其他收入", ColumnKey.OTHER), ("其他资金收入", ColumnKey.OTHER),
             ("事业基金", ColumnKey.RESERVE), ("上年结余", ColumnKey.CARRYOVER), ("上级补助", ColumnKey.UPPER_SUBSIDY),
             ("附属单位上缴", ColumnKey.SUBSIDIARY_REMIT))
    for row in table.rows:
        if row.side != "income" or row.role is RowRole.TOTAL or not row.amount(ColumnKey.TOTAL):
            continue
        for word, key in words:
            if word in row.label:
                keys.add(key)
                break
    return keys


def _side(sides: dict[int, tuple[slice, slice]], line: Line, side: int) -> slice | None:
    """The cells of one side (0 income, 1 expenditure) of a tab row, None when not known."""
    parts = sides.get(line.no)
    return parts[side] if parts else None
