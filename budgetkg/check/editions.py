"""A class printed under the name of an edition of the 政府收支分类科目 superseded before the
report's year (210 as 医疗卫生与计划生育支出 in a 2019 or later report; it is 卫生健康支出 since the
2019 edition): the table or text was carried over from an old template. The renamings and their
sources are data in :mod:`budgetkg.model.editions`.

Every line is read — table rows, the 收支总表's class names without codes, the prose — and a
mention that gives the old name as the old one (原医疗卫生与计划生育支出, or beside the new name)
is left alone.
"""
from __future__ import annotations

import re

from budgetkg.check.context import CheckInput
from budgetkg.check.registry import Family, Severity, register
from budgetkg.model.editions import retired_before


@register("old-edition-name", Family.YEARS_AND_NAMES, Severity.WARNING, "科目名称为旧版名称",
          "Class name of a superseded edition",
          "A report of year Y names its classes as the 政府收支分类科目 of year Y does: a name an "
          "earlier edition replaced before Y (医疗卫生与计划生育支出, 卫生健康支出 since 2019) is left "
          "over from an old template.")
def old_edition_name(inp: CheckInput) -> None:
    year = inp.report.year
    if year is None:
        return
    renamings = retired_before(year)
    if not renamings:
        return
    seen: set[tuple[int, str]] = set()
    for p in (*inp.paragraphs, *inp.performance_lines, *inp.other_lines):
        for r in renamings:
            for m in re.finditer(re.escape(r.stem), p.text):
                around = p.text[max(m.start() - 20, 0):m.end() + 20]
                if r.new in around or p.text[max(m.start() - 1, 0):m.start()] == "原":
                    continue  # the old name named as the old one
                ln = p.line_at(m.start())
                if (ln.no, r.code) in seen:
                    continue
                seen.add((ln.no, r.code))
                inp.add("old-edition-name",
                        f"class {r.code} is printed as {r.old}, its name before the {r.since} edition; "
                        f"a {year} report names it {r.new}",
                        f"{r.code}类科目名称“{r.old}”为{r.since}年以前的旧版名称，{year}年应为“{r.new}”"
                        f"（{r.source}）", line=ln, quote=p.quote(m.start(), m.end(), 6),
                        expected=r.new, found=r.old)
