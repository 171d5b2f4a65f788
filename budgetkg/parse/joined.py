"""Narrative text as one string: lines joined without breaks (PDF text wraps mid-word),
white space removed, page footers dropped, with a map from each character to its line."""
from __future__ import annotations

from budgetkg.parse.rows import is_noise
from budgetkg.sources.document import Line
from budgetkg.text.names import squash


def joined(lines: tuple[Line, ...]) -> tuple[str, list[Line]]:
    """(text, owner) where ``owner[i]`` is the line character ``i`` of ``text`` came from."""
    chars: list[str] = []
    owner: list[Line] = []
    for ln in lines:
        if is_noise(ln):
            continue  # "- 25 -" would run into the sentences
        t = squash(ln.text)
        chars.append(t)
        owner.extend([ln] * len(t))
    return "".join(chars), owner
