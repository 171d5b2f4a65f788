"""Shards into a store: bulk-loaded all or nothing, then linked to the reports already stored,
as ``ingest`` links files (``budgetkg load``)."""
from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from budgetkg.errors import SourceError
from budgetkg.load.shards import read_shards


def load_into_store(paths: list[Path], store_path: Path, progress=None, *, base: str | None = None,
                    max_size_mb: int | None = None) -> tuple[int, int, list[str]]:
    """Bulk-load shards into the store, all or nothing (:class:`~budgetkg.load.bulk.BulkWrite`): a
    graph the store holds is replaced; then the link stage over the store and the shards'
    digests (:func:`budgetkg.load.stream.link_batch`) adds its quads before the one commit — the same
    links and findings as ``ingest`` of the same files. Returns (graphs, quads, notices).

    Raises:
        SourceError: a shard cannot be read (nothing is written), or a report must be read again
            (its organisation resolved to a stored one) and its file cannot be.
        StoreError: the store cannot be opened or written (it is as before).
    """
    from budgetkg.config import DEFAULT_BASE
    from budgetkg.link.digest import PackedDigests
    from budgetkg.load.bulk import BulkWrite
    from budgetkg.load.store import BudgetStore
    from budgetkg.load.stream import link_batch
    graphs = quads = 0
    digests, files, bare = PackedDigests(), {}, 0
    written: list[str] = []
    with BudgetStore(store_path) as store, BulkWrite(store) as writer:
        for graph, qs in store.vocabulary_batch().items():
            writer.add_quads(graph, qs)
        for shard in read_shards(paths):
            writer.add(shard.graph, shard.nquads, shard.quads)
            graphs, quads = graphs + 1, quads + shard.quads
            written.append(shard.graph.value)
            if shard.digest is not None:
                digests[shard.graph], files[shard.graph] = shard.digest, shard.paths
            elif "/report/" in shard.graph.value:
                bare += 1
            if progress:
                progress(shard)
        notices = list(store.notices)
        if bare:
            notices.append(f"{bare} report graph(s) carry no digest (not shards of this version's "
                           "`ingest --dask`): stored without links to other reports")
        if digests:
            added, said = link_batch(writer, base or DEFAULT_BASE, digests,
                                     lambda graph: read_report_again(graph, files[graph], max_size_mb))
            quads += sum(added.values())
            notices.extend(said)
        writer.commit()
        from budgetkg.load.indexes import sync_after_write
        notices.extend(sync_after_write(store, force=written))
        return graphs, quads, notices


def read_report_again(graph: ox.NamedNode, paths: tuple[str, ...], max_size_mb: int | None = None):
    """A shard's report read again from its files (the link stage resolved its organisation to a
    stored one, whose IRI its graph must carry)."""
    from budgetkg.errors import BudgetKGError
    from budgetkg.load.stream import read_again
    try:
        return read_again(paths, max_size_mb)
    except BudgetKGError as exc:
        raise SourceError(f"the report of graph <{graph.value}> names an organisation stored under another "
                          f"region form; its graph is written with that organisation's IRI from the report "
                          f"read again, which failed: {exc.message}", file=exc.file or ", ".join(paths),
                          hint="make the report files readable at the paths the shards name") from exc
