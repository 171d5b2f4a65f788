"""The parse stage of ``ingest``, in worker processes (or on Dask), streamed.

One task reads one file (:func:`parse_file`): read → segment → parse → check → map, and
returns a :class:`Parsed` — the report's graph as N-Quads bytes (or written to a shard
file), what the coordinator needs to refuse duplicates and pair two-file publications, and
what ``ingest`` prints. Tasks run

- in this process (:class:`InProcess`: one worker, or too few files to pay for workers);
- in worker processes (:class:`ProcessPool`: ``--workers N``, spawn-safe: the task is a
  top-level function of plain arguments, nothing is inherited from the parent);
- on a Dask cluster (:mod:`budgetkg.load.dask_stage`).

Every runner yields outcomes in the order of the files, a bounded number in flight, so
memory does not grow with the number of files and the result does not depend on the
number of workers. An exception inside a task, or a worker process that dies (a crash, a
kill), becomes a :class:`Failure` naming the file, never a traceback: after a pool breaks,
the files it was reading are read again one per fresh worker, so the one that kills its
reader is named and the others are read.
"""
from __future__ import annotations

import multiprocessing
import os
import threading
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from budgetkg.errors import BudgetKGError
from budgetkg.load.parsed import Failure, Outcome, PairKey, Parsed, _Origin


def _failure(path: Path, exc: BaseException) -> Failure:
    if isinstance(exc, BudgetKGError):
        return Failure(str(path), type(exc).__name__, exc.message,
                       {"file": exc.file or path.name, "line": exc.line, "table": exc.table, "hint": exc.hint})
    return Failure(str(path), "ParseError", f"reading failed: {type(exc).__name__}: {exc}",
                   {"file": path.name, "hint": "a bug in budgetkg: please report it with the file"})


def summarise(report, path: Path, base: str, *, shard_dir: str | None = None) -> Parsed:
    """The :class:`Parsed` of a report already read (also used for a merged two-file report)."""
    import pyoxigraph as ox

    from budgetkg.check.integrity import identity
    from budgetkg.link.combine import has_tables
    from budgetkg.link.digest import digest_of
    from budgetkg.rdf.iris import RecordingMinter
    from budgetkg.rdf.mapping import map_report
    minter = RecordingMinter(base)
    graph, quads = map_report(report, minter)
    data = ox.serialize(quads, format=ox.RdfFormat.N_QUADS)
    parsed = Parsed(
        path=str(path), source_name=report.source_name, sha256=report.sha256, graph=graph.value,
        department=report.department.name, year=report.year, kind=report.kind.value,
        tables=len(report.tables), findings=report.findings, identity=identity(report),
        pair=PairKey(report.department, report.year, report.kind, report.scope,
                     (_Origin(),) if has_tables(report) else (), report.totals),
        narrative_only=not has_tables(report), quads=len(quads), nquads=data,
        digest=digest_of(report, minter.org_keys), ocr_pages=len(report.ocr_pages))
    if shard_dir is not None:  # the Dask stage: the shard carries the digest, for `budgetkg load` to link
        from budgetkg.load.shards import write_shard
        parsed.shard = str(write_shard(Path(shard_dir), parsed))
        parsed.nquads = b""
    return parsed


def parse_file(path: str, base: str, max_size_mb: int | None = None, shard_dir: str | None = None) -> Outcome:
    """The task: one file to a :class:`Parsed`, or a :class:`Failure` naming it. Never raises
    for a bad file (an exception escaping a worker would lose which file it was)."""
    from budgetkg.check.read import read_report
    p = Path(path)
    try:
        return summarise(read_report(p, max_size_mb=max_size_mb), p, base, shard_dir=shard_dir)
    except Exception as exc:
        return _failure(p, exc)


def _died(path: str, detail: str) -> Failure:
    return Failure(path, "ParseError", f"the process reading this file died ({detail}); nothing of it was stored",
                   {"file": Path(path).name})


def _die_with_parent(parent: int, pages=None) -> None:
    """Worker start-up: on Linux the kernel kills the worker when ``ingest`` dies (a ``kill -9``
    of the parent would otherwise leave workers reading on, orphaned); each page the worker
    reads by OCR is put on ``pages`` (see :class:`ProcessPool`)."""
    import contextlib
    import ctypes
    import signal
    import sys
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    if os.getppid() != parent:  # the parent died before the line above
        os._exit(1)
    if pages is not None:
        from budgetkg.sources.ocr import listen
        pages.cancel_join_thread()  # progress only: a worker never waits at exit to deliver it
        listen(lambda number, total, name: pages.put((number, total, name)))


def _relay(pages) -> None:
    """The parent's end of the pages queue: each page a worker read by OCR is told to this
    process's listeners (the progress bar), until ``None`` comes. A message cut off by a
    worker killed while writing it ends the relay (the bar stops; the count is the Parsed's)."""
    from budgetkg.sources.ocr import tell_page
    try:
        while (page := pages.get()) is not None:
            tell_page(*page)
    except Exception:  # progress only: never a traceback from this thread
        return


# ---------------------------------------------------------------------- runners
class InProcess:
    """Runs the tasks one after the other in this process."""

    workers = 1

    def run(self, files: Iterable[Path], base: str, max_size_mb: int | None = None,
            shard_dir: str | None = None) -> Iterator[Outcome]:
        for f in files:
            yield parse_file(str(f), base, max_size_mb, shard_dir)

    def close(self) -> None:
        pass


class Windowed:
    """Runs tasks on a :class:`concurrent.futures.Executor`, at most ``window`` in flight, and
    yields outcomes in the order of the files."""

    def __init__(self, executor: Executor, workers: int, window: int | None = None, task=None):
        self.executor = executor
        self.workers = workers
        self.window = window or 2 * workers
        self.task = task or parse_file  # a top-level function (pickled by name); tests inject crashes

    def run(self, files: Iterable[Path], base: str, max_size_mb: int | None = None,
            shard_dir: str | None = None) -> Iterator[Outcome]:
        args = (base, max_size_mb, shard_dir)
        pending: deque[tuple[str, Future]] = deque()
        todo = iter(files)
        while True:
            while len(pending) < self.window:
                f = next(todo, None)
                if f is None:
                    break
                try:
                    pending.append((str(f), self._submit(str(f), args)))
                except BrokenProcessPool:  # the pool broke since the last result was taken
                    yield from self._recover([*(p for p, _ in pending), str(f)], args)
                    pending.clear()
            if not pending:
                return
            path, future = pending.popleft()
            try:
                yield future.result()
            except BrokenProcessPool:
                yield from self._recover([path, *(p for p, _ in pending)], args)
                pending.clear()
            except Exception as exc:
                yield _died(path, f"{type(exc).__name__}: {exc}")

    def _submit(self, path: str, args: tuple) -> Future:
        return self.executor.submit(self.task, path, *args)

    def _recover(self, paths: list[str], args: tuple) -> Iterator[Outcome]:
        yield from (_died(p, "the executor broke") for p in paths)

    def close(self) -> None:
        self.executor.shutdown(wait=True)


class ProcessPool(Windowed):
    """Worker processes started with ``spawn`` (safe beside the store's threads).

    The pages the workers read by OCR come back as they are read, over a queue that a thread
    of this process hands to its listeners (:func:`budgetkg.sources.ocr.page_progress`: the
    progress bar per page); how many pages each file had read so is in its :class:`Parsed`."""

    def __init__(self, workers: int, task=None):
        context = multiprocessing.get_context("spawn")
        self.pages = context.Queue()
        self.relay = threading.Thread(target=_relay, args=(self.pages,), name="ocr-pages", daemon=True)
        self.relay.start()
        super().__init__(self._pool(workers), workers, task=task)

    def _pool(self, workers: int) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"),
                                   initializer=_die_with_parent, initargs=(os.getpid(), self.pages))

    def _recover(self, paths: list[str], args: tuple) -> Iterator[Outcome]:
        """The pool broke (a worker died): read each file it held again in a fresh worker of
        its own, so the one that kills its reader is named; then carry on with a new pool."""
        self.executor.shutdown(wait=False, cancel_futures=True)
        for path in paths:
            single = self._pool(1)
            try:
                yield single.submit(self.task, path, *args).result()
            except BrokenProcessPool:
                yield _died(path, "it crashed or was killed")
            finally:
                single.shutdown(wait=True, cancel_futures=True)
        self.executor = self._pool(self.workers)

    def close(self) -> None:
        self.executor.shutdown(wait=True, cancel_futures=True)
        self.pages.put(None)  # every worker has put its pages: the relay ends after the last
        self.relay.join()


def default_workers() -> int:
    """The cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


#: Files per worker below which starting workers costs more than it saves: a worker is a new
#: interpreter that imports the parsers and warms up the NLP pipeline (measured on a busy
#: machine: 6.4 s to start and read one text report, 0.2 s for each next one; a PDF report takes
#: seconds), so a small batch uses fewer workers, and one of under 16 files is read in process.
MIN_FILES_PER_WORKER = 8


def runner_for(workers: int | None, files: int):
    """The runner for ``files`` files with up to ``workers`` worker processes."""
    n = min(workers or default_workers(), max(files // MIN_FILES_PER_WORKER, 1))
    return ProcessPool(n) if n > 1 else InProcess()
