"""The HTTP app: routes (SPARQL protocol, linked data, questions, UI pages) behind one adapter.

Each route is a function from a :class:`~.web.Request` to a :class:`~.web.Response`
(:mod:`.sparql_routes`, :mod:`.linked_data`, :mod:`.question_pages`, :mod:`.ui`, :mod:`.search_page`), testable
without a socket through :func:`handle`. This module maps library errors to status codes —
a 4xx with one readable line for the client's mistakes, 503 for the engine's, never a stack
trace — and adapts ``http.server`` to the routes.

Safety: read-only unless an update token is configured; ``SERVICE`` refused from the parsed
query; relative IRIs resolve against this endpoint's public URL; a result size cap; a
deadline per request after which the engine is replaced (:func:`.context.call_engine`).
"""
from __future__ import annotations

import http.client
import logging
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from budgetkg.errors import BudgetKGError, StoreError
from budgetkg.serve import check_page, linked_data, question_pages, search_page, sparql_routes, ui
from budgetkg.serve.context import App, ServeConfig, call_engine  # noqa: F401 - re-exported for callers and tests
from budgetkg.serve.protocol import TooLarge
from budgetkg.serve.web import Headers, Request, Response, Router, raw_target

log = logging.getLogger("budgetkg.serve")

ROUTER = Router(sparql_routes.ROUTES + question_pages.ROUTES + ui.ROUTES + search_page.ROUTES + check_page.ROUTES
                + linked_data.ROUTES)


def handle(app: App, request: Request, router: Router = ROUTER) -> Response:
    """Answer one request: route it, and turn every failure into a status and one line."""
    found = router.find(request)
    if isinstance(found, Response):
        return found
    try:
        return found(app, request)
    except TooLarge:
        return Response.text(413, "the answer is larger than this server returns; add LIMIT")
    except StoreError as exc:  # the engine could not be (re)started: not the client's fault
        return Response.text(503, exc.describe())
    except BudgetKGError as exc:
        return Response.text(400, exc.describe())
    except TimeoutError:
        return Response.text(503, "the query took longer than this server allows and was stopped")
    except (OSError, http.client.HTTPException) as exc:
        return Response.text(503, f"the SPARQL engine did not answer: {type(exc).__name__}")
    except Exception:  # never a stack trace in a response
        log.exception("internal error on %s", request.target)
        return Response.text(500, "internal error")


def make_handler(config: ServeConfig):
    """A ``BaseHTTPRequestHandler`` class that hands every request to :func:`handle`."""
    app = App(config)

    class Handler(BaseHTTPRequestHandler):
        server_version = "budgetkg"

        def log_message(self, fmt, *args):
            log.info("%s %s", self.address_string(), fmt % args)

        def respond(self, response: Response) -> None:
            self.send_response(response.status)
            self.send_header("Content-Type", response.content_type)
            self.send_header("Content-Length", str(len(response.body)))
            for key, value in response.headers.items():
                self.send_header(key, value)
            if config.cors:
                self.send_header("Access-Control-Allow-Origin", config.cors)
            self.end_headers()
            if response.close:
                self.close_connection = True
            if self.command != "HEAD":
                self.wfile.write(response.body)

        def run(self):
            request = Request(self.command, raw_target(self.path), Headers(self.headers), self.rfile,
                              self.server.server_address)
            self.respond(handle(app, request))

        do_GET = do_POST = do_HEAD = run

        def do_OPTIONS(self):
            self.send_response(204)
            if config.cors:
                self.send_header("Access-Control-Allow-Origin", config.cors)
                self.send_header("Access-Control-Allow-Headers", "Content-Type, Accept, Authorization")
                self.send_header("Access-Control-Allow-Methods", "GET, POST, OPTIONS")
            self.end_headers()

        def do_PUT(self):
            self.respond(Response.text(405, "method not allowed"))

        do_DELETE = do_PATCH = do_PUT

    return Handler


def make_server(config: ServeConfig, host: str = "127.0.0.1", port: int = 8080) -> ThreadingHTTPServer:
    """The HTTP server (not started); ``serve_forever()`` runs it."""
    server = ThreadingHTTPServer((host, port), make_handler(config))
    server.daemon_threads = True
    return server
