"""The text reader: report bytes in any common encoding → :class:`Document`.

Tries UTF-8 (with or without BOM), GB18030/GBK and UTF-16 (with or without BOM) first — the
encodings reports have always been read in, so their lines never change — and only then asks
charset-normalizer (Big5, Shift-JIS, …). Refuses NUL bytes (naming their offset and line),
binary and empty files with a clear :class:`SourceError`, strips the HTML fragments that web
exports leave in cells, and reads a line's tabs or Markdown pipes as the cells of a table row
(:attr:`~budgetkg.sources.document.Line.cells`).
"""
from __future__ import annotations

import hashlib
from pathlib import Path

from budgetkg.errors import SourceError
from budgetkg.sources.document import Document, read_text_line

_UTF16_BOMS = ((b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"))


def _utf16_encoding(data: bytes) -> str | None:
    """"utf-16-le"/"utf-16-be" when the bytes are UTF-16 text (BOM, or NULs in every other byte)."""
    for bom, encoding in _UTF16_BOMS:
        if data.startswith(bom):
            return encoding
    sample = data[:8192]
    sample = sample[:len(sample) // 2 * 2]
    even = sum(1 for i in range(0, len(sample), 2) if sample[i] == 0)
    odd = sum(1 for i in range(1, len(sample), 2) if sample[i] == 0)
    # ASCII (newlines, digits, tabs) in UTF-16 puts its NUL in the high byte: little-endian
    # at odd offsets, big-endian at even ones; a few CJK code points (U+4E00 …) the other way
    if max(even, odd) < 2 or min(even, odd) * 4 > max(even, odd):
        return None
    encoding = "utf-16-le" if odd > even else "utf-16-be"
    text = sample.decode(encoding, errors="replace")
    controls = sum(1 for ch in text if (ord(ch) < 32 and ch not in "\t\r\n\f") or ch == "\ufffd")
    return encoding if controls * 100 <= len(text) else None


def _decode_utf16(data: bytes, encoding: str, name: str) -> str:
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        data = data[2:]
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        line = data[:exc.start].decode(encoding, errors="replace").count("\n") + 1
        raise SourceError(f"the file looks like {encoding.upper()} text but byte {exc.start} does not decode",
                          file=name, line=line, hint="re-save the report as UTF-8") from exc


def decode_report_bytes(data: bytes, name: str) -> tuple[str, str]:
    """Decode report bytes as UTF-8, GB18030 or UTF-16 (with or without BOM); return (text, encoding).

    Raises:
        SourceError: empty, NUL bytes (with their offset and line), binary or undecodable.
    """
    if not data.strip():
        raise SourceError("the file is empty", file=name, hint="expected the text of a budget report")
    utf16 = _utf16_encoding(data)
    if utf16:
        text = _decode_utf16(data, utf16, name)
        if "\x00" in text:
            offset = text.index("\x00")
            raise SourceError(f"the file holds a NUL character at character {offset}", file=name,
                              line=text.count("\n", 0, offset) + 1, hint="the file is damaged or not a text report")
        return text, utf16
    nul = data.find(b"\x00")
    if nul >= 0:
        raise SourceError(f"the file holds a NUL byte at byte offset {nul}, so it is binary or damaged, "
                          "not a text report", file=name, line=data.count(b"\n", 0, nul) + 1,
                          hint="give a .txt or .md report extracted from the PDF, or the PDF itself")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        controls = sum(1 for ch in text[:4096] if ord(ch) < 32 and ch not in "\t\r\n\f")
        if controls > 8:
            raise SourceError("this looks like a binary file, not a text report", file=name)
        return text, ("utf-8" if encoding == "utf-8-sig" else encoding)
    detected = _detect(data)
    if detected:
        return detected
    raise SourceError("cannot decode the file as UTF-8, GB18030/GBK, UTF-16 or any encoding charset-normalizer "
                      "knows", file=name, hint="re-save the report as UTF-8")


def _detect(data: bytes) -> tuple[str, str] | None:
    """(text, encoding) as charset-normalizer reads bytes none of the usual encodings decode."""
    from charset_normalizer import from_bytes
    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        return None
    return str(best), best.encoding


def read_text(path: Path, data: bytes) -> Document:
    """The text reader of the registry: decoded bytes (:func:`decode_report_bytes`) as lines."""
    text, encoding = decode_report_bytes(data, path.name)
    return document_from_text(text, name=path.name, path=str(path), encoding=encoding,
                              sha256=hashlib.sha256(data).hexdigest())


def document_from_text(text: str, *, name: str, path: str = "", encoding: str = "utf-8",
                       sha256: str | None = None) -> Document:
    """A :class:`Document` from already decoded text (used by tests and other readers)."""
    # classic Mac line ends (CR only): without this the whole report would be one line
    breaks = "\n" if "\n" in text or "\r" not in text else "\r"
    lines = tuple(read_text_line(i, raw) for i, raw in enumerate(text.split(breaks), start=1))
    if not any(line.text.strip() for line in lines):
        raise SourceError("the file has no text", file=name)
    digest = sha256 or hashlib.sha256(text.encode("utf-8")).hexdigest()
    return Document(name=name, path=path or name, sha256=digest, encoding=encoding, lines=lines)
