"""Narrative text as one string: lines joined without breaks (PDF text wraps mid-word),
white space removed, page footers dropped, with a map from each character to its line."""
from __future__ import annotations

from budgetkg.parse.rows import is_noise
from budgetkg.sources.document import Line
from budgetkg.text.joining import squashed_lines


def joined(lines: tuple[Line, ...]) -> tuple[str, list[Line]]:
    """(text, owner) where ``owner[i]`` is the line character ``i`` of ``text`` came from;
    blank lines and page footers are left out ("- 25 -" would run into the sentences)."""
    return squashed_lines(ln for ln in lines if not is_noise(ln))
