"""“三公”经费支出情况表: one row of 合计, 因公出国（境）费, 公务用车购置及运行费
(小计, 购置费, 运行费) and 公务接待费.

In flowing text the empty cells vanish; amounts are placed where
合计 = 出国 + 用车 + 接待 and 用车 = 购置 + 运行 hold, and left open otherwise.
"""
from __future__ import annotations

from decimal import Decimal

from ..amounts import is_number, parse_number, to_amount, tokens as split_tokens
from ..model import Row, RowRole, Table
from ..segment import TableBlock, squash
from .columns import THREE_PUBLIC_COLUMNS, placements
from .context import ParseContext
from .rows import NOTE_RE, is_noise


def three_public_consistent(p: dict[str, Decimal]) -> bool:
    """合计 = 出国 + 用车 + 接待 and 用车 = 购置 + 运行, empty cells counting as zero."""
    g = lambda k: p.get(k, Decimal(0))  # noqa: E731
    return (g("total") == g("overseas") + g("vehicle") + g("reception")
            and g("vehicle") == g("vehicle_purchase") + g("vehicle_operation"))


_HEADER_WORDS = (("overseas", "因公出国"), ("reception", "公务接待"), ("vehicle_purchase", "购置费"),
                 ("vehicle_operation", "运行费"), ("vehicle", "公务用车购置及运行"), ("vehicle", "小计"),
                 ("admin_cost", "机关运行经费"), ("total", "合计"))


def _header_positions(lines) -> dict[str, int]:
    """Column positions named by the header cells of a tab-layout 三公 table."""
    positions: dict[str, int] = {}
    for line in lines:
        cells = [squash(c) for c in line.text.split("\t")]
        if any(c and is_number(c) for c in cells):
            break
        for k, cell in enumerate(cells):
            for key, word in _HEADER_WORDS:
                if word in cell and key not in positions and k not in positions.values():
                    positions[key] = k
                    break
    return positions


def _tab_placement(cells: list[str], header: dict[str, int], columns: tuple[str, ...]):
    """Amounts by header position when that reading adds up, else in the template's order."""
    by_header = {key: parse_number(cells[k]) for key, k in header.items() if k < len(cells) and cells[k]}
    if len(header) >= 4 and three_public_consistent(by_header) \
            and len(by_header) == sum(1 for c in cells if c):
        return by_header
    return {col: parse_number(v) for col, v in zip(columns, cells) if v}


def _budget_final_pairs(lines) -> int:
    """The number of 预算数/决算数 column pairs of a final account's 三公 table (0 if none)."""
    for line in lines:
        cells = [squash(c) for c in (line.text.split("\t") if "\t" in line.text else line.text.split())]
        cells = [c for c in cells if c]
        if len(cells) >= 4 and len(cells) % 2 == 0 and all(
                c == ("预算数" if k % 2 == 0 else "决算数") for k, c in enumerate(cells)):
            return len(cells) // 2
    return 0


def _pair_placement(cells: list[str], pairs: int) -> dict | None:
    """决算数 under the template's columns, 预算数 under "<column>_budget"."""
    if len(cells) < 2 * pairs:
        if "\t" not in "".join(cells) and len([c for c in cells if c]) != 2 * pairs:
            return None
        cells = cells + [""] * (2 * pairs - len(cells))
    out = {}
    for k, col in enumerate(THREE_PUBLIC_COLUMNS[:pairs]):
        budget, final = cells[2 * k], cells[2 * k + 1]
        if final:
            out[col] = parse_number(final)
        if budget:
            out[f"{col}_budget"] = parse_number(budget)
    return out


def parse_three_public_table(block: TableBlock, ctx: ParseContext) -> Table:
    """The 三公 row; a 机关运行经费 column printed beside it (some regions) is kept as admin_cost."""
    unit = block.unit or ctx.default_unit
    header_text = "".join(squash(ln.text) for ln in block.lines[:12])
    columns = THREE_PUBLIC_COLUMNS + (("admin_cost",) if "机关运行经费" in header_text else ())
    header = _header_positions(block.lines)
    pairs = _budget_final_pairs(block.lines)
    if pairs:  # final accounts print 预算数 | 决算数 under every column
        columns = THREE_PUBLIC_COLUMNS + tuple(f"{c}_budget" for c in THREE_PUBLIC_COLUMNS)
    rows: list[Row] = []
    for line in block.lines:
        if is_noise(line):
            continue
        if NOTE_RE.match(line.text):
            break
        complete = True
        values_line = [c.strip() for c in line.text.split("\t")] if "\t" in line.text else split_tokens(line.text)
        if pairs and values_line and all(not c or is_number(c) for c in values_line) and any(values_line):
            cand = _pair_placement(values_line, pairs)
            if cand is None:
                ctx.report("column-placement", block.kind.value, "三公经费", f"{2 * pairs} cells",
                           str(len(values_line)), "the 预算数/决算数 cells cannot be told apart", line,
                           severity="warning")
                continue
        elif "\t" in line.text:
            cells = [c.strip() for c in line.text.split("\t")]
            if not any(cells) or not all(not c or is_number(c) for c in cells):
                continue
            cand = _tab_placement(cells, header, columns)
        else:
            tokens = split_tokens(line.text)
            if not tokens or not all(is_number(t) for t in tokens):
                continue
            values = [parse_number(t) for t in tokens]
            options = [p for p in placements(values, columns) if three_public_consistent(p)]
            if len(options) == 1:
                cand = options[0]
            else:
                complete = False
                cand = {c: v for c, v in (options[0] if options else {"total": values[0]}).items()
                        if all(o.get(c) == v for o in options)}
                ctx.report("column-placement", block.kind.value, "三公经费", "one reading",
                           f"{len(options)} readings",
                           "cannot tell from the text which columns these amounts belong to",
                           line, severity="warning")
        amounts = {k: to_amount(v, unit) for k, v in cand.items()}
        rows.append(Row(index=len(rows), label="“三公”经费", source=ctx.ref(line), amounts=amounts,
                        role=RowRole.ITEM, complete=complete))
    return Table(kind=block.kind, title=block.title, number=block.number, unit=unit,
                 columns=columns, rows=tuple(rows),
                 declared_empty=block.declared_empty and not rows, source=ctx.ref(block.title_line))
