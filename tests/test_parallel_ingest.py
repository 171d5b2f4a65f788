"""Issue 12: parallel, streamed ingest; the Dask parse stage and its shards; `budgetkg load`
into the store and to a Graph Store Protocol endpoint; atomicity when a worker fails."""
from __future__ import annotations

import os
import shutil
import urllib.request
from pathlib import Path

import pytest
from typer.testing import CliRunner

from budgetkg import Settings, ingest
from budgetkg.cli.main import app
from budgetkg.load.store import BudgetStore
from budgetkg.load.workers import InProcess, ProcessPool, parse_file

from .conftest import SAMPLES

runner = CliRunner()
FOUR = [SAMPLES[k] for k in ("000", "001", "002", "004")]


def _quads(path) -> set[str]:
    store = BudgetStore(path, read_only=True)
    try:
        return {str(q) for q in store.quads()}
    finally:
        store.close()


def crash_on_marked_file(path: str, *args):
    """A task whose worker process dies (as in a segfault) on a file named *crash*."""
    if "crash" in Path(path).name:
        os._exit(3)
    return parse_file(path, *args)


@pytest.fixture(scope="module")
def serial_store(tmp_path_factory):
    path = tmp_path_factory.mktemp("serial") / "s"
    result = ingest(FOUR, Settings.load(store=path), runner=InProcess())
    assert result.written and not result.errors and len(result.reports) == 4
    return path


def test_parallel_ingest_stores_the_same_quads_as_serial(serial_store, tmp_path):
    result = ingest(FOUR, Settings.load(store=tmp_path / "p"), runner=ProcessPool(2))
    assert result.written and [r.source_name for r in result.reports] == [f.name for f in FOUR]
    assert _quads(tmp_path / "p") == _quads(serial_store)


def test_a_bad_file_among_parallel_workers_writes_nothing(serial_store, tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    for f in FOUR:
        shutil.copy(f, src / f.name)
    (src / "zz_not_a_report.txt").write_text("这不是预算公开文件。\n只有两行。\n", encoding="utf-8")
    store = tmp_path / "s"
    shutil.copytree(serial_store, store)
    before = _quads(store)
    result = ingest([src], Settings.load(store=store), runner=ProcessPool(2))
    assert not result.written and [e.file for e in result.errors] == ["zz_not_a_report.txt"]
    assert _quads(store) == before
    result = ingest([src], Settings.load(store=store), runner=ProcessPool(2), keep_going=True)
    assert result.written and len(result.reports) == 4 and _quads(store) == before  # same reports again


def test_a_worker_that_crashes_is_named_and_nothing_is_written(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    for f in FOUR[:3]:
        shutil.copy(f, src / f.name)
    shutil.copy(FOUR[3], src / "crash_me.txt")
    store = tmp_path / "s"
    result = ingest([src], Settings.load(store=store), runner=ProcessPool(2, task=crash_on_marked_file))
    assert not result.written
    [error] = result.errors
    assert error.file == "crash_me.txt" and "died" in error.describe()
    assert not (store / "CURRENT").exists() or not BudgetStore(store, read_only=True).graphs()
    result = ingest([src], Settings.load(store=store), keep_going=True,
                    runner=ProcessPool(2, task=crash_on_marked_file))
    assert result.written and len(result.reports) == 3  # the others were read again after the pool broke


def test_an_exception_while_reading_is_an_error_naming_the_file(tmp_path, monkeypatch):
    import budgetkg.check.read as read
    original = read.read_report

    def failing(path, **kw):
        if Path(path).name == FOUR[1].name:
            raise RuntimeError("simulated bug")
        return original(path, **kw)

    monkeypatch.setattr(read, "read_report", failing)
    result = ingest(FOUR, Settings.load(store=tmp_path / "s"), runner=InProcess())
    assert not result.written
    [error] = result.errors
    assert error.file == FOUR[1].name and "RuntimeError: simulated bug" in error.describe()


def test_an_interrupted_streamed_load_is_undone(serial_store, tmp_path):
    """Killed after bulk-loading some graphs but before the commit: the next writer drops them."""
    from budgetkg.errors import StoreError
    from budgetkg.load.bulk import BulkWrite
    from budgetkg.load.workers import parse_file as parse
    store_path = tmp_path / "s"
    shutil.copytree(serial_store, store_path)
    before = _quads(store_path)
    new = parse(str(SAMPLES["003"]), Settings.load().base)
    again = parse(str(SAMPLES["000"]), Settings.load().base)
    store = BudgetStore(store_path)
    writer = BulkWrite(store)
    writer.add(__import__("pyoxigraph").NamedNode(new.graph), new.nquads, new.quads)       # a new graph
    writer.add(__import__("pyoxigraph").NamedNode(again.graph), again.nquads, again.quads)  # a replaced one
    writer.flush()
    store.close()  # the process dies here: no commit, no rollback
    with pytest.raises(StoreError, match="unfinished write"):
        BudgetStore(store_path, read_only=True)
    with BudgetStore(store_path) as repaired:
        assert any("undid an interrupted load" in n for n in repaired.notices)
    assert _quads(store_path) == before


def test_dask_local_cluster_writes_shards_that_load_into_the_same_store(serial_store, tmp_path):
    pytest.importorskip("distributed")
    from budgetkg.load.dask_stage import run_on_dask
    from budgetkg.load.shard_load import load_into_store
    shards = tmp_path / "shards"
    result = run_on_dask(FOUR, Settings.load(store=tmp_path / "unused"), "local", shards, workers=1,
                         processes=False)
    assert result.written and not result.errors and len(result.reports) == 4
    assert len(list(shards.glob("*.nq"))) == 4
    graphs, _, _ = load_into_store([shards], tmp_path / "loaded")
    assert graphs == 4 and _quads(tmp_path / "loaded") == _quads(serial_store)
    # loading again replaces the graphs (staged + swapped): the same store
    load_into_store([shards], tmp_path / "loaded")
    assert _quads(tmp_path / "loaded") == _quads(serial_store)


def test_load_command_refuses_a_bad_shard_and_writes_nothing(serial_store, tmp_path):
    from budgetkg.load.shards import write_shard
    shards = tmp_path / "shards"
    for f in FOUR[:2]:
        write_shard(shards, parse_file(str(f), Settings.load().base))
    (shards / "zz-bad.nq").write_text("<http://a> <http://b> not n-quads .\n", encoding="utf-8")
    store = tmp_path / "s"
    result = runner.invoke(app, ["load", str(shards), "--store", str(store), "-q"])
    assert result.exit_code == 2 and "zz-bad.nq" in result.output and "Traceback" not in result.output
    assert not (store / "CURRENT").exists() or not BudgetStore(store, read_only=True).graphs()
    (shards / "zz-bad.nq").unlink()
    result = runner.invoke(app, ["load", str(shards), "--store", str(store), "-q"])
    assert result.exit_code == 0 and "loaded 2 graphs" in result.output
    answer = runner.invoke(app, ["ask", "reports", "--store", str(store), "-f", "csv"])
    assert sorted(line.split(",")[0] for line in answer.output.splitlines()[1:]) == sorted(f.name for f in FOUR[:2])


def test_load_pushes_each_graph_to_a_graph_store_endpoint(serial_store, tmp_path):
    from budgetkg.load.shards import write_shard
    from budgetkg.serve.engine import Engine
    shards = tmp_path / "shards"
    for f in FOUR:
        write_shard(shards, parse_file(str(f), Settings.load().base))
    server_dir = tmp_path / "server"
    server_dir.mkdir()
    engine = Engine(server_dir, writable=True)
    try:
        endpoint = f"http://127.0.0.1:{engine.port}/store"
        result = runner.invoke(app, ["load", str(shards), "--gsp", endpoint, "-q"])
        assert result.exit_code == 0 and "pushed 5 graphs" in result.output, result.output
        runner.invoke(app, ["load", str(shards), "--gsp", endpoint, "-q"])  # PUT again: replaced, not doubled
        request = urllib.request.Request(f"http://127.0.0.1:{engine.port}/query",
                                         data=b"SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }",
                                         headers={"Content-Type": "application/sparql-query",
                                                  "Accept": "text/csv"})
        with urllib.request.urlopen(request) as response:
            count = int(response.read().decode().splitlines()[1])
    finally:
        engine.stop()
    assert count == len(_quads(serial_store))
    result = runner.invoke(app, ["load", str(shards), "--gsp", endpoint, "-q"])  # the server is gone
    assert result.exit_code == 2 and "cannot reach the Graph Store" in result.output


def test_a_two_file_publication_is_paired_when_its_files_are_read_by_different_workers(tmp_path):
    """The streamed batch keeps only small records; the pair is found at the end and read again."""
    from .test_combine import NARRATIVE, TABLES
    src = tmp_path / "in"
    src.mkdir()
    (src / "a_tables.txt").write_text(TABLES, encoding="utf-8")
    for f in FOUR[:2]:
        shutil.copy(f, src / f.name)
    (src / "z_narrative.txt").write_text(NARRATIVE, encoding="utf-8")
    result = ingest([src], Settings.load(store=tmp_path / "s"), runner=ProcessPool(2))
    assert result.written and not result.errors
    assert sorted(r.source_name for r in result.reports) == sorted(
        [FOUR[0].name, FOUR[1].name, "z_narrative.txt+a_tables.txt"])
    answer = runner.invoke(app, ["ask", "three-public", "--store", str(tmp_path / "s"), "-f", "csv"])
    assert "z_narrative.txt+a_tables.txt,5082000" in answer.output


def test_ingest_command_takes_workers_and_is_quiet_off_a_terminal(tmp_path):
    result = runner.invoke(app, ["ingest", str(FOUR[0]), str(FOUR[1]), "--store", str(tmp_path / "s"),
                                 "--workers", "2"])
    assert result.exit_code == 0, result.output
    assert "stored 2 reports" in result.output and "ETA" not in result.output and "reports/s" not in result.output


def _children(pid: int) -> list[int]:
    out = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            out.append(int(stat.parent.name))
    return out


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads /proc")
def test_workers_die_with_a_killed_ingest(tmp_path):
    import signal
    import subprocess
    import sys
    import time
    src = tmp_path / "in"
    src.mkdir()
    for i in range(4):
        for f in FOUR:
            shutil.copy(f, src / f"{i}-{f.name}")
    proc = subprocess.Popen([sys.executable, "-c", "from budgetkg.cli.main import main; main()", "ingest", str(src),
                             "--store", str(tmp_path / "s"), "--workers", "2", "-q", "--allow-duplicates"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while len(_children(proc.pid)) < 2 and time.monotonic() < deadline:
            time.sleep(0.2)
        workers = _children(proc.pid)
        assert len(workers) >= 2, "the workers did not start"
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    deadline = time.monotonic() + 15
    while any(Path(f"/proc/{w}").exists() for w in workers) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not any(Path(f"/proc/{w}").exists() for w in workers)


def test_dask_without_a_shard_folder_is_a_clear_error(tmp_path):
    result = runner.invoke(app, ["ingest", str(FOUR[0]), "--dask", "local", "--store", str(tmp_path / "s")])
    assert result.exit_code == 2 and "--dask and --shards go together" in result.output
    assert not (tmp_path / "s").exists()


def test_a_pool_that_breaks_between_results_names_the_files_instead_of_a_traceback():
    """Submitting to a pool that broke after the last result was taken raised BrokenProcessPool
    out of ingest (a worker that dies at start-up did it)."""
    from concurrent.futures import Future
    from concurrent.futures.process import BrokenProcessPool

    from budgetkg.load.parsed import Failure
    from budgetkg.load.workers import Windowed

    class BreaksOnThirdSubmit:
        calls = 0

        def submit(self, fn, path, *args):
            self.calls += 1
            if self.calls == 3:
                raise BrokenProcessPool("a worker died")
            future = Future()
            future.set_result(Failure(path, "ParseError", "stub", {"file": Path(path).name}))
            return future

        def shutdown(self, wait=True):
            pass

    outcomes = list(Windowed(BreaksOnThirdSubmit(), 1, window=2).run([Path(f"f{i}.txt") for i in range(5)], "b"))
    assert [Path(o.path).name for o in outcomes] == [f"f{i}.txt" for i in range(5)]  # each file once, in order
    assert "died" in outcomes[2].message
