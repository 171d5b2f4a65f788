"""Plant one narrative- or name-side error at a time into the corpus' reports and measure recall.

Kinds: ``name`` (one character of one occurrence of the department's name changed, or its
region prefix dropped), ``amount`` (one amount of the prose changed), ``percent`` (one
percentage of the prose changed). A plant is found when a warning or error appears that the
clean report does not have, on the planted line (``line``) or anywhere (``any``). Findings of
the clean reports are printed too: every one must be a real problem.

    .venv/bin/python bench/plant_narrative.py [N per kind per report] [seed]

Documents are read once and cached in /tmp/plant_docs.pkl (delete it after a reader change).
"""
from __future__ import annotations

import pickle
import random
import re
import sys
from collections import Counter
from dataclasses import replace
from pathlib import Path

from budgetkg.check.read import process_document
from budgetkg.errors import BudgetKGError
from budgetkg.model.report import Severity
from budgetkg.sources.document import Document, Line
from budgetkg.sources.read import discover_reports, read_document
from budgetkg.text.names import region_prefix

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
CACHE = Path("/tmp/plant_docs.pkl")
SERIOUS = (Severity.ERROR, Severity.WARNING)
#: A table header's label for the reporting body (as budgetkg.check.name_slips reads it; repeated
#: here so that the same plants can be made with an older checkout for a before/after figure).
_LABEL_RE = re.compile(r"(?:编制|填报|预算|主管|报送)?(?:部门|单位)(?:（单位）|\(单位\))?(?:名称)?[:：]")


def _dropped_forms(name: str) -> list[str]:
    """``name`` with one part of its region left out: 上海市普陀区X → 普陀区X, 上海市X, X."""
    region = region_prefix(name)
    at = name.find(region) if region else -1
    if at < 0:
        return []
    cuts = [at, *(at + i + 1 for i, ch in enumerate(region) if ch in "省市区县州盟旗")]
    return [name[:a] + name[b:] for a in cuts for b in cuts if b > a and len(name) - (b - a) >= 3]
_AMOUNT_RE = re.compile(r"(?<![\d.])\d[\d,]*\.?\d*(?=\s*万?元)")
_PCT_RE = re.compile(r"(?<![\d.])\d+\.?\d*(?=\s*[%％])")


def documents() -> list[Document]:
    if CACHE.exists():
        return pickle.loads(CACHE.read_bytes())
    docs = []
    for path in discover_reports([CORPUS]):
        if path.name.lower() == "readme.md" or "not-reports" in path.parts:
            continue
        try:
            docs.append(read_document(path))
        except BudgetKGError:
            continue
    CACHE.write_bytes(pickle.dumps(docs))
    return docs


def with_line(doc: Document, k: int, text: str, old: str, new: str) -> Document:
    """``doc`` with line ``k`` reading ``text`` (its cells edited the same way)."""
    ln = doc.lines[k]
    cells = tuple(replace(c, text=c.text.replace(old, new, 1)) if old in c.text else c for c in ln.cells)
    if cells and not any(old in c.text for c in ln.cells):
        cells = ln.cells
    lines = list(doc.lines)
    lines[k] = Line(ln.no, text, ln.page, cells)
    return replace(doc, lines=tuple(lines))


def _prose(ln: Line) -> bool:
    return not ln.is_row


def plant_name(doc: Document, name: str, rng: random.Random) -> tuple[Document, int, str] | None:
    spots = [(k, m.start()) for k, ln in enumerate(doc.lines) for m in re.finditer(re.escape(name), ln.text)]
    if not spots:
        return None
    headers = [(k, at) for k, at in spots if _LABEL_RE.search(doc.lines[k].text)]
    dropped = _dropped_forms(name)
    if headers and dropped and rng.random() < 0.3:
        k, at = rng.choice(headers)
        new = rng.choice(dropped)
        desc = f"{name}→{new} (header)"
    else:
        k, at = rng.choice(spots)
        i = rng.randrange(len(name))
        pool = [c for c in "部门局委办厅中心市区县政府人民财务管理服务社会工作公安商务水利气象统计信访" if c != name[i]]
        new = name[:i] + rng.choice(pool) + name[i + 1:]
        desc = f"{name}→{new}"
    text = doc.lines[k].text
    return with_line(doc, k, text[:at] + new + text[at + len(name):], name, new), k, desc


def _change_number(tok: str, rng: random.Random) -> str:
    digits = [i for i, ch in enumerate(tok) if ch.isdigit()]
    i = rng.choice(digits)
    ch = str((int(tok[i]) + rng.randint(1, 9)) % 10)
    if i == 0 and ch == "0" and len(digits) > 1:
        ch = "1" if tok[0] != "1" else "2"
    return tok[:i] + ch + tok[i + 1:]


def plant_number(doc: Document, pattern: re.Pattern[str], rng: random.Random,
                 prose_lines: set[int]) -> tuple[Document, int, str] | None:
    spots = [(k, m) for k, ln in enumerate(doc.lines) if k in prose_lines
             for m in pattern.finditer(ln.text) if re.search(r"[1-9]", m.group(0))]
    if not spots:
        return None
    k, m = rng.choice(spots)
    new = _change_number(m.group(0), rng)
    text = doc.lines[k].text
    return with_line(doc, k, text[:m.start()] + new + text[m.end():], m.group(0), new), k, \
        f"{m.group(0)}→{new}"


def key(f) -> tuple:
    return (f.check, f.source.line if f.source else None, f.found, f.expected)


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    rng = random.Random(int(sys.argv[2]) if len(sys.argv) > 2 else 1)
    kinds = sys.argv[3].split(",") if len(sys.argv) > 3 else ["name", "amount", "percent"]
    hits: Counter[tuple[str, str]] = Counter()
    falses: Counter[str] = Counter()
    for doc in documents():
        try:
            clean = process_document(doc)
        except BudgetKGError:
            continue
        base = {key(f) for f in clean.findings if f.severity in SERIOUS}
        for f in clean.findings:
            if f.severity in SERIOUS:
                print(f"CLEAN {doc.name} {f.check} l.{f.source.line if f.source else '?'} {f.message[:90]}")
        prose = {k for k, ln in enumerate(doc.lines) if _prose(ln)}
        for kind in kinds:
            for _ in range(n):
                if kind == "name":
                    planted = plant_name(doc, clean.department.name, rng)
                else:
                    planted = plant_number(doc, _AMOUNT_RE if kind == "amount" else _PCT_RE, rng, prose)
                if planted is None:
                    continue
                mutant, k, desc = planted
                try:
                    found = process_document(mutant)
                except BudgetKGError as e:
                    hits[(kind, "refused")] += 1
                    print(f"REFUSED {kind} {doc.name} l.{doc.lines[k].no} {desc}: {e}")
                    continue
                new = [f for f in found.findings if f.severity in SERIOUS and key(f) not in base]
                on_line = [f for f in new if f.source and f.source.line == doc.lines[k].no]
                hits[(kind, "n")] += 1
                hits[(kind, "any")] += bool(new)
                hits[(kind, "line")] += bool(on_line)
                status = "LINE" if on_line else ("ANY" if new else "MISS")
                print(f"{status} {kind} {doc.name} l.{doc.lines[k].no} {desc} "
                      f"{[f.check for f in new][:4]}")
                for f in new:
                    if f not in on_line:
                        falses[f.check] += 1
    for kind in kinds:
        t = hits[(kind, "n")] or 1
        print(f"{kind}: n={hits[(kind, 'n')]} any={hits[(kind, 'any')] / t:.0%} line={hits[(kind, 'line')] / t:.0%}"
              f" refused={hits[(kind, 'refused')]}")
    print("off-line new findings by check:", dict(falses))


if __name__ == "__main__":
    main()
