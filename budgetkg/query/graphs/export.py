"""GraphML and GEXF files of a graph, for Gephi, yEd, Cytoscape or networkx itself.

Written to a temporary file beside the target and renamed into place, so a failed export leaves
no truncated file. Attributes are strings, integers and floats only (both formats are typed);
money is the exact decimal string ``amount`` beside its float ``weight``.
"""
from __future__ import annotations

import os
import tempfile
from enum import Enum
from pathlib import Path

import networkx as nx

from budgetkg.errors import QueryError


class GraphFormat(str, Enum):
    GRAPHML = "graphml"
    GEXF = "gexf"


WRITERS = {
    GraphFormat.GRAPHML: lambda g, fh: nx.write_graphml(g, fh, encoding="utf-8", prettyprint=True),
    GraphFormat.GEXF: lambda g, fh: nx.write_gexf(g, fh, encoding="utf-8", prettyprint=True),
}


def graph_format(name: str) -> GraphFormat:
    try:
        return GraphFormat(name)
    except ValueError:
        raise QueryError(f"unknown graph format {name!r}", hint="graphml or gexf") from None


def write_graph(g: nx.Graph, fmt: str, path: Path | None, stream=None) -> None:
    """Write ``g`` as ``fmt`` to ``path`` (atomically) or to the binary ``stream``."""
    writer = WRITERS[graph_format(fmt)]
    if path is None:
        writer(g, stream)
        return
    path = Path(path)
    if path.is_dir():
        raise QueryError("the output is a folder", file=str(path), hint="give a file name")
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent if str(path.parent) else ".", prefix=f".{path.name}.",
                                   suffix=".tmp")
    except OSError as exc:
        raise QueryError(f"cannot write there: {exc.strerror or exc}", file=str(path)) from None
    try:
        with os.fdopen(fd, "wb") as fh:
            writer(g, fh)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
