"""Per-document coverage of the whole corpus (`make corpus`): not a test, a dashboard.

Reads every report under the corpus folder (default ``../shared/corpus``) through the real
pipeline stages (read → segment → parse → check), without storing anything, and prints one
block per document: department, year, kind, the tables found by kind with their row counts,
and findings by severity — or the message a refused document gets. A regression in any
document shows at a glance when two runs are compared (``make corpus > before.txt``).
"""
from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from budgetkg.errors import BudgetKGError  # noqa: E402
from budgetkg.pipeline import read_report  # noqa: E402
from budgetkg.sources import discover_reports  # noqa: E402

#: Short names of the table kinds, in template order, for a line that fits a terminal.
SHORT = {"summary": "总", "income": "收", "expenditure": "支", "fiscal-summary": "财",
         "general-public": "般", "basic-economic": "基", "projects": "项", "three-public": "三",
         "gov-fund": "基金", "state-capital": "国资"}


def describe(path: Path, corpus: Path) -> tuple[str, bool]:
    """A printable block for one document and whether it was read."""
    rel = path.relative_to(corpus) if path.is_relative_to(corpus) else path
    t0 = time.perf_counter()
    try:
        report = read_report(path)
    except BudgetKGError as exc:
        return f"{rel}\n    REFUSED: {exc.describe()}", False
    secs = time.perf_counter() - t0
    tables = Counter()
    rows = 0
    for t in report.tables:
        tables[t.kind.value] += 1
        rows += len(t.rows)
    kinds = " ".join(f"{SHORT.get(k, k)}{'×' + str(n) if n > 1 else ''}"
                     for k, n in sorted(tables.items(), key=lambda kv: list(SHORT).index(kv[0])
                                        if kv[0] in SHORT else 99))
    sev = Counter(f.severity for f in report.findings)
    sev_text = " ".join(f"{k}:{sev[k]}" for k in sorted(sev)) or "none"
    kind = getattr(report.kind, "value", report.kind)
    return (f"{rel}\n    {report.department.name if report.department else '?'} | {report.year} | {kind}"
            f" | tables {len(report.tables)} [{kinds}] rows {rows}"
            f" | perf {len(report.performance)} | findings {sev_text} | {secs:.1f}s"), True


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", nargs="?", default=str(ROOT.parent / "shared" / "corpus"),
                    help="folder of reports (default: ../shared/corpus)")
    args = ap.parse_args(argv)
    corpus = Path(args.corpus).resolve()
    if not corpus.is_dir():
        print(f"no corpus folder at {corpus}", file=sys.stderr)
        return 2
    files = [f for f in discover_reports([corpus]) if f.name.lower() != "readme.md"]
    read = 0
    print(f"{len(files)} documents under {corpus}  (tables: " +
          " ".join(f"{v}={k}" for k, v in SHORT.items()) + ")")
    for f in files:
        block, ok = describe(f, corpus)
        read += ok
        print(block, flush=True)
    print(f"\n{read} read, {len(files) - read} refused, of {len(files)} documents")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
