"""Facts from the narrative (情况说明), read by the ``budgetkg_facts`` spaCy component.

Turns its spans into the model: change statements with their subject (a total, a
classification or an item, coded where the names resolve), cited policy documents
(numbers normalised: 乌财行〔2019〕134号 whatever the brackets), and project
descriptions linked to the project table. Every narrative figure that a table also
states is compared with it; a difference is a ``narrative-vs-table`` finding.
"""
from __future__ import annotations

import re
from decimal import Decimal

from budgetkg.model.report import (
    ChangeStatement,
    Finding,
    PolicyReference,
    ProjectDescription,
    ProjectLink,
    Report,
    ReportCore,
    RowRole,
    Severity,
    ShareStatement,
    TableKind,
)
from budgetkg.model.tables import ColumnKey
from budgetkg.parse.context import ParseContext
from budgetkg.parse.joined import joined
from budgetkg.parse.narrative_figures import resolve_path
from budgetkg.parse.summary import NUMBERING_RE, class_code
from budgetkg.segment.blocks import Segments
from budgetkg.sources.document import Line
from budgetkg.text.amounts import amount_text, format_decimal, parse_number, to_amount
from budgetkg.text.matching import project_similarity
from budgetkg.text.names import normalise_org_name, squash
from budgetkg.text.nlp.component import pipeline

_BRACKETS = str.maketrans({"[": "〔", "【": "〔", "（": "〔", "(": "〔", "<": "〔", "＜": "〔",
                           "]": "〕", "】": "〕", "）": "〕", ")": "〕", ">": "〕", "＞": "〕"})
_AMOUNT_END_RE = re.compile(r"(?:预算数|决算数|支出决算数|合计)?(?:为|是)?" + amount_text() + "$")
_GENERIC = {"", "其中", "预算数", "决算数", "支出决算数", "合计", "占", "年度"}
_HEADING_CUT_RE = re.compile(r"。(?=[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)])"
                             r"|(?=[一二三四五六七八九十]+、关于|第[一二三四五六七八九十]+部分)")
_ITEM_NUMBER_RE = re.compile(r"(\d+[.．、]|[（(][一二三四五六七八九十]+[）)])$")


def normalise_policy_number(number: str) -> str:
    """乌财行(2020)23号, 乌财行 [2020] 23 号 … → 乌财行〔2020〕23号."""
    return squash(number).translate(_BRACKETS)


_HEADING_END_RE = re.compile(r"情况说明|[（(][一二三四五六七八九十]+[）)][^，。]*?情况|[（(][一二三四五六七八九十]+[）)]")


def _subject(text: str, start: int, known: set[str], names: tuple[str, ...]) -> tuple[str, str | None, object]:
    """(subject, code, stated amount) of a change statement starting at ``start``."""
    segment = text[max(text.rfind("。", 0, start), text.rfind("；", 0, start)) + 1:start]
    clauses = list(re.split(r"[，：:；]|,(?!\d)", segment))
    current = None
    for clause in reversed(clauses):
        c = re.split(r"\d+[.．、](?=\D)", clause)[-1]  # "（三）…情况1.一般公共服务（类）…" → after "1."
        heads = list(_HEADING_END_RE.finditer(c))
        if heads:  # a heading run into the sentence: keep what follows it
            c = c[heads[-1].end():]
        for name in names:
            c = c.replace(name, "")
        c = re.sub(r"^[（(][^（）()]*[）)]", "", c)
        c = re.sub(r"^其中", "", c)
        m = _AMOUNT_END_RE.search(c)
        if m:
            current = current or to_amount(parse_number(m.group(1)), m.group(2))
            c = c[:m.start()]
        c = re.sub(r"^\d{4}年度?|\d{4}年度?$", "", c)
        if "）" in c and not re.search(r"[（(](类|款|项|境)[）)]", c) and len(c.rsplit("）", 1)[1]) >= 4:
            c = c.rsplit("）", 1)[1]  # "…组织部（行政单位…）机关运行经费支出" → the item after the unit
        c = re.sub(r"^占[\d.]+%$", "", c)
        if c in _GENERIC or re.fullmatch(r"占[\d.]+%", c) or not c:
            continue
        if len(c) > 24 and "的" in c:
            c = c.rsplit("的", 1)[1]
        names = [n for n in re.split(r"[（(](?:类|款|项)[）)]", c) if n] if re.search(r"[（(](类|款|项)[）)]", c) else []
        code = resolve_path(names, prefer=known) if names else class_code(NUMBERING_RE.sub("", c))
        return c, code, current
    if segment.strip("，,") in ("", "与上年相比", "与年初预算相比") and start > 1:
        # "…支出 2,417.96 万元，占…。与上年相比，减少 325.04 万元": the subject is the sentence before
        prev_end = max(text.rfind("。", 0, start), text.rfind("；", 0, start))
        prev_start = max(text.rfind("。", 0, prev_end), text.rfind("；", 0, prev_end)) + 1
        first = re.split(r"[，：:；]|,(?!\d)", text[prev_start:prev_end])[0]
        if first:
            subject, code, stated = _subject(first + "，", len(first) + 1, known, names)
            return subject, code, current or stated
    return "", None, current


def changes(doc, text: str, owner: list[Line], ctx: ParseContext, known: set[str],
            names: tuple[str, ...] = ()) -> list[ChangeStatement]:
    out = []
    for span in doc.spans["changes"]:
        f = span._.fact
        if f.get("subject"):
            subject = f["subject"]
            code = class_code(subject)
            current = None
        else:
            subject, code, current = _subject(text, f["start"], known, names)
        if not subject:
            continue
        out.append(ChangeStatement(
            subject=subject, code=code, direction=f["direction"], basis=f["basis"],
            source=ctx.ref(owner[span.start_char]), reason=f["reason"] or None,
            amount=to_amount(parse_number(f["amount"]), f["unit"]) if f["amount"] else None,
            percent=Decimal(f["percent"]) if f["percent"] else None, current=current))
    return out


def shares(doc, text: str, owner: list[Line], ctx: ParseContext, known: set[str],
           names: tuple[str, ...]) -> list[ShareStatement]:
    """Structure statements: the subject is read like a change statement's, up to the amount."""
    out = []
    for span in doc.spans["shares"]:
        f = span._.fact
        subject, code, _ = _subject(text + "", f["start"], known, names)
        if subject:
            out.append(ShareStatement(subject=subject, code=code, amount=to_amount(parse_number(f["amount"]), f["unit"]),
                                      percent=Decimal(f["percent"]), source=ctx.ref(owner[span.start_char])))
    return out


def cross_check_paths(seg: Segments, report: ReportCore | Report, ctx: ParseContext) -> None:
    """Every 类/款/项 figure the narrative states must be the 一般公共预算支出 table's."""
    from budgetkg.parse.narrative_figures import functional_figures
    general = next((t for t in report.tables if t.kind is TableKind.GENERAL_PUBLIC and t.origin == "table"), None)
    stated = functional_figures(seg, ParseContext(ctx.source))
    if general is None or stated is None:
        return
    by_code = {r.code: r for r in general.rows if r.code}
    for row in stated.rows:
        table_row = by_code.get(row.code) if row.code else None
        if table_row is None:
            continue
        expected, found = table_row.amount(ColumnKey.TOTAL), row.amount(ColumnKey.TOTAL)
        if expected is not None and found is not None and differs(expected, row.amounts[ColumnKey.TOTAL]):
            ctx.findings.append(Finding(
                check="narrative-vs-table", table=general.kind.value, row=f"{row.code} {'/'.join(row.name_path)}",
                expected=format_decimal(expected), found=format_decimal(found),
                message=f"the narrative states {format_decimal(row.amounts[ColumnKey.TOTAL].printed)} "
                        f"{row.amounts[ColumnKey.TOTAL].unit} for {'/'.join(row.name_path)}; the table says "
                        f"{format_decimal(expected)} 元", source=row.source, severity=Severity.WARNING))


def policies(doc, owner: list[Line], ctx: ParseContext) -> list[PolicyReference]:
    out: dict[str, PolicyReference] = {}
    for span in doc.spans["policies"]:
        f = span._.fact
        number = normalise_policy_number(f["number"]) if f["number"] else None
        key = number or f["title"]
        if key not in out:
            out[key] = PolicyReference(key=key, number=number, title=f["title"], source=ctx.ref(owner[span.start_char]))
    return list(out.values())


def projects(doc, text: str, owner: list[Line], refs: list[PolicyReference], report: ReportCore,
             ctx: ParseContext) -> list[ProjectDescription]:
    """Project descriptions: the labelled fields from one 项目名称 to the next."""
    # (label, start, end) in text offsets: the regex already took the longest label at each place
    labels = sorted(((s._.fact["label"], s._.fact["start"], s._.fact["end"]) for s in doc.spans["project_fields"]),
                    key=lambda x: x[1])
    starts = [k for k, (label, _, _) in enumerate(labels) if label == "项目名称"]
    out = []
    for n, k in enumerate(starts):
        stop = starts[n + 1] if n + 1 < len(starts) else len(labels)
        fields = []
        for j in range(k, stop):
            label, _, label_end = labels[j]
            end = labels[j + 1][1] if j + 1 < len(labels) else len(text)
            value = text[label_end + 1:end]
            cut = _HEADING_CUT_RE.search(value)
            value = value[:cut.start() + 1] if cut else value
            value = _ITEM_NUMBER_RE.sub("", value.strip("；;。 ")).strip("；;。. ")  # the next item's number
            fields.append((label, value))
        name = fields[0][1]
        scale = next((v for label, v in fields if label == "预算安排规模"), None)
        m = re.search(amount_text(gap=True), scale or "")
        amount = to_amount(parse_number(m.group(1)), m.group(2)) if m else None
        cited = tuple(r.key for r in refs for label, v in fields
                      if (r.number and r.number in normalise_policy_number(v)) or (r.title and r.title in v))
        implementer = next((v for label, v in fields if label in ("项目承担单位", "项目实施单位") and v), None)
        out.append(ProjectDescription(name=name, fields=tuple(fields), scale=amount,
                                      implementer=_organisation(implementer, report) if implementer else None,
                                      policies=tuple(dict.fromkeys(cited)),
                                      source=ctx.ref(owner[labels[k][1]]),
                                      link=_link(name, amount, report)))
    return out


def _organisation(printed: str, report: ReportCore) -> tuple[str, str]:
    """Which organisation an implementing unit is: the department itself (any form of its
    name, with or without its region), one of its units, or an outside organisation."""
    name = normalise_org_name(printed)
    dept = report.department
    core = re.sub(r"^中共", "", dept.name)
    if dept.region:
        core = core.replace(dept.region, "")
    for full in (dept.name, *dept.alt_names):
        if name == full or full.endswith(name) or (len(core) >= 4 and name.endswith(core)):
            return ("department", dept.name)
    for unit in report.units:
        if name == unit.name or unit.name.endswith(name) or name.endswith(unit.name):
            return (unit.relation, unit.name)
    return ("external", name)


def _link(name: str, amount, report: ReportCore) -> ProjectLink | None:
    best = None
    for ti, table in enumerate(report.tables):
        if table.kind is not TableKind.PROJECTS:
            continue
        for row in table.rows:
            if not row.project:
                continue
            sim = project_similarity(name, row.project)
            same = amount is not None and row.amount(ColumnKey.TOTAL) == amount.yuan
            score = sim + (Decimal("0.05") if same else 0)
            if (sim >= Decimal("0.9") or (same and sim >= Decimal("0.3"))) and (best is None or score > best[0]):
                best = (score, ProjectLink(ti, row.index, "name" if sim >= Decimal("0.9") else "amount",
                                           min(score, Decimal(1))))
    return best[1] if best else None


def differs(expected: Decimal, stated) -> bool:
    """True when a stated amount is not the table's, beyond the rounding of its printed precision
    (9101.68 万元 stated for a table's 91,016,775.35 元 is the same figure)."""
    exponent = stated.printed.as_tuple().exponent
    step = Decimal(1).scaleb(exponent if isinstance(exponent, int) else 0) * (stated.yuan / stated.printed
                                                                               if stated.printed else 1)
    return abs(expected - stated.yuan) * 2 > abs(step)


def cross_check(report: ReportCore | Report, stated: list[ChangeStatement], ctx: ParseContext) -> None:
    """A figure the narrative states beside a change must equal the tables' figure."""
    if report.kind.value != "budget":
        return
    general = report.table(TableKind.GENERAL_PUBLIC) or report.table(TableKind.EXPENDITURE)
    summary = report.table(TableKind.SUMMARY)
    totals = next((r for r in general.rows if r.role is RowRole.TOTAL), None) if general else None
    for c in stated:
        if c.current is None:
            continue
        table, expected = None, None
        if c.code and general:
            row = next((r for r in general.rows if r.code == c.code), None)
            table, expected = general, row.amount(ColumnKey.TOTAL) if row else None
        elif c.subject in ("基本支出", "项目支出") and totals:
            table, expected = general, totals.amount(ColumnKey.BASIC if c.subject == "基本支出" else ColumnKey.PROJECT)
        elif summary:
            row = next((r for r in summary.rows if r.side == "income"
                        and NUMBERING_RE.sub("", r.label) == c.subject and r.amount(ColumnKey.TOTAL) is not None), None)
            table, expected = summary, row.amount(ColumnKey.TOTAL) if row else None
        if expected is not None and differs(expected, c.current):
            ctx.findings.append(Finding(
                check="narrative-vs-table", table=table.kind.value, row=c.subject,
                expected=format_decimal(expected), found=format_decimal(c.current.yuan),
                message=f"the narrative states {format_decimal(c.current.printed)} {c.current.unit} for "
                        f"{c.subject!r}; the {table.kind.value} table says {format_decimal(expected)} 元",
                source=c.source, severity=Severity.WARNING))


def cross_check_three_public(seg: Segments, report: ReportCore | Report, ctx: ParseContext) -> None:
    """The 三公 figures the narrative states must be the table's (an empty table counts as 0)."""
    from budgetkg.parse.narrative_figures import three_public_figures, three_public_stated
    table = next((t for t in report.tables if t.kind is TableKind.THREE_PUBLIC and t.origin == "table"), None)
    stated = three_public_figures(seg, ParseContext(ctx.source))
    lines = three_public_stated(seg)[1] if stated is not None else {}
    if table is None or stated is None:
        return
    row = table.rows[0] if table.rows else None
    for key, amount in stated.rows[0].amounts.items():
        expected = row.amount(key) if row else (Decimal(0) if table.declared_empty else None)
        if row is not None and expected is None and key in (ColumnKey.OVERSEAS, ColumnKey.VEHICLE_PURCHASE,
                                                            ColumnKey.VEHICLE_OPERATION, ColumnKey.RECEPTION,
                                                            ColumnKey.VEHICLE):
            expected = Decimal(0)  # an empty cell of a printed row
        if expected is not None and differs(expected, amount):
            ctx.findings.append(Finding(
                check="narrative-vs-table", table=table.kind.value, row=key, expected=format_decimal(expected),
                found=format_decimal(amount.yuan),
                message=f"the narrative states {format_decimal(amount.printed)} {amount.unit} for 三公 {key}; "
                        f"the table says {format_decimal(expected)} 元",
                source=ctx.ref(lines[key][1]) if key in lines else stated.rows[0].source,
                severity=Severity.WARNING))


def read_narrative(seg: Segments, report: ReportCore, ctx: ParseContext):
    """(changes, shares, policies, projects) of a report's narrative. Comparing them with the
    tables is the check stage's (:func:`budgetkg.check.narrative_against_tables`)."""
    text, owner = joined(seg.narrative or seg.document.lines)
    if not text:
        return [], [], [], []
    doc = pipeline()(text)
    known = {r.code for t in report.tables for r in t.rows if r.code}
    dept = report.department
    names = tuple(sorted({dept.name, *dept.alt_names, *(n for n in [dept.name.replace("中共", "")])},
                         key=len, reverse=True))
    found_changes = changes(doc, text, owner, ctx, known, names)
    refs = policies(doc, owner, ctx)
    described = projects(doc, text, owner, refs, report, ctx)
    found_shares = shares(doc, text, owner, ctx, known, names)
    return found_changes, found_shares, refs, described
