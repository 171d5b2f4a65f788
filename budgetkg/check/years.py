"""Years: the comparison base, the date of an asset count, the years in table titles.

A 2025 budget compares with 2024 (比上年 / 比2024年预算); a final account of 2024 counts its
assets 截至2024年12月31日 and a 2025 budget those of the year before. A year one off is the
commonest slip of a report copied from last year's.
"""
from __future__ import annotations

import re

from budgetkg.check.context import CheckInput
from budgetkg.check.registry import Family, Severity, register
from budgetkg.model.report import ReportKind, ReportScope
from budgetkg.text.names import edit_distance, normalise_org_name, short_org_form, squash

_BASE_YEAR_RE = re.compile(r"(?:比|与|较)(?P<year>\d{4})年度?(?:年初)?(?:预算|决算|执行)?数?(?:相比)?[，,]?"
                           r"(?=增加|减少|增长|下降|上升|降低|持平)")
_AS_OF_RE = re.compile(r"截[至止](?P<year>\d{4})年(?:12|十二)月(?:31|三十一)日")
_TITLE_YEAR_RE = re.compile(r"(?P<year>(?:19|20)\d{2})\s*年")


@register("base-year", Family.YEARS_AND_NAMES, Severity.WARNING, "比较基期年份不符",
          "Comparison with a year other than the previous one",
          "Changes are stated against the previous year: 比YYYY年 in a report of year N names N−1.")
def base_year(inp: CheckInput) -> None:
    year = inp.report.year
    if year is None:
        return
    # the prose a table block ran on into (the 三公 section after the last table) compares too
    for p, m in ((q, m) for q in (*inp.paragraphs, *inp.other_lines) for m in _BASE_YEAR_RE.finditer(q.text)):
        y = int(m.group("year"))
        if y != year - 1:
            inp.add("base-year", f"compared with {y}, not with the previous year {year - 1}",
                    f"与{y}年比较，而非上年（{year - 1}年）", line=p.line_at(m.start()),
                    quote=p.quote(m.start(), m.end(), 16), expected=year - 1, found=y)


@register("as-of-year", Family.YEARS_AND_NAMES, Severity.WARNING, "资产统计截止年份不符",
          "Asset count dated in the wrong year",
          "A final account of year N counts assets 截至N年12月31日; a budget of year N those of N−1.")
def as_of_year(inp: CheckInput) -> None:
    year = inp.report.year
    if year is None:
        return
    expected = year if inp.report.kind is ReportKind.FINAL else year - 1
    for p, m in inp.finditer(_AS_OF_RE):
        y = int(m.group("year"))
        if y != expected:
            inp.add("as-of-year", f"dated {m.group(0)}; a {inp.report.kind.value} of {year} counts at the end "
                    f"of {expected}", f"{m.group(0)}与报告年度不符，应为截至{expected}年12月31日",
                    line=p.line_at(m.start()), quote=p.quote(m.start(), m.end(), 16), expected=expected, found=y)


@register("title-year", Family.YEARS_AND_NAMES, Severity.WARNING, "表名年份与报告年度不符",
          "Table title names another year",
          "Every table of a report of year N is titled with year N (or without a year).")
def title_year(inp: CheckInput) -> None:
    year = inp.report.year
    if year is None:
        return
    for block in inp.segments.tables:
        title = squash(block.title_line.text)
        years = {int(m.group("year")) for m in _TITLE_YEAR_RE.finditer(title)}
        if years and year not in years:
            inp.add("title-year", f"the table title names {'/'.join(map(str, sorted(years)))}, the report is of {year}",
                    f"表名年份为{'/'.join(map(str, sorted(years)))}年，报告年度为{year}年",
                    line=block.title_line, quote=title[:60], table=block.kind.value,
                    expected=year, found=min(years))


@register("department-name-variant", Family.YEARS_AND_NAMES, Severity.WARNING, "部门名称书写有误",
          "Department name misspelt",
          "The department is named as in the title (or its usual short form: 委员会 → 委) throughout.")
def department_name_variant(inp: CheckInput) -> None:
    """A name one character longer or shorter than the department's (中共X市委委员会组织部 for
    中共X市委员会组织部) is a slip. Substitutions are not judged: 市 → 县 names another body."""
    dept = inp.report.department
    names = [n for n in (dept.name, *dept.alt_names)
             if len(n) >= 6 and "\u4e00" <= n[0] <= "\u9fff"]  # a name read wrongly judges nothing
    if not names:
        return
    known = {short_org_form(n) for n in names} | {normalise_org_name(n) for n in names}
    anchors = {normalise_org_name(n)[-3:] for n in names}
    longest = max(len(k) for k in known)
    for p in (*inp.paragraphs, *inp.performance_lines):
        for anchor in anchors:
            for m in re.finditer(re.escape(anchor), p.text):
                end = m.end()
                windows = {p.text[max(end - n, 0):end] for n in range(3, longest + 3)}
                if any(w in known or short_org_form(w) in known for w in windows):
                    continue
                slip = next((w for w in sorted(windows, key=len)
                             for k in known if abs(len(short_org_form(w)) - len(k)) == 1
                             and edit_distance(short_org_form(w), k, limit=1) == 1), None)
                if slip:
                    inp.add("department-name-variant", f"the department is written {slip}, its name is {dept.name}",
                            f"部门名称写作“{slip}”，应为“{dept.name}”", line=p.line_at(end - len(slip)),
                            quote=slip, expected=dept.name, found=slip)


_HEADING_RE = re.compile(r"^(?:第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)])")


@register("heading-year", Family.YEARS_AND_NAMES, Severity.WARNING, "标题年份与报告年度不符",
          "Heading names another year",
          "A heading of a report of year N that names a budget or final account names year N.")
def heading_year(inp: CheckInput) -> None:
    year = inp.report.year
    if year is None:
        return
    for p in inp.paragraphs:
        if not _HEADING_RE.match(p.text):
            continue
        # the heading only: up to the first mark that ends it (a sentence may follow on its line)
        head = re.split(r"[。，,；;：:]", p.text[:40], maxsplit=1)[0]
        for m in re.finditer(r"(?<!截至)(?<!截止)(?P<year>(?:19|20)\d{2})年度?(?=[^，。；]{0,12}(?:预算|决算))", head):
            y = int(m.group("year"))
            if y != year and not re.search(r"(?:比|与|较|上年|去年)$", head[:m.start()]):
                inp.add("heading-year", f"a heading (or the sentence run into it) names {y}, the report is of {year}",
                        f"标题（或紧随其后的句子）年份为{y}年，报告年度为{year}年", line=p.line_at(m.start()),
                        quote=head[:40], expected=year, found=y)


_OWN_DEPARTMENT_RE = re.compile(r"本部门")


@register("scope-wording", Family.YEARS_AND_NAMES, Severity.WARNING, "单位预算误称部门",
          "A unit report calls itself a department",
          "A unit budget or final account (单位预算/决算) speaks of itself as 本单位, not 本部门.")
def scope_wording(inp: CheckInput) -> None:
    """Only the self-reference 本部门 is judged: 部门预算 also names the classification of the
    economic table (部门预算支出经济分类) and a unit's 主管部门 is a department."""
    if inp.report.scope is not ReportScope.UNIT:
        return
    for p, m in inp.finditer(_OWN_DEPARTMENT_RE):
        inp.add("scope-wording", "a unit report calls itself 本部门", "单位预算（决算）中自称“本部门”，应为“本单位”",
                line=p.line_at(m.start()), quote=p.quote(m.start(), m.end(), 12), expected="本单位",
                found="本部门")


_ARRANGES_RE = re.compile(r"(?<![比较与和同])(?P<year>(?:19|20)\d{2})年度?(?:部门|单位)预算(?:未安排|安排|中安排)")


@register("arrangement-year", Family.YEARS_AND_NAMES, Severity.WARNING, "预算安排年份有误",
          "Budget arrangement names another year",
          "A budget of year N says what \"N年部门预算\" arranges: 2020年部门预算未安排… in a 2021 budget "
          "names the wrong year.")
def arrangement_year(inp: CheckInput) -> None:
    """Only the statement of what a budget arranges (…年部门预算（未）安排…) is judged; a figure
    of another year (2025年预算数为…) or a comparison (比2025年预算…) is left alone."""
    year = inp.report.year
    if year is None or inp.report.kind is not ReportKind.BUDGET:
        return
    for p, m in ((q, m) for q in (*inp.paragraphs, *inp.other_lines) for m in _ARRANGES_RE.finditer(q.text)):
        y = int(m.group("year"))
        if y != year:
            inp.add("arrangement-year", f"a {year} budget says what the {y} budget arranges",
                    f"{year}年预算中写作“{y}年部门预算…安排”", line=p.line_at(m.start()),
                    quote=p.quote(m.start(), m.end(), 8), expected=year, found=y)
