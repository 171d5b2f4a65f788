"""Server goals (issue 25, goal 2), measured in one run on a store of the corpus.

- ``/sparql`` of ``budgetkg serve`` against the bare ``oxigraph serve-read-only`` on the same
  store, for a 5-row answer, at concurrency 1 and 8: requests/s of each and the ratio (goal ≤ 1.5×).
- every UI page alone (median of 5, goal < 100 ms) and under 16 clients at once (p95, goal < 300 ms).

Both servers are loaded the same way: each client thread keeps one HTTP/1.1 connection
(``http.client``), as a browser or a SPARQL library does. The load generator runs on the same
machine, so the figures are of the whole machine; the load average is printed beside them.

Usage: ``python bench/bench_server.py [--store DIR] [-n REQUESTS]`` (without ``--store``, the corpus
is ingested into a temporary store first, ~2 minutes). Not a test; run by ``make bench``.
"""
from __future__ import annotations

import argparse
import http.client
import os
import statistics
import sys
import tempfile
import threading
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from budgetkg.config import Settings, read_query  # noqa: E402
from budgetkg.load.pipeline import ingest  # noqa: E402
from budgetkg.serve.app import ServeConfig, make_server  # noqa: E402
from budgetkg.serve.context import App  # noqa: E402
from budgetkg.serve.engine import Engine  # noqa: E402

FIVE_ROWS = "SELECT ?r WHERE { ?r a <https://w3id.org/budgetkg/ontology#Report> } ORDER BY ?r LIMIT 5"
RATIO_GOAL, ALONE_GOAL_MS, P95_GOAL_MS, CLIENTS = 1.5, 100.0, 300.0, 16


def _client(port: int, local: threading.local) -> http.client.HTTPConnection:
    conn = getattr(local, "conn", None)
    if conn is None:
        conn = local.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    return conn


def load(port: int, method: str, paths: list[str], concurrency: int, body: bytes | None = None,
         headers: dict | None = None) -> tuple[float, list[float]]:
    """Send every request of ``paths`` with ``concurrency`` keep-alive clients; (seconds, latencies)."""
    local, latencies, lock = threading.local(), [], threading.Lock()

    def one(path: str) -> None:
        t0 = time.perf_counter()
        for attempt in range(2):
            conn = _client(port, local)
            try:
                conn.request(method, path, body=body, headers=headers or {})
                resp = conn.getresponse()
                resp.read()
                if resp.status != 200:
                    raise SystemExit(f"{path[:80]}: HTTP {resp.status}")
                break
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                conn.close()
                local.conn = None
                if attempt:
                    raise
        if resp.will_close:
            conn.close()
            local.conn = None
        with lock:
            latencies.append(time.perf_counter() - t0)

    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        list(pool.map(one, paths))
    return time.perf_counter() - start, latencies


def sparql_rates(app_port: int, engine: Engine, n: int) -> None:
    accept = {"Accept": "application/sparql-results+json"}
    app_path = "/sparql?query=" + urllib.parse.quote(FIVE_ROWS)
    engine_path = "/query?query=" + urllib.parse.quote(FIVE_ROWS)
    print(f"/sparql, a 5-row answer, {n} requests per run (keep-alive clients); goal: ratio <= {RATIO_GOAL}x")
    for c in (1, 8):
        load(engine.port, "GET", [engine_path] * 50, c, headers=accept)  # warm up both
        load(app_port, "GET", [app_path] * 50, c, headers=accept)
        bare = n / load(engine.port, "GET", [engine_path] * n, c, headers=accept)[0]
        ours = n / load(app_port, "GET", [app_path] * n, c, headers=accept)[0]
        ratio = bare / ours
        print(f"  concurrency {c}: bare oxigraph {bare:7.0f} req/s   budgetkg serve {ours:7.0f} req/s   "
              f"ratio {ratio:4.2f}x (goal <= {RATIO_GOAL}x) {'ok' if ratio <= RATIO_GOAL else 'MISSED'}")


def ui_pages(store: Path, base: str) -> list[str]:
    """One of each UI page, the department page for the department with the most reports."""
    with Engine(store) as engine:
        app = App(ServeConfig(endpoint=engine.url, base=base, engine=engine))
        rows = app.rows(read_query("serve/departments.rq"), ("org", "name", "reports", "years"))
        report = app.rows("SELECT ?r WHERE { ?r a <https://w3id.org/budgetkg/ontology#Report> } ORDER BY ?r LIMIT 1",
                          ("r",))[0]["r"]
    busiest = max(rows, key=lambda r: (int(r["reports"]), r["org"]))
    q = urllib.parse.quote
    return ["/", "/departments", "/department?iri=" + q(busiest["org"], safe=""), "/questions",
            "/questions/reports", "/ask?q=" + q("组织部2021年三公经费"), "/search?q=" + q("办公厅"),
            "/query", "/check", App(ServeConfig("", base)).local(report) or "/"]


def page_times(app_port: int, uncached_port: int, pages: list[str]) -> None:
    print(f"UI pages: alone, made each time (page cache off; median of 5; goal < {ALONE_GOAL_MS:.0f} ms), and "
          f"with {CLIENTS} clients as served (p95 of {CLIENTS * 10} requests, the first ones made; "
          f"goal < {P95_GOAL_MS:.0f} ms)")
    for path in pages:
        load(uncached_port, "GET", [path] * 2, 1)  # warm up (first search syncs its index, imports)
        alone = statistics.median(load(uncached_port, "GET", [path] * 5, 1)[1]) * 1000
        lat = load(app_port, "GET", [path] * (CLIENTS * 10), CLIENTS)[1]
        p95 = statistics.quantiles(lat, n=100)[94] * 1000
        ok = "ok" if alone < ALONE_GOAL_MS and p95 < P95_GOAL_MS else "MISSED"
        print(f"  {urllib.parse.unquote(path)[:60]:60} alone {alone:6.1f} ms   p95@{CLIENTS} {p95:7.1f} ms  {ok}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--store", type=Path, help="a store of the corpus (default: ingest the corpus first)")
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    ap.add_argument("-n", "--requests", type=int, default=2000)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        store = args.store
        if store is None:
            store = Path(tmp) / "store"
            settings = Settings.load(store=store)
            files = sorted(p for p in args.corpus.rglob("*") if p.is_file() and p.suffix.lower() in (".pdf", ".txt"))
            ingest(files, settings, keep_going=True)
        base = Settings.load(store=store).base
        pages = ui_pages(store, base)
        print(f"server bench on {store} ({os.cpu_count()} cores); load average before: "
              f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}")
        with Engine(store) as bare, Engine(store) as ours:
            server = make_server(ServeConfig(endpoint=ours.url, base=base, engine=ours), port=0)
            uncached = make_server(ServeConfig(endpoint=ours.url, base=base, engine=ours, page_cache_mb=0), port=0)
            for s in (server, uncached):
                threading.Thread(target=s.serve_forever, daemon=True).start()
            try:
                sparql_rates(server.server_port, bare, args.requests)
                page_times(server.server_port, uncached.server_port, pages)
            finally:
                for s in (server, uncached):
                    s.shutdown()
                    s.server_close()
        print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
