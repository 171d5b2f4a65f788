"""One rule for every SPARQL text budgetkg runs: no federated calls (``SERVICE``).

A ``SERVICE`` clause makes the engine (Oxigraph's server, or pyoxigraph inside ``budgetkg
query``) send an HTTP request to any URL the machine can reach and hand back the answer —
server-side request forgery. Neither engine can be told to refuse it, so it is refused
here, before the text reaches an engine, by the server and by ``budgetkg query`` alike.

The decision is taken from the *parsed* query, not from its text: a text check can be
fooled by quotes inside comments, unicode escapes (``\\u0053ERVICE``) and the like.

1. SPARQL applies ``\\uXXXX`` / ``\\UXXXXXXXX`` escapes to the whole text before parsing and
   its keywords are case-insensitive. If, after applying the escapes and case folding, the
   text does not contain ``service`` anywhere — not even inside a string, IRI or comment —
   it cannot contain the keyword, and it passes without being parsed.
2. Otherwise it is parsed with rdflib's SPARQL 1.1 parser and the whole parse tree
   (patterns, sub-queries, EXISTS in filters, HAVING, ORDER BY, update WHERE clauses) is
   searched for a ``ServiceGraphPattern``. Found: refused. Text that the parser cannot read
   is refused too (never passed through unchecked): it names the parser's complaint.

rdflib's parser recurses about once per two characters of a query (and ~30 times per level
of brackets), far past Python's default limit for ordinary queries of a few hundred
triples. So it runs on its own thread with a large stack and a raised recursion limit,
one parse at a time, and the text it is given is bounded (:data:`MAX_CHECKED_CHARS`,
:data:`MAX_NESTING`) so that the stack always suffices — a longer or deeper text that
mentions ``service`` is refused with a message saying so.
"""
from __future__ import annotations

import re
import sys
import threading
import unicodedata
from functools import lru_cache

from budgetkg.errors import QueryError

_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
MAX_CHECKED_CHARS = 100_000     # ≈ 45,000 parser frames for a flat list of triples
MAX_NESTING = 100               # brackets open at once, counted over the raw text (≈ 4,000 frames)
_RECURSION_LIMIT = 120_000
_STACK_BYTES = 256 * 1024 * 1024  # measured: holds 120,000 parser frames (virtual; touched pages only)
_ONE_PARSE = threading.Lock()


class FederationRefused(QueryError):
    """The SPARQL text asks the engine to call another endpoint (``SERVICE``)."""


def expand_escapes(text: str) -> str:
    """The text with SPARQL's codepoint escapes applied, as the engine reads it."""
    def one(m: re.Match) -> str:
        code = int(m.group(1) or m.group(2), 16)
        return chr(code) if code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else m.group(0)
    return _ESCAPE.sub(one, text)


def might_mention_service(text: str) -> bool:
    """False only when the word cannot be present in any spelling the engine would accept."""
    folded = unicodedata.normalize("NFKC", expand_escapes(text)).casefold()
    return "service" in folded


@lru_cache(maxsize=1)
def _rdflib():
    """rdflib's SPARQL parser, imported on first use: it costs about 0.15 s, which commands
    that never see a query mentioning 'service' should not pay at start-up."""
    from pyparsing import ParseException, ParseResults
    from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
    from rdflib.plugins.sparql.parserutils import CompValue
    return ParseException, ParseResults, parseQuery, parseUpdate, CompValue


def _has_service(node) -> bool:
    _, results, _, _, comp = _rdflib()
    if isinstance(node, comp):
        return node.name == "ServiceGraphPattern" or any(_has_service(v) for v in node.values())
    if isinstance(node, dict):
        return any(_has_service(v) for v in node.values())
    if isinstance(node, (list, tuple, results)):
        return any(_has_service(v) for v in node)
    return False


def _nesting(text: str) -> int:
    depth = deepest = 0
    for ch in text:
        if ch in "{([":
            depth += 1
            deepest = max(deepest, depth)
        elif ch in "})]":
            depth = max(0, depth - 1)
    return deepest


def _parse(text: str, update: bool):
    """rdflib's parse tree of ``text``, computed on a thread with room for its recursion."""
    outcome: dict = {}

    def run():
        try:
            _, _, parse_query, parse_update, _ = _rdflib()
            outcome["tree"] = (parse_update if update else parse_query)(text)
        except BaseException as exc:  # handed to the caller's thread
            outcome["error"] = exc

    with _ONE_PARSE:
        old_limit = sys.getrecursionlimit()
        worker = threading.Thread(target=run, name="sparql-guard", daemon=True)
        try:
            sys.setrecursionlimit(max(old_limit, _RECURSION_LIMIT))
            old_stack = threading.stack_size(_STACK_BYTES)
            try:
                worker.start()
            finally:
                threading.stack_size(old_stack)  # only this thread gets the big stack
            worker.join()
        except (RuntimeError, ValueError):  # no room for a big stack: parse within the default limit
            sys.setrecursionlimit(old_limit)
            run()
        finally:
            sys.setrecursionlimit(old_limit)
    if "error" in outcome:
        raise outcome["error"]
    return outcome["tree"]


def check_sparql(text: str, update: bool = False) -> None:
    """Raise :class:`FederationRefused` when ``text`` (a query, or an update) calls SERVICE.

    Also refuses, with the parser's message, text that mentions the word but cannot be
    parsed, because then nobody can tell what the engine would do with it.
    """
    if not might_mention_service(text):
        return
    kind = "update" if update else "query"
    if len(text) > MAX_CHECKED_CHARS or _nesting(text) > MAX_NESTING:
        raise QueryError(f"this SPARQL {kind} mentions 'service' and is too long or too deeply nested to be "
                         f"checked for SERVICE (at most {MAX_CHECKED_CHARS} characters, {MAX_NESTING} open brackets)",
                         hint="shorten it, or drop the word 'service' from names and comments")
    parse_error = _rdflib()[0]
    try:
        tree = _parse(text, update)
    except parse_error as exc:
        raise QueryError(f"malformed SPARQL {kind} (line {exc.lineno}, column {exc.col}): {exc.msg}") from None
    except Exception as exc:  # the parser's other complaints (bad escapes, recursion) are the query's fault
        raise QueryError(f"the SPARQL {kind} could not be checked: {type(exc).__name__}: {str(exc)[:200]}") from None
    if _has_service(tree):
        raise FederationRefused("federated queries (SERVICE) are not allowed",
                                hint="query this store only; SERVICE would call another server")
