"""Finished UI pages kept for the life of a read-only engine, so a page is computed once per store.

A page of the browser UI (the department page runs eleven queries and takes tens of
milliseconds) depends only on its request and the store. While ``serve`` runs over the local
store read-only, the store cannot change (ingest and remove refuse while it is served), so a
page computed once is right until the server stops. Fronting another endpoint, or with
updates allowed, nothing is kept. Concurrent requests for a page not yet kept wait for the
one computing it instead of computing it again (16 clients opening one page cost one page).

Kept: successful GET/HEAD answers of the page routes, at most ``limit_bytes`` in all, least
recently used first out. Not kept: ``/sparql`` (answers stream), ``/check`` (uploads).
"""
from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable

from budgetkg.serve.web import Request, Response

#: path prefixes whose answers are never kept
NOT_KEPT = ("/sparql", "/check", "/void")


class PageCache:
    """Responses by request (path with query, Accept, Host), bounded in bytes."""

    def __init__(self, limit_bytes: int = 64_000_000):
        self.limit = limit_bytes
        self.size = 0
        self._pages: OrderedDict[tuple, Response] = OrderedDict()
        self._lock = threading.Lock()
        self._computing: dict[tuple, threading.Lock] = {}

    @staticmethod
    def key(request: Request) -> tuple | None:
        if request.method not in ("GET", "HEAD") or request.path.startswith(NOT_KEPT):
            return None
        return request.target, request.headers.get("Accept") or "", request.headers.get("Host") or ""

    def get_or_make(self, request: Request, make: Callable[[], Response]) -> Response:
        key = self.key(request)
        if key is None:
            return make()
        with self._lock:
            if key in self._pages:
                self._pages.move_to_end(key)
                return self._pages[key]
            computing = self._computing.setdefault(key, threading.Lock())
        with computing:  # the first computes; the others wait and read its page
            with self._lock:
                if key in self._pages:
                    return self._pages[key]
            response = make()
            with self._lock:
                self._computing.pop(key, None)
                if response.status == 200 and response.stream is None and not response.close \
                        and len(response.body) <= self.limit // 8:
                    self._pages[key] = response
                    self.size += len(response.body)
                    while self.size > self.limit:
                        _, old = self._pages.popitem(last=False)
                        self.size -= len(old.body)
            return response
