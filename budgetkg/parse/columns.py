"""Column sets of the standard tables, read from headers, and amount placement.

In text pulled from a PDF an empty cell leaves no trace: "485.58 485.58" under
合计/基本支出/项目支出 says the total and *one* of the parts. :func:`resolve_tree`
places such amounts from the table's own arithmetic — a parent row equals the sum
of its children in every column, and a column empty in the parent is empty in
every child — and leaves a placement open (never guessed) when that is not enough.
"""
from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from decimal import Decimal

from ..model import TableKind
from ..segment import squash

#: Column vocabularies: (key, pattern); the first key is the row total.
SPLIT_COLUMNS = (
    ("total", r"本年支出合计|合计|小计|总计"),
    ("basic", r"基本支出"),
    ("project", r"项目支出"),
    ("remit_upper", r"上缴上级支出"),
    ("operating", r"经营支出"),
    ("subsidiary", r"对附属单位补助支出"),
)
ECONOMIC_COLUMNS = (
    ("total", r"合计|小计|总计"),
    ("personnel", r"人员经费"),
    ("public", r"公用经费"),
)
INCOME_COLUMNS = (
    ("total", r"本年收入合计|总计|合计"),
    ("fiscal", r"财政拨款收入|财政拨款"),
    ("general_public", r"一般公共预算"),
    ("gov_fund", r"政府性基金"),
    ("state_capital", r"国有资本经营"),
    ("special_account", r"财政专户[^收]{0,8}|[（(]?教育收费[）)]?"),
    ("upper_subsidy", r"上级补助收入"),
    ("operating", r"事业单位经营收入|经营收入"),
    ("business", r"事业收入"),
    ("subsidiary_remit", r"附属单位上缴收入"),
    ("reserve", r"用事业基金弥补收支差额"),
    ("carryover", r"单位上年结余|上年结余|年初结转和结余"),
    ("other", r"单位其他资金收入|其他收入|其他资金"),
)
PROJECT_COLUMNS = (
    ("total", r"项目支出合计|合计"),
    ("wages", r"工资福利支出"),
    ("goods_services", r"商品和服务支出"),
    ("individuals", r"对个人和家庭的补助"),
    ("debt_interest", r"债务利息及费用支出"),
    ("capital_construction", r"资本性支出[（(]基[^）)]*[）)]"),
    ("capital", r"资本性支出"),
    ("enterprise_construction", r"对企业补助[（(]基[^）)]*[）)]"),
    ("enterprise", r"对企业补助"),
    ("social_fund", r"对社会保障基金补助"),
    ("other", r"其他支出"),
)
THREE_PUBLIC_COLUMNS = ("total", "overseas", "vehicle", "vehicle_purchase", "vehicle_operation",
                        "reception")
FISCAL_COLUMNS = ("total", "general_public", "gov_fund", "state_capital")

VOCABULARY = {
    TableKind.EXPENDITURE: SPLIT_COLUMNS,
    TableKind.GENERAL_PUBLIC: SPLIT_COLUMNS,
    TableKind.GOV_FUND: SPLIT_COLUMNS,
    TableKind.STATE_CAPITAL: SPLIT_COLUMNS,
    TableKind.BASIC_ECONOMIC: ECONOMIC_COLUMNS,
    TableKind.INCOME: INCOME_COLUMNS,
    TableKind.PROJECTS: PROJECT_COLUMNS,
}
#: Used when a header cannot be read: the template's order.
DEFAULT_COLUMNS = {
    TableKind.EXPENDITURE: ("total", "basic", "project"),
    TableKind.GENERAL_PUBLIC: ("total", "basic", "project"),
    TableKind.GOV_FUND: ("total", "basic", "project"),
    TableKind.STATE_CAPITAL: ("total", "basic", "project"),
    TableKind.BASIC_ECONOMIC: ("total", "personnel", "public"),
    TableKind.INCOME: ("total", "general_public", "gov_fund", "state_capital", "special_account",
                       "business", "operating", "other"),
    TableKind.PROJECTS: tuple(k for k, _ in PROJECT_COLUMNS),
}


def detect_columns(kind: TableKind, header_text: str) -> tuple[str, ...]:
    """Amount columns in printed order, found by scanning the header for known names.

    Falls back to the template's order when fewer than two columns are recognised.
    """
    vocab = VOCABULARY[kind]
    text = squash(header_text)
    found: list[str] = []
    # Amount columns start at the total column; words before it ("项目 支出预算") are row labels.
    first_total = re.search(vocab[0][1], text)
    pos = first_total.start() if first_total else 0
    while pos < len(text):
        best: tuple[int, str] | None = None
        for key, pattern in vocab:
            m = re.compile(pattern).match(text, pos)
            if m and (best is None or m.end() > best[0]):
                best = (m.end(), key)
        if best:
            if best[1] not in found:
                found.append(best[1])
            pos = best[0]
        else:
            pos += 1
    if "total" in found:
        found.remove("total")
    columns = ("total", *found)
    return columns if len(columns) >= 2 else DEFAULT_COLUMNS[kind]


Placement = dict[str, Decimal]


def placements(values: list[Decimal], columns: tuple[str, ...]) -> list[Placement]:
    """Every order-preserving placement of ``values`` (the first is the row total)."""
    if not values:
        return [{}]
    if len(values) > len(columns):
        return []
    if len(values) == len(columns):
        return [dict(zip(columns, values))]
    out = []
    for cols in itertools.combinations(columns[1:], len(values) - 1):
        out.append({columns[0]: values[0], **dict(zip(cols, values[1:]))})
    return out


@dataclass
class Node:
    """A row in the placement problem: its candidate placements and its children."""

    candidates: list[Placement]
    children: list[int] = field(default_factory=list)

    @property
    def resolved(self) -> bool:
        return len(self.candidates) == 1


MAX_COMBINATIONS = 200_000


def _value(p: Placement, col: str) -> Decimal:
    return p.get(col, Decimal(0))


def _fits(parent: Placement, combo: tuple[Placement, ...], columns: tuple[str, ...]) -> bool:
    return all(sum((_value(c, col) for c in combo), Decimal(0)) == _value(parent, col)
               for col in columns[1:])


def resolve_tree(nodes: list[Node], columns: tuple[str, ...]) -> None:
    """Narrow each node's candidates using parent = Σ children, in place, to a fixpoint."""
    changed = True
    while changed:
        changed = False
        for node in nodes:
            if not node.children:
                continue
            kids = [nodes[k] for k in node.children]
            if node.resolved:
                parent = node.candidates[0]
                empty = {c for c in columns[1:] if _value(parent, c) == 0}
                for kid in kids:
                    kept = [p for p in kid.candidates if not any(_value(p, c) for c in empty)]
                    if kept and len(kept) < len(kid.candidates):
                        kid.candidates = kept
                        changed = True
                size = 1
                for kid in kids:
                    size *= len(kid.candidates)
                if size == 1 or size > MAX_COMBINATIONS:
                    continue
                options: list[set[int]] = [set() for _ in kids]
                for choice in itertools.product(*(range(len(k.candidates)) for k in kids)):
                    combo = tuple(k.candidates[i] for k, i in zip(kids, choice))
                    if _fits(parent, combo, columns):
                        for n, i in enumerate(choice):
                            options[n].add(i)
                for kid, opts in zip(kids, options):
                    if opts and len(opts) < len(kid.candidates):
                        kid.candidates = [kid.candidates[i] for i in sorted(opts)]
                        changed = True
            elif all(k.resolved for k in kids):
                combo = tuple(k.candidates[0] for k in kids)
                kept = [p for p in node.candidates if _fits(p, combo, columns)]
                if kept and len(kept) < len(node.candidates):
                    node.candidates = kept
                    changed = True
