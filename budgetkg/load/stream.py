"""Streamed ingest: parse in workers, write as results arrive, decide and commit at the end.

Memory does not grow with the reports' contents: each parsed report's graph is written
(:class:`~budgetkg.load.bulk.BulkWrite`, uncommitted) as soon as it arrives and dropped; only a
small :class:`Record` per file is kept (names, digest, identity, pairing key). At the end
the batch is decided exactly as a batch held in memory would be:

1. two-file publications are paired (:func:`budgetkg.link.combine.find_pairs` on the
   records' keys) and the pair is read again and merged — rare, and the only re-reading;
2. each report, in file order, passes the duplicate guard and the one-graph-per-report
   rule ("the same report under two file names is stored once");
3. every graph then holds the report that won it: a graph written by a file that lost
   (refused, merged, second of two names) is dropped or rewritten;
4. nothing is committed if any file failed (unless ``keep_going``); otherwise one commit
   makes the whole batch visible at once.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from budgetkg.config import query_text
from budgetkg.errors import BudgetKGError
from budgetkg.link.digest import PackedDigests
from budgetkg.load.bulk import BulkWrite
from budgetkg.load.parsed import Failure, Parsed
from budgetkg.load.shards import ShardSink
from budgetkg.load.workers import summarise


@dataclass
class Record:
    """What is kept of one parsed file (or a merged pair) until the end of the batch."""

    paths: tuple[str, ...]
    source_name: str
    sha256: str
    graph: str
    identity: object
    pair: object
    quads: int
    department: str
    year: int | None
    kind: str

    @classmethod
    def of(cls, parsed: Parsed, paths: tuple[str, ...] | None = None) -> Record:
        return cls(paths or (parsed.path,), parsed.source_name, parsed.sha256, parsed.graph, parsed.identity,
                   parsed.pair, parsed.quads, parsed.department, parsed.year, parsed.kind)


class StreamedBatch:
    """The coordinator of one ingest call over an open writable store."""

    def __init__(self, writer: BulkWrite | ShardSink, base: str, guard, *, max_size_mb: int | None = None,
                 write: bool = True, on_report: Callable[[Parsed], None] | None = None,
                 shard_dir: str | None = None):
        self.writer = writer
        self.shard_dir = shard_dir
        self.base = base
        self.guard = guard
        self.max_size_mb = max_size_mb
        self.write = write
        self.on_report = on_report
        self.records: list[Record] = []
        self.owner: dict[str, str] = {}      # graph → source name of the data written under it
        self.errors: list[BudgetKGError] = []
        self.notices: list[str] = []
        self.stored: list[Record] = []
        self.kept = PackedDigests()          # file path → the report's digest, for the link stage
        self.ocr_pages = 0                   # pages read by OCR in the files read (once each: no re-read counts)

    def take(self, outcome: Parsed | Failure) -> None:
        """One file's outcome, as it arrives: written at once if its graph is still free."""
        if isinstance(outcome, Failure):
            self.errors.append(outcome.error())
            return
        if self.on_report:
            self.on_report(outcome)
        self.ocr_pages += outcome.ocr_pages
        if outcome.digest is not None:  # kept packed (a few KB a report) until the link stage
            self.kept[outcome.path] = outcome.digest
        self.records.append(Record.of(outcome))
        if self.write and outcome.graph not in self.owner:
            self._write(outcome, (outcome.path,))
        elif outcome.shard is not None:
            Path(outcome.shard).unlink(missing_ok=True)  # its graph is another file's (decided at the end)

    def _write(self, parsed: Parsed, paths: tuple[str, ...]) -> None:
        if parsed.shard is not None:  # written by the worker already (the Dask stage)
            self.writer.adopt(ox.NamedNode(parsed.graph), parsed.shard)
        elif isinstance(self.writer, ShardSink):  # a merged report: its shard carries its digest and files
            self.writer.add_report(parsed, paths)
        else:
            self.writer.add(ox.NamedNode(parsed.graph), parsed.nquads, parsed.quads)
        self.owner[parsed.graph] = parsed.source_name

    def run(self, files: list[Path], runner, keep_going: bool,
            progress: Callable[[Path], None] | None = None) -> bool:
        """Read ``files`` with ``runner``, taking each outcome as it arrives; then :meth:`finish`."""
        try:
            for path, outcome in zip(files, runner.run(files, self.base, self.max_size_mb, self.shard_dir)):
                self.take(outcome)
                if self.errors and not keep_going:
                    self.write = False  # nothing will be committed: read on only to report every error
                if progress:
                    progress(path)
        finally:
            runner.close()
        return self.finish(keep_going)

    def finish(self, keep_going: bool) -> bool:
        """Decide the batch (pairs, duplicates, one report per graph) and commit it; False when
        nothing was written (a failure without ``keep_going``, or no report)."""
        units = self._pair()
        winners: dict[str, tuple[Record, Parsed | None]] = {}
        for record, merged in units:
            try:
                if self.guard is not None:
                    self.guard.check_identity(record.source_name, record.sha256, record.identity)
                won = winners.get(record.graph)
                if won is not None:
                    other = won[0]
                    if other.sha256 != record.sha256:
                        raise BudgetKGError(
                            f"is the same report as {other.source_name} ({record.department} {record.year or '?'} "
                            f"{record.kind}) with other contents; ingest one of them", file=record.source_name)
                    self.notices.append(f"{record.source_name} is the same report as {other.source_name}; stored once")
                    continue
            except BudgetKGError as exc:
                self.errors.append(exc)
            else:
                winners[record.graph] = (record, merged)
        if self.errors and not keep_going:
            return False
        for graph, source in list(self.owner.items()):  # data under a graph whose winner is another file
            if graph not in winners or winners[graph][0].source_name != source:
                self.writer.discard(ox.NamedNode(graph))
                del self.owner[graph]
        digests, paths = PackedDigests(), {}
        for graph, (record, merged) in winners.items():
            if graph not in self.owner:
                merged = merged or self._reread(record)
                self._write(merged, record.paths)
            key, paths[ox.NamedNode(graph)] = ox.NamedNode(graph), record.paths
            if merged is not None and merged.digest is not None:
                digests[key] = merged.digest
            elif record.paths[0] in self.kept:
                digests.put(key, self.kept.pop(record.paths[0]))
        self.kept = PackedDigests()
        linked = self._link(digests, paths) if len(digests) == len(winners) else {}
        self.stored = [record for record, _ in winners.values()]
        for record in self.stored:  # the count said at the end is what the store holds
            record.quads += linked.get(record.graph, 0)
        self.notices.extend(self._replacements())
        if not self.stored:
            return False
        self.writer.commit()
        return True

    def _link(self, digests: PackedDigests, paths: dict[ox.NamedNode, tuple[str, ...]]) -> dict[str, int]:
        """The link stage over the store and the batch (:func:`link_batch`). Skipped for shards
        (Dask): ``budgetkg load`` links them, from the digests they carry."""
        store = getattr(self.writer, "store", None)
        if store is None or not digests:
            return {}
        added, notices = link_batch(self.writer, self.base, digests,
                                    lambda graph: read_again(paths[graph], self.max_size_mb))
        self.notices.extend(notices)
        return added

    def _pair(self) -> list[tuple[Record, Parsed | None]]:
        """The batch's reports in file order, each two-file publication merged into one (at the
        position of the first of its files)."""
        from budgetkg.link.combine import find_pairs
        pairs = find_pairs([r.pair for r in self.records])
        partner = dict(pairs) | {j: i for i, j in pairs}
        narrative_of = {j: i for i, j in pairs}
        units: list[tuple[Record, Parsed | None]] = []
        for k, record in enumerate(self.records):
            if k not in partner:
                units.append((record, None))
            elif k < partner[k]:
                n, t = (k, partner[k]) if k not in narrative_of else (narrative_of[k], k)
                try:
                    merged = self._merge(self.records[n], self.records[t])
                except BudgetKGError as exc:
                    self.errors.append(exc)
                    continue
                units.append((Record.of(merged, self.records[n].paths + self.records[t].paths), merged))
        return units

    def _merge(self, narrative: Record, tables: Record) -> Parsed:
        report = read_again((narrative.paths[0], tables.paths[0]), self.max_size_mb)
        parsed = summarise(report, Path(tables.paths[0]), self.base)
        if self.on_report:
            self.on_report(parsed)
        return parsed

    def _reread(self, record: Record) -> Parsed:
        """A report whose graph held another file's data when it arrived: read it again."""
        from budgetkg.check.read import read_report
        return summarise(read_report(record.paths[0], max_size_mb=self.max_size_mb), Path(record.paths[0]),
                         self.base)

    def _replacements(self) -> list[str]:
        """Notices for reports that replace the same report stored from another file."""
        replaced = [r for r in self.stored if ox.NamedNode(r.graph) in self.writer.existing]
        out = []
        for start in range(0, len(replaced), 500):
            chunk = {r.graph: r for r in replaced[start:start + 500]}
            values = " ".join(f"<{g}>" for g in chunk)
            rows = self.writer.store.query(
                query_text("store/report-sources-of.rq", graphs=values))
            for row in rows:
                r = chunk[row["g"].value]
                if row["source"].value != r.source_name:
                    out.append(f"{r.source_name} replaces {row['source'].value}: the same report "
                               f"({r.department} {r.year or '?'} {r.kind})")
        return out


def read_again(paths: tuple[str, ...], max_size_mb: int | None = None):
    """The report of ``paths`` read again: one file, or a narrative and its tables file merged."""
    from budgetkg.check.combined import merge_checked
    from budgetkg.check.read import read_report
    reports = [read_report(p, max_size_mb=max_size_mb) for p in paths]
    return merge_checked(*reports) if len(reports) == 2 else reports[0]


def link_batch(writer, base: str, digests, reread) -> tuple[dict[str, int], list[str]]:
    """The link stage (:func:`budgetkg.load.series.link`) over ``writer``'s store and the batch
    (graph → :class:`~budgetkg.link.digest.ReportDigest`): organisations resolved across reports,
    series links and last year's figures, added to each report's graph before the commit.
    Where a name resolved to a stored organisation under another region form, the graphs minted
    with that name (``digest.org_keys``) are mapped again with that organisation's IRI from the
    report read again (``reread(graph)``; rare). Returns the quads added per graph, and notices."""
    from budgetkg.load.series import link
    from budgetkg.rdf.iris import Minter
    from budgetkg.rdf.mapping import map_report
    minter = Minter(base)
    links = link(writer.store, digests, minter)
    added: dict[str, int] = {}
    for graph in digests:
        if minter.aliases and not minter.aliases.keys().isdisjoint(digests[graph].org_keys):
            writer.add_quads(graph, map_report(reread(graph), minter)[1])  # (replaces the graph)
        extra = links.quads.get(graph, ())
        if extra:
            added[graph.value] = writer.append_quads(graph, extra)
    return added, links.notices
