"""A document as every reader hands it on: numbered lines of clean text (with page numbers
where the source has pages), its name, path, encoding and content hash."""
from __future__ import annotations

import re
from dataclasses import dataclass

# Only real HTML tag names: "<乌鲁木齐市新市区>" inside a department name is text.
_HTML_TAG = re.compile(r"</?(?:p|br|div|span|td|tr|th|table|tbody|thead|b|strong|i|em|u|sup|sub|font)"
                       r"(?:\s[^<>]*)?/?>", re.IGNORECASE)
_HTML_ENTITIES = {"&nbsp;": " ", "&lt;": "<", "&gt;": ">", "&amp;": "&", "&quot;": '"'}
_MD_EMPHASIS = re.compile(r"\*\*(.+?)\*\*")
_MD_PIPE_ROW = re.compile(r"^\s*\|(.*)\|\s*$")
_MD_PIPE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")


@dataclass(frozen=True)
class Line:
    """A line of the report: 1-based number, text, page where known."""

    no: int
    text: str
    page: int | None = None


@dataclass(frozen=True)
class Document:
    """A report's text as numbered lines, with its name and content hash."""

    name: str
    path: str
    sha256: str
    encoding: str
    lines: tuple[Line, ...]

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)



def clean_line(text: str) -> str:
    """Strip HTML fragments, Markdown emphasis and pipe tables; keep tabs between cells."""
    text = text.replace("\r", "").replace("\f", "").replace("\u3000", " ").replace("\xa0", " ")
    if "<" in text:
        text = _HTML_TAG.sub(" ", text)
    if "&" in text:
        for entity, char in _HTML_ENTITIES.items():
            text = text.replace(entity, char)
    if "**" in text:
        text = _MD_EMPHASIS.sub(r"\1", text)
    if "|" in text:
        if _MD_PIPE_RULE.match(text):
            return ""
        m = _MD_PIPE_ROW.match(text)
        if m:
            text = "\t".join(cell.strip() for cell in m.group(1).split("|"))
    return text.rstrip()
