"""Prose that PDF extraction wrapped over lines, joined back into one string with a map from
each character to the line it came from — so a fact found in the joined text keeps its line.

The one joiner of squashed text: the parsers' narrative reading (:func:`budgetkg.parse.joined.joined`)
and the checks' paragraphs (:attr:`budgetkg.check.context.CheckInput.paragraphs`) both use it;
each decides which lines are noise and where a paragraph starts. (The overview's
:func:`budgetkg.parse.prose.joined_prose` keeps single spaces between words and closes headings
with 。, for its list readers, and so is a different join.)
"""
from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol, TypeVar

from budgetkg.text.names import squash


class _Printed(Protocol):
    @property
    def text(self) -> str: ...


L = TypeVar("L", bound=_Printed)


def squashed_lines(lines: Iterable[L]) -> tuple[str, list[L]]:
    """(text, owner): the lines' text joined without any white space (PDF text wraps mid-word
    and scatters spaces inside words), and ``owner[i]`` the line character ``i`` came from."""
    chars: list[str] = []
    owner: list[L] = []
    for ln in lines:
        t = squash(ln.text)
        chars.append(t)
        owner.extend([ln] * len(t))
    return "".join(chars), owner
