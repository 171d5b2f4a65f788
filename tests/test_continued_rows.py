"""A ruled table continued on pages drawn without the first page's empty leading column: the
continued rows' cells stand one index left of the header's, though their left edges are the
header's. Read by index, every figure of pages 4–7 of Beijing's 预算03表 fell one column left (the
基本支出 read as the total); read by the cells' boxes they keep their columns and the table closes.

Expected figures are read from the rendered pages, never from the program."""
from __future__ import annotations

from decimal import Decimal

import pytest

from budgetkg.check.read import read_report
from budgetkg.model.report import ProofStatus, RowRole, TableKind

from .corpus import corpus_path


@pytest.fixture(scope="module")
def expenditure():
    report = read_report(corpus_path("wide/pdf") / "bj_tjj_2026_tables.pdf")
    return report.table(TableKind.EXPENDITURE)


def _figures(row):
    return [row.amounts[k].printed if k in row.amounts else None for k in ("total", "basic", "project")]


def test_rows_on_continuation_pages_keep_their_columns(expenditure):
    assert expenditure.source.page == 3 and expenditure.proof.status is ProofStatus.VERIFIED
    # page 4: 2010501-行政运行 | 50299-其他商品和服务支出 | 30299-其他商品和服务支出 | 774.732228 | 678.817228 | 95.915000
    row = next(r for r in expenditure.rows if r.label.startswith("2010501") and "30299" in r.label)
    assert _figures(row) == [Decimal("774.732228"), Decimal("678.817228"), Decimal("95.915000")]
    # page 6: 2050803-培训支出 | 50203-培训费 | 30216-培训费 | 329.442380 | 84.660000 | 244.782380
    row = next(r for r in expenditure.rows if r.label.startswith("2050803") and "50203" in r.label)
    assert _figures(row) == [Decimal("329.442380"), Decimal("84.660000"), Decimal("244.782380")]


def test_the_total_row_of_a_continued_table_is_the_tables_total(expenditure):
    # page 7: 合 计 50,927.950741 | 32,780.463109 | 18,147.487632
    total = next(r for r in expenditure.rows if r.role is RowRole.TOTAL and r.amounts)
    assert _figures(total) == [Decimal("50927.950741"), Decimal("32780.463109"), Decimal("18147.487632")]


def test_rows_by_function_and_economic_class_are_items_not_classes(expenditure):
    # each row is one 项 by one economic class: no row is the 项's own figure, so none is coded
    rows = [r for r in expenditure.rows if r.amounts and r.role is not RowRole.TOTAL]
    assert len(rows) > 100 and all(r.role is RowRole.ITEM and r.code is None for r in rows)
