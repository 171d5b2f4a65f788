"""Comparison words, shares of a list and changes stated beside the sentence before (issue 23).

Each text is a real report's sentence (the report named), with the slip a reviewer finds planted
back where the report printed the right word or figure; the clean sentence says nothing.
"""
from __future__ import annotations

from budgetkg.check import run_checks
from budgetkg.errors import ParseError
from budgetkg.model.report import Organization, Report, ReportKind
from budgetkg.parse.report import parse_segments
from budgetkg.segment.blocks import segment
from budgetkg.sources.text import document_from_text

HEAD = "测试局2026年部门预算\n第一部分 部门概况\n一、主要职能\n负责本部门工作。\n第二部分 2026年部门预算情况说明\n"
NEW = {"comparison-word", "share-list", "change-percent-context", "restated-change", "share-of-table-total"}


def _found(prose: str) -> list[tuple[str, str | None]]:
    doc = document_from_text(HEAD + prose, name="t.txt")
    seg = segment(doc)
    try:
        report = parse_segments(seg)
    except ParseError:  # no tables: the prose alone
        report = Report(source_name="t.txt", sha256="", department=Organization("测试局"),
                        kind=ReportKind.BUDGET, year=2026)
    return [(f.check, f.found) for f in run_checks(report, seg) if f.check in NEW]


def test_comparison_word_contradicting_its_own_percentage():
    # bj_tjj_2026_budget.pdf p.5: "比 2025 年…年初预算减少 38.97 万元，下降 34.56%"
    clean = "一、2026 年财政拨款“三公”经费预算 73.79 万元，比 2025 年财政拨款“三公”经费年初预算减少 38.97 万元，下降 34.56%。\n"
    assert _found(clean) == []
    assert _found(clean.replace("预算减少", "预算增加")) == [("comparison-word", "下降")]


def test_comparison_word_against_the_two_years_figures():
    # 2026年长春市信访局部门预算.pdf: 7.61 (2026) against 9.23 (2025) is a decrease
    clean = "一、2026年“三公经费”预算数为7.61万元，2025年预算数为9.23万元，和2025年相比预算减少1.62万元。\n"
    assert _found(clean) == []
    assert _found(clean.replace("预算减少", "预算增加")) == [("comparison-word", "增加")]


def test_comparison_word_against_the_parts_of_the_change():
    # 2026年重庆市水利局部门预算.pdf p.2: 5246.63 − 251675.84 = −246429.21
    clean = ("一、支出比 2025 年减少 246429.22 万元，主要是基本支出增加 5246.63 万元，"
             "项目支出减少 251675.84 万元。\n")
    assert _found(clean) == []
    assert _found(clean.replace("年减少", "年增加")) == [("comparison-word", "增加")]


def test_comparison_word_of_no_change():
    # 2026年泉州市公安局部门预算.pdf / 2026年重庆市气象局部门预算.pdf: 持平 of 0 and of a 0 item
    clean = "一、2026 年预算安排 0.00 万元，比上年增加 0.00 万元，增长 0.00%，与上年持平。\n"
    assert _found(clean) == []
    assert _found(clean.replace("与上年持平", "与上年增加")) == [("comparison-word", "增加")]
    assert _found("一、公务用车购置费0万元,与上年增加。\n") == [("comparison-word", "增加")]


def test_share_that_misses_the_whole_the_other_shares_agree_on():
    # 002_f1ed97f4e2f2ffaa.txt: the list's total is in the section before; the parts add up to it
    clean = ("（二）一般公共预算当年拨款结构情况\n1.公共安全支出 120.05 万元；占 0.83%；\n"
             "2. 社会保障和就业支出 14231.84 万元，占 98.41%\n3.城乡社区支出 110 万元，占 0.76%\n")
    assert _found(clean) == []
    assert _found(clean.replace("98.41", "99.41")) == [("share-list", "99.41%")]


def test_shares_nudged_to_add_up_to_100_are_not_findings():
    # huz_czj_2026_budget.pdf p.6: 5356.01 ÷ 6838.41 is 78.32 %, printed 78.4 so the list adds up to 100
    assert _found("一、一般公共服务（类）支出5356.01万元，占78.4%；社会保障和就业（类）支出796.52万元，占11.6%；"
                  "卫生健康（类）支出265.81万元，占3.9%；住房保障（类）支出420.07万元，占6.1%。\n") == []


def test_change_percentage_on_the_figure_of_the_sentence_before():
    # 江苏省人大常委会2019年度部门预算公开.pdf: 1435.14 ÷ (9312.9 − 1435.14) = 18.22 %
    clean = "一、此外，基本支出预算数为9312.9万元。与上年相比增加1435.14万元，增长18.22%。\n"
    assert _found(clean) == []
    assert _found(clean.replace("18.22", "18.32")) == [("change-percent-context", "18.32%")]


def test_difference_rate_of_budget_and_final_account():
    # 003_1653eecb287bc093.txt: (2,417.96 − 3,163.77) ÷ 3,163.77 = −23.57 %
    clean = "一、与年初预算相比，年初预算数 3,163.77 万元，决算数 2,417.96 万元，预决算差异率-23.57%。\n"
    assert _found(clean) == []
    assert _found(clean.replace("23.57", "23.27")) == [("change-percent-context", "-23.27%")]


def test_final_figure_said_to_exceed_a_larger_budget():
    # 中共上海市普陀区委社会工作部 2024 年度部门决算.pdf p.9: 17.70 is less than 18.12
    clean = ("8、住房保障支出（类）住房改革支出（款）住房公积金（项）。主要用于：事业单位医疗保险支出。全年预算为 18.12 万元，"
             "支出决算为 17.70 万元，完成全年预算数的 97.68%。决算数小于全年预算数的主要原因：单位 2024 年新成立。\n")
    assert _found(clean) == []
    assert _found(clean.replace("决算数小于", "决算数大于")) == [("comparison-word", "大于")]


def test_change_whose_parts_run_on_over_semicolons():
    # 2026年重庆市人民政府办公厅部门预算.pdf p.2: 2,781.90 + 2.48 = 2,784.38, an increase
    clean = ("（一）收入预算。收入比 2025 年增加 2,784.38 万元，其中：一般公共预算财政拨款增加 2,781.90 万元，"
             "主要是增加了重庆市“12345 一号通”政务服务便民热线运营项目二期预算；事业收入增加 2.48 万元，主要是按政策要求。\n")
    assert _found(clean) == []
    assert _found(clean.replace("年增加", "年减少")) == [("comparison-word", "减少")]


def test_change_percentage_on_the_base_it_names():
    # bj_tjj_2026_budget.pdf p.5: 5478.54 ÷ 45557.68 = 12.03 %
    clean = "一、2026 年支出预算 51036.22 万元，比 2025 年年初预算数 45557.68 万元增加 5478.54 万元，增长 12.03%。\n"
    assert _found(clean) == []
    assert _found(clean.replace("12.03", "42.03")) == [("change-percent-context", "42.03%")]


def test_share_list_printed_one_item_a_sentence():
    # 001_d3afeb68bfe32549.txt: "1.一般公共服务（类）237.95 万元，占 89.35%。" one line each
    clean = ("（二）一般公共预算当年拨款结构情况\n1.一般公共服务（类）237.95 万元，占 89.35%。\n"
             "2.公共安全支出（类）19.60 万元，占 7.36%。\n3.社会保障和就业支出（类）8.77 万元，占 3.29%。\n")
    assert _found(clean) == []
    assert _found(clean.replace("89.35", "88.35")) == [("share-list", "88.35%")]


def test_share_of_a_total_whose_parts_run_on_one_a_sentence():
    # 002_f1ed97f4e2f2ffaa.txt p.24-25: 13152.61 ÷ 14461.89 = 90.95 %, the part in the sentence after the first
    clean = ("高新区人力资源和社会保障局单位 2021 年支出预算 14461.89 万元，其中：\n"
             "基本支出 1309.28 万元，占 9.05 %，比上年减少 74.55 万元，主要原因是在职人员减少。\n"
             "项目支出 13152.61 万元，占 90.95%，比上年减少 1535.78 万元，主要原因是减少项目经费。\n")
    assert _found(clean) == []
    assert _found(clean.replace("90.95", "99.95")) == [("share-list", "99.95%")]


def test_share_list_with_one_share_nudged_and_one_wrong():
    # 中共上海市普陀区委社会工作部 2024 年度部门决算.pdf p.12: 29.42 ÷ 307.82 = 9.5575 % is printed 9.55 %
    # (a nudge, no finding); 10.82 ÷ 307.82 = 3.52 %
    clean = ("一般公共预算财政拨款支出 307.82 万元，主要用于以下方面：一般公共服务支出（类）264.87 万元，占 86.05%；"
             "社会保障和就业支出（类）10.82 万元，占 3.52%；卫生健康支出（类）2.71 万元，占 0.88%；"
             "住房保障支出（类）29.42 万元，占 9.55%。\n")
    assert _found(clean) == []
    assert _found(clean.replace("3.52", "3.92")) == [("share-list", "3.92%")]


def test_restated_change_told_once_in_the_other_direction():
    # 上海市普陀区人民政府办公室单位25年预算.pdf p.6: the one figure and change told three times, all 减少
    clean = ("2025年，上海市普陀区人民政府办公室收入预算9,101.68万元，其中：财政拨款收入9,101.68万元，"
             "比2024年预算减少2,389.52万元；事业收入0万元；其他收入0万元。\n"
             "支出预算9,101.68万元，其中：财政拨款支出预算9,101.68万元，比2024年预算减少2,389.52万元。"
             "财政拨款支出预算中，一般公共预算拨款支出预算9,101.68万元，比2024年预算减少2,389.52万元；"
             "政府性基金拨款支出预算0万元，比2024年预算持平。\n")
    assert _found(clean) == []
    flipped = clean.replace("一般公共预算拨款支出预算9,101.68万元，比2024年预算减少",
                            "一般公共预算拨款支出预算9,101.68万元，比2024年预算增加")
    assert _found(flipped) == [("restated-change", "增加")]
    # two tellings that disagree say nothing of which is wrong
    two = clean.replace("财政拨款收入9,101.68万元，比2024年预算减少2,389.52万元", "财政拨款收入9,101.68万元")
    assert _found(two.replace("支出预算9,101.68万元，比2024年预算减少", "支出预算9,101.68万元，比2024年预算增加", 1)) == []


def test_two_shares_one_wrong():
    # 2026年长春市信访局部门预算.pdf p.9: 474.56 ÷ (1208.20 + 474.56) = 28.20 %
    clean = ("2026年预算支出1682.76万元，其中基本支出预算1208.20万元，占部门预算总支出的71.80%；"
             "项目支出预算474.56万元，占部门预算总支出的28.20%。\n")
    assert _found(clean) == []
    assert _found(clean.replace("28.20", "22.20")) == [("share-list", "22.20%")]


def test_share_list_whose_whole_only_the_shares_agree_on():
    # 江苏省人大办公厅2017年度预算公开.pdf p.17: all three shares of a “三公” whole of about 2543 万元
    clean = ("江苏省人大常委会办公厅 2017 年度一般公共预算拨款安排的“三公”经费预算支出中，因公出国（境）费支出 222.5 万元，"
             "占“三公”经费的 8.75%；公务用车购置及运行费支出 183.6 万元，占“三公”经费的 7.22%；公务接待费支出 427.5 万元，"
             "占“三公”经费的 16.81%。\n")
    assert _found(clean) == []
    assert _found(clean.replace("8.75", "8.95")) == [("share-list", "8.95%")]


def test_change_percentage_after_a_name_with_yu():
    # hz_qxj_2026_budget.pdf p.8: 113.53 ÷ (28.00 + 113.53) = 80.2 %; "技术研究与开发" is a name, not a basis
    clean = ("（1）科学技术支出（类）技术研究与开发（款）科技成果转化与扩散（项）28.00 万元，主要用于数智气象项目。"
             "比上年执行数减少 113.53 万元，下降 80.2%，主要原因是项目建设已完成。\n")
    assert _found(clean) == []
    assert _found(clean.replace("80.2", "86.2")) == [("change-percent-context", "86.2%")]


def test_whole_change_against_parts_told_each_with_its_figure():
    # 2026年重庆市气象局部门预算.pdf p.3: 0 + 0.3 + 13.55 + 0 = 13.85 (complete), −5 − 0.45 = −5.45
    clean = ("四、“三公”经费情况说明\n2025年“三公”经费预算13.85万元,比2025年减少5.45万元。其中:因公出国（境）费用0万元,"
             "比2025年减少5万元,主要原因是压减出国经费;公务接待费0.3万元,与上年持平;公务用车运行维护费13.55万元,"
             "比2025年减少0.45万元;公务用车购置费0万元,与上年持平。\n")
    assert _found(clean) == []
    assert _found(clean.replace("比2025年减少5.45", "比2025年增加5.45")) == [("comparison-word", "增加")]
    assert _found(clean.replace("公务接待费0.3万元,与上年持平", "公务接待费0.3万元,与上年增加")) == [("comparison-word", "增加")]
