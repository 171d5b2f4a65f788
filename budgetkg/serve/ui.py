"""The browser UI's own pages: home (reports by department and year), departments, query page.

The department page itself is :mod:`.department_page`. Links go by IRI: a report links to its
report page (``/id/report/…``), a department to ``/department?iri=…``.
"""
from __future__ import annotations

import html
from collections import defaultdict

from budgetkg.config import read_query
from budgetkg.errors import BudgetKGError
from budgetkg.query.answers import Unit
from budgetkg.query.questions import list_questions
from budgetkg.serve import department_page, pages, sparql_routes
from budgetkg.serve.context import App
from budgetkg.serve.department import Kind, scope_of
from budgetkg.serve.web import Request, Response, Route, link


def _reports(app: App) -> list[dict[str, str]]:
    query = read_query("serve/reports.rq")
    return app.rows(query, ("report", "org", "department", "year", "final", "income", "expenditure",
                                  "source", "scope"))


#: The home page's question box: a question in words (中文 or English), answered by ``/ask``.
_ASK_BOX = ("<form method='get' action='/ask' class='params'><label>提问 / ask"
            "<input type='search' name='q' size='40' placeholder='组织部2021年三公经费 · 哪些部门的项目支出比上年增长最多'>"
            "</label><button type='submit'>Ask / 查询</button></form>"
            "<p><a href='/check'>Check a report / 核查报告</a> <span class='muted'>— upload a PDF (or several) and get "
            "its findings and an annotated copy; nothing is stored</span></p>")

PER_PAGE = 100  # departments per home page: a store of 10,000 reports stays a page a browser opens


def home(app: App, request: Request) -> Response:
    """Departments with their reports by year, each linked to its department page and report page."""
    unit = Unit.parse(request.param("unit"))
    rows = _reports(app)
    by_org: dict[str, list[dict]] = defaultdict(list)
    for r in rows:
        by_org[r["org"]].append(r)
    years = sorted({r["year"] for r in rows if r["year"]})
    try:
        page = max(1, int(request.param("page") or 1))
    except ValueError:
        raise BudgetKGError("page must be a whole number") from None
    orgs = list(by_org)
    last = max(1, -(-len(orgs) // PER_PAGE))
    shown = orgs[(page - 1) * PER_PAGE:page * PER_PAGE]
    more = "" if last == 1 else " · ".join(
        f"<b>{n}</b>" if n == page else f"<a href='{link('/', page=n, unit=request.param('unit'))}'>{n}</a>"
        for n in range(1, last + 1))
    body = [_ASK_BOX, f"<p>{len({r['report'] for r in rows})} reports, {len(by_org)} departments, "
            f"years {html.escape(', '.join(years))}.</p>", f"<p>pages: {more}</p>" if more else "",
            pages.unit_switch(unit, lambda u: link("/", unit=u.value, page=request.param("page"))),
            "<table><tr><th>department 部门</th><th>year 年度</th><th>report 报告</th>"
            "<th>total income 收入总计</th><th>total expenditure 支出总计</th></tr>"]
    for org in shown:
        all_reps = by_org[org]
        sources: dict[str, list[str]] = defaultdict(list)
        reps = []
        for r in all_reps:  # one line per report, however many files it was read from
            if r["report"] not in sources:
                reps.append(r)
            if r["source"] not in sources[r["report"]]:
                sources[r["report"]].append(r["source"])
        for i, r in enumerate(reps):
            dept = (f"<td rowspan='{len(reps)}'><a href='{link('/department', iri=org)}'>"
                    f"{html.escape(r['department'])}</a></td>") if i == 0 else ""
            kind = Kind.FINAL if r["final"] == "true" else Kind.BUDGET
            body.append(f"<tr>{dept}<td>{html.escape(r['year'] or '?')}</td>"
                        f"<td><a href='{html.escape(app.local(r['report']) or '', quote=True)}'>{kind.label} · "
                        f"{scope_of(r['report'], r['scope']).label}</a><br><span class='muted'>"
                        f"{html.escape(' + '.join(sources[r['report']]))}</span></td>"
                        f"{pages.money_cell(r['income'], unit)}{pages.money_cell(r['expenditure'], unit)}</tr>")
    body.append("</table>")
    return Response.page(pages.page("budgetkg — budget disclosures", "".join(body),
                                    "预算/决算公开 · every figure exact, in the unit chosen"))


def departments(app: App, request: Request) -> Response:
    """Every department that has a report, with the number of its reports and its years."""
    query = read_query("serve/departments.rq")
    rows = app.rows(query, ("org", "name", "reports", "years"))
    items = "".join(f"<tr><td><a href='{link('/department', iri=r['org'])}'>{html.escape(r['name'])}</a></td>"
                    f"<td class='num'>{r['reports']}</td><td>{html.escape(', '.join(sorted(r['years'].split(', '))))}</td></tr>"
                    for r in rows)
    return Response.page(pages.page("Departments / 部门", "<table><tr><th>department</th><th>reports</th>"
                                    f"<th>years</th></tr>{items}</table>"))


def query_page(app: App, request: Request) -> Response:
    """A SPARQL form: SELECT/ASK answer as a table, CONSTRUCT/DESCRIBE as Turtle, run by this page."""
    text = request.param("query") or read_query("serve/example.rq")
    options = "".join(f"<option value='{html.escape(q.sparql, quote=True)}'>{html.escape(q.name)} — "
                      f"{html.escape(q.title_zh)}</option>" for q in list_questions())
    out = ""
    if request.param("query"):
        out = _run(app, request, text)
    downloads = (f" · the same from <code>/sparql</code>: <a href='{link('/sparql', query=text, format='csv')}'>CSV</a>"
                 f" · <a href='{link('/sparql', query=text, format='json')}'>JSON</a>"
                 f" · <a href='{link('/sparql', query=text, format='turtle')}'>Turtle</a>") if request.param("query") else ""
    body = (f"<form method='get' action='/query'><p><select onchange='example(this)'><option>examples…</option>"
            f"{options}</select></p><textarea id='q' name='query'>{html.escape(text)}</textarea>"
            f"<p><button type='submit'>Run</button>{downloads}</p></form><div id='out'>{out}</div>"
            + pages.QUERY_PAGE_SCRIPT)
    return Response.page(pages.page("SPARQL query", body))


def _run(app: App, request: Request, text: str) -> str:
    """The query answered through the protocol route (same guards): a table, ASK's answer or Turtle."""
    import json
    inner = Request.build("GET", link("/sparql", query=text).replace("&amp;", "&"),
                          {"Accept": "application/sparql-results+json, text/turtle;q=0.9",
                           "Host": request.headers.get("Host") or ""}, server_address=request.server_address)
    try:
        reply = sparql_routes.sparql(app, inner, stream=False)
    except BudgetKGError as exc:  # refused before it reached the engine (e.g. SERVICE): said on the page
        return f"<pre class='sev-error'>{html.escape(exc.describe())}</pre>"
    if reply.status >= 400:
        return f"<pre class='sev-error'>{html.escape(reply.body.decode('utf-8', 'replace'))}</pre>"
    if "json" not in reply.content_type:
        return f"<p>graph (Turtle):</p><pre>{html.escape(reply.body.decode('utf-8', 'replace'))}</pre>"
    data = json.loads(reply.body)
    if "boolean" in data:
        return f"<p>ASK: <b>{str(data['boolean']).lower()}</b></p>"
    columns = tuple(data["head"]["vars"])
    rows = [tuple(b.get(c, {}).get("value", "") for c in columns) for b in data["results"]["bindings"]]
    return f"<p>{len(rows)} rows</p>" + pages.table(columns, rows)


ROUTES = [Route(home, exact=("/",)), Route(departments, exact=("/departments",)),
          Route(department_page.department, exact=("/department",)), Route(query_page, exact=("/query",))]
