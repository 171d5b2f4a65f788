"""The default severity of each registered check kind, by id.

What :meth:`~budgetkg.check.context.CheckInput.add` gives a finding whose check says no other.
:mod:`.registry` fills it as kinds register; it is a module of its own so that the registry can
type its check functions as functions of :class:`~budgetkg.check.context.CheckInput` (which
reads these severities) without an import circle.
"""
from __future__ import annotations

from budgetkg.model.report import Severity

DEFAULT_SEVERITY: dict[str, Severity] = {}
