"""One report published as two files: the narrative (部门预算公开文件) and its tables
(部门预算公开表/表格) as a separate PDF.

Within a batch, two parsed reports are one publication when they name the same
department (names compared loosely: 中国共产党…委员会 = 中共…委, spaces and brackets
aside), the same fiscal year and kind (预算/决算) and, where both say so, the same
scope (部门/单位), the totals the narrative states (收入总计, 支出总计) equal the tables'
where both print them — and one of them has tables while the other has only its prose.
Never by file name: a tables file that prints no title is joined by what its tables print
(a 部门名称 cell, the year under a table title: :mod:`budgetkg.parse.overview`).
They become one :class:`Report` whose every fact keeps the file, page and line it was
read from (each :class:`SourceRef` names its own file). A narrative-only publication
that has no partner stays a report of its own, with the figures its prose states.

``combine_reports`` is the one entry point the pipeline calls after parsing a batch.
"""
from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from budgetkg.model.report import Report, ReportKind, ReportScope, is_unidentified
from budgetkg.parse.narrative import _link
from budgetkg.text.amounts import rounding_slack
from budgetkg.text.names import org_key


def department_key(name: str) -> str:
    """A department name compared across files: "中国共产党江苏省委员会办公厅",
    "中共江苏省委办公厅" and "江苏省委办公厅" give the same key (:func:`budgetkg.text.names.org_key`)."""
    return org_key(name)


def same_department(a: Report, b: Report) -> bool:
    """The two reports name the same department (any of their printed names, one possibly
    without its region). A report that names none is nobody's partner."""
    if is_unidentified(a.department.name) or is_unidentified(b.department.name):
        return False
    keys_a = {department_key(n) for n in (a.department.name, *a.department.alt_names)}
    keys_b = {department_key(n) for n in (b.department.name, *b.department.alt_names)}
    return any(x == y or _without_region(x, y) for x in keys_a for y in keys_b)


def _without_region(a: str, b: str) -> bool:
    """"省委办公厅" printed in one file for "江苏省委办公厅" in the other: the shorter name is the
    longer one's tail, and long enough (five characters) not to be a bare 办公厅."""
    short, long_ = sorted((a, b), key=len)
    return len(short) >= 5 and long_.endswith(short)


@dataclass(frozen=True)
class Identity:
    """What makes two files one publication."""

    year: int | None
    kind: ReportKind
    scope: ReportScope | None


def identity(report: Report) -> Identity:
    return Identity(report.year, report.kind, report.scope)


def has_tables(report: Report) -> bool:
    """True when the report printed standard tables (not figures taken from its prose)."""
    return any(t.origin == "table" for t in report.tables)


def totals_agree(narrative: Report, tables: Report) -> bool:
    """Every total the narrative states (收入总计 24458.43 万元) equals the tables' total of the
    same name to the narrative's printed precision (24,458.426 in the tables is 24458.43); a
    total only one of the two states says nothing against the pair."""
    theirs = {t.key: t.amount for t in tables.totals}
    for stated in narrative.totals:
        other = theirs.get(stated.key)
        if other is not None and abs(other.yuan - stated.amount.yuan) > rounding_slack([stated.amount, other]):
            return False
    return True


def _partners(narrative: Report, tables: Report) -> bool:
    """One publication, judged by content only (never the file names): the same department,
    year, kind and (where both say) scope, and the narrative's stated totals those of the tables."""
    a, b = identity(narrative), identity(tables)
    return (a.year is not None and a.year == b.year and a.kind is b.kind
            and (a.scope is None or b.scope is None or a.scope is b.scope)
            and same_department(narrative, tables) and totals_agree(narrative, tables))


def find_pairs(reports: Sequence[Report]) -> list[tuple[int, int]]:
    """(narrative index, tables index) of each pair that is one publication. A file pairs at
    most once; a narrative that matches two table files (or the reverse) is left unpaired."""
    narratives = [i for i, r in enumerate(reports) if not has_tables(r)]
    tabled = [i for i, r in enumerate(reports) if has_tables(r)]
    candidates = {i: [j for j in tabled if _partners(reports[i], reports[j])] for i in narratives}
    claimed: dict[int, int] = {}
    for js in candidates.values():
        for j in js:
            claimed[j] = claimed.get(j, 0) + 1
    return [(i, js[0]) for i, js in candidates.items() if len(js) == 1 and claimed[js[0]] == 1]


def _department(narrative: Report, tables: Report):
    """The fuller printed name as the main one, every other printed name kept as an alternative."""
    names = [narrative.department.name, tables.department.name]
    main = max(names, key=len)
    alts = tuple(dict.fromkeys(n for n in (*names, *narrative.department.alt_names,
                                           *tables.department.alt_names) if n != main))
    return replace(tables.department if main == tables.department.name else narrative.department,
                   name=main, alt_names=alts)


def merge(narrative: Report, tables: Report) -> Report:
    """One report from a narrative file and its table file: the tables (and their links) of
    the table file, the prose of the narrative file, each fact with its own file and line."""
    kept_kinds = {t.kind for t in tables.tables}
    from_prose = tuple(t for t in narrative.tables if t.kind not in kept_kinds)
    merged = replace(
        tables,
        source_name=f"{narrative.source_name}+{tables.source_name}",
        sha256=hashlib.sha256((narrative.sha256 + tables.sha256).encode()).hexdigest(),
        department=_department(narrative, tables),
        scope=narrative.scope or tables.scope,
        title=narrative.title or tables.title,
        tables=tables.tables + from_prose,
        staffing=narrative.staffing or tables.staffing,
        units=narrative.units or tables.units,
        totals=tables.totals or narrative.totals,
        performance=tables.performance + tuple(replace(p, link=None) for p in narrative.performance),
        figures=narrative.figures + tables.figures,
        comparisons=narrative.comparisons + tables.comparisons,
        changes=narrative.changes + tables.changes,
        shares=narrative.shares + tables.shares,
        policies=tuple({p.key: p for p in (*tables.policies, *narrative.policies)}.values()),
        projects=tables.projects + tuple(replace(p, link=None) for p in narrative.projects),
        passages=narrative.passages + tables.passages,
    )
    merged = replace(merged, projects=tables.projects + tuple(
        replace(p, link=_link(p.name, p.scale, merged)) for p in narrative.projects))
    return replace(merged, findings=narrative.findings + tables.findings)


def combine_reports(reports: Sequence[Report],
                    merge_pair: Callable[[Report, Report], Report] | None = None) -> list[Report]:
    """The batch with every narrative + tables pair merged into one report (at the position of
    the first of the two) by ``merge_pair`` (default :func:`merge`; the check stage passes its
    :func:`~budgetkg.check.combined.merge_checked`); all other reports unchanged, in their order."""
    merge_pair = merge_pair or merge
    pairs = find_pairs(reports)
    partner = dict(pairs) | {j: i for i, j in pairs}
    narrative_of = {j: i for i, j in pairs}
    out: list[Report] = []
    for k, report in enumerate(reports):
        if k not in partner:
            out.append(report)
        elif k < partner[k]:
            n, t = (k, partner[k]) if k not in narrative_of else (narrative_of[k], k)
            out.append(merge_pair(reports[n], reports[t]))
    return out
