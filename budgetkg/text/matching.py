"""Matching names that are printed differently: the one project-name matcher and the one
character-overlap test, shared by the parsers (linking performance tables and descriptions to
project rows, placing a unit name) and the checks (project name variants).

Two normal forms of a project name exist on purpose: :func:`normalise_project` here compares two
printings *within a report* (brackets of any kind alike, dashes alike), while
:func:`budgetkg.text.names.project_key` identifies a project *across years* (no leading year)
and mints its IRI, so it must never change.
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from decimal import Decimal
from difflib import SequenceMatcher

_DROP = re.compile(r"[\s“”\"'‘’《》〈〉]")


def normalise_project(name: str) -> str:
    """A project name as printings within one report are compared: no spaces, quotes or 《》,
    every kind of bracket full-width round, dashes as "-"."""
    s = _DROP.sub("", name)
    s = re.sub(r"[\[【(（]", "（", s)
    s = re.sub(r"[\]】)）]", "）", s)
    return s.replace("—", "-").replace("－", "-")


def project_similarity(a: str, b: str) -> Decimal:
    """How alike two project names are, 0–1 to two decimals: 1 when their normal forms are
    equal, 0.9 when one holds the other, else the difflib ratio."""
    a, b = normalise_project(a), normalise_project(b)
    if a == b:
        return Decimal(1)
    if a in b or b in a:
        return Decimal("0.9")
    return Decimal(str(round(SequenceMatcher(None, a, b).ratio(), 2)))


def shares_characters(a: str, b: str, share: float = 0.8) -> bool:
    """True when the characters ``a`` and ``b`` have in common (with repeats) are at least
    ``share`` of the longer one: a typo'd or doubled word in a long name
    (中共X市委委员会组织部 vs 中共X市委员会组织部), whatever the order."""
    common = sum((Counter(a) & Counter(b)).values())
    return common / max(len(a), len(b)) >= share


def nearest_names(text: str, names: Iterable[str], n: int = 3, floor: Decimal = Decimal("0.5")) -> list[str]:
    """The ``n`` names most like ``text``, best first: the suggestions offered when a name the user
    typed matches nothing. A name is scored by its part most like ``text`` (:func:`project_similarity`
    of ``text`` and each stretch of the name as long as it), so that a part of a name (组识部)
    finds the long names holding its like (中共X市委员会组织部); only names sharing half of its
    characters are scored, and those scoring below ``floor`` are left out."""
    chars = set(text)
    scored = []
    for name in set(names):
        if len(chars & set(name)) * 2 < len(chars):
            continue
        width = min(len(text), len(name))
        best = max(project_similarity(text, name[i:i + width]) for i in range(len(name) - width + 1))
        scored.append((best, name))
    scored.sort(key=lambda sn: (-sn[0], len(sn[1]), sn[1]))
    return [name for score, name in scored[:n] if score >= floor]
