"""``budgetkg search``: full-text search over every stored report (thin over :mod:`budgetkg.query.search`)."""
from __future__ import annotations

import re
from pathlib import Path

import typer

from budgetkg.cli.common import (
    BomOpt,
    FormatOpt,
    LangOpt,
    OutputOpt,
    StoreOpt,
    WideOpt,
    handles_errors,
    print_answer,
    view_options,
)
from budgetkg.config import Settings
from budgetkg.errors import QueryError

_SAY = {
    "none": {"en": "no hits for {q!r}", "zh": "未找到“{q}”"},
    "count": {"en": "{n} hits for {q!r}, the best {shown} shown (--limit for more)",
              "zh": "“{q}”共 {n} 处，显示最相关的 {shown} 处（--limit 显示更多）"},
    "all": {"en": "{n} hits for {q!r}", "zh": "“{q}”共 {n} 处"},
}


def _year(text: str | None) -> int | None:
    """2026 or 2026年; anything else is one clear line."""
    if text is None:
        return None
    m = re.fullmatch(r"\s*((?:19|20)\d{2})\s*年?\s*", text)
    if not m:
        raise QueryError(f"--year must be a year such as 2026, got {text!r}")
    return int(m.group(1))


@handles_errors
def search(query: str = typer.Argument(..., help="Words to find, e.g. 数字化, or several: \"公务用车 运行\" "
                                                  "(every one must occur)."),
           department: str | None = typer.Option(None, "--department", "-d", help="Only reports of this department "
                                                    "(a name or part of it, e.g. 统计局)."),
           year: str | None = typer.Option(None, "--year", "-y", help="Only reports of this fiscal year, e.g. 2026."),
           limit: int = typer.Option(20, "--limit", "-n", min=1, help="Show at most this many hits, best first."),
           fmt: str = FormatOpt, output: Path | None = OutputOpt, bom: bool = BomOpt,
           store: Path | None = StoreOpt, lang: str = LangOpt, wide: bool = WideOpt):
    """Search the text of every stored report: its prose (概况, 情况说明), project names and
    descriptions, performance goals and indicators, and the titles of the policy documents it
    cites. Each hit names its report, department, year, page and line, the kind of text, the
    words around the match (marked 【】) and the entity it is about."""
    from budgetkg.load.search_index import store_select
    from budgetkg.load.store import BudgetStore
    from budgetkg.query.search import hits_answer
    from budgetkg.query.search import search as run_search
    view = view_options(lang, wide=wide)
    settings = Settings.load(store=store)
    with BudgetStore(settings.store, read_only=True) as bstore:
        hits, total = run_search(bstore.path, query, store_select(bstore), department=department,
                                 year=_year(year), limit=limit)
    code = view["lang"].value
    if fmt == "table":
        key = "none" if not total else "count" if total > len(hits) else "all"
        typer.echo(_SAY[key][code].format(q=query, n=total, shown=len(hits)), err=True)
        if not hits:
            return
    answer = hits_answer(hits, lang=code, mark=("【", "】") if fmt == "table" else ("[", "]"))
    print_answer(answer, fmt, output=output, bom=bom, title="search", **view)
