"""Kinds whose findings are emitted while reading: table arithmetic and cross-table identities
(:mod:`.table_arithmetic`), narrative-vs-table comparisons, performance links, and the
notices about budgetkg's own reading. Declared here so that every finding's check id has a
registered kind with titles, a rule and a severity, and dereferences in the code lists.
"""
from __future__ import annotations

from budgetkg.check.registry import Family as F
from budgetkg.check.registry import Severity as S
from budgetkg.check.registry import declare

# ---------------------------------------------------------------- table arithmetic
declare("row-sum", F.TABLE_ARITHMETIC, S.ERROR, "行内各项之和不等于合计", "Row parts do not add up",
        "In every row the parts add up to the row's total (合计 = 基本支出 + 项目支出 …).")
declare("children-sum", F.TABLE_ARITHMETIC, S.ERROR, "下级科目之和不等于上级", "Children do not add up to their parent",
        "The 项 rows of a 款 add up to the 款, the 款 of a 类 to the 类, the 类 to the table's 合计.")
declare("totals-agree", F.TABLE_ARITHMETIC, S.ERROR, "合计行不一致", "Total rows disagree",
        "Every total row of a table gives the same figure.")
declare("balance", F.TABLE_ARITHMETIC, S.ERROR, "收支不平衡", "Income and expenditure totals differ",
        "The summary table's 收入总计 equals its 支出总计 (in a budget).")
declare("cross-table", F.TABLE_ARITHMETIC, S.ERROR, "表间数据不一致", "Tables disagree",
        "A figure printed in two tables is the same in both (支出总计 of the summary table is the total of "
        "the expenditure table, and so on).")
declare("code-sets", F.TABLE_ARITHMETIC, S.WARNING, "表间科目不一致", "Tables list different codes",
        "The income and expenditure tables by function list the same classification codes.")
declare("row-total-missing", F.TABLE_ARITHMETIC, S.WARNING, "缺少合计", "Row total missing",
        "A row that prints parts prints their total.")
# ---------------------------------------------------------------- codes and names
declare("code-not-in-list", F.YEARS_AND_NAMES, S.INFO, "科目编码不在编码表中", "Code not in the shipped code list",
        "A well-formed 类/款/项 code that budgetkg's code list lacks: kept, labelled from the report.")
declare("name-mismatch", F.YEARS_AND_NAMES, S.WARNING, "科目名称与编码不符", "Classification name differs from its code",
        "A classification is printed with the name its code has in the code list.")
declare("code-unresolved", F.READING, S.NOTICE, "科目名称无法对应编码", "Name not resolved to a code",
        "A row printed by name only whose code the code list does not give.")
declare("department-name", F.YEARS_AND_NAMES, S.WARNING, "未写明部门名称", "Department not named",
        "The report names its department in the title, cover or 概况.")
declare("fiscal-year", F.YEARS_AND_NAMES, S.WARNING, "未写明预算年度", "Fiscal year not stated",
        "The report states its fiscal year in the title or headings.")
declare("unit-count", F.COMPLETENESS, S.WARNING, "机构数量与所列不符", "Stated count differs from the list",
        "A stated number of divisions or units equals the number listed.")
declare("unit-list", F.READING, S.WARNING, "机构名单无法确定", "Unit list not read with certainty",
        "Every name of a list of divisions or units reads as an organisation's name; otherwise none is used.")
# ---------------------------------------------------------------- narrative against tables
declare("narrative-vs-table", F.NARRATIVE_VS_TABLE, S.ERROR, "说明与表格数据不一致", "Narrative differs from the table",
        "A figure the narrative states equals the figure a table prints, to the printed precision.")
# ---------------------------------------------------------------- empty tables
declare("empty-table", F.READING, S.NOTICE, "表格未读出数据", "No rows read from a table",
        "budgetkg read no row from a table the report does not declare empty (此表为空表): printed "
        "empty, or in a layout it does not read.")
# ---------------------------------------------------------------- performance
declare("performance-unlinked", F.PERFORMANCE, S.WARNING, "绩效表无对应项目", "Performance table without a project",
        "Every performance table belongs to a project of the project table.")
declare("no-indicators", F.PERFORMANCE, S.WARNING, "绩效表无指标", "Performance table without indicators",
        "A performance table lists its indicators.")
declare("indicators-unread", F.READING, S.NOTICE, "绩效指标未能读出", "Indicators not read",
        "budgetkg could not read the indicator rows of a performance table that prints some (levels, "
        "comparators ≥ ≤ =, 定性): a layout it does not read, not the report's omission.")
declare("indicator-value-missing", F.PERFORMANCE, S.WARNING, "指标值缺失", "Indicator without a target value",
        "Every indicator has a 指标值.")
# ---------------------------------------------------------------- budgetkg's own reading
declare("column-placement", F.READING, S.NOTICE, "无法确定金额所在列", "Column of an amount uncertain",
        "budgetkg keeps an amount only where its column is certain; the others are left out.")
declare("row-misread", F.READING, S.NOTICE, "表格行未能读出", "Row not read",
        "A row whose label reads as figures (several amounts run together) was not read: its cells "
        "were not told apart, so none of its amounts is kept.")
declare("column-count", F.READING, S.NOTICE, "金额个数与列数不符", "More amounts than columns",
        "A row prints no more amounts than its table has columns.")
declare("table-unproven", F.READING, S.NOTICE, "表格读取未经算术验证，未入库", "Table not stored: its sums do not close",
        "A table's figures are stored only when its own arithmetic proves the reading (parts add up to "
        "totals, children to parents, classes to the table's 合计); a table whose sums fail under every "
        "reading of its header is not stored, and no arithmetic finding is made from it.")
declare("table-unreadable", F.READING, S.NOTICE, "表格无法读取", "Table could not be read",
        "budgetkg could not read this table; the rest of the report was read.")
# ---------------------------------------------------------------- completeness (budgetkg.check.integrity)
declare("missing-table", F.COMPLETENESS, S.WARNING, "缺少应公开的表格", "Table missing",
        "Every table the report's table of contents lists, and every table the national template requires "
        "for its kind, is printed (or declared empty).")
declare("table-duplicate", F.READING, S.NOTICE, "同类表格只取其一", "One of several tables of a kind kept",
        "Where a report prints two tables of one kind (一般公共预算 and 财政拨款 basic-expenditure tables), "
        "budgetkg keeps one and names the other.")
declare("basic-from-parts", F.READING, S.NOTICE, "基本支出由人员经费与公用经费相加", "Basic expenditure from its parts",
        "Where a table prints 人员经费 and 公用经费 without a 基本支出 subtotal, basic is their sum.")
declare("code-from-name", F.READING, S.NOTICE, "按科目名称确定编码", "Code found from the name",
        "A row printed by name only gets its code from the code list.")
