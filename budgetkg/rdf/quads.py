"""The quads of one named graph as the mapping writes them: literals from Python values and the
collector that gives every statement the graph's name.

Shared by the parts of :class:`~budgetkg.rdf.mapping.ReportMapper` (one module per part of the
report) and by the link stage's own findings (:mod:`budgetkg.load.series`).
"""
from __future__ import annotations

from decimal import Decimal

import pyoxigraph as ox

from budgetkg.rdf.vocab import XSD
from budgetkg.text.amounts import format_decimal

N = ox.NamedNode


def literal(value) -> ox.Literal:
    """A typed literal of a Python value: boolean, integer, exact decimal, else a plain string."""
    if isinstance(value, bool):
        return ox.Literal("true" if value else "false", datatype=XSD.boolean)
    if isinstance(value, int):
        return ox.Literal(str(value), datatype=XSD.integer)
    if isinstance(value, Decimal):
        return ox.Literal(format_decimal(value), datatype=XSD.decimal)
    return ox.Literal(str(value))


def zh(text: str) -> ox.Literal:
    """Chinese text, tagged ``zh``."""
    return ox.Literal(text, language="zh")


class GraphQuads:
    """Collects the quads of one named graph."""

    def __init__(self, name: str):
        self.name = N(name)
        self.quads: list[ox.Quad] = []

    def add(self, s, p, o) -> None:
        if o is None:
            return
        if not isinstance(o, (ox.NamedNode, ox.Literal, ox.BlankNode)):
            o = literal(o)
        self.quads.append(ox.Quad(s if isinstance(s, ox.NamedNode) else N(s), p, o, self.name))
