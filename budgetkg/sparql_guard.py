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
"""
from __future__ import annotations

import re
import unicodedata

from pyparsing import ParseException, ParseResults
from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
from rdflib.plugins.sparql.parserutils import CompValue

from .errors import QueryError

_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")


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


def _has_service(node) -> bool:
    if isinstance(node, CompValue):
        return node.name == "ServiceGraphPattern" or any(_has_service(v) for v in node.values())
    if isinstance(node, dict):
        return any(_has_service(v) for v in node.values())
    if isinstance(node, (list, tuple, ParseResults)):
        return any(_has_service(v) for v in node)
    return False


def check_sparql(text: str, update: bool = False) -> None:
    """Raise :class:`FederationRefused` when ``text`` (a query, or an update) calls SERVICE.

    Also refuses, with the parser's message, text that mentions the word but cannot be
    parsed, because then nobody can tell what the engine would do with it.
    """
    if not might_mention_service(text):
        return
    kind = "update" if update else "query"
    try:
        tree = (parseUpdate if update else parseQuery)(text)
    except ParseException as exc:
        raise QueryError(f"malformed SPARQL {kind} (line {exc.lineno}, column {exc.col}): {exc.msg}") from None
    except Exception as exc:  # the parser's other complaints (bad escapes, recursion) are the query's fault
        raise QueryError(f"the SPARQL {kind} could not be checked: {type(exc).__name__}: {str(exc)[:200]}") from None
    if _has_service(tree):
        raise FederationRefused("federated queries (SERVICE) are not allowed",
                                hint="query this store only; SERVICE would call another server")
