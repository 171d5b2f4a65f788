"""Classification names in the prose: "一般公共服务（类）组织事物（款）行政运行（项）" names the 款
组织事务 with one character wrong.

Each 类/款/项 name the prose prints is looked up in the functional code list under its parent;
a name that is not a name of that level but differs from exactly one of them by one substituted
character is a slip. Anything else — a name the list lacks, an older name, a short form — is
left alone: the rule is narrow on purpose.
"""
from __future__ import annotations

import re

from budgetkg.check.context import CheckInput
from budgetkg.check.registry import Family, Severity, register
from budgetkg.model.codes import CodeList, code_list, normalise_name
from budgetkg.text.matching import normalise_project

#: A name, possibly with a bracketed qualifier inside (政府办公厅（室）及相关机构事务), before its level.
_NAME = r"(?:[\u4e00-\u9fff、]|[（(](?!类|款|项)[\u4e00-\u9fff]{1,4}[）)])"
PATH_RE = re.compile(rf"(?P<lei>{_NAME}{{2,16}}?)[（(]类[）)](?P<kuan>{_NAME}{{2,24}}?)[（(]款[）)]"
                     rf"(?:(?P<xiang>{_NAME}{{2,30}}?)[（(]项[）)])?")


def _forms(name: str) -> set[str]:
    """A class may be printed without its 支出 ending (一般公共服务（类）)."""
    n = normalise_name(name)
    return {n, n[:-2]} if n.endswith("支出") and len(n) > 4 else {n}


def _one_off(printed: str, name: str) -> bool:
    return len(printed) == len(name) and sum(a != b for a, b in zip(printed, name)) == 1


def _resolve(printed: str, candidates: list[str], codes: CodeList,
             suffix: bool = False) -> tuple[str | None, str | None]:
    """(code, slip name or None) for a printed name among ``candidates`` codes, or (None, None)."""
    p = normalise_name(printed)
    for code in candidates:
        for label in codes.labels(code):
            for form in _forms(label):
                if p == form or (suffix and p.endswith(form)):
                    return code, None
    near = [(code, form) for code in candidates for label in codes.labels(code) for form in _forms(label)
            if _one_off(p[-len(form):] if suffix else p, form)]
    if len({c for c, _ in near}) == 1:
        return near[0][0], near[0][1]
    return None, None


@register("classification-name-in-text", Family.YEARS_AND_NAMES, Severity.WARNING, "说明中科目名称有误",
          "Classification misnamed in the prose",
          "A 类/款/项 named in the prose carries its name in the functional classification.")
def classification_names(inp: CheckInput) -> None:
    codes = code_list("functional")
    classes = [c for c in codes.names if len(c) == 3]
    for p, m in inp.finditer(PATH_RE):
        lei, slip = _resolve(m.group("lei"), classes, codes, suffix=True)
        if lei is None:
            continue
        # (printed name, its slip or None, where): the printed name matters only beside a slip
        printed: list[tuple[str, str | None, int]] = [(m.group("lei")[-len(slip):] if slip else "", slip,
                                                        m.start("lei"))]
        kuan, kslip = _resolve(m.group("kuan"), codes.children(lei), codes)
        printed.append((m.group("kuan"), kslip, m.start("kuan")))
        if kuan is not None and m.group("xiang"):
            _, xslip = _resolve(m.group("xiang"), codes.children(kuan), codes)
            printed.append((m.group("xiang"), xslip, m.start("xiang")))
        for text, name, at in printed:
            if name:
                inp.add("classification-name-in-text", f"{normalise_name(text)} is printed for the classification {name}",
                        f"科目名称“{normalise_name(text)}”应为“{name}”", line=p.line_at(at),
                        quote=p.quote(m.start(), m.end())[:80], expected=name, found=normalise_name(text))


#: Words a project's name may carry or drop without naming another project.
_LINK_WORDS = re.compile(r"[及和与的、，,]")


def _dropped_inside(short: str, long_: str) -> str | None:
    """The run of 1–3 characters ``long_`` holds inside (two or more characters kept on each side)
    that ``short`` lacks, or None. A prefix or suffix dropped (a year, a bracketed note) is a short form."""
    extra = len(long_) - len(short)
    if not 1 <= extra <= 3:
        return None
    for i in range(2, len(short) - 1):
        if long_[:i] == short[:i] and long_[i + extra:] == short[i:]:
            return long_[i:i + extra]
    return None


@register("project-name-variant", Family.YEARS_AND_NAMES, Severity.WARNING, "项目名称前后不一",
          "Project named differently", "A project carries one name in the project table, its description "
          "and its performance tables (a short form that drops a year or a note aside).")
def project_name_variants(inp: CheckInput) -> None:
    """A description or performance table linked to a project row whose name lacks a few
    characters inside the row's name (…工作小组… for …工作领导小组…), or the reverse."""
    from budgetkg.check.performance import linked_row
    seen = set()
    for name, link, source in [(d.name, d.link, d.source) for d in inp.report.projects] + \
            [(p.project, p.link, p.source) for p in inp.report.performance]:
        row = linked_row(inp.report, link)
        if row is None or not row.project or not name:
            continue
        a, b = (_LINK_WORDS.sub("", normalise_project(x)) for x in (name, row.project))
        if a == b or (a, b) in seen:
            continue
        dropped = _dropped_inside(a, b) or _dropped_inside(b, a)
        if dropped:
            seen.add((a, b))
            inp.add("project-name-variant", f"the project is named {name!r} here and {row.project!r} in the "
                    f"project table ({dropped!r} missing in one)", f"项目名称“{name}”与项目表“{row.project}”不一致",
                    source=source, table="projects", row=row.project, expected=row.project, found=name)
