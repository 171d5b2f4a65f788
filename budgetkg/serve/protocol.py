"""Talking to a SPARQL 1.1 Protocol endpoint, and the safety rules applied before it.

Used by the app for every query: the engine may be the embedded Oxigraph server or any
remote endpoint. Results are read up to a size cap, so a huge answer cannot exhaust memory.
"""
from __future__ import annotations

import json
import re
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from decimal import Decimal

from ..amounts import format_decimal
from ..questions import NUMERIC, Answer

_STRINGS = re.compile(r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'')
_IRIS = re.compile(r"<[^<>\s]*>")
_COMMENTS = re.compile(r"#[^\n]*")
_SERVICE = re.compile(r"\bSERVICE\b", re.IGNORECASE)


def uses_service(query: str) -> bool:
    """True when a query calls out with SERVICE (strings, IRIs and comments aside)."""
    bare = _COMMENTS.sub(" ", _IRIS.sub(" ", _STRINGS.sub(" ", query)))
    return bool(_SERVICE.search(bare))


@dataclass
class Reply:
    status: int
    content_type: str
    body: bytes


class TooLarge(Exception):
    """The answer exceeds the configured result-size cap."""


def post(url: str, data: dict[str, list[str] | str], accept: str, max_bytes: int, timeout: float,
         content_type: str = "application/x-www-form-urlencoded", headers: dict | None = None) -> Reply:
    """POST a form (or raw body) to an endpoint; returns its status, type and body."""
    body = urllib.parse.urlencode(data, doseq=True).encode() if isinstance(data, dict) else data
    req = urllib.request.Request(url, data=body, method="POST",
                                 headers={"Content-Type": content_type, "Accept": accept, **(headers or {})})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            payload = resp.read(max_bytes + 1)
            if len(payload) > max_bytes:
                raise TooLarge()
            return Reply(resp.status, resp.headers.get("Content-Type", "application/octet-stream"), payload)
    except urllib.error.HTTPError as exc:
        return Reply(exc.code, exc.headers.get("Content-Type", "text/plain"), exc.read(64_000))


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
