"""Precision and recall of the narrative extractor against gold facts written by hand.

Gold files (``data/gold``): ``changes.csv``, ``policies.csv``, ``projects.csv`` for the narrative
extractor, and ``errors.csv`` — the real errors of the reports, found by reading them — for the
checker, scored per check family. Only the reports named in a gold file are scored for that kind.
"""
from __future__ import annotations

import csv
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from budgetkg.config import PROJECT_DIR
from budgetkg.model.report import Finding, Report
from budgetkg.parse.narrative import normalise_policy_number
from budgetkg.text.amounts import format_decimal

DEFAULT_GOLD = PROJECT_DIR / "data" / "gold"

#: A stated change as compared: source, code, direction, amount, percent, basis (all as text).
ChangeKey = tuple[str, str, str, str, str, str]
_Item = TypeVar("_Item")


@dataclass(frozen=True)
class Score:
    kind: str
    gold: int
    predicted: int
    matched: int

    @property
    def precision(self) -> float:
        return self.matched / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 1.0


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def _change_key(source: str, code: str | None, direction: str, amount: str, percent: str, basis: str) -> ChangeKey:
    return (source, code or "", direction, amount or "", percent or "", basis)


def _match_count(pred: list[_Item], gold: list[_Item], same: Callable[[_Item, _Item], bool]) -> int:
    left = list(gold)
    matched = 0
    for p in pred:
        hit = next((g for g in left if same(p, g)), None)
        if hit is not None:
            left.remove(hit)
            matched += 1
    return matched


def evaluate(reports: list[Report], gold_dir: Path = DEFAULT_GOLD) -> list[Score]:
    """Scores per kind (changes, policies, project fields) for the reports the gold covers."""
    scores = []
    gold = [(r, _change_key(r["source"], r["code"], r["direction"], r["amount"], r["percent"], r["basis"]))
            for r in _read(gold_dir / "changes.csv")]
    sources = {g["source"] for g, _ in gold}
    pred = [(c.subject, _change_key(r.source_name, c.code, c.direction,
                                    format_decimal(c.amount.yuan) if c.amount else "",
                                    str(c.percent) if c.percent is not None else "", c.basis))
            for r in reports if r.source_name in sources for c in r.changes]
    gold_items = [(g["subject"], key) for g, key in gold]

    def same_change(p: tuple[str, ChangeKey], g: tuple[str, ChangeKey]) -> bool:
        return p[1] == g[1] and (g[0] in p[0] or p[0] in g[0])
    scores.append(Score("changes", len(gold_items), len(pred), _match_count(pred, gold_items, same_change)))

    gold_p = [(g["source"], normalise_policy_number(g["document"]) if "〔" in g["document"] or "号" in g["document"]
               else g["document"]) for g in _read(gold_dir / "policies.csv")]
    sources = {s for s, _ in gold_p}
    pred_p = [(r.source_name, p.key) for r in reports if r.source_name in sources for p in r.policies]
    scores.append(Score("policies", len(gold_p), len(pred_p), _match_count(pred_p, gold_p, lambda a, b: a == b)))

    gold_f = [(g["source"], g["project"], g["field"], g["value"]) for g in _read(gold_dir / "projects.csv")]
    sources = {g[0] for g in gold_f}
    fields = {g[2] for g in gold_f}
    pred_f = [(r.source_name, d.name, label, value) for r in reports if r.source_name in sources
              for d in r.projects for label, value in d.fields if label in fields]
    scores.append(Score("project fields", len(gold_f), len(pred_f), _match_count(pred_f, gold_f, lambda a, b: a == b)))
    return scores


#: A finding and a gold error are the same place when their lines are this close (text wraps).
LINE_SLACK = 3


def _same_place(finding: Finding, gold: dict[str, str]) -> bool:
    src = finding.source
    if src is None:
        return False
    if gold.get("line"):
        return abs(src.line - int(gold["line"])) <= LINE_SLACK
    return bool(gold.get("page")) and src.page == int(gold["page"])


def evaluate_checks(reports: list[Report], gold_dir: Path = DEFAULT_GOLD) -> list[Score]:
    """Precision and recall of the checker per check family, against ``errors.csv``.

    The reports in scope are those listed in ``errors-reviewed.csv`` (reviewed by hand; a report
    with no row in errors.csv has no error). A finding of severity error or warning is a
    prediction; it is right when a gold error (any family) stands at the same place (line ± 3, or
    the same page). Precision is given per family of the findings, recall per family of the gold
    errors. Gold rows of severity ``info`` (rounding within the printed precision) are not errors.
    """
    from budgetkg.check import CHECKS

    path, scope_path = gold_dir / "errors.csv", gold_dir / "errors-reviewed.csv"
    if not path.exists() or not scope_path.exists():
        return []
    scope = {r["source"] for r in _read(scope_path)}
    gold = [g for g in _read(path) if g["severity"] != "info" and g["source"] in scope]
    preds = [(r.source_name, f, CHECKS[f.check].family.value) for r in reports if r.source_name in scope
             for f in r.findings if f.severity in ("error", "warning") and f.check in CHECKS]
    right = [any(g["source"] == s and _same_place(f, g) for g in gold) for s, f, _ in preds]
    hit = [any(s == g["source"] and _same_place(f, g) for s, f, _ in preds) for g in gold]
    scores: list[Score] = []
    for fam in [*sorted({g["family"] for g in gold} | {fam for _, _, fam in preds}), "all"]:
        p_idx = [i for i, p in enumerate(preds) if fam in ("all", p[2])]
        g_idx = [i for i, g in enumerate(gold) if fam in ("all", g["family"])]
        scores.append(_FamilyScore(fam, len(g_idx), len(p_idx), sum(right[i] for i in p_idx),
                                   sum(hit[i] for i in g_idx)))
    return scores
@dataclass(frozen=True)
class _FamilyScore(Score):
    """Precision counts predictions that hit a gold error; recall counts gold errors hit."""

    gold_matched: int = 0

    @property
    def recall(self) -> float:
        return self.gold_matched / self.gold if self.gold else 1.0
