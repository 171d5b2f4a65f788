"""What the proof of a reading costs: parse time of the corpus's PDFs with and without
:func:`budgetkg.parse.proof.prove_tables`, interleaved in one run (a ratio, since the machine is
noisy), and the read + parse pages/s per core with the proof.

    python bench/bench_proof.py                     # ../shared/corpus
    python bench/bench_proof.py FOLDER --rounds 5

Each document is read once (the reader is the same either way); each round parses every document
once with the proof and once with ``prove_tables`` replaced by a pass-through, alternating which
goes first. Not a test: it asserts nothing and is run by `make bench`.

Its last line is issue 25's reading goal: read + parse against PDFium's plain text extraction
(``FPDFText_GetText`` of every page: open, load the page and its text page, take the text) of the
same files in the same run, as a fraction of its speed (goal >= 1/4).
"""
from __future__ import annotations

import argparse
import contextlib
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


from bench.bench_pdf import raw_text as plain_text  # noqa: E402  (PDFium's own text extraction: the floor)
from budgetkg.errors import BudgetKGError  # noqa: E402
from budgetkg.parse import report as parse_report  # noqa: E402
from budgetkg.parse.report import parse_document  # noqa: E402
from budgetkg.sources.pdf import read_pdf  # noqa: E402


def _without_proof(tables, totals, ctx, **_):  # the parse as it was before the proof: tables as read
    return list(tables)



def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", nargs="?", default=str(ROOT.parent / "shared" / "corpus"))
    ap.add_argument("--rounds", type=int, default=3)
    ns = ap.parse_args()
    docs, pages, read_cpu, paths = [], 0, 0.0, []
    for path in sorted(Path(ns.corpus).rglob("*.pdf")):
        t0 = time.process_time()
        try:
            doc = read_pdf(path)
        except BudgetKGError:
            continue
        if doc.ocr_pages:
            continue  # scanned: the reader's OCR time would drown the parse (bench_pdf times OCR)
        read_cpu += time.process_time() - t0
        docs.append(doc)
        paths.append(path)
        pages += len({ln.page for ln in doc.lines})
    proved = parse_report.prove_tables
    with_proof: list[float] = []
    without: list[float] = []
    for r in range(ns.rounds):
        for first in ((True, False) if r % 2 == 0 else (False, True)):
            parse_report.prove_tables = proved if first else _without_proof
            t0 = time.process_time()
            for doc in docs:
                with contextlib.suppress(BudgetKGError):
                    parse_document(doc)
            (with_proof if first else without).append(time.process_time() - t0)
    parse_report.prove_tables = proved
    raw: list[float] = []
    for _ in range(ns.rounds):
        t0 = time.process_time()
        for path in paths:
            plain_text(path)
        raw.append(time.process_time() - t0)
    w, wo = statistics.median(with_proof), statistics.median(without)
    print(f"{len(docs)} PDFs, {pages} pages; read {read_cpu:.2f} s CPU")
    print(f"parse with the proof {w:.2f} s, without {wo:.2f} s (median of {ns.rounds}): ratio {w / wo:.3f}")
    print(f"read + parse with / without the proof: ratio {(read_cpu + w) / (read_cpu + wo):.3f} (goal <= 1.10)")
    print(f"read + parse with the proof: {pages / (read_cpu + w):.0f} pages/s per core (goal >= 100)")
    floor = statistics.median(raw)
    print(f"read + parse vs PDFium plain text (FPDFText_GetText of every page, {pages / floor:.0f} pages/s): "
          f"1/{(read_cpu + w) / floor:.1f} of its speed (goal >= 1/4)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
