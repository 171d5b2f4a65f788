"""`ingest --dask`: the parse stage on a Dask cluster, one N-Quads shard per report.

Each file is one Dask task (:func:`budgetkg.load.workers.parse_file`) that reads, checks and maps
the report and writes its shard into the shard folder — which the workers must see at the
same path (a shared file system) — and returns only a small summary. The driver keeps the
rules of ``ingest`` (:class:`~budgetkg.load.stream.StreamedBatch`): duplicates within the run are
refused, two-file publications are merged, nothing is kept when a file failed unless
``--keep-going``. ``budgetkg load`` then stores the shards, or pushes them to a Graph Store.

Dask is an optional dependency (``pip install budgetkg[dask]``), imported only here.
"""
from __future__ import annotations

import contextlib
from collections.abc import Callable
from pathlib import Path

from budgetkg.check.integrity import DuplicateGuard
from budgetkg.config import Settings
from budgetkg.errors import ConfigError
from budgetkg.load.pipeline import IngestResult
from budgetkg.load.shards import ShardSink
from budgetkg.load.stream import StreamedBatch
from budgetkg.load.workers import Windowed, default_workers


@contextlib.contextmanager
def dask_client(address: str, workers: int | None = None, processes: bool = True):
    """A Dask client for ``address`` (``tcp://host:port``), or for a local cluster (``local``)
    of ``workers`` single-threaded workers, closed (with the cluster) on exit."""
    try:
        from distributed import Client, LocalCluster
    except ImportError as exc:
        raise ConfigError("--dask needs Dask: pip install 'budgetkg[dask]'") from exc
    import logging
    logging.getLogger("distributed").setLevel(logging.CRITICAL)  # its shutdown chatter is not ours to show
    with contextlib.ExitStack() as stack:
        if address == "local":
            cluster = stack.enter_context(LocalCluster(
                n_workers=workers or default_workers(), threads_per_worker=1, processes=processes,
                dashboard_address=None, silence_logs=logging.CRITICAL))
            target = cluster
        else:
            target = address
        try:
            client = stack.enter_context(Client(target, timeout="20s"))
        except OSError as exc:
            raise ConfigError(f"cannot reach the Dask scheduler at {address}: {exc}",
                              hint="give tcp://host:port of a running scheduler, or 'local'") from exc
        yield client


def run_on_dask(files: list[Path], settings: Settings, address: str, shards: Path, *,
                workers: int | None = None, keep_going: bool = False, processes: bool = True,
                progress: Callable[[Path], None] | None = None, on_report: Callable | None = None) -> IngestResult:
    """Read ``files`` on the cluster at ``address`` into shards in ``shards``.

    ``result.reports`` lists the reports whose shards were kept; nothing is kept when a file
    failed, unless ``keep_going``.
    """
    shards = Path(shards).resolve()
    shards.mkdir(parents=True, exist_ok=True)
    result = IngestResult()
    with dask_client(address, workers, processes) as client, ShardSink(shards) as sink:
        n = max(sum(client.nthreads().values()), 1)
        batch = StreamedBatch(sink, settings.base, DuplicateGuard(), max_size_mb=settings.max_size_mb,
                              on_report=on_report, shard_dir=str(shards))
        result.written = batch.run(files, Windowed(client.get_executor(), n, window=4 * n), keep_going, progress)
        result.errors, result.reports, result.notices = batch.errors, batch.stored, batch.notices
        result.ocr_pages = batch.ocr_pages
        result.quads = sum(r.quads for r in batch.stored) if result.written else 0
    return result
