"""Characters → words → lines, exactly as pdfplumber groups them, without its overhead.

pdfplumber's word and line grouping (``WordExtractor``, ``TextMap``) is general —
layout mode, four text directions, regex search over a character map — and building
it cost more per page than reading the page with PDFium. The reader only uses its
default, non-layout behaviour, which this module repeats step by step for upright
text (everything else goes to pdfplumber itself):

1. characters are clustered into lines by ``top`` (values sorted and chained while
   within 3 pt), lines taken top-down, characters within a line by ``x0``;
2. a word ends at a whitespace character, where a character starts left of the
   previous one's start or more than 3 pt right of its end, or more than 3 pt above
   or below it; a word's text expands ligatures and its top is its highest char's;
3. words are clustered into lines again by ``top`` (3 pt) and joined with one space.

In step 3 :func:`cell_text` (``extract_text``) sorts words into their clusters while
:func:`text_lines` (``chars_to_textmap(...).extract_text_lines()``) keeps their order
and starts a new line whenever the cluster changes — pdfplumber differs there, so
this module does too.
"""
from __future__ import annotations

from itertools import groupby
from operator import itemgetter

from pdfplumber.utils.text import (DEFAULT_X_TOLERANCE, DEFAULT_Y_TOLERANCE, LIGATURES,
                                   chars_to_textmap, extract_text)

Word = tuple[float, str]  # (top, text)


def _clusters(values: set[float], tolerance: float) -> dict[float, int]:
    """pdfplumber's ``make_cluster_dict``: sorted values chained while within tolerance."""
    ids: dict[float, int] = {}
    n = -1
    last = None
    for v in sorted(values):
        if last is None or v > last + tolerance:
            n += 1
        ids[v] = n
        last = v
    return ids


def _words(chars: list[dict]) -> list[Word]:
    """Steps 1 and 2, for characters that are all upright."""
    x_tol, y_tol = DEFAULT_X_TOLERANCE, DEFAULT_Y_TOLERANCE
    ids = _clusters({c["top"] for c in chars}, y_tol)
    words: list[Word] = []
    for _, line in groupby(sorted(chars, key=lambda c: ids[c["top"]]), key=lambda c: ids[c["top"]]):
        current: list[dict] = []
        for c in sorted(line, key=itemgetter("x0")):
            if c["text"].isspace():
                _word(current, words)
                current = []
            elif current and (c["x0"] < current[-1]["x0"] or c["x0"] > current[-1]["x1"] + x_tol
                              or abs(c["top"] - current[-1]["top"]) > y_tol):
                _word(current, words)
                current = [c]
            else:
                current.append(c)
        _word(current, words)
    return words


def _word(chars: list[dict], words: list[Word]) -> None:
    if chars:
        words.append((min(c["top"] for c in chars),
                      "".join(LIGATURES.get(c["text"], c["text"]) for c in chars)))


def cell_text(chars: list[dict]) -> str:
    """``pdfplumber.utils.extract_text(chars)`` with its default settings."""
    if not all(c["upright"] for c in chars):
        return extract_text(chars)
    words = _words(chars)
    ids = _clusters({top for top, _ in words}, DEFAULT_Y_TOLERANCE)
    ordered = sorted(words, key=lambda w: ids[w[0]])
    return "\n".join(" ".join(text for _, text in line)
                     for _, line in groupby(ordered, key=lambda w: ids[w[0]]))


def text_lines(chars: list[dict], bbox: tuple[float, float, float, float]) -> list[Word]:
    """(top, text) of ``chars_to_textmap(chars).extract_text_lines(strip=True)``."""
    if not chars:
        return []
    if not all(c["upright"] for c in chars):
        textmap = chars_to_textmap(chars, layout=False, layout_bbox=bbox,
                                   layout_width=bbox[2] - bbox[0], layout_height=bbox[3] - bbox[1])
        return [(line["top"], line["text"])
                for line in textmap.extract_text_lines(strip=True, return_chars=False)]
    words = _words(chars)
    ids = _clusters({top for top, _ in words}, DEFAULT_Y_TOLERANCE)
    lines: list[Word] = []
    for _, run in groupby(words, key=lambda w: ids[w[0]]):
        run = list(run)
        text = " ".join(t for _, t in run)
        if text.strip():
            lines.append((min(top for top, _ in run), text))
    return lines
