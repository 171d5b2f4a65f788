"""Leftovers and slips in the prose: template placeholders, empty reasons, doubled
punctuation, unpaired brackets and quotes.

Each is a *warning*: the report is probably wrong in wording, not in figures. The patterns
are deliberately narrow — a finding that is not a real slip is a bug — and each rule says
what it leaves alone (dot leaders of a table of contents, list markers such as ``1）``).
"""
from __future__ import annotations

import re

from .context import CheckInput
from .registry import Family, Severity, register

#: Template pairs that offer the writer a choice and were printed unchosen.
_PLACEHOLDER_RE = re.compile(r"(增加|减少|增长|下降|上升|降低|增|减)[（(](增加|减少|增长|下降|上升|降低|增|减)[）)]")
_OPPOSITE = {"增加": "+", "增长": "+", "上升": "+", "增": "+", "减少": "-", "下降": "-", "降低": "-", "减": "-"}
#: Anonymised names left from a template: XX局, ××单位, 某某项目, 20XX年.
_DUMMY_RE = re.compile(r"(?:(?<=[\u4e00-\u9fff\d])(?:XX|ＸＸ|××|xx)|(?:XX|ＸＸ|××|xx)(?=[\u4e00-\u9fff年]))"
                       r"|某某")
#: 主要原因是。 — a reason announced and not given.
_EMPTY_REASON_RE = re.compile(r"原因(?:是|为|主要是)[:：]?(?=[。；;]|$)|原因[:：](?=[。；;]|$)")
#: Two marks where one belongs; runs of three or more are leaders or ellipses, not slips.
_DOUBLED_RE = re.compile(r"(?<![。，、；：.…])([。，、；])(?:[。，、；])(?![。，、；.…])")
#: List markers that close a bracket they never opened: 1） 2) （ 一） is balanced anyway.
_LIST_MARK_RE = re.compile(r"(?:^|(?<=[。；：:，]))(?:\d{1,2}|[一二三四五六七八九十])[）)]")
_PAIRS = (("（(", "）)", "brackets", "括号"), ("“", "”", "quotation marks", "引号"),
          ("《", "》", "title marks", "书名号"))


@register("placeholder-pair", Family.SLIPS, Severity.WARNING, "模板用语未选定", "Template choice left in",
          "A template phrase offering two directions (增加（减少）) must be replaced by the one that holds.")
def placeholder_pairs(inp: CheckInput):
    for p in inp.paragraphs:
        for m in _PLACEHOLDER_RE.finditer(p.text):
            if _OPPOSITE[m.group(1)] == _OPPOSITE[m.group(2)]:
                continue  # 增加（增长） is a synonym, not a choice
            inp.add("placeholder-pair", f"template phrase {m.group(0)} left in: the direction is not stated",
                    f"模板用语“{m.group(0)}”未选定，未说明增减方向", line=p.line_at(m.start()),
                    quote=p.quote(m.start(), m.end(), 12), found=m.group(0))


@register("placeholder-name", Family.SLIPS, Severity.WARNING, "模板占位符未替换", "Placeholder left in",
          "Anonymised names of the template (XX局, ××, 某某) must be replaced by the real ones.")
def placeholder_names(inp: CheckInput):
    for p in inp.paragraphs:  # one finding a paragraph: a template left whole says so once
        found = list(_DUMMY_RE.finditer(p.text))
        if found:
            m, n = found[0], len(found)
            more_en, more_zh = (f" ({n} in this paragraph)", f"（本段共{n}处）") if n > 1 else ("", "")
            inp.add("placeholder-name", f"placeholder {m.group(0)} left in the text{more_en}",
                    f"文中留有占位符“{m.group(0)}”{more_zh}", line=p.line_at(m.start()),
                    quote=p.quote(m.start(), m.end(), 12), found=m.group(0))


@register("empty-reason", Family.SLIPS, Severity.WARNING, "原因未说明", "Reason announced but not given",
          "A change explained with 主要原因是 must state the reason.")
def empty_reasons(inp: CheckInput):
    for p in inp.paragraphs:
        for m in _EMPTY_REASON_RE.finditer(p.text):
            inp.add("empty-reason", "the reason is announced (主要原因是) but not given",
                    "“主要原因是”后未说明原因", line=p.line_at(m.start()),
                    quote=p.quote(m.start(), m.end() + 1, 16))


@register("doubled-punctuation", Family.SLIPS, Severity.WARNING, "标点重复", "Doubled punctuation",
          "A sentence ends or a clause breaks with one mark (。，、；), not two.")
def doubled_punctuation(inp: CheckInput):
    for p in inp.paragraphs:
        for m in _DOUBLED_RE.finditer(p.text):
            inp.add("doubled-punctuation", f"doubled punctuation {m.group(0)}", f"标点重复“{m.group(0)}”",
                    line=p.line_at(m.start()), quote=p.quote(m.start(), m.end(), 12), found=m.group(0))


@register("unpaired-mark", Family.SLIPS, Severity.WARNING, "括号或引号不成对", "Unpaired bracket or quote",
          "Brackets （）, quotation marks “” and title marks 《》 open and close within a paragraph.")
def unpaired_marks(inp: CheckInput):
    # per paragraph, not per sentence: a bracket may hold a whole sentence (（其中…。…）。)
    for p in inp.paragraphs:
        text = _LIST_MARK_RE.sub(lambda m: "#" * len(m.group(0)), p.text)
        for opens, closes, en, zh in _PAIRS:
            depth, bad = 0, None
            for i, ch in enumerate(text):
                if ch in opens:
                    depth += 1
                elif ch in closes:
                    depth -= 1
                    if depth < 0:
                        bad = i
                        break
            if depth > 0 and bad is None:
                bad = max(i for i, ch in enumerate(text) if ch in opens)
            if bad is not None:
                inp.add("unpaired-mark", f"unpaired {en} in this paragraph", f"本段{zh}不成对",
                        line=p.line_at(bad), quote=p.quote(bad, bad + 1, 24), found=text[bad])
