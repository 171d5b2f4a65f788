"""Crash safety: ``budgetkg ingest`` and ``budgetkg remove`` killed with SIGKILL at many
instants leave a store that answers exactly as before or exactly as after the write.

Each run copies a store, starts the real command in a child process, kills it a
given delay after it begins writing, then opens the store the way a user would:
read-only first (which must answer old-or-new exactly, or refuse because a swap
is unfinished), then as a writer, which must finish the swap.
"""
from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time

import pytest
from typer.testing import CliRunner

from budgetkg import Settings, ingest
from budgetkg.cli.main import app
from budgetkg.errors import StoreError
from budgetkg.load.store import PENDING_GRAPH, SWAPS, BudgetStore
from budgetkg.query.questions import ask

from .conftest import SAMPLES

# The real CLI, forked from a warmed-up interpreter (imports and the spaCy pipeline loaded
# once) so that each run spends its time parsing and writing, not starting Python. The
# only addition is a marker on stdout when the write begins, so that kill delays are
# spread over the write itself.
ZYGOTE = r"""
import json, os, sys
import budgetkg.cli.main, budgetkg.check.read, budgetkg.load.pipeline, budgetkg.load.store as st
budgetkg.check.read.read_report(sys.argv[1])  # warm up the parsers and the NLP pipeline
for name in ("replace_graphs", "remove_graphs"):
    def traced(self, *a, _orig=getattr(st.BudgetStore, name), **k):
        print("writing", flush=True)
        return _orig(self, *a, **k)
    setattr(st.BudgetStore, name, traced)
import budgetkg.load.bulk as bulk  # the streamed write of ingest: its first chunk begins the write
def traced_flush(self, *a, _orig=bulk.BulkWrite.flush, **k):
    if self._buffer:
        print("writing", flush=True)
    return _orig(self, *a, **k)
bulk.BulkWrite.flush = traced_flush
print("ready", flush=True)
for line in sys.stdin:
    pid = os.fork()
    if pid == 0:
        sys.argv = ["budgetkg", *json.loads(line)]
        try:
            budgetkg.cli.main.main()
            code = 0
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 1
        sys.stdout.flush()
        os._exit(code)
    print(f"pid {pid}", flush=True)
    _, status = os.waitpid(pid, 0)
    print(f"done {status}", flush=True)
"""


class Zygote:
    """A warmed-up interpreter that forks one real CLI run per request."""

    def __init__(self):
        self.proc = subprocess.Popen([sys.executable, "-c", ZYGOTE, str(SAMPLES["004"])],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                     text=True, bufsize=1)
        assert self.proc.stdout.readline().strip() == "ready"

    def run(self, args: list[str], delay: float | None) -> str:
        """Run the CLI; SIGKILL it ``delay`` s after it starts writing (None: let it finish)."""
        self.proc.stdin.write(json.dumps(args) + "\n")
        self.proc.stdin.flush()
        pid, writing, status, started = None, False, None, 0.0
        while pid is None or not (writing or status is not None):
            line = self.proc.stdout.readline().strip()
            assert line, "the CLI process host died"
            if line.startswith("pid "):
                pid = int(line[4:])
            elif line == "writing":
                writing, started = True, time.monotonic()
            elif line.startswith("done "):
                status = int(line[5:])
        if status is None and delay is not None:
            time.sleep(delay)
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        while status is None:
            line = self.proc.stdout.readline().strip()
            assert line, "the CLI process host died"
            if line.startswith("done "):
                status = int(line[5:])
        self.last_write = time.monotonic() - started if writing else 0.0
        return "killed" if os.WIFSIGNALED(status) else f"exit {os.WEXITSTATUS(status)}"

    def close(self):
        self.proc.stdin.close()
        self.proc.wait(timeout=30)


def _state(path) -> tuple[str, int]:
    """(digest of every quad, number of reports) as a reader sees the store."""
    store = BudgetStore(path, read_only=True)
    digest = hashlib.sha256("\n".join(sorted(str(q) for q in store.quads())).encode()).hexdigest()
    return digest, len(ask(store, "reports").rows)


def _after_kill(path, old, new) -> str:
    """Check the store answers old or new exactly; return which (or 'repaired')."""
    try:
        seen = _state(path)
    except StoreError as exc:
        assert "unfinished write" in exc.describe() and "budgetkg repair" in exc.describe()
        result = CliRunner().invoke(app, ["repair", "--store", str(path)])
        assert result.exit_code == 0
        if "notice: finished an interrupted write" in result.output:  # killed after the commit
            assert _state(path) == new
            return "repaired"
        # killed before the commit of a streamed write (budgetkg.load.bulk): undone
        assert "notice: dropped" in result.output or "notice: undid" in result.output, result.output
        assert _state(path) == old
        return "undone"
    assert seen in (old, new), "the store answers neither as before nor as after the write"
    return "old" if seen == old else "new"


@pytest.fixture(scope="module")
def zygote():
    z = Zygote()
    yield z
    z.close()


@pytest.fixture(scope="module")
def stores(tmp_path_factory, zygote):
    """An old store (two reports), a changed version of one report, and the reference states."""
    root = tmp_path_factory.mktemp("crash")
    src = root / "reports"
    src.mkdir()
    for key in ("001", "004"):
        shutil.copy(SAMPLES[key], src / SAMPLES[key].name)
    old_store = root / "old"
    assert ingest([src], Settings.load(store=old_store)).written
    changed = src / SAMPLES["004"].name
    changed.write_text(changed.read_text(encoding="utf-8").replace("包联工作经费\t20\t", "包联工作经费\t21\t"),
                       encoding="utf-8")
    new_store = root / "new"
    shutil.copytree(old_store, new_store)
    assert zygote.run(["ingest", str(src), "--store", str(new_store), "-q"], None) == "exit 0"
    ingest_seconds = zygote.last_write
    removed_store = root / "removed"
    shutil.copytree(new_store, removed_store)
    assert zygote.run(["remove", SAMPLES["001"].name, SAMPLES["004"].name, "--store", str(removed_store)],
                      None) == "exit 0"
    remove_seconds = zygote.last_write
    return root, src, _state(old_store), _state(new_store), _state(removed_store), ingest_seconds, remove_seconds


def test_killed_reingest_leaves_old_or_new_never_both(stores, zygote):
    root, src, old, new, _, seconds, _ = stores
    assert old != new and old[1] == new[1] == 2
    outcomes = []
    # spread over the write as the uninterrupted run timed it, and a little past its end
    for i, share in enumerate([0.0, 0.1, 0.2, 0.35, 0.5, 0.65, 0.8, 1.0, 1.5]):
        delay = share * seconds
        path = root / f"kill-ingest-{i}"
        shutil.copytree(root / "old", path)
        zygote.run(["ingest", str(src), "--store", str(path), "-q"], delay)
        outcomes.append(_after_kill(path, old, new))
        shutil.rmtree(path)
    print("outcomes:", outcomes, f"write {seconds:.2f}s")
    assert outcomes[0] == "old" and set(outcomes) != {"old"}  # the kills spanned the write


def test_killed_remove_leaves_all_or_none(stores, zygote):
    root, _, _, new, removed, _, seconds = stores
    assert removed[1] == 0
    for i, share in enumerate([0.0, 0.25, 0.5, 0.75, 1.5]):
        delay = share * seconds
        path = root / f"kill-remove-{i}"
        shutil.copytree(root / "new", path)
        zygote.run(["remove", SAMPLES["001"].name, SAMPLES["004"].name, "--store", str(path)], delay)
        assert _after_kill(path, new, removed) in ("old", "new")  # one transaction: never staged
        shutil.rmtree(path)


def test_leftover_staging_without_marker_is_dropped(tmp_path):
    """A store written by an older budgetkg that died mid-write: staging graphs, no marker."""
    import pyoxigraph as ox
    settings = Settings.load(store=tmp_path / "s")
    ingest([SAMPLES["004"]], settings)
    before = _state(settings.store)
    with BudgetStore(settings.store) as writer:
        g = writer.graphs()[-1]
        writer.store.extend(ox.Quad(q.subject, q.predicate, q.object, ox.NamedNode(g.value + "#staging"))
                            for q in list(writer.quads(g)))
    with pytest.raises(StoreError, match="unfinished write"):
        BudgetStore(settings.store, read_only=True)
    for args in (["ask", "reports"], ["query", "ASK { ?s ?p ?o }"], ["export", "-f", "nt"]):
        result = CliRunner().invoke(app, [*args, "--store", str(settings.store)])
        assert result.exit_code == 2 and "run `budgetkg repair`" in result.output, args
    with BudgetStore(settings.store) as writer:
        assert any("dropped" in n for n in writer.notices)
    assert _state(settings.store) == before


def test_reader_during_a_running_write_is_told_to_wait(tmp_path):
    """While an ingest holds the store between staging and swap, a reader names the writer."""
    import pyoxigraph as ox
    settings = Settings.load(store=tmp_path / "s")
    ingest([SAMPLES["004"]], settings)
    with BudgetStore(settings.store) as writer:
        g = writer.graphs()[-1]
        writer.store.extend(BudgetStore._staged([ox.Quad(PENDING_GRAPH, SWAPS, g, PENDING_GRAPH)],
                                                {g: list(writer.quads(g))}))
        writer.store.flush()
        with pytest.raises(StoreError, match=rf"another budgetkg command \(pid {os.getpid()}\) is writing the store now"):
            BudgetStore(settings.store, read_only=True)
    with pytest.raises(StoreError, match="budgetkg repair"):  # the writer is gone: repair it
        BudgetStore(settings.store, read_only=True)
