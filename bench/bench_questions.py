"""Question latency on a large generated store: p50/p95 of every canned question.

Generates (or reuses, see ``bench/gen_store.py``) a store of N reports, then times each canned
question as ``budgetkg ask`` answers it (:func:`budgetkg.query.questions.ask`: parameters resolved
first, then the question bound to the reports they select), in these cases:

- ``department``: ``--department`` = the full name of a department picked from the store (a
  different one each round; each has one report per year);
- ``dept+year``: the same with ``--year``;
- ``year``: ``--year`` alone (a tenth of the store; with ``--cases``, not by default: a thousand
  reports' rows);
- ``all``: no parameter — every report of the store (three rounds; by default for ``reports``
  and ``top-changes`` only: the other questions then list every row of ten thousand reports,
  which is an export, not a question — ``--cases all`` times them too);

plus the corpus-wide aggregation "expenditure by 类 and year over all departments" (from
``bkg:ClassTotal``). The questions across reports (``# reports: across``: trend, execution,
compare, project-history, top-changes) run the same cases: ``department`` reads its ten years.
"cpu" columns give the CPU time of the same runs (the steadier figure on a shared machine).
"first ms" is one run for a department no round asks for (its rows not yet cached), before the
rounds. Prints a table and the targets of issue 12: a department's question p95 < 50 ms, the
aggregation and ``top-changes`` over all departments < 2 s, ``reports`` < 1 s.

Usage: ``python bench/bench_questions.py [--reports N] [--store DIR] [--rounds R]``;
``--queries DIR --single`` times other question files with :func:`bind` alone (one query, no
resolution), for a before/after comparison. Not a test: asserts nothing; run by ``make bench``.
"""
from __future__ import annotations

import argparse
import functools
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import gen_store  # noqa: E402

from budgetkg.load.store import BudgetStore  # noqa: E402
from budgetkg.load.summary_index import in_step as summary_in_step  # noqa: E402
from budgetkg.query.questions import (  # noqa: E402
    LOOKUP_COLUMN,
    bind,
    list_questions,
    ordered,
    prepare,
    run_query,
    run_select,
    store_label_matcher,
    summary_answer,
)

TARGET_DEPARTMENT_P95 = 0.050
TARGET_AGGREGATION = 2.0
TARGET_REPORTS = 1.0

AGGREGATION = """PREFIX bkg: <https://w3id.org/budgetkg/ontology#>
PREFIX obeu-measure: <http://data.openbudgets.eu/ontology/dsd/measure/>
SELECT ?year ?code (SUM(?amount) AS ?total) (COUNT(?c) AS ?reports) WHERE {
  ?c a bkg:ClassTotal ; bkg:code ?code ; bkg:fiscalYear ?year ; obeu-measure:amount ?amount .
} GROUP BY ?year ?code ORDER BY ?year ?code"""

#: Questions also timed without parameters by default: every report (``reports``), and the
#: largest changes across all departments (``top-changes``) — corpus-wide questions, not exports.
EVERYTHING = {"reports": ("all",), "top-changes": ("all",), "three-public": ("all",)}
#: Issue 25: every question at N reports within this many times its time on the small store …
TARGET_FLAT_RATIO = 1.5
#: … or under this, whichever is larger.
TARGET_FLAT_FLOOR = 0.050
#: The small store the ratios are taken against.
SMALL_REPORTS = 5

DEPARTMENTS = """PREFIX bkg: <https://w3id.org/budgetkg/ontology#>
SELECT DISTINCT ?department WHERE { ?report bkg:departmentLabel ?department } LIMIT 2000"""


def timed(fn) -> tuple[float, int]:
    t0 = time.perf_counter()
    rows = fn()
    return time.perf_counter() - t0, rows


def cpu_timed(fn) -> tuple[float, float, int]:
    """Wall and CPU seconds of ``fn()`` (this process, all threads: the engine runs in it), and its
    result. On a machine other jobs share, the CPU time is the steadier figure."""
    t0, c0 = time.perf_counter(), time.process_time()
    rows = fn()
    return time.perf_counter() - t0, time.process_time() - c0, rows


def percentile(values: list[float], p: float) -> float:
    """The p-th percentile (nearest rank) of ``values``."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered) + 0.5) - 1))]


def time_store(path: Path, meta: dict, questions, cases: list[str], rounds: int, single: bool,
               show: bool = True) -> tuple[dict, tuple[float, float, int]]:
    """Time every question of ``questions`` in every case on the store at ``path``: returns
    {(question, case): (first, p50, p95, cpu p50, cpu p95, rows)} and the aggregation's
    (warm seconds, first-run seconds, rows); prints the table when ``show``."""
    results = {}
    with BudgetStore(path, read_only=True) as store:
        t_sync, _ = timed(lambda: store_label_matcher(store))  # the label index synced if stale
        t_summary, _ = timed(lambda: summary_in_step(store))     # the summary index likewise
        if show:
            print(f"label index in step in {t_sync * 1000:.0f} ms, summary index in {t_summary * 1000:.0f} ms "
                  "(a sync when the store was written since)")

        def ask(q, params):
            if single:
                return len(run_select(store, bind(q, params), q.columns, guard=False).rows)
            # as questions.ask does: a whole-store question from the summaries kept per report
            if q.summary and all(v is None for v in params.values()):
                summarised = summary_answer(store, q)
                if summarised is not None:
                    return len(ordered(q, summarised).rows)
            # as questions.ask does: the label index (checked in step) when a department is given
            labels = store_label_matcher(store) if params.get("department") is not None else None
            sparql = prepare(q, params, lambda s: [sol[LOOKUP_COLUMN].value for sol in run_query(store, s, guard=False)],
                             labels)
            return 0 if sparql is None else len(run_select(store, sparql, q.columns, guard=False).rows)

        departments = sorted(sol["department"].value for sol in run_query(store, DEPARTMENTS))
        rng = random.Random(12)
        picks = [rng.choice(departments) for _ in range(rounds)]
        spare = rng.choice(departments)
        years = [gen_store.LAST_YEAR - rng.randrange(min(meta["years"], meta["reports"])) for _ in range(rounds)]
        if meta["reports"] < meta["years"]:   # a small store: its one department's years are the last ones
            years = [y - (meta["years"] - meta["reports"]) for y in years]
        if show:
            print(f"{'question':28} {'case':11} {'first ms':>9} {'p50 ms':>9} {'p95 ms':>9} {'cpu p50':>9} "
                  f"{'cpu p95':>9} {'rows':>9}")
        for q in questions:
            for case in cases + [c for c in EVERYTHING.get(q.name, ()) if c not in cases]:
                if case == "all":
                    runs = [{}] * min(3, rounds)
                elif case == "department":
                    runs = [{"department": d} for d in picks]
                elif case == "dept+year":
                    runs = [{"department": d, "year": y} for d, y in zip(picks, years)]
                else:
                    runs = [{"year": y} for y in years[:3]]
                # the first run of a question (its department not read before: a cold cache for its rows)
                cold = {**runs[0], **({"department": spare} if "department" in runs[0] else {})}
                first, _ = timed(functools.partial(ask, q, cold))
                times, cpus, rows = [], [], []
                for params in runs:
                    t, c, n = cpu_timed(functools.partial(ask, q, params))
                    times.append(t)
                    cpus.append(c)
                    rows.append(n)
                results[q.name, case] = (first, percentile(times, 50), percentile(times, 95),
                                         percentile(cpus, 50), percentile(cpus, 95), statistics.median(rows))
                if show:
                    r = results[q.name, case]
                    print(f"{q.name:28} {case:11} {r[0] * 1000:9.1f} {r[1] * 1000:9.1f} {r[2] * 1000:9.1f} "
                          f"{r[3] * 1000:9.1f} {r[4] * 1000:9.1f} {r[5]:9.0f}", flush=True)
        # first run from a cold cache, then warm: the totals read a few triples of every report
        t_cold, n_agg = timed(lambda: len(list(run_query(store, AGGREGATION, guard=False))))
        t_agg = min(timed(lambda: len(list(run_query(store, AGGREGATION, guard=False))))[0] for _ in range(3))
        if show:
            print(f"{'(expenditure by 类, year)':27} {'all':11} {t_agg * 1000:9.1f} {'':9} {n_agg:9}"
                  f"   first run {t_cold * 1000:.0f} ms")
    return results, (t_agg, t_cold, n_agg)


def print_flatness(big: dict, small: dict, n_big: int, n_small: int) -> None:
    """Issue 25's goal per question and case: the time (CPU p50, the steadier figure on a shared
    machine; wall p50 beside it) at ``n_big`` reports against ``n_small``, with its goal:
    max(1.5 × the small store's time, 50 ms)."""
    print(f"questions flat in store size (issue 25): cpu p50 at {n_small} and at {n_big:,} reports, "
          f"ratio, goal = max({TARGET_FLAT_RATIO}× the time at {n_small}, {TARGET_FLAT_FLOOR * 1000:.0f} ms)")
    print(f"{'question':28} {'case':11} {f'at {n_small} ms':>10} {f'at {n_big} ms':>11} {'ratio':>7} "
          f"{'goal ms':>8} {'wall ms':>9}  verdict")
    missed = []
    for key, r in big.items():
        if key not in small:
            continue
        t_small, t_big = small[key][3], r[3]
        goal = max(TARGET_FLAT_RATIO * t_small, TARGET_FLAT_FLOOR)
        ok = t_big <= goal
        if not ok:
            missed.append(key)
        print(f"{key[0]:28} {key[1]:11} {t_small * 1000:10.1f} {t_big * 1000:11.1f} "
              f"{t_big / max(t_small, 1e-9):6.1f}× {goal * 1000:8.1f} {r[1] * 1000:9.1f}  {'met' if ok else 'NOT met'}")
    print(f"  flat in store size: {len(big) - len(missed)} of {len(big)} met"
          + (f"; not met: {', '.join(f'{q} ({c})' for q, c in missed)}" if missed else ""))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reports", "-n", type=int, default=int(os.environ.get("BENCH_REPORTS") or 10_000))
    ap.add_argument("--store", type=Path, help="a generated store to time, read only, never regenerated "
                    "(default: .budgetkg/bench-store-N, generated or reused)")
    ap.add_argument("--rounds", type=int, default=20, help="rounds per parameterised case (default 20)")
    ap.add_argument("--queries", type=Path, help="time the .rq files of this folder instead")
    ap.add_argument("--single", action="store_true", help="one query per question (bind only, no resolution)")
    ap.add_argument("--only", help="comma-separated question names")
    ap.add_argument("--cases", default="department,dept+year", help="cases to run for every question "
                    "(department, dept+year, year, all); `reports`, `three-public` and `top-changes` always "
                    "run `all` as well")
    ap.add_argument("--no-small", action="store_true", help=f"skip the {SMALL_REPORTS}-report store and the "
                    "flatness table")
    args = ap.parse_args(argv)

    if args.store:
        # a store given is only read, never regenerated (it may be shared, or from another version)
        path = args.store
        meta = gen_store.read_meta(path)
        how = "given" if meta.get("version") == gen_store.generator_version() else \
            "given; written by another generator version"
    else:
        path = ROOT / ".budgetkg" / f"bench-store-{args.reports}"
        meta = gen_store.generate(path, args.reports, sources=[ROOT / "data"])
        how = "cached" if meta["cached"] else f"generated in {meta['parse_seconds'] + meta['load_seconds']:.0f} s"
    print(f"question latency: {meta['reports']:,} reports, {meta['quads']:,} quads ({how}), "
          f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}")

    questions = list_questions(args.queries) if args.queries else list_questions()
    if args.only:
        wanted = set(args.only.split(","))
        questions = [q for q in questions if q.name in wanted]
    cases = args.cases.split(",")
    big, (t_agg, _, _) = time_store(path, meta, questions, cases, args.rounds, args.single)
    department_p95 = [(r[2], q, c) for (q, c), r in big.items() if c in ("department", "dept+year")
                      and not _across(questions, q)]
    across_p95 = [(r[2], q, c) for (q, c), r in big.items() if c in ("department", "dept+year")
                  and _across(questions, q)]
    reports_all = big.get(("reports", "all"), (None, None))[1]
    changes_all = big.get(("top-changes", "all"), (None, None))[1]

    print("targets (issue 12):")
    for label, p95s in (("a department's question p95", department_p95),
                        ("a department's question across its reports (years, budget vs final) p95", across_p95)):
        if p95s:
            worst = max(p95s)
            print(f"  {label} < {TARGET_DEPARTMENT_P95 * 1000:.0f} ms: worst {worst[0] * 1000:.1f} ms "
                  f"({worst[1]}, {worst[2]}) — {'met' if worst[0] < TARGET_DEPARTMENT_P95 else 'NOT met'}")
    print(f"  totals by 类 and year over all departments < {TARGET_AGGREGATION:.0f} s: {t_agg:.2f} s — "
          f"{'met' if t_agg < TARGET_AGGREGATION else 'NOT met'}")
    if changes_all is not None:
        print(f"  `ask top-changes` over all departments < {TARGET_AGGREGATION:.0f} s: {changes_all:.2f} s — "
              f"{'met' if changes_all < TARGET_AGGREGATION else 'NOT met'}")
    if reports_all is not None:
        print(f"  `ask reports` < {TARGET_REPORTS:.0f} s: {reports_all:.2f} s — "
              f"{'met' if reports_all < TARGET_REPORTS else 'NOT met'}")
    if not args.no_small and not args.store:
        small_path = ROOT / ".budgetkg" / f"bench-store-{SMALL_REPORTS}"
        small_meta = gen_store.generate(small_path, SMALL_REPORTS, sources=[ROOT / "data"])
        small, _ = time_store(small_path, small_meta, questions, cases, args.rounds, args.single, show=False)
        print_flatness(big, small, meta["reports"], SMALL_REPORTS)
    return 0


def _across(questions, name: str) -> bool:
    return any(q.name == name and q.across for q in questions)


if __name__ == "__main__":
    raise SystemExit(main())
