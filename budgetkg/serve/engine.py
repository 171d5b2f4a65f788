"""The SPARQL engine behind ``serve``: Oxigraph's own server on a private loopback port.

Oxigraph's server has a real query timeout (``--timeout-s``) that cancels the work, and
it opens the store read-only, so ``ingest`` must not run at the same time.
"""
from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from ..errors import StoreError


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


class Engine:
    """A running ``oxigraph serve-read-only`` process; stop it with :meth:`stop` (or ``with``)."""

    def __init__(self, store: Path, timeout_s: int = 10, port: int | None = None, writable: bool = False):
        if not Path(store).exists():
            raise StoreError("no store here yet; run `budgetkg ingest` first", file=str(store))
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}/query"
        self.update_url = f"http://127.0.0.1:{self.port}/update" if writable else None
        command = [oxigraph_binary(), "serve" if writable else "serve-read-only", "--location", str(store),
                   "--bind", f"127.0.0.1:{self.port}", "--union-default-graph", "--timeout-s", str(timeout_s)]
        for attempt in range(3):  # a writer that just closed may still be settling its files
            self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            try:
                self._wait()
                return
            except StoreError:
                if attempt == 2:
                    raise
                time.sleep(0.5)

    def _wait(self, seconds: float = 15) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                err = (self.process.stderr.read() or b"").decode(errors="replace").strip()
                raise StoreError(f"the Oxigraph server did not start: {err[-300:]}")
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{self.port}/", timeout=1).close()
                return
            except OSError:
                time.sleep(0.1)
        self.stop()
        raise StoreError("the Oxigraph server did not answer in time")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def __enter__(self) -> "Engine":
        return self

    def __exit__(self, *exc) -> None:
        self.stop()
