"""The link stage for previous-year figures (issue 13): a table's 上年预算数/上年执行数 column and a
三公 statement (比上年预算减少1万元, 与上年预算数一致) are linked to that year's stored report and
compared with it, in either order of ingest.

The Jiangsu 三公 figures were read from the PDFs: 江苏省委办公厅 2017 表 (p.11) 三公 小计 509.20,
因公出国（境）费 70.00, 公务用车运行维护费 411.20, 公务接待费 28.00; the 2018 narrative says
"公务接待费预算支出27万元，比上年预算减少1万元" and "因公出国（境）费预算支出70万元，与上年预算数一致".
The synthetic tables below are marked synthetic.
"""
from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

from budgetkg.check.read import read_report
from budgetkg.check.series import three_public_statement_findings
from budgetkg.config import DEFAULT_BASE
from budgetkg.link.figures import report_figures
from budgetkg.load.store import BudgetStore
from budgetkg.model.report import ReportKind, TableKind
from budgetkg.rdf.iris import Minter
from tests.corpus import SHARED
from tests.test_previous_year import report_of
from tests.test_series import _rows, _write

SERIES = (SHARED / "corpus/series")
needs_corpus = pytest.mark.skipif(not SERIES.is_dir(), reason="the real corpus is not on this machine")
FINDINGS = ("SELECT ?r ?row ?expected ?found ?sev WHERE { ?f bkg:check "
            "<https://w3id.org/budgetkg/codes/check/previous-year-figure> ; bkg:report ?r ; bkg:rowLabel ?row ; "
            "bkg:expected ?expected ; bkg:found ?found ; bkg:severity ?sev }")
OFFICE = {2017: ["江苏省委办公厅2017年部门预算.pdf", "江苏省委办公厅2017年预算公开表格.pdf"],
          2018: ["江苏省委办公厅2018年度部门预算公开文件.pdf", "江苏省委办公厅2018年度部门预算公开表.pdf"],
          2019: ["江苏省委办公厅2019年度部门预算公开文件.pdf", "江苏省委办公厅2019年度部门预算公开表格.pdf"]}


def _office(year: int):
    from budgetkg.check.combined import combine_checked as combine_reports
    [report] = combine_reports([read_report(SERIES / f) for f in OFFICE[year]])
    return report


def _with_reception(report, printed: str):
    table = report.table(TableKind.THREE_PUBLIC)
    row = table.rows[0]
    a = row.amounts["reception"]
    new = replace(a, printed=Decimal(printed), yuan=Decimal(printed) * 10000)
    altered = replace(table, rows=(replace(row, amounts={**row.amounts, "reception": new}),))
    return replace(report, tables=tuple(altered if t is table else t for t in report.tables))


@pytest.fixture(scope="module")
def office():
    if not SERIES.is_dir():
        pytest.skip("the real corpus is not on this machine")
    return {y: _office(y) for y in OFFICE}


def test_jiangsu_three_public_statements_agree_with_last_years_report(office):
    for year in (2018, 2019):
        assert three_public_statement_findings(office[year].changes, ReportKind.BUDGET,
                                               report_figures(office[year - 1]), "last year") == []
    # 2017's 公务接待费 altered to 30.00: 2018's "27万元，比上年预算减少1万元" makes it 28
    wrong = three_public_statement_findings(office[2018].changes, ReportKind.BUDGET,
                                            report_figures(_with_reception(office[2017], "30.00")), "2017")
    assert [(f.row, f.expected, f.found) for f in wrong] == [("公务接待费预算支出", "300000", "280000")]
    # 2018's altered: 2019's "公务接待费预算支出27万元，与上年预算数一致" makes it 27
    wrong = three_public_statement_findings(office[2019].changes, ReportKind.BUDGET,
                                            report_figures(_with_reception(office[2018], "30.00")), "2018")
    assert [(f.row, f.expected, f.found) for f in wrong] == [("公务接待费预算支出", "300000", "270000")]


def test_jiangsu_three_public_statement_finding_in_either_order_of_ingest(office, tmp_path):
    minter = Minter(DEFAULT_BASE)
    r2017, r2018 = office[2017], office[2018]
    with BudgetStore(tmp_path / "real") as store:
        for r in (r2017, r2018, office[2019]):
            _write(store, [r], minter)
        assert _rows(store, FINDINGS) == []
    altered = _with_reception(r2017, "30.00")
    expected = ("公务接待费预算支出", "300000", "280000")
    with BudgetStore(tmp_path / "forward") as store:
        _write(store, [altered], minter)
        _write(store, [r2018], minter)
        got = _rows(store, FINDINGS)
    assert [(r, *rest) for r, *rest in got] == [(minter.report(r2018), *expected,
                                                 "https://w3id.org/budgetkg/codes/severity/warning")]
    with BudgetStore(tmp_path / "reversed") as store:
        _write(store, [r2018], minter)
        _write(store, [altered], minter)
        got = _rows(store, FINDINGS)
    assert [tuple(g[:4]) for g in got] == [(minter.report(altered), *expected)]


# --- synthetic tables ------------------------------------------------------------------------

GP2025 = (  # synthetic 2025 budget: 一般公共预算支出表 of the national template
    "江苏省某某局2025年部门预算\n一般公共预算支出表\n部门：江苏省某某局\t\t\t单位：万元\n"
    "科目编码\t科目名称\t合计\t基本支出\t项目支出\n"
    "\t合计\t110.00\t90.00\t20.00\n201\t一般公共服务支出\t110.00\t90.00\t20.00\n"
    "20101\t人大事务\t110.00\t90.00\t20.00\n2010101\t行政运行\t90.00\t90.00\t\n"
    "2010199\t其他人大事务支出\t20.00\t\t20.00\n")
GP2026 = (  # synthetic 2026 budget printing 2025年预算数 beside its own (as Chongqing's 表五)
    "江苏省某某局2026年部门预算\n一般公共预算支出表\n部门：江苏省某某局\t\t\t\t单位：万元\n"
    "科目编码\t科目名称\t2025年预算数\t2026年预算数\t\t\n"
    "\t\t\t合计\t基本支出\t项目支出\n"
    "\t合计\t110.00\t120.00\t100.00\t20.00\n201\t一般公共服务支出\t110.00\t120.00\t100.00\t20.00\n"
    "20101\t人大事务\t110.00\t120.00\t100.00\t20.00\n2010101\t行政运行\t{run}\t100.00\t100.00\t\n"
    "2010199\t其他人大事务支出\t20.00\t20.00\t\t20.00\n")
PRIOR_LINKS = ("SELECT ?row ?report WHERE { ?f a bkg:PriorYearFigure ; bkg:referencesReport ?report ; "
               "bkg:standsOnRow ?r . ?r bkg:code ?row }")


@pytest.mark.parametrize("reverse", [False, True])
def test_previous_years_budget_column_is_linked_and_checked(tmp_path, reverse):
    minter = Minter(DEFAULT_BASE)
    last, agreeing = report_of(GP2025), report_of(GP2026.format(run="90.00"))
    with BudgetStore(tmp_path / "agree") as store:
        for r in ((agreeing, last) if reverse else (last, agreeing)):
            _write(store, [r], minter)
        assert _rows(store, FINDINGS) == []
        links = set(_rows(store, PRIOR_LINKS))
    assert links == {(code, minter.report(last)) for code in ("201", "20101", "2010101", "2010199")}
    differing = replace(report_of(GP2026.format(run="95.00")), sha256="1")
    with BudgetStore(tmp_path / "differ") as store:
        for r in ((differing, last) if reverse else (last, differing)):
            _write(store, [r], minter)
        got = _rows(store, FINDINGS)
    assert [tuple(g[1:4]) for g in got] == [("2010101 行政运行", "900000", "950000")]
    assert got[0][0] == minter.report(last if reverse else differing)


def test_execution_figures_are_not_compared_with_last_years_budget(tmp_path):
    minter = Minter(DEFAULT_BASE)
    text = GP2026.format(run="95.00").replace("2025年预算数", "2025年执行数")
    with BudgetStore(tmp_path) as store:
        _write(store, [report_of(GP2025)], minter)
        _write(store, [report_of(text)], minter)
        assert _rows(store, FINDINGS) == [] and _rows(store, PRIOR_LINKS) == []


SUMMARY2025 = (  # synthetic 2025 budget: 收支总表
    "江苏省某某局2025年部门预算\n部门收支总表\n部门：江苏省某某局\t\t\t单位：万元\n"
    "项目\t本年预算数\t项目\t本年预算数\n"
    "一、一般公共预算拨款收入\t100.00\t一、一般公共服务支出\t100.00\n"
    "收入总计\t100.00\t支出总计\t100.00\n")
SUMMARY2026 = (  # synthetic 2026 budget: 收支总表 with 上年预算数 beside 本年预算数
    "江苏省某某局2026年部门预算\n部门收支总表\n部门：江苏省某某局\t\t\t\t\t单位：万元\n"
    "项目\t上年预算数\t本年预算数\t项目\t上年预算数\t本年预算数\n"
    "一、一般公共预算拨款收入\t100.00\t120.00\t一、一般公共服务支出\t{spent}\t120.00\n"
    "收入总计\t100.00\t120.00\t支出总计\t{spent}\t120.00\n")


@pytest.mark.parametrize("reverse", [False, True])
def test_summary_totals_of_last_year_are_checked_against_last_years_report(tmp_path, reverse):
    minter = Minter(DEFAULT_BASE)
    last = report_of(SUMMARY2025)
    this = report_of(SUMMARY2026.format(spent="101.00"))
    with BudgetStore(tmp_path) as store:
        for r in ((this, last) if reverse else (last, this)):
            _write(store, [r], minter)
        got = _rows(store, FINDINGS)
    assert [tuple(g[1:4]) for g in got] == [("支出总计", "1000000", "1010000")]
