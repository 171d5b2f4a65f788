"""Talking to a SPARQL 1.1 Protocol endpoint with a deadline and a size cap.

Used by the app for every query: the engine may be the embedded Oxigraph server or any
remote endpoint. Results are read up to a size cap, so a huge answer cannot exhaust memory.
"""
from __future__ import annotations

import http.client
import json
import time
import urllib.parse
from dataclasses import dataclass
from decimal import Decimal

from budgetkg.query.questions import NUMERIC, Answer
from budgetkg.text.amounts import format_decimal

ERROR_BODY_BYTES = 64_000


@dataclass
class Reply:
    status: int
    content_type: str
    body: bytes


class TooLarge(Exception):
    """The answer exceeds the configured result-size cap."""


def post(url: str, data: dict[str, list[str] | str] | bytes, accept: str, max_bytes: int, timeout: float,
         content_type: str = "application/x-www-form-urlencoded", headers: dict | None = None) -> Reply:
    """POST a form (or raw body) to an endpoint; returns its status, type and body.

    ``timeout`` bounds the whole exchange, not each socket read: an engine trickling out an
    answer cannot hold a request past it. Raises ``TimeoutError`` when it passes,
    :class:`TooLarge` past ``max_bytes``, ``OSError`` when the endpoint cannot be reached.
    """
    body = urllib.parse.urlencode(data, doseq=True).encode() if isinstance(data, dict) else data
    parts = urllib.parse.urlsplit(url)
    deadline = time.monotonic() + timeout
    connection_class = http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
    conn = connection_class(parts.hostname, parts.port, timeout=timeout)
    try:
        conn.connect()
        sock = conn.sock  # kept: the connection lets go of it once the response owns the stream
        conn.request("POST", (parts.path or "/") + (f"?{parts.query}" if parts.query else ""), body=body,
                     headers={"Content-Type": content_type, "Accept": accept, **(headers or {})})
        resp = conn.getresponse()
        limit = max_bytes if resp.status < 400 else ERROR_BODY_BYTES
        payload = bytearray()
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError("the endpoint did not answer in time")
            sock.settimeout(left)
            chunk = resp.read1(65536)
            if not chunk:
                break
            payload += chunk
            if len(payload) > limit:
                if resp.status >= 400:  # an error message is only shown, never needed whole
                    break
                raise TooLarge()
        return Reply(resp.status, resp.getheader("Content-Type", "application/octet-stream"), bytes(payload[:limit]))
    finally:
        conn.close()


def json_term_text(term: dict | None) -> str:
    """A SPARQL JSON result term as budgetkg prints it (exact decimals, '' for none)."""
    if not term:
        return ""
    if term.get("type") == "literal" and term.get("datatype") in NUMERIC:
        return format_decimal(Decimal(term["value"]))
    return term["value"]


def answer_from_json(payload: bytes, columns: tuple[str, ...]) -> Answer:
    data = json.loads(payload)
    rows = tuple(tuple(json_term_text(b.get(c)) for c in columns) for b in data["results"]["bindings"])
    return Answer(columns=columns, rows=rows)
