"""N-Quads shards: one file per report graph, written by the parse stage on a cluster
(``ingest --dask``) and stored by ``budgetkg load`` (into the store, or pushed to a Graph
Store Protocol endpoint by :mod:`budgetkg.load.gsp`).

A shard is plain N-Quads, every quad in the report's named graph, under a first line
``# budgetkg-shard graph=<IRI> quads=N source=NAME`` so the loader knows the graph without
parsing the data, and a second comment line ``# budgetkg-digest {JSON}``: what the link stage
needs of the report (:class:`budgetkg.link.digest.ReportDigest`) and the files it was read from, so
that ``load`` links the shards (organisations across reports, series, last year's figures) as
``ingest`` links files. Both lines are N-Quads comments: any loader reads a shard as it is.
Other N-Quads files are loaded too: their quads are grouped by graph (and are not linked).
A shard appears under its final name only when complete (written to a temporary name and
renamed), so a folder of shards never holds a half-written one.
"""
from __future__ import annotations

import hashlib
import os
import re
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox

from budgetkg.errors import SourceError, StoreError

if TYPE_CHECKING:
    from budgetkg.load.parsed import Parsed

SHARD_SUFFIX = ".nq"
_HEADER = re.compile(r"# budgetkg-shard graph=<([^>]*)> quads=(\d+)")
_DIGEST = b"# budgetkg-digest "


def shard_name(path: str) -> str:
    """A shard's file name from the report file it was read from (stable across runs)."""
    return f"{Path(path).stem[:40]}-{hashlib.sha256(str(Path(path).resolve()).encode()).hexdigest()[:12]}{SHARD_SUFFIX}"


def _write_atomically(target: Path, header: str, data: bytes) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".part-", suffix=SHARD_SUFFIX)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(header.encode() + b"\n" + data)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target


def _header(graph: str, quads: int, source: str, digest, paths: tuple[str, ...]) -> str:
    from budgetkg.link.digest import to_json
    header = f"# budgetkg-shard graph=<{graph}> quads={quads} source={source}"
    if digest is not None:
        header += "\n" + _DIGEST.decode() + to_json(digest, paths=[str(Path(p).resolve()) for p in paths])
    return header


def write_shard(folder: Path, parsed: Parsed, name: str | None = None, paths: tuple[str, ...] = ()) -> Path:
    """Write ``parsed``'s graph, with its digest, as a shard in ``folder``; returns its path."""
    header = _header(parsed.graph, parsed.quads, parsed.source_name, parsed.digest, paths or (parsed.path,))
    return _write_atomically(folder / (name or shard_name(parsed.path)), header, parsed.nquads)


@dataclass
class Shard:
    """One graph of a shard file, as N-Quads bytes, with the report's digest and the files it
    was read from when the shard carries them."""

    path: Path
    graph: ox.NamedNode
    nquads: bytes
    quads: int
    digest: object = None
    paths: tuple[str, ...] = ()


def shard_files(paths: list[Path]) -> list[Path]:
    """Shard files given as files or folders (``*.nq`` in a folder, sorted)."""
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            found = sorted(f for f in p.rglob(f"*{SHARD_SUFFIX}") if not f.name.startswith("."))
            if not found:
                raise SourceError("the folder holds no .nq shards", file=str(p))
            out.extend(found)
        elif p.is_file():
            out.append(p)
        else:
            raise SourceError("no such file or folder", file=str(p))
    return out


def read_shards(paths: list[Path]) -> Iterator[Shard]:
    """The graphs of the shard files, one file in memory at a time.

    Raises:
        SourceError: a file cannot be read, is not N-Quads, or holds triples outside a named graph.
    """
    for path in shard_files(paths):
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise SourceError(f"cannot read the shard: {exc.strerror or exc}", file=str(path)) from exc
        first = data[:data.find(b"\n")].decode("utf-8", "replace")
        match = _HEADER.match(first)
        if match:
            yield Shard(path, ox.NamedNode(match.group(1)), data, int(match.group(2)), *_digest(path, data))
            continue
        yield from _split(path, data)


def _digest(path: Path, data: bytes) -> tuple[object, tuple[str, ...]]:
    """The digest and source files of a shard's second line (None, () when it has none)."""
    start = data.find(b"\n") + 1
    if not data.startswith(_DIGEST, start):
        return None, ()
    from budgetkg.link.digest import from_json
    end = data.find(b"\n", start)
    try:
        digest, extra = from_json(data[start + len(_DIGEST):end if end >= 0 else len(data)])
    except ValueError as exc:
        raise SourceError(f"the shard's digest line cannot be read: {exc}", file=str(path), line=2,
                          hint="write the shards again with this version's `ingest --dask`") from exc
    return digest, tuple(extra.get("paths", ()))


def read_digests(paths: list[Path]) -> Iterator[Shard]:
    """The shards' graphs and digests without their data (``nquads`` empty): the first two lines
    of each shard file (for linking before a push, :mod:`budgetkg.load.gsp`)."""
    for path in shard_files(paths):
        try:
            with path.open("rb") as fh:
                head = fh.readline() + fh.readline()
        except OSError as exc:
            raise SourceError(f"cannot read the shard: {exc.strerror or exc}", file=str(path)) from exc
        match = _HEADER.match(head[:head.find(b"\n")].decode("utf-8", "replace"))
        if match:
            yield Shard(path, ox.NamedNode(match.group(1)), b"", int(match.group(2)), *_digest(path, head))


def _split(path: Path, data: bytes) -> Iterator[Shard]:
    """A foreign N-Quads file: its quads grouped by named graph."""
    by_graph: dict[ox.NamedNode, list[ox.Quad]] = {}
    try:
        for q in ox.parse(data, format=ox.RdfFormat.N_QUADS):
            if not isinstance(q.graph_name, ox.NamedNode):
                raise SourceError("holds triples outside a named graph; a shard is one report's named graph",
                                  file=str(path), hint=f"first such subject: {q.subject}")
            by_graph.setdefault(q.graph_name, []).append(q)
    except SyntaxError as exc:
        raise SourceError(f"is not N-Quads: {exc}", file=str(path)) from exc
    for graph, quads in by_graph.items():
        yield Shard(path, graph, ox.serialize(quads, format=ox.RdfFormat.N_QUADS), len(quads))


class ShardSink:
    """Where the Dask stage's reports go: a folder of shards (the counterpart of
    :class:`~budgetkg.load.bulk.BulkWrite` for :class:`~budgetkg.load.stream.StreamedBatch`).

    Workers write their shards themselves; the coordinator adopts them, writes the few it
    decides at the end (a merged two-file report), deletes the losers, and on a failed batch
    (without ``--keep-going``) deletes every shard of the run.
    """

    def __init__(self, folder: Path):
        self.folder = Path(folder)
        self.existing: set = set()
        self.written: dict[ox.NamedNode, Path] = {}
        self.committed = False

    def __enter__(self) -> ShardSink:
        return self

    def __exit__(self, *exc) -> None:
        if not self.committed:
            self.rollback()

    def adopt(self, graph: ox.NamedNode, shard: str) -> None:
        self.written[graph] = Path(shard)

    def add(self, graph: ox.NamedNode, nquads: bytes, quads: int, *, source: str = "", digest=None,
            paths: tuple[str, ...] = ()) -> None:
        self.discard(graph)
        name = f"merged-{hashlib.sha256(graph.value.encode()).hexdigest()[:16]}{SHARD_SUFFIX}"
        try:
            self.written[graph] = _write_atomically(
                self.folder / name, _header(graph.value, quads, source, digest, paths), nquads)
        except OSError as exc:
            raise StoreError(f"cannot write the shard: {exc.strerror or exc}", file=str(self.folder / name)) from exc

    def add_report(self, parsed: Parsed, paths: tuple[str, ...]) -> None:
        """A report the coordinator read (a merged two-file report), with its digest and files."""
        self.add(ox.NamedNode(parsed.graph), parsed.nquads, parsed.quads, source=parsed.source_name,
                 digest=parsed.digest, paths=paths)

    def discard(self, graph: ox.NamedNode) -> None:
        path = self.written.pop(graph, None)
        if path is not None:
            path.unlink(missing_ok=True)

    def commit(self) -> int:
        self.committed = True
        return len(self.written)

    def rollback(self) -> None:
        for graph in list(self.written):
            self.discard(graph)
