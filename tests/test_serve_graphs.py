"""Issue 24 point 5: the graph views of `budgetkg graph` drawn on a page (inline SVG, no script,
nothing from the network), linked from the entity pages. Tested without a socket, through
:func:`handle`. The figure checked is 组织部's (data/000) 一般公共服务支出 2,624.60 万元 as its
支出预算表 prints it (26,246,000 元)."""
from __future__ import annotations

import re
import urllib.parse

import pytest

from budgetkg.config import DEFAULT_BASE
from budgetkg.serve.app import App, ServeConfig, handle
from budgetkg.serve.engine import Engine
from budgetkg.serve.web import Request

Q = urllib.parse.quote
ORG = "中共乌鲁木齐高新技术产业开发区（乌鲁木齐市新市区）委员会组织部"


@pytest.fixture(scope="module")
def app(sample_store):
    with Engine(sample_store.path) as engine:
        yield App(ServeConfig(endpoint=engine.url, base=DEFAULT_BASE))


def _get(app, target):
    response = handle(app, Request.build("GET", target))
    return response.status, response.body.decode()


def test_spending_graph_is_drawn_offline_with_exact_figures(app):
    status, body = _get(app, "/graph?name=spending")
    assert status == 200
    svg = re.search(r"<svg.*?</svg>", body, re.S).group(0)
    assert "<script" not in body and "http://" not in svg.replace("http://www.w3.org/2000/svg", "")
    assert f"<title>{ORG} → 一般公共服务支出 26,246,000 元</title>" in svg
    assert svg.count("<circle") >= 5 and "<line" in svg


def test_department_page_links_its_graphs_and_the_focus_draws_its_neighbourhood(app):
    status, page = _get(app, "/department?name=" + Q(ORG))
    assert status == 200
    href = re.search(r"href='(/graph\?name=spending&amp;focus=[^']+)'", page).group(1).replace("&amp;", "&")
    status, body = _get(app, href)
    assert status == 200 and "around" in body and "stroke='#000'" in body  # the entity ringed
    assert f"{ORG} (department)" in body and "一般公共服务支出 (class)" in body
    assert "城乡社区支出 (class)" not in body  # two steps away from 组织部's classes: not drawn


def test_hierarchy_and_policies_pages_and_an_unknown_graph(app):
    assert _get(app, "/graph?name=hierarchy")[0] == 200
    assert _get(app, "/graph?name=policies")[0] == 200
    status, body = _get(app, "/graph")
    assert status == 200 and "/graph?name=policies" in body
    status, body = _get(app, "/graph?name=bogus")
    assert status == 400 and "unknown graph 'bogus'" in body
