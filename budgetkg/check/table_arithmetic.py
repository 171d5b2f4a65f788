"""Table arithmetic: the sums a disclosure's tables must satisfy, checked on the parsed model
after parsing (the check stage), never while reading.

The template is redundant on purpose. Within a table: parts sum to the row total
(合计 = 基本支出 + 项目支出 …), children sum to their parent (项 → 款 → 类 → 合计),
every total row agrees. Across tables: the summary's 支出总计 is the expenditure
table's total, the basic-expenditure table's total is the basic column of
一般公共预算支出, and so on. Every difference becomes a :class:`Finding`; no
number is ever changed.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal

from budgetkg.model.codes import code_list, name_slip, names_match, normalise_name, same_name
from budgetkg.model.report import Amount, Finding, Report, ReportCore, Row, RowRole, Severity, SourceRef, Table, TableKind
from budgetkg.model.tables import ColumnKey, row_sums
from budgetkg.model.units import DEFAULT_PRINTED
from budgetkg.parse.context import ParseContext
from budgetkg.parse.three_public import three_public_consistent
from budgetkg.parse.tree import link_children
from budgetkg.text.amounts import UNIT_FACTORS, format_decimal, rounding_slack

ZERO = Decimal(0)
CODE_TABLE_KINDS = (TableKind.EXPENDITURE, TableKind.GENERAL_PUBLIC, TableKind.GOV_FUND,
                    TableKind.STATE_CAPITAL,
                    TableKind.BASIC_ECONOMIC, TableKind.INCOME, TableKind.PROJECTS)


def _label(row: Row) -> str:
    return f"{row.code or ''} {row.project or row.label}".strip()


def _yuan(v: Decimal | str | None) -> str | None:
    """An amount in 元 as exact text; a name (expected/found of a naming check) as it is."""
    return None if v is None else v if isinstance(v, str) else format_decimal(v)


class _Checker:
    """Writes differences as findings into the parse context."""

    def __init__(self, ctx: ParseContext):
        self.ctx = ctx

    def differ(self, check: str, table: Table, row: Row | None, expected: Decimal,
               found: Decimal | None, what: str, severity: Severity = Severity.ERROR,
               addends: Iterable[Amount | None] = ()) -> None:
        """Record a difference; one within the rounding of the printed ``addends`` (each ± half a
        unit of its last printed digit) is *info*: a 万元 table whose parts miss their total by
        0.01 is rounding, not an error."""
        unit = table.unit or DEFAULT_PRINTED
        factor = UNIT_FACTORS.get(unit, Decimal(1))
        slack = rounding_slack(addends)
        rounding = found is not None and slack and abs(expected - found) <= slack
        if rounding:
            severity, what = Severity.INFO, what + " (within the rounding of the printed figures)"
        self.ctx.findings.append(_finding(
            check, table.kind.value, _label(row) if row else "", expected, found,
            f"{what}: expected {format_decimal(expected / factor)} {unit}, found "
            f"{'nothing' if found is None else format_decimal(found / factor) + ' ' + unit}",
            row.source if row else table.source, severity))


def _finding(check: str, table: str, row: str, expected: Decimal | str | None, found: Decimal | str | None, message: str,
             source: SourceRef | None, severity: Severity) -> Finding:
    return Finding(check=check, table=table, row=row, expected=_yuan(expected), found=_yuan(found),
                   message=message, source=source, severity=severity)


#: A label that holds a printed amount: the text layer glued a row's figures to its label, and the
#: amounts read for it cannot be trusted for arithmetic.
_GLUED_LABEL_RE = re.compile(r"\d[\d,]*\.\d{2}")
_TOTAL_LABEL_RE = re.compile(r"合\s*计|总\s*计")


def _readable(row: Row) -> bool:
    return not _GLUED_LABEL_RE.search(row.label or "")


def check_row_sums(c: _Checker, table: Table) -> None:
    """合计 = Σ parts for every row whose parts were all placed."""
    for whole, parts in row_sums(table.kind, table.columns):
        parts = tuple(p for p in parts if p in table.columns)
        if not parts:
            continue
        for row in table.rows:
            total = row.amount(whole)
            present = [p for p in parts if p in row.amounts]
            if total is None or not present or not row.complete or not _readable(row):
                continue
            s = sum((row.amounts[p].yuan for p in present), ZERO)
            if s != total:
                what = "its total" if whole == ColumnKey.TOTAL else f"its {whole} column"
                c.differ("row-sum", table, row, total, s, f"the row's parts do not add up to {what}",
                         addends=[row.amounts.get(whole), *(row.amounts.get(p) for p in present)])


def check_tree(c: _Checker, table: Table) -> None:
    """Children add up to their parent in every column; every total row agrees."""
    rows = table.rows
    severity = Severity.WARNING if table.origin == "narrative" else Severity.ERROR
    for parent, kids in link_children([(r.code, r.role) for r in rows]).items():
        p = rows[parent]
        if table.origin == "narrative" and p.role is RowRole.TOTAL:
            continue
        if not _readable(p) or not all(_readable(rows[k]) for k in kids):
            continue
        for col in table.columns:
            if col != ColumnKey.TOTAL and (not p.complete or not all(rows[k].complete for k in kids)):
                continue
            have = [rows[k].amount(col) for k in kids]
            if p.amount(col) is None:
                continue  # nothing printed (or read) for the parent: no figure to contradict
            s = sum((v for v in have if v is not None), ZERO)
            expected = p.amount(col) or ZERO
            if s != expected:
                c.differ("children-sum", table, p, expected, s,
                         f"the rows under it do not add up in column {col}", severity,
                         addends=[p.amounts.get(col), *(rows[k].amounts.get(col) for k in kids)])
    # only rows that say they are totals (a column-number row 1 2 3 … is no total)
    totals = [r for r in rows if r.role is RowRole.TOTAL and _TOTAL_LABEL_RE.search(r.label or "")
              and _readable(r)]
    for other in totals[1:]:
        for col in table.columns:
            a, b = totals[0].amount(col), other.amount(col)
            if a is not None and b is not None and a != b:
                c.differ("totals-agree", table, other, a, b, f"two total rows disagree in column {col}")


def check_codes(c: _Checker, table: Table) -> None:
    """Codes missing from the code list, and printed names that are not the code's name."""
    scheme = "economic" if table.kind is TableKind.BASIC_ECONOMIC else "functional"
    codes = code_list(scheme)
    for row in table.rows:
        if not row.code or row.role is RowRole.DETAIL:
            continue
        labels = codes.labels(row.code)
        project_row = table.kind is TableKind.PROJECTS and row.project
        if project_row and not (labels and row.label and name_slip(row.label, row.code, codes)):
            continue  # a project row's class name is checked only for the slips name_slip knows
        if not labels:
            c.ctx.findings.append(_finding(
                "code-not-in-list", table.kind.value, _label(row), None, None,
                f"code {row.code} is not in the shipped {scheme} code list; kept with the report's "
                f"name {row.label!r}", row.source, Severity.INFO))
        elif row.label and not any(names_match(row.label, n) for n in labels):
            slip = name_slip(row.label, row.code, codes)
            c.ctx.findings.append(_finding(
                "name-mismatch", table.kind.value, _label(row), labels[0], normalise_name(row.label),
                f"code {row.code} is {labels[0]!r} in the code list but printed as {row.label!r}"
                + (f" ({slip})" if slip else ""), row.source, Severity.WARNING if slip else Severity.INFO))


def _first(report: ReportCore | Report, kind: TableKind) -> Table | None:
    """The table of ``kind`` to compare with others: of several, the one with most coded rows
    (a second 支出表 printed by function, where the first could not be read by its codes)."""
    tables = [t for t in report.tables if t.kind is kind and t.origin == "table"]
    return max(tables, key=lambda t: sum(1 for r in t.rows if r.code), default=None)


def _total_row(table: Table | None) -> Row | None:
    if table is None:
        return None
    return next((r for r in table.rows if r.role is RowRole.TOTAL), None)


def _projects_column(projects: Table | None, split: Table) -> ColumnKey:
    """The column of a project table that the split table's 项目支出 holds: a project table by
    source of funds (合计 | 一般公共预算 | 政府性基金 | … | 单位资金) adds up every source, the
    general-public table only its own, so it is matched by the 一般公共预算 column."""
    row = _total_row(projects)
    if split.kind is TableKind.GENERAL_PUBLIC and row is not None \
            and row.amount(ColumnKey.GENERAL_PUBLIC) is not None:
        return ColumnKey.GENERAL_PUBLIC
    return ColumnKey.TOTAL


def check_across(c: _Checker, report: ReportCore | Report) -> None:
    """Figures that recur across tables must be equal."""
    totals = {t.key: t.amount.yuan for t in report.totals}
    expenditure = _first(report, TableKind.EXPENDITURE)
    general = _first(report, TableKind.GENERAL_PUBLIC)
    summary = _first(report, TableKind.SUMMARY)
    if "income" in totals and "expenditure" in totals and totals["income"] != totals["expenditure"] and summary:
        c.differ("balance", summary, None, totals["income"], totals["expenditure"],
                 "收入总计 and 支出总计 differ")
    income_table = _first(report, TableKind.INCOME)
    pairs = [
        (expenditure, ColumnKey.TOTAL, totals.get("expenditure"), "支出总计 of the summary table"),
        (income_table, ColumnKey.TOTAL, totals.get("income"), "收入总计 of the summary table"),
    ]
    # the income and expenditure tables may add up this year's money only (本年收入合计/本年支出合计)
    also = {id(t): totals.get(f"{side}-current-year") for t, side in
            ((expenditure, "expenditure"), (income_table, "income")) if t is not None}
    split = general or expenditure
    # without a general-public table the expenditure table's 基本支出 covers every fund; the basic table
    # (一般公共预算基本支出) covers one of them, so only more than that column is a contradiction
    ceiling: set[int] = set()
    if split is not None:
        row = _total_row(split)
        if row is not None:
            basic_table = _first(report, TableKind.BASIC_ECONOMIC)
            pairs.append((basic_table, ColumnKey.TOTAL, row.amount(ColumnKey.BASIC),
                          f"the basic-expenditure column of {split.kind.value}"))
            if general is None and basic_table is not None:
                ceiling.add(id(basic_table))
            projects = _first(report, TableKind.PROJECTS)
            pairs.append((projects, _projects_column(projects, split), row.amount(ColumnKey.PROJECT),
                          f"the project-expenditure column of {split.kind.value}"))
    for table, col, expected, what in pairs:
        row = _total_row(table)
        if table is None or row is None or expected is None or (not row.complete and col != ColumnKey.TOTAL) \
                or not _readable(row):
            continue
        found = row.amount(col)
        if found is None:
            continue  # the total row's figure was not read: a reading gap, not a contradiction
        if found is not None and found == also.get(id(table)):
            continue  # the table adds up this year's money only (本年收入合计/本年支出合计)
        if id(table) in ceiling and found < expected:
            continue  # one fund's basic expenditure under every fund's
        if found != expected:
            c.differ("cross-table", table, row, expected, found, f"the table's total differs from {what}")
    # class by class only when the expenditure table covers what the summary covers (its total is the
    # summary's): a 财政拨款支出预算表 read as the expenditure table holds less than all funds
    exp_total_row = _total_row(expenditure)
    exp_total = exp_total_row.amount(ColumnKey.TOTAL) if exp_total_row is not None else None
    same_scope = exp_total is not None and exp_total in (totals.get("expenditure"),
                                                         totals.get("expenditure-current-year"))
    # … and only when it prints classified rows (Jiangsu's 支出预算总表 prints one total row by column)
    classified = expenditure is not None and any(r.code for r in expenditure.rows)
    if summary is not None and expenditure is not None and same_scope and classified:
        by_code = {r.code: r for r in expenditure.rows if r.code and len(r.code) == 3}
        for r in summary.rows:
            summary_total = r.amount(ColumnKey.TOTAL)
            if r.side == "expenditure" and r.code and summary_total is not None:
                expected, other = summary_total, by_code.get(r.code)
                if other is not None:
                    found = other.amount(ColumnKey.TOTAL)
                    addends = [r.amounts.get(ColumnKey.TOTAL), other.amounts.get(ColumnKey.TOTAL)]
                    if found is None:
                        continue  # the class row's figure was not read: a reading gap, not a contradiction
                else:
                    # a table that prints no 类 row (some print only 项 rows): the class is the sum of
                    # its rows at the finest level printed; a class of 0 may be left out entirely
                    found, addends = _class_sum(expenditure, r.code)
                    if found is None and expected == 0:
                        continue
                if found != expected:
                    c.differ("cross-table", expenditure, other or r, expected, found,
                             f"class {r.code} differs from the summary table",
                             addends=[r.amounts.get(ColumnKey.TOTAL), *addends])
    income = _first(report, TableKind.INCOME)
    if income is not None and expenditure is not None:
        inc = {r.code: r for r in income.rows if r.code}
        exp = {r.code: r for r in expenditure.rows if r.code}
        # only when both print classification codes: an income table by source has none to compare
        only = sorted(set(inc) ^ set(exp)) if inc and exp else []
        for code, right in _renumbered(only, inc, exp):
            # one row printed under two codes: one finding, at the row whose code is not its name's
            row, table = (inc[code], income) if code in inc else (exp[code], expenditure)
            only = [k for k in only if k not in (code, right)]
            if any(f.check == "name-mismatch" and f.source == row.source for f in c.ctx.findings):
                continue  # already said, at this row, by the code list
            c.ctx.findings.append(_finding(
                "code-sets", table.kind.value, _label(row), right, code,
                f"{row.label!r} is coded {code} in the {table.kind.value} table but {right} in the "
                f"{(expenditure if table is income else income).kind.value} table",
                row.source, Severity.WARNING))
        for code in only:
            row = inc[code] if code in inc else exp[code]  # a code of ``only`` is in one of them
            table = income if code in inc else expenditure
            c.ctx.findings.append(_finding(
                "code-sets", table.kind.value, _label(row), None, None,
                f"code {code} appears in the {table.kind.value} table but not in the "
                f"{(expenditure if table is income else income).kind.value} table",
                row.source, Severity.WARNING))


def _renumbered(only: list[str], inc: dict[str, Row], exp: dict[str, Row]) -> list[tuple[str, str]]:
    """Pairs (wrong code, right code) among the codes only one table prints: the same printed name
    under two codes, where the code list gives that name to the second one."""
    codes = code_list("functional")
    pairs = []
    for a in (k for k in only if k in inc):
        for b in (k for k in only if k in exp):
            if not same_name(inc[a].label, exp[b].label):
                continue
            for wrong, right in ((a, b), (b, a)):
                if any(same_name(inc[a].label, n) for n in codes.labels(right)) and \
                        not any(same_name(inc[a].label, n) for n in codes.labels(wrong)):
                    pairs.append((wrong, right))
    return pairs


def _class_sum(table: Table, code: str) -> tuple[Decimal | None, list[Amount | None]]:
    """The total of a class from its finest printed rows (项 where printed, else 款), or None."""
    rows = [(r.code, r.amounts[ColumnKey.TOTAL]) for r in table.rows
            if r.code and r.code.startswith(code) and len(r.code) > len(code) and ColumnKey.TOTAL in r.amounts]
    if not rows:
        return None, []
    finest = max(len(c) for c, _ in rows)
    leaves = [a for c, a in rows if len(c) == finest]
    addends: list[Amount | None] = [*leaves]
    return sum((a.yuan for a in leaves), ZERO), addends


def reconcile(report: ReportCore | Report, ctx: ParseContext) -> None:
    """Append every table-arithmetic finding of ``report`` to ``ctx.findings``."""
    c = _Checker(ctx)
    for table in report.tables:
        if table.kind in CODE_TABLE_KINDS:
            check_row_sums(c, table)
            check_tree(c, table)
            check_codes(c, table)
        elif table.kind is TableKind.THREE_PUBLIC:
            for row in table.rows:
                values = {k: a.yuan for k, a in row.amounts.items()}
                if row.complete and not three_public_consistent(values):
                    c.differ("row-sum", table, row, values.get(ColumnKey.TOTAL, ZERO),
                             values.get(ColumnKey.OVERSEAS, ZERO) + values.get(ColumnKey.VEHICLE, ZERO)
                             + values.get(ColumnKey.RECEPTION, ZERO),
                             "合计 is not 出国 + 用车 + 接待, or 用车 is not 购置 + 运行")
    check_across(c, report)
