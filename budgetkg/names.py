"""Name normalisation shared by parsing and IRI minting."""
from __future__ import annotations

import re


def squash(text: str) -> str:
    """Text without any white space: PDF extraction scatters spaces inside words."""
    return re.sub(r"\s+", "", text)


def normalise_org_name(name: str) -> str:
    """Organisation names compared across reports: no spaces, full-width brackets."""
    s = squash(name).replace("(", "（").replace(")", "）")
    return s.strip("，。、：:；; ")
