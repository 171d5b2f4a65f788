"""Split the 科目 (classification name) from the 项目名称 in a project-table row.

In text pulled from a PDF the two cells wrap into each other:
"其他组织" / "事务支出 “访惠" / "聚”工" … . Knowing the names the code can have
(from the code list and the report's other tables) we find the shortest prefix
of the row's text that contains that name in order — tolerating a repeated or
misprinted fragment — and the rest is the project name.
"""
from __future__ import annotations

from budgetkg.model.codes import normalise_name
from budgetkg.text.names import fullwidth_brackets, squash

#: Extra characters a printed subject may carry beyond its name (repeated fragments, qualifiers).
MAX_EXTRA = 8


def _subsequence_end(text: str, name: str) -> int | None:
    """End index of the shortest prefix of ``text`` that has ``name`` as a subsequence."""
    if not name or not text.startswith(name[0]):
        return None
    pos = 0
    for ch in name:
        pos = text.find(ch, pos)
        if pos < 0:
            return None
        pos += 1
    return pos


def split_subject(texts: list[list[str]], names) -> tuple[str, str]:
    """(subject, project) from a row's text segments, given the names its code may have."""
    text = "".join(squash(seg) for segs in texts for seg in segs)
    best: tuple[int, int] | None = None  # (extra characters, end)
    for name in names:
        n = normalise_name(name)
        end = _subsequence_end(fullwidth_brackets(text), n)
        if end is not None and end - len(n) <= MAX_EXTRA and (best is None or (end - len(n), -end) < best):
            best = (end - len(n), -end)
    if best is not None:
        end = -best[1]
        return text[:end], text[end:]
    first = next((seg.split() for segs in texts for seg in segs if seg.strip()), [])
    if len(first) > 1:
        subject = squash(first[0])
        return subject, text[len(subject):]
    return "", text
