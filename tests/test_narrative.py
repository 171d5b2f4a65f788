"""Narrative facts (spaCy, rule-based): scored against gold written from the reports."""
from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from budgetkg import read_report
from budgetkg.check.evaluate import DEFAULT_GOLD, evaluate
from budgetkg.parse.narrative import normalise_policy_number
from budgetkg.query.questions import ask
from budgetkg.text.nlp.component import pipeline

from .conftest import SAMPLES


def test_extraction_matches_the_hand_written_gold():
    scores = {s.kind: s for s in evaluate([read_report(p) for p in SAMPLES.values()], DEFAULT_GOLD)}
    assert scores["changes"].gold == 60 and scores["policies"].gold == 15 and scores["project fields"].gold == 110
    for s in scores.values():
        assert (s.precision, s.recall) == (1.0, 1.0), s


def test_change_statement_fields():
    c = next(c for c in read_report(SAMPLES["000"]).changes if c.code == "2013202")
    # "一般行政管理事务（项）:2021 年预算数为 2106.62 万元，比上年预算减少 1142.38 万元，减少 35.16%，
    #  主要原因是：干部培训及档案信息化工作、远程教育工作、人才工作、基层党工委党建工作等经费压缩。"
    assert (c.direction, c.amount.yuan, str(c.percent), c.basis) == ("decrease", 11423800, "35.16", "上年预算")
    assert c.reason == "干部培训及档案信息化工作、远程教育工作、人才工作、基层党工委党建工作等经费压缩"
    assert c.current.printed == Decimal("2106.62")


def test_policy_numbers_are_normalised_whatever_the_brackets():
    for printed in ("乌财行(2020)23号", "乌财行 [2020] 23 号", "乌财行【2020】23号", "乌财行〔2020〕23 号",
                    "乌财行（2020）23号"):
        assert normalise_policy_number(printed) == "乌财行〔2020〕23号"


def test_the_same_document_cited_by_two_reports_is_one_resource(tmp_path):
    from budgetkg import Settings, ingest
    from budgetkg.load.store import BudgetStore
    copy = tmp_path / "copy_of_000.txt"
    # another department's report (the same one would be refused as a duplicate)
    copy.write_text(SAMPLES["000"].read_text(encoding="utf-8").replace("乌财行〔2019〕134 号", "乌财行[2019]134号")
                    .replace("组织部", "宣传部"), encoding="utf-8")
    settings = Settings.load(store=tmp_path / "s")
    ingest([SAMPLES["000"], copy], settings)
    rows = {r[0]: r for r in ask(BudgetStore(settings.store, read_only=True), "policy-documents").rows}
    assert rows["乌财行〔2019〕134号"][2] == "四老金"
    assert set(rows["乌财行〔2019〕134号"][3].split("; ")) == {SAMPLES["000"].name, "copy_of_000.txt"}


def test_projects_are_linked_and_cite_their_policies():
    projects = {d.name: d for d in read_report(SAMPLES["000"]).projects}
    assert projects["四老金"].policies == ("乌党发〔2017〕9号", "乌财行〔2019〕134号")
    assert projects["四老金"].link.method == "name"
    # the narrative's "“访惠聚”人员补助" is the table's "“访惠聚”工作队队员补助": same amount, 32.4 万元
    assert projects["“访惠聚”人员补助"].link.method == "amount"


def test_narrative_and_table_disagreements_are_findings():
    f000 = [f for f in read_report(SAMPLES["000"]).findings if f.check == "narrative-vs-table"]
    # "收入预算 2715.76 万元，其中：一般公共预算 2624.6 万元" while 表一 lists 一般公共预算 2,715.76
    # and l.999 "一般公共预算支出包括：一般公共服务支出2715.76万元" — class 201 is 2624.60 in every table
    assert [(f.row, f.expected, f.found) for f in f000] == [("一般公共预算", "27157600", "26246000"),
                                                            ("201", "26246000", "27157600")]
    f004 = [f for f in read_report(SAMPLES["004"]).findings if f.check == "narrative-vs-table"]
    assert [(f.row, f.expected, f.found) for f in f004] == [("一般公共预算", "5950800", "5644800")]


def test_asset_figures_from_the_narrative():
    figures = {f.key: f for f in read_report(SAMPLES["000"]).figures}
    # "2.车辆 3 辆，价值 51.6 万元；其中：一般公务用车 3 辆，价值 51.6 万元 … 3.办公家具价值 22 万元。
    #  4.其他资产价值 143.4 万元。"
    assert (figures["vehicles"].quantity, figures["vehicles"].amount.yuan) == (3, 516000)
    assert (figures["official_vehicles"].quantity, figures["official_vehicles"].amount.yuan) == (3, 516000)
    assert figures["furniture"].amount.yuan == 220000 and figures["other_assets"].amount.yuan == 1434000
    assert figures["buildings"].quantity == 0 and figures["equipment_over_100"].quantity == 0


def test_pipeline_is_offline_and_rule_based():
    nlp = pipeline()
    assert nlp.lang == "zh" and nlp.pipe_names == ["budgetkg_facts"]
    assert nlp.tokenizer.segmenter == "jieba"
    doc = nlp("基本支出576.74万元，比上年预算增加129.64万元，增长29%，主要原因是部门人员增加。")
    fact = doc.spans["changes"][0]._.fact
    assert (fact["direction"], fact["amount"], fact["percent"], fact["reason"]) == ("increase", "129.64", "29", "部门人员增加")


def test_implementing_units_are_organisations():
    projects = {d.name: d.implementer for d in read_report(SAMPLES["001"]).projects}
    # "项目承担单位：新疆智慧城市工程技术研究中心（有限公司）" is an outside organisation;
    # "乌鲁木齐高新技术产业开发区（乌鲁木齐市新市区）政务服务管理局" is the department itself
    assert projects["咨询外包服务费"] == ("external", "新疆智慧城市工程技术研究中心（有限公司）")
    assert ("department", "乌鲁木齐高新技术产业开发区（乌鲁木齐市新市区）政务服务管理局") in projects.values()
    # "高新区（新市区）委员会组织部" is the department's short form
    assert {d.implementer[0] for d in read_report(SAMPLES["000"]).projects} == {"department"}


def test_procurement_figures_of_a_budget():
    figures = {f.key: f.amount.yuan for f in read_report(SAMPLES["000"]).figures if f.amount}
    # "政府采购预算 0 万元 … 面向中小企业预留政府采购项目预算金额 0 万元"
    assert figures["procurement_total"] == 0 and figures["sme_reserved"] == 0


def test_structure_statements():
    shares = [(s.subject, s.code, str(s.amount.printed), str(s.percent)) for s in read_report(SAMPLES["000"]).shares]
    # "基本支出 576.74 万元，占 21.23%"; "4.公共安全（类）其他公共安全支出（款）其他公共安全支出（项）61.25 万元，占 2.26%"
    assert ("基本支出", None, "576.74", "21.23") in shares
    assert ("公共安全（类）其他公共安全支出（款）其他公共安全支出（项）", "2049999", "61.25", "2.26") in shares
    # "组织事物" is a misprint of 组织事务: one character off still resolves
    assert ("一般公共服务（类）组织事物（款）行政运行（项）", "2013201", "485.58", "17.88") in shares


def test_change_statements_of_another_region():
    """"与2023年度相比，收入支出总计增加 307.82 万元，增长 100.00%" names its subject after the basis."""
    changes = [(c.subject, c.direction, c.amount.yuan, str(c.percent), c.basis)
               for c in read_report(Path(__file__).parent.parent / "data" / "pdf" / "putuo_social_work_2024_final.pdf").changes]
    assert ("收入支出总计", "increase", 3078200, "100.00", "上年") in changes
    assert ("机关运行经费支出", "increase", 102300, "100.00", "上年") in changes


def test_rounding_of_a_printed_figure_is_not_a_disagreement():
    from budgetkg.parse.narrative import differs
    from budgetkg.text.amounts import to_amount
    assert not differs(Decimal("91016775.35"), to_amount(Decimal("9101.68"), "万元"))
    assert differs(Decimal("27157600"), to_amount(Decimal("2624.6"), "万元"))
