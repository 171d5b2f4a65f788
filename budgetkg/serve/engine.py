"""The SPARQL engine behind ``serve``: Oxigraph's own server on a private loopback port.

Three guarantees, each because Oxigraph's server does not give them by itself:

- **A slow query stops.** ``--timeout-s`` does not stop the evaluation (measured with
  oxigraph 0.5: the process keeps a core busy for minutes after the client gave up), and
  the server has no cancel call. So the app gives each query a deadline and, when one
  passes, :meth:`Engine.recycle` kills the process and starts a fresh one on the same port.
  The store is opened read-only, so this loses nothing and takes a fraction of a second;
  requests that were in flight on the killed process are retried once by the app.
- **The engine dies with the app.** :meth:`Engine.stop` runs on every exit path of
  ``serve``, and on Linux the process also gets ``PR_SET_PDEATHSIG``: if the app is killed
  outright (SIGKILL, a crash) the kernel stops the engine too. The death signal follows the
  *thread* that started the process, so every start happens on one long-lived thread.
- **It opens the store read-only** (unless updates are enabled), so ``ingest`` must not run
  at the same time.
"""
from __future__ import annotations

import contextlib
import ctypes
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from budgetkg.errors import StoreError

_PR_SET_PDEATHSIG = 1


def free_port() -> int:
    """A free TCP port on the loopback interface."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def oxigraph_binary() -> str:
    """The ``oxigraph`` server binary of the PyPI package ``oxigraph`` (same version as pyoxigraph)."""
    here = Path(sys.executable).parent / "oxigraph"
    found = str(here) if here.exists() else shutil.which("oxigraph")
    if not found:
        raise StoreError("the Oxigraph server is not installed", hint="pip install oxigraph")
    return found


def _die_with_parent() -> None:  # runs in the child between fork and exec
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)


def cpu_seconds(pid: int) -> float:
    """User + system CPU time a process has used so far (Linux ``/proc``), in seconds."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class Engine:
    """A running ``oxigraph serve-read-only`` process; stop it with :meth:`stop` (or ``with``)."""

    def __init__(self, store: Path, timeout_s: int = 10, port: int | None = None, writable: bool = False):
        if not Path(store).exists():
            raise StoreError("no store here yet; run `budgetkg ingest` first", file=str(store))
        self.store = Path(store)  # the store's folder (its search index lives there)
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}/query"
        self.update_url = f"http://127.0.0.1:{self.port}/update" if writable else None
        # the engine's own timeout is a backstop only; the app's deadline (shorter) recycles it
        self.command = [oxigraph_binary(), "serve" if writable else "serve-read-only", "--location", str(store),
                        "--bind", f"127.0.0.1:{self.port}", "--union-default-graph", "--timeout-s", str(timeout_s + 5)]
        self.generation = 0          # bumped on every restart, so concurrent recycles restart once
        self.restarts = 0
        self._lock = threading.Lock()
        self._ready = threading.Event()  # cleared while the process is being replaced
        self._starter = ThreadPoolExecutor(max_workers=1, thread_name_prefix="budgetkg-engine")
        self.process: subprocess.Popen | None = None
        self._stopped = False
        try:
            self._start()
        except BaseException:
            self.stop()
            raise

    # ------------------------------------------------------------ life cycle
    def _start(self) -> None:
        self._starter.submit(self._spawn_and_wait).result()
        self._ready.set()

    def ready(self, seconds: float = 30) -> int:
        """Wait while a restart is under way; the generation of the process that will answer."""
        self._ready.wait(seconds)
        return self.generation

    def _spawn_and_wait(self) -> None:
        for attempt in range(3):  # a writer that just closed may still be settling its files
            # stderr to a file, not a pipe: a pipe nobody reads would block a chatty engine
            self._stderr = tempfile.TemporaryFile()  # noqa: SIM115  (outlives this call: read and closed when the engine stops)
            self.process = subprocess.Popen(self.command, stdout=subprocess.DEVNULL, stderr=self._stderr,
                                            preexec_fn=_die_with_parent, env={**os.environ, "RUST_BACKTRACE": "0"})
            try:
                self._wait()
                if self._stopped:  # stop() came while this process was starting (a signal at start-up)
                    self._kill()
                return
            except StoreError:
                self._kill()
                if attempt == 2:
                    raise
                time.sleep(0.5)

    def _wait(self, seconds: float = 15) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                self._stderr.seek(0)
                err = self._stderr.read(4000).decode(errors="replace").strip()
                first = next((line for line in err.splitlines() if line.strip()), "no message")
                raise StoreError(f"the Oxigraph server did not start: {first.removeprefix('Error: ')[:300]}",
                                 file=str(self.command[self.command.index('--location') + 1]))
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{self.port}/", timeout=1).close()
                return
            except OSError:
                time.sleep(0.05)
        raise StoreError("the Oxigraph server did not answer in time")

    def _kill(self) -> None:
        process = self.process
        if process is None or process.poll() is not None:
            return
        process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()

    def recycle(self, generation: int) -> None:
        """Kill the process and start a fresh one, unless that already happened since ``generation``.

        Called when a query ran past its deadline (the only way to stop its work) or the
        process died. Requests in flight on the old process fail and may be retried.
        """
        with self._lock:
            if generation != self.generation or self._stopped:
                return
            self._ready.clear()
            self.generation += 1
            self.restarts += 1
            self.process.kill()  # read-only: nothing to flush, and a busy engine may ignore SIGTERM for a while
            self.process.wait()
            self._start()

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def stop(self) -> None:
        """Stop the process (idempotent)."""
        with self._lock:
            self._stopped = True
            self._kill()
            self._starter.shutdown(wait=False)

    def __enter__(self) -> Engine:
        return self

    def __exit__(self, *exc) -> None:
        self.stop()
