"""The registry of check kinds: one entry per rule a disclosure must satisfy.

Every finding budgetkg reports names a check kind from :data:`CHECKS`. A kind has a stable
id, a zh/en title and description, the template rule it enforces, a family, a default
severity and — for the kinds run after parsing — a pure function from the parsed report
and its text to findings. The kinds ship as a SKOS concept scheme
(``ontology/codes/checks.ttl``, generated from this module by :func:`to_turtle`), so a
finding's check dereferences like any code.

Severities mean something (see :class:`Severity`): ``error`` only where figures or
statements contradict each other beyond the printed precision; ``notice`` is about
budgetkg's own reading, never about the report.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum

from budgetkg.check.context import CheckInput
from budgetkg.check.severities import DEFAULT_SEVERITY
from budgetkg.model.report import Severity as Severity  # re-exported: the registry's kinds name one


class Family(str, Enum):
    """Groups of checks, as evaluation reports them."""

    COMPLETENESS = "completeness"
    TABLE_ARITHMETIC = "table-arithmetic"
    NARRATIVE_ARITHMETIC = "narrative-arithmetic"
    NARRATIVE_VS_TABLE = "narrative-vs-table"
    YEARS_AND_NAMES = "years-and-names"
    SLIPS = "slips"
    EMPTY_TABLES = "empty-tables"
    PERFORMANCE = "performance"
    READING = "reading"
    SERIES = "series"          # across a department's reports of several years


#: A check: a function of the report's :class:`~budgetkg.check.context.CheckInput` that adds findings to it.
CheckFn = Callable[[CheckInput], None]


@dataclass(frozen=True)
class CheckKind:
    """One rule: what it is called, what it enforces and how bad a breach is by default."""

    id: str
    family: Family
    severity: Severity
    title_zh: str
    title_en: str
    rule: str          # the template rule it enforces, in one sentence (en)
    fn: CheckFn | None = None  # None: emitted while reading (parsers, reconciliation)


CHECKS: dict[str, CheckKind] = {}


def register(id: str, family: Family, severity: Severity, title_zh: str, title_en: str,
             rule: str) -> Callable[[CheckFn], CheckFn]:
    """Decorator: register ``fn`` as the check ``id`` (ids are unique)."""
    def wrap(fn: CheckFn) -> CheckFn:
        _add(CheckKind(id, family, severity, title_zh, title_en, rule, fn))
        return fn
    return wrap


def declare(id: str, family: Family, severity: Severity, title_zh: str, title_en: str, rule: str) -> None:
    """Register a kind whose findings are emitted while reading, not by a check function."""
    _add(CheckKind(id, family, severity, title_zh, title_en, rule))


def _add(kind: CheckKind) -> None:
    if kind.id in CHECKS:
        raise ValueError(f"check kind {kind.id!r} registered twice")
    CHECKS[kind.id] = kind
    DEFAULT_SEVERITY[kind.id] = kind.severity


def get(id: str) -> CheckKind | None:
    """The kind of ``id``, or None for an unregistered id."""
    return CHECKS.get(id)


def _ttl_text(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def to_turtle() -> str:
    """The registry as a SKOS concept scheme (the content of ontology/codes/checks.ttl)."""
    out = [
        "# Generated from budgetkg/check/registry.py by `python -m budgetkg.check`; do not edit.",
        "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .",
        "@prefix dct: <http://purl.org/dc/terms/> .",
        "@prefix bkg: <https://w3id.org/budgetkg/ontology#> .",
        "@prefix chk: <https://w3id.org/budgetkg/codes/check/> .",
        "@prefix sev: <https://w3id.org/budgetkg/codes/severity/> .",
        "",
        "<https://w3id.org/budgetkg/codes/check> a skos:ConceptScheme ;",
        '    skos:prefLabel "核查规则"@zh , "Check kinds"@en .',
        "",
        "<https://w3id.org/budgetkg/codes/severity> a skos:ConceptScheme ;",
        '    skos:prefLabel "严重程度"@zh , "Severities"@en .',
        "",
    ]
    sev_labels = {Severity.ERROR: ("错误", "error"), Severity.WARNING: ("警告", "warning"),
                  Severity.INFO: ("提示", "info"), Severity.NOTICE: ("读取说明", "notice (about the reading)")}
    for s in Severity:
        zh, en = sev_labels[s]
        out += [f"sev:{s.value} a skos:Concept ; skos:inScheme <https://w3id.org/budgetkg/codes/severity> ;",
                f"    skos:notation {_ttl_text(s.value)} ; skos:prefLabel {_ttl_text(zh)}@zh , {_ttl_text(en)}@en .", ""]
    for k in sorted(CHECKS.values(), key=lambda k: (k.family.value, k.id)):
        out += [f"chk:{k.id} a skos:Concept ; skos:inScheme <https://w3id.org/budgetkg/codes/check> ;",
                f"    skos:notation {_ttl_text(k.id)} ;",
                f"    skos:prefLabel {_ttl_text(k.title_zh)}@zh , {_ttl_text(k.title_en)}@en ;",
                f"    skos:definition {_ttl_text(k.rule)}@en ;",
                f"    bkg:checkFamily {_ttl_text(k.family.value)} ;",
                f"    bkg:defaultSeverity sev:{k.severity.value} .", ""]
    return "\n".join(out)
