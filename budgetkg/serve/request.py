"""Reading a SPARQL 1.1 Protocol request off the wire, refusing anything malformed with a 4xx.

Everything a client controls — method, Content-Length, Content-Type and its charset, the
body's encoding, repeated parameters, ``format`` — is checked here and turned into a
:class:`BadRequest` with a status and a one-line message, so the app never meets
undecodable bytes or half-read bodies, and never answers 500 for a client's mistake.
"""
from __future__ import annotations

import urllib.parse
from dataclasses import dataclass, field
from enum import Enum


class Form(str, Enum):
    """The media types a SPARQL request body may have."""

    URLENCODED = "application/x-www-form-urlencoded"
    QUERY = "application/sparql-query"
    UPDATE = "application/sparql-update"


# ?format= names and the media type each asks the engine for
FORMATS = {"json": "application/sparql-results+json", "xml": "application/sparql-results+xml",
           "csv": "text/csv", "tsv": "text/tab-separated-values", "turtle": "text/turtle",
           "ntriples": "application/n-triples", "jsonld": "application/ld+json", "rdfxml": "application/rdf+xml"}
# without an Accept header: JSON results for SELECT/ASK, Turtle for CONSTRUCT/DESCRIBE
DEFAULT_ACCEPT = "application/sparql-results+json, text/turtle;q=0.9"
MAX_BODY = 1_000_000
DATASET_PARAMS = ("default-graph-uri", "named-graph-uri")


class BadRequest(Exception):
    """A request the endpoint refuses: HTTP ``status`` and a message for the client."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


@dataclass
class SparqlRequest:
    """One query or update, with its protocol parameters."""

    query: str | None = None
    update: str | None = None
    params: dict[str, list[str]] = field(default_factory=dict)

    @property
    def dataset(self) -> dict[str, list[str]]:
        return {k: self.params[k] for k in DATASET_PARAMS if k in self.params}

    def accept(self, header: str | None) -> str:
        """The Accept header to send the engine: ``?format=`` wins, then the client's header."""
        fmt = self.params.get("format", [None])[0]
        if fmt:
            if fmt not in FORMATS:
                raise BadRequest(400, f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
            return FORMATS[fmt]
        ranges = [r.split(";")[0].strip() for r in (header or "").split(",") if r.strip()]
        # "anything" is not a preference: left to the engine it would pick N-Quads for graphs
        return DEFAULT_ACCEPT if all(r == "*/*" for r in ranges) else header


def _parse_qs(text: str, where: str) -> dict[str, list[str]]:
    try:
        return urllib.parse.parse_qs(text, keep_blank_values=True, encoding="utf-8", errors="strict")
    except UnicodeDecodeError:
        raise BadRequest(400, f"the {where} is not UTF-8 once percent-decoded") from None


def _media_type(header: str | None) -> tuple[str, str | None]:
    """The media type (lower case) and its charset parameter, if any."""
    parts = [p.strip() for p in (header or "").split(";")]
    charset = None
    for p in parts[1:]:
        name, _, value = p.partition("=")
        if name.strip().lower() == "charset":
            charset = value.strip().strip('"').lower()
    return parts[0].lower(), charset


def _content_length(headers) -> int:
    if headers.get("Transfer-Encoding"):
        raise BadRequest(411, "send the body with a Content-Length, not chunked")
    raw = headers.get("Content-Length")
    if raw is None:
        return 0
    if not raw.strip().isdigit():
        raise BadRequest(400, f"Content-Length must be a whole number of bytes, got {raw!r}")
    length = int(raw)
    if length > MAX_BODY:
        raise BadRequest(413, f"the request body is larger than {MAX_BODY} bytes")
    return length


def read_request(method: str, target: str, headers, rfile) -> SparqlRequest:
    """Read a GET or POST on the SPARQL endpoint; raise :class:`BadRequest` for anything malformed."""
    params = _parse_qs(urllib.parse.urlsplit(target).query, "query string")
    request = SparqlRequest(params=params)
    if method == "POST":
        length = _content_length(headers)
        body = rfile.read(length) if length else b""
        kind, charset = _media_type(headers.get("Content-Type"))
        if not kind:
            raise BadRequest(415, "a POST needs a Content-Type: application/x-www-form-urlencoded, "
                                  "application/sparql-query or application/sparql-update")
        try:
            form = Form(kind)
        except ValueError:
            raise BadRequest(415, f"unsupported content type {kind!r}; use one of "
                                  f"{', '.join(f.value for f in Form)}") from None
        if charset not in (None, "utf-8", "utf8") and not (form is Form.URLENCODED and charset in ("us-ascii", "ascii")):
            raise BadRequest(415, f"only UTF-8 request bodies are accepted, not {charset}")
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise BadRequest(400, f"the request body is not UTF-8 (byte {exc.start})") from None
        if form is Form.URLENCODED:
            for key, values in _parse_qs(text, "form body").items():
                params.setdefault(key, []).extend(values)
        elif "query" in params or "update" in params:
            raise BadRequest(400, "give the SPARQL text either in the body or as a parameter, not both")
        elif form is Form.QUERY:
            request.query = text
        else:
            request.update = text
    elif method not in ("GET", "HEAD"):
        raise BadRequest(405, "use GET or POST")
    for key in ("query", "update"):
        if len(params.get(key, [])) > 1:
            raise BadRequest(400, f"give exactly one {key}")
    if "query" in params:
        request.query = params["query"][0]
    if "update" in params:
        if method != "POST":
            raise BadRequest(405, "updates must be sent with POST")
        request.update = params["update"][0]
    if request.query is not None and request.update is not None:
        raise BadRequest(400, "give a query or an update, not both")
    return request
