"""University templates (高等学校收入决算表, 收入预算表): 事业收入 is printed as a group of 金额 and
其中：教育收费. 金额 is the group's own amount (事业收入), and 教育收费 is a part of it, not a part of
the row total: read that way the rows close (total = 财政拨款 + 事业收入 + 其他收入).

Expected figures are read from the rendered pages, never from the program."""
from __future__ import annotations

from decimal import Decimal

from budgetkg.check.read import read_report
from budgetkg.model.report import ProofStatus, TableKind

from .corpus import corpus_path


def _income(name: str):
    return read_report(corpus_path("wide/pdf") / name).table(TableKind.INCOME)


def test_a_university_budget_income_table_reads_its_business_income_group():
    # swu_2024_budget.pdf page 9: 445,059.97 = 244,675.66 + 141,934.81 (事业收入 金额) + 58,449.50;
    # 其中：教育收费 86,701.51 is within the 141,934.81
    table = _income("swu_2024_budget.pdf")
    assert table.source.page == 9 and table.proof.status is ProofStatus.VERIFIED
    row = table.rows[0]
    assert {k: a.printed for k, a in row.amounts.items()} == {
        "total": Decimal("445059.97"), "fiscal": Decimal("244675.66"),
        "business": Decimal("141934.81"), "other": Decimal("58449.50")}


def test_a_university_final_account_income_table_reads_its_business_income_group():
    # swu_2023_final.pdf page 10 (表 2): 205 教育支出 399,693.48 = 220,752.34 + 136,385.24 + 42,555.90
    table = _income("swu_2023_final.pdf")
    assert table.source.page == 10 and table.proof.status is ProofStatus.VERIFIED
    row = next(r for r in table.rows if r.code == "205")
    assert [row.amounts[k].printed for k in ("total", "fiscal", "business", "other")] == \
        [Decimal("399693.48"), Decimal("220752.34"), Decimal("136385.24"), Decimal("42555.90")]
    assert not any("special_account" in r.amounts for r in table.rows)  # 教育收费 is no column of its own
