"""``make mutate``: the checker's recall on planted errors (issue 23). Not a test: a measurement.

Plants one known error at a time into the corpus's reports (``../shared/corpus`` beside the
checkout, or the folders given), at a place a seeded random draw chooses, runs the checker that
``budgetkg check`` runs and compares its findings with the clean report's. Prints recall per
kind and overall, then every missed plant and every false finding (a new error or warning that
is not at the planted place). Progress goes to stderr. See
:mod:`budgetkg.check.mutation.harness` for what "at the planted place" means.

Usage::

    python bench/mutate.py [PATHS…] [--seed 23] [--per-kind 20] [--kinds table-cell,placeholder] [--misses]
"""
from __future__ import annotations

import argparse
import shutil
import sys
import time
from pathlib import Path

from budgetkg.check.mutation.harness import Outcome, load_clean, recall_by_kind, run
from budgetkg.check.mutation.kinds import KINDS

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"


def _cut(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _where(o: Outcome) -> str:
    return f"{o.plant.source}:{o.plant.line}"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("paths", nargs="*", type=Path, help="report files or folders (default: the corpus)")
    ap.add_argument("--seed", type=int, default=23)
    ap.add_argument("--per-kind", type=int, default=20)
    ap.add_argument("--kinds", default=",".join(KINDS), help="comma-separated kind ids: " + ", ".join(KINDS))
    ap.add_argument("--misses", action="store_true", help="also list every missed plant")
    ns = ap.parse_args(argv)
    kinds = [k for k in ns.kinds.split(",") if k]
    unknown = [k for k in kinds if k not in KINDS]
    if unknown:
        ap.error(f"unknown kinds {unknown}; known: {', '.join(KINDS)}")
    paths = ns.paths or [CORPUS]
    width = shutil.get_terminal_size((110, 20)).columns
    start = time.perf_counter()

    def say(text: str) -> None:
        print(_cut(text, width), file=sys.stderr, flush=True)

    cleans = load_clean(paths, say)
    outcomes = run(cleans, kinds, ns.per_kind, ns.seed, say)
    print(f"planted errors: {len(outcomes)} in {len(cleans)} reports, seed {ns.seed}, "
          f"{time.perf_counter() - start:.0f} s")
    print(f"{'kind':18} {'title':26} {'planted':>7} {'found':>6} {'recall':>7} {'refused':>7} {'false':>6}")
    for r in recall_by_kind(outcomes):
        title = KINDS[r.kind].title_en if r.kind in KINDS else "overall"
        print(f"{r.kind:18} {_cut(title, 26):26} {r.planted:7} {r.detected:6} {r.recall:7.0%} {r.refused:7} {r.false:6}")
    false = [(o, f) for o in outcomes for f in o.false]
    if false:
        print(f"\nfalse findings ({len(false)}): new errors and warnings not at the planted place")
        for o, f in false:
            where = f"{f.source.line}" if f.source else "-"
            print(_cut(f"{o.plant.kind} @ {_where(o)} → {f.severity.value} {f.check} line {where}: {f.message}", width))
    if ns.misses:
        missed = [o for o in outcomes if not o.detected]
        print(f"\nmissed ({len(missed)})")
        for o in missed:
            why = f" refused: {o.refused}" if o.refused else ""
            print(_cut(f"{o.plant.kind} @ {_where(o)}: {o.plant.before!r} → {o.plant.after!r}{why}", width))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
