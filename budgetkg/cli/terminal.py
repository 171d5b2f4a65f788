"""Answer tables for the terminal: fit the width, align figures, say what was left out.

- Width: the table fits the terminal (``shutil.get_terminal_size``, which reads ``COLUMNS``).
  Text cells wrap first (down to a floor per column); when that is not enough the columns of least
  value (:attr:`budgetkg.query.columns.Column.keep`) are dropped, and a line under the table names them.
  ``wide=True`` shows every column at its full width.
- Figures: money, counts and rates are right-aligned with thousands separators; money is in 元 or,
  with ``unit="wan"``, in 万元 by exact Decimal division (never float) — every digit kept: a
  figure shows the decimals it needs (at least two; six for 万元 of a figure with fen), decimal
  points aligned. Codes, years, pages and lines stay as printed, left-aligned (a 类 code and its
  款/项 codes read as a tree).
- Language: column titles and messages in English or Chinese (``lang="zh"``).
- Derived figures: an answer's ``derived`` column (:mod:`budgetkg.query.derived`) is not shown;
  each figure it names is marked ``*`` instead, and a line under the table says what the mark means.

CSV and JSON are not written here (see the answer writers); this is only the table view.
"""
from __future__ import annotations

import re
import shutil
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from enum import Enum

from budgetkg.query.answers import Unit  # one unit type for the terminal and the CSV/JSON/web answers
from budgetkg.query.columns import COLUMNS, ColumnKind, column, value_label
from budgetkg.query.derived import MARK, NOTE, derived_cells, without_derived

GAP = 2              # spaces between columns
TEXT_FLOOR = 16      # a wrapped text column is never narrower than this (or its title) …
TEXT_FLOOR_MAIN = 24  # … nor a main one (keep >= 8: names, messages), while columns of
KEEP_BEFORE_SQUEEZE = 6  # keep < 6 can leave instead; columns worth more stay and main ones narrow


class Lang(str, Enum):
    EN = "en"
    ZH = "zh"


UNIT_DIVISOR = {Unit.YUAN: Decimal(1), Unit.WAN: Decimal(10000)}
UNIT_TITLE = {(Unit.YUAN, Lang.EN): "yuan", (Unit.WAN, Lang.EN): "10k yuan",
              **{(u, Lang.ZH): u.label for u in Unit}}

# every message the terminal prints beside tables, in both languages
MESSAGES: dict[str, dict[Lang, str]] = {
    "rows": {Lang.EN: "{n} rows", Lang.ZH: "共 {n} 行"},
    "unit": {Lang.EN: "amounts in {unit}", Lang.ZH: "金额单位：{unit}"},
    "dropped": {Lang.EN: "not shown to fit {width} columns: {names} (--wide shows all)",
                Lang.ZH: "为适应 {width} 列宽未显示：{names}（--wide 显示全部）"},
    "hidden-findings": {Lang.EN: "{n} info/notice findings hidden; --info shows them",
                        Lang.ZH: "另有 {n} 条提示（info/notice）未列出；--info 显示全部"},
    "interrupted-ingest": {Lang.EN: "interrupted: {store} holds only reports written completely before the "
                                    "interruption (a write cut short is finished or undone when the store "
                                    "is next opened); ingest again to read the rest",
                           Lang.ZH: "已中断：{store} 中只保留中断前完整写入的报告（未写完的写入在下次打开时补完或撤销）；"
                                    "再次运行 ingest 读取其余文件"},
    "report-line": {Lang.EN: "{source}: {department} {year} {kind}, {tables} tables, {shown}",
                    Lang.ZH: "{source}：{department} {year} {kind}，{tables} 张表，{shown}"},
    "findings-listed": {Lang.EN: "{n} findings listed", Lang.ZH: "列出 {n} 条发现"},
    "findings-info-hidden": {Lang.EN: "{n} info hidden (--info)", Lang.ZH: "{n} 条 info 未列出（--info）"},
    "missing-tables": {Lang.EN: "missing tables: {names}", Lang.ZH: "缺少的表：{names}"},
    "stored": {Lang.EN: "stored {n} reports, {quads} quads in {store}",
               Lang.ZH: "已存入 {n} 份报告，{quads} 条四元组，存储于 {store}"},
}


def lang_of(value: str) -> Lang:
    from budgetkg.errors import QueryError
    try:
        return Lang(value)
    except ValueError:
        raise QueryError(f"unknown language {value!r}", hint="en or zh") from None


def unit_of(value: str) -> Unit:
    from budgetkg.errors import QueryError
    try:
        return Unit(value)
    except ValueError:
        raise QueryError(f"unknown unit {value!r}", hint="yuan or wan (万元)") from None


def year_of(value: str | None) -> int | None:
    """A fiscal year as the user types it: 2021, 2021年, 2021年度, full-width digits alike; one
    clear line for anything else."""
    import unicodedata

    from budgetkg.errors import QueryError
    if value is None:
        return None
    text = unicodedata.normalize("NFKC", value).strip().removesuffix("年度").removesuffix("年")
    if not (text.isdigit() and 1949 <= int(text) <= 2100):
        raise QueryError(f"not a fiscal year: {value!r}", hint="a year such as 2021 or 2021年")
    return int(text)


def say(key: str, lang: Lang | str = Lang.EN, **values) -> str:
    """The message ``key`` in ``lang`` with ``values`` filled in."""
    return MESSAGES[key][Lang(lang)].format(**values)


# ---------------------------------------------------------------------------- cell widths

def char_width(ch: str) -> int:
    if unicodedata.combining(ch):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def text_width(text: str) -> int:
    """Columns ``text`` takes in a terminal (CJK characters take two)."""
    return sum(char_width(c) for c in text)


def pad(text: str, width: int, right: bool = False) -> str:
    fill = " " * max(0, width - text_width(text))
    return fill + text if right else text + fill


_TOKEN_RE = re.compile(r"[^\s\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]+|\s|.", re.S)


def wrap(text: str, width: int) -> list[str]:
    """``text`` in lines of at most ``width`` columns: Latin words and numbers stay whole where they
    fit (a line breaks at a space), Chinese breaks between any two characters (it has no spaces)."""
    lines: list[str] = []
    for para in text.split("\n"):
        line, w = "", 0
        for token in _TOKEN_RE.findall(para):
            tw = text_width(token)
            if w + tw <= width:
                line, w = line + token, w + tw
            elif token.isspace():
                lines.append(line.rstrip())
                line, w = "", 0
            elif tw <= width:
                lines.append(line.rstrip())
                line, w = token, tw
            else:  # a word longer than the line: cut it
                for ch in token:
                    cw = char_width(ch)
                    if w + cw > width and line:
                        lines.append(line.rstrip())
                        line, w = "", 0
                    line, w = line + ch, w + cw
        lines.append(line.rstrip())
    return lines


# ---------------------------------------------------------------------------- figures

def _decimal(text: str) -> Decimal | None:
    try:
        d = Decimal(text)
    except (InvalidOperation, ValueError):
        return None
    return d if d.is_finite() else None


def _places(d: Decimal) -> int:
    exp = d.normalize().as_tuple().exponent
    return max(0, -exp) if isinstance(exp, int) else 0


def group(d: Decimal, places: int) -> str:
    """``d`` with thousands separators and exactly ``places`` decimals (``places`` is never
    fewer than ``d`` needs, so nothing is rounded)."""
    return f"{d:,.{places}f}"


@dataclass
class _Col:
    name: str
    title: str
    kind: ColumnKind
    keep: int
    cells: list[str]
    right: bool = False

    @property
    def natural(self) -> int:
        return max([text_width(self.title)] + [text_width(line) for c in self.cells for line in c.split("\n")])

    def floor(self, squeezed: bool = False) -> int:
        """The narrowest this column is drawn: figures never wrap; text wraps down to a floor,
        wider for main columns until the table is ``squeezed``."""
        if self.kind is not ColumnKind.TEXT:
            return self.natural
        floor = TEXT_FLOOR_MAIN if self.keep >= 8 and not squeezed else TEXT_FLOOR
        return min(self.natural, max(floor, max((text_width(w) for w in self.title.split()), default=0)))


def _format_column(name: str, values: list[str], unit: Unit, lang: Lang, unit_title: bool = True) -> _Col:
    spec = column(name)
    kind = spec.kind
    numbers = [_decimal(v) for v in values]
    if kind in (ColumnKind.MONEY, ColumnKind.NUMBER) and any(v and n is None for v, n in zip(values, numbers)):
        kind = ColumnKind.TEXT  # a figure column holding text (e.g. a list of projects) is text
    title = spec.title(lang.value, as_text=kind is ColumnKind.TEXT and spec.kind is not ColumnKind.TEXT)
    if kind is ColumnKind.MONEY:
        div = UNIT_DIVISOR[unit]
        scaled = [n / div if n is not None else None for n in numbers]
        places = [max(2, _places(n)) if n is not None else 0 for n in scaled]
        most = max(places, default=2)
        # each figure with the decimals it needs, padded so the decimal points line up
        cells = [group(n, p) + " " * (most - p) if n is not None else "" for n, p in zip(scaled, places)]
        if unit_title:
            title = f"{title} ({UNIT_TITLE[unit, lang]})" if lang is Lang.EN else f"{title}（{UNIT_TITLE[unit, lang]}）"
    elif kind is ColumnKind.NUMBER:
        cells = [group(n, _places(n)) if n is not None else v for v, n in zip(values, numbers)]
    else:
        cells = list(values)
    right = kind in (ColumnKind.MONEY, ColumnKind.NUMBER)
    if name not in COLUMNS and any(values) and all(n is not None for v, n in zip(values, numbers) if v):
        kind, right = ColumnKind.CODE, True  # an ad-hoc query's numeric column: right-aligned, as printed
    return _Col(name, title, kind, spec.keep, cells, right=right)


def _marked(col: _Col, marks: set[tuple[int, str]]) -> _Col:
    """The column with its derived figures marked (:data:`MARK` after the figure; the other figures
    of a column that has any get a space there, so the decimal points stay aligned)."""
    rows = {i for i, name in marks if name == col.name}
    if rows:
        col.cells = [c + (MARK if i in rows else " " * len(MARK)) if c else c for i, c in enumerate(col.cells)]
    return col


# ---------------------------------------------------------------------------- layout

def _fit(cols: list[_Col], width: int) -> tuple[list[_Col], list[int], list[_Col]]:
    """(shown columns, their widths, dropped columns) for a terminal ``width`` wide."""
    shown = list(cols)
    dropped: list[_Col] = []

    squeezed = False

    def need(cs):
        return sum(c.floor(squeezed) for c in cs) + GAP * (len(cs) - 1)

    while len(shown) > 1 and need(shown) > width:
        victim = min(reversed(shown), key=lambda c: c.keep)  # least value; the rightmost of equals
        if victim.keep >= KEEP_BEFORE_SQUEEZE and not squeezed:
            squeezed = True  # main text columns wrap narrower before a valuable column goes
            continue
        shown.remove(victim)
        dropped.append(victim)
    widths = [c.floor(squeezed) for c in shown]
    spare = width - need(shown)
    for i in sorted(range(len(shown)), key=lambda i: (-shown[i].keep, i)):  # the most valuable first
        add = max(0, min(spare, shown[i].natural - widths[i]))
        widths[i] += add
        spare -= add
    return shown, widths, dropped


def render(columns, rows, *, width: int | None = None, lang: Lang | str = Lang.EN,
           unit: Unit | str = Unit.YUAN, wide: bool = False, footer: bool = True) -> str:
    """The table of ``rows`` under ``columns`` (names from :mod:`budgetkg.query.columns`) as text."""
    lang, unit = Lang(lang), Unit(unit)
    width = width or shutil.get_terminal_size((100, 24)).columns
    marks = derived_cells(tuple(columns), tuple(tuple(r) for r in rows))
    columns, rows = without_derived(tuple(columns), tuple(tuple(r) for r in rows))
    rows = tuple(tuple(value_label(name, v, lang.value) for name, v in zip(columns, r)) for r in rows)
    cols = [_marked(_format_column(name, [r[i] for r in rows], unit, lang), marks) for i, name in enumerate(columns)]
    unit_line = None
    if wide:
        shown, widths, dropped = cols, [c.natural for c in cols], []
    else:
        shown, widths, dropped = _fit(cols, width)
        money = [i for i, c in enumerate(cols) if c.kind is ColumnKind.MONEY]
        if dropped and footer and len(money) > 1:
            # the unit said once under the table instead of in every title, when that keeps columns
            bare = [_marked(_format_column(name, [r[i] for r in rows], unit, lang, unit_title=False), marks)
                    if i in money else c
                    for i, (name, c) in enumerate(zip(columns, cols))]
            fitted = _fit(bare, width)
            if len(fitted[2]) < len(dropped):
                cols, (shown, widths, dropped) = bare, fitted
                unit_line = say("unit", lang, unit=UNIT_TITLE[unit, lang])
    out = []
    gap = " " * GAP
    out.append(gap.join(pad(c.title, w, c.right) for c, w in zip(shown, widths)).rstrip())
    out.append(gap.join("─" * w for w in widths))
    for i in range(len(rows)):
        cells = [wrap(c.cells[i], w) if c.kind is ColumnKind.TEXT else [c.cells[i]] for c, w in zip(shown, widths)]
        for k in range(max(len(x) for x in cells)):
            out.append(gap.join(pad(x[k] if k < len(x) else "", w, c.right)
                                for c, w, x in zip(shown, widths, cells)).rstrip())
    if footer:
        rows_line = say("rows", lang, n=len(rows))
        out.append(f"{rows_line}{'；' if lang is Lang.ZH else '; '}{unit_line}" if unit_line else rows_line)
    if marks and any(name in {c.name for c in shown} for _, name in marks):
        out.extend(wrap(NOTE[lang.value], width))
    if dropped:
        names = ("、" if lang is Lang.ZH else ", ").join(c.title for c in sorted(dropped, key=cols.index))
        out.extend(wrap(say("dropped", lang, width=width, names=names), width))
    return "\n".join(out) + "\n"


def paragraph(text: str, width: int | None = None, wide: bool = False) -> str:
    """A line of prose wrapped to the terminal (unless ``wide``), with its newline."""
    if wide:
        return text + "\n"
    return "\n".join(wrap(text, width or shutil.get_terminal_size((100, 24)).columns)) + "\n"


def print_answer(answer, out, **options) -> None:
    """Write :class:`~budgetkg.query.questions.Answer` ``answer`` to ``out`` as a table."""
    out.write(render(answer.columns, answer.rows, **options))
