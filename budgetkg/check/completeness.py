"""Sections the report's own table of contents (目录) promises.

Which narrative sections a report must have varies by region and year (Jiangsu's 2017 and 2018
budgets have no 国有资产 section; later national templates do), so budgetkg does not hold every
report to one list. What a report's 目录 lists, though, it promises: a listed section whose
subject the body never mentions is missing. (Tables the 目录 lists are ``missing-table``.)
"""
from __future__ import annotations

import re
from collections.abc import Sequence

from budgetkg.check.context import CheckInput
from budgetkg.check.registry import Family, Severity, register
from budgetkg.sources.document import Line
from budgetkg.text.names import squash

_TOC_RE = re.compile(r"^目录$")
_PART_RE = re.compile(r"^第[一二三四五六七八九十]+部分")
#: The subjects of the template's narrative sections and the words that name them in a body.
SECTIONS = (("职能", "主要职能"), ("机构设置", "机构设置"), ("三公", "“三公”经费"),
            ("机关运行经费", "机关运行经费"), ("政府采购", "政府采购"), ("国有资产", "国有资产"),
            ("绩效", "绩效"))


def _toc(lines: Sequence[Line]) -> tuple[int, int] | None:
    """(first, end) line positions of the 目录's entries: from the line after 目录 to the line where
    its first entry (or its 第一部分) is printed again as the body's heading (at most 150 lines)."""
    for i, ln in enumerate(lines):
        if _TOC_RE.match(squash(ln.text)):
            entries = [k for k in range(i + 1, min(i + 151, len(lines))) if squash(lines[k].text)]
            if not entries:
                return None
            first = squash(lines[entries[0]].text)
            part = _PART_RE.match(first)
            key = part.group(0) if part else first  # 第一部分 … is printed again with a longer title
            again = next((k for k in entries[1:] if squash(lines[k].text).startswith(key)
                          and (part or squash(lines[k].text) == first)), None)
            return (entries[0], again) if again else None
    return None


@register("missing-section", Family.COMPLETENESS, Severity.WARNING, "目录所列说明缺失",
          "Section listed in the contents missing",
          "A section the report's 目录 lists (三公, 机关运行经费, 政府采购, 国有资产, 绩效 …) is in the body.")
def missing_sections(inp: CheckInput) -> None:
    lines = inp.segments.document.lines
    toc = _toc(lines)
    if toc is None:
        return
    start, end = toc
    body = "".join(squash(ln.text) for ln in lines[end:])
    for k in range(start, end):
        entry = squash(lines[k].text)
        for word, name in SECTIONS:
            if word in entry and word not in body:
                inp.add("missing-section", f"the table of contents lists {entry!r}; the body never mentions {word}",
                        f"目录列有“{entry}”，正文未见{name}", line=lines[k], quote=entry[:60], expected=name,
                        found="absent")


@register("blank-page", Family.READING, Severity.NOTICE, "空白页或无文字层页面", "Page without text",
          "Every page inside a PDF report carries text; a page without a text layer is blank or a scanned "
          "image budgetkg cannot read.")
def blank_pages(inp: CheckInput) -> None:
    """One notice naming the pages between the first and the last page with text that have none
    (running headers and page numbers aside): a separator page, or a scan whose figures are lost."""
    pages = {ln.page for ln in inp.segments.document.lines if ln.page and ln.text.strip()}
    if len(pages) < 2:
        return
    gaps = sorted(set(range(min(pages), max(pages) + 1)) - pages)
    if gaps:
        shown = ", ".join(map(str, gaps[:12])) + (" …" if len(gaps) > 12 else "")
        first = next(ln for ln in inp.segments.document.lines if ln.page and ln.page > gaps[0])
        inp.add("blank-page", f"page(s) {shown} carry no text: blank, or a scanned image that was not read",
                f"第{shown}页无文字：空白页或未能读取的扫描图像", line=first, found=str(len(gaps)),
                table="document")
