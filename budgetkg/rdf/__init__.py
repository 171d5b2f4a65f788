"""Stage 5: the typed model → RDF quads (pyoxigraph terms, no rdflib on this path)."""
