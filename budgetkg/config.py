"""Settings: the base IRI for minted resources and the store location.

All have defaults and can be overridden by environment variables
(``BUDGETKG_BASE``, ``BUDGETKG_STORE``, ``BUDGETKG_MAX_SIZE``) or explicitly. The base IRI
is validated here (absolute http(s), a valid IRI, ending in / or #) so a bad value is a
message at start-up, never a traceback from the IRI minter.
"""
from __future__ import annotations

import functools
import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pyoxigraph as ox

from budgetkg.errors import ConfigError

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


#: A parameter of a query template: ``$name`` (the library's queries use ``?name`` for variables).
_PARAMETER = re.compile(r"\$([A-Za-z_]\w*)")


@functools.cache
def read_query(relative: str) -> str:
    """The SPARQL text of ``queries/<relative>``: the file without its header (the leading lines
    that start with ``#``: what the query answers, who runs it, its parameters) and without the
    file's final newline — everything else is sent byte for byte as written, so a query moved out
    of Python keeps the exact text it had (graph summaries hash theirs). Read once per process.

    The library's own queries live in sub-folders named after their stage or concern
    (``queries/graphs/``, ``queries/load/``, ``queries/serve/`` …); the canned questions are the
    top-level files, read by :mod:`budgetkg.query.questions` with their headers.
    """
    text = (QUERIES_DIR / relative).read_text(encoding="utf-8")
    start = 0
    while text.startswith("#", start):
        end = text.find("\n", start)
        start = len(text) if end < 0 else end + 1
    return text[start:].removesuffix("\n")


def query_text(relative: str, **params: str) -> str:
    """The query of ``queries/<relative>`` (:func:`read_query`) with each ``$name`` replaced by
    ``params[name]``, in one pass (a value's own ``$`` is never read as a parameter).

    A value is SPARQL the caller made safe: a term serialised by pyoxigraph (``str(ox.Literal(t))``,
    ``str(ox.NamedNode(iri))``) or a list of such terms for a VALUES block — never raw user text.

    Raises:
        KeyError: the template names a parameter not given (a programming error).
    """
    return _PARAMETER.sub(lambda m: params[m.group(1)], read_query(relative))


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
    #: Size limit for input files in MB; None: 50 MB for text, 200 MB for PDF (see integrity.py).
    max_size_mb: int | None = None

    def __post_init__(self) -> None:
        hint = "give an absolute http(s) IRI such as https://example.org/budget/ (--base or BUDGETKG_BASE)"
        parts = urlsplit(self.base) if self.base.isprintable() else None
        if parts is None or parts.scheme not in ("http", "https") or not parts.netloc:
            raise ConfigError(f"base IRI must be an absolute http(s) IRI, got {self.base!r}", hint=hint)
        try:
            ox.NamedNode(self.base)
        except ValueError as exc:
            raise ConfigError(f"base IRI {self.base!r} is not a valid IRI: {exc}", hint=hint) from None
        if not self.base.endswith(("/", "#")):
            raise ConfigError(f"base IRI must end with '/' or '#', got {self.base!r}", hint=hint)
        if self.max_size_mb is not None and self.max_size_mb <= 0:
            raise ConfigError(f"the size limit must be a positive number of MB, got {self.max_size_mb}")

    @classmethod
    def load(cls, store: str | Path | None = None, base: str | None = None,
             max_size_mb: int | None = None) -> Settings:
        """Settings from explicit values, then environment, then defaults.

        Raises:
            ConfigError: an invalid base IRI or size limit (also from the environment).
        """
        if max_size_mb is None and os.environ.get("BUDGETKG_MAX_SIZE"):
            raw = os.environ["BUDGETKG_MAX_SIZE"]
            try:
                max_size_mb = int(raw)
            except ValueError:
                raise ConfigError(f"BUDGETKG_MAX_SIZE must be a whole number of MB, got {raw!r}") from None
        return cls(base=base or os.environ.get("BUDGETKG_BASE") or DEFAULT_BASE,
                   store=Path(store) if store else default_store_path(), max_size_mb=max_size_mb)
