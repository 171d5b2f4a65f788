"""Time building the three graphs on a store made K times larger.

    python bench/bench_graphs.py STORE [-k 10]

Copies every report graph of STORE K times into a temporary store (each copy's data IRIs under
its own prefix, so the copies are K times as many departments, reports and rows), then builds
hierarchy, spending and policies once each and prints nodes, edges and seconds. Graph building is
one query per graph, so the time should grow about linearly with K.
"""
from __future__ import annotations

import argparse
import tempfile
import time

import pyoxigraph as ox

from budgetkg.graphs import build
from budgetkg.store import BudgetStore

DATA = "https://w3id.org/budgetkg/id/"


def _copy(term, k: int):
    if isinstance(term, ox.NamedNode) and term.value.startswith(DATA):
        return ox.NamedNode(f"{DATA}copy{k}/{term.value[len(DATA):]}")
    return term


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("store")
    ap.add_argument("-k", type=int, default=10)
    args = ap.parse_args()
    source = BudgetStore(args.store, read_only=True)
    quads = list(source.store.quads_for_pattern(None, None, None, None))
    with tempfile.TemporaryDirectory() as tmp:
        big = ox.Store(tmp)
        t = time.perf_counter()
        big.bulk_extend(ox.Quad(_copy(q.subject, k), q.predicate, _copy(q.object, k), _copy(q.graph_name, k))
                        for k in range(args.k) for q in quads)
        big.flush()
        print(f"{len(quads) * args.k:,} quads loaded in {time.perf_counter() - t:.1f} s")
        store = BudgetStore.__new__(BudgetStore)
        store.store = big
        for name in ("hierarchy", "spending", "policies"):
            t = time.perf_counter()
            g = build(store, name).graph
            print(f"{name:10} {g.number_of_nodes():7,} nodes {g.number_of_edges():7,} edges "
                  f"{time.perf_counter() - t:6.2f} s")


if __name__ == "__main__":
    main()
