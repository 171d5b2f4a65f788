"""More inline SVG charts for the pages (drawn here, no script, no network): budget beside final
account, and shares of a whole.

As in :mod:`.pages`, lengths are drawing only: every bar has its exact figure beside it or in its
tooltip (``<title>``), printed from the exact decimal. A figure the store does not hold is
written as unknown, never drawn as 0.
"""
from __future__ import annotations

import html
from decimal import Decimal

from budgetkg.query.answers import Unit
from budgetkg.serve.pages import money

#: colours of the parts of a whole (类 shares, 三公 parts): distinct, printable
PART_COLOURS = ("#3584e4", "#e66100", "#26a269", "#9141ac", "#c01c28", "#986a44", "#1c71d8", "#f5c211",
                "#2ec27e", "#613583", "#865e3c", "#77767b")


def _figure(title: str, width: int, height: int, parts: list[str], css_class: str) -> str:
    return (f"<figure class='{css_class}'><figcaption>{html.escape(title)}</figcaption><svg role='img' "
            f"width='{width}' height='{height}' xmlns='http://www.w3.org/2000/svg'>{''.join(parts)}</svg></figure>")


def rate(budget: Decimal | None, final: Decimal | None) -> str:
    """The execution rate, final ÷ budget, to 0.01 % ('' when either is unknown or the budget 0)."""
    if budget is None or final is None or not budget:
        return ""
    return f"{(final / budget * 100).quantize(Decimal('0.01'))} %"


def paired_bars(rows: list[tuple[str, Decimal | None, Decimal | None]], title: str,
                unit: Unit = Unit.YUAN) -> str:
    """Budget against final account: per row (a year and what is compared) a blue budget bar and an
    orange final bar on one scale, each with its exact figure, and the execution rate."""
    if not rows:
        return "<p class='muted'>no figures</p>"
    top = max((v for _, b, f in rows for v in (b, f) if v is not None), default=Decimal(0))
    parts = ["<rect x='0' y='4' width='12' height='12' fill='#3584e4'/><text x='18' y='15' font-size='12'>"
             "预算 budget</text><rect x='110' y='4' width='12' height='12' fill='#e66100'/>"
             "<text x='128' y='15' font-size='12'>决算 final account</text>"]
    y = 28
    for label, budget, final in rows:
        parts.append(f"<text x='0' y='{y + 22}' font-size='13'>{html.escape(label[:22])}</text>")
        for value, colour, dy, name in ((budget, "#3584e4", 0, "预算 budget"), (final, "#e66100", 20, "决算 final")):
            if value is None:
                parts.append(f"<text x='300' y='{y + dy + 13}' font-size='12' fill='#a51d2d'>unknown / 未知</text>")
                continue
            width = float(value / top) * 380 if top > 0 and value > 0 else 0.0  # drawing only
            shown = html.escape(money(value, unit))
            parts.append(f"<rect x='300' y='{y + dy}' width='{width:.1f}' height='16' fill='{colour}'>"
                         f"<title>{html.escape(label)} {name}: {shown}</title></rect>"
                         f"<text x='{305 + width:.1f}' y='{y + dy + 13}' font-size='12'>{shown}</text>")
        executed = rate(budget, final)
        if executed:
            parts.append(f"<text x='300' y='{y + 52}' font-size='12' fill='#555'>执行率 execution {executed}</text>")
        y += 64
    return _figure(title, 900, y + 4, parts, "chart-budget-final")


def share_bars(rows: list[tuple[str, list[tuple[str, Decimal | None]]]], title: str,
               unit: Unit = Unit.YUAN) -> str:
    """Each row (a report) as one horizontal bar split into its parts' shares of their sum, with
    a legend giving every part's exact figure and share. A row with an unknown part is not
    split (its shares would be wrong): it says so."""
    if not rows:
        return "<p class='muted'>no figures</p>"
    names = list(dict.fromkeys(name for _, items in rows for name, _ in items))
    colour = {n: PART_COLOURS[i % len(PART_COLOURS)] for i, n in enumerate(names)}
    parts: list[str] = []
    y = 0
    for label, items in rows:
        parts.append(f"<text x='0' y='{y + 15}' font-size='13' font-weight='600'>{html.escape(label)}</text>")
        y += 22
        total = sum((v for _, v in items if v is not None), Decimal(0))
        if any(v is None for _, v in items) or total <= 0:
            parts.append(f"<text x='0' y='{y + 14}' font-size='12' fill='#a51d2d'>a part is unknown or the sum is "
                         "not positive: no shares drawn / 有未知数，不画占比</text>")
            y += 28
            continue
        x = 0.0
        for name, value in items:
            assert value is not None
            share = value / total
            width = float(share) * 860  # drawing only
            text = f"{name}: {money(value, unit)} ({(share * 100).quantize(Decimal('0.1'))} %)"
            parts.append(f"<rect x='{x:.1f}' y='{y}' width='{width:.1f}' height='22' fill='{colour[name]}' "
                         f"stroke='#fff'><title>{html.escape(text)}</title></rect>")
            if width > 40:
                parts.append(f"<text x='{x + 4:.1f}' y='{y + 15}' font-size='11' fill='#fff'>"
                             f"{html.escape(name.split(' ')[0])}</text>")
            x += width
        y += 30
        for name, value in items:
            assert value is not None
            text = f"{name}: {money(value, unit)} ({(value / total * 100).quantize(Decimal('0.1'))} %)"
            parts.append(f"<rect x='0' y='{y}' width='12' height='12' fill='{colour[name]}'/>"
                         f"<text x='18' y='{y + 11}' font-size='12'>{html.escape(text)}</text>")
            y += 17
        y += 10
    return _figure(title, 900, y, parts, "chart-shares")
