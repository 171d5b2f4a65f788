"""The report's own year where the report states it: a year copied from last year's report.

A report of year N prints N again and again: in its title and every table title, in "N年部门预算",
"N年度，本部门…", "江苏省人大常委会办公厅N年度财政拨款收、支总预算", "N年“三公”经费预算…". A
report copied from last year's and not updated everywhere keeps N−1 in one of these places (a
2026 budget's "2025年“三公”经费预算13.85万元，比2025年减少5.45万元"). Each place below is a
*statement of the report's own year*; another year there is a warning. Comparisons (比/较/与
N−1年…), ranges (2025—2027年), figures of another year (2025年预算数为…) and what a budget of
another year arranged are not statements of the report's own year and are left alone.

Table titles are read on every line that is not a table row (the 目录, titles of tables the
reader does not model, a performance table's "（N年度）"), the modelled tables' titles being
:func:`~budgetkg.check.years.title_year`'s, and so is the title on the cover. A place another year check already reports is not
reported twice.
"""
from __future__ import annotations

import re
from collections.abc import Iterator

from budgetkg.check import years  # noqa: F401  (the year checks run first: a place they report is left)
from budgetkg.check.context import CheckInput, Paragraph
from budgetkg.check.registry import Family, Severity, register
from budgetkg.parse.overview import cn_years, printed_years, title_lines
from budgetkg.sources.document import Line
from budgetkg.text.names import normalise_org_name, squash

_YEAR = r"(?P<year>(?:19|20)\d{2})年度?"
#: Not a statement of the report's own year when the year follows one of these: a comparison
#: (比/较/与/同/和/对), the end of a range (至/—/-/~).
_NOT_OWN = r"(?<![比较与同和对至—\-~～])"
#: "N年度，本部门…", "N年本单位…": the report speaking of itself in its year.
_OWN_RE = re.compile(_NOT_OWN + _YEAR + r"[，,]?(?:本部门|本单位|本局|本委|本厅|本院|本级)")
#: "N年部门预算", "N年度单位决算", "N年部门主要工作任务" (what an N−1 budget arranged is
#: :func:`~budgetkg.check.years.arrangement_year`'s; "N−1年部门预算数" is a figure of that year).
_KIND_RE = re.compile(_NOT_OWN + _YEAR + r"(?:部门|单位)(?!预算(?:未安排|安排|中安排))(?!(?:预算|决算)(?:数|执行))")
#: "N年度政府采购支出预算总额", "N年“三公”经费预算13.85万元", "N年收入预算情况说明".
_FUNDS_RE = re.compile(_NOT_OWN + _YEAR + r"(?:政府采购|财政拨款|一般公共预算|“三公”|三公|机关运行|收入|支出|收支)"
                       r"[^。，；]{0,12}(?:预算|决算)(?!数|执行)")
#: A table's title (or its 目录 entry): "表2.2026年市级部门收入预算总表", "2026年政府采购预算明细表".
_TITLE_RE = re.compile(r"^(?:[表附]?[\d一二三四五六七八九十]{0,2}[.．、:：]?)?" + _YEAR + r"[^。，；,;]{2,40}表")
#: A year on the cover, not the date it was published on ("2024年8月").
_COVER_YEAR_RE = re.compile(r"(?<!\d)" + _YEAR + r"(?!\d{1,2}月)")
#: The year printed under a performance table's title: "（2026年度）".
_UNDER_TITLE_RE = re.compile(r"^[（(]" + _YEAR + r"[）)]$")


def _named_patterns(inp: CheckInput) -> list[re.Pattern[str]]:
    """The department's name right before a year (省委办公厅2017年度财政拨款基本支出预算: its last
    three or four characters) or right after one (a cover's "2026年烟台市退役军人事务局",
    "2026年，泉州市公安局单位按照…": its first four)."""
    dept = inp.report.department
    names = [n for n in map(normalise_org_name, (dept.name, *dept.alt_names)) if len(n) >= 6]
    if not names:
        return []
    tails = sorted({n[-k:] for n in names for k in (3, 4)})
    heads = sorted({n[:4] for n in names})
    return [re.compile("(?:" + "|".join(map(re.escape, tails)) + ")" + _YEAR),
            re.compile(_NOT_OWN + _YEAR + "[，,]?(?=" + "|".join(map(re.escape, heads)) + ")")]


def _line_paragraph(line: Line) -> Paragraph:
    text = squash(line.text)
    return Paragraph(text, (line,) * len(text))


def _statements(inp: CheckInput) -> Iterator[tuple[Paragraph, re.Match[str]]]:
    named = _named_patterns(inp)
    for p in (*inp.paragraphs, *inp.performance_lines, *inp.other_lines):
        text = cn_years(p.text)
        if len(text) != len(p.text):
            continue  # 二〇二六年 read as 2026年 moves the characters: the lines quoted would be wrong
        for pattern in (_OWN_RE, _KIND_RE, _FUNDS_RE, *named):
            yield from ((p, m) for m in pattern.finditer(text))
    # titles line by line, wherever the reader put the line (a table it does not model falls into
    # the prose), but not the modelled tables' titles (title-year's)
    titles = {id(b.title_line) for b in inp.segments.tables}
    for line in inp.segments.document.lines:
        if not line.is_row and id(line) not in titles:
            p = _line_paragraph(line)
            for pattern in (_TITLE_RE, _UNDER_TITLE_RE):
                yield from ((p, m) for m in pattern.finditer(p.text))
    yield from _cover(inp)


def _cover(inp: CheckInput) -> Iterator[tuple[Paragraph, re.Match[str]]]:
    """The year of the title or cover lines (the report's year is the one the rest of the report
    prints throughout, see :func:`~budgetkg.parse.overview.fiscal_year`)."""
    count = len(title_lines(inp.segments))
    lines = [ln for ln in inp.segments.document.lines[:40] if squash(ln.text)][:count]
    for line in lines:
        p = _line_paragraph(line)
        yield from ((p, m) for m in _COVER_YEAR_RE.finditer(p.text))


@register("year-statement", Family.YEARS_AND_NAMES, Severity.WARNING, "报告年度表述有误",
          "The report's own year misstated",
          "Where a report of year N states its own year (N年部门预算, N年度本部门…, N年“三公”经费预算, a table "
          "title), it names N.")
def year_statement(inp: CheckInput) -> None:
    year = inp.report.year
    if year is None:
        return
    reported = {(f.source.line, f.found) for f in inp.findings
                if f.source is not None and f.check in ("heading-year", "title-year", "arrangement-year", "base-year")}
    seen: set[tuple[int, int]] = set()
    printed = printed_years(inp.segments)
    for p, m in _statements(inp):
        y = int(m.group("year"))
        line = p.line_at(m.start("year"))
        if y == year or (line.no, str(y)) in reported or (line.no, y) in seen:
            continue
        if printed[y] >= printed[year]:
            continue  # a file that prints its year once or twice: which of two years is wrong is a guess
        seen.add((line.no, y))
        inp.add("year-statement", f"the report of {year} states its own year as {y}",
                f"报告年度为{year}年，此处写作{y}年", line=line, quote=p.quote(m.start(), m.end(), 8),
                expected=year, found=y)
