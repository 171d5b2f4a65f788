"""Contract rows of real corpus reports against values transcribed by reading them.

Every folder ``tests/cases/<slug>/`` holding a ``sources.txt`` names one report: its file(s),
one per line, relative to the shared corpus (``../shared/corpus`` from the repository root).
The test ingests them and compares the rows of ``reports``, ``functional``, ``economic``,
``three-public`` and ``units`` for that report with ``<question>.csv`` (header = the
question's columns without ``source``). A CSV left out means the case does not check that
question (the transcriber found no such table or was unsure, see the case's NOTES.md).

A question that cannot pass yet is listed in ``xfail.txt`` of the case, one line each:
``question: precise reason``; it is then marked xfail (strict: it fails once it passes, so the
line must be removed). Nothing is skipped silently: an absent corpus is a skip with its reason.
"""
from __future__ import annotations

import csv
from pathlib import Path

import pytest

from budgetkg.query.questions import ask, get_question

CASES = Path(__file__).resolve().parent / "cases"
CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
QUESTIONS = ("reports", "functional", "economic", "three-public", "units")


def _case_dirs() -> list[Path]:
    return sorted(p.parent for p in CASES.glob("*/sources.txt"))


def _sources(case: Path) -> list[str]:
    return [ln.strip() for ln in (case / "sources.txt").read_text(encoding="utf-8").splitlines()
            if ln.strip() and not ln.lstrip().startswith("#")]


def _corpus_root() -> Path:
    """The corpus folder beside the checkout."""
    return CORPUS


def _xfails(case: Path) -> dict[str, str]:
    path = case / "xfail.txt"
    if not path.exists():
        return {}
    out = {}
    for ln in path.read_text(encoding="utf-8").splitlines():
        if ":" in ln and not ln.lstrip().startswith("#"):
            question, reason = ln.split(":", 1)
            out[question.strip()] = reason.strip()
    return out


def _params():
    for case in _case_dirs():
        xfails = _xfails(case)
        for question in QUESTIONS:
            if not (case / f"{question}.csv").exists():
                continue
            marks = ()
            if question in xfails:
                marks = (pytest.mark.xfail(reason=xfails[question], strict=True),)
            yield pytest.param(case.name, question, marks=marks, id=f"{case.name}-{question}")


_STORES: dict[str, tuple] = {}


def _store(slug: str, tmp_path_factory):
    """Ingest a case's files once per session; the store and the source names of the report."""
    if slug in _STORES:
        return _STORES[slug]
    from budgetkg import Settings, ingest
    from budgetkg.load.store import BudgetStore
    root = _corpus_root()
    if not root.is_dir():
        pytest.skip(f"the shared corpus is absent ({CORPUS}); corpus cases need it")
    files = [root / rel for rel in _sources(CASES / slug)]
    missing = [str(f) for f in files if not f.exists()]
    if missing:
        pytest.skip(f"corpus files of case {slug} are absent: {', '.join(missing)}")
    path = tmp_path_factory.mktemp(f"case-{slug}")
    result = ingest(files, Settings.load(store=path), keep_going=True)
    errors = "; ".join(str(e) for e in result.errors)
    _STORES[slug] = (BudgetStore(path, read_only=True) if result.written else None,
                     {f.name for f in files}, errors)
    return _STORES[slug]


def expected_rows(slug: str, question: str) -> list[tuple[str, ...]]:
    path = CASES / slug / f"{question}.csv"
    with path.open(encoding="utf-8") as fh:
        reader = csv.reader(fh)
        header = next(reader)
        assert tuple(header) == get_question(question).columns[1:], f"{path}: header"
        return [tuple(row) for row in reader if row]


@pytest.mark.parametrize(("slug", "question"), list(_params()))
def test_corpus_case_rows(slug, question, tmp_path_factory):
    store, names, errors = _store(slug, tmp_path_factory)
    assert store is not None, f"case {slug}: nothing was stored ({errors})"
    # a report published as two files has both names as its source ("narrative.pdf+tables.pdf")
    got = [tuple(row[1:]) for row in ask(store, question).rows if set(row[0].split("+")) <= names]
    assert got == expected_rows(slug, question)


def test_case_folders_are_complete():
    """Every case names existing corpus files and xfails only questions it checks."""
    for case in _case_dirs():
        assert _sources(case), f"{case}/sources.txt names no file"
        for question in _xfails(case):
            assert question in QUESTIONS, f"{case}/xfail.txt: unknown question {question!r}"
