"""Scale past one machine: the Dask path against the single-process path, on the corpus repeated.

The corpus's reports (``../shared/corpus`` without its ``not-reports`` folders) are hard-linked K times
under copy names (``c003__<name>``) into one folder, and read:

- **single process**: ``budgetkg ingest -j 1 --allow-duplicates --keep-going`` of ``--single``
  copies (default 1) into a fresh store — one core's throughput;
- **Dask**: ``budgetkg ingest --dask local -j W --shards DIR --keep-going`` of ``--copies`` copies
  (default 5; issue 25 asks for 100, ~45 minutes of two busy cores here) on a local cluster of W
  single-threaded workers (default: the cores) — the parse stage, one N-Quads shard per report;
- **loading the shards**: ``budgetkg load`` into a fresh store, and ``budgetkg load --gsp`` (one
  ``PUT`` per report graph) into an Oxigraph server started for the run (``oxigraph serve``) —
  the Graph Store path.

Every copy is parsed in full; the copies of one file are the same report, which the duplicate
rules then keep once (so the stores hold one copy: their size is not what is measured here, see
``bench_questions.py`` for stores of 10,000 reports). Each run is a fresh process; its wall and
CPU time (its own and its children's, the Dask workers included) give reports/hour per core:
wall-clock over the cores it used, and per CPU-hour (the steadier figure on a shared machine).

Usage: ``python bench/bench_dask.py [--copies K] [--single S] [--workers W]``. Not a test; run by
``make bench``.
"""
from __future__ import annotations

import argparse
import os
import resource
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"
BIN = Path(sys.executable).parent


def corpus_files(corpus: Path) -> list[Path]:
    """The corpus's report files (what ``ingest`` of the folder reads), without ``not-reports``."""
    sys.path.insert(0, str(ROOT))
    from budgetkg.sources.read import discover_reports
    return [f for f in discover_reports([corpus]) if "not-reports" not in f.relative_to(corpus).parts]


def link_copies(files: list[Path], corpus: Path, target: Path, copies: int) -> int:
    """``copies`` links to every file under ``target`` (copy number first in the name)."""
    target.mkdir(parents=True)
    for k in range(copies):
        for f in files:
            name = f"c{k:03d}__" + f.relative_to(corpus).as_posix().replace("/", "__")
            try:
                os.link(f, target / name)  # a hard link (ingest does not follow symbolic links)
            except OSError:
                shutil.copyfile(f, target / name)
    return copies * len(files)


def _children_cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def run(args: list[str], env: dict | None = None) -> tuple[float, float, str]:
    """Wall and CPU seconds (the process and every child it waited for) of one budgetkg command."""
    w, c = time.perf_counter(), _children_cpu()
    proc = subprocess.run([str(BIN / "budgetkg"), *args], capture_output=True, text=True, env=env)
    wall, cpu = time.perf_counter() - w, _children_cpu() - c
    if proc.returncode not in (0, 1):  # 1: some files refused (the copies) with --keep-going
        raise SystemExit(f"budgetkg {' '.join(args[:2])} failed ({proc.returncode}): {proc.stderr[-2000:]}")
    return wall, cpu, proc.stdout + proc.stderr


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def gsp_load(shards: Path, tmp: Path) -> tuple[float, float] | None:
    """``budgetkg load --gsp`` of the shards into a fresh ``oxigraph serve``; None without the binary."""
    binary = shutil.which("oxigraph") or (str(BIN / "oxigraph") if (BIN / "oxigraph").exists() else None)
    if binary is None:
        return None
    port = _free_port()
    server = subprocess.Popen([binary, "serve", "--location", str(tmp / "gsp-store"), "--bind", f"127.0.0.1:{port}"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(100):
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.1)
        wall, cpu, _ = run(["load", str(shards), "--gsp", f"http://127.0.0.1:{port}/store", "-q"])
        return wall, cpu
    finally:
        server.terminate()
        server.wait(timeout=30)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--copies", type=int, default=int(os.environ.get("BENCH_DASK_COPIES") or 5),
                    help="copies of the corpus read on Dask (default 5)")
    ap.add_argument("--single", type=int, default=1, help="copies read by the single process (default 1)")
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="Dask workers (default: the cores)")
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    args = ap.parse_args(argv)
    if not args.corpus.is_dir():
        print(f"bench_dask: no corpus at {args.corpus}; skipped")
        return 0
    started = time.perf_counter()
    files = corpus_files(args.corpus)
    print(f"Dask path vs single process: corpus of {len(files)} report files, {os.cpu_count()} cores, "
          f"load average {os.getloadavg()[0]:.1f} at the start")
    print(f"{'path':34} {'reports':>8} {'wall s':>8} {'CPU s':>8} {'cores':>5} {'rep/h/core (wall)':>18} "
          f"{'rep/CPU-h':>10}")
    rates = {}
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)

        def line(label: str, n: int, wall: float, cpu: float, cores: int) -> None:
            rates[label] = (n / wall * 3600 / cores, n / cpu * 3600)
            print(f"{label:34} {n:8} {wall:8.1f} {cpu:8.1f} {cores:5} {rates[label][0]:18,.0f} "
                  f"{rates[label][1]:10,.0f}", flush=True)

        n1 = link_copies(files, args.corpus, tmp / "single", args.single)
        wall, cpu, _ = run(["ingest", str(tmp / "single"), "-j", "1", "--allow-duplicates", "--keep-going", "-q",
                            "--store", str(tmp / "store-single")])
        line(f"single process ×{args.single} (ingest -j 1)", n1, wall, cpu, 1)

        nk = link_copies(files, args.corpus, tmp / "dask", args.copies)
        shards = tmp / "shards"
        wall, cpu, _ = run(["ingest", str(tmp / "dask"), "--dask", "local", "-j", str(args.workers), "--shards",
                            str(shards), "--keep-going", "-q"])
        line(f"Dask ×{args.copies} (ingest --dask local -j {args.workers})", nk, wall, cpu, args.workers)
        n_shards = sum(1 for _ in shards.glob("*.nq"))
        wall, cpu, _ = run(["load", str(shards), "--store", str(tmp / "store-dask"), "-q"])
        print(f"  budgetkg load of its {n_shards} shards into a store: {wall:.1f} s wall, {cpu:.1f} s CPU")
        pushed = gsp_load(shards, tmp)
        if pushed:
            print(f"  budgetkg load --gsp of its {n_shards} shards into oxigraph serve: {pushed[0]:.1f} s wall, "
                  f"{pushed[1]:.1f} s CPU (the client's)")
    single, dask = rates[next(iter(rates))], rates[list(rates)[-1]]
    print(f"Dask / single process, reports per hour per core: {dask[0] / single[0]:.2f}× wall, "
          f"{dask[1] / single[1]:.2f}× per CPU-hour   (goal, issue 25: measured and printed)")
    print(f"bench_dask took {time.perf_counter() - started:.0f} s, load average {os.getloadavg()[0]:.1f} at the end")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
