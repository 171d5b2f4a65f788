"""Tokens for full-text search of Chinese text: jieba words and character bigrams.

A passage is indexed twice (:mod:`budgetkg.load.search_index`): as jieba's search-mode words
(乡村振兴 gives 乡村, 振兴 and 乡村振兴) and as the overlapping character pairs of each run of word
characters (数字化 gives 数字 字化). A query is cut the same way: its words (jieba's precise
mode) must all occur as words of the passage, or the query, term by term, must occur as a
string of the passage (its bigrams as a phrase). The bigrams make search find what jieba cuts
differently in the passage than in the query (…的乡村振兴战略 cut 乡村|振兴战略) and words of
two characters or one (培训, 车); the words rank a passage where the query is a whole word first.

Tokens are written space-separated, for SQLite FTS5's ``unicode61`` tokenizer.
"""
from __future__ import annotations

import logging
import re
from functools import cache
from typing import Any

_RUN_RE = re.compile(r"\w+")


@cache
def _jieba() -> Any:
    """jieba with its dictionary loaded once per process, quietly."""
    import jieba
    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    return jieba


def runs(text: str) -> list[str]:
    """The runs of word characters (CJK, letters, digits) of ``text``, lower-cased."""
    return _RUN_RE.findall(text.lower())


def bigrams(run: str) -> list[str]:
    """The overlapping character pairs of one run; a run of one character is itself."""
    return [run] if len(run) < 2 else [run[i:i + 2] for i in range(len(run) - 1)]


def gram_tokens(text: str) -> str:
    """The bigrams of every run of ``text`` and its last character (so that a query of one
    character finds it as a prefix), space-separated: what the ``grams`` column holds."""
    return " ".join(g for r in runs(text) for g in (*bigrams(r), *([r[-1]] if len(r) > 1 else [])))


def word_tokens(text: str) -> str:
    """jieba's search-mode words of ``text`` (word characters only), space-separated."""
    return " ".join(w for w in _jieba().cut_for_search(text.lower(), HMM=False) if _RUN_RE.match(w))


def query_words(term: str) -> list[str]:
    """jieba's precise-mode words of one query term (word characters only)."""
    cut = _jieba().cut
    return [w for r in runs(term) for w in cut(r, HMM=False)]
