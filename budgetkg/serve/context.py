"""What every route needs: the configuration, the engine (with its deadline) and SPARQL helpers.

Safety: a deadline per request after which the engine is replaced, which is what stops the
work (:func:`call_engine`); a result size cap (:mod:`.protocol`); queries the app writes
itself bind user text as RDF terms, never as pasted SPARQL.
"""
from __future__ import annotations

import http.client
import json
import re
import time
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from budgetkg.config import query_text
from budgetkg.errors import BudgetKGError
from budgetkg.query.questions import LOOKUP_COLUMN, Answer, LabelMatcher, Question, get_question, ordered, prepare
from budgetkg.serve.page_cache import PageCache
from budgetkg.serve.protocol import Reply, answer_from_json, post
from budgetkg.serve.request import FORMATS
from budgetkg.serve.web import Request

ROOT = "https://w3id.org/budgetkg/"
_HOST = re.compile(r"^(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$")


@dataclass
class CheckLimits:
    """What ``/check`` (reports checked in the browser, never stored) accepts at once."""

    max_file_mb: int = 50        # one uploaded file
    max_files: int = 10          # files in one upload
    max_total_mb: int = 100      # the whole request body (read into memory to be parsed)
    keep_minutes: int = 10       # how long an annotated PDF stays downloadable
    at_once: int = 2             # uploads read at the same time; more wait (reading is CPU-bound)


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
    check: CheckLimits = field(default_factory=CheckLimits)
    page_cache_mb: int = 64        # finished UI pages kept while serving the local store read-only (0: none)


def call_engine(config: ServeConfig, data: dict | bytes, accept: str, update: bool = False,
                stream_after: int | None = None) -> Reply:
    """Send one request to the engine within ``config.timeout``.

    Past the timeout the local engine is killed and restarted (the only way to stop the
    work; see :mod:`.engine`) and ``TimeoutError`` propagates (503). A read-only request
    that failed because another request's timeout restarted the engine under it, or because
    the engine died, is sent once more to the fresh engine. With ``stream_after``, a larger answer's
    rest is read as the caller writes it (:attr:`Reply.rest`), under the same deadline.
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
            reply = post(url, data, accept, config.max_bytes, left, content_type=kind, stream_after=stream_after,
                         reuse=not update)
            if reply.rest is not None:
                reply.rest = _recycling(reply.rest, engine, generation)
            return reply
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


def _recycling(rest: Iterator[bytes], engine, generation: int) -> Iterator[bytes]:
    """``rest``, restarting the engine if its deadline passes while it is read (what stops the work)."""
    try:
        yield from rest
    except TimeoutError:
        if engine:
            engine.recycle(generation)
        raise
    finally:
        close = getattr(rest, "close", None)
        if close:
            close()


def term(value: str) -> str:
    """A SPARQL IRI term for ``value``, validated by pyoxigraph (raises ValueError if not an IRI)."""
    return str(ox.NamedNode(value))


class App:
    """The configured app: routes call its helpers to reach the engine."""

    def __init__(self, config: ServeConfig):
        self.config = config
        self._pages: PageCache | None = None

    @property
    def pages(self) -> PageCache | None:
        """The page cache, only over the local engine read-only (the store cannot change meanwhile)."""
        config = self.config
        if config.engine is None or config.update_token or config.page_cache_mb <= 0:
            return None
        if self._pages is None:
            self._pages = PageCache(config.page_cache_mb * 1_000_000)
        return self._pages

    # ------------------------------------------------------------ engine access
    def call(self, data: dict | bytes, accept: str, update: bool = False, stream_after: int | None = None) -> Reply:
        return call_engine(self.config, data, accept, update, stream_after)

    def select(self, query: str, columns: tuple[str, ...]) -> Answer:
        """A SELECT's rows as plain strings (exact decimals) under ``columns``."""
        reply = self.call({"query": query}, FORMATS["json"])
        if reply.status >= 400:
            raise BudgetKGError(reply.body.decode("utf-8", "replace")[:500])
        return answer_from_json(reply.body, columns)

    def rows(self, query: str, columns: tuple[str, ...]) -> list[dict[str, str]]:
        """A SELECT's rows as dicts keyed by column."""
        return [dict(zip(columns, r)) for r in self.select(query, columns).rows]

    def ask(self, name: str, params: dict) -> tuple[Question, Answer]:
        """A canned question with department/year bound (the year checked as a whole number)."""
        q = get_question(name)
        values = {k: v for k, v in params.items() if v not in (None, "")}
        for p in q.parameters:  # integer parameters checked here, with the parameter's name in the message
            if p.type == "integer" and p.name in values:
                try:
                    values[p.name] = int(values[p.name])
                except ValueError:
                    raise BudgetKGError(f"{p.name} must be a whole number, got {values[p.name]!r}") from None
        folder = self.store_folder()
        if q.summary and not values and folder is not None:  # the whole store, from its summaries
            from budgetkg.load.summary_index import answer_rows, current
            path = current(folder)
            if path is not None:
                return q, ordered(q, Answer(q.columns, answer_rows(path, q.name)))
        # parameters resolved to reports first (one small query; a department through the store's
        # label index when it is served here), then the question bound to them
        labels = self.label_matcher() if "department" in values else None
        sparql = prepare(q, values, lambda lookup: [r[0] for r in self.select(lookup, (LOOKUP_COLUMN,)).rows],
                         labels)
        return q, (Answer(q.columns, ()) if sparql is None else ordered(q, self.select(sparql, q.columns)))

    def store_folder(self) -> Path | None:
        """The folder of the store served (its indexes beside it), or None fronting another endpoint."""
        return getattr(self.config.engine, "store", None)

    def label_index(self) -> Path | None:
        """The served store's label index, synced through the engine first if the store's files
        changed since its last sync (:func:`budgetkg.load.label_index.in_step_at`), or None."""
        from budgetkg.load.label_index import in_step_at
        folder = self.store_folder()
        return None if folder is None else in_step_at(folder, self.select_dicts)

    def label_matcher(self) -> LabelMatcher | None:
        """A department text matched through the served store's label index, or None (a scan)."""
        from budgetkg.load.label_index import matching_labels
        path = self.label_index()
        return None if path is None else (lambda texts: matching_labels(path, texts))

    def select_dicts(self, sparql: str) -> Iterator[dict[str, str]]:
        """A SELECT through the engine as dicts of values (what the indexes' sync reads)."""
        reply = self.call({"query": sparql}, FORMATS["json"])
        if reply.status >= 400:
            raise BudgetKGError(reply.body.decode("utf-8", "replace")[:300])
        for b in json.loads(reply.body)["results"]["bindings"]:
            yield {k: v["value"] for k, v in b.items()}

    def labels_of(self, iris: set[str]) -> dict[str, str]:
        """zh (and en) labels of the resources and properties a page links to."""
        if not iris:
            return {}
        values = " ".join(term(i) for i in sorted(iris)[:400])
        # a project row is named by its project (bkg:projectName), not the classification it is filed under
        query = query_text("serve/labels.rq", resources=values)
        reply = self.call({"query": query}, FORMATS["json"])
        if reply.status >= 400:
            return {}
        found: dict[str, dict[str, str]] = {}
        projects: dict[str, str] = {}
        for b in json.loads(reply.body)["results"]["bindings"]:
            if "project" in b:
                projects[b["x"]["value"]] = b["l"]["value"]
            else:
                found.setdefault(b["x"]["value"], {})[b["l"].get("xml:lang", "")] = b["l"]["value"]
        labels = {k: " / ".join(v[lang] for lang in ("zh", "en", "") if lang in v) for k, v in found.items()}
        return {**labels, **projects}

    # ------------------------------------------------------------ addresses
    def public_endpoint(self, request: Request) -> str:
        """This endpoint's public URL: the Host the client used when it is a plain host[:port]."""
        host = (request.headers.get("Host") or "").strip()
        if not _HOST.match(host):
            addr, port = request.server_address[:2]
            host = f"[{addr}]:{port}" if ":" in addr else f"{addr}:{port}"
        return f"http://{host}/sparql"

    def local(self, iri: str) -> str | None:
        """The path this app serves ``iri`` at, or None for an outside IRI."""
        if iri.startswith(self.config.base):
            return "/id/" + urllib.parse.quote(iri[len(self.config.base):])
        if iri.startswith(ROOT):
            return "/" + urllib.parse.quote(iri[len(ROOT):].split("#")[0])
        return None

    def iri_of(self, path: str) -> str:
        """The IRI a local linked-data path stands for."""
        return self.config.base + path[len("/id/"):] if path.startswith("/id/") else ROOT + path.lstrip("/")
