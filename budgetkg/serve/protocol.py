"""Talking to a SPARQL 1.1 Protocol endpoint with a deadline and a size cap, over kept connections.

Used by the app for every query: the engine may be the embedded Oxigraph server or any
remote endpoint. Connections are kept open and reused (:class:`_Pool`): opening one per
request cost the app a third of its time on small answers. An answer is read up to a size cap,
so a huge answer cannot exhaust memory; with ``stream_after``, an answer larger than that is
handed on chunk by chunk (:attr:`Reply.rest`) instead of being gathered first.
"""
from __future__ import annotations

import http.client
import json
import threading
import time
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from budgetkg.query.questions import Answer
from budgetkg.rdf.terms import NUMERIC
from budgetkg.text.amounts import format_decimal

ERROR_BODY_BYTES = 64_000
CHUNK = 65536
#: what a kept connection may fail with when the endpoint closed it meanwhile (idle, or restarted)
_STALE = (http.client.RemoteDisconnected, http.client.BadStatusLine, ConnectionResetError, BrokenPipeError,
          ConnectionAbortedError)


@dataclass
class Reply:
    """An endpoint's answer: status, type, the body read so far, and, when the answer was larger
    than the caller wanted gathered, the rest as an iterator of chunks (read under the same deadline
    and cap; it raises ``TimeoutError`` or :class:`TooLarge`, and closes the connection when left)."""

    status: int
    content_type: str
    body: bytes
    rest: Iterator[bytes] | None = None


class TooLarge(Exception):
    """The answer exceeds the configured result-size cap."""


class _Pool:
    """Idle keep-alive connections per (scheme, host, port), most recently used first."""

    def __init__(self, keep: int = 32):
        self.keep = keep
        self._idle: dict[tuple, list[http.client.HTTPConnection]] = {}
        self._lock = threading.Lock()

    def take(self, key: tuple) -> http.client.HTTPConnection | None:
        with self._lock:
            idle = self._idle.get(key)
            return idle.pop() if idle else None

    def give(self, key: tuple, conn: http.client.HTTPConnection) -> None:
        with self._lock:
            idle = self._idle.setdefault(key, [])
            if len(idle) < self.keep:
                idle.append(conn)
                return
        conn.close()


POOL = _Pool()


def post(url: str, data: dict[str, list[str] | str] | bytes, accept: str, max_bytes: int, timeout: float,
         content_type: str = "application/x-www-form-urlencoded", headers: dict | None = None,
         stream_after: int | None = None, reuse: bool = True) -> Reply:
    """POST a form (or raw body) to an endpoint; returns its status, type and body.

    ``timeout`` bounds the whole exchange, not each socket read: an engine trickling out an
    answer cannot hold a request past it. Raises ``TimeoutError`` when it passes,
    :class:`TooLarge` past ``max_bytes``, ``OSError`` when the endpoint cannot be reached.
    With ``stream_after``, a successful answer longer than that many bytes comes back with its
    first part in ``body`` and the rest in ``rest`` (the cap then applies while it is read).
    ``reuse``: take and return a kept connection (not for updates: one that failed after it was
    sent cannot be told apart from one the endpoint never read, so it must not be sent twice).
    """
    body = urllib.parse.urlencode(data, doseq=True).encode() if isinstance(data, dict) else data
    parts = urllib.parse.urlsplit(url)
    key = (parts.scheme, parts.hostname, parts.port)
    deadline = time.monotonic() + timeout
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    send = {"Content-Type": content_type, "Accept": accept, **(headers or {})}
    kept = POOL.take(key) if reuse else None
    conn = kept or _connect(parts, timeout)
    try:
        try:
            resp = _exchange(conn, target, body, send, deadline)
        except _STALE:
            if kept is None:
                raise
            conn.close()  # the endpoint closed the kept connection meanwhile: a fresh one, once
            conn = _connect(parts, max(0.001, deadline - time.monotonic()))
            resp = _exchange(conn, target, body, send, deadline)
        ok = resp.status < 400
        limit = max_bytes if ok else ERROR_BODY_BYTES
        gather = min(limit, stream_after) if (ok and stream_after is not None) else limit
        payload = bytearray()
        while len(payload) <= gather:
            chunk = _read(resp, deadline)
            if not chunk:
                _release(key, conn, resp, reuse)
                return Reply(resp.status, _ctype(resp), bytes(payload))
            payload += chunk
        if not ok:  # an error message is only shown, never needed whole
            conn.close()
            return Reply(resp.status, _ctype(resp), bytes(payload[:limit]))
        if gather >= limit:
            raise TooLarge()
        rest = _rest(key, conn, resp, deadline, limit - len(payload), reuse)
        conn = None  # the iterator owns it now
        return Reply(resp.status, _ctype(resp), bytes(payload), rest)
    except BaseException:
        if conn is not None:
            conn.close()
        raise


def _connect(parts: urllib.parse.SplitResult, timeout: float) -> http.client.HTTPConnection:
    cls = http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
    conn = cls(parts.hostname, parts.port, timeout=timeout)
    conn.connect()
    return conn


def _exchange(conn: http.client.HTTPConnection, target: str, body: bytes, headers: dict,
              deadline: float) -> http.client.HTTPResponse:
    left = deadline - time.monotonic()
    if left <= 0:
        raise TimeoutError("the endpoint did not answer in time")
    sock = conn.sock  # kept: the connection lets go of it when the endpoint will close after the answer
    sock.settimeout(left)
    conn.request("POST", target, body=body, headers=headers)
    resp = conn.getresponse()
    resp.budgetkg_sock = sock  # type: ignore[attr-defined]  # each read's deadline is set on it
    return resp


def _read(resp: http.client.HTTPResponse, deadline: float) -> bytes:
    left = deadline - time.monotonic()
    if left <= 0:
        raise TimeoutError("the endpoint did not answer in time")
    resp.budgetkg_sock.settimeout(left)  # type: ignore[attr-defined]
    return resp.read1(CHUNK)


def _release(key: tuple, conn: http.client.HTTPConnection, resp: http.client.HTTPResponse, reuse: bool) -> None:
    """Keep the connection for the next request when the answer was read to its end and the endpoint keeps it."""
    resp.close()  # read to its end: a Content-Length answer is not marked done by its last read1
    if reuse and not resp.will_close and conn.sock is not None:
        POOL.give(key, conn)
    else:
        conn.close()


def _rest(key: tuple, conn: http.client.HTTPConnection, resp: http.client.HTTPResponse, deadline: float,
          allowed: int, reuse: bool) -> Iterator[bytes]:
    """The rest of an answer, chunk by chunk, within the deadline and ``allowed`` more bytes."""
    done = False
    try:
        while chunk := _read(resp, deadline):
            allowed -= len(chunk)
            if allowed < 0:
                raise TooLarge()
            yield chunk
        done = True
    finally:
        if done:
            _release(key, conn, resp, reuse)
        else:  # left half-read (cap, deadline, or the client went away): the endpoint stops writing
            conn.close()


def _ctype(resp: http.client.HTTPResponse) -> str:
    return resp.getheader("Content-Type", "application/octet-stream")


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
