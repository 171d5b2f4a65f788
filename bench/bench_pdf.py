"""PDF reading benchmark: pages/s of ``read_pdf`` and of read + parse, against PDFium's raw
text extraction of the same pages (the floor no reader on PDFium can beat).

    python bench/bench_pdf.py                      # the sample PDFs in data/pdf
    python bench/bench_pdf.py /work/shared/corpus  # any folders or files
    python bench/bench_pdf.py --pdfplumber         # also the old pdfplumber/pdfminer reader
    python bench/bench_pdf.py --ocr-pages 0        # without the OCR line

The OCR line reads a scanned copy of the first pages of the first PDF (rendered grey at
150 dpi and saved as an image-only PDF in a temporary folder): the same reader, every page
through OCR. Its CPU time counts all of ONNX Runtime's threads.

Single process, one core. Not a test: it asserts nothing and is run by `make bench`.
"""
from __future__ import annotations

import argparse
import contextlib
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import pypdfium2 as pdfium  # noqa: E402

from budgetkg.errors import BudgetKGError  # noqa: E402
from budgetkg.parse.report import parse_document  # noqa: E402
from budgetkg.sources.pdf import read_pdf  # noqa: E402


def pdfs_in(paths: list[str]) -> list[Path]:
    found: list[Path] = []
    for p in map(Path, paths):
        found += sorted(p.rglob("*.pdf")) if p.is_dir() else [p]
    return found


def raw_text(pdf: Path) -> None:
    """PDFium's own text extraction of every page (what issue 12 measured at ~850 pages/s)."""
    doc = pdfium.PdfDocument(pdf)
    n = len(doc)
    for i in range(n):
        page = doc[i]
        textpage = page.get_textpage()
        textpage.get_text_range()
        textpage.close()
        page.close()
    doc.close()


def read_only(pdf: Path) -> None:
    read_pdf(pdf)


def read_and_parse(pdf: Path) -> None:
    doc = read_pdf(pdf)
    with contextlib.suppress(BudgetKGError):  # not a report: the reading still counts
        parse_document(doc)


def old_reader(pdf: Path) -> None:
    """The pdfplumber/pdfminer reader this module replaced (pages read the same way)."""
    import pdfplumber
    with pdfplumber.open(pdf) as doc:
        for page in doc.pages:
            page.find_tables()
            page.extract_text_lines(layout=False, strip=True)


def scanned_copy(pdf: Path, pages: int, folder: Path) -> Path:
    """An image-only PDF of the first ``pages`` pages of ``pdf`` (grey, 150 dpi): a scan of it."""
    doc = pdfium.PdfDocument(pdf)
    images = [doc[i].render(scale=150 / 72, grayscale=True).to_pil().convert("L")
              for i in range(min(pages, len(doc)))]
    out = folder / f"scanned-{pdf.stem}.pdf"
    images[0].save(out, save_all=True, append_images=images[1:], resolution=150)
    return out


def timed(fn, pdfs: list[Path]) -> tuple[int, float, float]:
    """(pages, wall seconds, CPU seconds of this process) for ``fn`` over ``pdfs``."""
    pages = sum(len(pdfium.PdfDocument(pdf)) for pdf in pdfs)
    w0, c0 = time.perf_counter(), time.process_time()
    for pdf in pdfs:
        with contextlib.suppress(BudgetKGError):
            fn(pdf)
    return pages, time.perf_counter() - w0, time.process_time() - c0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("paths", nargs="*", default=[str(ROOT / "data" / "pdf")])
    ap.add_argument("--pdfplumber", action="store_true", help="also time the old pdfplumber reader")
    ap.add_argument("--ocr-pages", type=int, default=4, metavar="N",
                    help="time OCR on a scanned copy of the first N pages of the first PDF (0: not)")
    args = ap.parse_args()
    pdfs = pdfs_in(args.paths)
    runs = [("pypdfium2 raw text", raw_text), ("read_pdf", read_only), ("read_pdf + parse", read_and_parse)]
    if args.pdfplumber:
        runs.append(("pdfplumber (old reader)", old_reader))
    read_and_parse(pdfs[0])  # load the NLP model and warm caches outside the timing
    floor = None
    print(f"{len(pdfs)} PDFs; pages/s per core from CPU time (wall time in brackets: other load counts there)")
    for name, fn in runs:
        pages, wall, cpu = timed(fn, pdfs)
        rate = pages / cpu if cpu else float("inf")
        floor = floor or rate
        print(f"{name:26s} {pages:6d} pages {cpu:7.2f} s CPU {rate:8.1f} pages/s "
              f"({pages / wall:6.1f} wall)   {floor / rate:5.1f}× the time of raw text")
    if args.ocr_pages > 0:
        with tempfile.TemporaryDirectory() as folder:
            scan = scanned_copy(pdfs[0], args.ocr_pages, Path(folder))
            from budgetkg.sources.ocr import _engine
            _engine()  # load the models outside the timing, as the NLP model above
            pages, wall, cpu = timed(read_only, [scan])
            text_pages, _, text_cpu = timed(read_only, [pdfs[0]])
            print(f"{'read_pdf, OCR (scanned)':26s} {pages:6d} pages {cpu:7.2f} s CPU {pages / cpu:8.2f} pages/s "
                  f"({pages / wall:6.2f} wall)   text layer of the same PDF: {text_pages / text_cpu:.1f} pages/s")


if __name__ == "__main__":
    main()
