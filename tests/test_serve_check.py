"""Issue 24 point 4: ``/check`` — a report checked in the browser, nothing stored. The upload is
a real multipart/form-data body (as a browser sends it), handled without a socket."""
from __future__ import annotations

import html
import io
import json
import re
import tempfile

import pytest
from pypdf import PdfReader

from budgetkg.check.audit import audit_files
from budgetkg.check.read import read_report
from budgetkg.config import DEFAULT_BASE
from budgetkg.serve.app import App, ServeConfig, handle
from budgetkg.serve.check_page import DOWNLOADS
from budgetkg.serve.context import CheckLimits
from budgetkg.serve.engine import Engine
from budgetkg.serve.web import Request
from tests.corpus import corpus_path

BOUNDARY = "----budgetkgTestBoundary7MA4YWxkTrZu0gW"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?r a <https://w3id.org/budgetkg/ontology#Report> }"


def multipart(files: list[tuple[str, bytes]], **fields: str) -> tuple[str, bytes]:
    """The body a browser sends for the /check form (file names as raw UTF-8, as browsers do)."""
    out = io.BytesIO()
    for key, value in fields.items():
        out.write(f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n{value}\r\n'.encode())
    for name, data in files:
        out.write(f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
                  "Content-Type: application/octet-stream\r\n\r\n".encode() + data + b"\r\n")
    out.write(f"--{BOUNDARY}--\r\n".encode())
    return f"multipart/form-data; boundary={BOUNDARY}", out.getvalue()


def post(app, files, **fields):
    ctype, body = multipart(files, **fields)
    return handle(app, Request.build("POST", "/check", {"Content-Type": ctype}, body))


@pytest.fixture(scope="module")
def app(sample_store):
    with Engine(sample_store.path) as engine:  # read-only: no update token
        yield App(ServeConfig(endpoint=engine.url, base=DEFAULT_BASE))


def report_count(app) -> int:
    reply = handle(app, Request.build("GET", "/sparql?query=" + COUNT.replace(" ", "%20").replace("#", "%23"),
                                      {"Accept": "application/sparql-results+json"}))
    return int(json.loads(reply.body)["results"]["bindings"][0]["n"]["value"])


CHANGCHUN = "2026年长春市信访局部门预算.pdf"


def test_check_form_is_linked_from_the_nav_bar_and_the_home_page(app):
    form = handle(app, Request.build("GET", "/check")).body.decode()
    assert "enctype='multipart/form-data'" in form and "type='file'" in form and " multiple" in form
    home = handle(app, Request.build("GET", "/")).body.decode()
    assert home.count("href='/check'") >= 2  # the nav bar and the home page's own link


def test_uploaded_pdf_gets_the_findings_budgetkg_check_finds(app, tmp_path, monkeypatch):
    pdf = corpus_path("regions", CHANGCHUN)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    before = report_count(app)
    response = post(app, [(CHANGCHUN, pdf.read_bytes())])
    page = response.body.decode()
    assert response.status == 200 and response.content_type.startswith("text/html")
    expected = audit_files([pdf], read_report)[0]  # what `budgetkg check` finds for the file
    assert expected.findings
    for f in expected.findings:
        assert html.escape(f["message"]) in page
    assert f"error: {len([f for f in expected.findings if f['severity'] == 'error'])}<" in page
    # page 11, 基本支出 table: 301 工资福利支出 printed 911.21 over items that add up to 920.96 (万元)
    assert "911.21" in page and "920.96" in page
    # nothing stored, and the uploaded file's folder is gone
    assert report_count(app) == before
    assert not [p for p in tmp_path.iterdir() if p.name.startswith("budgetkg-check-")]


def test_annotated_pdf_link_downloads_the_report_with_its_summary_pages(app):
    pdf = corpus_path("regions", CHANGCHUN)
    page = post(app, [(CHANGCHUN, pdf.read_bytes())]).body.decode()
    href = re.search(r"href='(/check/pdf/[\w-]+)' download=", page).group(1)
    got = handle(app, Request.build("GET", href))
    assert got.status == 200 and got.content_type == "application/pdf"
    original = len(PdfReader(pdf).pages)
    annotated = PdfReader(io.BytesIO(got.body))
    summary = len(annotated.pages) - original
    assert summary >= 1  # the findings' list comes first
    assert "budgetkg" in (annotated.pages[0].extract_text() or "") or annotated.pages[0].get("/Annots")
    # a finding on the report's page 11 links to page 11 + the summary pages of the annotated copy
    assert f"{href}#page={11 + summary}'>11</a>" in page


def test_a_file_that_is_not_a_report_is_refused_with_the_readers_reason(app):
    not_report = next(corpus_path("not-reports").glob("*.pdf"))
    response = post(app, [(not_report.name, not_report.read_bytes())])
    page = response.body.decode()
    assert response.status == 422
    assert "Not checked" in page and html.escape(not_report.name) in page
    assert "does not look like a budget or final-account disclosure report" in page
    assert "enctype='multipart/form-data'" in page  # the form again, to try another file


def test_a_report_and_a_non_report_together_check_the_report_and_say_why_not_the_other(app):
    report = corpus_path("pdf", "上海市普陀区人民政府办公室25年预算.pdf")
    image = ("photo.png", b"\x89PNG\r\n\x1a\n" + bytes(200))
    response = post(app, [(report.name, report.read_bytes()), image])
    page = response.body.decode()
    assert response.status == 200 and "上海市普陀区人民政府办公室" in page
    assert "Not read:" in page and "photo.png" in page and "not a report" in page


def test_too_large_uploads_are_refused_before_reading(sample_store):
    small = App(ServeConfig(endpoint="http://127.0.0.1:9/", base=DEFAULT_BASE,
                            check=CheckLimits(max_file_mb=1, max_files=2, max_total_mb=2)))
    big = post(small, [("big.pdf", b"%PDF-1.4\n" + bytes(2_500_000))])
    assert big.status == 413 and "at most 2 MB" in big.body.decode() and not big.close  # drained: the page arrives
    one = post(small, [("one.pdf", b"%PDF-1.4\n" + bytes(1_200_000))])
    assert one.status == 413 and "one.pdf: 1.2 MB is larger than the 1 MB" in one.body.decode()
    many = post(small, [(f"{i}.txt", b"x") for i in range(3)])
    assert many.status == 413 and "more than 2 files" in many.body.decode()
    huge = handle(small, Request.build("POST", "/check", {"Content-Type": "multipart/form-data; boundary=x",
                                                          "Content-Length": "999999999"}))
    assert huge.status == 413 and huge.close  # not read at all: the connection is closed
    assert post(small, []).status == 400


def test_annotated_pdf_is_gone_when_its_time_is_up(tmp_path):
    path = tmp_path / "x.pdf"
    path.write_bytes(b"%PDF-1.4\n")
    DOWNLOADS.add("expired-token", path, "x.checked.pdf", minutes=0)
    assert DOWNLOADS.get("expired-token") is None and not path.exists()
    app = App(ServeConfig(endpoint="http://127.0.0.1:9/", base=DEFAULT_BASE))
    assert handle(app, Request.build("GET", "/check/pdf/expired-token")).status == 404
