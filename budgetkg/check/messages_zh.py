"""The Chinese form of the finding messages that are written while reading (the kinds
:mod:`.reading` declares, and the table arithmetic of :mod:`.table_arithmetic`), in one catalogue
beside the registry (:mod:`.registry`), so ``--lang zh`` says every finding in Chinese.

The checks run after parsing write their Chinese message themselves (``CheckInput.add(check, en,
zh)``); the findings of the parsers and of the table arithmetic carry an English message only
(their sentences are assembled where the reading happens, deep in the stage that reads). Here
each such kind has its English sentence(s) as a pattern and the Chinese sentence built from the
same parts: the figures, codes and names are the ones of the English message, never re-derived.
A message no pattern knows is said as the kind's Chinese title followed by the English message,
so no finding is left without Chinese words.
"""
from __future__ import annotations

import re
from collections.abc import Mapping

from budgetkg.check.registry import get

#: English words that stand for a value inside the messages → their Chinese form.
_WORDS: Mapping[str, str] = {
    "functional": "功能分类", "economic": "经济分类", "nothing": "空", "total": "合计", "basic": "基本支出",
    "personnel": "人员经费", "public": "公用经费", "project": "项目支出", "fiscal": "财政拨款",
    "summary": "收支总表", "income": "收入表", "expenditure": "支出表", "fiscal-summary": "财政拨款收支总表",
    "general-public": "一般公共预算支出表", "basic-economic": "基本支出经济分类表", "gov-fund": "政府性基金表",
    "state-capital": "国有资本经营表", "three-public": "三公经费表", "projects": "项目支出表",
    "overseas": "因公出国（境）费", "vehicle": "公务用车购置及运行费", "vehicle_purchase": "公务用车购置费",
    "vehicle_operation": "公务用车运行维护费", "reception": "公务接待费",
}

_ROUNDING = " (within the rounding of the printed figures)"
_AMOUNTS = r": expected (?P<expected>.+?), found (?P<found>.+)"

#: check id → ((pattern over the English message, Chinese template over its groups), …), the first
#: pattern that matches the whole message wins.
CATALOGUE: Mapping[str, tuple[tuple[str, str], ...]] = {
    "row-sum": ((r"the row's parts do not add up to its total(?P<rounding>.*?)" + _AMOUNTS,
                 "本行各项之和不等于合计{rounding}：应为{expected}，实为{found}"),
                (r"the row's parts do not add up to its (?P<column>\S+) column(?P<rounding>.*?)" + _AMOUNTS,
                 "本行各项之和不等于“{column}”列{rounding}：应为{expected}，实为{found}")),
    "children-sum": ((r"the rows under it do not add up in column (?P<column>\S+)(?P<rounding>.*?)" + _AMOUNTS,
                      "下级各行在“{column}”列之和不等于本行{rounding}：应为{expected}，实为{found}"),),
    "cross-table": ((r"class (?P<code>\S+) differs from the summary table(?P<rounding>.*?)" + _AMOUNTS,
                     "{code}类与收支总表不一致{rounding}：应为{expected}，实为{found}"),),
    "code-not-in-list": ((r"code (?P<code>\S+) is not in the shipped (?P<scheme>\w+) code list; kept with the "
                          r"report's name '(?P<name>.*)'",
                          "科目编码{code}不在随附的{scheme}科目表中；按报告所印名称“{name}”保留"),),
    "name-mismatch": ((r"code (?P<code>\S+) is '(?P<listed>.*?)' in the code list but printed as '(?P<printed>.*?)'"
                       r"(?: \((?P<slip>.*)\))?",
                       "科目编码{code}在科目表中为“{listed}”，报告印为“{printed}”{slip}"),),
    "code-from-name": ((r"the row is printed without a code; (?P<code>\S+) is the code list's code of that name",
                        "本行未印科目编码；按名称取科目表中的编码{code}"),),
    "performance-unlinked": ((r"this performance table could not be linked to a row of the project table"
                              r"(?P<none> \(the report has no project table\))?",
                              "本绩效表无法对应到项目支出表中的某一行{none}"),),
    "column-placement": (
        (r"the text layout does not say which economic-type column holds each project amount; project totals are "
         r"kept, the breakdown is left open",
         "文本版式无法确定各项目金额所属的经济分类列；保留项目合计，分列金额待定"),
        (r"the text layout does not say which column these amounts belong to; only the columns all readings agree "
         r"on are kept", "文本版式无法确定这些金额所属的列；只保留各种读法一致的列"),
        (r"the columns the header names do not add up \(whole = sum of parts\) in most rows; only the row totals "
         r"are kept", "按表头所列各列，多数行的分项之和不等于合计；只保留各行合计")),
    "table-duplicate": ((r"the report prints several (?P<kind>\S+) tables; '(?P<kept>.*?)' is read as the report's, "
                         r"'(?P<left>.*?)' is left out",
                         "报告印有多张{kind}；读取“{kept}”，未读取“{left}”"),),
    "empty-table": ((r"no rows could be read from this table", "本表未能读出任何行"),),
    "column-count": ((r"row has (?P<n>\d+) amounts but the table has (?P<m>\d+) columns",
                      "本行有{n}个金额，而本表只有{m}列"),),
    "basic-from-parts": ((r"the table prints 基本支出 only as 人员经费 and 公用经费; basic = their sum, the parts are "
                          r"kept too", "本表只印人员经费和公用经费，未印基本支出；基本支出按二者之和计算，分项亦保留"),),
    "unit-list": ((r"the list holds '(?P<odd>.*?)', which does not read as a name; the list is not used",
                   "名单中的“{odd}”不像单位名称；不使用该名单"),),
    "row-total-missing": ((r"the 合计 cell is empty in (?P<n>\d+) expenditure rows while a fund column holds an "
                           r"amount \(first: (?P<first>.*)\)",
                           "有{n}个支出行的合计栏为空，而资金来源栏印有金额（第一行：{first}）"),),
    "narrative-vs-table": (
        (r"the narrative states (?P<stated>.+?) for 三公 (?P<column>\w+); the table says (?P<table>.+)",
         "说明中三公经费“{column}”为{stated}，表中为{table}"),
        (r"the narrative file states (?P<stated>.+?) for 三公 (?P<column>\w+); the table file says (?P<table>.+)",
         "说明文件中三公经费“{column}”为{stated}，表格文件中为{table}"),
        (r"the narrative states (?P<stated>.+?) for '(?P<subject>.*?)'; the (?P<kind>\S+) table says (?P<table>.+)",
         "说明中“{subject}”为{stated}，{kind}中为{table}"),
        (r"the narrative states (?P<stated>.+?) for (?P<subject>.+?); the table says (?P<table>.+)",
         "说明中{subject}为{stated}，表中为{table}")),
    "table-unproven": ((r"table '(?P<title>.*?)' \(page (?P<page>.*?)\) is not stored: (?P<why>.*)",
                        "表“{title}”（第{page}页）未入库：{why}"),),
}

_COMPILED = {check: tuple((re.compile(p), zh) for p, zh in forms) for check, forms in CATALOGUE.items()}


def _zh_value(name: str, value: str | None) -> str:
    if not value:
        return ""
    if name == "rounding":
        return "（在印出数的舍入范围内）" if value.strip() == _ROUNDING.strip() else value
    if name == "none":
        return "（报告没有项目支出表）"
    if name == "slip":
        return f"（{value}）"
    value = _WORDS.get(value, value)
    return re.sub(r"(?<=\d) 万元\b", "万元", re.sub(r"(?<=\d) 元\b", "元", value))


def catalogued(check: str, en: str) -> str | None:
    """The Chinese form of ``en`` (a finding message of kind ``check``) from the catalogue, or None."""
    for pattern, zh in _COMPILED.get(check, ()):
        m = pattern.fullmatch(en)
        if m:
            return zh.format(**{k: _zh_value(k, v) for k, v in m.groupdict().items()})
    return None


def message_zh(check: str, en: str, zh: str | None = None) -> str:
    """A finding's message in Chinese: the one the check wrote (``zh``), else the catalogue's,
    else the kind's Chinese title followed by the English message."""
    if zh:
        return zh
    found = catalogued(check, en)
    if found is not None:
        return found
    kind = get(check)
    return f"{kind.title_zh}：{en}" if kind is not None and en else en
