"""Serve benchmark: a bounded loopback load of canned questions (default 2,000 requests at
concurrency 8) through the app, and the same SPARQL sent straight to the engine; then the
/sparql endpoint with a query that skips the SERVICE guard's parser and one that needs it
(it mentions the word), and how long replacing the engine after a timeout takes.

Prints requests/s and p50/p95 latency. Not a test; run by `make bench`.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from budgetkg.config import Settings  # noqa: E402
from budgetkg.load.pipeline import ingest  # noqa: E402
from budgetkg.query.questions import bind, get_question  # noqa: E402
from budgetkg.serve.app import ServeConfig, make_server  # noqa: E402
from budgetkg.serve.engine import Engine  # noqa: E402

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s a ?t }"
QUESTIONS = ("reports", "functional", "economic", "projects", "three-public", "findings", "indicators")


def load(requests: list[urllib.request.Request], concurrency: int) -> tuple[float, list[float]]:
    latencies: list[float] = []
    lock = threading.Lock()

    def one(req: urllib.request.Request) -> None:
        t0 = time.perf_counter()
        with urllib.request.urlopen(req, timeout=30) as resp:
            resp.read()
        with lock:
            latencies.append(time.perf_counter() - t0)

    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        list(pool.map(one, requests))
    return time.perf_counter() - start, latencies


def report(name: str, seconds: float, latencies: list[float]) -> None:
    q = statistics.quantiles(latencies, n=100)
    print(f"{name:28} {len(latencies) / seconds:8.1f} req/s   p50 {q[49] * 1000:7.1f} ms   p95 {q[94] * 1000:7.1f} ms")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("-n", "--requests", type=int, default=2000)
    ap.add_argument("-c", "--concurrency", type=int, default=8)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings.load(store=Path(tmp) / "store")
        ingest(sorted((ROOT / "data").glob("*.txt")), settings)
        with Engine(settings.store, timeout_s=10) as engine:
            server = make_server(ServeConfig(endpoint=engine.url, base=settings.base, engine=engine), port=0)
            threading.Thread(target=server.serve_forever, daemon=True).start()
            app = f"http://127.0.0.1:{server.server_port}"
            names = [QUESTIONS[i % len(QUESTIONS)] for i in range(args.requests)]
            via_app = [urllib.request.Request(f"{app}/questions/{n}?format=json") for n in names]
            direct = [urllib.request.Request(engine.url, data=urllib.parse.urlencode(
                {"query": bind(get_question(n), {})}).encode(), headers={
                "Content-Type": "application/x-www-form-urlencoded", "Accept": "application/sparql-results+json"})
                for n in names]
            load(via_app[:50], args.concurrency)  # warm up
            print(f"{args.requests} requests of canned questions at concurrency {args.concurrency}")
            report("through the budgetkg app", *load(via_app, args.concurrency))
            report("straight to the engine", *load(direct, args.concurrency))
            accept = {"Accept": "application/sparql-results+json"}
            for label, query in (("/sparql, guard fast path", COUNT), ("/sparql, guard parses", "# service\n" + COUNT)):
                url = f"{app}/sparql?query={urllib.parse.quote(query)}"
                report(label, *load([urllib.request.Request(url, headers=accept)
                                     for _ in range(args.requests // 4)], args.concurrency))
            start = time.perf_counter()
            engine.recycle(engine.generation)
            print(f"{'engine restart (timeout)':28} {(time.perf_counter() - start) * 1000:8.1f} ms")
            server.shutdown()
            server.server_close()


if __name__ == "__main__":
    main()
