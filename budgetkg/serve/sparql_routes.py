"""The SPARQL 1.1 Protocol endpoint (``/sparql``) and the VoID description (``/void``).

The request is read and refused when malformed by :mod:`.request`; ``SERVICE`` is refused
from the parsed query (:mod:`budgetkg.query.sparql_guard`); relative IRIs resolve against this
endpoint's public URL, never the engine's; updates need the configured bearer token.
"""
from __future__ import annotations

import re

from budgetkg.query.sparql_guard import check_sparql
from budgetkg.serve.context import ROOT, App
from budgetkg.serve.request import BadRequest, read_request
from budgetkg.serve.web import TURTLE, Request, Response, Route

_POSITION = re.compile(r"\berror at 1:(\d+)")

SERVICE_DESCRIPTION = """@prefix sd: <http://www.w3.org/ns/sparql-service-description#> .
@prefix void: <http://rdfs.org/ns/void#> .
<{endpoint}> a sd:Service ;
    sd:endpoint <{endpoint}> ;
    sd:supportedLanguage sd:SPARQL11Query ;
    sd:feature sd:UnionDefaultGraph ;
    sd:resultFormat <http://www.w3.org/ns/formats/SPARQL_Results_JSON>, <http://www.w3.org/ns/formats/SPARQL_Results_XML>,
        <http://www.w3.org/ns/formats/SPARQL_Results_CSV>, <http://www.w3.org/ns/formats/SPARQL_Results_TSV>,
        <http://www.w3.org/ns/formats/Turtle>, <http://www.w3.org/ns/formats/N-Triples>,
        <http://www.w3.org/ns/formats/JSON-LD>, <http://www.w3.org/ns/formats/RDF_XML> .
"""


def _message(body: bytes, shift: int) -> str:
    """An engine's error text as one block for the client; line-1 columns without our BASE prefix."""
    text = body.decode("utf-8", "replace").strip()[:2000]
    return _POSITION.sub(lambda m: f"error at 1:{max(1, int(m.group(1)) - shift)}", text) + "\n"


#: answers up to this size are sent whole (with their length); larger ones stream as the engine writes them
STREAM_AFTER = 256_000


def sparql(app: App, request: Request, stream: bool = True) -> Response:
    """GET or POST a query (or, with the token, an update); a plain GET is the Service Description.

    An answer larger than :data:`STREAM_AFTER` is passed on chunk by chunk (``stream=False``: gathered,
    for a page that shows it); past the size cap it is then cut off, the connection closed."""
    try:
        parsed = read_request(request.method, request.target, request.headers, request.body)
        accept = parsed.accept(request.headers.get("Accept"))
    except BadRequest as exc:
        # the body may be unread: the stream is out of step, so the connection closes
        return Response.text(exc.status, exc.message, close=True)
    if parsed.update is not None:
        return _update(app, request, parsed.update)
    if parsed.query is None:
        if request.method == "POST":
            return Response.text(400, "no query given")
        return Response.of(SERVICE_DESCRIPTION.format(endpoint=app.public_endpoint(request)), TURTLE)
    check_sparql(parsed.query)
    prefix = f"BASE <{app.public_endpoint(request)}> "  # relative IRIs resolve here, never at the engine
    reply = app.call({"query": prefix + parsed.query.lstrip("\ufeff"), **parsed.dataset}, accept,
                     stream_after=STREAM_AFTER if stream else None)
    if reply.status >= 500:
        return Response.of("the SPARQL engine failed: " + _message(reply.body, 0), "text/plain; charset=utf-8", 503)
    if reply.status >= 400:
        return Response.of(_message(reply.body, len(prefix)), "text/plain; charset=utf-8", reply.status)
    return Response(reply.status, reply.body, reply.content_type, stream=reply.rest)


def _update(app: App, request: Request, update: str) -> Response:
    config = app.config
    token = (request.headers.get("Authorization") or "").removeprefix("Bearer ").strip()
    if not config.update_token or not config.update_endpoint or token != config.update_token:
        return Response.text(403, "updates are not allowed on this endpoint")
    check_sparql(update, update=True)
    prefix = f"BASE <{app.public_endpoint(request)}> "
    reply = app.call((prefix + update.lstrip("\ufeff")).encode("utf-8"), "*/*", update=True)
    if reply.status >= 400:
        return Response.of(_message(reply.body, len(prefix)), "text/plain; charset=utf-8",
                           400 if reply.status < 500 else 503)
    return Response(204, b"")


def void(app: App, request: Request) -> Response:
    """The dataset's VoID description: endpoint, URI space, vocabulary."""
    body = (f"@prefix void: <http://rdfs.org/ns/void#> .\n@prefix dcterms: <http://purl.org/dc/terms/> .\n"
            f"<{ROOT}dataset> a void:Dataset ;\n    dcterms:title \"budgetkg: Chinese government budget "
            f"disclosures\"@en ;\n    void:sparqlEndpoint <{app.public_endpoint(request)}> ;\n"
            f"    void:uriSpace \"{app.config.base}\" ;\n    void:vocabulary <{ROOT}ontology> .\n")
    return Response.of(body, TURTLE)


ROUTES = [Route(sparql, exact=("/sparql", "/sparql/"), methods=("GET", "HEAD", "POST")),
          Route(void, exact=("/void",))]
