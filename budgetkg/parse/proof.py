"""Proof of a reading: a table's figures become facts only when its own arithmetic closes.

The national template is redundant on purpose: within a row the parts add up to the total
(合计 = 基本支出 + 项目支出), within a table the children add up to their parent (项 → 款 → 类 →
合计), a summary's classes add up to its 支出合计 and its 收入总计 equals its 支出总计, a 三公
row's items add up to its 合计 — each an *identity* the printed figures satisfy, to the
precision they are printed with. A reading that satisfies them is proven; one that breaks them
in a whole column pattern is a misread (a column dropped, a subtotal counted as a part, a
column-number row read as figures), never the document's mistake.

The verdict on each table (:class:`~budgetkg.model.report.TableProof`):

- **verified**: every identity it takes part in closes;
- **verified with errors**: all close but those of one or two rows, and the rest are at least
  twice as many — those rows are the document's own slips, which the checks report;
- **unread**: anything else — the table's rows are not stored and one notice names the page,
  the table and why (:data:`UNREAD_CHECK`); no arithmetic finding can come from it;
- **unchecked**: no identity to test (one column and no total row) unless another table prints
  its total (the expenditure table's total is the summary's 支出总计 …), which then proves it;
  otherwise it is not stored either (nothing proves it), with its own notice;
- **empty**: printed blank or declared empty.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import replace
from decimal import Decimal

from budgetkg.model.report import Amount, Finding, ProofStatus, Row, RowRole, Severity, Table, TableKind, TableProof
from budgetkg.model.tables import row_sums
from budgetkg.parse.context import ParseContext
from budgetkg.parse.figure_off import figure_off, pinned_by_other_tables
from budgetkg.parse.sums import Identity, Sum
from budgetkg.parse.tree import link_children
from budgetkg.text.amounts import rounding_slack

ZERO = Decimal(0)
#: The notice an unread table gets (declared in :mod:`budgetkg.check.reading`).
UNREAD_CHECK = "table-unproven"
#: Tables whose rows are classified (类/款/项 codes or names) and whose columns add up by row.
CODE_TABLES = (TableKind.EXPENDITURE, TableKind.GENERAL_PUBLIC, TableKind.GOV_FUND, TableKind.STATE_CAPITAL,
               TableKind.BASIC_ECONOMIC, TableKind.INCOME, TableKind.PROJECTS)
TWO_SIDED = (TableKind.SUMMARY, TableKind.FISCAL_SUMMARY)
#: A label holding a printed amount: the text layer ran the row's figures into its label.
_GLUED_LABEL_RE = re.compile(r"\d[\d,]*\.\d{2}")
_TOTAL_LABEL_RE = re.compile(r"合\s*计|总\s*计")
_GRAND_TOTAL_RE = re.compile(r"^(?!本年).*总\s*计")
#: Most rows a verified table may leave unclosed before they count as a misread pattern.
MAX_ROWS_OFF = 2


def _closes(whole: Amount, parts: Iterable[Amount | None]) -> bool:
    printed = [p for p in parts if p is not None]
    total = sum((p.yuan for p in printed), ZERO)
    return abs(total - whole.yuan) <= rounding_slack([whole, *printed])


def _glued(row: Row) -> bool:
    return bool(_GLUED_LABEL_RE.search(row.label or ""))


def _row_identities(table: Table) -> Iterator[Identity]:
    """Parts against the row total (or a subtotal column against its parts), row by row."""
    for whole, parts in row_sums(table.kind, table.columns):
        parts = tuple(p for p in parts if p in table.columns)
        if not parts:
            continue
        for row in table.rows:
            total = row.amounts.get(whole)
            present = [row.amounts[p] for p in parts if p in row.amounts]
            if total is None or not present or not row.complete:
                continue
            yield Identity(f"{whole} = {' + '.join(p for p in parts if p in row.amounts)}", (row.index,),
                           _closes(total, present),
                           (((row.index, whole), tuple((row.index, p) for p in parts if p in row.amounts)),))


def _tree_identities(table: Table) -> Iterator[Identity]:
    """Children against their parent in every column (项 → 款 → 类 → the total row), and every
    total row against the first."""
    rows = table.rows
    for parent, kids in link_children([(r.code, r.role) for r in rows]).items():
        p = rows[parent]
        for col in table.columns:
            whole = p.amounts.get(col)
            if whole is None:
                continue
            if col != "total" and (not p.complete or not all(rows[k].complete for k in kids)):
                continue
            yield Identity(f"children of {p.code or p.label} in {col}", (p.index,),
                           _closes(whole, (rows[k].amounts.get(col) for k in kids)),
                           (((p.index, col), tuple((rows[k].index, col) for k in kids if col in rows[k].amounts)),))
    totals = [r for r in rows if r.role is RowRole.TOTAL and _TOTAL_LABEL_RE.search(r.label or "")]
    for other in totals[1:]:
        for col in table.columns:
            a, b = totals[0].amounts.get(col), other.amounts.get(col)
            if a is not None and b is not None:
                yield Identity(f"total rows agree in {col}", (other.index,), _closes(a, [b]),
                               (((totals[0].index, col), ((other.index, col),)),))


def _without_subtotals(rows: list[Row], col: str) -> list[Row]:
    """The rows less those printed as the sum of the rows right below them (财政拨款（补助） over
    一般公共预算, 政府性基金预算 …): a subtotal is not a part."""
    out = []
    for i, row in enumerate(rows):
        whole = row.amounts.get(col)
        below = [r.amounts.get(col) for r in rows[i + 1:]]
        if whole is not None and whole.yuan and any(
                _closes(whole, below[:j]) for j in range(1, len(below) + 1) if below[j - 1] is not None):
            continue
        out.append(row)
    return out


def _side_identities(table: Table) -> Iterator[Identity]:
    """A two-sided summary: on each side every total line is the sum of the lines above it since
    the previous total line (that line included: 合计 = 本年收入合计 + 上年结转), the lines being the
    expenditure classes, the items (less 其中 lines, column numbers and subtotals) or both, column
    by column; 收入总计 = 支出总计."""
    for side in ("income", "expenditure"):
        side_rows = [r for r in table.rows if r.side == side and not _aside(r)]
        marks = [i for i, r in enumerate(side_rows) if r.role is RowRole.TOTAL]
        for n, at in enumerate(marks):
            row = side_rows[at]
            previous = side_rows[marks[n - 1]] if n else None
            above = side_rows[(marks[n - 1] + 1 if n else 0):at]
            below = side_rows[at + 1:(marks[n + 1] if n + 1 < len(marks) else len(side_rows))]
            for col in table.columns:
                whole = row.amounts.get(col)
                if whole is None:
                    continue
                candidates = [([previous] if previous is not None else []) + c for c in _part_sets(above, col)]
                if not above and previous is None:
                    candidates += _part_sets(below, col)  # a total line printed above its lines
                closes = any(_closes(whole, [r.amounts.get(col) for r in rows]) for rows in candidates if rows)
                yield Identity(f"the {side} lines add up to {row.label} in {col}", (row.index,), closes,
                               _sums(row, candidates, col))
    grand = {side: _grand_total(table, side) for side in ("income", "expenditure")}
    if grand["income"] is not None and grand["expenditure"] is not None:
        yield Identity("收入总计 = 支出总计", (grand["income"].index, grand["expenditure"].index),
                       _closes(grand["income"].amounts["total"], [grand["expenditure"].amounts["total"]]),
                       (((grand["income"].index, "total"), ((grand["expenditure"].index, "total"),)),))


def _sums(whole: Row, candidates: list[list[Row]], col: str) -> tuple[Sum, ...]:
    """The ways a total line may add up, as sums of figures."""
    return tuple(((whole.index, col), tuple((r.index, col) for r in rows if col in r.amounts))
                 for rows in candidates if rows)


def _part_sets(rows: list[Row], col: str) -> list[list[Row]]:
    """The ways the lines of a summary side may add up: its classes, its items (with or without
    the items that are subtotals of the items below them), or both."""
    classes = [r for r in rows if r.role is RowRole.LINE and r.code and len(r.code) == 3]
    items = [r for r in rows if r.role is RowRole.ITEM]
    plain = _without_subtotals(items, col)
    return [classes, items, classes + items, plain, classes + plain]


_ASIDE_RE = re.compile(r"^\s*(其中|栏次|\d+\s*$)")


def _aside(row: Row) -> bool:
    """A line that is no part of its side's sum: 其中 (a part of the line above), a column-number row."""
    return bool(_ASIDE_RE.match(row.label or ""))


def _grand_total(table: Table, side: str) -> Row | None:
    """A side's 总计 line, else its only 合计 line."""
    rows = [r for r in table.rows if r.side == side and r.role is RowRole.TOTAL and "total" in r.amounts]
    grand = [r for r in rows if _GRAND_TOTAL_RE.search(r.label or "")] \
        or [r for r in rows if re.fullmatch(r"\s*合\s*计\s*", r.label or "")]
    return grand[0] if grand else rows[0] if len(rows) == 1 else None


def _three_public_identities(table: Table) -> Iterator[Identity]:
    """合计 = 出国 + 用车 + 接待 and 用车 = 购置 + 运行 in every row that prints a 合计 and items."""
    for row in table.rows:
        a = row.amounts
        if "total" in a and any(k in a for k in ("overseas", "vehicle", "reception",
                                                 "vehicle_purchase", "vehicle_operation")):
            vehicle = [a.get("vehicle")] if "vehicle" in a else [a.get("vehicle_purchase"), a.get("vehicle_operation")]
            keys = ["overseas", *(["vehicle"] if "vehicle" in a else ["vehicle_purchase", "vehicle_operation"]), "reception"]
            yield Identity("三公 合计 = 出国 + 用车 + 接待", (row.index,),
                           _closes(a["total"], [a.get("overseas"), *vehicle, a.get("reception")]),
                           (((row.index, "total"), tuple((row.index, k) for k in keys if k in a)),))
        if "vehicle" in a and ("vehicle_purchase" in a or "vehicle_operation" in a):
            yield Identity("用车 = 购置 + 运行", (row.index,),
                           _closes(a["vehicle"], [a.get("vehicle_purchase"), a.get("vehicle_operation")]),
                           (((row.index, "vehicle"), tuple((row.index, k) for k in ("vehicle_purchase", "vehicle_operation")
                                                            if k in a)),))


def _list_identities(table: Table) -> Iterator[Identity]:
    """A list without codes (projects by name, under their units): its 合计 line, first or last,
    is the sum of the other lines (less the unit lines that are subtotals of the lines below)."""
    rows = [r for r in table.rows if not _aside(r)]
    if len(rows) < 2 or any(r.code for r in rows):
        return
    for at, rest in ((0, rows[1:]), (len(rows) - 1, rows[:-1])):
        head = rows[at]
        if not _TOTAL_LABEL_RE.search(head.label or "") or "total" not in head.amounts:
            continue
        candidates = (rest, _without_subtotals(rest, "total"))
        closes = any(_closes(head.amounts["total"], [r.amounts.get("total") for r in c]) for c in candidates)
        yield Identity("the lines add up to the 合计 line", (head.index,), closes, _sums(head, list(candidates), "total"))
        return


def identities(table: Table) -> list[Identity]:
    """Every identity the table's printed figures must satisfy; a row whose figures ran into its
    label is one that cannot close."""
    out = [Identity("figures run into the row's label", (r.index,), False)
           for r in table.rows if r.amounts and _glued(r)]
    if table.kind in CODE_TABLES:
        out += [*_row_identities(table), *_tree_identities(table), *_list_identities(table)]
    elif table.kind in TWO_SIDED:
        out += [*_row_identities(table), *_side_identities(table)] if table.kind is TableKind.FISCAL_SUMMARY \
            else list(_side_identities(table))
    elif table.kind is TableKind.THREE_PUBLIC:
        out += list(_three_public_identities(table))
    return out


def verdict(table: Table, scanned: frozenset[int] = frozenset()) -> TableProof:
    """The verdict on a table from its own identities alone, naming the reading of its header
    the parser kept (:attr:`Table.reading`)."""
    return replace(_verdict(table, scanned), reading=table.reading)


def _verdict(table: Table, scanned: frozenset[int]) -> TableProof:
    if table.declared_empty or not any(r.amounts for r in table.rows):
        return TableProof(ProofStatus.EMPTY)
    found = identities(table)
    failed = [i for i in found if not i.closes]
    if not found:
        return TableProof(ProofStatus.UNCHECKED, reason="no sum in the table to test the reading against")
    if not failed:
        return TableProof(ProofStatus.VERIFIED, identities=len(found))
    rows_off = tuple(sorted({r for i in failed for r in i.rows}))
    passed = len(found) - len(failed)
    # a sum that fails on a page read by OCR is as likely a misread digit (or a figure run into a
    # label) as the document's own slip: the table is unread, never stored with a guessed figure
    if any(r.source.page in scanned for r in table.rows):
        return TableProof(ProofStatus.UNREAD, len(found), len(failed), rows_off,
                          reason=f"read by OCR, and {_why(found, failed)}")
    if len(rows_off) <= MAX_ROWS_OFF and passed >= 2 * len(failed) and passed >= 3:
        return TableProof(ProofStatus.DOCUMENT_ERRORS, len(found), len(failed), rows_off)
    # one figure off is a slip of the document where the figures were printed as text
    if passed and figure_off(table, found) is not None:
        return TableProof(ProofStatus.DOCUMENT_ERRORS, len(found), len(failed), rows_off)  # one figure printed wrong
    return TableProof(ProofStatus.UNREAD, len(found), len(failed), rows_off, reason=_why(found, failed))


def _why(found: list[Identity], failed: list[Identity]) -> str:
    """The reason an unread table gets: which kind of sum fails, how often."""
    kinds: dict[str, list[int]] = {}
    for i in found:
        key = i.what.split(" in ")[0] if i.what.startswith("children") else i.what
        key = "children add up to their parent" if key.startswith("children") else key
        counts = kinds.setdefault(key, [0, 0])
        counts[0] += 1
        counts[1] += not i.closes
    worst = sorted(((bad, n, k) for k, (n, bad) in kinds.items() if bad), reverse=True)
    return "; ".join(f"{k}: {bad} of {n} do not close" for bad, n, k in worst[:3])


def _total_row(table: Table) -> Row | None:
    return next((r for r in table.rows if r.role is RowRole.TOTAL and "total" in r.amounts), None)


def _counterparts(tables: list[Table], totals: dict[str, Amount]) -> dict[int, list[Amount]]:
    """For each table (by position), the figures other, proven tables print for its total: the
    summary's 支出总计/收入总计 for the expenditure and income tables, the basic and project columns
    of the expenditure-by-function table for the basic-economic and project tables."""
    proven = [t for t in tables if t.proof is not None and t.proof.proven and t.proof.status is not ProofStatus.EMPTY]
    split = next((t for t in proven if t.kind is TableKind.GENERAL_PUBLIC), None) \
        or next((t for t in proven if t.kind is TableKind.EXPENDITURE), None)
    split_total = _total_row(split) if split is not None else None
    wanted: dict[TableKind, list[Amount]] = {
        TableKind.EXPENDITURE: [a for k, a in totals.items() if k.startswith("expenditure")],
        TableKind.INCOME: [a for k, a in totals.items() if k.startswith("income")],
    }
    if split_total is not None:
        for kind, col in ((TableKind.BASIC_ECONOMIC, "basic"), (TableKind.PROJECTS, "project")):
            if col in split_total.amounts:
                wanted[kind] = [split_total.amounts[col]]
    return {i: wanted.get(t.kind, []) for i, t in enumerate(tables)}


#: Code tables whose 类 rows another table prints too: (table, its column) → (reference table, column).
CLASS_REFERENCES = {TableKind.EXPENDITURE: (TableKind.SUMMARY, "total"),
                    TableKind.GENERAL_PUBLIC: (TableKind.FISCAL_SUMMARY, "general_public")}


def _reference_classes(tables: list[Table], kind: TableKind, col: str) -> dict[str, Amount]:
    """code → the figure a proven summary table prints for a 类 (expenditure side), or {}."""
    ref = next((t for t in tables if t.kind is kind and t.proof is not None and t.proof.proven), None)
    if ref is None:
        return {}
    return {r.code: r.amounts[col] for r in ref.rows
            if r.side == "expenditure" and r.code and len(r.code) == 3 and col in r.amounts}


def _against_reference(table: Table, tables: list[Table], totals: dict[str, Amount]) -> TableProof | None:
    """An unread verdict for a code table whose 类 rows (and total) are not the summary table's
    beyond one or two classes: a whole column read from the wrong place closes on its own (the
    政府采购 小计 column read as the total adds up as well as the real one) but not against the
    summary. None when the table agrees, or nothing is compared."""
    kind, col = CLASS_REFERENCES.get(table.kind, (None, ""))
    reference = _reference_classes(tables, kind, col) if kind is not None else {}
    own = {r.code: r.amounts["total"] for r in table.rows
           if r.code and len(r.code) == 3 and r.role is RowRole.LINE and "total" in r.amounts}
    compared = [code for code in own if code in reference]
    if kind is None or not compared:
        return None
    differ = [code for code in compared if not _closes(reference[code], [own[code]])]
    row = _total_row(table)
    wanted = [a for k, a in totals.items() if k.startswith("expenditure")] if table.kind is TableKind.EXPENDITURE else []
    total_differs = bool(row is not None and wanted and not any(_closes(a, [row.amounts["total"]]) for a in wanted))
    if len(differ) <= MAX_ROWS_OFF and not (total_differs and differ):
        return None
    reason = (f"its 类 rows are not the {kind.value} table's: {len(differ)} of {len(compared)} differ"
              + (", and so does its total" if total_differs else ""))
    return TableProof(ProofStatus.UNREAD, len(compared), len(differ), reason=reason)


def _pinned(table: Table, tables: list[Table], scanned: frozenset[int]) -> Table:
    """An unread table whose one failed sum blames a figure another proven table prints right
    (:func:`~budgetkg.parse.figure_off.pinned_by_other_tables`) is verified with that error."""
    proof = table.proof
    if proof is None or proof.status is not ProofStatus.UNREAD or proof.failed != 1 \
            or any(r.source.page in scanned for r in table.rows):
        return table
    others = [t for t in tables if t is not table and t.proof is not None and t.proof.proven]
    if pinned_by_other_tables(table, identities(table), others) is None:
        return table
    return replace(table, proof=replace(proof, status=ProofStatus.DOCUMENT_ERRORS, reason=""))


def prove_tables(tables: list[Table], totals: dict[str, Amount], ctx: ParseContext,
                 scanned: frozenset[int] = frozenset()) -> list[Table]:
    """Every printed table with its proof; an unread table keeps its title and place but no rows
    (one notice says why), an unchecked one proven by another table's figure is verified, and a
    code table that closes on its own but not against the summary's classes is unread."""
    proved = [t if t.origin != "table" else replace(t, proof=verdict(t, scanned)) for t in tables]
    proved = [t if t.proof is None or not t.proof.proven or t.kind not in CLASS_REFERENCES
              else replace(t, proof=_against_reference(t, proved, totals) or t.proof) for t in proved]
    proved = [_pinned(t, proved, scanned) for t in proved]
    counterparts = _counterparts(proved, totals)
    out = []
    for i, t in enumerate(proved):
        if t.proof is not None and t.proof.status is ProofStatus.UNCHECKED:
            row = _total_row(t)
            if row is not None and any(_closes(row.amounts["total"], [a]) for a in counterparts[i]):
                t = replace(t, proof=TableProof(ProofStatus.VERIFIED, identities=1,
                                                reading="its total is another table's figure"))
        if t.proof is not None and t.proof.status in (ProofStatus.UNREAD, ProofStatus.UNCHECKED):
            why = ("its columns do not add up under the reading of its header" if t.proof.status is ProofStatus.UNREAD
                   else "nothing in the report proves its reading")
            ctx.findings.append(Finding(
                check=UNREAD_CHECK, table=t.kind.value, row=t.title, expected="a reading whose sums close",
                found=None, source=t.source, severity=Severity.NOTICE,
                message=f"table {t.title!r} (page {t.source.page or '?'}) is not stored: {why} ({t.proof.reason})"))
            t = replace(t, rows=())
        out.append(t)
    return out
