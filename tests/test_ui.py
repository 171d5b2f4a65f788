"""The browser UI in headless Chromium (Debian's `chromium`; `make ui-deps` installs it): the home,
department, report, project and question pages render, with a screenshot of each, and the
department page's 类 figures equal the report's own table for every year and kind, read from the
documents. Skipped, saying so, where Chromium (or the shared corpus) is not there.

`BUDGETKG_SCREENSHOTS=docs` writes the README's screenshots (docs/*.png) instead of temporary ones.
"""
from __future__ import annotations

import base64
import os
import re
import shutil
import subprocess
import threading
import urllib.parse
from pathlib import Path

import pytest

from budgetkg import Settings, ingest
from budgetkg.config import DEFAULT_BASE
from budgetkg.serve.app import ServeConfig, make_server
from budgetkg.serve.engine import Engine
from tests.corpus import SHARED

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
needs_chromium = pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed (make ui-deps)")
CORPUS = SHARED / "corpus"
needs_corpus = pytest.mark.skipif(not (CORPUS / "series").is_dir(), reason=f"the shared corpus is not at {CORPUS}")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync", "--hide-scrollbars"]
Q = urllib.parse.quote
DOCS = Path(__file__).resolve().parents[1] / "docs"


def serve(store_path):
    engine = Engine(store_path)
    server = make_server(ServeConfig(endpoint=engine.url, base=DEFAULT_BASE), port=0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return engine, server


@pytest.fixture(scope="module")
def ui(sample_store):
    engine, server = serve(sample_store.path)
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()
    engine.stop()


@pytest.fixture(scope="module")
def corpus_ui(tmp_path_factory):
    """Putuo's 2025 department and unit budgets and 2024 final account, and Jiangsu's 2017–2019 series."""
    path = tmp_path_factory.mktemp("corpus-store")
    files = sorted((CORPUS / "pdf").glob("*.pdf")) + sorted((CORPUS / "series").glob("*.pdf"))
    result = ingest(files, Settings.load(store=path), keep_going=True)
    assert result.written
    engine, server = serve(path)
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()
    engine.stop()


def chromium(tmp_path, *args):
    return subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={tmp_path / 'profile'}", *args],
                          capture_output=True, timeout=120)


def dom(tmp_path, url) -> str:
    return chromium(tmp_path, "--dump-dom", url).stdout.decode("utf-8", "replace")


def screenshot(tmp_path, url, name: str, height: int = 1000) -> Path:
    folder = DOCS if os.environ.get("BUDGETKG_SCREENSHOTS") == "docs" else tmp_path
    shot = folder / name
    chromium(tmp_path, f"--screenshot={shot}", f"--window-size=1280,{height}", url)
    return shot


REPORT_004 = "/id/report/" + Q("乌鲁木齐市水磨沟区人民政府办公室") + "/2021/budget"


@needs_chromium
@pytest.mark.parametrize("page, texts", [
    ("/", ["budget disclosures", "乌鲁木齐市水磨沟区人民政府办公室", "5,950,800 元"]),
    ("/department?name=" + Q("水磨沟区"), ["basic and project", "Over the years", "包联工作经费"]),
    (REPORT_004, ["Tables / 表", "部门（单位）支出总体情况表", "5,950,800 元"]),
    (REPORT_004 + "/table/projects/row/5", ["包联工作对象满意度", "项目承担单位", "200,000 元"]),
    ("/questions/functional?department=" + Q("组织部") + "&unit=wan", ["<form", "2,624.6 万元", "format=csv"]),
    ("/graph?name=spending", ["<svg", "→ 一般公共服务支出 26,246,000 元", "<circle"]),
], ids=["home", "department", "report", "project", "question", "graph"])
def test_pages_render_in_chromium(ui, tmp_path, page, texts):
    rendered = dom(tmp_path, ui + page)
    for text in texts:
        assert text in rendered
    assert "<table>" in rendered or "<table " in rendered or "<svg" in rendered
    shot = screenshot(tmp_path, ui + page, "page.png")
    assert shot.exists() and shot.stat().st_size > 10_000  # a real rendering, not a blank page


# 类 rows of each report's expenditure table (支出总体情况表 / 支出决算表 / 财政拨款支出预算表),
# read from the documents and converted to 元 by hand; keyed by department, year, kind, scope.
EXPECTED_CLASSES = {
    # 上海市普陀区人民政府办公室25年预算.pdf, 2025年部门支出预算总表 (元): 合计 91,016,775.35
    ("上海市普陀区人民政府办公室", "2025-budget-department"): {
        "201": "82,096,797.42", "208": "4,213,779.28", "210": "1,097,073.43", "221": "3,609,125.22"},
    # 上海市普陀区人民政府办公室单位25年预算.pdf, the unit's 支出预算总表 (元): the same figures, its own report
    ("上海市普陀区人民政府办公室", "2025-budget-unit"): {
        "201": "82,096,797.42", "208": "4,213,779.28", "210": "1,097,073.43", "221": "3,609,125.22"},
    # 中共上海市普陀区委社会工作部 2024 年度部门决算.pdf, 支出决算表 (万元): 264.87, 10.82, 2.71, 29.42
    ("中共上海市普陀区委社会工作部", "2024-final-department"): {
        "201": "2,648,700", "208": "108,200", "210": "27,100", "221": "294,200"},
    # 江苏省人大办公厅2017年度预算公开.pdf, 财政拨款支出预算表 (万元): 10,528.33, 1,608.51, 1,512.23
    ("江苏省人大常委会办公厅", "2017-budget-department"): {
        "201": "105,283,300", "208": "16,085,100", "221": "15,122,300"},
    # 省人大办公厅2018预算公开.pdf (万元): 12,706.28, 1,068.78, 2,122.38
    ("江苏省人大常委会办公厅", "2018-budget-department"): {
        "201": "127,062,800", "208": "10,687,800", "221": "21,223,800"},
    # 江苏省人大常委会办公厅2019年部门预算公开表.pdf (万元): 13,907.78, 1,121.39, 3,301.20
    ("江苏省人大常委会办公厅", "2019-budget-department"): {
        "201": "139,077,800", "208": "11,213,900", "221": "33,012,000"},
}
_CLASS_ROW = re.compile(r"data-code=\"(\d{3})\"><td>.*?</td><td>.*?</td><td class=\"num\">([^<]*?) 元</td>")


def class_totals(rendered: str, panel: str) -> dict[str, str]:
    start = rendered.index(f'id="r-{panel}"')
    end = rendered.find("<section", start + 1)
    return dict(_CLASS_ROW.findall(rendered[start:end if end > 0 else None]))


@needs_chromium
@needs_corpus
def test_department_page_class_totals_equal_each_reports_table(corpus_ui, tmp_path):
    pages: dict[str, str] = {}
    for (department, panel), expected in EXPECTED_CLASSES.items():
        if department not in pages:
            pages[department] = dom(tmp_path, corpus_ui + "/department?name=" + Q(department))
        assert class_totals(pages[department], panel) == expected, (department, panel)


@needs_chromium
@needs_corpus
def test_department_and_unit_budgets_are_never_summed(corpus_ui, tmp_path):
    """The department page added the 2025 department and unit budgets: 201 read 164,193,594.84 元."""
    rendered = dom(tmp_path, corpus_ui + "/department?name=" + Q("上海市普陀区人民政府办公室"))
    assert "164,193,594.84" not in rendered and "182,033,550.7" not in rendered
    assert rendered.count("82,096,797.42 元") >= 2  # once in each report's panel
    # 2025年部门支出预算总表, 合计 row: 91,016,775.35 = 24,606,775.35 basic + 66,410,000.00 project
    panel = rendered[rendered.index('id="r-2025-budget-department"'):]
    assert "24,606,775.35 元" in panel and "66,410,000 元" in panel


@needs_chromium
@needs_corpus
def test_department_over_the_years_in_chromium(corpus_ui, tmp_path):
    url = corpus_ui + "/department?name=" + Q("江苏省人大常委会办公厅")
    rendered = dom(tmp_path, url)
    # 支出总计 per year from each year's 收支预算总表 (万元): 13,649.07, 15,897.44, 18,330.37
    for figure in ("136,490,700 元", "158,974,400 元", "183,303,700 元"):
        assert figure in rendered
    assert "<svg" in rendered and ">2017<" in rendered and ">2019<" in rendered
    shot = screenshot(tmp_path, url, "department.png", 1500)
    assert shot.stat().st_size > 10_000
    report = corpus_ui + "/id/report/" + Q("上海市普陀区人民政府办公室") + "/2025/budget"
    assert "91,016,775.35 元" in dom(tmp_path, report)
    assert screenshot(tmp_path, corpus_ui + "/department?name=" + Q("上海市普陀区人民政府办公室"),
                      "department-2025.png", 1500).stat().st_size > 10_000


@needs_chromium
@needs_corpus
def test_check_page_uploads_a_pdf_through_the_file_input(ui, tmp_path):
    """/check in Chromium: a PDF chosen in the form's file input, the findings page comes back."""
    from tests.cdp import Page

    pdf = CORPUS / "regions" / "2026年长春市信访局部门预算.pdf"
    page = Page(CHROMIUM, FLAGS, str(tmp_path / "profile"), ui + "/check")
    try:
        page.wait_for("document.readyState === 'complete' && !!document.querySelector('input[type=file]')")
        root = page.call("DOM.getDocument")["root"]["nodeId"]
        node = page.call("DOM.querySelector", nodeId=root, selector="input[type=file]")["nodeId"]
        page.call("DOM.setFileInputFiles", files=[str(pdf)], nodeId=node)
        page.evaluate("document.querySelector('form[action=\"/check\"]').submit()")
        page.wait_for("document.body && document.body.innerText.includes('children-sum')")
        text = page.evaluate("document.body.innerText")
        # page 11: 301 工资福利支出 printed 911.21 over items adding to 920.96 (万元)
        assert "长春市信访局" in text and "911.21" in text and "920.96" in text
        assert page.evaluate("document.querySelectorAll('a[href^=\"/check/pdf/\"]').length") >= 2
        page.call("Emulation.setDeviceMetricsOverride", width=1280, height=900, deviceScaleFactor=1, mobile=False)
        shot = (DOCS if os.environ.get("BUDGETKG_SCREENSHOTS") == "docs" else tmp_path) / "check.png"
        shot.write_bytes(base64.b64decode(page.call("Page.captureScreenshot", format="png")["data"]))
        assert shot.stat().st_size > 10_000
    finally:
        page.close()


@needs_chromium
def test_department_pictures_render_in_chromium(ui, tmp_path):
    url = ui + "/department?name=" + Q("中共乌鲁木齐市委员会组织部") + "#pictures"
    rendered = dom(tmp_path, url)
    assert "chart-budget-final" in rendered and "chart-shares" in rendered and "76.43 %" in rendered
    from tests.cdp import Page

    page = Page(CHROMIUM, FLAGS, str(tmp_path / "profile"), url)
    try:
        page.call("Emulation.setDeviceMetricsOverride", width=1280, height=1150, deviceScaleFactor=1, mobile=False)
        page.wait_for("document.readyState === 'complete' && !!document.getElementById('pictures')")
        page.evaluate("document.getElementById('pictures').scrollIntoView()")
        shot = (DOCS if os.environ.get("BUDGETKG_SCREENSHOTS") == "docs" else tmp_path) / "department-pictures.png"
        shot.write_bytes(base64.b64decode(page.call("Page.captureScreenshot", format="png")["data"]))
    finally:
        page.close()
    assert shot.stat().st_size > 10_000
