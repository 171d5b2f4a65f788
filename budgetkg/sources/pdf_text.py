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
   or below it; a word's text expands ligatures and its top is its highest char's —
   except that a space without ink or width (a restored space-only text object) lying
   inside the previous glyph's advance ends nothing: nothing fits there; an ASCII
   bracket printed in a full-width cell between two ideographs is read as the
   full-width bracket it shows (:func:`_full_width_brackets`);
3. words are clustered into lines again by ``top`` (3 pt) and joined with one space.

One step is added before step 1 and again before step 3 (:func:`on_their_lines`): a
cluster that is only a fragment of the line printed across it — its characters sit in
that line's gaps, its band lies mostly inside that line's band — joins that line, in
left-to-right order. Fonts whose characters
stand a little off the line (figures and punctuation of another font on a baseline
shifted by a point or two, a font whose box sits lower) otherwise came out as a line
of their own under the sentence they belong to.

In step 3 :func:`cell_text` (``extract_text``) sorts words into their clusters while
:func:`text_lines` (``chars_to_textmap(...).extract_text_lines()``) keeps their order
and starts a new line whenever the cluster changes — pdfplumber differs there, so
this module does too.
"""
from __future__ import annotations

from bisect import bisect_left
from itertools import groupby
from operator import itemgetter

from pdfplumber.utils.text import DEFAULT_X_TOLERANCE, DEFAULT_Y_TOLERANCE, LIGATURES, chars_to_textmap, extract_text

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


#: How much of the smaller band a fragment and its line must share: more than the half a
#: one-line cell shares with each of two wrapped lines beside it, centred between them.
_SHARED_BAND = 0.6


def on_their_lines(chars: list[dict]) -> list[dict]:
    """``chars`` (characters or words) with those of a line's fragments given that
    line's ``top`` (copies).

    Characters are clustered by ``top`` as in step 1. A cluster is a fragment of the
    cluster next to it (above or below) with more characters when their vertical bands
    overlap by more than :data:`_SHARED_BAND` of the smaller one, its horizontal span
    overlaps that line's or comes within one band height of it, and none of its
    characters stands over one of the line's (centres closer than half a width) — that
    is, it is printed in the line's gaps or at its end, on the same line. Two different
    lines never share most of their band unless set side by side, and columns side by
    side are further apart, so everything else is left as pdfplumber grouped it. A
    cluster of spaces only (no ink) is never a fragment.
    """
    ids = _clusters({c["top"] for c in chars}, DEFAULT_Y_TOLERANCE)
    groups: list[list[dict]] = [list(g) for _, g in
                                groupby(sorted(chars, key=lambda c: ids[c["top"]]),
                                        key=lambda c: ids[c["top"]])]
    if len(groups) < 2:
        return chars
    target: dict[int, int] = {}
    for i, group in enumerate(groups):
        if all(c["text"].isspace() for c in group):
            continue  # spaces without ink end words where they are; moved, they would split them
        best, shared = None, 0.0
        for j in (i - 1, i + 1):
            # the line is the neighbour with more characters (the upper one on a tie)
            if not 0 <= j < len(groups) or (len(groups[j]), i) <= (len(group), j):
                continue
            overlap = _shared_band(group, groups[j])
            if overlap > shared and _in_gaps(group, groups[j]):
                best, shared = j, overlap
        if best is not None:
            target[i] = best
    if not target:
        return chars
    moved: dict[int, float] = {}
    target_of: dict[int, int] = {}
    for i in target:
        j = i
        while j in target:
            j = target[j]
        target_of[i] = j
        moved[i] = min(c["top"] for c in groups[j])
    # the joined line in left-to-right order where its first member stood; all else in
    # the order it came in (step 3 keeps the order of words, and so pdfplumber's quirks)
    targets = set(target_of.values())
    root: dict[int, int] = {}
    joined: dict[int, list[dict]] = {}
    for i, group in enumerate(groups):
        j = target_of.get(i, i)
        if i in moved or i in targets:
            root.update((id(c), j) for c in group)
            joined.setdefault(j, []).extend({**c, "top": moved[i]} if i in moved else c
                                            for c in group)
    out: list[dict] = []
    done: set[int] = set()
    for c in chars:
        j = root.get(id(c))
        if j is None:
            out.append(c)
        elif j not in done:
            done.add(j)
            out += sorted(joined[j], key=itemgetter("x0"))
    return out


def _band(group: list[dict]) -> tuple[float, float]:
    return min(c["top"] for c in group), max(c["bottom"] for c in group)


def _shared_band(a: list[dict], b: list[dict]) -> float:
    """How much of the smaller band of ``a`` and ``b`` they share (0 when none, or too little)."""
    (ta, ba), (tb, bb) = _band(a), _band(b)
    smaller = min(ba - ta, bb - tb)
    overlap = min(ba, bb) - max(ta, tb)
    return overlap / smaller if smaller > 0 and overlap > _SHARED_BAND * smaller else 0.0


def _in_gaps(fragment: list[dict], line: list[dict]) -> bool:
    """Whether ``fragment`` reaches into ``line``'s span and stands clear of its characters.

    Its span must overlap the line's or come within one band height of it: columns set
    side by side are further apart than that.
    """
    top, bottom = _band(fragment)
    reach = bottom - top
    if (min(c["x0"] for c in fragment) > max(c["x1"] for c in line) + reach
            or max(c["x1"] for c in fragment) < min(c["x0"] for c in line) - reach):
        return False
    centres = sorted(((c["x0"] + c["x1"]) / 2, c["x1"] - c["x0"]) for c in line)
    keys = [x for x, _ in centres]
    for c in fragment:
        x, w = (c["x0"] + c["x1"]) / 2, c["x1"] - c["x0"]
        k = bisect_left(keys, x)
        for cx, cw in centres[max(k - 1, 0):k + 1]:
            if abs(cx - x) < min(w, cw) / 2:
                return False
    return True


#: Brackets a font may map to ASCII while drawing them in an ideograph's full-width cell.
_FULL_WIDTH = {"(": "\uff08", ")": "\uff09"}
#: The cell a bracket stands in, in ems of its font size: a full-width one fills about
#: one em between its neighbours, an ASCII one a third to a half of it.
_FULL_CELL = (0.8, 1.3)


def _wide(text: str) -> bool:
    """An ideograph or a full-width (CJK) punctuation mark."""
    return len(text) == 1 and ("\u4e00" <= text <= "\u9fff" or "\u3400" <= text <= "\u4dbf"
                               or "\u3000" < text <= "\u303f" or "\uff00" <= text <= "\uffef")


def _in_full_cell(line: list[dict], i: int) -> bool:
    """Whether the bracket ``line[i]`` stands between wide characters in about an em."""
    if not 0 < i < len(line) - 1:
        return False
    before, after, size = line[i - 1], line[i + 1], line[i]["size"]
    cell = after["x0"] - before["x1"]
    return (_wide(before["text"]) and _wide(after["text"]) and size > 0
            and _FULL_CELL[0] * size <= cell <= _FULL_CELL[1] * size)


def _full_width_brackets(line: list[dict]) -> list[dict]:
    """A line's characters (sorted by ``x0``) with full-width brackets read as such.

    Some Chinese fonts map their full-width bracket glyphs to ASCII "(" and ")" (the
    page shows "因公出国（境）费用", the text layer says "因公出国(境)费用"), and the glyph
    box is placed half an em into its cell, so the gap before it also ended a word
    ("因公出国 (境)费用"). A pair of brackets each standing between wide characters
    (ideographs, full-width punctuation) in a cell of about an em (:data:`_FULL_CELL`)
    is read as the full-width pair, each boxed over its whole cell. Only whole pairs
    change, so a line never mixes the two forms of one pair; a bracket in a half-width
    cell, at a line's edge or next to a letter, digit or ASCII sign stays as printed.
    """
    out = line
    opening: int | None = None
    for i, c in enumerate(line):
        if c["text"] not in _FULL_WIDTH:
            continue
        fits = _in_full_cell(line, i)
        if c["text"] == "(":
            opening = i if fits else None
            continue
        if fits and opening is not None:
            if out is line:
                out = list(line)
            for j in (opening, i):
                before, after = line[j - 1], line[j + 1]
                out[j] = {**line[j], "text": _FULL_WIDTH[line[j]["text"]], "x0": before["x1"],
                          "x1": after["x0"], "width": after["x0"] - before["x1"]}
        opening = None
    return out


def _words(chars: list[dict]) -> list[dict]:
    """Steps 1 and 2, for characters that are all upright: words with their boxes."""
    x_tol, y_tol = DEFAULT_X_TOLERANCE, DEFAULT_Y_TOLERANCE
    chars = on_their_lines(chars)
    ids = _clusters({c["top"] for c in chars}, y_tol)
    words: list[dict] = []
    for _, line in groupby(sorted(chars, key=lambda c: ids[c["top"]]), key=lambda c: ids[c["top"]]):
        current: list[dict] = []
        for c in _full_width_brackets(sorted(line, key=itemgetter("x0"))):
            if c["text"].isspace():
                if current and c["x0"] == c["x1"] and c["x0"] < current[-1]["x1"]:
                    continue  # an inkless space inside a glyph's advance separates nothing
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


def _word(chars: list[dict], words: list[dict]) -> None:
    if chars:
        words.append({"top": min(c["top"] for c in chars), "bottom": max(c["bottom"] for c in chars),
                      "x0": chars[0]["x0"], "x1": max(c["x1"] for c in chars),
                      "text": "".join(LIGATURES.get(c["text"], c["text"]) for c in chars)})


def _line_words(chars: list[dict]) -> list[dict]:
    """Steps 1 and 2, then a line's fragments among the words given the line's ``top``.

    Fragments are looked for twice: among the clusters of characters, and again among
    the clusters of words — a word's top is its highest character's, so figures that
    stand a little lower than the words around them, chained into one cluster of
    characters by the punctuation between, still make a cluster of words of their own.
    """
    return on_their_lines(_words(chars))


def cell_text(chars: list[dict]) -> str:
    """``pdfplumber.utils.extract_text(chars)`` with its default settings."""
    if not all(c["upright"] for c in chars):
        return extract_text(chars)
    words = _line_words(chars)
    ids = _clusters({w["top"] for w in words}, DEFAULT_Y_TOLERANCE)
    ordered = sorted(words, key=lambda w: ids[w["top"]])
    return "\n".join(" ".join(w["text"] for w in line)
                     for _, line in groupby(ordered, key=lambda w: ids[w["top"]]))


def text_lines(chars: list[dict], bbox: tuple[float, float, float, float]) -> list[Word]:
    """(top, text) of ``chars_to_textmap(chars).extract_text_lines(strip=True)``."""
    if not chars:
        return []
    if not all(c["upright"] for c in chars):
        textmap = chars_to_textmap(chars, layout=False, layout_bbox=bbox,
                                   layout_width=bbox[2] - bbox[0], layout_height=bbox[3] - bbox[1])
        return [(line["top"], line["text"])
                for line in textmap.extract_text_lines(strip=True, return_chars=False)]
    words = _line_words(chars)
    ids = _clusters({w["top"] for w in words}, DEFAULT_Y_TOLERANCE)
    lines: list[Word] = []
    for _, run in groupby(words, key=lambda w: ids[w["top"]]):
        run = list(run)
        text = " ".join(w["text"] for w in run)
        if text.strip():
            lines.append((min(w["top"] for w in run), text))
    return lines
