"""budgetkg: a knowledge graph of Chinese government budget disclosures.

The public API, one function per pipeline stage::

    from budgetkg import read_report, ingest, ask, Settings
    report = read_report("data/000_ff4e6f22e69eafef.txt")   # typed model, findings included
    ingest(["data/"], Settings.load(store="kg-store"))        # into Oxigraph
"""
__version__ = "0.1.0"

from .config import Settings  # noqa: E402
from .errors import BudgetKGError, ConfigError, ParseError, QueryError, SourceError, StoreError  # noqa: E402
from .pipeline import ingest, read_report, report_quads  # noqa: E402
from .questions import ask, list_questions  # noqa: E402

__all__ = ["Settings", "read_report", "report_quads", "ingest", "ask", "list_questions",
           "BudgetKGError", "SourceError", "ParseError", "QueryError", "StoreError", "ConfigError"]
