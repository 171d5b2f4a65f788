"""Entity resolution: which organisation a printed name is, explainably.

Two steps, both from structure (never a list of places or departments):

1. **Per report** (deterministic, :func:`resolve_name`): a printed name becomes a *key* —
   :func:`budgetkg.text.names.org_key` (spaces, 中国共产党/中共, 委员会/委, 人大常委会, a bracketed second
   name, 本级/汇总 aside) qualified by its region. The region is the one the name starts with
   (上海市普陀区人民政府办公室 → 上海市普陀区); a name without one (气象台 in a 重庆市 report,
   上海交通职业技术学院 under the title 上海市2026年市级单位预算) takes the report's region, read
   from the department name, its second names, or the title (:func:`report_region`). So two
   districts' 财政局 are two keys, and the same department printed two ways is one.
2. **Across reports** (:class:`Resolver`, the link stage of ingest, over the store and the
   batch): a key that only a shorter region tells apart (普陀区财政局 beside the stored
   上海市普陀区财政局) joins the stored organisation when exactly one matches; a unit report
   whose organisation a department report lists is recorded as that department's unit. (A unit
   report is always about its organisation's own unit, 本级: ``ReportMapper.map_own_unit``.)

Every resolution is a :class:`Resolved` with its :class:`Rule`, mapped to an evidence resource
(``bkg:NameResolution``) so that each merge says which name, which report and which rule.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

from budgetkg.model.report import Report, ReportScope, is_unidentified
from budgetkg.text.names import normalise_org_name, org_key, region_prefix


class Rule(str, Enum):
    """Why a printed name was resolved to an organisation key (``bkg:resolutionRule``)."""

    REGION_IN_NAME = "region-in-name"          # the name starts with its region
    REGION_OF_REPORT = "region-of-report"      # no region in the name: the report's region prefixed
    UNIT_OF_DEPARTMENT = "unit-of-department"  # a unit a department lists, no region: the department's key prefixed
    NO_REGION = "no-region"                    # neither the name nor the report gives a region
    UNIDENTIFIED = "unidentified"              # the report names no department: its own organisation
    REGION_TAIL = "region-tail"                # a shorter region of one stored organisation's region
    OWN_UNIT = "unit-named-as-department"      # a unit report of the department's own unit (本级)
    LISTED_UNIT = "unit-listed-under-department"  # a unit report of a unit a department lists


class RegionSource(str, Enum):
    """Where a report's region was read (``bkg:regionSource``)."""

    NAME = "name"
    SECOND_NAME = "second-name"
    TITLE = "title"


@dataclass(frozen=True)
class Resolved:
    """A printed name resolved: its key (the organisation's identity), region and rule."""

    printed: str
    key: str
    region: str | None
    rule: Rule


def report_region(report: Report) -> tuple[str | None, RegionSource | None]:
    """The region a report gives: the department name's own, a second name's, or the title's
    (上海市2026年市级单位预算 → 上海市). (None, None) when none of them starts with a region."""
    region = region_prefix(report.department.name)
    if region:
        return region, RegionSource.NAME
    for alt in report.department.alt_names:
        region = region_prefix(alt)
        if region:
            return region, RegionSource.SECOND_NAME
    if report.title:
        title = re.sub(r"^[\d\s年度.]+", "", normalise_org_name(report.title))
        region = region_prefix(title)
        if region:
            return region, RegionSource.TITLE
    return None, None


def resolve_name(name: str, region: str | None) -> Resolved:
    """The key of ``name`` printed in a report of ``region`` (see the module docstring). A report
    that names no department is an organisation of its own (its digest in the key), so unrelated
    unidentified reports never become one 未识别部门."""
    if is_unidentified(name):
        return Resolved(name, normalise_org_name(name), None, Rule.UNIDENTIFIED)
    key = org_key(name)
    own = region_prefix(key)
    if own:
        return Resolved(name, key, own, Rule.REGION_IN_NAME)
    if region:
        return Resolved(name, region + key, region, Rule.REGION_OF_REPORT)
    return Resolved(name, key, None, Rule.NO_REGION)


def resolve_unit(name: str, department: Resolved) -> Resolved:
    """A unit a department's report lists: its own key when its name carries a region, else the
    department's key in front (机关文印中心 of 江苏省委办公厅 → 江苏省委办公厅机关文印中心), since
    units without a region in their name (机关服务中心, 气象台) recur under many departments."""
    key = org_key(name)
    own = region_prefix(key)
    if own:
        return Resolved(name, key, own, Rule.REGION_IN_NAME)
    return Resolved(name, department.key + key, department.region, Rule.UNIT_OF_DEPARTMENT)


def department_of(report: Report) -> Resolved:
    """The resolved department (or, for a unit report, unit) a report is about."""
    return resolve_name(report.department.name, report_region(report)[0])


def report_name(report: Report) -> str:
    """The name a report's IRI is made from: the department as printed (normalised), with the
    report's region in front when the name has none — so two districts' 财政局 reports are two
    reports, and IRIs of names that carry their region are unchanged."""
    name = normalise_org_name(report.department.name)
    region, source = report_region(report)
    if region and source is RegionSource.TITLE and not region_prefix(name):
        return region + name
    return name


@dataclass(frozen=True)
class KnownOrg:
    """An organisation already in the store (or earlier in the batch)."""

    key: str
    region: str | None
    department_report: bool = False     # some department-scope report is about it
    units: frozenset[str] = frozenset()  # keys of the subordinate units its reports list


class Resolver:
    """Resolves keys against the organisations known from the store and the batch."""

    def __init__(self, known: dict[str, KnownOrg]):
        self.known = known
        self.by_stem: dict[str, list[str]] = {}      # name without its region → keys
        self.listed_by: dict[str, list[str]] = {}    # unit key → keys of departments listing it
        for key, org in known.items():
            if org.region:
                self.by_stem.setdefault(key[len(org.region):], []).append(key)
            for unit in org.units:
                self.listed_by.setdefault(unit, []).append(key)

    def alias(self, resolved: Resolved) -> Resolved:
        """A key unknown so far that is, by a shorter region, exactly one known organisation:
        that organisation's key (rule region-tail); otherwise ``resolved`` unchanged. A name with
        no region never joins one that has a region (every district has a 财政局)."""
        if resolved.key in self.known or not resolved.region:
            return resolved
        stem = resolved.key[len(resolved.region):]
        matches = [k for k in self.by_stem.get(stem, ()) for org in [self.known[k]]
                   if org.region != resolved.region
                   and (org.region.endswith(resolved.region) or resolved.region.endswith(org.region))
                   and k[len(org.region):] == stem]
        if len(matches) == 1:
            return Resolved(resolved.printed, matches[0], self.known[matches[0]].region, Rule.REGION_TAIL)
        return resolved

    def parent_of_unit(self, unit_key: str) -> tuple[str, Rule] | None:
        """For a unit report's organisation: (department key, rule) when a department report is
        about the same key (its own unit, 本级) or lists it among its subordinate units (when
        exactly one does); None otherwise."""
        own = self.known.get(unit_key)
        if own is not None and own.department_report:
            return unit_key, Rule.OWN_UNIT
        listing = [k for k in self.listed_by.get(unit_key, ()) if k != unit_key]
        if len(listing) == 1:
            return listing[0], Rule.LISTED_UNIT
        return None


def is_unit_report(report: Report) -> bool:
    return report.scope is ReportScope.UNIT
