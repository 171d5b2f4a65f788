"""The HTML reader: a web page → :class:`~budgetkg.sources.document.Document`.

The page is parsed with lxml (a real HTML parser, forgiving as browsers are) after its bytes
are decoded (BOM, then the declared charset, then UTF-8 / GB18030, then charset-normalizer).
Its body is read in document order:

* a real ``<table>`` becomes one line per row, its cells typed cells (``colspan`` → the
  cell's span and span-0 cells after it, ``rowspan`` → span-0 cells in the rows below, as
  the PDF reader marks cells merged from above); a table used for layout (one cell per row)
  is read as the blocks in its cells;
* a block element (paragraph, heading, list item, ``<div>``, ``<br>``) ends a prose line;
* a page of a PDF-to-HTML conversion — a container whose text runs are all placed with
  ``position:absolute`` — is read by :mod:`.html_positioned` like a PDF page.

Scripts, styles and hidden elements are skipped.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import replace
from pathlib import Path

from budgetkg.errors import SourceError
from budgetkg.sources.document import Cell, Document, Line, clean_text, rstrip_cells, text_line
from budgetkg.sources.html_positioned import is_page, page_group_lines

_SKIP = frozenset({"script", "style", "noscript", "template", "head", "iframe", "object", "svg", "select",
                   "option", "button", "textarea", "input"})
_BLOCK = frozenset({"address", "article", "aside", "blockquote", "body", "center", "dd", "details", "dialog",
                    "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3",
                    "h4", "h5", "h6", "header", "hr", "li", "main", "nav", "ol", "p", "pre", "section",
                    "summary", "ul", "caption", "tr", "td", "th", "html"})
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.IGNORECASE)
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*>")
_SPACE = re.compile(r"[ \t\r\n\f]+")
_CJK = "\u3000-\u303f\u4e00-\u9fff\uff00-\uffef"
_NEWLINE_BETWEEN_CJK = re.compile(rf"(?<=[{_CJK}])[ \t\r\f]*\n[ \t\r\n\f]*(?=[{_CJK}])")


def decode_html(data: bytes, name: str) -> tuple[str, str]:
    """The page's text and encoding: its BOM, its declared charset, UTF-8, GB18030, or what
    charset-normalizer finds.

    Raises:
        SourceError: no encoding decodes the page.
    """
    for bom, encoding in ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if data.startswith(bom):
            return data[len(bom):].decode(encoding, errors="replace"), encoding
    declared = _CHARSET.search(data[:4096])
    tries = [declared.group(1).decode("ascii").lower()] if declared else []
    for encoding in [*tries, "utf-8", "gb18030"]:
        try:
            return data.decode("gb18030" if encoding in ("gbk", "gb2312") else encoding), encoding
        except (UnicodeDecodeError, LookupError):
            continue
    from charset_normalizer import from_bytes
    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        raise SourceError("cannot decode the HTML page in its declared charset, UTF-8, GB18030 or any encoding "
                          "charset-normalizer knows", file=name, hint="re-save the page as UTF-8")
    return str(best), best.encoding


def read_html(path: Path, data: bytes) -> Document:
    """Read an HTML page into numbered lines: prose, table rows with cells, positioned pages.

    Raises:
        SourceError: the page cannot be decoded or parsed, or holds no text.
    """
    import lxml.etree
    import lxml.html

    text, encoding = decode_html(data, path.name)
    try:
        root = lxml.html.document_fromstring(_XML_DECL.sub("", text))
    except (lxml.etree.ParserError, ValueError) as exc:
        raise SourceError(f"cannot parse the HTML page ({exc})", file=path.name) from exc
    walk = _Walk()
    title = root.find(".//title")
    if title is not None:
        walk.prose(title.text_content())
    body = root.find("body")
    walk.block(body if body is not None else root)
    walk.flush()
    lines = [replace(line, no=no) for no, line in enumerate(walk.lines(), start=1)]
    if not any(line.text.strip() for line in lines):
        raise SourceError("the HTML page holds no text", file=path.name,
                          hint="the report may be an attachment of the page; give that file")
    return Document(name=path.name, path=str(path), sha256=hashlib.sha256(data).hexdigest(),
                    encoding=f"html/{encoding}", lines=tuple(lines))


def squash(text: str) -> str:
    """Text as a browser shows it: source line breaks between Chinese characters vanish,
    other runs of white space become one space; odd spaces become plain ones."""
    return clean_text(_SPACE.sub(" ", _NEWLINE_BETWEEN_CJK.sub("", text))).strip()


def _hidden(el) -> bool:
    style = (el.get("style") or "").replace(" ", "").lower()
    return "display:none" in style or "visibility:hidden" in style or el.get("hidden") is not None


class _Walk:
    """Lines gathered in document order: prose, table rows, and groups of positioned pages."""

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._out: list[Line | list] = []   # a Line, or a list of page elements read together

    def prose(self, text: str) -> None:
        self.flush()
        self._parts.append(text)
        self.flush()

    def flush(self) -> None:
        text = squash("".join(self._parts))
        self._parts = []
        if text:
            self._out.append(text_line(0, text))

    def block(self, el) -> None:
        """Read an element's content (its own tag already decided to be read)."""
        if el.text:
            self._parts.append(el.text)
        for child in el:
            if isinstance(child.tag, str):
                self.element(child)
            if child.tail:
                self._parts.append(child.tail)

    def element(self, el) -> None:
        tag = el.tag.lower()
        if tag in _SKIP or _hidden(el):
            return
        if tag == "br":
            self.flush()
            return
        if tag == "table":
            self.flush()
            self.table(el)
            return
        if is_page(el):
            self.flush()
            if self._out and isinstance(self._out[-1], list):
                self._out[-1].append(el)
            else:
                self._out.append([el])
            return
        if tag in _BLOCK:
            self.flush()
            self.block(el)
            self.flush()
        else:
            self.block(el)

    def table(self, table) -> None:
        rows = [tr for tr in table.iter("tr") if next(tr.iterancestors("table"), None) is table]
        grid = [_row_cells(tr) for tr in rows]
        if all(sum(1 for c in row if c.text) <= 1 for row in _spread(grid)):
            # a layout table: its cells hold blocks, not figures
            for tr in rows:
                for cell in tr:
                    if isinstance(cell.tag, str) and cell.tag.lower() in ("td", "th"):
                        self.block(cell)
                        self.flush()
            return
        for row in _spread(grid):
            texts = rstrip_cells([c.text for c in row])
            if any(t.strip() for t in texts):
                cells = tuple(replace(c, text=t) for c, t in zip(row, texts))
                self._out.append(Line(no=0, text="\t".join(texts), cells=cells) if len(cells) > 1
                                 else text_line(0, texts[0].strip()))

    def lines(self) -> list[Line]:
        out: list[Line] = []
        first = 1
        for item in self._out:
            if isinstance(item, list):
                out.extend(page_group_lines(item, first))
                first += len(item)
            else:
                out.append(item)
        return out


def _row_cells(tr) -> list[tuple[str, int, int]]:
    """(text, colspan, rowspan) of a row's cells."""
    cells = []
    for td in tr:
        if isinstance(td.tag, str) and td.tag.lower() in ("td", "th") and not _hidden(td):
            cells.append((_cell_text(td), _int(td.get("colspan")), _int(td.get("rowspan"))))
    return cells


def _cell_text(td) -> str:
    """A cell's text: its blocks and line breaks joined without a space (wrapped lines of one
    name, as the PDF reader joins them)."""
    parts = []
    for piece in td.itertext():
        parts.append(squash(piece))
    return "".join(parts)


def _int(value: str | None) -> int:
    try:
        return max(1, min(int(str(value).strip()), 1000))
    except (TypeError, ValueError):
        return 1


def _spread(grid: list[list[tuple[str, int, int]]]) -> list[list[Cell]]:
    """Rows of typed cells, one per column: a cell spanning n columns is followed by n-1
    span-0 cells, and a cell spanning rows leaves span-0 cells in the rows below."""
    below: dict[int, int] = {}   # column → rows it is still covered from above
    out: list[list[Cell]] = []
    for row in grid:
        cells: list[Cell] = []
        for text, colspan, rowspan in row:
            _covered(cells, below)
            start = len(cells)
            cells.append(Cell(text, span=colspan))
            cells.extend(Cell("", span=0) for _ in range(colspan - 1))
            if rowspan > 1:
                for col in range(start, start + colspan):
                    below[col] = rowspan - 1
        _covered(cells, below)
        for col in sorted(c for c, n in below.items() if n > 0 and c > len(cells)):
            while len(cells) < col:
                cells.append(Cell(""))
            _covered(cells, below)
        out.append(cells)
    return out


def _covered(cells: list[Cell], below: dict[int, int]) -> None:
    """Span-0 cells where the next columns are covered from a row above."""
    while below.get(len(cells), 0) > 0:
        below[len(cells)] -= 1
        cells.append(Cell("", span=0))
