"""The UI's question box (issue 24): /ask?q= understands a question in words and answers it on its
question's page; question pages head their columns with titles, not machine names; a raw UTF-8
query string is read as UTF-8, not as Latin-1 mojibake."""
from __future__ import annotations

import urllib.parse

import pytest

from budgetkg.config import DEFAULT_BASE
from budgetkg.serve.app import App, ServeConfig, handle
from budgetkg.serve.engine import Engine
from budgetkg.serve.web import Request, raw_target


@pytest.fixture(scope="module")
def app(sample_store):
    with Engine(sample_store.path) as engine:
        yield App(ServeConfig(endpoint=engine.url, base=DEFAULT_BASE))


def get(app, target):
    response = handle(app, Request.build("GET", target, {"Accept": "text/html"}))
    return response.status, response.body.decode("utf-8")


def test_home_page_has_the_question_box(app):
    status, body = get(app, "/")
    assert status == 200 and "action='/ask'" in body


def test_a_question_in_words_is_answered_with_how_it_was_understood(app):
    status, body = get(app, "/ask?q=" + urllib.parse.quote("组织部2021年三公经费"))
    assert status == 200
    assert "理解为：three-public" in body and "年度：2021" in body
    assert "因公出国（境）费 / overseas (元)" in body  # titles, not vehicle_purchase


def test_a_class_in_words_keeps_its_rows(app):
    status, body = get(app, "/ask?q=" + urllib.parse.quote("组织部2021年一般公共服务支出"))
    assert status == 200 and "201" in body and "类：201" in body


def test_an_unknown_department_in_words_says_so(app):
    status, body = get(app, "/ask?q=" + urllib.parse.quote("财政局的三公经费"))
    assert status == 404 and "no department in the store matches" in body


def test_question_page_titles_its_columns(app):
    status, body = get(app, "/questions/three-public")
    assert status == 200 and "<th>公务用车购置费 / vehicle purchase (元)</th>" in body


def test_raw_utf8_in_the_request_line_is_read_as_utf8():
    sent = "/department?name=组织部".encode().decode("latin-1")  # as http.server hands it over
    assert urllib.parse.unquote(raw_target(sent)) == "/department?name=组织部"
    assert raw_target("/department?name=%E7%BB%84") == "/department?name=%E7%BB%84"
