"""Linked-data export of the whole store or one report's graph.

Quad formats (N-Quads, TriG) keep one named graph per report; triple formats
(Turtle, N-Triples, RDF/XML, JSON-LD) give the union of the selected graphs.
"""
from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path
from typing import BinaryIO

import pyoxigraph as ox

from budgetkg.errors import ConfigError, OutputError, QueryError
from budgetkg.load.store import BudgetStore

FORMATS = {
    "turtle": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "nquads": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
    "jsonld": ox.RdfFormat.JSON_LD,
    "rdfxml": ox.RdfFormat.RDF_XML,
}
ALIASES = {"ttl": "turtle", "nt": "ntriples", "nq": "nquads", "json-ld": "jsonld", "xml": "rdfxml",
           "rdf": "rdfxml", "n-triples": "ntriples", "n-quads": "nquads", "rdf/xml": "rdfxml"}
PREFIXES = {
    "bkg": "https://w3id.org/budgetkg/ontology#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "org": "http://www.w3.org/ns/org#",
    "qb": "http://purl.org/linked-data/cube#",
    "prov": "http://www.w3.org/ns/prov#",
    "dcterms": "http://purl.org/dc/terms/",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "obeu-dimension": "http://data.openbudgets.eu/ontology/dsd/dimension/",
    "obeu-measure": "http://data.openbudgets.eu/ontology/dsd/measure/",
    "fn": "https://w3id.org/budgetkg/codes/functional/",
    "ec": "https://w3id.org/budgetkg/codes/economic/",
}


def resolve_format(name: str) -> tuple[str, ox.RdfFormat]:
    """A format name (or file extension alias) → (canonical name, pyoxigraph format)."""
    key = ALIASES.get(name.lower(), name.lower())
    if key not in FORMATS:
        raise ConfigError(f"unknown export format {name!r}", hint="one of: " + ", ".join(FORMATS))
    return key, FORMATS[key]


def export(store: BudgetStore, fmt: str, output: BinaryIO | str | Path,
           graphs: list[ox.NamedNode] | None = None) -> int:
    """Write the selected graphs (default: all, vocabulary included) to ``output``.

    Returns the number of statements written.
    Raises:
        QueryError: a requested graph is not in the store.
    """
    _, rdf_format = resolve_format(fmt)
    present = store.graphs()
    selected = present if graphs is None else graphs
    missing = [g.value for g in selected if g not in present]
    if missing:
        raise QueryError(f"no such report graph in the store: {', '.join(missing)}",
                         hint="see `budgetkg ask reports` for what is stored")
    quads = [q for g in selected for q in store.quads(g)]
    prefixes = PREFIXES if rdf_format in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG) else None
    if rdf_format.supports_datasets:
        ox.serialize(quads, output, rdf_format, prefixes=prefixes)
        return len(quads)
    triples = list(dict.fromkeys(ox.Triple(q.subject, q.predicate, q.object) for q in quads))
    ox.serialize(triples, output, rdf_format, prefixes=prefixes)
    return len(triples)


def check_output_path(path: str | Path) -> Path:
    """Refuse an output path that cannot be a file before any work is done.

    Raises:
        OutputError: the path is a folder, or its folder does not exist or is not a folder.
    """
    p = Path(path)
    if p.is_dir():
        raise OutputError("is a folder; give a file name to write", file=str(p))
    parent = p.parent
    if not parent.exists():
        raise OutputError(f"the folder {str(parent)!r} does not exist", file=str(p), hint="create it first")
    if not parent.is_dir():
        raise OutputError(f"{str(parent)!r} is not a folder", file=str(p))
    return p


def export_to_file(store: BudgetStore, fmt: str, path: str | Path,
                   graphs: list[ox.NamedNode] | None = None) -> int:
    """Like :func:`export`, into a file that appears only when complete.

    The statements go to a temporary file beside ``path`` that is renamed over it at
    the end, so a failure (disk full) never leaves a truncated export or clobbers an
    older one. A device or pipe (``/dev/stdout``) is written directly.
    Raises:
        OutputError: the path is unusable or writing failed (with the system's reason).
    """
    p = check_output_path(path)
    if p.exists() and not p.is_file():  # a device or pipe (/dev/stdout): write straight to it
        try:
            with open(p, "wb") as fh:
                return export(store, fmt, fh, graphs)
        except OSError as exc:
            raise OutputError(f"writing failed: {exc.strerror or exc}", file=str(p)) from exc
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{p.name}.", suffix=".part", dir=p.parent)
    except OSError as exc:
        raise OutputError(f"cannot write here: {exc.strerror}", file=str(p)) from exc
    try:
        with os.fdopen(fd, "wb") as fh:
            n = export(store, fmt, fh, graphs)
        os.replace(tmp, p)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise OutputError(f"writing failed: {exc.strerror or exc}", file=str(p)) from exc
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return n


def report_graphs(store: BudgetStore, names: list[str] | None) -> list[ox.NamedNode] | None:
    """The graphs of the reports named by source file name (or IRI), each once; None (the whole
    store) when no name is given. A name the store does not hold is a QueryError."""
    if not names:
        return None
    found = store.report_graphs(names)
    unknown = [r for r, g in found.items() if g is None]
    if unknown:
        raise QueryError(f"not in the store: {', '.join(unknown)}", hint="see `budgetkg ask reports`")
    return list(dict.fromkeys(found.values()))
