"""`budgetkg serve`: the SPARQL 1.1 Protocol with real clients, safety, linked data, questions, UI."""
from __future__ import annotations

import http.client
import json
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest

from budgetkg.config import DEFAULT_BASE
from budgetkg.query.questions import ask
from budgetkg.serve.app import ServeConfig, make_server
from budgetkg.serve.engine import Engine

from .conftest import SAMPLES


@pytest.fixture(scope="module")
def server(sample_store):
    engine = Engine(sample_store.path, timeout_s=2)
    servers = []
    for max_bytes in (20_000_000, 2_000):
        srv = make_server(ServeConfig(endpoint=engine.url, base=DEFAULT_BASE, timeout=2, max_bytes=max_bytes), port=0)
        threading.Thread(target=srv.serve_forever, daemon=True).start()
        servers.append(srv)
    yield [f"http://127.0.0.1:{s.server_port}" for s in servers]
    for s in servers:
        s.shutdown()
        s.server_close()
    engine.stop()


def call(url, data=None, headers=None, method=None):
    req = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(req, timeout=30) as resp:
            return resp.status, resp.headers.get("Content-Type", ""), resp.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers.get("Content-Type", ""), exc.read()


COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?r a <https://w3id.org/budgetkg/ontology#Report> }"


def test_query_by_get_post_form_and_direct_post(server):
    base = server[0]
    for status, ctype, body in (
            call(f"{base}/sparql?query={urllib.parse.quote(COUNT)}", headers={"Accept": "application/sparql-results+json"}),
            call(f"{base}/sparql", urllib.parse.urlencode({"query": COUNT}).encode(),
                 {"Content-Type": "application/x-www-form-urlencoded", "Accept": "application/sparql-results+json"}),
            call(f"{base}/sparql", COUNT.encode(), {"Content-Type": "application/sparql-query",
                                                     "Accept": "application/sparql-results+json"})):
        assert status == 200 and "json" in ctype
        assert json.loads(body)["results"]["bindings"][0]["n"]["value"] == str(len(SAMPLES))


@pytest.mark.parametrize("accept, marker", [
    ("application/sparql-results+xml", b"<sparql"), ("text/csv", b"n\r\n5"), ("text/tab-separated-values", b"?n")])
def test_select_content_negotiation(server, accept, marker):
    status, _ctype, body = call(f"{server[0]}/sparql?query={urllib.parse.quote(COUNT)}", headers={"Accept": accept})
    assert status == 200 and marker in body


@pytest.mark.parametrize("accept", ["text/turtle", "application/n-triples", "application/ld+json", "application/rdf+xml"])
def test_construct_content_negotiation(server, accept):
    q = "CONSTRUCT { ?r a ?t } WHERE { ?r a ?t . ?r <https://w3id.org/budgetkg/ontology#sourceFile> ?s }"
    status, ctype, body = call(f"{server[0]}/sparql?query={urllib.parse.quote(q)}", headers={"Accept": accept})
    assert status == 200 and accept in ctype and b"https://w3id.org/budgetkg" in body


def test_service_description_malformed_update_and_federation(server):
    status, _ctype, body = call(f"{server[0]}/sparql")
    assert status == 200 and b"sd:Service" in body
    status, _, body = call(f"{server[0]}/sparql?query={urllib.parse.quote('SELECT * WHERE {')}")
    assert status == 400 and b"Traceback" not in body and body.strip()
    status, _, body = call(f"{server[0]}/sparql", b"INSERT DATA { <http://a> <http://b> <http://c> }",
                           {"Content-Type": "application/sparql-update"})
    assert status == 403
    status, _, _ = call(f"{server[0]}/sparql", urllib.parse.urlencode({"update": "CLEAR ALL"}).encode(),
                        {"Content-Type": "application/x-www-form-urlencoded"})
    assert status == 403
    q = "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }"
    status, _, body = call(f"{server[0]}/sparql?query={urllib.parse.quote(q)}")
    assert status == 400 and b"SERVICE" in body
    # the word inside a string is not a federated call
    q = 'SELECT ("SERVICE" AS ?x) WHERE {}'
    assert call(f"{server[0]}/sparql?query={urllib.parse.quote(q)}")[0] == 200


def test_slow_query_is_stopped_and_the_next_one_answers(server):
    slow = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    start = time.monotonic()
    try:
        status, _, _body = call(f"{server[0]}/sparql?query={urllib.parse.quote(slow)}",
                               headers={"Accept": "application/sparql-results+json"})
    except http.client.IncompleteRead:  # streamed, then cut off at the size cap: the client sees a broken answer
        status = "cut off"
    assert status in (503, 413, "cut off")
    assert time.monotonic() - start < 20
    status, _, _ = call(f"{server[0]}/sparql?query={urllib.parse.quote(COUNT)}")
    assert status == 200


def test_result_size_cap(server):
    q = "SELECT * WHERE { ?s ?p ?o }"
    status, _, body = call(f"{server[1]}/sparql?query={urllib.parse.quote(q)}")
    assert status == 413 and b"LIMIT" in body


def test_entity_pages_in_three_formats(server):
    path = "/id/report/乌鲁木齐市水磨沟区人民政府办公室/2021/budget"  # department/year/kind of 004
    status, ctype, body = call(server[0] + urllib.parse.quote(path), headers={"Accept": "text/html"})
    assert status == 200 and "text/html" in ctype and "水磨沟区".encode() in body
    status, ctype, body = call(server[0] + urllib.parse.quote(path), headers={"Accept": "text/turtle"})
    assert status == 200 and b"BudgetReport" in body
    status, ctype, body = call(server[0] + urllib.parse.quote(path), headers={"Accept": "application/ld+json"})
    assert status == 200 and json.loads(body)
    status, _, body = call(server[0] + "/codes/functional/2013201", headers={"Accept": "text/html"})
    assert status == 200 and "行政运行".encode() in body
    assert call(server[0] + "/id/report/nothing-here", headers={"Accept": "text/html"})[0] == 404


def test_questions_over_http_match_the_cli(server, sample_store):
    status, _, body = call(f"{server[0]}/questions", headers={"Accept": "application/json"})
    assert status == 200 and "functional" in {q["name"] for q in json.loads(body)}
    dept = urllib.parse.quote("组织部")
    status, _ctype, body = call(f"{server[0]}/questions/functional?department={dept}&format=csv")
    expected = ask(sample_store, "functional", department="组织部")
    lines = body.decode("utf-8").splitlines()
    assert lines[0] == ",".join(expected.columns) and len(lines) == len(expected.rows) + 1
    status, _, body = call(f"{server[0]}/questions/three-public?format=json")
    assert [r["total"] for r in json.loads(body)] == [r[1] for r in ask(sample_store, "three-public").rows]


def test_ui_pages(server):
    status, _, body = call(server[0] + "/", headers={"Accept": "text/html"})
    assert status == 200 and b"<table>" in body and SAMPLES["000"].stem.encode() in body
    status, _, body = call(server[0] + "/department?name=" + urllib.parse.quote("水磨沟区"))
    assert status == 200 and b"<svg" in body and b"<rect" in body
    status, _, body = call(server[0] + "/query")
    assert status == 200 and b"<textarea" in body


def test_real_clients(server):
    from SPARQLWrapper import JSON, SPARQLWrapper
    client = SPARQLWrapper(f"{server[0]}/sparql")
    client.setQuery(COUNT)
    client.setReturnFormat(JSON)
    assert client.query().convert()["results"]["bindings"][0]["n"]["value"] == str(len(SAMPLES))
    from rdflib import Graph
    from rdflib.plugins.stores.sparqlstore import SPARQLStore
    graph = Graph(store=SPARQLStore(f"{server[0]}/sparql", returnFormat="json"))
    rows = list(graph.query(COUNT))
    assert int(rows[0][0]) == len(SAMPLES)


def test_ctrl_c_stops_the_app_and_the_engine(sample_store, tmp_path):
    import os
    import signal
    import subprocess
    import sys

    from budgetkg.serve.engine import free_port
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "budgetkg.cli.main", "serve", "--store", str(sample_store.path),
                             "--port", str(port)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            start_new_session=True)
    try:
        line = proc.stdout.readline().decode()
        assert f"http://127.0.0.1:{port}/" in line  # start-up prints the URL
        assert call(f"http://127.0.0.1:{port}/sparql?query={urllib.parse.quote(COUNT)}")[0] == 200
        children = subprocess.run(["pgrep", "-P", str(proc.pid)], capture_output=True, text=True).stdout.split()
        assert children, "the engine runs as a child process"
        proc.send_signal(signal.SIGINT)
        proc.wait(timeout=15)
        time.sleep(0.5)
        for pid in children:
            with pytest.raises(ProcessLookupError):
                os.kill(int(pid), 0)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)


REPORT_GRAPH = DEFAULT_BASE + "report/中共乌鲁木齐高新技术产业开发区（乌鲁木齐市新市区）委员会组织部/2021/budget"  # 000


def test_default_graph_uri_selects_one_report(server):
    # the W3C Protocol cases themselves run from tests/w3c/protocol_cases.json
    url = f"{server[0]}/sparql?" + urllib.parse.urlencode({"query": COUNT, "default-graph-uri": REPORT_GRAPH})
    status, _, payload = call(url, headers={"Accept": "application/sparql-results+json"})
    assert status == 200 and json.loads(payload)["results"]["bindings"][0]["n"]["value"] == "1"


def test_updates_only_with_the_token(tmp_path):
    from budgetkg import Settings, ingest
    settings = Settings.load(store=tmp_path / "s")
    ingest([SAMPLES["001"]], settings)
    with Engine(settings.store, writable=True) as engine:
        srv = make_server(ServeConfig(endpoint=engine.url, base=DEFAULT_BASE, update_endpoint=engine.update_url,
                                      update_token="s3cret"), port=0)
        threading.Thread(target=srv.serve_forever, daemon=True).start()
        url = f"http://127.0.0.1:{srv.server_port}/sparql"
        update = b'INSERT DATA { GRAPH <http://example.org/g> { <http://example.org/a> <http://example.org/b> "c" } }'
        ctype = {"Content-Type": "application/sparql-update"}
        assert call(url, update, ctype)[0] == 403
        assert call(url, update, {**ctype, "Authorization": "Bearer wrong"})[0] == 403
        assert call(url, update, {**ctype, "Authorization": "Bearer s3cret"})[0] == 204
        ask_q = 'ASK { <http://example.org/a> <http://example.org/b> "c" }'
        _status, _, body = call(f"{url}?query={urllib.parse.quote(ask_q)}", headers={"Accept": "application/sparql-results+json"})
        assert json.loads(body)["boolean"] is True
        srv.shutdown()
        srv.server_close()


def test_large_answer_streams_whole(server):
    """An answer past STREAM_AFTER is passed on as the engine writes it (chunked), complete and valid."""
    q = "SELECT * WHERE { ?s ?p ?o }"
    req = urllib.request.Request(f"{server[0]}/sparql?query={urllib.parse.quote(q)}",
                                 headers={"Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(req, timeout=30) as resp:
        chunked, body = resp.headers.get("Transfer-Encoding"), resp.read()
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    n = json.loads(call(f"{server[0]}/sparql?query={urllib.parse.quote(count)}")[2])["results"]["bindings"][0]["n"]
    assert len(body) > 256_000 and chunked == "chunked"
    assert len(json.loads(body)["results"]["bindings"]) == int(n["value"])
