"""Name normalisation shared by parsing and IRI minting."""
from __future__ import annotations

import re


def squash(text: str) -> str:
    """Text without any white space: PDF extraction scatters spaces inside words."""
    return re.sub(r"\s+", "", text)


def normalise_org_name(name: str) -> str:
    """Organisation names compared across reports: no spaces, full-width brackets."""
    s = squash(name).replace("(", "（").replace(")", "）")
    return s.strip("，。、：:；; ")


def edit_distance(a: str, b: str, limit: int | None = None) -> int:
    """Levenshtein distance of two strings (insertions, deletions, substitutions).

    With ``limit``, stops early and returns ``limit + 1`` once the distance must exceed it.
    """
    if len(a) < len(b):
        a, b = b, a
    if limit is not None and len(a) - len(b) > limit:
        return limit + 1
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        if limit is not None and min(cur) > limit:
            return limit + 1
        prev = cur
    return prev[-1]


def short_org_form(name: str) -> str:
    """The usual short form of an organisation name: 中共X市委员会组织部 → 中共X市委组织部."""
    return normalise_org_name(name).replace("委员会", "委")


def search_form(text: str) -> str:
    """Text as department searches compare it: normalised (no spaces, full-width brackets), Latin
    letters in lower case. Stored on each report (``bkg:searchLabel``) and applied to the user's
    ``--department`` text, so a substring test needs no per-label normalising at query time."""
    return normalise_org_name(text).lower()


def search_labels(names) -> list[str]:
    """The search forms of an organisation's names and of their usual short forms, distinct, in order."""
    out: list[str] = []
    for name in names:
        for form in (search_form(name), search_form(short_org_form(name))):
            if form and form not in out:
                out.append(form)
    return out
