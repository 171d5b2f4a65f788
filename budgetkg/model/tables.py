"""The table registry: everything budgetkg knows about each standard table, in one place.

For every :class:`TableKind`: the title words that name it, the header vocabulary that
names its amount columns (key → pattern, the first key is the row total), how its rows
are coded and labelled, which parser reads it and the arithmetic it obeys (which columns
sum to which within a row; parent rows = Σ children). Supporting a template variant is a
change of data here: segmentation (:mod:`budgetkg.segment.blocks`), column reading
(:mod:`budgetkg.parse.columns`), parsing order (:mod:`budgetkg.parse.report`) and
table arithmetic (:mod:`budgetkg.check.table_arithmetic`) all read this module.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum, StrEnum

from budgetkg.model.report import TableKind


class Parser(str, Enum):
    """Which reader turns a table block into a model table."""

    SUMMARY = "summary"            # two-sided: income items | expenditure classes
    CODES = "codes"                # rows keyed by classification codes (类/款/项)
    THREE_PUBLIC = "three-public"  # the 三公经费 table


class ColumnKey(StrEnum):
    """The amount columns of the standard tables: the keys of :attr:`Row.amounts` and
    :attr:`Table.columns`, mirrored one to one by the SKOS concepts of ontology/codes/tables.ttl
    (``col:<value>``). A :class:`~enum.StrEnum`, so a member equals, hashes, formats and prints
    as its value: IRIs, messages and exports built from a key read the same as from the string."""

    TOTAL = "total"
    # expenditure by purpose (支出总体, 一般公共预算, 政府性基金, 国有资本经营)
    BASIC = "basic"
    PERSONNEL = "personnel"
    PUBLIC = "public"
    PROJECT = "project"
    REMIT_UPPER = "remit_upper"
    OPERATING = "operating"
    SUBSIDIARY = "subsidiary"
    CONTINGENCY = "contingency"
    # income by source, and the funds of the summary tables
    FISCAL = "fiscal"
    GENERAL_PUBLIC = "general_public"
    GOV_FUND = "gov_fund"
    STATE_CAPITAL = "state_capital"
    SPECIAL_ACCOUNT = "special_account"
    UPPER_SUBSIDY = "upper_subsidy"
    BUSINESS = "business"
    SUBSIDIARY_REMIT = "subsidiary_remit"
    RESERVE = "reserve"
    CARRYOVER = "carryover"
    OTHER = "other"
    # the project table's economic classes
    WAGES = "wages"
    GOODS_SERVICES = "goods_services"
    INDIVIDUALS = "individuals"
    DEBT_INTEREST = "debt_interest"
    CAPITAL_CONSTRUCTION = "capital_construction"
    CAPITAL = "capital"
    ENTERPRISE_CONSTRUCTION = "enterprise_construction"
    ENTERPRISE = "enterprise"
    SOCIAL_FUND = "social_fund"
    # the 三公 table, with 机关运行经费 where it is printed beside them
    OVERSEAS = "overseas"
    VEHICLE = "vehicle"
    VEHICLE_PURCHASE = "vehicle_purchase"
    VEHICLE_OPERATION = "vehicle_operation"
    RECEPTION = "reception"
    ADMIN_COST = "admin_cost"
    # a final account's 三公 table printing the budget beside the outcome: the budget columns
    TOTAL_BUDGET = "total_budget"
    OVERSEAS_BUDGET = "overseas_budget"
    VEHICLE_BUDGET = "vehicle_budget"
    VEHICLE_PURCHASE_BUDGET = "vehicle_purchase_budget"
    VEHICLE_OPERATION_BUDGET = "vehicle_operation_budget"
    RECEPTION_BUDGET = "reception_budget"

    def budget(self) -> ColumnKey:
        """The budget column beside this outcome column (``overseas`` → ``overseas_budget``)."""
        return ColumnKey(f"{self.value}_budget")


_END = r"表"  # 情况表, 预算表, 决算表, 总表, 明细表, 支出表 …

#: The two parts of 基本支出 as regions name them (人员经费 / 人员支出 / 人员类; 公用经费 / 日常公用支出).
PERSONNEL_WORDS = r"人员经费|人员支出|人员类"
PUBLIC_WORDS = r"公用经费|日常公用|公用支出|公用类"
SPLIT_COLUMNS = (
    (ColumnKey.TOTAL, r"本年支出合计|合计|小计|总计|^金额$|^(本年)?预算(数|金额)?$|^决算数$"),
    (ColumnKey.BASIC, r"基本支出"),
    (ColumnKey.PERSONNEL, PERSONNEL_WORDS),
    (ColumnKey.PUBLIC, PUBLIC_WORDS),
    (ColumnKey.PROJECT, r"项目支出|专项业务经费"),
    (ColumnKey.REMIT_UPPER, r"上缴上级支出"),
    (ColumnKey.OPERATING, r"经营支出"),
    (ColumnKey.SUBSIDIARY, r"对附属单位补助支出"),
    (ColumnKey.CONTINGENCY, r"(单位)?预留机动经费"),
)
ECONOMIC_COLUMNS = (
    (ColumnKey.TOTAL, r"合计|小计|总计|^金额$|^(本年)?预算(数|金额)?$|^决算数$"),
    (ColumnKey.PERSONNEL, PERSONNEL_WORDS),
    (ColumnKey.PUBLIC, PUBLIC_WORDS),
)
INCOME_COLUMNS = (
    (ColumnKey.TOTAL, r"本年收入合计|总计|合计|^金额$"),
    (ColumnKey.FISCAL, r"财政拨款收入|财政拨款"),
    (ColumnKey.GENERAL_PUBLIC, r"一般公共预算"),
    (ColumnKey.GOV_FUND, r"政府性基金"),
    (ColumnKey.STATE_CAPITAL, r"国有资本经营"),
    (ColumnKey.SPECIAL_ACCOUNT, r"财政专户[^收]{0,8}|[（(]?教育收费[）)]?"),
    (ColumnKey.UPPER_SUBSIDY, r"上级补助收入"),
    (ColumnKey.OPERATING, r"事业单位经营收入|经营收入"),
    (ColumnKey.BUSINESS, r"事业收入"),
    (ColumnKey.SUBSIDIARY_REMIT, r"附属单位上缴收入"),
    (ColumnKey.RESERVE, r"用事业基金弥补收支差额"),
    (ColumnKey.CARRYOVER, r"单位上年结余|上年结余|上年结转(和|及)?结余|上年结转|年初结转和结余"),
    (ColumnKey.OTHER, r"单位其他资金收入|其他收入|其他资金"),
)
PROJECT_COLUMNS = (
    (ColumnKey.TOTAL, r"项目支出合计|合计|^总计$"),
    # a project table by source of funds (总计 | 一般公共预算 | 政府性基金 | … | 单位资金)
    (ColumnKey.GENERAL_PUBLIC, r"^一般公共预算(拨款)?$"),
    (ColumnKey.GOV_FUND, r"^政府性基金(预算)?(拨款)?$"),
    (ColumnKey.STATE_CAPITAL, r"^国有资本经营预算(拨款)?$"),
    (ColumnKey.SPECIAL_ACCOUNT, r"^财政专户管理资金$"),
    (ColumnKey.BUSINESS, r"^事业收入$"),
    (ColumnKey.OPERATING, r"^事业单位经营收入$"),
    (ColumnKey.UPPER_SUBSIDY, r"^上级补助收入$"),
    (ColumnKey.SUBSIDIARY_REMIT, r"^附属单位上缴收入$"),
    (ColumnKey.CARRYOVER, r"^上年(结余、结转|结转结余|结转|结余)$"),
    (ColumnKey.WAGES, r"工资福利支出"),
    (ColumnKey.GOODS_SERVICES, r"商品和服务支出"),
    (ColumnKey.INDIVIDUALS, r"对个人和家庭的补助"),
    (ColumnKey.DEBT_INTEREST, r"债务利息及费用支出"),
    (ColumnKey.CAPITAL_CONSTRUCTION, r"资本性支出[（(]基[^）)]*[）)]"),
    (ColumnKey.CAPITAL, r"资本性支出"),
    (ColumnKey.ENTERPRISE_CONSTRUCTION, r"对企业补助[（(]基[^）)]*[）)]"),
    (ColumnKey.ENTERPRISE, r"对企业补助"),
    (ColumnKey.SOCIAL_FUND, r"对社会保障基金补助"),
    (ColumnKey.OTHER, r"其他支出|^其他收入$|^单位资金$"),
)
#: The two sides of a summary table: an income item's amount, the expenditure side's fund columns.
SIDE_COLUMNS = (
    (ColumnKey.TOTAL, r"合计|总计|预算数|决算数|金额|本年预算|预算金额"),
    (ColumnKey.GENERAL_PUBLIC, r"一般公共预算"),
    (ColumnKey.GOV_FUND, r"政府性基金"),
    (ColumnKey.STATE_CAPITAL, r"国有资本经营"),
)
THREE_PUBLIC_COLUMNS = (ColumnKey.TOTAL, ColumnKey.OVERSEAS, ColumnKey.VEHICLE, ColumnKey.VEHICLE_PURCHASE,
                        ColumnKey.VEHICLE_OPERATION, ColumnKey.RECEPTION)
FISCAL_COLUMNS = (ColumnKey.TOTAL, ColumnKey.GENERAL_PUBLIC, ColumnKey.GOV_FUND, ColumnKey.STATE_CAPITAL)

#: Within a row: whole = Σ parts (only the parts the row prints).
SPLIT_SUMS = ((ColumnKey.TOTAL, (ColumnKey.BASIC, ColumnKey.PROJECT, ColumnKey.REMIT_UPPER, ColumnKey.OPERATING,
                                  ColumnKey.SUBSIDIARY, ColumnKey.CONTINGENCY)),
              (ColumnKey.BASIC, (ColumnKey.PERSONNEL, ColumnKey.PUBLIC)))
ECONOMIC_SUMS = ((ColumnKey.TOTAL, (ColumnKey.PERSONNEL, ColumnKey.PUBLIC)),)


@dataclass(frozen=True)
class TableSpec:
    """One standard table (or, with ``kind`` None, a table outside the model whose title
    must still end the table printed before it)."""

    kind: TableKind | None
    title: re.Pattern[str]
    parser: Parser | None = None
    columns: tuple[tuple[ColumnKey, str], ...] = ()
    default_columns: tuple[ColumnKey, ...] = ()   # the template's order, when a header cannot be read
    code_columns: int = 3                   # 类 款 项 cells
    label_columns: int = 1
    code_scheme: str = "functional"
    sums: tuple[tuple[ColumnKey, tuple[ColumnKey, ...]], ...] = ()
    #: When a report prints several tables of this kind, one is the report's: the one with
    #: classified rows whose title matches the earliest of these patterns (the others are
    #: the same figures for a narrower fund, e.g. 财政拨款基本支出 beside 一般公共预算基本支出).
    prefer: tuple[str, ...] | None = None


def _t(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def _split(kind: TableKind, title: re.Pattern[str]) -> TableSpec:
    """A table of expenditure split by purpose (basic | project | …): the code-table layout
    that the expenditure table and the three funds' expenditure tables share."""
    return TableSpec(kind, title, Parser.CODES, columns=SPLIT_COLUMNS,
                     default_columns=(ColumnKey.TOTAL, ColumnKey.BASIC, ColumnKey.PROJECT), sums=SPLIT_SUMS)

#: Ordered: the first title pattern that matches a title's end decides its kind.
SPECS: tuple[TableSpec, ...] = (
    TableSpec(TableKind.THREE_PUBLIC, _t(r"三\s*公.{0,4}经费.*" + _END + "$"), Parser.THREE_PUBLIC),
    TableSpec(None, _t(r"(政府采购|机关运行经费|政府购买服务|国有资产|专项业务经费|上年结转资金).*表$")),
    _split(TableKind.GOV_FUND, _t(r"政府性基金.*" + _END + "$")),
    _split(TableKind.STATE_CAPITAL, _t(r"国有资本经营预算(财政)?(拨款)?(收入)?支出.*" + _END + "$")),
    TableSpec(TableKind.BASIC_ECONOMIC, _t(r"基本支出.*" + _END + "$"), Parser.CODES,
              columns=ECONOMIC_COLUMNS, default_columns=(ColumnKey.TOTAL, ColumnKey.PERSONNEL, ColumnKey.PUBLIC),
              code_columns=2, code_scheme="economic", sums=ECONOMIC_SUMS,
              prefer=(r"一般公共预算", r"")),
    TableSpec(TableKind.PROJECTS, _t(r"项目支出.*" + _END + "$"), Parser.CODES,
              columns=PROJECT_COLUMNS, default_columns=tuple(k for k, _ in PROJECT_COLUMNS),
              label_columns=2),
    # all of a fund's expenditure by economic classification (not only 基本支出): outside the model
    TableSpec(None, _t(r"支出经济分类.*表$")),
    _split(TableKind.GENERAL_PUBLIC, _t(r"一般公共预算(财政)?(拨款)?支出.*" + _END + "$")),
    TableSpec(TableKind.FISCAL_SUMMARY, _t(r"财政拨款收\s*(入)?\s*支(出)?.*" + _END + "$"), Parser.SUMMARY),
    TableSpec(TableKind.SUMMARY, _t(r"(收支总体情况表|收入支出决算总表|收支预算总表|收支总表|收支决算总表)$"),
              Parser.SUMMARY),
    TableSpec(TableKind.INCOME, _t(r"收入(总体情况表|决算表|预算表|预算总表|总表)$"), Parser.CODES,
              columns=INCOME_COLUMNS,
              default_columns=(ColumnKey.TOTAL, ColumnKey.GENERAL_PUBLIC, ColumnKey.GOV_FUND, ColumnKey.STATE_CAPITAL,
                               ColumnKey.SPECIAL_ACCOUNT, ColumnKey.BUSINESS, ColumnKey.OPERATING, ColumnKey.OTHER)),
    _split(TableKind.EXPENDITURE, _t(r"支出(总体情况表|决算表|预算表|预算总表|总表)$")),
)
BY_KIND: dict[TableKind, TableSpec] = {s.kind: s for s in SPECS if s.kind is not None}

#: Parsing order: the summary table's income items place the income table's amounts, and the
#: expenditure tables name the subjects that the project table's rows start with.
PARSE_ORDER = (TableKind.SUMMARY, TableKind.FISCAL_SUMMARY, TableKind.EXPENDITURE,
               TableKind.GENERAL_PUBLIC, TableKind.GOV_FUND, TableKind.STATE_CAPITAL,
               TableKind.BASIC_ECONOMIC, TableKind.INCOME,
               TableKind.PROJECTS, TableKind.THREE_PUBLIC)


def spec(kind: TableKind) -> TableSpec:
    """The registry entry of a table kind."""
    return BY_KIND[kind]


def vocabulary(kind: TableKind) -> tuple[tuple[ColumnKey, str], ...]:
    """Header words → column keys of a code table."""
    return BY_KIND[kind].columns


def row_sums(kind: TableKind, columns: tuple[str, ...]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Which columns of a row sum to which: the registry's sums, or total = Σ all other columns."""
    sums = BY_KIND[kind].sums if kind in BY_KIND else ()
    return sums or ((ColumnKey.TOTAL, tuple(c for c in columns if c != ColumnKey.TOTAL)),)
