"""The money units of the reports: 元 and 万元, one concept for reading and for showing.

Reports print amounts in 元 or 万元 (an :class:`~budgetkg.model.report.Amount` keeps the
printed unit's ``label`` beside the exact 元 value); answers and pages show amounts in the
unit a user picks (the ``value`` is the ``unit=`` parameter of the CLI and the server). Both
sides convert with the same ``factor``.
"""
from __future__ import annotations

from decimal import Decimal
from enum import Enum

from budgetkg.errors import QueryError


class Unit(str, Enum):
    """元 (``yuan``) or 万元 (``wan``, 10,000 元)."""

    YUAN = "yuan"
    WAN = "wan"

    @property
    def label(self) -> str:
        """The unit as reports print it: 元 or 万元."""
        return "元" if self is Unit.YUAN else "万元"

    @property
    def factor(self) -> Decimal:
        """元 per one of this unit."""
        return Decimal(1) if self is Unit.YUAN else Decimal(10000)

    @classmethod
    def parse(cls, text: str | None) -> Unit:
        """The unit a user's ``unit=`` parameter names (``yuan`` when none)."""
        try:
            return cls(text or "yuan")
        except ValueError:
            raise QueryError(f"unknown unit {text!r}", hint="yuan or wan") from None

    @classmethod
    def of_label(cls, label: str) -> Unit | None:
        """The unit a report prints as ``label`` (元, 万元), or None for any other text."""
        return next((u for u in cls if u.label == label), None)


#: The unit a report's tables are in when they do not say (the national template's 万元).
DEFAULT_PRINTED = Unit.WAN.label
#: 元 per printed unit, by the unit as printed: {"万元": 10000, "元": 1}.
FACTORS = {u.label: u.factor for u in Unit}
