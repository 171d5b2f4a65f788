"""HTML building blocks of the browser UI, written in the project (no third-party bundles).

Every figure is printed from its exact decimal string (grouped, never rounded); charts are
inline SVG whose bar lengths are drawing only — the figure beside each bar is the exact one.
"""
from __future__ import annotations

import html
from decimal import Decimal, InvalidOperation

from budgetkg.query.answers import Unit, to_unit
from budgetkg.query.derived import MARK, NOTE

STYLE = """
body{font-family:system-ui,"Noto Sans CJK SC",sans-serif;margin:2rem auto;max-width:76rem;color:#222;padding:0 1rem}
a{color:#1a5fb4}table{border-collapse:collapse;margin:1rem 0}td,th{border:1px solid #ccc;padding:.3rem .6rem;
text-align:left;vertical-align:top}th{background:#f3f3f3}.num{text-align:right;font-variant-numeric:tabular-nums;
white-space:nowrap}nav a{margin-right:1rem}textarea{width:100%;height:14rem;font-family:monospace}.muted{color:#777}
.unknown{color:#a51d2d;font-style:italic}section{border-top:2px solid #ddd;margin-top:1.5rem}
.sev-error{color:#a51d2d;font-weight:600}.sev-warning{color:#c64600}.cards{display:flex;flex-wrap:wrap;gap:1rem}
.card{border:1px solid #ccc;border-radius:6px;padding:.5rem 1rem;min-width:12rem}.card b{display:block;font-size:1.2rem}
.derived{color:#c64600;cursor:help}
form.params{display:flex;gap:1rem;align-items:end;flex-wrap:wrap}form.params label{display:flex;flex-direction:column}
form.search{display:inline-block;margin-left:1rem}form.search input{width:16rem}mark{background:#fde68a}
"""
#: The search box of every page's header (the page is :mod:`.search_page`).
SEARCH_BOX = ("<form class='search' method='get' action='/search'><input name='q' type='search' "
              "placeholder='搜索全部报告 search every report' aria-label='search'> <button>搜索 search</button></form>")
UNKNOWN = "<span class='unknown'>unknown / 未知</span>"


def page(title: str, body: str, subtitle: str = "") -> bytes:
    sub = f"<p class='muted'>{subtitle}</p>" if subtitle else ""
    return (f"<!doctype html><html lang='zh'><head><meta charset='utf-8'><title>{html.escape(title)}</title>"
            f"<style>{STYLE}</style></head><body><nav><a href='/'>budgetkg</a><a href='/departments'>departments</a>"
            f"<a href='/questions'>questions</a><a href='/check'>check 核查</a>"
            f"<a href='/query'>SPARQL</a><a href='/ontology'>ontology</a>"
            f"<a href='/void'>VoID</a>{SEARCH_BOX}</nav><h1>{html.escape(title)}</h1>{sub}{body}</body></html>").encode()


def grouped(text: str) -> str:
    """12345678.9 → 12,345,678.9 (exact: the digits are not rounded); other text unchanged."""
    if not text:
        return ""
    whole, _, frac = text.partition(".")
    sign = "-" if whole.startswith("-") else ""
    whole = whole.lstrip("-")
    if not whole.isdigit() or (frac and not frac.isdigit()):
        return text
    return f"{sign}{int(whole):,}{'.' + frac if frac else ''}"


def money(text: str | Decimal | None, unit: Unit = Unit.YUAN) -> str:
    """An amount in 元 as text in ``unit`` with its unit name, exact; '' for none."""
    if text is None or text == "":
        return ""
    return f"{grouped(to_unit(str(text), unit))} {unit.label}"


def yuan(text: str) -> str:
    """An amount in 元 for a page (kept for callers that print raw observation values)."""
    return money(text)


#: The mark of a figure budgetkg computed rather than read, with its meaning as tooltip; and the
#: legend under a table that shows it.
DERIVED_MARK = (f"<sup class='derived' title='{html.escape(NOTE['zh'] + ' / ' + NOTE['en'], quote=True)}'>"
                f"{MARK}</sup>")
DERIVED_LEGEND = f"<p class='muted derived-legend'>{html.escape(NOTE['zh'])}<br>{html.escape(NOTE['en'])}</p>"

NOT_PRINTED = "<span class='muted' title='no figure printed in this cell / 未列数'>—</span>"


def money_cell(value: Decimal | str | None, unit: Unit = Unit.YUAN, missing: str = UNKNOWN,
               derived: bool = False) -> str:
    """A table cell for an amount; an amount the report does not give is shown as ``missing``
    (unknown, or "—" for a cell left blank in a table), never as 0; a ``derived`` one (computed by
    budgetkg, not printed) is marked, its meaning in the mark's tooltip."""
    if value is None or value == "":
        return f"<td class='num'>{missing}</td>"
    return f"<td class='num'>{html.escape(money(value, unit))}{DERIVED_MARK if derived else ''}</td>"


def table(columns, rows, link=None, money_columns=(), unit: Unit = Unit.YUAN, headers=None,
          derived: set[tuple[int, str]] | frozenset[tuple[int, str]] = frozenset()) -> str:
    """An HTML table of string rows; ``link`` maps a column to a function giving the cell's URL;
    ``derived`` names the (row number, column) of figures budgetkg computed: marked, with a legend."""
    head = "".join(f"<th>{html.escape(h)}</th>" for h in (headers or columns))
    body = []
    for i, r in enumerate(rows):
        cells = []
        for c, v in zip(columns, r):
            is_money = c in money_columns
            shown = html.escape(money(v, unit) if is_money else v)
            if link and c in link and v:
                target = link[c](v) if not isinstance(link[c], dict) else link[c].get(v)
                if target:
                    shown = f"<a href='{html.escape(target, quote=True)}'>{shown}</a>"
            if v and (i, c) in derived:
                shown += DERIVED_MARK
            cells.append(f"<td class='{'num' if is_money else ''}'>{shown}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    shown_marks = any(i < len(rows) and c in columns and rows[i][list(columns).index(c)] for i, c in derived)
    legend = DERIVED_LEGEND if shown_marks else ""
    return f"<table><tr>{head}</tr>{''.join(body)}</table>{legend}"


def _scale(value: Decimal, top: Decimal, length: float) -> float:
    return float(value / top) * length if top > 0 and value > 0 else 0.0  # drawing only


def bar_chart(items: list[tuple[str, Decimal | None]], title: str, unit: Unit = Unit.YUAN) -> str:
    """A horizontal SVG bar chart of amounts in 元; an unknown amount is written, not drawn as 0."""
    if not items:
        return "<p class='muted'>no figures</p>"
    top = max((v for _, v in items if v is not None), default=Decimal(0))
    height = 28 * len(items) + 30
    bars = []
    for i, (label, value) in enumerate(items):
        y = 24 + i * 28
        if value is None:
            bars.append(f"<text x='0' y='{y + 14}' font-size='13'>{html.escape(label)}</text>"
                        f"<text x='265' y='{y + 14}' font-size='12' fill='#a51d2d'>unknown / 未知</text>")
            continue
        width = _scale(value, top, 420)
        bars.append(f"<text x='0' y='{y + 14}' font-size='13'>{html.escape(label[:24])}</text>"
                    f"<rect x='260' y='{y}' width='{width:.1f}' height='18' fill='#3584e4'/>"
                    f"<text x='{265 + width:.1f}' y='{y + 14}' font-size='12'>{html.escape(money(value, unit))}</text>")
    return (f"<figure><figcaption>{html.escape(title)}</figcaption><svg role='img' width='900' height='{height}' "
            f"xmlns='http://www.w3.org/2000/svg'>{''.join(bars)}</svg></figure>")


SERIES_COLOURS = ("#3584e4", "#e66100", "#26a269", "#9141ac", "#c01c28")


def column_chart(groups: list[str], series: list[tuple[str, list[Decimal | None]]], title: str,
                 unit: Unit = Unit.YUAN) -> str:
    """Grouped SVG columns: one group per year, one column per series (e.g. budget, final account).

    A missing figure leaves a gap marked "—" rather than a zero-height column; the legend is
    one line per series above the columns; each column's exact figure is its tooltip.
    """
    if not groups or not series:
        return "<p class='muted'>no figures</p>"
    values = [v for _, vs in series for v in vs if v is not None]
    top = max(values, default=Decimal(0))
    col_w, gap, chart_h = 34, 30, 200
    group_w = col_w * len(series) + gap
    legend_h = 18 * len(series) + 8
    width = max(60 + group_w * len(groups), 480)
    base = legend_h + chart_h  # the columns' baseline
    parts = []
    for gi, group in enumerate(groups):
        x0 = 60 + gi * group_w
        for si, (name, vs) in enumerate(series):
            v = vs[gi]
            x = x0 + si * col_w
            if v is None:
                parts.append(f"<text x='{x + 10}' y='{base - 4}' font-size='12' fill='#a51d2d'>—</text>")
                continue
            h = _scale(v, top, chart_h - 10)
            parts.append(f"<rect x='{x}' y='{base - h:.1f}' width='{col_w - 6}' height='{h:.1f}' "
                         f"fill='{SERIES_COLOURS[si % len(SERIES_COLOURS)]}'><title>{html.escape(name)} "
                         f"{html.escape(group)}: {html.escape(money(v, unit))}</title></rect>")
        parts.append(f"<text x='{x0}' y='{base + 18}' font-size='13'>{html.escape(group)}</text>")
    legend = "".join(f"<rect x='60' y='{4 + i * 18}' width='12' height='12' fill='{SERIES_COLOURS[i % len(SERIES_COLOURS)]}'/>"
                     f"<text x='78' y='{15 + i * 18}' font-size='12'>{html.escape(name)}</text>"
                     for i, (name, _) in enumerate(series))
    axis = f"<line x1='55' y1='{base}' x2='{width - 10}' y2='{base}' stroke='#999'/>"
    return (f"<figure><figcaption>{html.escape(title)}</figcaption><svg role='img' width='{width}' "
            f"height='{base + 28}' xmlns='http://www.w3.org/2000/svg'>{legend}{axis}{''.join(parts)}</svg></figure>")


def unit_switch(unit: Unit, href_for) -> str:
    """Links showing the page in 元 or in 万元; ``href_for(unit)`` builds each link."""
    links = []
    for u in Unit:
        if u is unit:
            links.append(f"<b>{u.label}</b>")
        else:
            links.append(f"<a href='{href_for(u)}'>{u.label}</a>")
    return "<p>amounts in / 金额单位: " + " · ".join(links) + "</p>"


def decimal_or_none(text: str | None) -> Decimal | None:
    if text is None or text == "":
        return None
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


QUERY_PAGE_SCRIPT = """
<script>
function example(sel){document.getElementById('q').value=sel.value;}
</script>
"""
