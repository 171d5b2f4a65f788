"""Tables whose rows are classification codes: 收入总体, 支出总体, 一般公共预算支出,
政府性基金预算支出 (功能分类 类/款/项), 基本支出 (经济分类 类/款) and 项目支出.

Parsing is two-step so that tables can help each other: :func:`draft_code_table`
rebuilds the rows and the placements the table's own arithmetic allows;
:func:`finish_code_table` turns a draft into a model :class:`Table` once evidence
from other tables (see :mod:`budgetkg.parse.evidence`) has been applied.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from budgetkg.model.codes import code_list, names_match, same_name
from budgetkg.model.report import Row, RowRole, Severity, Table, TableKind
from budgetkg.model.tables import ColumnKey, spec
from budgetkg.parse.columns import Node, Placement, detect_columns, placements, resolve_tree, tab_columns
from budgetkg.parse.context import ParseContext
from budgetkg.parse.rows import RawRow, body_lines, is_tab_layout, read_flowing_rows, read_tab_rows
from budgetkg.parse.subjects import split_subject
from budgetkg.parse.summary import unnumbered
from budgetkg.parse.tree import link_children
from budgetkg.segment.blocks import TableBlock
from budgetkg.sources.document import Line, row_line
from budgetkg.text.amounts import is_number, parse_number, to_amount
from budgetkg.text.names import squash

#: Labels of total rows, never a classified row.
TOTAL_WORDS = re.compile(r"合计|总计|小计|^本年|^其中")

#: Economic tables may print one code as an aggregate followed by its detail rows.
DETAIL_KINDS = {TableKind.BASIC_ECONOMIC}


@dataclass
class DraftRow:
    raw: RawRow
    code: str | None
    label: str
    role: RowRole
    node: Node
    project: str | None = None
    tab: bool = False


@dataclass
class DraftTable:
    block: TableBlock
    kind: TableKind
    columns: tuple[str, ...]
    unit: str
    rows: list[DraftRow]
    tab: bool
    reading: str = "as printed"


def _first_amount(raw: RawRow) -> Decimal | None:
    values = raw.cells if raw.cells is not None else raw.amounts
    first = next((v for v in values if v), None)
    return parse_number(first) if first and is_number(first) else None


def _aggregates(raws: list[RawRow], rows: list[int]) -> bool:
    """A code printed again below itself is an aggregate and its details only when the first
    row's figure is the sum of the others' (else the report printed one code for two items,
    e.g. 30208 for both 取暖费 and 物业管理费, and the rows are siblings)."""
    head, *rest = (_first_amount(raws[i]) for i in rows)
    return head is not None and None not in rest and head == sum(rest, Decimal(0))


def _roles(raws: list[RawRow], kind: TableKind) -> list[RowRole]:
    """Each row's role: a coded row is a line (or an aggregate and its details); a row without a
    code is the total (合计, or the department row above the classes) — except in a table whose
    rows are units, not classes (no row has a code, one says 合计): there a row is an item of the
    list (a unit), and only the rows that say 合计/总计 are totals."""
    roles = []
    codes = [r.code_parts[0] if r.code_parts else None for r in raws]
    by_unit = not any(codes) and any(TOTAL_WORDS.search(r.label) for r in raws)
    for i, code in enumerate(codes):
        if code is None:
            listed = by_unit and not TOTAL_WORDS.search(raws[i].label) and _first_amount(raws[i]) is not None
            roles.append(RowRole.ITEM if listed else RowRole.TOTAL)
        elif kind in DETAIL_KINDS and codes.count(code) > 1 and _aggregates(
                raws, [j for j, c in enumerate(codes) if c == code]):
            roles.append(RowRole.AGGREGATE if codes.index(code) == i else RowRole.DETAIL)
        else:
            roles.append(RowRole.LINE)
    return roles


def _link_tree(rows: list[DraftRow]) -> None:
    for parent, kids in link_children([(r.code, r.role) for r in rows]).items():
        rows[parent].node.children.extend(kids)


def draft_code_table(block: TableBlock, ctx: ParseContext,
                     allowed: set[str] | None = None,
                     subject_names=None) -> DraftTable:
    """Rows of a code table with the placements its own arithmetic allows.

    Args:
        allowed: non-total columns that may hold amounts (from another table's evidence).
        subject_names: ``code -> [names]`` used to split 科目 from 项目名称 in flowing text.
    """
    kind = block.kind
    header, body = body_lines(block.lines)
    columns = detect_columns(kind, " ".join(ln.text for ln in header))
    entry = spec(kind)
    code_columns, label_columns = entry.code_columns, entry.label_columns
    tab = is_tab_layout(body)
    half = _side_by_side(header, tab) if kind is TableKind.BASIC_ECONOMIC else None
    if half:
        return _draft_side_by_side(block, ctx, body, half, tab)
    read = tab_columns(kind, block.lines) if tab else None
    reading = "as printed"
    if read is not None:
        raws, columns, reading = _read_checked(block, ctx, read, code_columns, label_columns)
    elif tab:
        raws = read_tab_rows(body, code_columns, label_columns, len(columns), header)
    else:
        raws = read_flowing_rows(body, code_columns, header, known=code_list(entry.code_scheme).labels)
    _codes_from_names(raws, entry.code_scheme, kind, ctx)
    roles = _roles(raws, kind)
    unit = block.unit or ctx.default_unit
    rows: list[DraftRow] = []
    for raw, role in zip(raws, roles):
        code = raw.code_parts[0] if raw.code_parts else None
        label, project = raw.label, None
        if kind is TableKind.PROJECTS and code:
            if tab:
                label = squash(raw.label_cells[0]) if raw.label_cells else ""
                project = squash(raw.label_cells[1]) if len(raw.label_cells) > 1 else ""
            else:
                label, project = split_subject(raw.texts, (subject_names or {}).get(code, ()))
            project = project or None
        if tab:
            cand = {col: parse_number(v) for col, v in zip(columns, raw.cells or []) if v}
            candidates = [cand]
        else:
            try:
                values = [parse_number(v) for v in raw.amounts]
            except ValueError:
                values = []
            candidates = placements(values, columns)
            if not candidates:
                ctx.report("column-count", kind.value, f"{code or ''} {label}".strip(),
                           len(columns), len(values),
                           f"row has {len(values)} amounts but the table has {len(columns)} columns",
                           raw.first_line)
                candidates = [{columns[0]: values[0]}] if values else [{}]
            if allowed is not None and len(candidates) > 1:
                kept = [p for p in candidates if set(p) - {ColumnKey.TOTAL} <= allowed]
                candidates = kept or candidates
        rows.append(DraftRow(raw=raw, code=code, label=label, role=role, node=Node(candidates),
                             project=project, tab=tab))
    printed_blank = bool(rows) and not any(r.code or any(c for c in r.node.candidates) for r in rows)
    if printed_blank:
        rows = []  # a blank 合计 (perhaps glued to header words the layout hid): no row holds a figure
    if not rows and not block.declared_empty and not printed_blank:
        ctx.report("empty-table", kind.value, "", "rows", "none",
                   "no rows could be read from this table", block.title_line, severity=Severity.WARNING)
    _link_tree(rows)
    resolve_tree([r.node for r in rows], columns)
    _align_totals(rows)
    return DraftTable(block=block, kind=kind, columns=columns, unit=unit, rows=rows, tab=tab, reading=reading)


def _holds(raws: list[RawRow], kind: TableKind, columns: tuple[str, ...]) -> bool:
    """True unless most rows that print a whole and its parts break whole = Σ parts."""
    checked = failed = 0
    for whole, parts in spec(kind).sums:  # only the arithmetic the registry states
        at = {c: k for k, c in enumerate(columns)}
        if whole not in at or not any(p in at for p in parts):
            continue
        for raw in raws:
            cells = raw.cells or []
            values = {c: parse_number(cells[k]) for c, k in at.items() if k < len(cells) and cells[k]}
            present = [values[p] for p in parts if p in values]
            if whole in values and present:
                checked += 1
                failed += sum(present) != values[whole]
    return checked == 0 or failed * 2 <= checked


def _basic_from_parts(raws: list[RawRow], keys: tuple[str, ...]) -> tuple[str, ...]:
    """Add a 基本支出 column = 人员经费 + 公用经费 to rows whose table prints no subtotal."""
    at = {c: k for k, c in enumerate(keys)}
    for raw in raws:
        cells = list(raw.cells or [None] * len(keys))
        parts = [parse_number(cells[at[c]]) for c in (ColumnKey.PERSONNEL, ColumnKey.PUBLIC) if cells[at[c]]]
        raw.cells = [*cells, str(sum(parts)) if parts else None]
    return (*keys, ColumnKey.BASIC)


#: The readings of a header :func:`_read_checked` may keep (recorded in TableProof.reading).
AS_PRINTED = "as printed"
BASIC_FROM_PARTS = "基本支出 = 人员 + 公用 (no 基本支出 column printed)"
TEMPLATE_ORDER = "the template's column order (the header's columns do not add up)"
TOTALS_ONLY = "row totals only (no column reading adds up)"


def _read_checked(block: TableBlock, ctx: ParseContext, read, code_columns: int,
                  label_columns: int) -> tuple[list[RawRow], tuple[str, ...], str]:
    """Rows read with the columns the header names, kept only when the table's own
    arithmetic holds with them; else the template's order if that holds; else the row
    totals alone and a ``column-placement`` notice (a wrong figure is worse than none).
    The third value names the reading kept."""
    kind = block.kind
    header, body = block.lines[:read.header_rows], block.lines[read.header_rows:]
    raws = read_tab_rows(body, code_columns, label_columns, len(read.keys), header, read.positions)
    keys, reading = read.keys, AS_PRINTED
    if ColumnKey.BASIC not in keys and {ColumnKey.PERSONNEL, ColumnKey.PUBLIC} <= set(keys) and \
            any(k == ColumnKey.BASIC for k, _ in spec(kind).columns):
        keys, reading = _basic_from_parts(raws, keys), BASIC_FROM_PARTS
        ctx.report("basic-from-parts", kind.value, "", "基本支出", "人员经费 + 公用经费",
                   "the table prints 基本支出 only as 人员经费 and 公用经费; basic = their sum, the "
                   "parts are kept too", block.title_line, severity=Severity.INFO)
    if _holds(raws, kind, keys):
        return raws, keys, reading
    default = spec(kind).default_columns
    plain = read_tab_rows(body, code_columns, label_columns, len(default), header)
    if _holds(plain, kind, default):
        return plain, default, TEMPLATE_ORDER
    ctx.report("column-placement", kind.value, "", " / ".join(read.keys), "sums do not hold",
               "the columns the header names do not add up (whole = sum of parts) in most rows; "
               "only the row totals are kept", block.title_line)
    for raw in raws:
        raw.cells = (raw.cells or [None])[:1]
    return raws, (ColumnKey.TOTAL,), TOTALS_ONLY


@lru_cache(maxsize=4096)
def _code_by_name(label: str, scheme: str, within: tuple[str, ...]) -> str | None:
    """The one code whose name is ``label``: a class (类) anywhere, a 款/项 under the
    enclosing codes printed above it; None when no code or several fit.

    Cached by its arguments (the code list is the scheme's, read once): one lookup compares
    the label with every name of the list, and reports print the same names year after year."""
    codes = code_list(scheme)
    hits = [c for c in codes.names if any(names_match(label, n) for n in codes.labels(c))]
    classes = _one_name(label, [c for c in hits if len(c) == 3], codes)
    if len(classes) == 1:
        return classes[0]
    for parent in within:  # the nearest enclosing code first
        under = _one_name(label, [c for c in hits if c.startswith(parent) and len(c) == len(parent) + 2], codes)
        if len(under) == 1:
            return under[0]
    return None


def _one_name(label: str, fits: list[str], codes) -> list[str]:
    """Of several codes a name fits loosely, the one it names exactly (资本性支出 is 310, not
    309 资本性支出（基本建设）); all of them when none or several are named exactly."""
    exact = [c for c in fits if any(same_name(label, n) for n in codes.labels(c))]
    return exact if len(fits) > 1 and len(exact) == 1 else fits


def _codes_from_names(raws: list[RawRow], scheme: str, kind: TableKind, ctx: ParseContext) -> None:
    """Rows printed by name only ("一、一般公共服务支出") get their code from the code list."""
    last: dict[int, str] = {}
    for raw in raws:
        if raw.code_parts:
            code = raw.code_parts[0]
            last = {k: v for k, v in last.items() if k < len(code)}
            last[len(code)] = code
            continue
        label = unnumbered(raw.label)
        if not label or TOTAL_WORDS.search(label) or (raw.cells is None and not raw.amounts):
            continue
        within = [last[k] for k in sorted(last, reverse=True)]
        code = _code_by_name(label, scheme, tuple(within))
        if code:
            raw.code_parts = [code]
            last = {k: v for k, v in last.items() if k < len(code)}
            last[len(code)] = code
            ctx.report("code-from-name", kind.value, label, code, None,
                       f"the row is printed without a code; {code} is the code list's code of that "
                       "name", raw.first_line, severity=Severity.INFO)


def _side_by_side(header: tuple, tab: bool) -> int | None:
    """Where the second column group starts when the economic table is printed as two
    groups side by side (人员经费 | 公用经费), each with its own code, name and amount:
    a cell index in tab layouts, a character column in text laid out by position."""
    for line in header:
        if tab:
            cells = [squash(c) for c in line.cell_texts()]
            starts = [k for k, c in enumerate(cells) if c.startswith("经济分类科目编码") or c == "科目编码"]
            if len(starts) == 2:
                return starts[1]
        else:
            for word in ("经济分类", "科目编码", "科目名称"):
                first = line.text.find(word)
                second = line.text.find(word, first + len(word)) if first >= 0 else -1
                if second > 0:
                    return second
    return None


def _cut(text: str, at: int) -> tuple[str, str]:
    """Split a positioned text line at a column, moving left so that no token is cut in two."""
    while 0 < at < len(text) and not text[at - 1].isspace() and not text[at].isspace():
        at -= 1
    return text[:at], text[at:]


def _draft_side_by_side(block: TableBlock, ctx: ParseContext, body, half: int, tab: bool) -> DraftTable:
    """Left group = 人员经费, right group = 公用经费; each row's amount is its total too."""
    columns = (ColumnKey.TOTAL, ColumnKey.PERSONNEL, ColumnKey.PUBLIC)
    known = code_list("economic").labels
    rows: list[DraftRow] = []
    for side in (ColumnKey.PERSONNEL, ColumnKey.PUBLIC):
        if tab:
            part = slice(0, half) if side == ColumnKey.PERSONNEL else slice(half, None)
            lines = tuple(row_line(ln.no, ln.row_cells()[part], ln.page) for ln in body)
            raws = read_tab_rows(lines, 2, 1, 1)
        else:
            lines = tuple(Line(no=ln.no, page=ln.page, text=_cut(ln.text, half)[0 if side == ColumnKey.PERSONNEL else 1])
                          for ln in body)
            raws = read_flowing_rows(lines, 2, known=known)
        for raw in raws:
            code = raw.code_parts[0] if raw.code_parts else None
            value = (raw.cells or [None])[0] if tab else (raw.amounts[0] if raw.amounts else None)
            placement = {ColumnKey.TOTAL: parse_number(value), side: parse_number(value)} if value else {}
            rows.append(DraftRow(raw=raw, code=code, label=raw.label,
                                 role=RowRole.LINE if code else RowRole.ITEM, node=Node([placement]), tab=tab))
    return DraftTable(block=block, kind=block.kind, columns=columns,
                      unit=block.unit or ctx.default_unit, rows=rows, tab=tab)


def _align_totals(rows: list[DraftRow]) -> None:
    """A second total row (合计 at the foot) is printed like the first (the department row)."""
    totals = [r for r in rows if r.role is RowRole.TOTAL]
    resolved = next((t for t in totals if t.node.resolved), None)
    if resolved is None:
        return
    for t in totals:
        if not t.node.resolved and resolved.node.candidates[0] in t.node.candidates:
            t.node.candidates = [resolved.node.candidates[0]]


#: A label made of figures only, two or more of them run together ("27,664.2211,700.63"): the
#: row's cells were not told apart, and any amount taken from it would be in the wrong column.
_FIGURES_ONLY = re.compile(r"[\d,，]*\.\d+[\d,，]*\.\d+[\d,.，]*")


def _misread(r: DraftRow, kind: TableKind, ctx: ParseContext) -> bool:
    if not _FIGURES_ONLY.fullmatch(squash(r.label or "")):
        return False
    ctx.report("row-misread", kind.value, r.label, "a label", "figures",
               f"the row's label reads as figures ({r.label}): its cells were not told apart, so none "
               "of its amounts is kept", r.raw.first_line, severity=Severity.INFO)
    return True


def finish_code_table(draft: DraftTable, ctx: ParseContext) -> Table:
    """The model table; amounts whose column stays open are reported, not guessed."""
    out: list[Row] = []
    open_rows = [r for r in draft.rows if len(r.node.candidates) > 1]
    per_row = draft.kind is not TableKind.PROJECTS
    if open_rows and not per_row:
        ctx.report("column-placement", draft.kind.value, f"{len(open_rows)} rows",
                   "one column per amount", "ambiguous",
                   "the text layout does not say which economic-type column holds each project "
                   "amount; project totals are kept, the breakdown is left open",
                   open_rows[0].raw.first_line, severity=Severity.INFO)
    rows = [r for r in draft.rows if not _misread(r, draft.kind, ctx)]
    for i, r in enumerate(rows):
        candidates = r.node.candidates
        chosen: Placement = candidates[0] if len(candidates) == 1 else _common(candidates)
        if len(candidates) > 1 and per_row:
            ctx.report("column-placement", draft.kind.value, f"{r.code or ''} {r.label}".strip(),
                       " or ".join("/".join(sorted(set(p) - {ColumnKey.TOTAL})) for p in candidates),
                       "ambiguous",
                       "the text layout does not say which column these amounts belong to; "
                       "only the columns all readings agree on are kept",
                       r.raw.first_line, severity=Severity.WARNING)
        amounts = {col: to_amount(v, draft.unit) for col, v in chosen.items()}
        out.append(Row(index=i, label=r.label, code=r.code, amounts=amounts, role=r.role,
                       project=r.project, source=ctx.ref(r.raw.first_line),
                       complete=len(candidates) == 1))
    block = draft.block
    return Table(kind=draft.kind, title=block.title, number=block.number, unit=draft.unit,
                 columns=draft.columns, rows=tuple(out), declared_empty=block.declared_empty,
                 source=ctx.ref(block.title_line), reading=draft.reading,
                 derived={ColumnKey.BASIC: (ColumnKey.PERSONNEL, ColumnKey.PUBLIC)}
                 if draft.reading == BASIC_FROM_PARTS else {})


def _common(candidates: list[Placement]) -> Placement:
    """The column values every candidate agrees on."""
    first = candidates[0]
    return {c: v for c, v in first.items() if all(p.get(c) == v for p in candidates[1:])}
