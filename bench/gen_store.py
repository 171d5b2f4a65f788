"""Generate a large budgetkg store for question benchmarks: N reports, bulk-loaded.

The sample reports (``data/`` by default: the demo text reports and PDFs) are parsed and
mapped once; their N-Quads are then replicated under distinct departments and years. A copy
is made by rewriting text, consistently, in every IRI and literal of the source graph:

- the department's names (its printed name, alternative names, normalised, short, key and
  IRI-slug forms) get a copy prefix ``样本0042`` — so organisation IRIs, report IRIs, labels, titles and
  the units minted under the department all follow;
- the fiscal year (report IRI segment, ``bkg:fiscalYear``, ``xsd:gYear`` observations, the year
  printed in the title) becomes the copy's year;
- the source file name becomes ``00042-2019-<name>`` so every copy is a file of its own;

and each copy is linked to its department's copy of the year before (``bkg:previousYearReport``,
``bkg:nextYearReport``), as ingest's link stage links a department's reports of consecutive
years, so the questions across years (``top-changes``) have their series to read.

Departments × years: ``--years`` consecutive years ending 2024 (default 10), so N = 10,000 gives
1,000 departments with ten reports each. The quads stream into ``Store.bulk_load`` (never all
in memory). The store is cached: when ``PATH/bench-generator.json`` says the same N, sources and
generator version (this file, the mapping and the ontology), nothing is done.

Usage: ``python bench/gen_store.py PATH [--reports N]``. Prints quads and seconds.
"""
from __future__ import annotations

import argparse
import hashlib
import io
import json
import re
import shutil
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from budgetkg.check.read import read_report  # noqa: E402
from budgetkg.config import DEFAULT_BASE  # noqa: E402
from budgetkg.load.pipeline import report_quads  # noqa: E402
from budgetkg.load.store import BudgetStore  # noqa: E402
from budgetkg.rdf.iris import slug  # noqa: E402
from budgetkg.text.names import normalise_org_name, org_key, short_org_form  # noqa: E402

META = "bench-generator.json"
LAST_YEAR = 2024
_XSD = "http://www.w3.org/2001/XMLSchema#"
_BKG = "https://w3id.org/budgetkg/ontology#"
_FISCAL_YEAR = f"<{_BKG}fiscalYear>"
_PREFIX, _YEAR, _FILE = "\x01", "\x02", "\x03"  # placeholders: never in N-Quads text


def generator_version() -> str:
    """Digest of what decides the generated quads: this file, the mapping, the ontology."""
    h = hashlib.sha256()
    for p in [Path(__file__), ROOT / "budgetkg" / "rdf" / "mapping.py", ROOT / "budgetkg" / "rdf" / "iris.py",
              *sorted((ROOT / "ontology").glob("*.ttl"))]:
        h.update(p.read_bytes())
    return h.hexdigest()[:16]


class Source:
    """One parsed sample report as N-Quads text, with what a copy must rewrite."""

    def __init__(self, path: Path, base: str):
        report = read_report(path)
        graph, quads = report_quads(report, base)
        self.path = path
        self.graph = graph.value
        self.text = ox.serialize(quads, format=ox.RdfFormat.N_QUADS).decode("utf-8")
        self.quads = len(quads)
        self.year = report.year
        self.file = report.source_name
        names = {report.department.name, *report.department.alt_names}
        forms = set()
        for n in names:
            # org_key: the organisation IRI is minted from it (one organisation per copy)
            for f in (n, normalise_org_name(n), short_org_form(n), org_key(n)):
                forms.update({f, slug(f)})
        forms.discard("")
        # longest first, so a name that contains another is rewritten whole, once
        self.name_re = re.compile("|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True)))

        self.template = self._template(self.text)
        self.graph_template = self._template(f"<{self.graph}>")

    def _template(self, text: str) -> str:
        """N-Quads with the name prefix, year and file prefix as placeholders (rewritten once)."""
        text = self.name_re.sub(lambda m: _PREFIX + m.group(0), text)
        text = text.replace(f'"{self.file}"', f'"{_FILE}{self.file}"')
        if self.year:
            y = str(self.year)
            text = re.sub(rf"(/report/[^/>\s]+/){y}([/>])", rf"\g<1>{_YEAR}\g<2>", text)
            text = text.replace(f'{_FISCAL_YEAR} "{y}"^^', f'{_FISCAL_YEAR} "{_YEAR}"^^')
            text = text.replace(f'"{y}"^^<{_XSD}gYear>', f'"{_YEAR}"^^<{_XSD}gYear>')
            text = re.sub(rf'(<http://purl.org/dc/terms/title> "[^"\n]*?){y}(年)', rf"\g<1>{_YEAR}\g<2>", text)
            # the spending graph's summary row ["year", report, "2021", …] (budgetkg.rdf.graph_summary)
            text = re.sub(rf'(\[\\"year\\",\\"[^"\\]*\\",\\"){y}(\\")', rf"\g<1>{_YEAR}\g<2>", text)
        return text

    def copy(self, prefix: str, year: int, file_prefix: str) -> str:
        """The source's N-Quads rewritten for another department and year."""
        return self.template.replace(_PREFIX, prefix).replace(_YEAR, str(year)).replace(_FILE, file_prefix)

    def graph_iri(self, prefix: str, year: int) -> str:
        """The copy's report IRI (its graph name), in angle brackets."""
        return self.graph_template.replace(_PREFIX, prefix).replace(_YEAR, str(year))

    def series_links(self, prefix: str, year: int) -> str:
        """The links ingest's link stage writes between this copy and the same department's copy
        of the year before (same source, so same kind and scope), in the newer graph:
        ``bkg:previousYearReport`` and ``bkg:nextYearReport`` (see :mod:`budgetkg.load.series`)."""
        if not self.year:
            return ""
        me, prev = self.graph_iri(prefix, year), self.graph_iri(prefix, year - 1)
        return (f"{me} <{_BKG}previousYearReport> {prev} {me} .\n"
                f"{prev} <{_BKG}nextYearReport> {me} {me} .\n")


def layout(n: int, years: int) -> Iterator[tuple[int, int]]:
    """(department number, year) of the N copies: each department over ``years`` years."""
    for i in range(n):
        yield i // years, LAST_YEAR - years + 1 + i % years


class _Stream(io.RawIOBase):
    """A binary file over an iterator of text chunks, for ``bulk_load`` to read as it goes."""

    def __init__(self, chunks: Iterator[str]):
        self.chunks = chunks
        self.buffer = memoryview(b"")

    def readable(self) -> bool:
        return True

    def readinto(self, b) -> int:
        while not len(self.buffer):
            chunk = next(self.chunks, None)
            if chunk is None:
                return 0
            self.buffer = memoryview(chunk.encode("utf-8"))
        n = min(len(b), len(self.buffer))
        b[:n] = self.buffer[:n]
        self.buffer = self.buffer[n:]
        return n


def source_files(folders: list[Path]) -> list[Path]:
    files = []
    for f in folders:
        files.extend(sorted(p for p in f.glob("**/*") if p.suffix.lower() in (".txt", ".pdf")))
    return files


def read_meta(path: Path) -> dict:
    """The metadata of a generated store (never changes it); raises SystemExit if it has none."""
    meta_path = path / META
    if not meta_path.exists():
        raise SystemExit(f"{path}: no {META}, not a store bench/gen_store.py generated")
    return {**json.loads(meta_path.read_text(encoding="utf-8")), "cached": True}


def generate(path: Path, n: int, *, sources: list[Path], years: int = 10, base: str = DEFAULT_BASE,
             force: bool = False) -> dict:
    """Build (or reuse) the store at ``path``; returns its metadata (quads, seconds, …)."""
    files = source_files(sources)
    key = {"reports": n, "years": years, "version": generator_version(), "base": base,
           "sources": [str(f.relative_to(ROOT) if f.is_relative_to(ROOT) else f) for f in files]}
    meta_path = path / META
    if not force and meta_path.exists():
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        if all(meta.get(k) == v for k, v in key.items()):
            meta["cached"] = True
            return meta
    if path.exists():
        shutil.rmtree(path)
    t0 = time.perf_counter()
    parsed = [Source(f, base) for f in files]
    t_parse = time.perf_counter() - t0
    counter = {"quads": 0}

    def chunks() -> Iterator[str]:
        for dept, year in layout(n, years):
            src = parsed[dept % len(parsed)]
            counter["quads"] += src.quads
            yield src.copy(f"样本{dept:04d}", year, f"{dept:05d}-{year}-")
            if year > LAST_YEAR - years + 1:    # the department's report of the year before is stored
                links = src.series_links(f"样本{dept:04d}", year)
                counter["quads"] += links.count("\n")
                yield links

    t1 = time.perf_counter()
    with BudgetStore(path) as store:           # the writer's lock, and the vocabulary graph
        store.ensure_vocabulary()
        store.store.bulk_load(_Stream(chunks()), format=ox.RdfFormat.N_QUADS)
        store.store.optimize()
    t_load = time.perf_counter() - t1
    meta = {**key, "quads": counter["quads"], "parse_seconds": round(t_parse, 1),
            "load_seconds": round(t_load, 1), "cached": False}
    meta_path.write_text(json.dumps(meta, ensure_ascii=False, indent=1), encoding="utf-8")
    return meta


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("path", type=Path, help="store folder to create (replaced if stale)")
    ap.add_argument("--reports", "-n", type=int, default=10_000, help="number of reports (default 10000)")
    ap.add_argument("--years", type=int, default=10, help="years per department (default 10)")
    ap.add_argument("--source", type=Path, action="append",
                    help="folder of sample reports (default: data/); may repeat")
    ap.add_argument("--force", action="store_true", help="regenerate even if cached")
    args = ap.parse_args(argv)
    meta = generate(args.path, args.reports, sources=args.source or [ROOT / "data"], years=args.years,
                    force=args.force)
    if meta["cached"]:
        print(f"store {args.path}: {meta['reports']} reports, {meta['quads']:,} quads (cached; "
              f"generated in {meta['parse_seconds'] + meta['load_seconds']:.1f} s)")
    else:
        rate = meta["quads"] / max(meta["load_seconds"], 1e-9)
        print(f"store {args.path}: {meta['reports']} reports, {meta['quads']:,} quads; parse "
              f"{meta['parse_seconds']:.1f} s, bulk load {meta['load_seconds']:.1f} s ({rate:,.0f} quads/s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
