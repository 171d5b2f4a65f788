"""The search page (``/search?q=…``): the hits of :func:`budgetkg.query.search.search` over every
report, each linked to its report's page and to the entity it is about, with the department and
year filters of ``budgetkg search``.

The index is the store's own (``<store>/search.sqlite``, :mod:`budgetkg.load.search_index`),
brought in step with the store through the engine before each search, so a store ingested,
loaded or changed while no server ran is searched as it is.
"""
from __future__ import annotations

import html
import json
from pathlib import Path
from typing import cast

from budgetkg.errors import BudgetKGError
from budgetkg.query.search import Hit, kind_title
from budgetkg.query.search import search as run_search
from budgetkg.serve import pages
from budgetkg.serve.context import App
from budgetkg.serve.request import FORMATS
from budgetkg.serve.web import Handler, Request, Response, Route, link

LIMIT, MOST = 50, 500


def _select(app: App):
    """A SELECT through the engine, as the index's sync reads the store."""
    def select(sparql: str):
        reply = app.call({"query": sparql}, FORMATS["json"])
        if reply.status >= 400:
            raise BudgetKGError(reply.body.decode("utf-8", "replace")[:300])
        for b in json.loads(reply.body)["results"]["bindings"]:
            yield {k: v["value"] for k, v in b.items()}
    return select


def _store(app: App) -> Path | None:
    """The folder of the store served (whose index is searched), or None fronting another endpoint."""
    engine = app.config.engine
    return getattr(engine, "store", None)


def _whole_number(text: str | None, name: str, default: int | None) -> int | None:
    if not text:
        return default
    try:
        return int(text.strip().removesuffix("年"))
    except ValueError:
        raise BudgetKGError(f"{name} must be a whole number, got {text!r}") from None


def _row(app: App, h: Hit) -> str:
    report = app.local(h.report)
    entity = app.local(h.entity) if h.entity else None
    where = f"p.{h.page} · " if h.page else ""
    snippet = h.snippet(("\x00", "\x01"))
    snippet = html.escape(snippet).replace("\x00", "<mark>").replace("\x01", "</mark>")
    kind = html.escape(f"{kind_title(h.kind, 'zh')} {kind_title(h.kind)}")
    return (f"<tr><td><a href='{html.escape(report or h.report, quote=True)}'>{html.escape(h.department)} "
            f"{h.year or ''}</a><br><span class='muted'>{html.escape(h.source)}</span></td>"
            f"<td class='num'>{where}line {h.line}</td>"
            f"<td>{f'<a href={chr(39)}{html.escape(entity, quote=True)}{chr(39)}>{kind}</a>' if entity else kind}</td>"
            f"<td>{snippet}</td></tr>")


def search_page(app: App, request: Request) -> Response:
    """A search form and, with ``q``, its hits (best first)."""
    q = (request.param("q") or "").strip()
    department = (request.param("department") or "").strip()
    year = _whole_number(request.param("year"), "year", None)
    limit = min(_whole_number(request.param("limit"), "limit", LIMIT) or LIMIT, MOST)
    form = (f"<form class='params' method='get' action='/search'><label>words 检索词<input name='q' "
            f"value='{html.escape(q, quote=True)}'></label><label>department 部门<input name='department' "
            f"value='{html.escape(department, quote=True)}'></label><label>year 年度<input name='year' size='6' "
            f"value='{year or ''}'></label><button type='submit'>搜索 search</button></form>")
    if not q:
        return Response.page(pages.page("Search / 检索", form, "every report's prose, projects, indicators and "
                                        "policy documents / 全部报告的说明、项目、绩效指标和政策文件"))
    store = _store(app)
    if store is None:
        body = "<p class='unknown'>search needs the local store: run <code>budgetkg serve --store …</code></p>"
        return Response.page(pages.page("Search / 检索", form + body), 501)
    hits, total = run_search(store, q, _select(app), department=department or None, year=year, limit=limit)
    if not hits:
        body = f"<p>no hits for “{html.escape(q)}” / 未找到“{html.escape(q)}”</p>"
    else:
        more = (f" · the best {len(hits)} shown / 显示最相关的 {len(hits)} 处 · "
                f"<a href='{link('/search', q=q, department=department, year=year, limit=min(total, MOST))}'>more</a>"
                if total > len(hits) else "")
        body = (f"<p>{total} hits / 共 {total} 处{more}</p><table><tr><th>report 报告</th><th>where 位置</th>"
                f"<th>kind 类型</th><th>text 原文</th></tr>{''.join(_row(app, h) for h in hits)}</table>")
    return Response.page(pages.page(f"Search: {q}", form + body))


ROUTES = [Route(cast(Handler, search_page), exact=("/search",))]
