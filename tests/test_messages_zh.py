"""Issue 24 point 6: `--lang zh` says every finding in Chinese. The checks run after parsing write
their own Chinese message; the findings written while reading (table arithmetic, code lists,
column placement …) get theirs from the catalogue beside the registry (budgetkg/check/messages_zh.py).
data/001 prints line 475 "302 13 维修（户）费 0.03 0.03" where the code list says 30213 维修（护）费."""
from __future__ import annotations

from typer.testing import CliRunner

from budgetkg.check.messages_zh import CATALOGUE, catalogued, message_zh
from budgetkg.check.registry import CHECKS
from budgetkg.cli.main import app

from .conftest import SAMPLES


def test_catalogue_names_only_registered_checks():
    assert set(CATALOGUE) <= set(CHECKS)


def test_table_arithmetic_in_chinese_keeps_the_figures():
    en = ("the rows under it do not add up in column total (within the rounding of the printed figures): "
          "expected 174900.64 万元, found 174900.63 万元")
    assert catalogued("children-sum", en) == \
        "下级各行在“合计”列之和不等于本行（在印出数的舍入范围内）：应为174900.64万元，实为174900.63万元"
    assert catalogued("row-sum", "the row's parts do not add up to its total: expected 5 元, found nothing") == \
        "本行各项之和不等于合计：应为5元，实为空"


def test_code_list_messages_in_chinese():
    assert catalogued("code-not-in-list", "code 2160299 is not in the shipped functional code list; kept with "
                                          "the report's name '其他商业流通事务支出'") == \
        "科目编码2160299不在随附的功能分类科目表中；按报告所印名称“其他商业流通事务支出”保留"


def test_a_check_that_wrote_chinese_keeps_it_and_an_unknown_sentence_gets_the_title():
    assert message_zh("row-sum", "anything", "已写的中文") == "已写的中文"
    assert message_zh("row-sum", "a sentence no pattern knows") == "行内各项之和不等于合计：a sentence no pattern knows"


def test_check_and_ask_findings_say_the_name_slip_in_chinese(sample_store):
    runner = CliRunner()
    checked = runner.invoke(app, ["check", str(SAMPLES["001"]), "--lang", "zh", "--wide", "--info"])
    assert "科目编码30213在科目表中为“维修（护）费”，报告印为“维修（户）费”" in checked.output
    asked = runner.invoke(app, ["ask", "findings", "--store", str(sample_store.path), "--lang", "zh", "-f", "csv"])
    assert asked.exit_code == 0
    assert "科目编码30213在科目表中为“维修（护）费”，报告印为“维修（户）费”" in asked.output
    english = runner.invoke(app, ["ask", "findings", "--store", str(sample_store.path), "-f", "csv"])
    assert "code 30213 is '维修（护）费' in the code list but printed as '维修（户）费'" in english.output
