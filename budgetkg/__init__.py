"""budgetkg: a knowledge graph of Chinese government budget disclosures.

The public API, one function per pipeline stage::

    from budgetkg import read_report, ingest, ask, Settings
    report = read_report("data/000_ff4e6f22e69eafef.txt")   # typed model, findings included
    ingest(["data/"], Settings.load(store="kg-store"))        # into Oxigraph
    budgetkg.open("kg-store").ask("三公经费")                  # answers as pandas DataFrames
"""
__version__ = "0.1.0"

from budgetkg.config import Settings
from budgetkg.errors import BudgetKGError, ConfigError, ParseError, QueryError, SourceError, StoreError

__all__ = [
    "BudgetKGError",
    "ConfigError",
    "ParseError",
    "QueryError",
    "Settings",
    "SourceError",
    "StoreError",
    "ask",
    "ingest",
    "list_questions",
    "open",
    "read_report",
    "report_quads",
]

#: Loaded on first use: the pipeline brings spaCy and the parsers, which commands such as
#: `budgetkg version`, `questions` and `ask` never need (they start in a fraction of a second).
_LAZY = {"ingest": "load.pipeline", "read_report": "check.read", "report_quads": "load.pipeline",
         "ask": "query.questions", "list_questions": "query.questions", "open": "query.frames"}


def __getattr__(name: str):
    if name in _LAZY:
        import importlib
        return getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
    raise AttributeError(f"module 'budgetkg' has no attribute {name!r}")
