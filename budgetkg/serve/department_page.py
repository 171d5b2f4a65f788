"""``/department``: one department's years side by side, then one panel per report.

Over the years: total expenditure per year for each kind and scope (a column chart and a
table), the 类 rows by year, budget against final account where both exist, its projects
with their history and indicators, and related departments. Then, per report (year × kind ×
scope, never added together): totals, the 类 chart and table, basic/project (unknown where the
report does not split), 三公, and the findings by severity. ``?year=`` and ``?kind=`` narrow
the panels; ``?unit=wan`` shows 万元.
"""
from __future__ import annotations

import html
from decimal import Decimal

from budgetkg.errors import BudgetKGError
from budgetkg.query.answers import Unit
from budgetkg.serve import department_charts, department_history, graph_page, pages
from budgetkg.serve.context import App
from budgetkg.serve.department import (
    SEVERITIES,
    THREE_PUBLIC_COLUMNS,
    Kind,
    Organisation,
    ReportFigures,
    organisation,
    organisations,
    reports,
)
from budgetkg.serve.web import Request, Response, link

THREE_PUBLIC_HEAD = ("合计 total", "因公出国（境） abroad", "公务用车购置 vehicle purchase",
                     "公务用车运行维护 vehicle operation", "公务接待 reception")


def department(app: App, request: Request) -> Response:
    """The department page by ``?iri=`` (an organisation) or ``?name=`` (part of a name)."""
    iri, name = request.param("iri"), request.param("name")
    if not iri and not name:
        return Response.text(400, "give ?iri= or ?name=")
    if not iri:
        found = organisations(app, name)
        if not found:
            return Response.page(pages.page("not found", f"<p>No department named like {html.escape(name)}.</p>"), 404)
        if len(found) > 1:
            items = "".join(f"<li><a href='{link('/department', iri=o.iri)}'>{html.escape(o.label)}</a></li>"
                            for o in found)
            return Response.page(pages.page(f"Departments named like {name}", f"<ul>{items}</ul>"))
        iri = found[0].iri
    try:
        org = organisation(app, iri)
    except ValueError:
        return Response.text(400, "not a valid organisation IRI")
    if org is None:
        return Response.page(pages.page("not found", f"<p>No report of <code>{html.escape(iri)}</code>.</p>"), 404)
    unit = Unit.parse(request.param("unit"))
    figures = reports(app, org)
    year, kind = request.param("year"), request.param("kind")
    if kind and kind not in {k.value for k in Kind}:
        raise BudgetKGError(f"unknown kind {kind!r}; use budget or final")
    shown = [f for f in figures if (not year or str(f.year) == year) and (not kind or f.kind.value == kind)]
    keep = {"iri": org.iri, "year": year, "kind": kind}
    body = [_header(org, figures, unit, keep),
            "<section><h2>Over the years / 历年</h2>", _over_years(figures, unit), "</section>",
            "<section id='pictures'><h2>Pictures / 图表</h2>", department_charts.pictures(app, figures, unit), "</section>",
            "<section><h2>Projects / 项目</h2>", _projects(app, figures, unit), "</section>"]
    body += [_panel(app, f, unit) for f in shown]
    body.append(_related(app, org))
    body.append(f"<section><h2>Graphs / 图</h2><p>{graph_page.graph_links(org.iri)}</p></section>")
    return Response.page(pages.page(org.label, "".join(body), html.escape(" · ".join(org.names))))


def _header(org: Organisation, figures: list[ReportFigures], unit: Unit, keep: dict) -> str:
    jump = " · ".join(f"<a href='#{f.anchor}'>{f.year or '?'} {f.kind.label} · {f.scope.label}</a>" for f in figures)
    region = f"<p>region 地区: {html.escape(org.region)}</p>" if org.region else ""
    both = sorted({f.year for f in figures if any(g.year == f.year and g.kind == f.kind and g.scope != f.scope
                                                  for g in figures)}, key=lambda y: y or 0)
    note = (f"<p class='muted'>{', '.join(str(y) for y in both)}: a department (部门) report and a unit (单位) "
            "report of the same year — separate reports whose figures overlap; each is shown on its own, "
            "never added.</p>") if both else ""
    return (region + f"<p>{len(figures)} reports: {jump}</p>" + note
            + pages.unit_switch(unit, lambda u: link("/department", **keep, unit=u.value)))


SEVERAL = "<td class='muted'>several reports — see below</td>"


def _series(figures: list[ReportFigures]) -> list[tuple[str, dict[int, list[ReportFigures]]]]:
    """One series per kind and scope, each mapping year → its reports (one, unless the store holds
    two different reports of one year, kind and scope: then no figure is picked or added)."""
    series: dict[str, dict[int, list[ReportFigures]]] = {}
    for f in figures:
        if f.year is not None:
            series.setdefault(f"{f.kind.label} · {f.scope.label}", {}).setdefault(f.year, []).append(f)
    return list(series.items())


def _one(by: dict[int, list[ReportFigures]], year: int) -> ReportFigures | None:
    reps = by.get(year, [])
    return reps[0] if len(reps) == 1 else None


def _over_years(figures: list[ReportFigures], unit: Unit) -> str:
    series = _series(figures)
    years = sorted({y for _, by in series for y in by})
    if not years:
        return "<p class='muted'>no dated reports</p>"
    chart = pages.column_chart(
        [str(y) for y in years],
        [(name, [_one(by, y).expenditure if _one(by, y) else None for y in years]) for name, by in series],
        "支出总计 by year / total expenditure by year", unit)
    head = "".join(f"<th>{y}</th>" for y in years)

    def cell(by, y, value_of) -> str:
        if len(by.get(y, [])) > 1:
            return SEVERAL
        f = _one(by, y)
        return pages.money_cell(value_of(f), unit) if f else "<td></td>"

    rows = [f"<tr><td>支出总计 total expenditure · {html.escape(name)}</td>"
            + "".join(cell(by, y, lambda f: f.expenditure) for y in years) + "</tr>" for name, by in series]
    codes = sorted({(c.code, c.name) for f in figures for c in f.classes})
    for name, by in series:
        for code, label in codes:
            cells = []
            for y in years:
                f = _one(by, y)
                rows_of = [c for c in (f.classes if f else []) if c.code == code]
                cells.append(SEVERAL if len(by.get(y, [])) > 1 else
                             pages.money_cell(rows_of[0].total, unit, derived="total" in rows_of[0].derived)
                             if len(rows_of) == 1 else "<td></td>")
            rows.append(f"<tr><td>{html.escape(code)} {html.escape(label)} · {html.escape(name)}</td>{''.join(cells)}</tr>")
    return (chart + f"<table class='years'><tr><th>figure</th>{head}</tr>{''.join(rows)}</table>"
            + _budget_vs_final(figures, unit))


def _budget_vs_final(figures: list[ReportFigures], unit: Unit) -> str:
    """Budget against final account of the same year and scope, where the store holds both."""
    pairs = []
    for f in figures:
        if f.kind is Kind.FINAL:
            budgets = [b for b in figures if b.kind is Kind.BUDGET and b.year == f.year and b.scope == f.scope]
            finals = [x for x in figures if x.kind is Kind.FINAL and x.year == f.year and x.scope == f.scope]
            if len(budgets) == 1 and len(finals) == 1:  # never a pair picked from several
                pairs.append((budgets[0], f))
    if not pairs:
        return "<p class='muted'>No year with both a budget and a final account in the store.</p>"
    rows = []
    for b, f in pairs:
        diff = f.expenditure - b.expenditure if f.expenditure is not None and b.expenditure is not None else None
        rate = (f"{(f.expenditure / b.expenditure * 100).quantize(Decimal('0.01'))} %"
                if diff is not None and b.expenditure else "")
        rows.append(f"<tr><td>{f.year} · {f.scope.label}</td>{pages.money_cell(b.expenditure, unit)}"
                    f"{pages.money_cell(f.expenditure, unit)}{pages.money_cell(diff, unit)}<td class='num'>{rate}</td></tr>")
    return ("<h3>预算与决算 / budget vs final account (支出总计)</h3><table><tr><th>year</th><th>budget 预算</th>"
            "<th>final 决算</th><th>difference 差额</th><th>execution 执行率</th></tr>" + "".join(rows) + "</table>")


def _projects(app: App, figures: list[ReportFigures], unit: Unit) -> str:
    projects = department_history.projects(app, figures)
    if not projects:
        return "<p class='muted'>No 项目支出 table in these reports.</p>"
    head = "".join(f"<th>{f.year or '?'} {f.kind.label}<br>{f.scope.label}</th>" for f in figures)
    rows = []
    for p in projects[:200]:
        cells = []
        for f in figures:
            a = p.appearances.get(f.iri)
            if a is None:
                cells.append("<td></td>")
                continue
            shown = pages.money(a.amount, unit) if a.amount is not None else "unknown / 未知"
            ind = f"<br><span class='muted'>{a.indicators} indicators</span>" if a.indicators else ""
            cells.append(f"<td class='num'><a href='{html.escape(app.local(a.row) or '', quote=True)}'>"
                         f"{html.escape(shown)}</a>{ind}</td>")
        years = len(p.appearances)
        rows.append(f"<tr><td>{html.escape(p.name)}<br><span class='muted'>in {years} report"
                    f"{'s' if years > 1 else ''}</span></td>{''.join(cells)}</tr>")
    more = f"<p class='muted'>{len(projects) - 200} more projects not shown.</p>" if len(projects) > 200 else ""
    return f"<table><tr><th>project 项目</th>{head}</tr>{''.join(rows)}</table>{more}"


def _panel(app: App, f: ReportFigures, unit: Unit) -> str:
    """One report's figures, as printed: never added to another report's."""
    title = f"{f.year or '?'} {f.kind.label} · {f.scope.label}"
    report_link = html.escape(app.local(f.iri) or "", quote=True)
    out = [f"<section id='{f.anchor}'><h2>{html.escape(title)}</h2>",
           f"<p><a href='{report_link}'>report 报告</a> · <span class='muted'>{html.escape(' + '.join(f.sources))}"
           "</span></p>"]
    if f.same_as:
        out.append(f"<p class='muted'>stored {len(f.same_as) + 1} times with the same figures; shown once.</p>")
    out.append("<div class='cards'>"
               f"<div class='card'>收入总计 total income<b>{_money_or_unknown(f.income, unit)}</b></div>"
               f"<div class='card'>支出总计 total expenditure<b>{_money_or_unknown(f.expenditure, unit)}</b></div>"
               f"<div class='card'>基本支出 basic<b>{_money_or_unknown(f.basic, unit)}</b></div>"
               f"<div class='card'>项目支出 project<b>{_money_or_unknown(f.project, unit)}</b></div></div>")
    out.append(_classes(app, f, unit))
    out.append(_three_public(f, unit))
    out.append(_findings(f))
    out.append("</section>")
    return "".join(out)


def _money_or_unknown(value: Decimal | None, unit: Unit) -> str:
    return html.escape(pages.money(value, unit)) if value is not None else pages.UNKNOWN


def _classes(app: App, f: ReportFigures, unit: Unit) -> str:
    if not f.classes:
        return "<p class='muted'>No expenditure table by function (类) was read from this report.</p>"
    table_name = ("情况说明中的决算数 / figures stated in the narrative" if f.class_source.endswith("narrative") else
                  f.class_title or ("支出总体情况表" if f.class_source.startswith("expenditure") else "一般公共预算支出情况表"))
    chart = pages.bar_chart([(f"{c.code} {c.name}", c.total) for c in f.classes],
                            f"支出功能分类（类） / expenditure by function — {table_name}", unit)
    split = pages.bar_chart([("基本支出 basic", f.basic), ("项目支出 project", f.project)],
                            "基本支出与项目支出 / basic and project", unit)
    def blank(value, derived=False):
        return pages.money_cell(value, unit, pages.NOT_PRINTED, derived)

    rows = []
    for c in f.classes:
        href = html.escape(app.local(c.row_iri) or "", quote=True)
        rows.append(f"<tr class='class-row' data-code='{html.escape(c.code)}'><td><a href='{href}'>{html.escape(c.code)}"
                    f"</a></td><td>{html.escape(c.name)}</td>{blank(c.total, 'total' in c.derived)}"
                    f"{blank(c.basic, 'basic' in c.derived)}{blank(c.project, 'project' in c.derived)}</tr>")
    if f.table_total is not None:
        t = f.table_total
        rows.append(f"<tr><td></td><td>{html.escape(t.name or '合计')} (as printed)</td>"
                    f"{pages.money_cell(t.total, unit, derived='total' in t.derived)}"
                    f"{pages.money_cell(t.basic, unit, derived='basic' in t.derived)}"
                    f"{pages.money_cell(t.project, unit, derived='project' in t.derived)}</tr>")
    rows.append(f"<tr><td></td><td class='muted'>sum of the 类 rows</td>{pages.money_cell(f.class_sum, unit)}"
                "<td></td><td></td></tr>")
    table_link = html.escape(app.local(f.class_table) or "", quote=True)
    return (chart + split + f"<p><a href='{table_link}'>{table_name}</a></p><table class='classes'><tr><th>code 编码</th>"
            "<th>类</th><th>合计 total</th><th>基本支出 basic</th><th>项目支出 project</th></tr>" + "".join(rows) + "</table>"
            + (pages.DERIVED_LEGEND if any(c.derived for c in [*f.classes, *filter(None, [f.table_total])]) else ""))


def _three_public(f: ReportFigures, unit: Unit) -> str:
    head = "".join(f"<th>{h}</th>" for h in THREE_PUBLIC_HEAD)
    if f.three_public:
        rows = "".join("<tr>" + "".join(pages.money_cell(r[c], unit, pages.NOT_PRINTED) for c in THREE_PUBLIC_COLUMNS) + "</tr>"
                       for r in f.three_public)
    elif f.three_public_empty:
        rows = ("<tr>" + "".join(f"<td class='num'>{pages.money(Decimal(0), unit)}</td>" for _ in THREE_PUBLIC_COLUMNS)
                + "</tr><tr><td colspan='5' class='muted'>the report declares this table empty</td></tr>")
    else:
        return "<h3>“三公”经费 / three public expenses</h3><p class='muted'>not read from this report</p>"
    return f"<h3>“三公”经费 / three public expenses</h3><table><tr>{head}</tr>{rows}</table>"


def _findings(f: ReportFigures) -> str:
    counts = " · ".join(f"<span class='sev-{s}'>{f.severities.get(s, 0)} {s}</span>" for s in SEVERITIES)
    shown = [r for r in f.findings if r["severity"] in ("error", "warning")][:50]
    rows = "".join(f"<tr><td class='sev-{html.escape(r['severity'])}'>{html.escape(r['severity'])}</td>"
                   f"<td class='num'>{html.escape(r['page'])}</td><td class='num'>{html.escape(r['line'])}</td>"
                   f"<td>{html.escape(r['table'])}</td><td>{html.escape(r['check'])}</td>"
                   f"<td>{html.escape(r['message'])}</td></tr>" for r in shown)
    table = (f"<table><tr><th>severity</th><th>page</th><th>line</th><th>table</th><th>check</th><th>message</th></tr>"
             f"{rows}</table>") if rows else ""
    every = f" — <a href='{link('/questions/findings', department=f.department, year=f.year)}'>all, as a question</a>"
    return f"<h3>核查发现 / findings</h3><p>{counts}{every}</p>{table}"


def _related(app: App, org: Organisation) -> str:
    items = department_history.related(app, org)
    if not items:
        return "<section><h2>Related departments / 相关部门</h2><p class='muted'>none in the store</p></section>"
    lis = "".join(f"<li><a href='{link('/department', iri=iri)}'>{html.escape(name)}</a> "
                  f"<span class='muted'>{html.escape(rel)}</span></li>" for iri, name, rel in items)
    return f"<section><h2>Related departments / 相关部门</h2><ul>{lis}</ul></section>"
