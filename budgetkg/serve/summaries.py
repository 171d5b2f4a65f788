"""Readable summaries of linked-data resources (filled in below)."""
from __future__ import annotations


def render(app, iri, types, request):
    return None
