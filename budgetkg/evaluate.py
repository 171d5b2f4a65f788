"""Precision and recall of the narrative extractor against gold facts written by hand.

Gold files (``data/gold``): ``changes.csv``, ``policies.csv``, ``projects.csv``. Only the
reports named in a gold file are scored for that kind.
"""
from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from .amounts import format_decimal
from .config import PROJECT_DIR
from .model import Report
from .parse.narrative import normalise_policy_number

DEFAULT_GOLD = PROJECT_DIR / "data" / "gold"


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


def _read(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def _change_key(source, code, direction, amount, percent, basis):
    return (source, code or "", direction, amount or "", percent or "", basis)


def _match_count(pred: list[tuple], gold: list[tuple], same) -> int:
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

    def same_change(p, g):
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
