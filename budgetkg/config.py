"""Settings: the base IRI for minted resources and the store location.

Both have defaults and can be overridden by environment variables
(``BUDGETKG_BASE``, ``BUDGETKG_STORE``) or explicitly.
"""
from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

from .errors import ConfigError

DEFAULT_BASE = "https://w3id.org/budgetkg/id/"
#: Vocabulary and code-list namespaces are fixed: they name shared concepts, not data.
ONTOLOGY_NS = "https://w3id.org/budgetkg/ontology#"
CODES_NS = "https://w3id.org/budgetkg/codes/"

PACKAGE_DIR = Path(__file__).resolve().parent


def _shipped_dir() -> Path:
    """The checkout (editable install) or the installed share/budgetkg folder."""
    checkout = PACKAGE_DIR.parent
    if (checkout / "ontology" / "budget.ttl").exists():
        return checkout
    return Path(sys.prefix) / "share" / "budgetkg"


PROJECT_DIR = _shipped_dir()
ONTOLOGY_DIR = PROJECT_DIR / "ontology"
QUERIES_DIR = PROJECT_DIR / "queries"


def default_store_path() -> Path:
    """Where the on-disk store lives unless told otherwise (XDG data home)."""
    env = os.environ.get("BUDGETKG_STORE")
    if env:
        return Path(env)
    data_home = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(data_home) / "budgetkg" / "store"


@dataclass(frozen=True)
class Settings:
    """Validated settings; build with :meth:`Settings.load`."""

    base: str = DEFAULT_BASE
    store: Path = Path(".")

    def __post_init__(self) -> None:
        if not (self.base.startswith("http://") or self.base.startswith("https://")):
            raise ConfigError(f"base IRI must be an http(s) IRI, got {self.base!r}",
                              hint="set BUDGETKG_BASE to e.g. https://example.org/budget/")
        if not self.base.endswith(("/", "#")):
            raise ConfigError(f"base IRI must end with '/' or '#', got {self.base!r}")

    @classmethod
    def load(cls, store: str | Path | None = None, base: str | None = None) -> "Settings":
        """Settings from explicit values, then environment, then defaults."""
        return cls(base=base or os.environ.get("BUDGETKG_BASE") or DEFAULT_BASE,
                   store=Path(store) if store else default_store_path())
