"""The document's kind said wrongly in its own text: a unit budget (单位预算) naming its accounts
"2026年部门预算" (or a department's report "2026年单位预算"), a final account (决算) whose table
titles call the table a 预算表 (or a budget's a 决算表).

Judged only where the report's title says which kind it is without doubt: it names one of
单位/部门 with 预算/决算, and one of 预算/决算 once the funds' names (一般公共预算, 政府性基金预算,
国有资本经营预算) are set aside. Only the report naming itself is read — a year with 部门预算 /
单位预算 (2026年部门预算安排购置车辆…), and the table titles — never the classification 部门预算支出
经济分类, a department's 下属单位预算, nor 预算数 / 预算执行 in a final account's comparisons.
"""
from __future__ import annotations

import re

from budgetkg.check.context import CheckInput
from budgetkg.check.registry import Family, Severity, register
from budgetkg.text.names import squash

#: The funds' names, which hold 预算 in any report.
_FUNDS_RE = re.compile(r"一般公共预算|政府性基金预算|国有资本经营预算|社会保险基金预算|财政专户管理资金预算")
_SCOPE_RE = re.compile(r"(单位|部门)(?:预算|决算)")
#: The report naming its own accounts: a year, then 部门预算 / 单位决算 …, not the classification.
_SELF_RE = re.compile(r"(?P<year>(?:19|20)\d{2})年度?(?P<scope>部门|单位)(?P<kind>预算|决算)(?!支出经济分类|经济分类)")
_TABLE_KIND_RE = re.compile(r"(预算|决算)")


def _title_kind(title: str) -> tuple[str | None, str | None]:
    """(单位 or 部门, 预算 or 决算) as the title says each without doubt, else None for it."""
    scopes = {m.group(1) for m in _SCOPE_RE.finditer(title)}
    kinds = set(_TABLE_KIND_RE.findall(_FUNDS_RE.sub("", title)))
    return (next(iter(scopes)) if len(scopes) == 1 else None,
            next(iter(kinds)) if len(kinds) == 1 else None)


@register("scope-name", Family.YEARS_AND_NAMES, Severity.WARNING, "报告类型自称有误",
          "Report names itself as the other scope",
          "A unit budget or final account (单位预算/决算, as its title says) names its own accounts "
          "单位预算 — \"2026年部门预算安排…\" in it is left over from a department's template — and "
          "a department's report names them 部门预算.")
def scope_name(inp: CheckInput) -> None:
    scope, kind = _title_kind(squash(inp.report.title or ""))
    if scope is None:
        return
    for p in (*inp.paragraphs, *inp.other_lines):
        for m in _SELF_RE.finditer(p.text):
            if m.group("scope") == scope or (kind is not None and m.group("kind") != kind):
                continue
            if int(m.group("year")) != inp.report.year:
                continue  # another year's accounts (a department's earlier report) may be meant
            said = m.group("scope") + m.group("kind")
            right = scope + m.group("kind")
            inp.add("scope-name", f"a {right} report names its accounts {said}",
                    f"{right}中写作“{m.group(0)}”，应为“{right}”", line=p.line_at(m.start()),
                    quote=p.quote(m.start(), m.end(), 6), expected=right, found=said)


@register("kind-title", Family.YEARS_AND_NAMES, Severity.WARNING, "表名预算决算混用",
          "Table title names the other kind of account",
          "The tables of a final account (决算, as its title says) are 决算表, and a budget's 预算表: a "
          "final account's table titled 收入预算表 is left over from the budget's template.")
def kind_title(inp: CheckInput) -> None:
    _, kind = _title_kind(squash(inp.report.title or ""))
    if kind is None:
        return
    other = "预算" if kind == "决算" else "决算"
    for b in inp.segments.tables:
        title = squash(b.title_line.text)  # as printed (b.title may be the 目录's)
        said = set(_TABLE_KIND_RE.findall(_FUNDS_RE.sub("", title)))
        if said == {other}:
            inp.add("kind-title", f"a {kind} report's table is titled {title}",
                    f"{kind}报告中的表名“{title}”写作“{other}”", line=b.title_line, quote=title,
                    expected=kind, found=other, table=b.kind.value)

