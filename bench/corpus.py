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

from budgetkg.check.combined import combine_checked  # noqa: E402
from budgetkg.check.read import read_report  # noqa: E402
from budgetkg.errors import BudgetKGError  # noqa: E402
from budgetkg.model.report import Report  # noqa: E402
from budgetkg.sources.read import discover_reports  # noqa: E402

#: Short names of the table kinds, in template order, for a line that fits a terminal.
SHORT = {"summary": "总", "income": "收", "expenditure": "支", "fiscal-summary": "财",
         "general-public": "般", "basic-economic": "基", "projects": "项", "three-public": "三",
         "gov-fund": "基金", "state-capital": "国资"}


def parse_all(files: list[Path]) -> tuple[list[Report], dict[Path, str], dict[str, float]]:
    """Every file read and checked, then the two-file publications combined (the pipeline's
    link step); the refused files with their message; seconds per source name."""
    reports, refused, secs = [], {}, {}
    for f in files:
        t0 = time.perf_counter()
        try:
            r = read_report(f)
        except BudgetKGError as exc:
            refused[f] = exc.describe()
            continue
        secs[r.source_name] = time.perf_counter() - t0
        reports.append(r)
    return combine_checked(reports), refused, secs


def proofs(report: Report) -> tuple[Counter, list[str], int]:
    """Tables by proof status, a line for every table not verified (kind, page, why) and the
    number of figures stored."""
    status: Counter = Counter()
    notes = []
    for t in report.tables:
        if t.proof is None:
            continue
        status[t.proof.status.value] += 1
        if not t.proof.proven:
            notes.append(f"      {t.proof.status.value:9} {SHORT.get(t.kind.value, t.kind.value)} p.{t.source.page or '?'} "
                         f"{t.title[:30]}: {t.proof.reason}")
    figures = sum(len(r.amounts) for t in report.tables if t.proof is None or t.proof.proven for r in t.rows)
    return status, notes, figures


def describe(report: Report, seconds: float) -> str:
    """A printable block for one report."""
    tables = Counter(t.kind.value for t in report.tables)
    rows = sum(len(t.rows) for t in report.tables)
    kinds = " ".join(f"{SHORT.get(k, k)}{'×' + str(n) if n > 1 else ''}"
                     for k, n in sorted(tables.items(), key=lambda kv: list(SHORT).index(kv[0])
                                        if kv[0] in SHORT else 99))
    sev = Counter(f.severity for f in report.findings)
    sev_text = " ".join(f"{k}:{sev[k]}" for k in ("error", "warning", "info", "notice") if sev[k]) or "none"
    scope = f" ({report.scope.value})" if getattr(report, "scope", None) else ""
    status, notes, figures = proofs(report)
    proof = " ".join(f"{k} {status[k]}" for k in ("verified", "verified-with-errors", "empty", "unchecked", "unread")
                     if status[k])
    return (f"{report.source_name}\n    {report.department.name} | {report.year} | {report.kind.value}{scope}"
            f" | tables {len(report.tables)} [{kinds}] rows {rows}"
            f" | perf {len(report.performance)} | findings {sev_text} | {seconds:.1f}s"
            f"\n    proof: {proof} | figures stored {figures}" + "".join("\n" + n for n in notes))


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
    print(f"{len(files)} documents under {corpus}  (tables: " +
          " ".join(f"{v}={k}" for k, v in SHORT.items()) + ")")
    t0 = time.perf_counter()
    reports, refused, secs = parse_all(files)
    overall: Counter = Counter()
    stored = 0
    for r in reports:
        print(describe(r, sum(secs.get(part, 0.0) for part in r.source_name.split("+"))), flush=True)
        status, _, figures = proofs(r)
        overall.update(status)
        stored += figures
    for f, message in refused.items():
        print(f"{f.relative_to(corpus) if f.is_relative_to(corpus) else f}\n    REFUSED: {message}")
    print(f"\n{len(files) - len(refused)} documents read as {len(reports)} reports, {len(refused)} refused, "
          f"of {len(files)} documents, in {time.perf_counter() - t0:.0f} s")
    printed = sum(overall.values()) - overall["empty"]
    proven = overall["verified"] + overall["verified-with-errors"]
    print(f"tables with figures {printed}: verified {overall['verified']}, verified with the document's errors "
          f"{overall['verified-with-errors']}, unchecked {overall['unchecked']}, unread {overall['unread']} "
          f"({100 * proven / max(printed, 1):.1f} % verified); empty {overall['empty']}; figures stored {stored}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
