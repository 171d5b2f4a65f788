"""The commonest OCR confusions in figures, corrected only where nothing else is possible.

A recognised cell is corrected only when it is a figure with exactly one character out of
place, that character has one reading as a digit or a separator (O/D → 0, l/I → 1, S → 5,
B → 8, a full-width comma or stop → "," before three digits, else "."), and the corrected
text is a well-formed amount. A cell with two odd characters, or one without a digit, is
left as recognised: a digit is never guessed. Spaces inside a figure ("213. 00") go. "方元" in a unit is read as "万元". What the
corrected figures are worth is then decided by the table's own arithmetic, like every
other figure (the check stage's sums), and every OCR cell keeps its recognition
confidence (:attr:`~budgetkg.sources.document.Cell.confidence`).
"""
from __future__ import annotations

import re

_DIGIT_LIKE = {"O": "0", "o": "0", "D": "0", "Q": "0", "l": "1", "I": "1", "|": "1", "S": "5", "s": "5",
               "B": "8"}
_AMOUNT = re.compile(r"^-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?%?$")
_NUMERIC_PART = re.compile(r"[\d,.\-%]")


def fix_figure(text: str) -> str:
    """``text`` with its one confused character corrected, when it is a figure that has one."""
    if "方元" in text:
        text = text.replace("方元", "万元")
    compact = text.replace(" ", "")
    if _AMOUNT.match(compact):
        return compact  # a space the recogniser put inside a figure ("213. 00")
    if not any(ch.isdigit() for ch in compact):
        return text
    odd = [i for i, ch in enumerate(compact) if not _NUMERIC_PART.match(ch)]
    if len(odd) != 1:
        return text
    i = odd[0]
    ch = compact[i]
    if ch in "，。．":
        after = compact[i + 1:]
        sep = "," if re.match(r"^\d{3}(?:[.,]|$)", after) else "."
        fixed = compact[:i] + sep + after
    elif ch in _DIGIT_LIKE:
        fixed = compact[:i] + _DIGIT_LIKE[ch] + compact[i + 1:]
    else:
        return text
    return fixed if _AMOUNT.match(fixed) else text
