"""``/check``: reports checked in the browser, never stored.

A form takes one or several files (PDF or any format budgetkg reads); the POST reads and checks
them in this process as ``budgetkg check`` does (:func:`budgetkg.check.audit.audit_files`: two
files of one publication uploaded together are checked as one report) and answers with the
page ``budgetkg check --format html`` writes, with, for each PDF, a link to its annotated copy
(``--format pdf``: findings boxed on their pages, a summary page first). A finding's page links
to that page of the annotated copy.

Nothing reaches the store — the route never calls the engine, so it works on a read-only
server. The uploaded files live in a temporary folder removed before the response is sent; an
annotated PDF is a temporary file under a random token, served for
:attr:`~.context.CheckLimits.keep_minutes` and then deleted (:class:`Downloads`). What is not a
report gets one refusal page with the reader's reason; too much, or too large, likewise.
"""
from __future__ import annotations

import atexit
import html
import io
import logging
import secrets
import shutil
import tempfile
import threading
import time
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

from budgetkg.check import audit
from budgetkg.check.annotate import annotate_file, is_pdf
from budgetkg.check.read import read_report
from budgetkg.serve import pages
from budgetkg.serve.context import App, CheckLimits
from budgetkg.serve.request import BadRequest
from budgetkg.serve.uploads import Upload, body_length, drain, read_upload
from budgetkg.serve.web import HTML, Request, Response, Route
from budgetkg.sources.read import REPORT_SUFFIXES

log = logging.getLogger("budgetkg.serve")
TOKEN_PATH = "/check/pdf/"


@dataclass
class _Download:
    path: Path
    name: str
    expires: float


class Downloads:
    """Annotated PDFs waiting to be fetched: temporary files under random tokens, each deleted
    once its time is up (looked at on every ``/check`` request) and all of them at exit."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._items: dict[str, _Download] = {}
        self._folder: Path | None = None

    def folder(self) -> Path:
        with self._lock:
            if self._folder is None:
                self._folder = Path(tempfile.mkdtemp(prefix="budgetkg-annotated-"))
                atexit.register(shutil.rmtree, self._folder, True)
            return self._folder

    def reserve(self) -> tuple[str, Path]:
        """A fresh token and the file its PDF is to be written to."""
        token = secrets.token_urlsafe(18)
        return token, self.folder() / f"{token}.pdf"

    def add(self, token: str, path: Path, name: str, minutes: float) -> None:
        with self._lock:
            self._items[token] = _Download(path, name, time.monotonic() + minutes * 60)

    def get(self, token: str) -> _Download | None:
        self.sweep()
        with self._lock:
            return self._items.get(token)

    def sweep(self) -> None:
        """Delete every annotated PDF whose time is up."""
        now = time.monotonic()
        with self._lock:
            gone = [t for t, d in self._items.items() if d.expires <= now]
            for t in gone:
                self._items.pop(t).path.unlink(missing_ok=True)

    def __len__(self) -> int:
        with self._lock:
            return len(self._items)


DOWNLOADS = Downloads()
_SLOTS: dict[int, threading.BoundedSemaphore] = {}
_SLOTS_LOCK = threading.Lock()


def _slots(limits: CheckLimits) -> threading.BoundedSemaphore:
    with _SLOTS_LOCK:
        return _SLOTS.setdefault(limits.at_once, threading.BoundedSemaphore(max(1, limits.at_once)))


def _form(limits: CheckLimits) -> str:
    accept = ",".join(REPORT_SUFFIXES)
    return ("<form class='params' method='post' action='/check' enctype='multipart/form-data'>"
            f"<label>报告文件 / report files<input type='file' name='file' multiple accept='{accept}'></label>"
            "<label>语言 / language<select name='lang'><option value='en'>English</option>"
            "<option value='zh'>中文</option></select></label>"
            "<label><span><input type='checkbox' name='info' value='1'> also box info and notices in the PDF</span>"
            "</label><button type='submit'>Check / 核查</button></form>"
            f"<p class='muted'>PDF, HTML, Excel, Word or text; up to {limits.max_files} files, "
            f"{limits.max_file_mb} MB each, {limits.max_total_mb} MB together. The two files of a publication "
            "printed as two (narrative and tables) uploaded together are checked as one report.</p>"
            "<p class='muted'>Nothing is stored: the files are read, checked and deleted; an annotated PDF can be "
            f"fetched for {limits.keep_minutes} minutes. To add a report to the store use "
            "<code>budgetkg ingest</code>.</p>")


def check_reports(app: App, request: Request) -> Response:
    """GET: the upload form. POST: the findings page of the uploaded files (nothing stored)."""
    limits = app.config.check
    DOWNLOADS.sweep()
    if request.method != "POST":
        return Response.page(pages.page("Check a report / 核查报告", _form(limits),
                                        "the findings of budgetkg check, in the browser · 不入库"))
    try:
        length = body_length(request, limits)   # refused before a byte of the body is read
    except BadRequest as exc:
        return _refusal(exc.status, [exc.message], limits, close=not drain(request, limits))
    try:
        form = read_upload(request, limits, length)
    except BadRequest as exc:
        return _refusal(exc.status, [exc.message], limits)
    if not form.files:
        return _refusal(400, ["no file was chosen"], limits)
    lang = "zh" if form.fields.get("lang") == "zh" else "en"
    severities = ("error", "warning", "info", "notice") if form.fields.get("info") else ("error", "warning")
    slots = _slots(limits)
    if not slots.acquire(timeout=120):
        return _refusal(503, ["other uploads are being checked; try again in a minute"], limits)
    try:
        return _checked(form.files, lang, severities, limits)
    finally:
        slots.release()


def _names(files: list[Upload]) -> list[str]:
    """Each upload's name, made unique (``a.pdf``, ``a-2.pdf``) so no file overwrites another."""
    taken: set[str] = set()
    out = []
    for f in files:
        name, n = f.name, 1
        while name in taken:
            n += 1
            p = Path(f.name)
            name = f"{p.stem}-{n}{p.suffix}"
        taken.add(name)
        out.append(name)
    return out


def _checked(files: list[Upload], lang: str, severities: tuple[str, ...], limits: CheckLimits) -> Response:
    with tempfile.TemporaryDirectory(prefix="budgetkg-check-") as tmp:
        paths = []
        for upload, name in zip(files, _names(files)):
            path = Path(tmp) / name
            path.write_bytes(upload.data)
            paths.append(path)
        docs = audit.audit_files(paths, lambda p: read_report(p, max_size_mb=limits.max_file_mb), lang)
        if all(d.error for d in docs):
            return _refusal(422, [d.error or d.source for d in docs], limits)
        failed = {d.source for d in docs if d.error}
        links: dict[str, tuple[str, int]] = {}   # file name → token, summary pages
        notes = []
        for path in paths:
            if path.name in failed:
                continue
            if not is_pdf(path):
                notes.append(f"{path.name}: not a PDF, so its findings are listed below but cannot be drawn on pages")
                continue
            token, out = DOWNLOADS.reserve()
            try:
                done = annotate_file(docs, path, out, lang, severities)
            except Exception:  # a PDF PDFium reads but cannot write: its findings are still listed
                log.exception("annotating %s", path.name)
                out.unlink(missing_ok=True)
                notes.append(f"{path.name}: the annotated copy could not be written")
                continue
            DOWNLOADS.add(token, out, f"{path.stem}.checked.pdf", limits.keep_minutes)
            links[path.name] = (token, done.summary_pages)
            notes.append(f"<a href='{TOKEN_PATH}{token}' download='{html.escape(path.stem, quote=True)}.checked.pdf'>"
                         f"{html.escape(path.stem)}.checked.pdf</a> — {done.placed} findings boxed, {done.pinned} "
                         f"pinned at a page's top left, {done.listed} of the whole report on the summary page")

    def page_link(row) -> str | None:
        found = links.get(str(row["source"]))
        return f"{TOKEN_PATH}{found[0]}#page={int(row['page']) + found[1]}" if found and row["page"] else None

    written = io.StringIO()
    audit.write_html(docs, written, title="budgetkg check", page_link=page_link)
    items = "".join(f"<li>{n if n.startswith('<a ') else html.escape(n)}</li>" for n in notes)
    header = ("<nav style='margin-bottom:1em'><a href='/'>budgetkg</a> · <a href='/check'>check another / 再核查</a>"
              "</nav><p class=meta>Checked here and not stored / 未入库. Annotated PDFs (findings boxed on their pages; "
              f"kept for {limits.keep_minutes} minutes):</p><ul>{items}</ul>")
    return Response(200, written.getvalue().replace("<body>", "<body>" + header, 1).encode("utf-8"), HTML)


def _refusal(status: int, reasons: list[str], limits: CheckLimits, close: bool = False) -> Response:
    """The one refusal page: what was not checked and why, and the form to try again."""
    items = "".join(f"<li class='sev-error'>{html.escape(r)}</li>" for r in reasons)
    body = (f"<p>Nothing was checked / 未核查:</p><ul>{items}</ul>"
            "<p class='muted'>budgetkg checks 部门预算 and 部门决算 disclosures.</p>" + _form(limits))
    response = Response.page(pages.page("Not checked / 未核查", body), status)
    response.close = close
    return response


def download(app: App, request: Request) -> Response:
    """An annotated PDF by its token, while it is kept."""
    found = DOWNLOADS.get(request.path[len(TOKEN_PATH):])
    if found is None or not found.path.exists():
        return Response.page(pages.page("Gone / 已过期", "<p>This annotated PDF is no longer kept: "
                                        "<a href='/check'>check the report again</a>.</p>"), 404)
    response = Response(200, found.path.read_bytes(), "application/pdf")
    response.headers["Content-Disposition"] = f"inline; filename*=UTF-8''{urllib.parse.quote(found.name)}"
    response.headers["Cache-Control"] = "no-store"
    return response


ROUTES = [Route(download, prefix=(TOKEN_PATH,)),
          Route(check_reports, exact=("/check",), methods=("GET", "HEAD", "POST"))]
