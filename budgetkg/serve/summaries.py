"""Readable pages for linked-data resources, chosen by the resource's type (a registry).

- a report: its department (link to the department page), year, kind, scope, files, totals,
  its tables (each a link), its projects with their performance tables, cited policy documents
  and findings by severity;
- a table: its rows as printed (code, name, every amount column), each row a link;
- a table row of the 项目支出 table — a project: its amounts, description fields, performance
  targets, indicators and self-evaluation, policy documents;
- a performance table: its project (by the project's name, linked to the project row),
  goal, self-evaluation and indicators;
- a policy document: the projects and departments citing it;
- a project resource (where series linked a project across reports): its row in each year;
- an organisation: a pointer to its department page.

Anything else falls back to the triple table; every summary links its raw triples.
"""
from __future__ import annotations

import html
from collections import Counter
from collections.abc import Callable

from budgetkg.config import query_text
from budgetkg.query.answers import Unit
from budgetkg.serve import graph_page, pages
from budgetkg.serve.context import App, term
from budgetkg.serve.department import Kind, scope_of
from budgetkg.serve.web import Request, link

BKG = "https://w3id.org/budgetkg/ontology#"
ORG = "http://www.w3.org/ns/org#"


def _a(app: App, iri: str, text: str) -> str:
    href = app.local(iri)
    shown = html.escape(text or iri.rsplit("/", 1)[-1])
    return f"<a href='{html.escape(href, quote=True)}'>{shown}</a>" if href else shown


def _dl(items: list[tuple[str, str]]) -> str:
    return "<table>" + "".join(f"<tr><th>{html.escape(k)}</th><td>{v}</td></tr>" for k, v in items if v) + "</table>"


# ------------------------------------------------------------------ report
def report(app: App, iri: str, request: Request, unit: Unit) -> str:
    r = term(iri)
    head = app.rows(query_text("serve/report-head.rq", report=r),
                    ("org", "dept", "year", "final", "title", "source", "scope"))
    if not head:
        return ""
    h = head[0]
    kind = Kind.FINAL if h["final"] == "true" else Kind.BUDGET
    totals = {t["kind"]: t["amount"] for t in app.rows(query_text("serve/report-totals.rq", report=r), ("kind", "amount"))}
    out = [_dl([("department 部门", f"<a href='{link('/department', iri=h['org'], year=h['year'], kind=kind.value)}'>"
                                    f"{html.escape(h['dept'] or h['org'])}</a>"),
                ("year 年度", html.escape(h["year"])), ("kind 类别", kind.label), ("scope", scope_of(iri, h["scope"]).label),
                ("title 标题", html.escape(h["title"])),
                ("files 文件", html.escape(" + ".join(sorted({x["source"] for x in head})))),
                ("收入总计 total income", html.escape(pages.money(totals.get("income"), unit))),
                ("支出总计 total expenditure", html.escape(pages.money(totals.get("expenditure"), unit)))])]
    tables = app.rows(query_text("serve/report-tables.rq", report=r),
                      ("table", "kind", "number", "rows", "title"))
    def table_name(t: dict) -> str:
        return (t["number"] + " " if t["number"] else "") + (t["title"] or t["kind"] or t["table"].rsplit("/", 1)[-1])
    out.append("<h2>Tables / 表</h2><ul>" + "".join(
        f"<li>{_a(app, t['table'], table_name(t))} <span class='muted'>{t['rows']} rows</span></li>" for t in tables) + "</ul>")
    projects = app.rows(query_text("serve/report-projects.rq", report=r), ("row", "name", "amount", "perfs"))
    if projects:
        out.append("<h2>Projects / 项目</h2>" + pages.table(
            ("name", "amount", "perfs"), [(p["name"], p["amount"], p["perfs"]) for p in projects],
            link={"name": {p["name"]: app.local(p["row"]) for p in projects}}, money_columns={"amount"}, unit=unit,
            headers=("project 项目", "amount 金额", "performance tables 绩效表")))
    perf = app.rows(query_text("serve/report-performance.rq", report=r),
                    ("perf", "name", "kind"))
    if perf:
        out.append("<h2>Performance tables / 绩效表</h2><ul>" + "".join(
            f"<li>{_a(app, p['perf'], p['name'] or 'performance table')} <span class='muted'>{html.escape(p['kind'])}"
            "</span></li>" for p in perf) + "</ul>")
    policies = app.rows(query_text("serve/report-policies.rq", report=r),
                        ("p", "id", "title"))
    if policies:
        out.append("<h2>Policy documents / 政策文件</h2><ul>" + "".join(
            f"<li>{_a(app, p['p'], p['title'] or p['id'])}</li>" for p in policies) + "</ul>")
    severities = Counter(x["s"] for x in app.rows(query_text("serve/report-findings.rq", report=r), ("f", "s")))
    out.append("<h2>Findings / 核查发现</h2><p>" + " · ".join(f"<span class='sev-{s}'>{n} {s}</span>"
                                                           for s, n in sorted(severities.items())) +
               f" — <a href='{link('/questions/findings', department=h['dept'], year=h['year'])}'>list</a></p>")
    return "".join(out)


# ------------------------------------------------------------------ table
def table(app: App, iri: str, request: Request, unit: Unit) -> str:
    t = term(iri)
    rows = app.rows(query_text("serve/table-rows.rq", table=t),
                    ("row", "index", "role", "code", "label", "project", "col", "amount", "derived"))
    report_iri = next(iter(app.rows(query_text("serve/table-report.rq", table=t), ("r",))), {}).get("r")
    columns: list[str] = []
    by_row: dict[str, dict] = {}
    for r in rows:
        row = by_row.setdefault(r["row"], {**r, "amounts": {}, "derived": set()})
        if r["col"]:
            row["amounts"][r["col"]] = r["amount"]
            if r["derived"] == "true":
                row["derived"].add(r["col"])
            if r["col"] not in columns:
                columns.append(r["col"])
    head = "".join(f"<th>{html.escape(c)}</th>" for c in columns)
    body = "".join(f"<tr><td>{_a(app, rid, r['code'] or '·')}</td><td>{html.escape(r['project'] or r['label'])}</td>"
                   + "".join(pages.money_cell(r["amounts"].get(c), unit, pages.NOT_PRINTED, c in r["derived"])
                             for c in columns) + "</tr>"
                   for rid, r in by_row.items())
    back = f"<p>in {_a(app, report_iri, 'report 报告')}</p>" if report_iri else ""
    legend = pages.DERIVED_LEGEND if any(r["derived"] for r in by_row.values()) else ""
    return back + f"<table><tr><th>code</th><th>name</th>{head}</tr>{body}</table>{legend}"


# ------------------------------------------------------------------ project (a row)
def row(app: App, iri: str, request: Request, unit: Unit) -> str:
    w = term(iri)
    facts = app.rows(query_text("serve/row-facts.rq", row=w),
                     ("table", "report", "code", "label", "project", "col", "amount", "derived"))
    if not facts:
        return ""
    f = facts[0]
    amounts = [(x["col"], pages.money_cell(x["amount"], unit, derived=x["derived"] == "true")) for x in facts if x["col"]]
    out = [_dl([("project 项目" if f["project"] else "row 行", html.escape(f["project"] or f["label"])),
                ("classification 科目", html.escape(f["code"] + " " + (f["label"] if f["project"] else ""))),
                ("table 表", _a(app, f["table"], "table")), ("report 报告", _a(app, f["report"], "report"))]),
           "<h2>Amounts / 金额</h2><table>" + "".join(f"<tr><th>{html.escape(c)}</th>{cell}</tr>" for c, cell in amounts)
           + "</table>" + (pages.DERIVED_LEGEND if any(x["derived"] == "true" for x in facts) else "")]
    linked = app.rows(query_text("serve/row-project.rq", row=w), ("project",))
    if linked:
        out.append(_project_chart(app, linked[0]["project"], unit, f"/id/{iri.rsplit('/id/', 1)[-1]}"))
    descriptions = app.rows(query_text("serve/row-descriptions.rq", row=w), ("d", "label", "value", "k"))
    if descriptions:
        out.append("<h2>Description / 项目说明</h2>" + _dl([(d["label"], html.escape(d["value"])) for d in descriptions]))
    perf = app.rows(query_text("serve/row-performance.rq", row=w),
                    ("perf",))
    for p in perf:
        out.append(performance(app, p["perf"], request, unit, with_project=False))
    policies = app.rows(query_text("serve/row-policies.rq", row=w), ("p", "id", "title"))
    if policies:
        out.append("<h2>Policy documents / 政策依据</h2><ul>" + "".join(
            f"<li>{_a(app, p['p'], p['title'] or p['id'])}</li>" for p in policies) + "</ul>")
    return "".join(out)


# ------------------------------------------------------------------ performance table
PERF_FIELDS = (("unitName", "单位 unit"), ("goal", "总体目标 goal"), ("achieved", "实际完成 achieved"),
               ("executionRate", "执行率 execution rate"), ("totalWeight", "总分值 total weight"),
               ("totalScore", "总得分 total score"), ("performanceKind", "kind"))


def performance(app: App, iri: str, request: Request, unit: Unit, with_project: bool = True) -> str:
    p = term(iri)
    fields = {r["p"]: r["v"] for r in app.rows(query_text("serve/performance-fields.rq", table=p), ("p", "v"))}
    project = app.rows(query_text("serve/performance-project.rq", table=p), ("row", "name"))
    funds = app.rows(query_text("serve/performance-funds.rq", table=p), ("kind", "amount"))
    name = fields.get("projectName", "")
    head = [("project 项目", html.escape(name))]
    if with_project and project:
        # the project row is named by the project, not by the classification the row is filed under
        head = [("project 项目", _a(app, project[0]["row"], project[0]["name"] or name))]
    head += [(label, html.escape(fields.get(key, ""))) for key, label in PERF_FIELDS]
    head += [(f"资金 {f['kind']}", html.escape(pages.money(f["amount"], unit))) for f in funds]
    indicators = app.rows(query_text("serve/performance-indicators.rq", table=p),
                          ("i", "index", "l1", "l2", "name", "target", "actual", "weight", "score"))
    cols = ("l1", "l2", "name", "target", "actual", "weight", "score")
    heads = ("一级 level 1", "二级 level 2", "指标 indicator", "指标值 target", "实际 actual", "分值 weight", "得分 score")
    title = f"<h2>Performance / 绩效 — {_a(app, iri, name or 'performance table')}</h2>" if not with_project else ""
    return (title + _dl(head) + "<h3>Indicators / 绩效指标</h3>"
            + pages.table(cols, [tuple(i[c] for c in cols) for i in indicators], headers=heads))


# ------------------------------------------------------------------ policy document
def policy(app: App, iri: str, request: Request, unit: Unit) -> str:
    p = term(iri)
    head = app.rows(query_text("serve/policy-head.rq", policy=p), ("id", "title"))
    projects = app.rows(query_text("serve/policy-projects.rq", policy=p),
                        ("row", "name", "report", "org", "dept", "year"))
    reports = app.rows(query_text("serve/policy-reports.rq", policy=p),
                       ("report", "org", "dept", "year"))
    h = head[0] if head else {"id": "", "title": ""}
    out = [_dl([("number 文号", html.escape(h["id"])), ("title 标题", html.escape(h["title"]))])]
    out.append("<h2>Projects / 项目</h2><ul>" + "".join(
        f"<li>{_a(app, x['row'], x['name']) if x['row'] else html.escape(x['name'])} — "
        f"<a href='{link('/department', iri=x['org'])}'>{html.escape(x['dept'])}</a> {html.escape(x['year'])}</li>"
        for x in projects) + "</ul>" if projects else "<p class='muted'>No project description cites it.</p>")
    out.append("<h2>Departments / 部门</h2><ul>" + "".join(
        f"<li><a href='{link('/department', iri=x['org'])}'>{html.escape(x['dept'])}</a> · "
        f"{_a(app, x['report'], x['year'] or 'report')}</li>" for x in reports) + "</ul>")
    return "".join(out)


# ------------------------------------------------------------------ project across years
def _series_rows(app: App, project: str) -> list[dict[str, str]]:
    return app.rows(query_text("serve/project-series.rq", project=term(project)),
                    ("row", "name", "report", "year", "final", "amount"))


def _project_chart(app: App, project: str, unit: Unit, here: str = "") -> str:
    """The project's amount (项目支出 table, 合计) in each report that lists it, as columns by year,
    with a link to the project's page across years."""
    rows = _series_rows(app, project)
    groups = [f"{r['year'] or '?'} {(Kind.FINAL if r['final'] == 'true' else Kind.BUDGET).label}" for r in rows]
    chart = pages.column_chart(groups, [("amount 金额", [pages.decimal_or_none(r["amount"]) for r in rows])],
                               "项目历年金额 / the project's amount by year (— not printed)", unit)
    more = _a(app, project, "the project across years / 项目历年") if app.local(project) != here else ""
    return f"<h2>History / 历年</h2>{chart}<p>{more}</p>"


def project_series(app: App, iri: str, request: Request, unit: Unit) -> str:
    """A project resource (one per organisation and name): its row in each report, by year."""
    rows = _series_rows(app, iri)
    if not rows:
        return ""
    body = "".join(f"<tr><td>{html.escape(r['year'])}</td>"
                   f"<td>{_a(app, r['report'], (Kind.FINAL if r['final'] == 'true' else Kind.BUDGET).label)}"
                   f"</td><td>{_a(app, r['row'], r['name'])}</td>{pages.money_cell(r['amount'], unit)}</tr>" for r in rows)
    return (_project_chart(app, iri, unit, app.local(iri) or "")
            + "<table><tr><th>year</th><th>report</th><th>project row</th><th>amount</th></tr>"
            f"{body}</table>")


# ------------------------------------------------------------------ organisation
def organisation(app: App, iri: str, request: Request, unit: Unit) -> str:
    return (f"<p>An organisation. Its figures, year by year: <a href='{link('/department', iri=iri)}'>department page"
            f" 部门页面</a>. In the graphs: {graph_page.graph_links(iri)}.</p>")


Summary = Callable[[App, str, Request, Unit], str]
#: rdf:type → summary; the first type a resource has in this order wins
SUMMARIES: list[tuple[str, Summary]] = [
    (BKG + "Report", report), (BKG + "ReportTable", table), (BKG + "TableRow", row),
    (BKG + "PerformanceTable", performance), (BKG + "PolicyDocument", policy), (BKG + "Project", project_series),
    (BKG + "Department", organisation), (ORG + "FormalOrganization", organisation)]


def render(app: App, iri: str, types: set[str], request: Request) -> str | None:
    """The summary of ``iri`` for its types, or None when there is none (the triple table is shown)."""
    unit = Unit.parse(request.param("unit"))
    for type_iri, summary in SUMMARIES:
        if type_iri in types:
            body = summary(app, iri, request, unit)
            if body:
                switch = pages.unit_switch(unit, lambda u: link(request.path, unit=u.value))
                return switch + body
    return None
