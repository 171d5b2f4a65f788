"""The vocabulary of answer columns: what a column named ``total`` or ``source`` holds, its
Chinese and English titles, and how much a reader loses when it is left out.

One registry for every question (canned, graph answers, ad-hoc SPARQL with the same variable
names): the same column name means the same thing everywhere, so titles are written once. A name
the registry lacks is shown as itself, as text.
"""
from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class ColumnKind(str, Enum):
    MONEY = "money"    # 元, exact decimal: right-aligned, thousands separators, --unit yuan|wan
    NUMBER = "number"  # counts, rates, scores, figures as printed: right-aligned, separators
    CODE = "code"      # codes, years, page and line numbers, check ids: as printed, never wrapped
    TEXT = "text"      # names and messages: left-aligned, wrapped to fit


@dataclass(frozen=True)
class Column:
    name: str
    zh: str
    en: str
    kind: ColumnKind = ColumnKind.TEXT
    keep: int = 5          # 1 = first to leave a narrow terminal … 9 = never before the others
    zh_text: str = ""      # the title when a MONEY/NUMBER column holds text (projects: 项目 vs 项目支出)

    def title(self, lang: str, as_text: bool = False) -> str:
        if lang == "zh":
            return self.zh_text if as_text and self.zh_text else self.zh
        return self.en


M, N, C, T = ColumnKind.MONEY, ColumnKind.NUMBER, ColumnKind.CODE, ColumnKind.TEXT

COLUMNS: dict[str, Column] = {c.name: c for c in (
    Column("source", "来源文件", "source", T, 5),
    Column("department", "部门", "department", T, 8),
    Column("year", "年度", "year", C, 8),
    Column("kind", "类型", "kind", T, 6),
    Column("total_income", "收入总计", "total income", M, 7),
    Column("total_expenditure", "支出总计", "total expenditure", M, 7),
    Column("unit", "单位", "unit", T, 6),
    Column("relation", "关系", "relation", T, 5),
    Column("authorized", "编制数", "authorized", N, 6),
    Column("actual", "实际", "actual", N, 6),
    Column("in_service", "在职人数", "in service", N, 5),
    Column("retired", "离退休人数", "retired", N, 5),
    Column("code", "科目编码", "code", C, 8),
    Column("name", "科目名称", "name", T, 8),
    Column("total", "合计", "total", M, 9),
    Column("basic", "基本支出", "basic", M, 7),
    Column("project", "项目支出", "project", M, 7, zh_text="项目"),
    Column("personnel", "人员经费", "personnel", M, 6),
    Column("public", "公用经费", "public", M, 6),
    Column("amount", "金额", "amount", M, 9),
    Column("overseas", "因公出国（境）费", "overseas", M, 6),
    Column("vehicle_purchase", "公务用车购置费", "vehicle purchase", M, 6),
    Column("vehicle_operation", "公务用车运行维护费", "vehicle operation", M, 6),
    Column("reception", "公务接待费", "reception", M, 6),
    Column("severity", "严重程度", "severity", C, 8),
    Column("page", "页", "page", C, 6),
    Column("line", "行", "line", C, 6),
    Column("match", "命中文本", "match", T, 9),
    Column("entity", "实体", "entity", T, 3),
    Column("table", "表", "table", T, 5),
    Column("row", "行项目", "row", T, 5),
    Column("check", "检查", "check", C, 6),
    Column("message", "说明", "message", T, 8),
    Column("expected", "应为", "expected", N, 4),
    Column("found", "实为", "found", N, 4),
    Column("level1", "一级指标", "level 1", T, 3),
    Column("level2", "二级指标", "level 2", T, 4),
    Column("indicator", "三级指标", "indicator", T, 8),
    Column("target", "指标值", "target", T, 7),
    Column("comparator", "比较", "comparator", T, 3),
    Column("value", "值", "value", N, 4),
    Column("weight", "分值", "weight", N, 5),
    Column("score", "得分", "score", N, 6),
    Column("item", "项目", "item", T, 8),
    Column("budget", "预算数", "budget", M, 8),
    Column("final", "决算数", "final", M, 8),
    Column("difference", "差额", "difference", M, 7),
    Column("rate", "差异率（%）", "rate (%)", N, 6),
    Column("subject", "事项", "subject", T, 8),
    Column("direction", "增减", "direction", T, 6),
    Column("percent", "百分比", "percent", N, 6),
    Column("basis", "比较基础", "basis", T, 4),
    Column("reason", "原因", "reason", T, 5),
    Column("document", "文件", "document", T, 9),
    Column("title", "标题", "title", T, 4),
    Column("projects", "项目数", "projects", N, 6, zh_text="项目"),
    Column("reports", "报告", "reports", T, 4),
    # `budgetkg questions`
    Column("question", "问题", "question", T, 9),
    Column("parameters", "参数", "parameters", T, 5),
    Column("columns", "列", "columns", T, 4),
    Column("description", "说明", "description", T, 2),
    # graph answers (budgetkg graph …)
    Column("unpriced", "无金额项目", "unpriced", N, 3),
    Column("departments", "部门数", "departments", N, 5),
    Column("community", "群组", "community", C, 9),
    Column("largest_class", "最大类", "largest class", T, 5),
    Column("share", "占比（%）", "share (%)", N, 5),
    Column("similarity", "相似度", "similarity", N, 6),
    Column("similar_department", "相似部门", "similar department", T, 9),
    Column("shared_classes", "共同类", "shared classes", T, 3),
    Column("path", "层级路径", "path", T, 8),
    Column("depth", "层级", "depth", C, 6),
    Column("units_under", "下属数", "units under", N, 5),
    Column("siblings", "同级数", "siblings", N, 4),
    # over years and across reports (trend, top-changes, project-history)
    Column("scope", "范围", "scope", T, 4),
    Column("previous", "上年", "previous", M, 7),
    Column("current", "本年", "current", M, 8),
    Column("change", "增减", "change", M, 8),
    Column("first_year", "首年", "first year", C, 5),
    Column("last_year", "末年", "last year", C, 6),
    Column("years", "年份", "years", T, 5),
    Column("last_amount", "末年金额", "last amount", M, 7),
    Column("status", "状态", "status", T, 6),
    Column("continues", "承接项目", "continues", T, 3),
    # the figures of a row budgetkg computed (budgetkg.query.derived): marked, not shown, in tables
    Column("derived", "推算数", "derived", T, 1),
)}

def column(name: str) -> Column:
    """The column ``name``; an unknown name is text titled by itself."""
    return COLUMNS.get(name) or Column(name, name, name)


#: Controlled values as a Chinese reader reads them (the terminal with ``--lang zh``): the value a
#: column holds → its zh label. The values are the enums' (budgetkg.model) and the questions'
#: own words; CSV and JSON keep the values themselves, which are the contract.
VALUE_ZH: dict[str, dict[str, str]] = {
    "kind": {"budget": "预算", "final": "决算"},
    "severity": {"error": "错误", "warning": "警告", "info": "提示", "notice": "说明"},
    "relation": {"internal": "内设机构", "subordinate": "下属单位"},
    "scope": {"department": "部门", "unit": "单位"},
    "direction": {"increase": "增加", "decrease": "减少", "flat": "持平", "unspecified": "未说明"},
    "basis": {"budget": "预算数", "execution": "执行数", "final": "决算数", "unstated": "上年数",
              "budget-report": "预算报告", "stated": "决算报告所列"},
    "status": {"new": "新增", "recurring": "延续", "disappeared": "不再出现", "once": "仅一年"},
}


def value_label(name: str, value: str, lang: str) -> str:
    """``value`` of column ``name`` as shown in ``lang`` (zh: the Chinese word for a controlled value)."""
    if lang != "zh":
        return value
    return VALUE_ZH.get(name, {}).get(value, value)
