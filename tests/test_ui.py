"""The browser UI in headless Chromium (Debian's `chromium`): home and department pages render,
with a screenshot of each. Skipped, saying so, where Chromium is not installed."""
from __future__ import annotations

import shutil
import subprocess
import threading
import urllib.parse

import pytest

from budgetkg.config import DEFAULT_BASE
from budgetkg.serve.app import ServeConfig, make_server
from budgetkg.serve.engine import Engine

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed (make test installs it)")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def ui(sample_store):
    with Engine(sample_store.path) as engine:
        server = make_server(ServeConfig(endpoint=engine.url, base=DEFAULT_BASE), port=0)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        yield f"http://127.0.0.1:{server.server_port}"
        server.shutdown()
        server.server_close()


def chromium(tmp_path, *args):
    return subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={tmp_path / 'profile'}", *args],
                          capture_output=True, timeout=120)


@pytest.mark.parametrize("page, text", [("/", "budget disclosures"),
                                        ("/department?name=" + urllib.parse.quote("水磨沟区"), "basic and project")])
def test_pages_render_in_chromium(ui, tmp_path, page, text):
    dom = chromium(tmp_path, "--dump-dom", ui + page).stdout.decode("utf-8", "replace")
    assert text in dom and "<table>" in dom
    shot = tmp_path / "page.png"
    chromium(tmp_path, f"--screenshot={shot}", "--window-size=1280,1000", ui + page)
    assert shot.exists() and shot.stat().st_size > 10_000  # a real rendering, not a blank page
