"""Answers taken to Excel and pandas (issue 24): --format xlsx, CSV with a BOM, budgetkg.open().

The figure checked is 组织部's (000) 一般公共服务支出 2,624.60 万元, as its 支出预算表 prints it."""
from __future__ import annotations

from decimal import Decimal

import openpyxl
from typer.testing import CliRunner

import budgetkg
from budgetkg.cli.main import app


def _ask(store, *args):
    return CliRunner().invoke(app, ["ask", *args, "--store", str(store.path)])


def test_xlsx_answer_has_titles_frozen_header_and_exact_amounts(sample_store, tmp_path):
    out = tmp_path / "f.xlsx"
    result = _ask(sample_store, "functional", "-d", "组织部", "-y", "2021", "-f", "xlsx", "-o", str(out), "--lang", "zh")
    assert result.exit_code == 0, result.output
    sheet = openpyxl.load_workbook(out).active
    assert sheet.title == "functional" and sheet.freeze_panes == "A2"
    heads = [c.value for c in sheet[1]]
    assert heads[:3] == ["来源文件", "科目编码", "科目名称"] and heads[3] == "合计（元）"
    row = next(r for r in sheet.iter_rows(min_row=2, values_only=True) if r[1] == "201")
    assert row[2] == "一般公共服务支出" and Decimal(str(row[3])) == Decimal("26246000")
    cell = next(c for c in sheet["D"][1:] if c.value is not None)
    assert cell.number_format == "#,##0.00"


def test_xlsx_in_wan_moves_the_point(sample_store, tmp_path):
    out = tmp_path / "w.xlsx"
    assert _ask(sample_store, "functional", "-d", "组织部", "-y", "2021", "-f", "xlsx", "-o", str(out),
                "--unit", "wan").exit_code == 0
    sheet = openpyxl.load_workbook(out).active
    row = next(r for r in sheet.iter_rows(min_row=2, values_only=True) if r[1] == "201")
    assert Decimal(str(row[3])) == Decimal("2624.6") and sheet["D1"].value == "total (wan)"


def test_csv_bom_for_excel(sample_store, tmp_path):
    out = tmp_path / "f.csv"
    assert _ask(sample_store, "functional", "-d", "组织部", "-f", "csv", "--bom", "-o", str(out)).exit_code == 0
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbfsource,code,name")
    plain = _ask(sample_store, "functional", "-d", "组织部", "-f", "csv")
    assert plain.stdout.startswith("source,code,name")


def test_pandas_api_keeps_decimals(sample_store):
    with budgetkg.open(sample_store.path) as kg:
        df = kg.ask("functional", department="组织部", year=2021)
        row = df[df.code == "201"].iloc[0]
        assert row["total"] == Decimal("26246000") and isinstance(row["total"], Decimal)
        words = kg.ask("组织部2021年一般公共服务支出")
        assert kg.understood.question == "functional" and set(words.code) <= set(df.code)
        assert list(kg.sparql("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").columns) == ["n"]
        assert "three-public" in set(kg.questions().question)


def test_pandas_api_searches_every_report(sample_store):
    """000 (组织部, 2021) prints 访惠聚 in its project descriptions (“访惠聚”工作队队员补助)."""
    with budgetkg.open(sample_store.path) as kg:
        df = kg.search("访惠聚", year=2021)
        assert len(df) and set(df.year) == {2021}
        assert df["match"].str.contains(r"\[访惠聚\]").any()
