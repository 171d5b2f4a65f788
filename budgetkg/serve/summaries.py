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

from budgetkg.query.answers import Unit
from budgetkg.serve import pages
from budgetkg.serve.context import App, term
from budgetkg.serve.department import PREFIXES, Kind, scope_of
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
    head = app.rows(PREFIXES + f"""SELECT ?org ?dept ?year ?final ?title ?source ?scope WHERE {{
      {r} bkg:department ?org ; bkg:sourceFile ?source . OPTIONAL {{ {r} bkg:scope ?scope }}
      OPTIONAL {{ GRAPH {r} {{ ?org skos:prefLabel ?dept }} }}
      OPTIONAL {{ {r} bkg:fiscalYear ?year }} OPTIONAL {{ {r} dcterms:title ?title }}
      BIND(EXISTS {{ {r} a bkg:FinalAccountReport }} AS ?final) }}""",
                    ("org", "dept", "year", "final", "title", "source", "scope"))
    if not head:
        return ""
    h = head[0]
    kind = Kind.FINAL if h["final"] == "true" else Kind.BUDGET
    totals = {t["kind"]: t["amount"] for t in app.rows(PREFIXES + f"""SELECT ?kind ?amount WHERE {{
      ?t bkg:report {r} ; bkg:totalKind ?kind ; obeu-measure:amount ?amount }}""", ("kind", "amount"))}
    out = [_dl([("department 部门", f"<a href='{link('/department', iri=h['org'], year=h['year'], kind=kind.value)}'>"
                                    f"{html.escape(h['dept'] or h['org'])}</a>"),
                ("year 年度", html.escape(h["year"])), ("kind 类别", kind.label), ("scope", scope_of(iri, h["scope"]).label),
                ("title 标题", html.escape(h["title"])),
                ("files 文件", html.escape(" + ".join(sorted({x["source"] for x in head})))),
                ("收入总计 total income", html.escape(pages.money(totals.get("income"), unit))),
                ("支出总计 total expenditure", html.escape(pages.money(totals.get("expenditure"), unit)))])]
    tables = app.rows(PREFIXES + f"""SELECT ?table ?kind ?number ?rows ?title WHERE {{
      {{ SELECT ?table (COUNT(DISTINCT ?row) AS ?rows) WHERE {{ ?table bkg:report {r} ; a bkg:ReportTable .
         OPTIONAL {{ ?row bkg:table ?table }} }} GROUP BY ?table }}
      OPTIONAL {{ ?table bkg:tableKind ?k . ?k skos:prefLabel ?kind FILTER(LANG(?kind) = "zh") }}
      OPTIONAL {{ ?table bkg:tableNumber ?number }} OPTIONAL {{ ?table dcterms:title ?title }} }} ORDER BY ?table""",
                      ("table", "kind", "number", "rows", "title"))
    def table_name(t: dict) -> str:
        return (t["number"] + " " if t["number"] else "") + (t["title"] or t["kind"] or t["table"].rsplit("/", 1)[-1])
    out.append("<h2>Tables / 表</h2><ul>" + "".join(
        f"<li>{_a(app, t['table'], table_name(t))} <span class='muted'>{t['rows']} rows</span></li>" for t in tables) + "</ul>")
    projects = app.rows(PREFIXES + f"""SELECT ?row ?name ?amount (COUNT(DISTINCT ?perf) AS ?perfs) WHERE {{
      ?table bkg:report {r} ; bkg:tableKind tk:projects . ?row bkg:table ?table ; bkg:projectName ?name ;
      bkg:rowIndex ?i .
      OPTIONAL {{ ?o bkg:row ?row ; bkg:column <https://w3id.org/budgetkg/codes/column/total> ;
                 obeu-measure:amount ?amount }}
      OPTIONAL {{ ?perf bkg:forProject ?row ; a bkg:PerformanceTable }} }}
      GROUP BY ?row ?name ?amount ?i ORDER BY ?i""", ("row", "name", "amount", "perfs"))
    if projects:
        out.append("<h2>Projects / 项目</h2>" + pages.table(
            ("name", "amount", "perfs"), [(p["name"], p["amount"], p["perfs"]) for p in projects],
            link={"name": {p["name"]: app.local(p["row"]) for p in projects}}, money_columns={"amount"}, unit=unit,
            headers=("project 项目", "amount 金额", "performance tables 绩效表")))
    perf = app.rows(PREFIXES + f"""SELECT ?perf ?name ?kind WHERE {{ ?perf a bkg:PerformanceTable ; bkg:report {r} .
      OPTIONAL {{ ?perf bkg:projectName ?name }} OPTIONAL {{ ?perf bkg:performanceKind ?kind }} }} ORDER BY ?perf""",
                    ("perf", "name", "kind"))
    if perf:
        out.append("<h2>Performance tables / 绩效表</h2><ul>" + "".join(
            f"<li>{_a(app, p['perf'], p['name'] or 'performance table')} <span class='muted'>{html.escape(p['kind'])}"
            "</span></li>" for p in perf) + "</ul>")
    policies = app.rows(PREFIXES + f"""SELECT DISTINCT ?p ?id ?title WHERE {{ ?p bkg:citedIn {r} .
      OPTIONAL {{ ?p dcterms:identifier ?id }} OPTIONAL {{ ?p dcterms:title ?title }} }} ORDER BY ?id""",
                        ("p", "id", "title"))
    if policies:
        out.append("<h2>Policy documents / 政策文件</h2><ul>" + "".join(
            f"<li>{_a(app, p['p'], p['title'] or p['id'])}</li>" for p in policies) + "</ul>")
    severities = Counter(x["s"] for x in app.rows(PREFIXES + f"""SELECT ?f ?s WHERE {{ ?f a bkg:Finding ;
      bkg:report {r} ; bkg:severity ?sv . BIND(STRAFTER(STR(?sv), "/codes/severity/") AS ?s) }}""", ("f", "s")))
    out.append("<h2>Findings / 核查发现</h2><p>" + " · ".join(f"<span class='sev-{s}'>{n} {s}</span>"
                                                           for s, n in sorted(severities.items())) +
               f" — <a href='{link('/questions/findings', department=h['dept'], year=h['year'])}'>list</a></p>")
    return "".join(out)


# ------------------------------------------------------------------ table
def table(app: App, iri: str, request: Request, unit: Unit) -> str:
    t = term(iri)
    rows = app.rows(PREFIXES + f"""SELECT ?row ?index ?role ?code ?label ?project ?col ?amount WHERE {{
      ?row bkg:table {t} ; bkg:rowIndex ?index .
      OPTIONAL {{ ?row bkg:rowRole ?role }} OPTIONAL {{ ?row bkg:code ?code }} OPTIONAL {{ ?row rdfs:label ?label }}
      OPTIONAL {{ ?row bkg:projectName ?project }}
      OPTIONAL {{ ?o bkg:row ?row ; bkg:column ?c ; obeu-measure:amount ?amount .
                 BIND(STRAFTER(STR(?c), "/codes/column/") AS ?col) }} }} ORDER BY ?index""",
                    ("row", "index", "role", "code", "label", "project", "col", "amount"))
    report_iri = next(iter(app.rows(PREFIXES + f"SELECT ?r WHERE {{ {t} bkg:report ?r }}", ("r",))), {}).get("r")
    columns: list[str] = []
    by_row: dict[str, dict] = {}
    for r in rows:
        row = by_row.setdefault(r["row"], {**r, "amounts": {}})
        if r["col"]:
            row["amounts"][r["col"]] = r["amount"]
            if r["col"] not in columns:
                columns.append(r["col"])
    head = "".join(f"<th>{html.escape(c)}</th>" for c in columns)
    body = "".join(f"<tr><td>{_a(app, rid, r['code'] or '·')}</td><td>{html.escape(r['project'] or r['label'])}</td>"
                   + "".join(pages.money_cell(r["amounts"].get(c), unit, pages.NOT_PRINTED) for c in columns) + "</tr>"
                   for rid, r in by_row.items())
    back = f"<p>in {_a(app, report_iri, 'report 报告')}</p>" if report_iri else ""
    return back + f"<table><tr><th>code</th><th>name</th>{head}</tr>{body}</table>"


# ------------------------------------------------------------------ project (a row)
def row(app: App, iri: str, request: Request, unit: Unit) -> str:
    w = term(iri)
    facts = app.rows(PREFIXES + f"""SELECT ?table ?report ?code ?label ?project ?col ?amount WHERE {{
      {w} bkg:table ?table . ?table bkg:report ?report .
      OPTIONAL {{ {w} bkg:code ?code }} OPTIONAL {{ {w} rdfs:label ?label }} OPTIONAL {{ {w} bkg:projectName ?project }}
      OPTIONAL {{ ?o bkg:row {w} ; bkg:column ?c ; obeu-measure:amount ?amount .
                 BIND(STRAFTER(STR(?c), "/codes/column/") AS ?col) }} }}""",
                     ("table", "report", "code", "label", "project", "col", "amount"))
    if not facts:
        return ""
    f = facts[0]
    amounts = [(x["col"], pages.money_cell(x["amount"], unit)) for x in facts if x["col"]]
    out = [_dl([("project 项目" if f["project"] else "row 行", html.escape(f["project"] or f["label"])),
                ("classification 科目", html.escape(f["code"] + " " + (f["label"] if f["project"] else ""))),
                ("table 表", _a(app, f["table"], "table")), ("report 报告", _a(app, f["report"], "report"))]),
           "<h2>Amounts / 金额</h2><table>" + "".join(f"<tr><th>{html.escape(c)}</th>{cell}</tr>" for c, cell in amounts)
           + "</table>"]
    descriptions = app.rows(PREFIXES + f"""SELECT ?d ?label ?value ?k WHERE {{ ?d a bkg:ProjectDescription ;
      bkg:forProject {w} ; bkg:hasField ?fl . ?fl bkg:fieldLabel ?label ; bkg:fieldValue ?value ; bkg:rowIndex ?k }}
      ORDER BY ?d ?k""", ("d", "label", "value", "k"))
    if descriptions:
        out.append("<h2>Description / 项目说明</h2>" + _dl([(d["label"], html.escape(d["value"])) for d in descriptions]))
    perf = app.rows(PREFIXES + f"""SELECT ?perf WHERE {{ ?perf a bkg:PerformanceTable ; bkg:forProject {w} }}""",
                    ("perf",))
    for p in perf:
        out.append(performance(app, p["perf"], request, unit, with_project=False))
    policies = app.rows(PREFIXES + f"""SELECT DISTINCT ?p ?id ?title WHERE {{ ?d bkg:forProject {w} ; bkg:citesPolicy ?p .
      OPTIONAL {{ ?p dcterms:identifier ?id }} OPTIONAL {{ ?p dcterms:title ?title }} }}""", ("p", "id", "title"))
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
    fields = {r["p"]: r["v"] for r in app.rows(PREFIXES + f"""SELECT ?p ?v WHERE {{ {p} ?pi ?v .
      FILTER(STRSTARTS(STR(?pi), "{BKG}")) BIND(STRAFTER(STR(?pi), "#") AS ?p) FILTER(isLiteral(?v)) }}""", ("p", "v"))}
    project = app.rows(PREFIXES + f"""SELECT ?row ?name WHERE {{ {p} bkg:forProject ?row .
      OPTIONAL {{ ?row bkg:projectName ?name }} }}""", ("row", "name"))
    funds = app.rows(PREFIXES + f"""SELECT ?kind ?amount WHERE {{ {p} bkg:hasFunds ?f . ?f bkg:fundsKind ?kind ;
      obeu-measure:amount ?amount }} ORDER BY ?kind""", ("kind", "amount"))
    name = fields.get("projectName", "")
    head = [("project 项目", html.escape(name))]
    if with_project and project:
        # the project row is named by the project, not by the classification the row is filed under
        head = [("project 项目", _a(app, project[0]["row"], project[0]["name"] or name))]
    head += [(label, html.escape(fields.get(key, ""))) for key, label in PERF_FIELDS]
    head += [(f"资金 {f['kind']}", html.escape(pages.money(f["amount"], unit))) for f in funds]
    indicators = app.rows(PREFIXES + f"""SELECT ?i ?index ?l1 ?l2 ?name ?target ?actual ?weight ?score WHERE {{
      ?i bkg:performanceTable {p} ; bkg:rowIndex ?index ; rdfs:label ?name .
      OPTIONAL {{ ?i bkg:level1 ?l1 }} OPTIONAL {{ ?i bkg:level2 ?l2 }} OPTIONAL {{ ?i bkg:target ?target }}
      OPTIONAL {{ ?i bkg:actual ?actual }} OPTIONAL {{ ?i bkg:weight ?weight }} OPTIONAL {{ ?i bkg:score ?score }}
      }} ORDER BY ?index""", ("i", "index", "l1", "l2", "name", "target", "actual", "weight", "score"))
    cols = ("l1", "l2", "name", "target", "actual", "weight", "score")
    heads = ("一级 level 1", "二级 level 2", "指标 indicator", "指标值 target", "实际 actual", "分值 weight", "得分 score")
    title = f"<h2>Performance / 绩效 — {_a(app, iri, name or 'performance table')}</h2>" if not with_project else ""
    return (title + _dl(head) + "<h3>Indicators / 绩效指标</h3>"
            + pages.table(cols, [tuple(i[c] for c in cols) for i in indicators], headers=heads))


# ------------------------------------------------------------------ policy document
def policy(app: App, iri: str, request: Request, unit: Unit) -> str:
    p = term(iri)
    head = app.rows(PREFIXES + f"""SELECT ?id ?title WHERE {{ OPTIONAL {{ {p} dcterms:identifier ?id }}
      OPTIONAL {{ {p} dcterms:title ?title }} }}""", ("id", "title"))
    projects = app.rows(PREFIXES + f"""SELECT DISTINCT ?row ?name ?report ?org ?dept ?year WHERE {{
      ?d bkg:citesPolicy {p} ; bkg:report ?report ; bkg:projectName ?name .
      OPTIONAL {{ ?d bkg:forProject ?row }}
      ?report bkg:department ?org . OPTIONAL {{ ?report bkg:fiscalYear ?year }}
      {{ SELECT ?org (MIN(?n) AS ?dept) WHERE {{ ?org skos:prefLabel ?n }} GROUP BY ?org }} }} ORDER BY ?dept ?year""",
                        ("row", "name", "report", "org", "dept", "year"))
    reports = app.rows(PREFIXES + f"""SELECT DISTINCT ?report ?org ?dept ?year WHERE {{ {p} bkg:citedIn ?report .
      ?report bkg:department ?org . OPTIONAL {{ ?report bkg:fiscalYear ?year }}
      {{ SELECT ?org (MIN(?n) AS ?dept) WHERE {{ ?org skos:prefLabel ?n }} GROUP BY ?org }} }} ORDER BY ?dept ?year""",
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
def project_series(app: App, iri: str, request: Request, unit: Unit) -> str:
    """A project resource (one per organisation and name): its row in each report, by year."""
    p = term(iri)
    rows = app.rows(PREFIXES + f"""SELECT ?row ?name ?report ?year ?final ?amount WHERE {{
      ?row bkg:project {p} ; bkg:projectName ?name ; bkg:table ?t . ?t bkg:report ?report .
      OPTIONAL {{ ?report bkg:fiscalYear ?year }}
      BIND(EXISTS {{ ?report a bkg:FinalAccountReport }} AS ?final)
      OPTIONAL {{ ?o bkg:row ?row ; bkg:column <https://w3id.org/budgetkg/codes/column/total> ;
                 obeu-measure:amount ?amount }} }} ORDER BY ?year ?report""",
                    ("row", "name", "report", "year", "final", "amount"))
    if not rows:
        return ""
    body = "".join(f"<tr><td>{html.escape(r['year'])}</td>"
                   f"<td>{_a(app, r['report'], (Kind.FINAL if r['final'] == 'true' else Kind.BUDGET).label)}"
                   f"</td><td>{_a(app, r['row'], r['name'])}</td>{pages.money_cell(r['amount'], unit)}</tr>" for r in rows)
    return ("<h2>By year / 历年</h2><table><tr><th>year</th><th>report</th><th>project row</th><th>amount</th></tr>"
            f"{body}</table>")


# ------------------------------------------------------------------ organisation
def organisation(app: App, iri: str, request: Request, unit: Unit) -> str:
    return (f"<p>An organisation. Its figures, year by year: <a href='{link('/department', iri=iri)}'>department page"
            f" 部门页面</a>.</p>")


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
