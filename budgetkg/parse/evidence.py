"""Evidence one table gives another for placing amounts the text layout left open.

* 一般公共预算支出 and 支出总体 print the same rows: a placement known in one is
  adopted by the other when the row's code and total agree.
* The project table lists project money by code: a functional row whose total
  equals its projects' sum is project spending; a row whose code has no project,
  in a project table that adds up, is basic spending.
"""
from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from budgetkg.model.report import RowRole, TableKind
from budgetkg.model.tables import ColumnKey
from budgetkg.parse.codetables import DraftTable
from budgetkg.parse.columns import resolve_tree

SPLIT_KINDS = (TableKind.EXPENDITURE, TableKind.GENERAL_PUBLIC)


def _open_rows(draft: DraftTable):
    return [r for r in draft.rows if not r.node.resolved]


def share_placements(drafts: list[DraftTable]) -> None:
    """Adopt a placement from a twin table's row with the same code and total."""
    split = [d for d in drafts if d.kind in SPLIT_KINDS]
    for target in split:
        for row in _open_rows(target):
            total = row.node.candidates[0].get(ColumnKey.TOTAL)
            for other in split:
                if other is target:
                    continue
                twin = next((r for r in other.rows if r.code == row.code and r.role is row.role
                             and r.node.resolved and r.node.candidates[0].get(ColumnKey.TOTAL) == total), None)
                if twin and twin.node.candidates[0] in row.node.candidates:
                    row.node.candidates = [twin.node.candidates[0]]
                    break
        resolve_tree([r.node for r in target.rows], target.columns)


def project_sums(projects: DraftTable | None) -> tuple[dict[str, Decimal], bool] | None:
    """Project totals per functional code, and whether the project rows add up to the table total."""
    if projects is None:
        return None
    sums: dict[str, Decimal] = defaultdict(Decimal)
    for r in projects.rows:
        if r.code and r.project and r.role is RowRole.LINE:
            sums[r.code] += r.node.candidates[0].get(ColumnKey.TOTAL, Decimal(0))
    total = next((r.node.candidates[0].get(ColumnKey.TOTAL) for r in projects.rows if r.role is RowRole.TOTAL), None)
    complete = total is not None and sum(sums.values(), Decimal(0)) == total
    return dict(sums), complete


def use_project_table(drafts: list[DraftTable], projects: DraftTable | None) -> None:
    """Place open basic/project amounts of item rows from the project table's codes."""
    found = project_sums(projects)
    if not found:
        return
    sums, complete = found
    for draft in drafts:
        if draft.kind not in SPLIT_KINDS:
            continue
        for row in _open_rows(draft):
            if not row.code or len(row.code) != 7:
                continue
            total = row.node.candidates[0].get(ColumnKey.TOTAL)
            if row.code in sums:
                want = {ColumnKey.TOTAL: total, ColumnKey.PROJECT: sums[row.code]} if sums[row.code] != total else \
                    {ColumnKey.TOTAL: total, ColumnKey.PROJECT: total}
            elif complete:
                want = {ColumnKey.TOTAL: total, ColumnKey.BASIC: total}
            else:
                continue
            if want in row.node.candidates:
                row.node.candidates = [want]
        resolve_tree([r.node for r in draft.rows], draft.columns)
