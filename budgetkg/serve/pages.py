"""HTML pages of the browser UI, written in the project (no third-party bundles)."""
from __future__ import annotations

import html
from decimal import Decimal

STYLE = """
body{font-family:system-ui,"Noto Sans CJK SC",sans-serif;margin:2rem auto;max-width:72rem;color:#222}
a{color:#1a5fb4}table{border-collapse:collapse;margin:1rem 0}td,th{border:1px solid #ccc;padding:.3rem .6rem;
text-align:left;vertical-align:top}th{background:#f3f3f3}.num{text-align:right;font-variant-numeric:tabular-nums}
nav a{margin-right:1rem}textarea{width:100%;height:14rem;font-family:monospace}.muted{color:#777}
"""


def page(title: str, body: str) -> bytes:
    return (f"<!doctype html><html lang='zh'><head><meta charset='utf-8'><title>{html.escape(title)}</title>"
            f"<style>{STYLE}</style></head><body><nav><a href='/'>budgetkg</a><a href='/query'>SPARQL</a>"
            f"<a href='/questions'>questions</a><a href='/ontology'>ontology</a><a href='/void'>VoID</a></nav>"
            f"<h1>{html.escape(title)}</h1>{body}</body></html>").encode("utf-8")


def yuan(text: str) -> str:
    """12345678.9 → 12,345,678.9 元 (exact: the digits are not rounded)."""
    if not text:
        return ""
    whole, _, frac = text.partition(".")
    sign = "-" if whole.startswith("-") else ""
    whole = whole.lstrip("-")
    grouped = f"{int(whole):,}" if whole.isdigit() else whole
    return f"{sign}{grouped}{'.' + frac if frac else ''} 元"


def table(columns, rows, link=None, money=()) -> str:
    head = "".join(f"<th>{html.escape(c)}</th>" for c in columns)
    body = []
    for r in rows:
        cells = []
        for c, v in zip(columns, r):
            shown = html.escape(yuan(v) if c in money else v)
            if link and c in link and v:
                shown = f"<a href='{html.escape(link[c](v))}'>{shown}</a>"
            cells.append(f"<td class='{'num' if c in money else ''}'>{shown}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    return f"<table><tr>{head}</tr>{''.join(body)}</table>"


def bar_chart(items: list[tuple[str, Decimal]], title: str) -> str:
    """A horizontal SVG bar chart of amounts in 元."""
    if not items:
        return "<p class='muted'>no figures</p>"
    top = max((v for _, v in items), default=Decimal(1)) or Decimal(1)
    height = 28 * len(items) + 30
    bars = []
    for i, (label, value) in enumerate(items):
        width = float(value / top) * 420 if top else 0  # drawing only; figures are printed exactly
        y = 24 + i * 28
        bars.append(f"<text x='0' y='{y + 14}' font-size='13'>{html.escape(label)}</text>"
                    f"<rect x='260' y='{y}' width='{width:.1f}' height='18' fill='#3584e4'/>"
                    f"<text x='{265 + width:.1f}' y='{y + 14}' font-size='12'>{html.escape(yuan(str(value)))}</text>")
    return (f"<figure><figcaption>{html.escape(title)}</figcaption><svg role='img' width='860' height='{height}' "
            f"xmlns='http://www.w3.org/2000/svg'>{''.join(bars)}</svg></figure>")


QUERY_PAGE_SCRIPT = """
<script>
async function run(){
  const q=document.getElementById('q').value;
  const r=await fetch('/sparql',{method:'POST',headers:{'Content-Type':'application/sparql-query',
    'Accept':'application/sparql-results+json'},body:q});
  const out=document.getElementById('out');
  if(!r.ok){out.textContent=await r.text();return;}
  const j=await r.json();
  if(j.boolean!==undefined){out.textContent=String(j.boolean);return;}
  const vars=j.head.vars;const t=document.createElement('table');
  t.insertAdjacentHTML('beforeend','<tr>'+vars.map(v=>'<th>'+v+'</th>').join('')+'</tr>');
  for(const b of j.results.bindings){const tr=document.createElement('tr');
    for(const v of vars){const td=document.createElement('td');td.textContent=b[v]?b[v].value:'';tr.appendChild(td);}
    t.appendChild(tr);}
  out.replaceChildren(t);
  document.getElementById('csv').href='/sparql?format=csv&query='+encodeURIComponent(q);
}
function example(sel){document.getElementById('q').value=sel.value;}
</script>
"""
