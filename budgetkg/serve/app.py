"""The HTTP app: routes (SPARQL protocol, linked data, questions, UI pages) behind one adapter.

Each route is a function from a :class:`~.web.Request` to a :class:`~.web.Response`
(:mod:`.sparql_routes`, :mod:`.linked_data`, :mod:`.question_pages`, :mod:`.ui`, :mod:`.search_page`,
:mod:`.graph_page`), testable
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
from budgetkg.serve import check_page, graph_page, linked_data, question_pages, search_page, sparql_routes, ui
from budgetkg.serve.context import App, ServeConfig, call_engine  # noqa: F401 - re-exported for callers and tests
from budgetkg.serve.protocol import TooLarge
from budgetkg.serve.web import Headers, Request, Response, Router, raw_target

log = logging.getLogger("budgetkg.serve")
KEEP_ALIVE_S = 30

ROUTER = Router(sparql_routes.ROUTES + question_pages.ROUTES + ui.ROUTES + search_page.ROUTES + check_page.ROUTES
                + graph_page.ROUTES + linked_data.ROUTES)


def handle(app: App, request: Request, router: Router = ROUTER) -> Response:
    """Answer one request: a page already made over this store, else route it (:func:`answer`)."""
    pages = app.pages
    return answer(app, request, router) if pages is None else pages.get_or_make(
        request, lambda: answer(app, request, router))


def answer(app: App, request: Request, router: Router = ROUTER) -> Response:
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
        protocol_version = "HTTP/1.1"  # keep-alive: every answer has a length or is chunked
        timeout = KEEP_ALIVE_S         # an idle kept connection is closed (it holds a thread)
        disable_nagle_algorithm = True  # on a kept connection, Nagle + delayed ACK held every answer 40 ms

        def log_message(self, fmt, *args):
            log.info("%s %s", self.address_string(), fmt % args)

        def respond(self, response: Response) -> None:
            chunked = response.stream is not None and self.request_version == "HTTP/1.1"
            self.send_response(response.status)
            self.send_header("Content-Type", response.content_type)
            if response.stream is None:
                self.send_header("Content-Length", str(len(response.body)))
            elif chunked:
                self.send_header("Transfer-Encoding", "chunked")
            else:  # an HTTP/1.0 client: the end of the answer is the end of the connection
                response.close = True
            for key, value in response.headers.items():
                self.send_header(key, value)
            if config.cors:
                self.send_header("Access-Control-Allow-Origin", config.cors)
            if response.close:
                self.send_header("Connection", "close")
                self.close_connection = True
            self.end_headers()
            if self.command == "HEAD":
                if response.stream is not None:
                    response.stream.close()  # type: ignore[attr-defined]
                return
            if response.stream is None:
                self.wfile.write(response.body)
            else:
                self.stream(response, chunked)

        def stream(self, response: Response, chunked: bool) -> None:
            """The answer as it arrives; cut off (connection closed, no last chunk) past the cap or deadline."""
            stream = response.stream
            assert stream is not None
            try:
                if response.body:  # the part gathered before streaming began
                    self._write(response.body, chunked)
                for chunk in stream:
                    self._write(chunk, chunked)
                if chunked:
                    self.wfile.write(b"0\r\n\r\n")
            except (TooLarge, TimeoutError, OSError, http.client.HTTPException) as exc:
                log.warning("answer to %s cut off: %s", self.path[:200], type(exc).__name__)
                self.close_connection = True
            finally:
                stream.close()  # type: ignore[attr-defined]  # a generator

        def _write(self, chunk: bytes, chunked: bool) -> None:
            self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk) if chunked else chunk)

        def run(self):
            request = Request(self.command, raw_target(self.path), Headers(self.headers), self.rfile,
                              self.server.server_address)
            response = handle(app, request)
            if self.headers.get("Content-Length", "0").strip() not in ("", "0") or "Transfer-Encoding" in self.headers:
                response.close = True  # a route may leave a body unread; the next request must not start inside it
            self.respond(response)

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


class _Server(ThreadingHTTPServer):
    """A thread per connection; a listen backlog that takes a burst of clients (the default, 5, made
    the sixth of 16 clients arriving at once wait a second for the kernel to retry its connection)."""

    daemon_threads = True
    request_queue_size = 128


def make_server(config: ServeConfig, host: str = "127.0.0.1", port: int = 8080) -> ThreadingHTTPServer:
    """The HTTP server (not started); ``serve_forever()`` runs it."""
    server = _Server((host, port), make_handler(config))
    return server
