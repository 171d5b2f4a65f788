"""Every shipped vocabulary and question file is listed for non-editable installs."""
from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_data_files_list_every_shipped_file():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    listed = {str(p.relative_to(ROOT)) for files in config["tool"]["setuptools"]["data-files"].values()
              for f in files for p in ROOT.glob(f)}
    shipped = {str(p.relative_to(ROOT)) for pattern in ("ontology/*.ttl", "ontology/codes/*.ttl", "queries/*.rq",
                                                         "queries/*/*.rq")
               for p in ROOT.glob(pattern)}
    assert listed == shipped
