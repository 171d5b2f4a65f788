"""Ingest benchmark: the sample corpus repeated to N reports.

Prints reports/s and triples/s for reading + parsing + mapping + storing, peak memory,
where the time goes by stage, and — in the same run — the time Oxigraph alone takes to
load the same quads from N-Quads, so that our cost shows as a ratio to the store's own.
Not a test: it asserts nothing and is run by `make bench`.
"""
from __future__ import annotations

import argparse
import io
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from budgetkg.config import Settings  # noqa: E402
from budgetkg.parse.report import parse_document  # noqa: E402
from budgetkg.pipeline import ingest, report_quads  # noqa: E402
from budgetkg.sources import read_document  # noqa: E402
from budgetkg.store import BudgetStore  # noqa: E402


def bench_pdf(rounds: int) -> tuple[int, float]:
    """(pages, seconds) for reading and parsing the sample PDFs ``rounds`` times."""
    import pdfplumber
    pdfs = sorted((ROOT / "data" / "pdf").glob("*.pdf"))
    pages = 0
    for pdf in pdfs:
        with pdfplumber.open(pdf) as doc:
            pages += len(doc.pages)
    t0 = time.perf_counter()
    for _ in range(rounds):
        for pdf in pdfs:
            parse_document(read_document(pdf))
    return pages * rounds, time.perf_counter() - t0


_CJK_DIGITS = "〇一二三四五六七八九"


def build_corpus(target: Path, n: int) -> list[Path]:
    """N text reports: the samples, each copy under its own department (the end of the name,
    which text pulled from PDFs never breaks, with a copy number in Chinese digits appended), so
    that every copy is a report of its own — a report's identity is its department, year and
    kind, not its file name."""
    from budgetkg.pipeline import read_report
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


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("-n", "--reports", type=int, default=500)
    ap.add_argument("--pdf-rounds", type=int, default=3, help="times each sample PDF is read")
    args = ap.parse_args()
    pdf_rate = bench_pdf(args.pdf_rounds)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        (tmp / "corpus").mkdir()
        files = build_corpus(tmp / "corpus", args.reports)
        settings = Settings.load(store=tmp / "store")

        t0 = time.perf_counter()
        result = ingest(files, settings)
        total = time.perf_counter() - t0
        peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        nquads = result.quads

        # where the time goes, stage by stage (the store write is the remainder)
        s0 = time.perf_counter()
        docs = [read_document(f) for f in files]
        s1 = time.perf_counter()
        reports = [parse_document(d) for d in docs]
        s2 = time.perf_counter()
        for r in reports:
            report_quads(r, settings.base)
        s3 = time.perf_counter()
        del docs, reports

        # the same quads, loaded by Oxigraph alone
        store = BudgetStore(settings.store, read_only=True)
        buf = io.BytesIO()
        ox.serialize((q for g in store.graphs() if "/report/" in g.value for q in store.quads(g)),
                     buf, ox.RdfFormat.N_QUADS)
        data = buf.getvalue()
        baseline = ox.Store(str(tmp / "baseline"))
        b0 = time.perf_counter()
        baseline.load(data, ox.RdfFormat.N_QUADS)
        baseline.flush()
        load = time.perf_counter() - b0
        bulk = ox.Store(str(tmp / "bulk"))
        b2 = time.perf_counter()
        bulk.bulk_load(data, ox.RdfFormat.N_QUADS)
        bulk_time = time.perf_counter() - b2

    write = total - (s3 - s0)
    print(f"reports ingested        {len(result.reports)} of {len(files)} files")
    print(f"quads                   {nquads}")
    print(f"total ingest            {total:8.2f} s   {len(files) / total:8.1f} reports/s   "
          f"{nquads / total:10.0f} triples/s")
    print(f"  read                  {s1 - s0:8.2f} s")
    print(f"  segment + parse       {s2 - s1:8.2f} s")
    print(f"  map to RDF            {s3 - s2:8.2f} s")
    print(f"  store write (rest)    {write:8.2f} s")
    print(f"peak memory (ingest)    {peak_mib:8.0f} MiB")
    print(f"oxigraph load (N-Quads) {load:8.2f} s   {nquads / load:10.0f} triples/s   "
          f"(bulk_load {bulk_time:.2f} s)")
    print(f"ratio ingest / load     {total / load:8.2f}x")
    pages, seconds = pdf_rate
    print(f"PDF read + parse        {seconds:8.2f} s   {pages / seconds:8.1f} pages/s ({pages} pages)")


if __name__ == "__main__":
    main()
