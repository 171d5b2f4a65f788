"""The W3C SPARQL 1.1 Protocol cases that apply to a read-only query endpoint, run against
``budgetkg serve``'s app and engine, each with and without an Accept header.

The cases are data (``protocol_cases.json``, transcribed from the W3C manifest, test ids
kept); the store holds the suite's three small graphs, so the ASK answers are checked too.
"""
from __future__ import annotations

import json
import threading
import urllib.parse
import xml.etree.ElementTree as ET
from pathlib import Path

import pyoxigraph as ox
import pytest

from budgetkg.config import DEFAULT_BASE
from budgetkg.serve.app import ServeConfig, make_server
from budgetkg.serve.engine import Engine

from ..test_serve import call

SUITE = json.loads((Path(__file__).parent / "protocol_cases.json").read_text(encoding="utf-8"))
CASES = {c["id"]: c for c in SUITE["cases"]}
# the Accept header sent in the "with Accept" run, by expected result kind
ACCEPT = {"boolean": "application/sparql-results+xml", "tabular": "text/csv", "RDF": "application/n-triples",
          None: "application/sparql-results+json"}


@pytest.fixture(scope="module")
def endpoint(tmp_path_factory):
    path = tmp_path_factory.mktemp("w3c-store")
    store = ox.Store(str(path))
    for graph, triples in SUITE["graphs"].items():
        for s, p, o in triples:
            store.add(ox.Quad(ox.NamedNode(s), ox.NamedNode(p), ox.NamedNode(o), ox.NamedNode(graph)))
    store.flush()
    del store
    with Engine(path, timeout_s=5) as engine:
        srv = make_server(ServeConfig(endpoint=engine.url, base=DEFAULT_BASE, timeout=5, engine=engine), port=0)
        threading.Thread(target=srv.serve_forever, daemon=True).start()
        yield f"http://127.0.0.1:{srv.server_port}/sparql"
        srv.shutdown()
        srv.server_close()


def boolean_of(ctype: str, body: bytes) -> bool:
    if "json" in ctype:
        return json.loads(body)["boolean"]
    ns = "{http://www.w3.org/2005/sparql-results#}"
    return ET.fromstring(body).find(f"{ns}boolean").text.strip() == "true"


@pytest.mark.parametrize("with_accept", [False, True], ids=["no-accept", "accept"])
@pytest.mark.parametrize("case_id", list(CASES))
def test_w3c_protocol_case(endpoint, case_id, with_accept):
    case = CASES[case_id]
    expect = case["expect"]
    url = endpoint + ("?" + urllib.parse.urlencode([tuple(p) for p in case["params"]]) if case["params"] else "")
    body = case["body"].encode(case["body_encoding"]) if case["body"] is not None else None
    headers = {"Content-Type": case["content_type"]} if case["content_type"] else {}
    if body is not None and not case["content_type"]:
        headers["Content-Type"] = ""  # urllib would otherwise add a form type the case must not have
    if with_accept:
        headers["Accept"] = ACCEPT[expect["format"]]
    status, ctype, payload = call(url, body, headers, case["method"])
    assert f"{status // 100}xx" == expect["status"], (case_id, status, payload[:300])
    assert b"Traceback" not in payload
    if expect["format"]:
        media = ctype.split(";")[0].strip()
        assert media in SUITE["formats"][expect["format"]], (case_id, ctype)
        if with_accept:
            assert media == headers["Accept"]
        assert payload.strip() or expect["format"] == "RDF"
    if expect["boolean"] is not None:
        assert boolean_of(ctype, payload) is expect["boolean"], case_id
