"""The HTTP app: SPARQL endpoint (proxied to the engine), entity pages, questions, UI.

Safety: read-only unless an update token is configured; ``SERVICE`` refused from the parsed
query (:mod:`budgetkg.sparql_guard`); relative IRIs resolve against this endpoint's public URL;
a result size cap; a deadline per request after which the engine is replaced, which is what
stops the work (:func:`call_engine`); malformed requests are refused by :mod:`.request` with
a 4xx and one readable line, never a stack trace.
"""
from __future__ import annotations

import html
import http.client
import json
import logging
import re
import time
import urllib.parse
from dataclasses import dataclass
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pyoxigraph as ox

from ..errors import BudgetKGError, StoreError
from ..questions import LOOKUP_COLUMN, Answer, get_question, list_questions, prepare
from ..sparql_guard import check_sparql
from . import pages
from .protocol import Reply, TooLarge, answer_from_json, post
from .request import FORMATS, BadRequest, read_request

ROOT = "https://w3id.org/budgetkg/"
LABELS = ("http://www.w3.org/2004/02/skos/core#prefLabel", "http://www.w3.org/2000/01/rdf-schema#label")
log = logging.getLogger("budgetkg.serve")
_HOST = re.compile(r"^(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$")
_POSITION = re.compile(r"\berror at 1:(\d+)")


@dataclass
class ServeConfig:
    """What the app needs: where the engine is and the safety limits."""

    endpoint: str                  # SPARQL query endpoint URL
    base: str                      # base IRI of minted data resources
    update_endpoint: str | None = None
    update_token: str | None = None
    timeout: float = 10.0
    max_bytes: int = 20_000_000
    cors: str | None = None
    engine: object | None = None   # the local Engine, recycled when a query runs past the timeout


def call_engine(config: ServeConfig, data: dict | bytes, accept: str, update: bool = False) -> Reply:
    """Send one request to the engine within ``config.timeout``.

    Past the timeout the local engine is killed and restarted (the only way to stop the
    work; see :mod:`.engine`) and ``TimeoutError`` propagates (503). A read-only request
    that failed because another request's timeout restarted the engine under it, or because
    the engine died, is sent once more to the fresh engine.
    """
    url = config.update_endpoint if update else config.endpoint
    kind = "application/sparql-update" if update else "application/x-www-form-urlencoded"
    engine = config.engine
    deadline = time.monotonic() + config.timeout  # one budget for the request, retry included
    for attempt in range(2):
        generation = engine.ready() if engine else 0
        left = deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError("the first attempt used up the time")
        try:
            return post(url, data, accept, config.max_bytes, left, content_type=kind)
        except TimeoutError:
            if engine:
                engine.recycle(generation)
            raise
        except (OSError, http.client.HTTPException):
            if engine is None or update or attempt:
                raise
            if engine.generation == generation:
                if engine.alive():
                    raise
                engine.recycle(generation)
    raise AssertionError("unreachable")


def _message(body: bytes, shift: int) -> str:
    """An engine's error text as one block for the client; line-1 columns without our BASE prefix."""
    text = body.decode("utf-8", "replace").strip()[:2000]
    return _POSITION.sub(lambda m: f"error at 1:{max(1, int(m.group(1)) - shift)}", text) + "\n"


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


def make_handler(config: ServeConfig):
    """A request handler class bound to ``config``."""

    class Handler(BaseHTTPRequestHandler):
        server_version = "budgetkg"

        def log_message(self, fmt, *args):  # noqa: D102 - route access logs through logging
            log.info("%s %s", self.address_string(), fmt % args)

        # ------------------------------------------------------------ plumbing
        def send(self, status: int, body: bytes | str, content_type: str = "text/plain; charset=utf-8"):
            data = body.encode("utf-8") if isinstance(body, str) else body
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(data)))
            if config.cors:
                self.send_header("Access-Control-Allow-Origin", config.cors)
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(data)

        def params(self) -> dict[str, list[str]]:
            return urllib.parse.parse_qs(urllib.parse.urlsplit(self.path).query, keep_blank_values=True)

        def wants(self, *types: str) -> str:
            accept = self.headers.get("Accept", "") or ""
            for t in types:
                if t in accept:
                    return t
            return types[0]

        def do_HEAD(self):
            self.do_GET()

        def do_OPTIONS(self):
            self.send_response(204)
            if config.cors:
                self.send_header("Access-Control-Allow-Origin", config.cors)
                self.send_header("Access-Control-Allow-Headers", "Content-Type, Accept, Authorization")
                self.send_header("Access-Control-Allow-Methods", "GET, POST, OPTIONS")
            self.end_headers()

        def do_GET(self):
            self.dispatch()

        def do_POST(self):
            self.dispatch()

        def do_PUT(self):
            self.send(405, "method not allowed\n")

        do_DELETE = do_PATCH = do_PUT

        def dispatch(self):
            path = urllib.parse.unquote(urllib.parse.urlsplit(self.path).path)
            try:
                if path in ("/sparql", "/sparql/"):
                    return self.sparql()
                if self.command != "GET" and self.command != "HEAD":
                    return self.send(405, "method not allowed\n")
                if path == "/":
                    return self.home()
                if path == "/query":
                    return self.query_page()
                if path == "/questions":
                    return self.questions()
                if path.startswith("/questions/"):
                    return self.question(path[len("/questions/"):])
                if path == "/department":
                    return self.department()
                if path == "/void":
                    return self.void()
                if path.startswith(("/id/", "/codes/")) or path == "/ontology" or path.startswith("/ontology"):
                    return self.entity(path)
                return self.send(404, f"nothing at {path}\n")
            except TooLarge:
                return self.send(413, "the answer is larger than this server returns; add LIMIT\n")
            except StoreError as exc:  # the engine could not be (re)started: not the client's fault
                return self.send(503, exc.describe() + "\n")
            except BudgetKGError as exc:
                return self.send(400, exc.describe() + "\n")
            except TimeoutError:
                return self.send(503, "the query took longer than this server allows and was stopped\n")
            except (OSError, http.client.HTTPException) as exc:
                return self.send(503, f"the SPARQL engine did not answer: {type(exc).__name__}\n")
            except Exception:  # never a stack trace in a response
                log.exception("internal error on %s", self.path)
                return self.send(500, "internal error\n")

        # ------------------------------------------------------------ SPARQL protocol
        def public_endpoint(self) -> str:
            """This endpoint's public URL: the Host the client used when it is a plain host[:port]."""
            host = (self.headers.get("Host") or "").strip()
            if not _HOST.match(host):
                addr, port = self.server.server_address[:2]
                host = f"[{addr}]:{port}" if ":" in addr else f"{addr}:{port}"
            return f"http://{host}/sparql"

        def sparql(self):
            try:
                request = read_request(self.command, self.path, self.headers, self.rfile)
                accept = request.accept(self.headers.get("Accept"))
            except BadRequest as exc:
                self.close_connection = True  # the body may be unread: the stream is out of step
                return self.send(exc.status, exc.message + "\n")
            if request.update is not None:
                return self.sparql_update(request.update)
            if request.query is None:
                if self.command == "POST":
                    return self.send(400, "no query given\n")
                return self.send(200, SERVICE_DESCRIPTION.format(endpoint=self.public_endpoint()),
                                 "text/turtle; charset=utf-8")
            check_sparql(request.query)
            prefix = f"BASE <{self.public_endpoint()}> "  # relative IRIs resolve here, never at the engine
            reply = call_engine(config, {"query": prefix + request.query.lstrip("\ufeff"), **request.dataset},
                                accept)
            if reply.status >= 500:
                return self.send(503, "the SPARQL engine failed: " + _message(reply.body, 0))
            if reply.status >= 400:
                return self.send(reply.status, _message(reply.body, len(prefix)))
            return self.send(reply.status, reply.body, reply.content_type)

        def sparql_update(self, update: str):
            token = (self.headers.get("Authorization") or "").removeprefix("Bearer ").strip()
            if not config.update_token or not config.update_endpoint or token != config.update_token:
                return self.send(403, "updates are not allowed on this endpoint\n")
            check_sparql(update, update=True)
            prefix = f"BASE <{self.public_endpoint()}> "
            reply = call_engine(config, (prefix + update.lstrip("\ufeff")).encode("utf-8"), "*/*", update=True)
            if reply.status >= 400:
                return self.send(400 if reply.status < 500 else 503, _message(reply.body, len(prefix)))
            return self.send(204, b"")

        def select(self, query: str, columns: tuple[str, ...]):
            reply = call_engine(config, {"query": query}, FORMATS["json"])
            if reply.status >= 400:
                raise BudgetKGError(reply.body.decode("utf-8", "replace")[:500])
            return answer_from_json(reply.body, columns)

        # ------------------------------------------------------------ questions
        def questions(self):
            qs = list_questions()
            if self.wants("text/html", "application/json") == "application/json" or "json" in self.params().get("format", []):
                return self.send(200, json.dumps([{"name": q.name, "title": {"zh": q.title_zh, "en": q.title_en},
                                                   "description": {"zh": q.description_zh, "en": q.description_en},
                                                   "parameters": [p.name for p in q.parameters],
                                                   "columns": list(q.columns)} for q in qs], ensure_ascii=False),
                                 "application/json")
            items = "".join(f"<li><a href='/questions/{q.name}'>{html.escape(q.name)}</a> — {html.escape(q.title_zh)} / "
                            f"{html.escape(q.title_en)}<br><span class='muted'>{html.escape(q.description_en)}</span></li>"
                            for q in qs)
            return self.send(200, pages.page("Canned questions", f"<ul>{items}</ul>"), "text/html; charset=utf-8")

        def ask(self, name: str, params: dict):
            q = get_question(name)
            values = {k: v for k, v in params.items() if v not in (None, "")}
            if "year" in values:
                try:
                    values["year"] = int(values["year"])
                except ValueError:
                    raise BudgetKGError(f"year must be a whole number, got {values['year']!r}") from None
            # parameters resolved to reports first (one small query), then the question bound to them
            sparql = prepare(q, values, lambda lookup: [r[0] for r in self.select(lookup, (LOOKUP_COLUMN,)).rows])
            return q, (Answer(q.columns, ()) if sparql is None else self.select(sparql, q.columns))

        def question(self, name: str):
            form = self.params()
            params = {k: form.get(k, [None])[0] for k in ("department", "year")}
            q, answer = self.ask(name, params)
            fmt = form.get("format", [None])[0] or {"application/json": "json", "text/csv": "csv"}.get(
                self.wants("text/html", "application/json", "text/csv"), "html")
            if fmt == "json":
                return self.send(200, json.dumps([dict(zip(answer.columns, r)) for r in answer.rows], ensure_ascii=False),
                                 "application/json")
            if fmt == "csv":
                import csv
                import io
                buf = io.StringIO()
                w = csv.writer(buf, lineterminator="\n")
                w.writerow(answer.columns)
                w.writerows(answer.rows)
                return self.send(200, buf.getvalue(), "text/csv; charset=utf-8")
            money = {c for c in answer.columns if c in ("total", "basic", "project", "personnel", "public", "amount",
                                                        "total_income", "total_expenditure", "budget", "final")}
            body = (f"<p>{html.escape(q.description_zh)}<br>{html.escape(q.description_en)}</p>"
                    f"<p><a href='?format=csv'>CSV</a> · <a href='?format=json'>JSON</a></p>"
                    + pages.table(answer.columns, answer.rows, money=money))
            return self.send(200, pages.page(f"{q.title_zh} / {q.title_en}", body), "text/html; charset=utf-8")

        # ------------------------------------------------------------ UI pages
        def home(self):
            _, reports = self.ask("reports", {})
            link = {"source": lambda s: "/id/report/" + urllib.parse.quote(s.rsplit(".", 1)[0]),
                    "department": lambda d: "/department?name=" + urllib.parse.quote(d)}
            years = sorted({r[2] for r in reports.rows if r[2]})
            body = (f"<p>{len(reports.rows)} reports, {len({r[1] for r in reports.rows})} departments, "
                    f"years {', '.join(years)}.</p>"
                    + pages.table(reports.columns, reports.rows, link=link, money={"total_income", "total_expenditure"}))
            return self.send(200, pages.page("budgetkg — budget disclosures", body), "text/html; charset=utf-8")

        def department(self):
            name = self.params().get("name", [""])[0]
            if not name:
                return self.send(400, "give ?name=\n")
            _, functional = self.ask("functional", {"department": name})
            classes: dict[str, Decimal] = {}
            basic = project = Decimal(0)
            for source, code, label, total, b, p in functional.rows:
                if code and len(code) == 3 and total:
                    classes[f"{code} {label}"] = classes.get(f"{code} {label}", Decimal(0)) + Decimal(total)
                    basic += Decimal(b or 0)
                    project += Decimal(p or 0)
            body = (pages.bar_chart(sorted(classes.items(), key=lambda kv: kv[0]), "支出功能分类（类） / expenditure by function")
                    + pages.bar_chart([("基本支出 basic", basic), ("项目支出 project", project)],
                                      "基本支出与项目支出 / basic and project")
                    + pages.table(functional.columns, functional.rows, money={"total", "basic", "project"}))
            return self.send(200, pages.page(name, body), "text/html; charset=utf-8")

        def query_page(self):
            options = "".join(f"<option value='{html.escape(q.sparql)}'>{html.escape(q.name)} — {html.escape(q.title_zh)}</option>"
                              for q in list_questions())
            body = (f"<p><select onchange='example(this)'><option>examples…</option>{options}</select></p>"
                    "<textarea id='q'>SELECT ?s ?p ?o WHERE { ?s ?p ?o } LIMIT 20</textarea>"
                    "<p><button onclick='run()'>Run</button> <a id='csv' href='#'>CSV</a></p><div id='out'></div>"
                    + pages.QUERY_PAGE_SCRIPT)
            return self.send(200, pages.page("SPARQL query", body), "text/html; charset=utf-8")

        def void(self):
            body = (f"@prefix void: <http://rdfs.org/ns/void#> .\n@prefix dcterms: <http://purl.org/dc/terms/> .\n"
                    f"<{ROOT}dataset> a void:Dataset ;\n    dcterms:title \"budgetkg: Chinese government budget "
                    f"disclosures\"@en ;\n    void:sparqlEndpoint <{self.public_endpoint()}> ;\n"
                    f"    void:uriSpace \"{config.base}\" ;\n    void:vocabulary <{ROOT}ontology> .\n")
            return self.send(200, body, "text/turtle; charset=utf-8")

        # ------------------------------------------------------------ linked data
        def entity(self, path: str):
            iri = config.base + path[len("/id/"):] if path.startswith("/id/") else ROOT + path.lstrip("/")
            try:
                node = ox.NamedNode(iri)  # validates: nothing from the path is pasted unchecked
            except ValueError:
                return self.send(400, "not a valid resource IRI\n")
            if path == "/ontology":
                construct = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o FILTER(STRSTARTS(STR(?s), \"%sontology\")) }" % ROOT
            else:
                construct = (f"CONSTRUCT {{ {node} ?p ?o . ?s ?q {node} }} WHERE {{ {{ {node} ?p ?o }} "
                             f"UNION {{ ?s ?q {node} }} }}")
            kind = self.wants("text/html", "text/turtle", "application/ld+json", "application/n-triples")
            if kind != "text/html":
                reply = call_engine(config, {"query": construct}, kind)
                if reply.status >= 400 or not reply.body.strip() or reply.body.strip() in (b"[]", b"{}"):
                    return self.send(404 if reply.status < 400 else reply.status, f"no description of <{iri}>\n")
                return self.send(200, reply.body, reply.content_type)
            reply = call_engine(config, {"query": construct}, "application/n-triples")
            triples = list(ox.parse(reply.body, format=ox.RdfFormat.N_TRIPLES)) if reply.status < 400 else []
            if not triples:
                return self.send(404, pages.page("not found", f"<p>No resource <code>{html.escape(iri)}</code>.</p>"),
                                 "text/html; charset=utf-8")
            labels = self.labels_of({t.predicate.value for t in triples}
                                    | {n.value for t in triples for n in (t.subject, t.object)
                                       if isinstance(n, ox.NamedNode) and n.value != iri})
            return self.send(200, pages.page(self.label(triples, iri), self.describe(triples, iri, labels)),
                             "text/html; charset=utf-8")

        def labels_of(self, iris: set[str]) -> dict[str, str]:
            """zh (and en) labels of the resources and properties a page links to."""
            if not iris:
                return {}
            values = " ".join(str(ox.NamedNode(i)) for i in sorted(iris)[:400])
            query = ("SELECT ?x ?l WHERE { VALUES ?x { %s } ?x <http://www.w3.org/2000/01/rdf-schema#label>|"
                     "<http://www.w3.org/2004/02/skos/core#prefLabel> ?l }" % values)
            reply = call_engine(config, {"query": query}, FORMATS["json"])
            if reply.status >= 400:
                return {}
            found: dict[str, dict[str, str]] = {}
            for b in json.loads(reply.body)["results"]["bindings"]:
                found.setdefault(b["x"]["value"], {})[b["l"].get("xml:lang", "")] = b["l"]["value"]
            return {k: " / ".join(v[lang] for lang in ("zh", "en", "") if lang in v) for k, v in found.items()}

        @staticmethod
        def label(triples, iri: str) -> str:
            for t in triples:
                if t.subject.value == iri and t.predicate.value in LABELS:
                    return t.object.value
            return iri.rsplit("/", 1)[-1]

        def describe(self, triples, iri: str, labels: dict[str, str]) -> str:
            rows = []
            for t in sorted(triples, key=lambda t: (t.subject.value != iri, t.predicate.value, str(t.object))):
                outgoing = t.subject.value == iri
                other = t.object if outgoing else t.subject
                pred = t.predicate.value.rsplit("#", 1)[-1].rsplit("/", 1)[-1]
                pred_label = labels.get(t.predicate.value, pred)
                if isinstance(other, ox.NamedNode):
                    href = self.local(other.value)
                    shown = html.escape(labels.get(other.value) or other.value.rsplit("/", 1)[-1] or other.value)
                    cell = f"<a href='{html.escape(href)}'>{shown}</a>" if href else shown
                else:
                    value = other.value
                    if pred == "amount":
                        value = pages.yuan(value)
                    cell = html.escape(value) + (f" <span class='muted'>@{other.language}</span>"
                                                 if getattr(other, "language", None) else "")
                rows.append(f"<tr><td>{'' if outgoing else '← '}{html.escape(pred_label)}</td><td>{cell}</td></tr>")
            return (f"<p class='muted'>{html.escape(iri)} · <a href='?'>HTML</a> — ask for text/turtle or "
                    f"application/ld+json for data</p><table>{''.join(rows)}</table>")

        @staticmethod
        def local(iri: str) -> str | None:
            if iri.startswith(config.base):
                return "/id/" + urllib.parse.quote(iri[len(config.base):])
            if iri.startswith(ROOT):
                return "/" + urllib.parse.quote(iri[len(ROOT):].split("#")[0])
            return None

    return Handler


def make_server(config: ServeConfig, host: str = "127.0.0.1", port: int = 8080) -> ThreadingHTTPServer:
    """The HTTP server (not started); ``serve_forever()`` runs it."""
    server = ThreadingHTTPServer((host, port), make_handler(config))
    server.daemon_threads = True
    return server
