"""The shipped SKOS code lists (支出功能分类, 支出经济分类) as fast lookups.

Read once per process from ``ontology/codes/*.ttl`` with pyoxigraph's parser.
Used to split project rows into subject and project name, to resolve the name
paths that narratives print instead of codes, and to mark codes a list lacks.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

import pyoxigraph as ox

from budgetkg.config import CODES_NS, ONTOLOGY_DIR

SKOS = "http://www.w3.org/2004/02/skos/core#"
SCHEMES = ("functional", "economic")
WELL_FORMED = {"functional": re.compile(r"2\d{2}(?:\d{2}){0,2}"), "economic": re.compile(r"3\d{2}(?:\d{2})?")}


@dataclass(frozen=True)
class CodeList:
    """One scheme: code → preferred name, plus alternative names."""

    scheme: str
    names: dict[str, str]
    alt_names: dict[str, tuple[str, ...]]
    #: codes whose names are as reports print them (skos:editorialNote), not the official list's
    printed_only: frozenset[str] = frozenset()

    def name(self, code: str) -> str | None:
        return self.names.get(code)

    def children(self, code: str) -> list[str]:
        """Codes one level below ``code`` (a class's sections, a section's items)."""
        width = len(code) + 2
        return [c for c in self.names if len(c) == width and c.startswith(code)]

    def labels(self, code: str) -> tuple[str, ...]:
        base = self.names.get(code)
        return ((base,) if base else ()) + self.alt_names.get(code, ())

    def iri(self, code: str) -> str:
        return f"{CODES_NS}{self.scheme}/{code}"

    def well_formed(self, code: str) -> bool:
        """A 类/款/项 code of this scheme's shape (functional 2xx[xx[xx]], economic 3xx[xx]),
        whether or not the list holds it: such a code is kept with the report's name."""
        return bool(WELL_FORMED[self.scheme].fullmatch(code))


@cache
def code_list(scheme: str) -> CodeList:
    """The code list ``scheme`` ("functional" or "economic"), parsed once."""
    path = ONTOLOGY_DIR / "codes" / f"{scheme}.ttl"
    names: dict[str, str] = {}
    alts: dict[str, list[str]] = {}
    printed_only: set[str] = set()
    prefix = f"{CODES_NS}{scheme}/"
    for triple in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE):
        pred = triple.predicate.value
        if not triple.subject.value.startswith(prefix):
            continue  # the scheme itself, not a code
        if pred == SKOS + "editorialNote":
            printed_only.add(triple.subject.value.rsplit("/", 1)[-1])
            continue
        if pred not in (SKOS + "prefLabel", SKOS + "altLabel"):
            continue
        obj = triple.object
        if not isinstance(obj, ox.Literal) or obj.language != "zh":
            continue
        code = triple.subject.value.rsplit("/", 1)[-1]
        if pred.endswith("prefLabel"):
            names[code] = obj.value
        else:
            alts.setdefault(code, []).append(obj.value)
    return CodeList(scheme=scheme, names=names, alt_names={k: tuple(v) for k, v in alts.items()},
                    printed_only=frozenset(printed_only))


_QUALIFIER = re.compile(r"[（(][^（）()]*(?:[（(][^（）()]*[）)][^（）()]*)*[）)]$")


_SPACES = re.compile(r"\s+")
_LEVEL = re.compile(r"（(类|款|项)）$")


@lru_cache(maxsize=1 << 16)
def normalise_name(name: str) -> str:
    """A classification name compared loosely: no spaces, ASCII brackets, no trailing "（类）".

    Cached: matching one printed name compares it with every name of a code list, so the
    same few thousand names are normalised over and over (a pure function of the string)."""
    s = _SPACES.sub("", name).replace("(", "（").replace(")", "）")
    s = _LEVEL.sub("", s)
    return s


def names_match(printed: str, official: str) -> bool:
    """True when a printed name is the official one, give or take a qualifier or a
    truncation: "行政运行（政府办公厅（室）及相关机构事务）" matches "行政运行"."""
    a, b = normalise_name(printed), normalise_name(official)
    if a == b:
        return True
    stripped = _QUALIFIER.sub("", a)
    return bool(stripped) and (stripped == b or (len(stripped) >= 4 and b.startswith(stripped)))


def same_name(printed: str, official: str) -> bool:
    """Strict: the printed name is the official one, give or take spaces, bracket width
    and a trailing qualifier — no truncation allowed."""
    a, b = normalise_name(printed), normalise_name(official)
    return a == b or _QUALIFIER.sub("", a) == b


def _doubled(printed: str, official: str) -> bool:
    """``printed`` is ``official`` with one run of two or more characters printed twice in a row
    (其他政府办公厅办公厅（室）…)."""
    extra = len(printed) - len(official)
    if extra < 2:
        return False
    for i in range(len(official) - extra + 1):
        chunk = official[i:i + extra]
        if official[:i + extra] + chunk + official[i + extra:] == printed:
            return True
    return False


def name_slip(printed: str, code: str, codes: CodeList) -> str | None:
    """Why a row's printed name is a slip rather than another edition of its code's name, or None.

    Narrow on purpose — code lists rename classes between years, and short forms are common, so
    only three shapes are called slips: the name of a sibling code (same parent) printed against
    this code (the code or the name is wrong); the code's name with one character substituted
    (维修（户）费 for 维修（护）费); the code's name with a run of characters printed twice.
    """
    p = normalise_name(printed)
    own = [normalise_name(n) for n in codes.labels(code)]
    parent = code[:-2]
    if len(code) > 3:
        for sib in codes.children(parent):
            if sib != code and any(p == normalise_name(n) for n in codes.labels(sib)):
                return f"the name of {sib}"
    for name in own:
        if len(p) == len(name) >= 4 and sum(a != b for a, b in zip(p, name)) == 1:
            return f"one character differs from {name}"
        if _doubled(p, name):
            return f"words of {name} printed twice"
    return None
