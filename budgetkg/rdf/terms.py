"""Result terms as the plain text every answer shows, and as keys that sort as SPARQL sorts them.

Here, below the store and the questions, because both the canned questions
(:mod:`budgetkg.query.questions`) and the per-report summaries kept beside the store
(:mod:`budgetkg.load.summary_index`) turn a query's terms into an answer's text and must do it
the same way, byte for byte.
"""
from __future__ import annotations

import math
import struct
from decimal import Decimal

import pyoxigraph as ox

from budgetkg.text.amounts import format_decimal

NUMERIC = {"http://www.w3.org/2001/XMLSchema#decimal", "http://www.w3.org/2001/XMLSchema#integer",
           "http://www.w3.org/2001/XMLSchema#double", "http://www.w3.org/2001/XMLSchema#float"}


def term_text(term) -> str:
    """A result term as plain text: exact decimal strings for numbers, '' for no value."""
    if term is None:
        return ""
    if isinstance(term, ox.Literal):
        if term.datatype.value in NUMERIC:
            return format_decimal(Decimal(term.value))
        return term.value
    return term.value


def _text_key(text: str) -> bytes:
    # a 0 byte escaped and a 00 00 end: a text sorts before every text it is the beginning of
    return text.encode("utf-8").replace(b"\x00", b"\x00\xff") + b"\x00\x00"


def _number_key(value: float) -> bytes:
    # IEEE 754 bits made to sort as bytes: the sign bit flipped for positives, every bit for negatives
    bits = struct.unpack(">Q", struct.pack(">d", value))[0]
    return struct.pack(">Q", bits ^ 0xFFFFFFFFFFFFFFFF if bits >> 63 else bits | 1 << 63)


def sort_key(terms) -> bytes:
    """Bytes that order rows as SPARQL's ``ORDER BY`` of these terms (ascending) does: no value
    first, then blank nodes, IRIs (by their text), numbers (by value), other literals (by their
    text) — so rows kept apart can be merged in the engine's order by comparing bytes (SQLite's
    ``ORDER BY`` of a BLOB column)."""
    parts = []
    for term in terms:
        if term is None:
            parts.append(b"\x00")
        elif isinstance(term, ox.BlankNode):
            parts.append(b"\x01")  # blank nodes are equal to each other in SPARQL's order
        elif isinstance(term, ox.NamedNode):
            parts.append(b"\x02" + _text_key(term.value))
        elif term.datatype.value in NUMERIC:
            try:
                number = float(term.value)
            except ValueError:
                number = math.nan
            parts.append(b"\x03" + _number_key(number))
        else:
            parts.append(b"\x04" + _text_key(term.value))
    return b"".join(parts)
