"""Reconciliation findings: real ones in the samples and constructed differences."""
from __future__ import annotations

from budgetkg.check.read import process_document
from budgetkg.query.questions import ask
from budgetkg.sources.read import document_from_text

from .conftest import SAMPLES

EXPENDITURE = """第一部分 测试区财政局概况
二、机构设置及人员情况
测试区财政局编制数 10 人，实有人数 9 人，其中：在职 9 人；退休 1 人。
第二部分 2022 年部门预算公开表
表三：
部门支出总体情况表
编制部门：测试区财政局 单位：万元
功能分类科目编码 功能分类科目名称 合计 基本支出 项目支出
类 款 项
201 一般公共服务支出 100.00 60.00 40.00
201 06 财政事务 100.00 60.00 40.00
201 06 01 行政运行 60.00 60.00
201 06 02 一般行政管理事务 {item} {item}
合计 100.00 60.00 40.00
"""


def _findings(text: str):
    return process_document(document_from_text(text, name="test.txt")).findings


def _finding_rows(store):
    answer = ask(store, "findings")
    return [dict(zip(answer.columns, r)) for r in answer.rows]


def test_sample_001_misprinted_code_is_reported_once_at_the_wrong_code(sample_store):
    rows = [r for r in _finding_rows(sample_store) if r["source"] == SAMPLES["001"].name]
    checks = {(r["table"], (r["row"].split() or [""])[0], r["check"], r["severity"]) for r in rows}
    # 表二 prints 201 03 09 where 表三 prints 201 03 99 for the same row; the code list gives
    # 2010309 to 参事事务: one finding, at the income table's row, not two code-sets findings
    assert ("income", "2010309", "name-mismatch", "warning") in checks
    assert not {c for c in checks if c[2] == "code-sets"}


def test_sample_004_empty_total_column_is_one_finding_for_its_table(sample_store):
    rows = [r for r in _finding_rows(sample_store) if r["source"] == SAMPLES["004"].name
            and r["check"] == "row-total-missing"]
    # 表四's 合计 column is blank in 201 (564.48), 208 (30.60) and 支出总计 (595.08)
    assert [(r["row"], r["severity"]) for r in rows] == [("201 一般公共服务支出", "warning")]
    assert "3 expenditure rows" in rows[0]["message"]


def test_consistent_table_has_no_arithmetic_findings():
    findings = _findings(EXPENDITURE.format(item="40.00"))
    assert [f for f in findings if f.severity == "error"] == []


def test_children_that_do_not_add_up_give_a_finding_with_expected_and_found():
    findings = [f for f in _findings(EXPENDITURE.format(item="41.00")) if f.check == "children-sum"]
    assert findings, "a 项 that breaks the 款 total must be reported"
    f = findings[0]
    assert f.table == "expenditure" and f.row.startswith("20106")
    # 款 20106 prints 100.00 万元; its items add up to 60.00 + 41.00 (in 元 below)
    assert (f.expected, f.found) == ("1000000", "1010000")
    assert "total" in f.message
    assert f.source.line > 0


def test_row_parts_that_do_not_add_up_give_a_finding():
    text = EXPENDITURE.format(item="40.00").replace("201 06 01 行政运行 60.00 60.00",
                                                    "201 06 01 行政运行 60.00 50.00 5.00")
    checks = {(f.check, (f.row.split() or [""])[0]) for f in _findings(text)}
    assert ("row-sum", "2010601") in checks


def test_truncated_table_keeps_the_parsed_rows_and_reports_the_gap():
    text = EXPENDITURE.format(item="40.00")
    truncated = text[:text.index("201 06 02")]
    report = process_document(document_from_text(truncated, name="cut.txt"))
    table = report.tables[0]
    assert [r.code for r in table.rows] == ["201", "20106", "2010601"]
    assert any(f.check == "children-sum" and f.row.startswith("20106") for f in report.findings)


def test_one_unreadable_table_does_not_cost_the_rest(monkeypatch):
    """A parser failing on one table leaves a finding naming the table and its line."""
    from budgetkg.model.report import TableKind
    from budgetkg.parse import report as report_module

    def broken(block, ctx):
        raise ValueError("cells out of order")

    monkeypatch.setitem(report_module.DIRECT_PARSERS, TableKind.THREE_PUBLIC, broken)
    report = process_document(document_from_text(SAMPLES["004"].read_text(encoding="utf-8"), name="004.txt"))
    finding = next(f for f in report.findings if f.check == "table-unreadable")
    assert finding.table == "three-public" and finding.source.line == 346
    assert report.table(TableKind.EXPENDITURE) is not None and len(report.table(TableKind.EXPENDITURE).rows) == 13
