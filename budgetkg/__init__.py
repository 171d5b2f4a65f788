"""budgetkg: a knowledge graph of Chinese government budget disclosures.

The public API, one function per pipeline stage::

    from budgetkg import read_report, ingest, ask, Settings
    report = read_report("data/000_ff4e6f22e69eafef.txt")   # typed model, findings included
    ingest(["data/"], Settings.load(store="kg-store"))        # into Oxigraph
"""
__version__ = "0.1.0"

from .config import Settings  # noqa: E402
from .errors import BudgetKGError, ConfigError, ParseError, QueryError, SourceError, StoreError  # noqa: E402

__all__ = ["Settings", "read_report", "report_quads", "ingest", "ask", "list_questions",
           "BudgetKGError", "SourceError", "ParseError", "QueryError", "StoreError", "ConfigError"]

#: Loaded on first use: the pipeline brings spaCy and the parsers, which commands such as
#: `budgetkg version`, `questions` and `ask` never need (they start in a fraction of a second).
_LAZY = {"ingest": "pipeline", "read_report": "pipeline", "report_quads": "pipeline",
         "ask": "questions", "list_questions": "questions"}


def __getattr__(name: str):
    if name in _LAZY:
        import importlib
        return getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
    raise AttributeError(f"module 'budgetkg' has no attribute {name!r}")
