"""The terminal view (issue 14 item 4): tables that fit, aligned exact figures, zh/en, honest counts.

Expected figures are read from the reports: sample 000's 表一 prints 收入总计 2715.76 万元
(27,157,600 元) and 201 一般公共服务支出 2624.6 万元; the Putuo office 2025 budget prints
201 一般公共服务支出 82,096,797.42 元.
"""
from __future__ import annotations

from decimal import Decimal

import pytest
from typer.testing import CliRunner

from budgetkg.cli.main import app
from budgetkg.cli.terminal import render, text_width, wrap
from budgetkg.query.columns import COLUMNS, ColumnKind
from budgetkg.query.questions import list_questions

from .conftest import SAMPLES

runner = CliRunner()


def _lines(text: str) -> list[str]:
    return text.rstrip("\n").split("\n")


# ---------------------------------------------------------------------------- renderer

def test_money_is_right_aligned_with_separators_in_yuan():
    out = _lines(render(("code", "total"), [("201", "26246000"), ("2013201", "4855800.5")], width=80))
    assert out[0].split() == ["code", "total", "(yuan)"]
    assert out[2].endswith("26,246,000.00") and out[3].endswith(" 4,855,800.50")
    assert len(out[2]) == len(out[3])  # right-aligned
    assert out[-1] == "2 rows"


def test_wan_is_exact_decimal_division_never_rounded():
    out = render(("amount",), [("82096797.42",), ("27157600",), ("",)], width=80, unit="wan")
    lines = _lines(out)
    assert lines[0].strip() == "amount (10k yuan)"
    assert "8,209.679742" in lines[2]          # every fen kept: 82,096,797.42 元
    assert lines[3].rstrip() == lines[3].rstrip(" ") and "2,715.76" in lines[3]
    assert lines[2].index(".") == lines[3].index(".")  # decimal points line up
    assert Decimal("8209.679742") * 10000 == Decimal("82096797.42")


def test_text_in_a_figure_column_is_shown_as_text():
    out = render(("projects",), [("四老金; 访惠聚",)], width=80, lang="zh")
    assert _lines(out)[0].strip() == "项目" and "四老金; 访惠聚" in out


def test_every_line_fits_the_width_and_dropped_columns_are_named():
    long = "一般公共服务支出" * 6
    rows = [(f"file-{i}.pdf", "201", long, "1000", "2000", "3000") for i in range(3)]
    out = render(("source", "code", "name", "total", "basic", "project"), rows, width=56)
    lines = _lines(out)
    assert all(text_width(line) <= 56 for line in lines[:-1])
    assert lines[-1] == "not shown to fit 56 columns: source (--wide shows all)"
    assert "一般公共服务支出" in out and "total" in out


def test_unit_is_said_once_when_that_keeps_the_source_column():
    """三公 at 100 columns dropped the source file (five money titles each ending "(yuan)"), so
    two rows of two reports could not be told apart."""
    columns = ("source", "total", "overseas", "vehicle_purchase", "vehicle_operation", "reception")
    rows = [("000_ff4e6f22e69eafef.txt", "0", "0", "0", "0", "0"),
            ("003_1653eecb287bc093.txt", "80700", "0", "0", "80700", "0")]
    lines = _lines(render(columns, rows, width=100))
    assert lines[0].split()[:2] == ["source", "total"] and "(yuan)" not in lines[0]
    assert lines[-1] == "2 rows; amounts in yuan"
    zh = _lines(render(columns, rows, width=100, lang="zh"))
    assert zh[-1] == "共 2 行；金额单位：元"
    assert "total (yuan)" in render(columns, rows, width=200)  # when everything fits, titles keep it


def test_an_ad_hoc_numeric_column_is_right_aligned_as_printed():
    lines = _lines(render(("n", "label"), [("2021", "a"), ("7", "b")], width=40))
    assert lines[2].startswith("2021") and lines[3].startswith("   7")  # no separators in a year


def test_wide_shows_every_column_unwrapped():
    long = "一般公共服务支出" * 6
    out = render(("source", "name", "total"), [("a.pdf", long, "1")], width=40, wide=True)
    assert long in out and "not shown" not in out


def test_zh_titles_and_messages():
    out = render(("source", "total"), [("a.pdf", "1")] * 2, width=12, lang="zh", unit="wan")
    lines = _lines(out)
    assert lines[0].strip() == "合计（万元）"
    at = lines.index("共 2 行")
    assert "".join(lines[at + 1:]).startswith("为适应 12 列宽未显示：来源文件")  # wrapped to the width too
    assert all(text_width(line) <= 12 for line in lines)


def test_wrap_breaks_chinese_anywhere_and_latin_at_spaces():
    assert wrap("一二三四五六", 4) == ["一二", "三四", "五六"]
    assert wrap("the amount is a decrease", 10) == ["the amount", "is a", "decrease"]
    assert all(text_width(x) <= 7 for x in wrap("组织事物 is printed for 组织事务", 7))


def test_every_canned_question_column_has_zh_and_en_titles():
    for q in list_questions():
        for c in q.columns:
            assert c in COLUMNS, (q.name, c)
            assert COLUMNS[c].zh and COLUMNS[c].en
    assert COLUMNS["total"].kind is ColumnKind.MONEY


# ---------------------------------------------------------------------------- CLI

@pytest.fixture(scope="module")
def store(tmp_path_factory):
    path = str(tmp_path_factory.mktemp("terminal-store"))
    result = runner.invoke(app, ["ingest", str(SAMPLES["000"]), str(SAMPLES["003"]), "--store", path, "-q"])
    assert result.exit_code == 0, result.output
    return path


def test_ask_fits_the_terminal_width(store):
    for columns in ("60", "100", "200"):
        result = runner.invoke(app, ["ask", "findings", "--store", store], env={"COLUMNS": columns})
        assert result.exit_code == 0
        lines = _lines(result.output)
        assert all(text_width(line) <= int(columns) for line in lines if not line.startswith("not shown"))


def test_ask_in_wan_and_chinese(store):
    result = runner.invoke(app, ["ask", "reports", "--store", store, "--unit", "wan", "--lang", "zh", "--wide"])
    assert result.exit_code == 0, result.output
    assert "收入总计（万元）" in result.output and "2,715.76" in result.output
    assert "共 2 行" in result.output


def test_ask_refuses_an_unknown_unit_or_language(store):
    result = runner.invoke(app, ["ask", "reports", "--store", store, "--unit", "euro"])
    assert result.exit_code == 2 and "unknown unit 'euro'" in result.output
    result = runner.invoke(app, ["ask", "reports", "--store", store, "--lang", "fr"])
    assert result.exit_code == 2 and "unknown language 'fr'" in result.output


def test_csv_is_untouched_by_the_table_options(store):
    result = runner.invoke(app, ["ask", "reports", "--store", store, "-f", "csv", "--unit", "wan"])
    assert f"{SAMPLES['000'].name},中共乌鲁木齐高新技术产业开发区（乌鲁木齐市新市区）委员会组织部,2021,budget,27157600,27157600" \
        in result.output


def test_ingest_summary_counts_what_it_lists_and_says_how_many_info_are_hidden(tmp_path):
    result = runner.invoke(app, ["ingest", str(SAMPLES["000"]), "--store", str(tmp_path / "s")])
    assert result.exit_code == 0
    head = next(line for line in result.output.splitlines() if line.startswith(SAMPLES["000"].name))
    listed = [line for line in result.output.splitlines() if line.startswith("  [")]
    assert f"{len(listed)} findings listed" in head
    shown_all = runner.invoke(app, ["ingest", str(SAMPLES["000"]), "--store", str(tmp_path / "s"), "--info"])
    all_listed = [line for line in shown_all.output.splitlines() if line.startswith("  [")]
    hidden = len(all_listed) - len(listed)
    assert hidden > 0 and f"{hidden} info hidden (--info)" in head


def test_questions_table_in_both_languages():
    en = runner.invoke(app, ["questions", "--wide"], env={"COLUMNS": "100"})
    zh = runner.invoke(app, ["questions", "--lang", "zh", "--wide"])
    assert en.exit_code == 0 and zh.exit_code == 0
    assert "Expenditure by function" in en.output and "支出功能分类" in zh.output
    assert _lines(zh.output)[0].split()[:2] == ["问题", "标题"]
    narrow = runner.invoke(app, ["questions"], env={"COLUMNS": "100"})
    assert all(text_width(line) <= 100 for line in _lines(narrow.output))


def test_check_table_fits_and_counts_hidden_findings():
    result = runner.invoke(app, ["check", str(SAMPLES["000"])], env={"COLUMNS": "80"})
    assert result.exit_code == 0, result.output
    assert all(text_width(line) <= 80 for line in _lines(result.output))
    assert "info/notice findings hidden" in result.output
