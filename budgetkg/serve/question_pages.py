"""``/questions`` and ``/questions/NAME``: the canned questions as pages, CSV and JSON.

A question page has a form for the question's parameters; its CSV/JSON links carry the same
filter and unit, so an export holds exactly the rows the page shows. Amounts can be shown in
元 or 万元 (``unit=wan``), converted exactly. CSV and JSON are written by
:mod:`budgetkg.query.answers`, the writer ``budgetkg ask --format`` uses.
"""
from __future__ import annotations

import html
import json

from budgetkg.errors import BudgetKGError
from budgetkg.query.answers import MEDIA_TYPES, MONEY_COLUMNS, AnswerFormat, Unit, in_unit, render
from budgetkg.query.columns import column
from budgetkg.query.derived import derived_cells, without_derived
from budgetkg.query.questions import Question, get_question, list_questions
from budgetkg.serve import pages
from budgetkg.serve.context import App
from budgetkg.serve.web import JSON, Request, Response, Route, link

PARAMS = ("department", "year")  # the common parameters: refused by name where a question has none


def questions(app: App, request: Request) -> Response:
    """The list of canned questions (HTML, or JSON by Accept or ``?format=json``)."""
    qs = list_questions()
    if request.wants("text/html", "application/json") == "application/json" or request.param("format") == "json":
        return Response.of(json.dumps([{"name": q.name, "title": {"zh": q.title_zh, "en": q.title_en},
                                        "description": {"zh": q.description_zh, "en": q.description_en},
                                        "parameters": [p.name for p in q.parameters],
                                        "columns": list(q.columns)} for q in qs], ensure_ascii=False), JSON)
    items = "".join(f"<li><a href='/questions/{q.name}'>{html.escape(q.name)}</a> — {html.escape(q.title_zh)} / "
                    f"{html.escape(q.title_en)}<br><span class='muted'>{html.escape(q.description_en)}</span></li>"
                    for q in qs)
    return Response.page(pages.page("Canned questions", f"<ul>{items}</ul>"))


def form(q: Question, values: dict[str, str | None], unit: Unit) -> str:
    """A GET form with one field per parameter of ``q`` and the unit switch, filled with ``values``."""
    fields = []
    for p in q.parameters:
        kind = "number" if p.type == "integer" else "text"
        fields.append(f"<label>{html.escape(p.label_zh)} / {html.escape(p.label_en)}"
                      f"<input type='{kind}' name='{html.escape(p.name)}' "
                      f"value='{html.escape(values.get(p.name) or '', quote=True)}'></label>")
    units = "".join(f"<option value='{u.value}'{' selected' if u is unit else ''}>{u.label}</option>" for u in Unit)
    fields.append(f"<label>金额单位 / unit<select name='unit'>{units}</select></label>")
    return f"<form class='params' method='get'>{''.join(fields)}<button type='submit'>Ask / 查询</button></form>"


def question(app: App, request: Request) -> Response:
    """One question's answer: HTML with a form, or CSV/JSON (``?format=`` or Accept), filter kept;
    ``code`` keeps the rows of one class (201) and its 款/项."""
    q = get_question(request.path[len("/questions/"):])
    values = {p.name: request.param(p.name) for p in q.parameters}  # whatever the question declares
    stray = [k for k in PARAMS if request.param(k) and k not in values]
    if stray:
        raise BudgetKGError(f"question {q.name!r} takes no parameter {', '.join(stray)}")
    return _answer_page(app, request, q, values, request.param("code"))


def asked(app: App, request: Request) -> Response:
    """``/ask?q=…``: a question typed in words (the home page's box), understood as in ``budgetkg
    ask "…"`` and answered on its question's page, with how it was understood said above it."""
    from budgetkg.query.questions import LOOKUP_COLUMN, labels_query
    from budgetkg.query.understand import describe, understand

    text = (request.param("q") or "").strip()
    if not text:
        raise BudgetKGError("ask what? e.g. /ask?q=组织部2021年三公经费")
    index = app.label_index()  # the served store's label index, else a scan through the engine
    if index is not None:
        from budgetkg.load.label_index import all_labels
        labels = all_labels(index)
    else:
        labels = [r[0] for r in app.select(labels_query(), (LOOKUP_COLUMN,)).rows]
    reading = understand(text, labels)
    if reading.question is None or reading.unknown_department:
        near = ("; nearest: " + ", ".join(reading.nearest)) if reading.nearest else ""
        why = (f"no department in the store matches {reading.unknown_department!r}{near}"
               if reading.question else "could not tell which question this asks")
        return Response.page(pages.page("Ask / 提问", f"<p>{html.escape(text)}</p><p class='muted'>{html.escape(why)}"
                                        " — see <a href='/questions'>the questions</a>.</p>"), status=404)
    note = (f"<p class='muted'>{html.escape(describe(reading, zh=True))}<br>"
            f"{html.escape(describe(reading))}</p>")
    return _answer_page(app, request, get_question(reading.question),
                        {"department": reading.department, "year": str(reading.year) if reading.year else None},
                        reading.code, note, path=f"/questions/{reading.question}")


def _answer_page(app: App, request: Request, q: Question, values: dict[str, str | None], code: str | None,
                 note: str = "", path: str | None = None) -> Response:
    from budgetkg.query.understand import filter_code

    unit = Unit.parse(request.param("unit"))
    _, answer = app.ask(q.name, values)
    answer = filter_code(answer, code)
    fmt = request.param("format") or {"application/json": "json", "text/csv": "csv"}.get(
        request.wants("text/html", "application/json", "text/csv"), "html")
    if fmt in (f.value for f in AnswerFormat):
        return Response.of(render(in_unit(answer, unit), fmt), MEDIA_TYPES[AnswerFormat(fmt)])
    if fmt != "html":
        raise BudgetKGError(f"unknown format {fmt!r}; use html, csv or json")
    keep = {**values, "code": code, "unit": unit.value if unit is not Unit.YUAN else None}
    target = path or request.path
    exports = (f"<p>{len(answer.rows)} rows · export: <a href='{link(target, **keep, format='csv')}'>CSV</a> · "
               f"<a href='{link(target, **keep, format='json')}'>JSON</a></p>")
    money = {c for c in answer.columns if c in MONEY_COLUMNS}
    derived = derived_cells(answer.columns, answer.rows)  # marked in the table, not a column of it
    columns, rows = without_derived(answer.columns, answer.rows)
    heads = [_head(c, unit) for c in columns]
    body = (note + f"<p>{html.escape(q.description_zh)}<br>{html.escape(q.description_en)}</p>"
            + form(q, values, unit) + exports
            + pages.table(columns, rows, money_columns=money, unit=unit, headers=heads, derived=derived))
    return Response.page(pages.page(f"{q.title_zh} / {q.title_en}", body))


def _head(name: str, unit: Unit) -> str:
    """A column's title in both languages (合计 / total), money columns with their unit."""
    c = column(name)
    return f"{c.zh} / {c.en}" + (f" ({unit.label})" if name in MONEY_COLUMNS else "")


ROUTES = [Route(questions, exact=("/questions", "/questions/")),
          Route(asked, exact=("/ask",)),
          Route(question, prefix=("/questions/",))]
