"""Ingest benchmark: the sample corpus repeated to N reports.

Prints, per corpus size (default 500 and 2,000 reports, 2 workers; ``--workers 1,2`` adds a
one-worker run at the first size), reports/s and the peak memory of the ingest process and
of its largest worker, each run in a fresh interpreter, and how the ingest process's peak
grows per 1,000 reports; then the store-write path of ingest (per-report graphs bulk-loaded
under markers and committed, as `budgetkg load` does) against Oxigraph's own bulk_load of
the same quads, as a ratio: ``--repeat`` runs of each, interleaved, the median and the
spread of the wall-clock ratio and of the CPU-time ratio (CPU time is what the machine's
other jobs disturb least). Not a test: it asserts nothing and is run by `make bench`.
"""
from __future__ import annotations

import argparse
import io
import resource
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from budgetkg.config import Settings  # noqa: E402
from budgetkg.load.pipeline import ingest  # noqa: E402
from budgetkg.load.store import BudgetStore  # noqa: E402

_CJK_DIGITS = "〇一二三四五六七八九"


def build_corpus(target: Path, n: int) -> list[Path]:
    """N text reports: the samples, each copy under its own department (the end of the name,
    which text pulled from PDFs never breaks, with a copy number in Chinese digits appended), so
    that every copy is a report of its own — a report's identity is its department, year and
    kind, not its file name."""
    from budgetkg.check.read import read_report
    samples = sorted((ROOT / "data").glob("*.txt"))  # the text reports; PDFs are timed apart
    texts = [(s, s.read_text(encoding="utf-8"), read_report(s).department.name) for s in samples]
    files = []
    for i in range(n):
        src, text, dept = texts[i % len(texts)]
        copy = "".join(_CJK_DIGITS[int(d)] for d in str(i // len(texts)))
        dst = target / f"{i:04d}_{src.name}"
        dst.write_text(text.replace(dept[-6:], dept[-6:] + "第" + copy + "分部"), encoding="utf-8")
        files.append(dst)
    return files


def _child(files_dir: Path, store: Path, workers: int) -> None:
    """Run one ingest in this (fresh) process and print its figures as key=value."""
    t0 = time.perf_counter()
    result = ingest([files_dir], Settings.load(store=store), workers=workers)
    wall = time.perf_counter() - t0
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"wall={wall:.3f} reports={len(result.reports)} quads={result.quads} errors={len(result.errors)} "
          f"rss={own:.0f} rss_children={kids:.0f}")


def run_ingest(files_dir: Path, store: Path, workers: int) -> dict[str, float]:
    """One ingest in a fresh interpreter (so peak memory is its own): wall time, reports, quads,
    peak RSS of the ingest process and of its largest worker, in MiB."""
    import subprocess
    out = subprocess.run([sys.executable, __file__, "--child", str(files_dir), str(store), str(workers)],
                         check=True, capture_output=True, text=True).stdout.split()
    return {k: float(v) for k, v in (item.split("=") for item in out)}


def _cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)  # every thread of this process (the loader's too)
    return r.ru_utime + r.ru_stime


def _timed(action) -> tuple[float, float]:
    """(wall, CPU) seconds of ``action()``."""
    w, c = time.perf_counter(), _cpu()
    action()
    return time.perf_counter() - w, _cpu() - c


def write_path_vs_bulk(store_path: Path, tmp: Path, repeat: int = 3) -> tuple[list, int]:
    """``repeat`` pairs of (wall, CPU) seconds — `budgetkg load` of per-report shards, and
    Oxigraph's bulk_load of the same quads into a fresh store — and the quads: the store-write
    path of ingest (markers, chunks, commit) against the store's own fastest load. The two
    alternate which runs first, so a change in the machine's load falls on both."""
    from budgetkg.load.shard_load import load_into_store
    store = BudgetStore(store_path, read_only=True)
    shards = tmp / "shards"
    shards.mkdir()
    everything = io.BytesIO()
    n = 0
    for i, g in enumerate(g for g in store.graphs() if "/report/" in g.value):
        quads = list(store.quads(g))
        data = ox.serialize(quads, format=ox.RdfFormat.N_QUADS)
        (shards / f"{i:06d}.nq").write_bytes(f"# budgetkg-shard graph=<{g.value}> quads={len(quads)}\n".encode()
                                              + data)
        everything.write(data)
        n += len(quads)
    store.close()
    data = everything.getvalue()

    def ours() -> None:
        load_into_store([shards], tmp / "loaded")

    def bulk() -> None:
        baseline = ox.Store(str(tmp / "bulk"))
        baseline.bulk_load(data, ox.RdfFormat.N_QUADS)
        baseline.flush()
        del baseline

    runs = []
    for k in range(repeat):
        for target in ("loaded", "bulk"):
            shutil.rmtree(tmp / target, ignore_errors=True)
        if k % 2 == 0:
            a, b = _timed(ours), _timed(bulk)
        else:
            b, a = _timed(bulk), _timed(ours)
        runs.append((a, b))
        print(f"  run {k + 1}: write path {a[0]:6.1f} s wall {a[1]:6.1f} s CPU   bulk_load {b[0]:6.1f} s wall "
              f"{b[1]:6.1f} s CPU   ratio {a[0] / b[0]:.2f}x wall {a[1] / b[1]:.2f}x CPU", flush=True)
    for target in ("loaded", "bulk"):
        shutil.rmtree(tmp / target, ignore_errors=True)
    return runs, n


def main() -> None:
    if len(sys.argv) == 5 and sys.argv[1] == "--child":
        _child(Path(sys.argv[2]), Path(sys.argv[3]), int(sys.argv[4]))
        return
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("-n", "--reports", default="500,2000",
                    help="corpus sizes, comma-separated (peak memory is measured at each)")
    ap.add_argument("--workers", default="2", help="worker counts timed at the first size (the last one "
                                                   "at every size)")
    ap.add_argument("--repeat", type=int, default=3, help="runs of the write-path vs bulk_load comparison")
    args = ap.parse_args()
    sizes = [int(x) for x in args.reports.split(",")]
    worker_counts = [int(x) for x in args.workers.split(",")]
    print("ingest (text reports, each copy its own department; fresh process per run)")
    print(f"{'reports':>8} {'workers':>7} {'wall s':>8} {'reports/s':>9} {'quads':>9} "
          f"{'peak MiB (main)':>15} {'peak MiB (worker)':>17}")
    started = time.perf_counter()
    peaks: dict[int, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        first_store = None
        for size in sizes:
            corpus = tmp / f"corpus-{size}"
            corpus.mkdir()
            build_corpus(corpus, size)
            for workers in (worker_counts if size == sizes[0] else worker_counts[-1:]):
                store = tmp / f"store-{size}-{workers}"
                r = run_ingest(corpus, store, workers)
                print(f"{size:>8} {workers:>7} {r['wall']:>8.1f} {r['reports'] / r['wall']:>9.2f} "
                      f"{r['quads']:>9.0f} {r['rss']:>15.0f} {r['rss_children']:>17.0f}", flush=True)
                if workers == worker_counts[-1]:
                    peaks[size] = r["rss"]
                if r["errors"]:
                    print(f"         ({r['errors']:.0f} files refused)")
                if first_store is None:
                    first_store = store
                else:
                    shutil.rmtree(store)
            shutil.rmtree(corpus)
        if len(peaks) > 1:
            (a, pa), (b, pb) = min(peaks.items()), max(peaks.items())
            print(f"peak of the ingest process: {pa:.0f} MiB at {a} reports, {pb:.0f} MiB at {b} reports: "
                  f"{(pb - pa) / (b - a) * 1000:+.0f} MiB per 1,000 reports")
        print(f"store write path (`load` of per-report shards) vs Oxigraph bulk_load, {args.repeat} runs each:")
        runs, n = write_path_vs_bulk(first_store, tmp, args.repeat)
    wall = sorted(a[0] / b[0] for a, b in runs)
    cpu = sorted(a[1] / b[1] for a, b in runs)
    print(f"ratio write path / bulk load of {n} quads: median {statistics.median(wall):.2f}x wall "
          f"(spread {wall[0]:.2f}–{wall[-1]:.2f}), median {statistics.median(cpu):.2f}x CPU "
          f"(spread {cpu[0]:.2f}–{cpu[-1]:.2f})   (target <= 1.5x)")
    print(f"bench_ingest took {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
