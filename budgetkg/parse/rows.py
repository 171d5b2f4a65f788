"""Rebuild printed rows of a code table from its lines, in either layout.

*Tab layout* (web exports): one line per row, cells separated by tabs, so every
amount keeps its column.

*Flowing layout* (text pulled from PDFs): a row's cells are spread over several
lines — codes broken ("201 32" then "01"), names wrapped mid-word, amounts on a
line of their own, even an amount split ("14,231.8" then "4"). Empty cells leave
no trace, so an amount's column is only known when every column is filled; the
other rows get candidate placements that :mod:`budgetkg.parse.columns` resolves
from the table's arithmetic.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from budgetkg.model.codes import same_name
from budgetkg.parse.header import is_numbering_row
from budgetkg.sources.document import Cell, Line, row_line
from budgetkg.text.amounts import decimals_of, is_number, normalise_digits
from budgetkg.text.amounts import tokens as split_tokens
from budgetkg.text.names import squash

PAGE_FOOTER_RE = re.compile(r"^\s*[-—–]\s*\d+\s*[-—–]\s*$|^\s*第\s*\d+\s*页")
NOTE_RE = re.compile(r"^\s*(备注|注\s*[:：]|说明\s*[:：])")
HEADER_END_RE = re.compile(r"类\s*款(\s*项)?\s*$")
#: A code and its name printed in one cell: "[301]工资福利支出", "【2013101】行政运行", "2013101 行政运行".
CODE_AND_NAME_RE = re.compile(r"^[\[【［]?(\d{3}(?:\d{2}){0,2})[\]】］]?\s*([^\d\s\[【［,.].*)$")
CODE_PART_RE = re.compile(r"^\d{2}$|^\d{3}$|^\d{5}$|^\d{7}$")


@dataclass
class RawRow:
    """A row as printed: code parts, label text, and amounts (positional or in order)."""

    lines: list[Line] = field(default_factory=list)
    code_parts: list[str] = field(default_factory=list)
    texts: list[list[str]] = field(default_factory=list)  # per line, the text segments
    amounts: list[str] = field(default_factory=list)      # flowing: printed order
    cells: list[str | None] | None = None                  # tab layout: one per amount column
    label_cells: list[str] = field(default_factory=list)   # tab layout: name cells
    head_lines: int = 0  # text lines printed above the code line (vertically centred cells)

    @property
    def label(self) -> str:
        if self.label_cells:
            return "".join(squash(c) for c in self.label_cells if c)
        return "".join(squash(seg) for segs in self.texts for seg in segs)

    @property
    def first_line(self) -> Line:
        return self.lines[0]

    def has_text(self) -> bool:
        return any(segs for segs in self.texts) or any(self.label_cells)


def is_noise(line: Line) -> bool:
    """Blank lines and page footers carry no cell."""
    return not line.text.strip() or bool(PAGE_FOOTER_RE.match(line.text))


def body_lines(lines: tuple[Line, ...]) -> tuple[tuple[Line, ...], tuple[Line, ...]]:
    """Split a table block into (header lines, body lines) at the 类 款 项 line.

    When no such line exists the header is taken to end before the first line that
    starts with a classification code.
    """
    limit = min(len(lines), 400)
    for i in range(limit):
        if HEADER_END_RE.search(squash(lines[i].text)):
            return lines[:i + 1], lines[i + 1:]
    for i in range(limit):
        first = lines[i].text.strip().split()
        if first and re.fullmatch(r"\d{3}(\d{2}){0,2}", first[0]):
            return lines[:i], lines[i:]
    return (), lines


def is_tab_layout(lines: tuple[Line, ...]) -> bool:
    """True when most non-blank lines are table rows of two or more cells."""
    content = [ln for ln in lines if ln.text.strip()]
    return bool(content) and sum(ln.is_row for ln in content) >= 0.5 * len(content)


def _code_from_parts(parts: list[str], previous: dict[int, str], depth: int | None = None) -> str | None:
    """Concatenate code parts; a part printed without its class inherits it.

    ``depth`` is the code cell the first part stands in where the table prints 类 | 款 | 项 in
    cells of their own (1: 款, 2: 项): a 项 printed alone ("01" in the 项 cell) then continues
    the 款 above it (20108 → 2010801), never the class."""
    if not parts:
        return None
    code = "".join(parts)
    if len(parts[0]) == 2:  # 款 (or 项) printed alone: take the enclosing code from above
        width = 1 + 2 * depth if depth else (3 if len(code) == 2 else 5)
        parent = previous.get(width)
        return parent + code if parent else code
    return code


def _concatenated_codes(lines: list[Line]) -> bool:
    """True when the code rows print their code in one cell followed by the name."""
    votes = Counter()
    for ln in lines:
        cells = [c.strip() for c in ln.cell_texts()]
        first = normalise_digits(cells[0])
        if re.fullmatch(r"\d{3}(\d{2}){0,2}", first) and len(cells) > 1:
            votes[bool(cells[1]) and not cells[1].isdigit()] += 1
    return votes[True] > votes[False]


def read_tab_rows(lines: tuple[Line, ...], code_columns: int, label_columns: int,
                  amount_columns: int, header: tuple[Line, ...] = (),
                  positions: tuple[int, ...] | None = None) -> list[RawRow]:
    """Rows of a tab-layout table: code cells, label cells, then amount cells.

    ``positions``: the cell index of each amount column as the header names them; without
    it the amounts are the cells after the code and label cells, in order.
    Lines repeating the ``header`` (a table continued on the next page) are skipped.
    """
    rows: list[RawRow] = []
    last: dict[int, str] = {}
    repeated = {squash(ln.text) for ln in header if squash(ln.text)}
    content = [ln for ln in lines if not is_noise(ln) and not NOTE_RE.match(ln.text)
               and squash(ln.text) not in repeated]
    content = _aligned(content, header)
    if code_columns > 1 and _concatenated_codes(content):
        code_columns = 1  # "2013201<tab>行政运行": one code cell, totals written in it too
    for line in content:
        if not line.is_row and re.fullmatch(r"\s*\d{1,3}\s*", line.text):
            continue  # a page number between the rows of a ruled table
        cells = [c.strip() for c in line.cell_texts()]
        codes = [normalise_digits(c) for c in cells[:code_columns]]
        named = CODE_AND_NAME_RE.match(normalise_digits(cells[0]))
        depth = None
        if named:
            # "[301]工资福利支出" / "2013101 行政运行": code and name in one cell
            codes, label = [named.group(1)], [named.group(2)]
        elif any(c and not c.isdigit() for c in codes):
            # a label where a code should be: a total row written across the code cells, or a
            # code and its name with empty spacer cells between them ("201<tab><tab>一般公共服务支出")
            end = min(positions) if positions else code_columns + label_columns
            # an amount before the first current column is another year's (2025年预算数), no label
            filled = [c for c in cells[:end] if c and not (positions and is_number(c) and re.search(r"[.,]", c))]
            lead = 0
            while lead < min(len(filled) - 1, code_columns) and CODE_PART_RE.match(normalise_digits(filled[lead])):
                lead += 1
            codes, label = [normalise_digits(c) for c in filled[:lead]], filled[lead:]
        else:
            label = cells[code_columns:code_columns + label_columns]
            if code_columns > 1:
                depth = next((k for k, c in enumerate(codes) if c), None)
        if positions is not None:
            if is_numbering_row([squash(c) for c in cells]):
                continue  # the 栏次 row
            amounts = [cells[k] if k < len(cells) else None for k in positions]
        elif named:
            amounts = cells[1:]
        else:
            amounts = cells[code_columns + label_columns:]
        amounts = [a if a and is_number(a) else None for a in amounts][:amount_columns]
        amounts += [None] * (amount_columns - len(amounts))
        if not any(amounts) and label:
            label, amounts = _glued_label(label, amounts)
        if not any(label) and not any(amounts) and not any(codes):
            continue
        parts = [c for c in codes if c]
        row = RawRow(lines=[line], cells=amounts, label_cells=label)
        code = _code_from_parts(parts, last, depth)
        if code:
            row.code_parts = [code]
            last[len(code)] = code
            if len(code) == 5:
                last[3] = code[:3]
        rows.append(row)
    return rows


#: How far (points) a cell's left edge may be from its header cell's and still be its column.
_ALIGN_TOLERANCE = 3.0


def _aligned(lines: list[Line], header: tuple[Line, ...]) -> list[Line]:
    """Rows whose cells stand one or more columns left or right of the header's: a table continued
    on a page drawn without the first page's empty leading column (its cells' left edges are the
    header's, their indexes are not). Such a row gets the header's indexes back, by its cells'
    boxes: every boxed cell must sit on a header cell's left edge, all by the same shift."""
    heads = max((ln.cells for ln in header if ln.cells),
                key=lambda cells: sum(1 for c in cells if c.text and c.box), default=())
    anchors = [c.box[0] if c.box else None for c in heads]
    if not any(a is not None for a in anchors):
        return lines
    out = []
    for ln in lines:
        shifts = set()
        for j, cell in enumerate(ln.cells or ()):
            if cell.box is None:
                continue
            near = [k for k, a in enumerate(anchors) if a is not None and abs(a - cell.box[0]) <= _ALIGN_TOLERANCE]
            shifts.add(near[0] - j if near else None)
        shift = shifts.pop() if len(shifts) == 1 else None
        if not shift or shift < 0:
            out.append(ln)
            continue
        cells = (*(Cell("", ln.page) for _ in range(shift)), *ln.cells)
        out.append(row_line(ln.no, cells, ln.page))
    return out


def _glued_label(label: list[str], amounts: list[str | None]) -> tuple[list[str], list[str | None]]:
    """A label cell that holds the row's amounts too ("合计7,519.447,519.44"): the amounts split
    off by the row's arithmetic; all columns when the count matches, else the row total only."""
    toks = split_tokens(label[-1])
    numbers = toks[1:]
    if len(toks) < 2 or not all(is_number(t) for t in numbers):
        return label, amounts
    label = [*label[:-1], toks[0]]
    if len(numbers) == len(amounts):
        return label, list(numbers)
    return label, [numbers[0], *[None] * (len(amounts) - 1)]


def _typical_decimals(lines: tuple[Line, ...]) -> int:
    counts = Counter(decimals_of(tok) for ln in lines for tok in ln.text.split()
                     if is_number(tok) and "." in tok)
    return counts.most_common(1)[0][0] if counts else 2


def _leading_codes(tokens: list[str], max_parts: int, continuing: bool) -> list[str]:
    """The code parts at the start of a line: "201 32 01", "2013201", or "01" continuing a code."""
    parts: list[str] = []
    for tok in tokens[:max_parts]:
        tok = normalise_digits(tok)
        if "." in tok or not CODE_PART_RE.match(tok):
            break
        if not parts and not continuing and len(tok) == 2 and len(tokens) == 1:
            break  # a lone two-digit token cannot open a row
        parts.append(tok)
        if len(tok) >= 5:
            break
    return parts


def _split_point(row: RawRow, pending: list[Line], known) -> int:
    """How many of the text lines printed after a complete row still belong to it.

    Extractors centre a cell's text vertically: a wrapped name can start above the
    line with the code and amounts and end below it. A row that began with ``h``
    such lines above takes up to ``h`` below; where the code's known name settles
    it (the name completes exactly after ``j`` lines), that wins.
    """
    default = min(row.head_lines, len(pending))
    code = "".join(row.code_parts)
    names = known(code) if known and code else ()
    fits = [j for j in range(len(pending) + 1)
            if any(same_name(row.label + "".join(squash(p.text) for p in pending[:j]), n) for n in names)]
    return min(fits, key=lambda j: abs(j - default)) if fits else default


def read_flowing_rows(lines: tuple[Line, ...], max_code_parts: int,
                      header: tuple[Line, ...] = (), known=None) -> list[RawRow]:
    """Rows of a flowing-layout table, rebuilt from code, text and amount tokens.

    A row is complete once amounts follow its text. Text-only lines after a
    complete row are held until the next row starts, then shared between the two
    (see :func:`_split_point`). Lines that repeat the ``header`` (a table continued
    on the next page) are skipped. ``known(code)`` gives the names a code may have.
    """
    decimals = _typical_decimals(lines)
    repeated = {squash(ln.text) for ln in header
                if len(squash(ln.text)) >= 4 or HEADER_END_RE.search(squash(ln.text))}
    rows: list[RawRow] = []
    cur = RawRow()
    pending: list[Line] = []
    last: dict[int, str] = {}

    def flush() -> None:
        nonlocal cur
        if cur.lines:
            rows.append(cur)
        cur = RawRow()

    def settle(next_row: bool) -> None:
        nonlocal cur
        j = _split_point(cur, pending, known) if next_row else len(pending)
        for ln in pending[:j]:
            cur.lines.append(ln)
            cur.texts.append([ln.text.strip()])
        head = pending[j:]
        pending.clear()
        flush()
        for ln in head:
            cur.lines.append(ln)
            cur.texts.append([ln.text.strip()])
        cur.head_lines = len(head)

    for line in lines:
        if is_noise(line):
            continue
        if NOTE_RE.match(line.text):
            break
        if squash(line.text) in repeated:
            continue
        tokens = split_tokens(line.text)
        # an amount split over two lines: "14,231.8" then "4"
        if (cur.amounts and not pending and len(tokens) == 1 and tokens[0].isdigit()
                and len(tokens[0]) <= 2 and "." in cur.amounts[-1]
                and decimals_of(cur.amounts[-1]) + len(tokens[0]) == decimals):
            cur.amounts[-1] += tokens[0]
            cur.lines.append(line)
            continue
        all_numbers = all(is_number(t) for t in tokens)
        text_only = not any(is_number(t) for t in tokens) and not _leading_codes(tokens, max_code_parts, False)
        if cur.amounts and text_only:
            pending.append(line)
            continue
        if pending:
            settle(True)
        codes_only = bool(cur.code_parts) and not cur.has_text() and not cur.amounts
        if cur.has_text() and cur.code_parts and not cur.amounts and all_numbers:
            codes: list[str] = []  # the amounts of a coded row whose name is complete
        else:
            codes = _leading_codes(tokens, max_code_parts - (len(cur.code_parts) if codes_only else 0),
                                   continuing=codes_only)
        if codes and not codes_only and (cur.amounts or cur.code_parts):
            flush()  # a new code: the row before is done (text held above it is this row's)
        rest = tokens[len(codes):]
        j = len(rest)
        while j > 0 and is_number(rest[j - 1]):
            j -= 1
        text_tokens, amount_tokens = rest[:j], rest[j:]
        if text_tokens and cur.amounts:
            flush()  # text and amounts after a complete row: the next (codeless) row
        cur.lines.append(line)
        cur.code_parts.extend(codes)
        cur.texts.append([" ".join(text_tokens)] if text_tokens else [])
        cur.amounts.extend(amount_tokens)
    if pending:
        settle(False)
    flush()
    for row in rows:
        if row.code_parts:
            code = _code_from_parts(row.code_parts, last)
            row.code_parts = [code]
            last[len(code)] = code
            if len(code) >= 5:
                last[3] = code[:3]
            if len(code) == 7:
                last[5] = code[:5]
    return rows
