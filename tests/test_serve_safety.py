"""Issue 9, server side: nothing leaks out of the engine (SERVICE), slow queries stop in the
engine, the engine never outlives the app, and every bad request is a 4xx message."""
from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path

import pyoxigraph as ox
import pytest
from typer.testing import CliRunner

from budgetkg.cli.main import app
from budgetkg.config import DEFAULT_BASE
from budgetkg.errors import QueryError
from budgetkg.query.questions import list_questions, run_query
from budgetkg.query.sparql_guard import FederationRefused, check_sparql
from budgetkg.serve.app import ServeConfig, make_server
from budgetkg.serve.engine import Engine, cpu_seconds, free_port

from .test_serve import call

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?r a <https://w3id.org/budgetkg/ontology#Report> }"

FEDERATED = {
    "triple quotes in comments hide the clause from a text check":
        '# """\nSELECT * WHERE { SERVICE <http://127.0.0.1:1/sparql> { ?s ?p ?o } }\n# """',
    "single triple quotes in comments": "# '''\nSELECT * WHERE { SERVICE <http://x/> { ?s ?p ?o } }\n# '''",
    "lower case": "select * where { service <http://x/> { ?s ?p ?o } }",
    "mixed case": "SELECT * WHERE { SeRvIcE <http://x/> { ?s ?p ?o } }",
    "silent": "SELECT * WHERE { SERVICE SILENT <http://x/> { ?s ?p ?o } }",
    "a variable names the endpoint": "SELECT * WHERE { VALUES ?e { <http://x/> } SERVICE ?e { ?s ?p ?o } }",
    "prefixed name": "PREFIX e: <http://x/> SELECT * WHERE { SERVICE e:sparql { ?s ?p ?o } }",
    "unicode escape": "SELECT * WHERE { \\u0053ERVICE <http://x/> { ?s ?p ?o } }",
    "long unicode escape": "SELECT * WHERE { \\U00000053ervice <http://x/> { ?s ?p ?o } }",
    "nested groups": "SELECT * WHERE { { { ?a ?b ?c } UNION { SERVICE <http://x/> { ?s ?p ?o } } } }",
    "optional": "SELECT * WHERE { ?a ?b ?c OPTIONAL { SERVICE <http://x/> { ?s ?p ?o } } }",
    "sub-select": "SELECT * WHERE { { SELECT ?s WHERE { SERVICE <http://x/> { ?s ?p ?o } } } }",
    "minus": "SELECT * WHERE { ?s ?p ?o MINUS { SERVICE <http://x/> { ?s ?p ?o } } }",
    "exists filter": "SELECT * WHERE { ?s ?p ?o FILTER EXISTS { SERVICE <http://x/> { ?s ?p ?o } } }",
    "not exists in an expression": "SELECT * WHERE { ?s ?p ?o FILTER(?o = 1 || NOT EXISTS { SERVICE <http://x/> {} }) }",
    "exists in BIND": "ASK { BIND(EXISTS { SERVICE <http://x/> {} } AS ?z) }",
    "exists in HAVING": "SELECT ?s WHERE { ?s ?p ?o } GROUP BY ?s HAVING (EXISTS { SERVICE <http://x/> {} })",
    "exists in ORDER BY": "SELECT * WHERE { ?s ?p ?o } ORDER BY (EXISTS { SERVICE <http://x/> {} })",
    "no spaces around a comparison": "SELECT * WHERE {?a ?b ?c FILTER(?a<?b)SERVICE ?x#>\n{}}",
    "construct": "CONSTRUCT { ?s ?p ?o } WHERE { SERVICE <http://x/> { ?s ?p ?o } }",
    "describe": "DESCRIBE ?s WHERE { SERVICE <http://x/> { ?s ?p ?o } }",
    "graph": "SELECT * WHERE { GRAPH ?g { SERVICE <http://x/> { ?s ?p ?o } } }",
}

HARMLESS = {
    "plain": "SELECT * WHERE { ?s ?p ?o } LIMIT 1",
    "the word in a string": 'SELECT ("SERVICE" AS ?x) WHERE {}',
    "the word in a comment": "# calls no SERVICE\nSELECT * WHERE { ?s ?p ?o } LIMIT 1",
    "the word in an IRI": "SELECT * WHERE { ?s a <http://www.w3.org/ns/sparql-service-description#Service> }",
    "a variable named service": "SELECT ?service WHERE { ?service ?p ?o } LIMIT 1",
}


@pytest.mark.parametrize("name", FEDERATED)
def test_service_is_refused_however_it_is_written(name):
    with pytest.raises(FederationRefused):
        check_sparql(FEDERATED[name])


@pytest.mark.parametrize("name", HARMLESS)
def test_harmless_mentions_of_service_pass(name):
    check_sparql(HARMLESS[name])


def test_updates_with_service_in_where_are_refused():
    with pytest.raises(FederationRefused):
        check_sparql("INSERT { ?s ?p ?o } WHERE { SERVICE <http://x/> { ?s ?p ?o } }", update=True)
    with pytest.raises(FederationRefused):
        check_sparql("DELETE { ?s ?p ?o } WHERE { ?s ?p ?o FILTER EXISTS { SERVICE <http://x/> {} } }", update=True)
    check_sparql("CLEAR ALL", update=True)


def test_unparsable_text_mentioning_service_is_refused_not_passed_through():
    with pytest.raises(QueryError) as info:
        check_sparql("SELECT * WHERE { SERVICE <http://x/> { ?s ?p ")
    assert not isinstance(info.value, FederationRefused) and "line 1" in info.value.describe()


def test_text_without_the_word_is_not_parsed_at_all():
    # SPARQL 1.2 syntax the guard's parser does not know still reaches the engine
    check_sparql("SELECT * WHERE { <<( ?s ?p ?o )>> ?q ?z }")


def test_canned_questions_pass_the_guard():
    for q in list_questions():
        check_sparql(q.sparql)


def test_budgetkg_query_refuses_service_without_calling_out(sample_store):
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    listener.settimeout(0.5)
    port = listener.getsockname()[1]
    try:
        with pytest.raises(FederationRefused):
            run_query(sample_store, f'# """\nSELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/> {{ ?s ?p ?o }} }}\n# """')
        with pytest.raises(OSError):  # nobody knocked
            listener.accept()
    finally:
        listener.close()


def test_cli_query_with_service_is_one_line_and_exit_2(sample_store):
    result = CliRunner().invoke(app, ["query", "--store", str(sample_store.path),
                                      "SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }"])
    assert result.exit_code == 2 and "SERVICE" in result.output and "Traceback" not in result.output


# ---------------------------------------------------------------- the endpoint
TIMEOUT = 2
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


@pytest.fixture(scope="module")
def endpoint(sample_store):
    engine = Engine(sample_store.path, timeout_s=TIMEOUT)
    srv = make_server(ServeConfig(endpoint=engine.url, base=DEFAULT_BASE, timeout=TIMEOUT, engine=engine,
                                  max_bytes=200_000), port=0)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{srv.server_port}", engine
    srv.shutdown()
    srv.server_close()
    engine.stop()


class Listener:
    """A TCP port that records whether anybody connected to it (and hangs up on them at once)."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen()
        self.sock.settimeout(0.1)
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}/sparql"
        self.connections = 0
        self.open = True
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self):
        while self.open:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            self.connections += 1
            conn.close()

    def knocked(self) -> bool:
        time.sleep(0.2)
        self.open = False
        self.thread.join()
        self.sock.close()
        return self.connections > 0


@pytest.mark.parametrize("name", ["triple quotes in comments hide the clause from a text check", "unicode escape",
                                  "exists filter", "a variable names the endpoint", "silent"])
@pytest.mark.parametrize("how", ["get", "form", "direct"])
def test_endpoint_never_calls_out_with_service(endpoint, name, how):
    listener = Listener()
    query = FEDERATED[name].replace("http://x/", listener.url).replace("http://127.0.0.1:1/sparql", listener.url)
    url = f"{endpoint[0]}/sparql"
    if how == "get":
        status, _, body = call(f"{url}?query={urllib.parse.quote(query)}")
    elif how == "form":
        status, _, body = call(url, urllib.parse.urlencode({"query": query}).encode(),
                               {"Content-Type": "application/x-www-form-urlencoded"})
    else:
        status, _, body = call(url, query.encode(), {"Content-Type": "application/sparql-query"})
    assert status == 400 and b"SERVICE" in body
    assert not listener.knocked()


def test_service_in_a_query_the_guard_cannot_parse_is_a_400(endpoint):
    status, _, body = call(f"{endpoint[0]}/sparql?query=" + urllib.parse.quote("SELECT * { SERVICE <http://x/> {"))
    assert status == 400 and b"malformed" in body


def engine_busy(engine, seconds=1.0) -> float:
    """CPU seconds the engine used in ``seconds`` of wall time."""
    pid = engine.process.pid
    before = cpu_seconds(pid)
    time.sleep(seconds)
    return cpu_seconds(pid) - before


def test_timed_out_query_stops_burning_the_engine(endpoint):
    base, engine = endpoint
    old_pid = engine.process.pid
    start = time.monotonic()
    status, _, body = call(f"{base}/sparql?query={urllib.parse.quote(SLOW)}")
    assert status == 503 and b"stopped" in body
    assert time.monotonic() - start < TIMEOUT + 3
    time.sleep(0.5)
    assert engine_busy(engine) < 0.2  # idle: the work did not go on
    with pytest.raises(ProcessLookupError):
        os.kill(old_pid, 0)
    assert call(f"{base}/sparql?query={urllib.parse.quote(COUNT)}")[0] == 200


def test_other_requests_survive_a_timeout_restart(endpoint):
    base, _engine = endpoint
    results = {}

    def slow():
        results["slow"] = call(f"{base}/sparql?query={urllib.parse.quote(SLOW)}")[0]

    thread = threading.Thread(target=slow)
    thread.start()
    time.sleep(TIMEOUT - 0.3)
    statuses = []
    while thread.is_alive():  # requests made around the restart are answered, not dropped
        statuses.append(call(f"{base}/sparql?query={urllib.parse.quote(COUNT)}")[0])
    thread.join()
    statuses.append(call(f"{base}/sparql?query={urllib.parse.quote(COUNT)}")[0])
    assert results["slow"] == 503 and set(statuses) == {200}


def test_too_large_answer_leaves_the_engine_idle(endpoint):
    base, engine = endpoint
    status, _, _ = call(f"{base}/sparql?query=" + urllib.parse.quote("SELECT * WHERE { ?a ?b ?c . ?d ?e ?f }"))
    assert status == 413
    time.sleep(0.5)
    assert engine_busy(engine) < 0.2


def raw(base: str, request: bytes) -> tuple[int, bytes]:
    """Send bytes as they are (for headers urllib would not send) and read the status line and body."""
    host, port = urllib.parse.urlsplit(base).netloc.split(":")
    with socket.create_connection((host, int(port)), timeout=10) as s:
        s.sendall(request)
        data = b""
        while chunk := s.recv(65536):
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    return int(head.split()[1]), body


@pytest.mark.parametrize("what, request_bytes, status", [
    ("Content-Length that is not a number",
     b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\nContent-Length: abc\r\n\r\nASK {}", 400),
    ("negative Content-Length",
     b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\nContent-Length: -5\r\n\r\nASK {}", 400),
    ("chunked body",
     b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\nTransfer-Encoding: chunked\r\n\r\n"
     b"6\r\nASK {}\r\n0\r\n\r\n", 411),
    ("huge Content-Length",
     b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\nContent-Length: 99999999999\r\n\r\n", 413),
])
def test_bad_content_length_is_a_4xx(endpoint, what, request_bytes, status):
    got, body = raw(endpoint[0], request_bytes)
    assert got == status, what
    assert b"Traceback" not in body and body.strip()


@pytest.mark.parametrize("what, path, body, headers, status", [
    ("unknown format", "/sparql?format=bogus&query=" + urllib.parse.quote("ASK {}"), None, {}, 400),
    ("UTF-16 body declared", "/sparql", "ASK {}".encode("utf-16"),
     {"Content-Type": "application/sparql-query; charset=UTF-16"}, 415),
    ("UTF-16 body undeclared", "/sparql", "ASK {}".encode("utf-16"), {"Content-Type": "application/sparql-query"}, 400),
    ("UTF-16 update", "/sparql", "CLEAR ALL".encode("utf-16"),
     {"Content-Type": "application/sparql-update; charset=UTF-16"}, 415),
    ("Latin-1 form", "/sparql", b"query=ASK%20%7B%7D%23%E9", {"Content-Type": "application/x-www-form-urlencoded"}, 400),
    ("Latin-1 query string", "/sparql?query=ASK%20%7B%7D%23%E9", None, {}, 400),
    ("unknown content type", "/sparql", b"ASK {}", {"Content-Type": "application/json"}, 415),
    ("no content type", "/sparql", b"ASK {}", {"Content-Type": ""}, 415),
    ("query in body and URL", "/sparql?query=" + urllib.parse.quote("ASK {}"), b"ASK {}",
     {"Content-Type": "application/sparql-query"}, 400),
    ("query and update", "/sparql?query=ASK%20%7B%7D&update=CLEAR%20ALL", b"",
     {"Content-Type": "application/x-www-form-urlencoded"}, 400),
    ("POST without a query", "/sparql", b"", {"Content-Type": "application/x-www-form-urlencoded"}, 400),
    ("update by GET", "/sparql?update=" + urllib.parse.quote("CLEAR ALL"), None, {}, 405),
    ("DELETE", "/sparql", None, {}, 405),
    ("Accept nobody serves", "/sparql?query=" + urllib.parse.quote("ASK {}"), None, {"Accept": "image/png"}, 406),
])
def test_malformed_requests_are_4xx_never_500(endpoint, what, path, body, headers, status):
    method = "DELETE" if what == "DELETE" else None
    got, ctype, payload = call(endpoint[0] + path, body, headers, method)
    assert got == status, (what, payload[:300])
    assert b"Traceback" not in payload and payload.strip() and "text/plain" in ctype


@pytest.mark.parametrize("query", ["CONSTRUCT { ?r a ?t } WHERE { ?r a ?t } LIMIT 3",
                                   "DESCRIBE ?r WHERE { ?r a <https://w3id.org/budgetkg/ontology#Report> } LIMIT 1"])
@pytest.mark.parametrize("accept", [None, "*/*", "*/*;q=0.1"])
def test_graphs_default_to_turtle(endpoint, query, accept):
    status, ctype, body = call(f"{endpoint[0]}/sparql?query={urllib.parse.quote(query)}",
                               headers={"Accept": accept} if accept else {})
    assert status == 200 and ctype.startswith("text/turtle") and body.strip()


def test_select_and_ask_default_to_json(endpoint):
    for query in (COUNT, "ASK {}"):
        status, ctype, body = call(f"{endpoint[0]}/sparql?query={urllib.parse.quote(query)}")
        assert status == 200 and ctype.startswith("application/sparql-results+json") and json.loads(body)


def test_relative_iris_resolve_against_the_public_endpoint(endpoint):
    base, engine = endpoint
    query = "SELECT ?x WHERE { BIND(<thing> AS ?x) }"
    status, _, body = call(f"{base}/sparql?query={urllib.parse.quote(query)}",
                           headers={"Accept": "application/sparql-results+json"})
    value = json.loads(body)["results"]["bindings"][0]["x"]["value"]
    assert status == 200 and value == f"{base}/thing" and str(engine.port) not in value
    # a forged Host cannot inject text into the query
    status, _, body = call(f"{base}/sparql?query={urllib.parse.quote(query)}",
                           headers={"Host": "evil> } SERVICE <http://x/> {", "Accept": "application/sparql-results+json"})
    assert status == 200 and str(engine.port) not in json.loads(body)["results"]["bindings"][0]["x"]["value"]


def test_syntax_error_positions_are_the_clients(endpoint):
    status, _, body = call(f"{endpoint[0]}/sparql?query=" + urllib.parse.quote("SELECT * WHERE { ?s ?p"))
    assert status == 400 and b"1:23" in body


# ---------------------------------------------------------------- the engine's life
def serve_process(store, *args) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "budgetkg.cli.main", "serve", "--store", str(store), *args],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True)


def engines_of(store) -> set[int]:
    """Oxigraph processes serving ``store`` (wherever they were started from)."""
    found = set()
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                cmd = Path(f"/proc/{entry}/cmdline").read_bytes().split(b"\0")
            except OSError:
                continue
            if cmd and cmd[0].endswith(b"oxigraph") and str(store).encode() in cmd:
                found.add(int(entry))
    return found


def gone(pids: set[int], seconds: float = 5) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        alive = set()
        for pid in pids:
            try:
                os.kill(pid, 0)
                state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
                if state != "Z":
                    alive.add(pid)
            except (ProcessLookupError, FileNotFoundError):
                pass
        if not alive:
            return True
        time.sleep(0.1)
    return False


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT, signal.SIGHUP, signal.SIGKILL])
def test_the_engine_dies_with_the_app(tmp_path, sample_store, signum):
    store = tmp_path / "store"  # a copy: tell this server's engine from any other
    subprocess.run(["cp", "-r", str(sample_store.path), str(store)], check=True)
    port = free_port()
    proc = serve_process(store, "--port", str(port))
    try:
        assert f":{port}/" in proc.stdout.readline().decode()
        engines = engines_of(store)
        assert len(engines) == 1
        proc.send_signal(signum)
        proc.wait(timeout=15)
        assert gone(engines), f"the engine outlived the app after {signal.Signals(signum).name}"
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)


def test_port_in_use_is_one_line_exit_2_and_no_engine(tmp_path, sample_store):
    store = tmp_path / "store"
    subprocess.run(["cp", "-r", str(sample_store.path), str(store)], check=True)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        proc = serve_process(store, "--port", str(taken.getsockname()[1]))
        out, _ = proc.communicate(timeout=60)
    text = out.decode()
    assert proc.returncode == 2
    assert "Traceback" not in text and len(text.strip().splitlines()) == 1 and "--port" in text
    assert not engines_of(store)


def test_engine_start_failure_leaves_nothing_running(tmp_path):
    store = tmp_path / "not-a-store"
    store.mkdir()
    (store / "CURRENT").write_text("garbage\n")  # RocksDB cannot open this
    proc = serve_process(store, "--port", str(free_port()))
    out, _ = proc.communicate(timeout=90)
    text = out.decode()
    assert proc.returncode == 2 and "Traceback" not in text and len(text.strip().splitlines()) == 1
    # the serving lock opens the store first, so a store RocksDB cannot open is named there
    assert ("did not start" in text or "cannot open the store" in text) and str(store) in text
    assert not engines_of(store)


def test_long_queries_mentioning_service_are_checked_not_refused_for_recursion():
    many = " ".join(f"?s <http://example.org/p{i}> ?o{i} ." for i in range(2000))
    check_sparql(f"# no service here\nSELECT * WHERE {{ {many} }}")
    with pytest.raises(FederationRefused):
        check_sparql(f"SELECT * WHERE {{ {many} SERVICE <http://x/> {{ ?s ?p ?o }} }}")
    with pytest.raises(QueryError, match="too long or too deeply nested"):
        check_sparql("# service\nSELECT * WHERE " + "{" * 500 + "}" * 500)


def test_the_refused_queries_are_real_calls_in_oxigraph_and_the_harmless_ones_are_not():
    """Oxigraph itself as the oracle: the texts the guard refuses would have called out (so the
    cases above are real attacks), the ones it lets through do not."""
    store = ox.Store()
    store.add(ox.Quad(ox.NamedNode("http://a"), ox.NamedNode("http://b"), ox.Literal("1"), ox.NamedNode("http://g")))
    # Oxigraph rejects these for other reasons: no \u escapes in keywords, an unbound endpoint variable
    not_calls = {"unicode escape", "long unicode escape", "a variable names the endpoint", "no spaces around a comparison"}
    for name, text in {**FEDERATED, **HARMLESS}.items():
        listener = Listener()
        try:
            result = store.query(text.replace("http://x/", listener.url).replace("http://127.0.0.1:1/sparql",
                                                                                 listener.url),
                                 use_default_graph_as_union=True)
            bool(result) if isinstance(result, ox.QueryBoolean) else list(result)
        except (OSError, RuntimeError, SyntaxError):
            pass
        called = listener.knocked()
        assert called == (name in FEDERATED and name not in not_calls), name


def test_an_engine_that_died_is_replaced_and_the_request_answered(endpoint):
    base, engine = endpoint
    engine.process.kill()
    engine.process.wait()
    status, _, body = call(f"{base}/sparql?query={urllib.parse.quote(COUNT)}",
                           headers={"Accept": "application/sparql-results+json"})
    assert status == 200 and json.loads(body)["results"]["bindings"][0]["n"]["value"]
    assert engine.alive()


def test_an_update_with_service_is_refused_even_with_the_token(tmp_path, sample_store):
    store = tmp_path / "store"
    subprocess.run(["cp", "-r", str(sample_store.path), str(store)], check=True)
    with Engine(store, writable=True) as engine:
        srv = make_server(ServeConfig(endpoint=engine.url, base=DEFAULT_BASE, update_endpoint=engine.update_url,
                                      update_token="s3cret", engine=engine), port=0)
        threading.Thread(target=srv.serve_forever, daemon=True).start()
        try:
            listener = Listener()
            update = f'# """\nINSERT {{ ?s ?p ?o }} WHERE {{ SERVICE <{listener.url}> {{ ?s ?p ?o }} }}\n# """'
            status, _, body = call(f"http://127.0.0.1:{srv.server_port}/sparql", update.encode(),
                                   {"Content-Type": "application/sparql-update", "Authorization": "Bearer s3cret"})
            assert status == 400 and b"SERVICE" in body
            assert not listener.knocked()
        finally:
            srv.shutdown()
            srv.server_close()
