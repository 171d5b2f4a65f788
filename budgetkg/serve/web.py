"""Requests, responses and routes: the app as functions from a :class:`Request` to a :class:`Response`.

Nothing here touches a socket. The HTTP adapter in :mod:`.app` turns what
``http.server`` read into a :class:`Request` and writes the :class:`Response` back, so every
page and protocol case can be tested by calling :meth:`Router.handle` with a built request.
"""
from __future__ import annotations

import html
import io
import urllib.parse
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, BinaryIO

HTML = "text/html; charset=utf-8"
TEXT = "text/plain; charset=utf-8"
TURTLE = "text/turtle; charset=utf-8"
JSON = "application/json"


class Headers:
    """Case-insensitive read access to request headers (a dict or an ``email.message.Message``)."""

    def __init__(self, items: Mapping[str, str] | None = None):
        self._items: dict[str, str] = {}
        for key, value in (items.items() if items is not None else ()):
            self._items.setdefault(key.lower(), value)

    def get(self, name: str, default=None):
        return self._items.get(name.lower(), default)

    def __contains__(self, name: str) -> bool:
        return name.lower() in self._items


def raw_target(target: str) -> str:
    """The request target as sent: the standard library reads the request line as Latin-1, so a
    client that sends UTF-8 unescaped (``/department?name=组织部`` typed into curl) would be read as
    mojibake; its bytes are taken back as UTF-8 when they are UTF-8, and percent-escaped."""
    if target.isascii():
        return target
    try:
        text = target.encode("latin-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return target
    return urllib.parse.quote(text, safe="/?&=%:@!$'()*+,;~#[]")


@dataclass
class Request:
    """One HTTP request: method, target (path and query as sent), headers and the unread body."""

    method: str
    target: str
    headers: Headers = field(default_factory=Headers)
    body: BinaryIO = field(default_factory=io.BytesIO)
    server_address: tuple = ("127.0.0.1", 80)

    @classmethod
    def build(cls, method: str, target: str, headers: Mapping[str, str] | None = None, body: bytes = b"",
              server_address: tuple = ("127.0.0.1", 80)) -> Request:
        """A request made in code (tests, scripts): the body is given as bytes."""
        hdrs = dict(headers or {})
        if body and not any(k.lower() == "content-length" for k in hdrs):
            hdrs["Content-Length"] = str(len(body))
        return cls(method, target, Headers(hdrs), io.BytesIO(body), server_address)

    @property
    def path(self) -> str:
        return urllib.parse.unquote(urllib.parse.urlsplit(self.target).path)

    @property
    def query_string(self) -> str:
        return urllib.parse.urlsplit(self.target).query

    @property
    def params(self) -> dict[str, list[str]]:
        return urllib.parse.parse_qs(self.query_string, keep_blank_values=True)

    def param(self, name: str, default: str | None = None) -> str | None:
        return self.params.get(name, [default])[0]

    def wants(self, *types: str) -> str:
        """The first of ``types`` the Accept header names, else the first of ``types``."""
        accept = self.headers.get("Accept", "") or ""
        for t in types:
            if t in accept:
                return t
        return types[0]


@dataclass
class Response:
    """What to send: status, body, content type, extra headers, and whether to close the connection."""

    status: int
    body: bytes = b""
    content_type: str = TEXT
    headers: dict[str, str] = field(default_factory=dict)
    close: bool = False
    #: the rest of a large answer, written after ``body`` as it arrives (never gathered in memory)
    stream: Iterator[bytes] | None = None

    @classmethod
    def text(cls, status: int, message: str, **kw) -> Response:
        """A one-line plain-text answer (every error is one of these)."""
        return cls(status, message.rstrip("\n").encode("utf-8") + b"\n", TEXT, **kw)

    @classmethod
    def of(cls, body: bytes | str, content_type: str, status: int = 200) -> Response:
        return cls(status, body.encode("utf-8") if isinstance(body, str) else body, content_type)

    @classmethod
    def page(cls, body: bytes, status: int = 200) -> Response:
        return cls(status, body, HTML)


Handler = Callable[[Any, Request], Response]  # the first argument is the app (context.App)


@dataclass(frozen=True)
class Route:
    """A path (``exact``) or path prefix (``prefix``) served by ``handler`` for ``methods``."""

    handler: Handler
    exact: tuple[str, ...] = ()
    prefix: tuple[str, ...] = ()
    methods: tuple[str, ...] = ("GET", "HEAD")

    def matches(self, path: str) -> bool:
        return path in self.exact or any(path.startswith(p) for p in self.prefix)


class Router:
    """The registry of routes; the first that matches a path serves it."""

    def __init__(self, routes: list[Route]):
        self.routes = list(routes)

    def find(self, request: Request) -> Response | Handler:
        """The handler for ``request``, or the 404/405 response when there is none."""
        path = request.path
        for route in self.routes:
            if route.matches(path):
                if request.method not in route.methods:
                    return Response.text(405, "method not allowed")
                return route.handler
        if request.method not in ("GET", "HEAD"):
            return Response.text(405, "method not allowed")
        return Response.text(404, f"nothing at {path}")


def link(path: str, **params) -> str:
    """A local URL with query parameters (empty ones left out), HTML-escaped for an attribute."""
    query = urllib.parse.urlencode({k: v for k, v in params.items() if v not in (None, "")})
    return html.escape(path + ("?" + query if query else ""), quote=True)
