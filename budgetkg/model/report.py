"""The typed intermediate model between parsing and RDF.

Parsers produce these frozen dataclasses; the RDF mapping consumes them and never
reads report text. Every figure is an :class:`Amount` holding exact ``Decimal``
values (元 and the printed value with its unit), and every record points back to
the line of the report it came from through :class:`SourceRef`.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from enum import Enum


class ReportKind(str, Enum):
    """Budget (预算, budget phase "approved") or final account (决算, "executed")."""

    BUDGET = "budget"
    FINAL = "final"

    @property
    def label(self) -> str:
        """zh/en, as pages show it."""
        return "预算 budget" if self is ReportKind.BUDGET else "决算 final account"


class ReportScope(str, Enum):
    """Whose accounts: a department with its units (部门预算/决算) or one unit (单位预算/决算)."""

    DEPARTMENT = "department"
    UNIT = "unit"

    @property
    def label(self) -> str:
        """zh/en, as pages show it (a 部门 and a 单位 report are never added to each other)."""
        return "部门 department" if self is ReportScope.DEPARTMENT else "单位 unit"


class TableKind(str, Enum):
    """The nine standard tables of the national template, plus narrative figures."""

    SUMMARY = "summary"                  # 收支总体情况表 / 收入支出决算总表
    INCOME = "income"                    # 收入总体情况表 / 收入决算表
    EXPENDITURE = "expenditure"          # 支出总体情况表 / 支出决算表
    FISCAL_SUMMARY = "fiscal-summary"    # 财政拨款收支总体情况表
    GENERAL_PUBLIC = "general-public"    # 一般公共预算支出情况表
    BASIC_ECONOMIC = "basic-economic"    # 一般公共预算基本支出情况表
    PROJECTS = "projects"                # 项目支出情况表
    THREE_PUBLIC = "three-public"        # “三公”经费支出情况表
    GOV_FUND = "gov-fund"                # 政府性基金预算支出情况表
    STATE_CAPITAL = "state-capital"      # 国有资本经营预算支出情况表 (printed by some regions)


class RowRole(str, Enum):
    """What a printed row is within its table."""

    LINE = "line"            # an ordinary classified row (类/款/项)
    TOTAL = "total"          # 合计/总计 or the department row above the classes
    AGGREGATE = "aggregate"  # a code printed once as the sum of the detail rows below it
    DETAIL = "detail"        # one of several rows printed under the same code
    ITEM = "item"            # an unclassified labelled row (收支总体 income items, 三公 row)


@dataclass(frozen=True)
class SourceRef:
    """Where a fact was read: file name, 1-based line, and page where known.

    ``box`` is where on the page, in PDF points (x0, top, x1, bottom): the cell a figure was
    read from, or the row's cells, where the source has boxes. It is for drawing a finding
    on its page; it takes no part in comparing two references, and is neither mapped to RDF,
    printed, nor written into a shard's JSON digest (``metadata["json"]``).
    """

    file: str
    line: int
    page: int | None = None
    box: tuple[float, float, float, float] | None = field(default=None, compare=False, metadata={"json": False})

    def __str__(self) -> str:
        return f"{self.file}:{self.line}" + (f" (p.{self.page})" if self.page else "")


@dataclass(frozen=True)
class Amount:
    """An exact amount: ``yuan`` in 元 plus the ``printed`` value in its ``unit``."""

    yuan: Decimal
    printed: Decimal
    unit: str  # as printed: the label of a units.Unit, "万元" or "元"


@dataclass(frozen=True)
class Row:
    """One printed row of a table, with its amounts keyed by column (see :mod:`columns`)."""

    index: int
    label: str
    source: SourceRef
    code: str | None = None
    amounts: Mapping[str, Amount] = field(default_factory=dict)
    role: RowRole = RowRole.LINE
    side: str | None = None          # "income"/"expenditure" in two-sided tables
    project: str | None = None       # project name in the project table
    name_path: tuple[str, ...] = ()  # 类/款/项 names as printed, when only names are given
    complete: bool = True            # False when some amounts' columns could not be placed
    #: A row budgetkg computed, not printed: the indices of the printed rows it is the sum of (a
    #: 类/款 row of a table that prints only 项 rows, see budgetkg.parse.derived_rows). Empty: printed.
    derived_from: tuple[int, ...] = ()

    def amount(self, column: str) -> Decimal | None:
        """The amount in 元 of ``column``, or None when the cell is empty."""
        a = self.amounts.get(column)
        return a.yuan if a else None


class ProofStatus(str, Enum):
    """What a table's own arithmetic says of the reading (:mod:`budgetkg.parse.proof`)."""

    VERIFIED = "verified"                       # every identity it takes part in closes
    DOCUMENT_ERRORS = "verified-with-errors"    # closes but for one or two rows: the document's own slips
    EMPTY = "empty"                             # printed blank or declared empty: nothing to prove
    UNCHECKED = "unchecked"                     # no identity to test the reading against
    UNREAD = "unread"                           # no reading closes: nothing of it is stored


@dataclass(frozen=True)
class TableProof:
    """The verdict on one table's reading: how many identities were tested, how many did not close
    (beyond the rounding of the printed figures), the rows they point to, and why a table was not
    verified. ``reading`` names the reading kept (the header as printed, or an alternative)."""

    status: ProofStatus
    identities: int = 0
    failed: int = 0
    rows_off: tuple[int, ...] = ()
    reason: str = ""
    reading: str = "as printed"

    @property
    def proven(self) -> bool:
        """Whether the table's figures are facts (verified, with or without the document's slips)."""
        return self.status in (ProofStatus.VERIFIED, ProofStatus.DOCUMENT_ERRORS, ProofStatus.EMPTY)


@dataclass(frozen=True)
class Table:
    """A parsed standard table; ``declared_empty`` when the report says it is empty."""

    kind: TableKind
    title: str
    source: SourceRef
    columns: tuple[str, ...]
    rows: tuple[Row, ...] = ()
    unit: str | None = None
    declared_empty: bool = False
    number: str | None = None  # 表三 etc. as printed
    origin: str = "table"      # "table"; "narrative" for figures stated only in the text;
    #                            "performance" for a final account's projects read from its 绩效自评表
    proof: TableProof | None = None  # what its arithmetic proves (None: not tested, e.g. narrative figures)
    #: Which reading of its header the parser kept (TableProof.reading repeats it once proven).
    reading: str = "as printed"
    #: Columns whose figures are computed, not printed: column → the columns of the same row they
    #: are the sum of (基本支出 where only 人员经费 and 公用经费 are printed). Labelled derived in RDF.
    derived: Mapping[str, tuple[str, ...]] = field(default_factory=dict)


class Severity(str, Enum):
    """How much a finding matters to a reader of the report (the check registry gives each kind a
    default). A ``str`` enum so that it compares equal to its value; print or serialise ``.value``:
    ``str()`` and f-strings of a member give ``Severity.ERROR``."""

    ERROR = "error"      # figures or statements contradict each other beyond the printed precision
    WARNING = "warning"  # a likely slip: wording, naming, a template placeholder left in
    INFO = "info"        # within the printed precision (rounding), or unusual but well-formed
    NOTICE = "notice"    # about budgetkg's own reading (a column it could not place), not the report


@dataclass(frozen=True)
class Finding:
    """A reconciliation difference or a parsing problem, reported and stored, never hidden."""

    check: str
    table: str
    row: str
    expected: str | None
    found: str | None
    message: str
    source: SourceRef | None = None
    severity: Severity = Severity.ERROR
    message_zh: str | None = None  # the message in Chinese, where the check writes one
    quote: str | None = None       # the text span of the report the finding rests on


#: The name given to a report's department when no place of the report prints one.
UNIDENTIFIED = "未识别部门"


def unidentified_department(digest: str) -> str:
    """"未识别部门（e2ee9b3d）": the department of a report that names none, labelled as such and
    told apart by the report's own digest — never the file name (often wrong), never one
    placeholder shared by unrelated reports."""
    return f"{UNIDENTIFIED}（{digest[:8]}）"


def is_unidentified(name: str) -> bool:
    """True for a name made by :func:`unidentified_department`."""
    return name.startswith(UNIDENTIFIED + "（")


@dataclass(frozen=True)
class Organization:
    """A department or unit, identified by its normalised name."""

    name: str
    alt_names: tuple[str, ...] = ()
    region: str | None = None


@dataclass(frozen=True)
class UnitRelation:
    """An internal division (科室/处室) or subordinate budget unit of the department."""

    name: str
    relation: str  # "internal" | "subordinate"
    source: SourceRef


@dataclass(frozen=True)
class Staffing:
    """编制数/实有人数/在职/退休 for one unit; None where the report gives no number."""

    unit: str
    source: SourceRef
    authorized: int | None = None
    actual: int | None = None
    in_service: int | None = None
    retired: int | None = None


@dataclass(frozen=True)
class Total:
    """A report-level total (收入总计, 支出总计) and where it was read."""

    key: str  # "income" | "expenditure"
    amount: Amount
    source: SourceRef


@dataclass(frozen=True)
class TargetValue:
    """A parsed 指标值: comparator (= ≥ ≤ > < range mixed qualitative), value, unit, raw text."""

    raw: str
    comparator: str
    value: Decimal | None
    unit: str
    upper: Decimal | None = None


@dataclass(frozen=True)
class Indicator:
    """One indicator row of a performance table (一级/二级/三级指标 and 指标值)."""

    index: int
    level1: str
    level2: str
    name: str
    target: TargetValue | None
    source: SourceRef
    actual: str | None = None       # 实际完成值 (final-account self-evaluations)
    actual_value: Decimal | None = None  # its figure, where it states one
    weight: Decimal | None = None   # 分值
    score: Decimal | None = None    # 得分
    deviation: str | None = None    # 偏差原因分析及改进措施
    basis: str | None = None        # 指标值设定依据


@dataclass(frozen=True)
class ProjectLink:
    """How a performance table was matched to a row of the project table."""

    table_index: int   # position of the project table in Report.tables
    row_index: int
    method: str        # "name", "name+amount", "amount"
    confidence: Decimal


@dataclass(frozen=True)
class PerformanceTable:
    """项目支出绩效目标表 (kind "target"), 项目支出绩效自评表 ("project-evaluation") or
    部门整体支出绩效自评表 ("department-evaluation")."""

    kind: str
    source: SourceRef
    project: str | None = None
    unit: str | None = None                   # 预算单位 / 实施单位 / 部门名称
    funds: Mapping[str, Amount] = field(default_factory=dict)  # total, fiscal, other; planned/adjusted/executed
    execution_rate: str | None = None
    funds_weight: Decimal | None = None
    funds_score: Decimal | None = None
    goal: str | None = None
    achieved: str | None = None
    indicators: tuple[Indicator, ...] = ()
    total_weight: Decimal | None = None
    total_score: Decimal | None = None
    contacts: tuple[tuple[str, str], ...] = ()  # (role, value): 项目负责人, 联系方式 …
    link: ProjectLink | None = None
    funds_source: SourceRef | None = None     # the 年度资金总额 line


@dataclass(frozen=True)
class Figure:
    """A figure a report states in its text (本年收入, 机关运行经费, 政府采购支出总额 …)."""

    key: str
    label: str
    amount: Amount | None
    source: SourceRef
    quantity: Decimal | None = None      # a count or area (车辆 3 辆, 房屋 120 平方米)
    quantity_unit: str | None = None


@dataclass(frozen=True)
class Comparison:
    """A budget stated beside its outcome: 年初/全年预算数 vs 决算数 and the 预决算差异率."""

    item: str
    budget: Amount
    final: Amount
    source: SourceRef
    rate: Decimal | None = None  # percent, as printed


@dataclass(frozen=True)
class ChangeStatement:
    """"比上年预算增加 129.64 万元，增长 29%，主要原因是…" with what it is about."""

    subject: str
    direction: str               # increase | decrease | flat
    basis: str                   # 上年预算 | 上年决算 | 上年执行数 | 上年 | 年初预算
    source: SourceRef
    code: str | None = None      # the classification the subject names, when it names one
    amount: Amount | None = None
    percent: Decimal | None = None
    reason: str | None = None
    current: Amount | None = None  # the subject's own figure stated beside the change


@dataclass(frozen=True)
class ShareStatement:
    """"基本支出 576.74 万元，占 21.23%": a part's amount and its share of the whole."""

    subject: str
    amount: Amount
    percent: Decimal
    source: SourceRef
    code: str | None = None


@dataclass(frozen=True)
class PolicyReference:
    """A policy document cited in the narrative: 《title》 and/or its number (乌财行〔2019〕134号)."""

    key: str                     # the normalised number, or the title when no number is given
    source: SourceRef
    number: str | None = None
    title: str | None = None


@dataclass(frozen=True)
class ProjectDescription:
    """A project described in the narrative (项目名称, 设立的政策依据, 预算安排规模 …)."""

    name: str
    fields: tuple[tuple[str, str], ...]   # (label as printed, value)
    source: SourceRef
    scale: Amount | None = None
    policies: tuple[str, ...] = ()        # PolicyReference keys cited in its fields
    link: ProjectLink | None = None
    implementer: tuple[str, str] | None = None  # (department|internal|subordinate|external, name)


class FigureBasis(str, Enum):
    """What a previous year's figure printed in a table is: that year's budget (上年预算数,
    2025年预算数), its execution (上年执行数, 预计执行数) or its final account (上年决算数);
    ``unstated`` when the header says only 上年数 (never compared with another report)."""

    BUDGET = "budget"
    EXECUTION = "execution"
    FINAL = "final"
    UNSTATED = "unstated"


class PriorMeasure(str, Enum):
    """What a previous-year column holds: the previous year's amount, or the change from it to
    this year's (增减, 增减额) as an amount or a percentage (增长%)."""

    AMOUNT = "amount"
    CHANGE = "change"
    PERCENT = "percent"


@dataclass(frozen=True)
class PriorYearFigure:
    """A figure of the previous year that a table prints beside the report's own (上年执行数 |
    本年预算数): never one of the report's current figures. ``table_index``/``row_index`` name
    the model row it stands on (its code, 三公 item or label); ``column`` is the current column
    it parallels (``total``, ``basic``, ``overseas`` …)."""

    table: TableKind
    table_index: int
    row_index: int
    row: str                    # the row's label as printed
    column: str
    basis: FigureBasis
    measure: PriorMeasure
    source: SourceRef
    year: int | None = None     # the year the figure is of (the report's year − 1 where known)
    code: str | None = None
    amount: Amount | None = None    # AMOUNT and CHANGE
    percent: Decimal | None = None  # PERCENT, as printed
    header: str = ""            # the column's header words, as printed


@dataclass(frozen=True)
class Passage:
    """A paragraph of the report's prose (概况, 情况说明, 名词解释 …), kept for full-text search.

    ``text`` is the paragraph joined over its wrapped lines without white space; ``part`` is
    ``overview``, ``narrative`` or ``other`` (``text`` where the report has no part headings);
    ``source`` is its first line; ``lines`` gives, for each line it spans, the offset in
    ``text`` where that line's text starts, the line and its page — so a word found in the
    paragraph is given its own page and line."""

    text: str
    part: str
    source: SourceRef
    lines: tuple[tuple[int, int, int | None], ...] = ()


@dataclass(frozen=True)
class ReportCore:
    """What the table and overview stages read: the facts the later stages (project linking,
    narrative, reconciliation) check against. The :class:`Report` is built once, from this and
    the outputs of those stages."""

    department: Organization
    kind: ReportKind
    year: int | None
    tables: tuple[Table, ...] = ()
    staffing: tuple[Staffing, ...] = ()
    units: tuple[UnitRelation, ...] = ()
    totals: tuple[Total, ...] = ()

    def table(self, kind: TableKind) -> Table | None:
        """The first table of ``kind``, or None."""
        return next((t for t in self.tables if t.kind is kind), None)


@dataclass(frozen=True)
class Report:
    """Everything budgetkg read from one disclosure report."""

    source_name: str
    sha256: str
    department: Organization
    kind: ReportKind
    year: int | None
    tables: tuple[Table, ...] = ()
    staffing: tuple[Staffing, ...] = ()
    units: tuple[UnitRelation, ...] = ()
    totals: tuple[Total, ...] = ()
    findings: tuple[Finding, ...] = ()
    title: str | None = None
    performance: tuple[PerformanceTable, ...] = ()
    figures: tuple[Figure, ...] = ()
    comparisons: tuple[Comparison, ...] = ()
    changes: tuple[ChangeStatement, ...] = ()
    shares: tuple[ShareStatement, ...] = ()
    policies: tuple[PolicyReference, ...] = ()
    projects: tuple[ProjectDescription, ...] = ()
    scope: ReportScope | None = None  # 部门 or 单位 report, as its title says
    prior: tuple[PriorYearFigure, ...] = ()  # previous-year columns of its tables
    ocr_pages: tuple[int, ...] = ()  # pages of its file read by OCR (a scanned PDF's), as the Document lists them
    passages: tuple[Passage, ...] = ()  # its prose, paragraph by paragraph (for search)

    def table(self, kind: TableKind) -> Table | None:
        """The first table of ``kind``, or None."""
        return next((t for t in self.tables if t.kind is kind), None)
