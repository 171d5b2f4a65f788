"""Empty tables: a table the report declares empty (此表为空表) must print no figure, and the
narrative must not give figures for a table the report declares empty.
"""
from __future__ import annotations

import re

from budgetkg.check.context import CheckInput
from budgetkg.check.registry import Family, Severity, register
from budgetkg.model.report import TableKind
from budgetkg.text.amounts import NUMBER, format_decimal, parse_number, to_amount

_AMT = NUMBER
#: What the narrative calls the money of a table, followed directly by its figure. (The 三公
#: figures against an empty 三公 table are narrative-vs-table's: compared with 0 there.)
_NARRATIVE_NAMES = {
    TableKind.GOV_FUND: re.compile(rf"政府性基金预算(?:财政拨款)?(?:收入|支出)(?:预算)?(?:数)?(?:为|共计|合计)?"
                                   rf"(?P<amt>{_AMT})(?P<unit>万元|元)"),
}


@register("declared-empty-filled", Family.EMPTY_TABLES, Severity.WARNING, "声明为空表却列有数据",
          "Table declared empty prints figures",
          "A table the report declares empty (此表为空表) prints no figure other than 0.")
def declared_empty_filled(inp: CheckInput) -> None:
    for t in inp.report.tables:
        if not t.declared_empty or t.origin != "table":
            continue
        nonzero = [(r, col, a) for r in t.rows for col, a in r.amounts.items() if a.yuan != 0]
        if nonzero:
            r, _col, a = nonzero[0]
            inp.add("declared-empty-filled",
                    f"the table is declared empty but prints {format_decimal(a.printed)} {a.unit} "
                    f"({len(nonzero)} non-zero figures)",
                    f"表格声明为空表，却列有{format_decimal(a.printed)}{a.unit}等{len(nonzero)}个非零数据",
                    table=t.kind.value, row=r.label, found=format_decimal(a.yuan), expected="0", source=r.source)


@register("empty-table-stated", Family.EMPTY_TABLES, Severity.WARNING, "空表与说明数据矛盾",
          "Narrative gives figures for a table declared empty",
          "The narrative gives no non-zero figure for the money of a table the report declares empty.")
def empty_table_stated(inp: CheckInput) -> None:
    empty = {t.kind for t in inp.report.tables if t.declared_empty and t.origin == "table" and not any(
        a.yuan for r in t.rows for a in r.amounts.values())}
    for kind, pattern in _NARRATIVE_NAMES.items():
        if kind not in empty:
            continue
        for p in inp.paragraphs:
            for m in pattern.finditer(p.text):
                amount = to_amount(parse_number(m.group("amt")), m.group("unit"))
                if amount.yuan == 0 or re.search(r"上年|去年|\d{4}年", p.text[max(m.start() - 12, 0):m.start()]):
                    continue
                inp.add("empty-table-stated",
                        f"the {kind.value} table is declared empty, the narrative states {m.group('amt')}{m.group('unit')}",
                        f"该表声明为空表，说明中却为{m.group('amt')}{m.group('unit')}",
                        line=p.line_at(m.start()), quote=p.quote(m.start(), m.end(), 10),
                        table=kind.value, expected="0", found=format_decimal(amount.yuan))
