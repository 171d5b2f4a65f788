"""A stored report as an Excel workbook (issue 24): `budgetkg export --format xlsx`.

Two real reports of the corpus, the figures read from their rendered pages:
- 上海市普陀区人民政府办公室 2025 budget, page 11, 2025年部门支出预算总表 (单位：元): 201 一般公共服务支出
  82,096,797.42 | 15,686,797.42 | 66,410,000.00; 2010301 行政运行 12,029,501.84 | 11,919,501.84 |
  110,000.00; 2080599 其他行政事业单位养老支出 14,820.00 | 14,820.00 | (blank); columns 合计 基本支出 项目支出.
- 中共上海市普陀区委社会工作部 2024 final account, page 8, 支出决算表 (单位：万元): 合计 307.82 | 105.58 |
  202.24; 2013999 其他社会工作事务支出 202.24 | (blank) | 202.24; columns 本年支出合计 基本支出 项目支出
  上缴上级支出 经营支出 对附属单位补助支出; the table runs on to page 9 (2101101 行政单位医疗 2.22).
"""
from __future__ import annotations

import openpyxl
import pytest
from typer.testing import CliRunner

from budgetkg import Settings, ingest
from budgetkg.cli.main import app

from .corpus import corpus_path

BUDGET = "上海市普陀区人民政府办公室25年预算.pdf"
FINAL = "中共上海市普陀区委社会工作部 2024 年度部门决算.pdf"


@pytest.fixture(scope="module")
def putuo_store(tmp_path_factory):
    path = tmp_path_factory.mktemp("putuo")
    result = ingest([corpus_path("pdf", BUDGET), corpus_path("pdf", FINAL)], Settings.load(store=path))
    assert not result.errors
    return path


def _export(store, *args):
    return CliRunner().invoke(app, ["export", "--format", "xlsx", "--store", str(store), *args])


def _rows(sheet):
    return [[c.value for c in row] for row in sheet.iter_rows()]


def _row(sheet, code_or_name):
    return next(r for r in sheet.iter_rows() if code_or_name in (r[0].value, r[1].value))


def test_one_report_gives_its_tables_as_printed(putuo_store, tmp_path):
    out = tmp_path / "budget.xlsx"
    result = _export(putuo_store, "-r", BUDGET, "-o", str(out), "--lang", "zh")
    assert result.exit_code == 0, result.output
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames[0] == "报告" and wb.sheetnames[-1] == "核查发现"
    sheet = wb["2025年部门支出预算总表"]
    assert sheet["A1"].value == "2025年部门支出预算总表"
    assert "元" in sheet["A2"].value and "11" in sheet["A2"].value  # unit and page
    assert [c.value for c in sheet[3]][:5] == ["科目编码", "科目名称", "合计", "基本支出", "项目支出"]
    assert sheet.freeze_panes == "C4"
    row = _row(sheet, "201")
    assert [row[0].value, row[1].value] == ["201", "一般公共服务支出"]
    assert [float(c.value) for c in row[2:5]] == [82096797.42, 15686797.42, 66410000.0]
    assert row[0].number_format == "@" and row[2].number_format == "#,##0.00"
    assert row[5].value == 11  # the page it is printed on
    running = _row(sheet, "2010301")
    assert [float(c.value) for c in running[2:5]] == [12029501.84, 11919501.84, 110000.0]
    pension = _row(sheet, "2080599")
    assert [float(pension[2].value), float(pension[3].value), pension[4].value] == [14820.0, 14820.0, None]
    codes = [r[0] for r in _rows(sheet)[3:] if r[0]]
    assert codes.index("201") < codes.index("2010301") < codes.index("208") < codes.index("2080599")
    index = _rows(wb["报告"])
    listed = next(r for r in index if r[1] == "2025年部门支出预算总表")
    assert listed[2:4] == ["元", "11–12"]


def test_a_final_account_in_wan_with_its_decimals_and_pages(putuo_store, tmp_path):
    out = tmp_path / "final.xlsx"
    assert _export(putuo_store, "-r", FINAL, "-o", str(out), "--lang", "zh").exit_code == 0
    wb = openpyxl.load_workbook(out)
    sheet = wb["支出决算表"]
    assert "万元" in sheet["A2"].value and "8–9" in sheet["A2"].value
    heads = [c.value for c in sheet[3]]
    assert heads[2:5] == ["合计", "基本支出", "项目支出"]  # the printed order
    assert heads.index("上缴上级支出") < heads.index("对附属单位补助支出")
    total = _row(sheet, "合计")
    assert [float(c.value) for c in total[2:5]] == [307.82, 105.58, 202.24]
    assert total[2].number_format == "#,##0.00"
    other = _row(sheet, "2013999")
    assert [float(other[2].value), other[3].value, float(other[4].value)] == [202.24, None, 202.24]
    assert _row(sheet, "2101101")[heads.index("页码")].value == 9
    findings = _rows(wb["核查发现"])
    assert findings[0][:6] == ["严重程度", "核查规则", "规则名称", "说明", "页码", "行"]


def test_several_reports_give_one_workbook_each_in_a_folder(putuo_store, tmp_path):
    result = _export(putuo_store, "-o", str(tmp_path / "books"))
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "books").iterdir()) == [
        "上海市普陀区人民政府办公室25年预算.xlsx", "中共上海市普陀区委社会工作部_2024_年度部门决算.xlsx"]


def test_several_reports_into_one_file_is_refused_in_one_line(putuo_store, tmp_path):
    result = _export(putuo_store, "-o", str(tmp_path / "all.xlsx"))
    assert result.exit_code == 2
    assert "2 reports make 2 workbooks" in result.output and "Traceback" not in result.output
    assert not (tmp_path / "all.xlsx").exists()
