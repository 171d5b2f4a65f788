"""Time building the three networkx graphs on a large generated store.

    python bench/bench_graphs.py [--reports N ... | --store DIR] [--rounds R] [--query]

Generates (or reuses, see ``bench/gen_store.py``) a store of N reports — the one
``bench_questions.py`` uses, ``.budgetkg/bench-store-N`` — or opens ``--store`` read-only as it
is (never generated, never written: it may be shared), and builds hierarchy, spending and
policies: the first build in the process (the store's caches cold), then the best of R more
(warm). Each build is split into reading the rows (the reports' graph summaries, one literal a
report: :mod:`budgetkg.rdf.graph_summary`) and assembling the networkx graph from them; edges/s is
edges over the warm total. Several ``--reports`` give the growth with the store (it should be
linear: one literal a report). ``--query`` times the graph queries themselves instead of the
summaries (the path a store written without summaries takes), for a before/after comparison.

Not a test: asserts nothing; run by ``make bench``.
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import gen_store  # noqa: E402

from budgetkg.load.store import BudgetStore  # noqa: E402
from budgetkg.query.graphs import builders  # noqa: E402
from budgetkg.rdf.graph_queries import QUERIES, GraphKind  # noqa: E402
from budgetkg.rdf.graph_summary import SummaryMissing  # noqa: E402

ASSEMBLE = {GraphKind.HIERARCHY: (builders._hierarchy, {}),
            GraphKind.SPENDING: (builders._spending, {"year": None, "kind": "budget"}),
            GraphKind.POLICIES: (builders._policies, {})}


def _time(store, kind: GraphKind, query: bool) -> tuple[float, float, object, int]:
    """(seconds reading the rows, seconds assembling the graph, the built graph, rows)."""
    assemble, options = ASSEMBLE[kind]
    t0 = time.perf_counter()
    rows = list(builders._rows(store, QUERIES[kind]) if query else builders._summaries(store, kind))
    t1 = time.perf_counter()
    built = assemble(rows, **options)
    return t1 - t0, time.perf_counter() - t1, built, len(rows)


def bench(path: Path, reports: int | None, rounds: int, query: bool) -> None:
    """Time the three graphs on the store at ``path`` (generated first when ``reports`` is given)."""
    if reports is not None:
        meta = gen_store.generate(path, reports, sources=[ROOT / "data"])
        how = "cached" if meta["cached"] else f"generated in {meta['parse_seconds'] + meta['load_seconds']:.0f} s"
        what = f"{meta['reports']:,} reports, {meta['quads']:,} quads ({how})"
    else:
        what = str(path)
    with BudgetStore(path, read_only=True) as store:
        try:
            for _ in builders._summaries(store, GraphKind.HIERARCHY):
                pass
        except SummaryMissing as missing:
            print(f"  ({missing}: timing the graph queries)")
            query = True
    print(f"graph building: {what}, rows from {'the graph queries' if query else 'the graph summaries'}")
    print(f"  {'graph':10} {'nodes':>8} {'edges':>8} {'rows':>9} {'first s':>8} {'read s':>7} "
          f"{'build s':>8} {'warm s':>7} {'edges/s':>9}")
    with BudgetStore(path, read_only=True) as store:
        for kind in GraphKind:
            t_read, t_build, built, rows = _time(store, kind, query)
            first = t_read + t_build
            best = min((_time(store, kind, query) for _ in range(rounds)), key=lambda t: t[0] + t[1])
            warm = best[0] + best[1]
            g = built.graph
            print(f"  {kind.value:10} {g.number_of_nodes():8,} {g.number_of_edges():8,} {rows:9,} {first:8.2f} "
                  f"{best[0]:7.2f} {best[1]:8.2f} {warm:7.2f} {g.number_of_edges() / warm:9,.0f}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reports", "-n", type=int, action="append",
                    help="reports in the generated store (default $BENCH_REPORTS or 10000); may repeat")
    ap.add_argument("--store", type=Path, help="an existing store, opened read-only as it is (default: the "
                    "generated .budgetkg/bench-store-N)")
    ap.add_argument("--rounds", type=int, default=2, help="warm builds per graph (default 2)")
    ap.add_argument("--query", action="store_true", help="read the graph queries, not the summaries")
    args = ap.parse_args(argv)
    if args.store is not None:
        bench(args.store, None, args.rounds, args.query)
        return 0
    for n in args.reports or [int(os.environ.get("BENCH_REPORTS") or 10_000)]:
        bench(ROOT / ".budgetkg" / f"bench-store-{n}", n, args.rounds, args.query)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
