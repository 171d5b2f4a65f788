"""Where the tests find the shared corpus of real reports: ``../shared/corpus`` beside the checkout
(never an absolute path). Outside CI a missing corpus skips the tests that need it; under CI
(``CI`` set, as `.ci/run` runs) it fails them, so a missing corpus can never pass silently."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

#: ../shared beside the checkout: the corpus and the lists of codes seen in real reports.
SHARED = Path(__file__).resolve().parents[2] / "shared"
CORPUS = SHARED / "corpus"


def corpus_path(*parts: str) -> Path:
    """A file or folder of the corpus; skips (or, under CI, fails) the calling test when it is missing."""
    path = CORPUS.joinpath(*parts)
    if not path.exists():
        message = f"the shared corpus is not at {path} (expected ../shared/corpus beside the checkout)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return path
