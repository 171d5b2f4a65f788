"""networkx views of the store: who holds which unit, who spends on which 类, which policy
documents carry which projects — built each from ONE SPARQL result, then analysed and exported.

- :mod:`.builders` — the three graphs (:func:`hierarchy`, :func:`spending`, :func:`policies`), each
  from one query over the store (never a query per node, so a 10,000-report store builds in one
  pass over one result);
- :mod:`.analyse` — answers read from them: policy documents ranked by the money of the projects
  resting on them, departments with similar spending profiles (communities), where a unit sits;
- :mod:`.export` — GraphML and GEXF files for Gephi and other tools.

Amounts stay exact: every money attribute is the decimal string in 元 (``amount``); algorithms
get a float copy (``weight``) that is never printed as a figure.
"""
from __future__ import annotations

from budgetkg.query.graphs.builders import GRAPHS, GraphKind, build, hierarchy, policies, spending

__all__ = ["GRAPHS", "GraphKind", "build", "hierarchy", "policies", "spending"]
