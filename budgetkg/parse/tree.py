"""The parent/child structure of a code table: 项 → 款 → 类 → the total row."""
from __future__ import annotations

from budgetkg.model.report import RowRole


def link_children(items: list[tuple[str | None, RowRole]]) -> dict[int, list[int]]:
    """Children of each row index, from (code, role) pairs in printed order.

    A 7-digit code hangs under its 5-digit prefix if printed, else its 3-digit class;
    classes hang under the first total row; detail rows under their aggregate row.
    """
    root = next((i for i, (_, role) in enumerate(items) if role is RowRole.TOTAL), None)
    first_of: dict[str, int] = {}
    for i, (code, role) in enumerate(items):
        if code and role is not RowRole.DETAIL and code not in first_of:
            first_of[code] = i
    children: dict[int, list[int]] = {}
    for i, (code, role) in enumerate(items):
        if code is None:
            continue
        parent = None
        if role is RowRole.DETAIL:
            parent = first_of.get(code)
        else:
            for width in (5, 3):
                if len(code) > width and code[:width] in first_of:
                    parent = first_of[code[:width]]
                    break
            if parent is None:
                parent = root
        if parent is not None and parent != i:
            children.setdefault(parent, []).append(i)
    return children
