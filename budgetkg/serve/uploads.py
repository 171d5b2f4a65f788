"""Reading a ``multipart/form-data`` upload (the ``/check`` form) with the standard library.

The body is parsed by :mod:`email` (``message_from_bytes`` with ``policy=default``, given the
request's own Content-Type header), not by the ``cgi`` module, which Python 3.13 removed. Every
limit is checked before anything is read or written: a body without a length or over
:attr:`~.context.CheckLimits.max_total_mb` is refused unread, then too many files or a file over
:attr:`~.context.CheckLimits.max_file_mb`. Each refusal is a :class:`~.request.BadRequest` with a
status and one line that names the file.
"""
from __future__ import annotations

import email
import email.policy
import re
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from budgetkg.serve.context import CheckLimits
from budgetkg.serve.request import BadRequest
from budgetkg.serve.web import Request

MB = 1_000_000
_UNSAFE = re.compile(r"[\x00-\x1f\x7f]")


@dataclass
class Upload:
    """One uploaded file: the name it had on the user's machine (no folders) and its bytes."""

    name: str
    data: bytes


@dataclass
class UploadForm:
    """The files of an upload and its other fields (text)."""

    files: list[Upload] = field(default_factory=list)
    fields: dict[str, str] = field(default_factory=dict)


def safe_name(filename: str) -> str:
    """The file's own name, without the folders some browsers send and without control
    characters, at most 120 characters (its suffix kept); ``upload`` when nothing is left."""
    name = _UNSAFE.sub("", PurePosixPath(filename.replace("\\", "/")).name).strip()
    if name in ("", ".", ".."):
        return "upload"
    if len(name) > 120:
        suffix = PurePosixPath(name).suffix[:12]
        name = name[:120 - len(suffix)] + suffix
    return name


def body_length(request: Request, limits: CheckLimits) -> int:
    """The upload's Content-Length, refused when missing, malformed or over the limit."""
    if request.headers.get("Transfer-Encoding"):
        raise BadRequest(411, "send the upload with a Content-Length, not chunked")
    raw = (request.headers.get("Content-Length") or "").strip()
    if not raw:
        raise BadRequest(411, "the upload has no Content-Length")
    if not raw.isdigit():
        raise BadRequest(400, f"Content-Length must be a whole number of bytes, got {raw!r}")
    length = int(raw)
    if length > limits.max_total_mb * MB:
        raise BadRequest(413, f"the upload is {length / MB:.1f} MB; this server takes at most "
                              f"{limits.max_total_mb} MB at once")
    return length


def drain(request: Request, limits: CheckLimits) -> bool:
    """Read and drop a refused body of up to twice the limit, so that a browser still sending it
    gets the refusal page rather than a reset connection; False when it was left unread."""
    raw = (request.headers.get("Content-Length") or "").strip()
    if request.headers.get("Transfer-Encoding") or not raw.isdigit() or int(raw) > 2 * limits.max_total_mb * MB:
        return False
    left = int(raw)
    while left > 0:
        chunk = request.body.read(min(left, MB))
        if not chunk:
            return False
        left -= len(chunk)
    return True


def read_upload(request: Request, limits: CheckLimits, length: int) -> UploadForm:
    """The files and fields of a ``multipart/form-data`` POST of ``length`` bytes (checked by
    :func:`body_length` before) within ``limits``.

    Raises:
        BadRequest: not multipart (415), cut short or malformed (400), more than ``max_files``
            files or a file over ``max_file_mb`` (413).
    """
    body = request.body.read(length)
    if len(body) < length:
        raise BadRequest(400, "the upload was cut short")
    content_type = request.headers.get("Content-Type") or ""
    if content_type.split(";")[0].strip().lower() != "multipart/form-data":
        raise BadRequest(415, "send the files as multipart/form-data (the form on /check does)")
    head = f"Content-Type: {content_type}\r\nMIME-Version: 1.0\r\n\r\n".encode("utf-8", "replace")
    message = email.message_from_bytes(head + body, policy=email.policy.default)
    if not message.is_multipart() or not message.get_boundary():
        raise BadRequest(400, "the upload is not a readable multipart/form-data body")
    form = UploadForm()
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition") or ""
        filename = part.get_filename()
        raw = part.get_payload(decode=True)
        payload = raw if isinstance(raw, bytes) else b""
        if filename is None:
            form.fields[str(name)] = payload.decode("utf-8", "replace")
            continue
        if not filename and not payload:  # the file input left empty
            continue
        upload = Upload(safe_name(filename), payload)
        if len(payload) > limits.max_file_mb * MB:
            raise BadRequest(413, f"{upload.name}: {len(payload) / MB:.1f} MB is larger than the "
                                  f"{limits.max_file_mb} MB this server reads per file")
        form.files.append(upload)
        if len(form.files) > limits.max_files:
            raise BadRequest(413, f"more than {limits.max_files} files in one upload; send them in parts")
    return form
