"""Leftovers and slips in the prose: template placeholders, empty reasons, doubled
punctuation, unpaired brackets and quotes.

Each is a *warning*: the report is probably wrong in wording, not in figures. The patterns
are deliberately narrow — a finding that is not a real slip is a bug — and each rule says
what it leaves alone (dot leaders of a table of contents, list markers such as ``1）``).
"""
from __future__ import annotations

import re
from collections import Counter

from budgetkg.check.context import CheckInput, Paragraph
from budgetkg.check.registry import Family, Severity, register
from budgetkg.text.names import PLACEHOLDER_RE, squash

#: Template pairs that offer the writer a choice and were printed unchosen: 增加（减少）, and
#: 增加或减少 before a figure (增加或减少 0 人; before a verb it is ordinary prose).
_PLACEHOLDER_RE = re.compile(r"(增加|减少|增长|下降|上升|降低|增|减)[（(](增加|减少|增长|下降|上升|降低|增|减)[）)]"
                             r"|(增加|减少|增长|下降)或(增加|减少|增长|下降)(?=-?\d)")
_OPPOSITE = {"增加": "+", "增长": "+", "上升": "+", "增": "+", "减少": "-", "下降": "-", "降低": "-", "减": "-"}
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
def placeholder_pairs(inp: CheckInput) -> None:
    for p, m in inp.finditer(_PLACEHOLDER_RE):
        a, b = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
        if _OPPOSITE[a] == _OPPOSITE[b]:
            continue  # 增加（增长） is a synonym, not a choice
        inp.add("placeholder-pair", f"template phrase {m.group(0)} left in: the direction is not stated",
                f"模板用语“{m.group(0)}”未选定，未说明增减方向", line=p.line_at(m.start()),
                quote=p.quote(m.start(), m.end(), 12), found=m.group(0))


@register("placeholder-name", Family.SLIPS, Severity.WARNING, "模板占位符未替换", "Placeholder left in",
          "Anonymised names of the template (XX局, ××, 某某) must be replaced by the real ones.")
def placeholder_names(inp: CheckInput) -> None:
    """Every line of the report is read, not only the prose: a placeholder left in a table's
    title, the line under it (部门：XX局), a cell or the cover is as much a leftover."""
    for p in (*inp.paragraphs, *inp.performance_lines, *inp.other_lines):  # one finding a paragraph
        found = list(PLACEHOLDER_RE.finditer(p.text))
        if found:
            m, n = found[0], len(found)
            more_en, more_zh = (f" ({n} in this paragraph)", f"（本段共{n}处）") if n > 1 else ("", "")
            inp.add("placeholder-name", f"placeholder {m.group(0)} left in the text{more_en}",
                    f"文中留有占位符“{m.group(0)}”{more_zh}", line=p.line_at(m.start()),
                    quote=p.quote(m.start(), m.end(), 12), found=m.group(0))


@register("empty-reason", Family.SLIPS, Severity.WARNING, "原因未说明", "Reason announced but not given",
          "A change explained with 主要原因是 must state the reason.")
def empty_reasons(inp: CheckInput) -> None:
    for p, m in inp.finditer(_EMPTY_REASON_RE):
        inp.add("empty-reason", "the reason is announced (主要原因是) but not given",
                "“主要原因是”后未说明原因", line=p.line_at(m.start()),
                quote=p.quote(m.start(), m.end() + 1, 16))


@register("doubled-punctuation", Family.SLIPS, Severity.WARNING, "标点重复", "Doubled punctuation",
          "A sentence ends or a clause breaks with one mark (。，、；), not two.")
def doubled_punctuation(inp: CheckInput) -> None:
    for p, m in inp.finditer(_DOUBLED_RE):
        inp.add("doubled-punctuation", f"doubled punctuation {m.group(0)}", f"标点重复“{m.group(0)}”",
                line=p.line_at(m.start()), quote=p.quote(m.start(), m.end(), 12), found=m.group(0))


@register("unpaired-mark", Family.SLIPS, Severity.WARNING, "括号或引号不成对", "Unpaired bracket or quote",
          "Brackets （）, quotation marks “” and title marks 《》 open and close within a paragraph.")
def unpaired_marks(inp: CheckInput) -> None:
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


#: A template's alternative sentence left beside the chosen one: [或…] （或…）.
_ALTERNATIVE_RE = re.compile(r"[\[【（(]或(?!者)[^\]】）)]{2,60}[\]】）)]")
#: The template's instructions to the writer, printed instead of followed.
_INSTRUCTION_RE = re.compile(r"不涉及的不列|未涉及的[^。]{0,12}(?:应)?删除|按下列内容说明|如持平作|"
                             r"根据实际情况填列|请(?:据实)?填写|此处填写|（填写[^）]{0,20}）")


@register("template-alternative", Family.SLIPS, Severity.WARNING, "模板备选语句未删除",
          "Template alternative left in", "A template's alternative wording ([或…], （或…）) is deleted once "
          "the applicable sentence is written.")
def template_alternatives(inp: CheckInput) -> None:
    for p, m in inp.finditer(_ALTERNATIVE_RE):
        inp.add("template-alternative", f"template alternative {m.group(0)[:30]} left in",
                f"模板备选语句“{m.group(0)[:30]}”未删除", line=p.line_at(m.start()),
                quote=p.quote(m.start(), m.end(), 8)[:80], found=m.group(0)[:40])


@register("template-instruction", Family.SLIPS, Severity.WARNING, "模板填写说明未删除",
          "Template instruction left in", "The template's instructions to the writer (不涉及的不列 …) are "
          "followed, not printed.")
def template_instructions(inp: CheckInput) -> None:
    for p, m in inp.finditer(_INSTRUCTION_RE):
        inp.add("template-instruction", f"template instruction {m.group(0)} left in",
                f"模板填写说明“{m.group(0)}”未删除", line=p.line_at(m.start()),
                quote=p.quote(m.start(), m.end(), 16), found=m.group(0))


#: Reduplications that are words (常常, 人人): never a slip.
_WORD_DOUBLES = set("等万年常人天个刚纷渐日时处层步件事家户仅谢明稍默往恰偏统通种样点多轻慢好大小高深紧牢实扎踏切久一")
_DOUBLED_TEXT_RE = re.compile(r"([\u4e00-\u9fff]{1,4})\1")


def _tokens(text: str) -> dict[int, str]:
    """Word tokens of ``text`` (jieba) by start offset."""
    import jieba
    out, at = {}, 0
    for tok in jieba.cut(text, HMM=False):
        out[at] = tok
        at += len(tok)
    return out


@register("doubled-text", Family.SLIPS, Severity.WARNING, "字词重复", "Doubled character or word",
          "A character or word is not printed twice in a row (在在职, 办公厅办公厅), reduplicated words aside.")
def doubled_text(inp: CheckInput) -> None:
    """A doubling is a slip only where words say so: 在在职 segments as 在|在职 (a lone character
    before the word that starts with it), 办公厅办公厅 as two equal words; 专业业务 (专业|业务) and
    港口口岸 are two words that share a character at their seam and are left alone. Doublings
    across a line break or a cell gap (labels of two lines or cells run together) are left alone too."""
    for p in inp.paragraphs:
        candidates = [m for m in _DOUBLED_TEXT_RE.finditer(p.text)
                      if not (len(m.group(1)) == 1 and m.group(1) in _WORD_DOUBLES)
                      and p.line_at(m.start()) is p.line_at(m.end() - 1)
                      and m.group(0) in p.line_at(m.start()).text]  # not two cells of a table line
        if not candidates:
            continue
        tokens = _tokens(p.text)
        for m in candidates:
            unit, mid = m.group(1), m.start() + len(m.group(1))
            first, second = tokens.get(m.start()), tokens.get(mid)
            if len(unit) == 1:
                slip = first == unit and second is not None and len(second) > 1 and second[0] == unit
            else:
                slip = first == unit and second is not None and second.startswith(unit)
            if slip:
                inp.add("doubled-text", f"{m.group(0)}: {unit} printed twice", f"“{m.group(0)}”重复",
                        line=p.line_at(m.start()), quote=p.quote(m.start(), m.end(), 8), found=m.group(0))


#: Terms of the template that a report prints again and again; one of them with one character
#: wrong (一般公用预算) is a typo. 预/决 is not a wrong character: budget and final-account wording.
#: Only long terms: a short one is one character from a legitimate other term (国有资产/国有资本).
TERMS = ("一般公共预算", "政府性基金预算", "国有资本经营预算", "机关运行经费")
_SWAPS_ALLOWED = {frozenset("预决")}


def _misspelt(window: str, term: str) -> bool:
    diff = [(a, b) for a, b in zip(window, term) if a != b]
    return (len(diff) == 1 and frozenset(diff[0]) not in _SWAPS_ALLOWED
            and all("\u4e00" <= ch <= "\u9fff" for ch in window))


#: Characters of numbers: “十三五” and “十四五” are two terms, not a typo.
_NUMERALS = set("一二三四五六七八九十百千两")


def quoted_terms(inp: CheckInput) -> tuple[set[str], set[str]]:
    """The report's own terms: words of 3–8 characters it prints in quotation marks at least twice
    (“访惠聚”) — names of programmes and campaigns that are spelt one way — and every quoted word."""
    text = "".join(squash(ln.text) for ln in inp.segments.document.lines)
    counts = Counter(re.findall(r"“([\u4e00-\u9fff]{3,8})”", text))
    return {t for t, n in counts.items() if n >= 2}, set(counts)


def _misspelt_inside(window: str, term: str) -> bool:
    """One character wrong strictly inside the term (a changed first or last character more often
    starts or ends another word), and not a numeral."""
    diff = [(i, a, b) for i, (a, b) in enumerate(zip(window, term)) if a != b]
    return (len(diff) == 1 and 0 < diff[0][0] < len(term) - 1 and not {diff[0][1], diff[0][2]} & _NUMERALS
            and all("\u4e00" <= ch <= "\u9fff" for ch in window))


def _singles(text: str) -> int:
    import jieba
    return sum(1 for tok in jieba.cut(text, HMM=False) if len(tok) == 1)


def _indicator_misspelt(inp: CheckInput, p: Paragraph, term: str) -> None:
    """An indicator's name printed with one character wrong inside it, in its own table's text
    (学题教育工作完成率 for 学习教育工作完成率) — a slip only where the dictionary says the printed
    form is no word (jieba cuts it into more single characters than the name): 培训次数 beside
    培训人数 is another indicator."""
    n = len(term)
    if term[-2:] not in p.text:
        return  # cheap guard: the wrong character is inside, so the name's end is printed
    for i in range(len(p.text) - n + 1):
        window = p.text[i:i + n]
        if window[0] == term[0] and window[-2:] == term[-2:] and _misspelt_inside(window, term) \
                and _singles(window) > _singles(term):
            inp.add("term-misspelt", f"{window} is printed for the indicator {term}", f"“{window}”应为“{term}”",
                    line=p.line_at(i), quote=p.quote(i, i + n, 10), expected=term, found=window)


@register("term-misspelt", Family.SLIPS, Severity.WARNING, "规范用语书写有误", "Template term misspelt",
          "The template's terms (一般公共预算, 政府性基金预算, 机关运行经费 …) and the report's own quoted "
          "terms (“访惠聚”) are printed as they are.")
def misspelt_terms(inp: CheckInput) -> None:
    for p in inp.paragraphs:
        for term in TERMS:
            n = len(term)
            if term[:2] not in p.text and term[-2:] not in p.text:
                continue  # cheap guard: a typo keeps at least one end of the term
            for i in range(len(p.text) - n + 1):
                window = p.text[i:i + n]
                if window != term and _misspelt(window, term) and window not in TERMS:
                    inp.add("term-misspelt", f"{window} is printed for {term}", f"“{window}”应为“{term}”",
                            line=p.line_at(i), quote=p.quote(i, i + n, 10), expected=term, found=window)
    own, ever_quoted = quoted_terms(inp)
    indicators = {squash(i.name) for perf in inp.report.performance for i in perf.indicators
                  if len(squash(i.name)) >= 4}
    for p in inp.performance_lines:
        for term in indicators - own:
            _indicator_misspelt(inp, p, term)
    for p in (*inp.paragraphs, *inp.performance_lines):
        for term in own:
            n = len(term)
            if term[0] not in p.text:
                continue
            for i in range(len(p.text) - n + 1):
                window = p.text[i:i + n]
                if window[0] == term[0] and window[-1] == term[-1] and window not in ever_quoted \
                        and _misspelt_inside(window, term):
                    inp.add("term-misspelt", f"{window} is printed for the report's term {term}",
                            f"“{window}”应为“{term}”", line=p.line_at(i), quote=p.quote(i, i + n, 10),
                            expected=term, found=window)


#: A question or modal particle after a figure (1535.79万元吗，): a report states, it never asks.
_PARTICLE_RE = re.compile(r"(?<=万元|[\d.]元|\d%|\d％)([吗呢吧啊])(?=[，。；、,;])")


@register("stray-particle", Family.SLIPS, Severity.WARNING, "多余语气词", "Stray particle",
          "A figure is not followed by a question or modal particle (…万元吗，): a typing slip.")
def stray_particles(inp: CheckInput) -> None:
    for p, m in inp.finditer(_PARTICLE_RE):
        inp.add("stray-particle", f"stray {m.group(1)} after a figure", f"金额后多出“{m.group(1)}”字",
                line=p.line_at(m.start()), quote=p.quote(m.start(), m.end(), 12), found=m.group(1))
