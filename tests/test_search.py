"""Issue 24, point 3: full-text search over every stored report — hits on their printed page and
line (read from the rendered pages), words jieba cuts apart, entities (indicators, policies), and
an index kept in step with the store: remove, re-ingest, a store loaded from shards, a lost index.

Expected texts are read from the rendered pages: 北京市统计局 2026 预算 p.7 opens with
"（三）公务用车购置和运行维护费。2026 年预算数 27.42" and cites 《中华人民共和国统计法》 under 政策依据;
西安市统计局 2026 预算 p.9 prints "…现代农业园区、乡村振兴等统计监测…" on the second line of the
paragraph of 12、农村社会经济统计处 (the paragraph starts a line above).
"""
from __future__ import annotations

import csv
import io
import sqlite3
import urllib.parse

import pytest
from typer.testing import CliRunner

from budgetkg import Settings, ingest
from budgetkg.cli.main import app as cli
from budgetkg.config import DEFAULT_BASE
from budgetkg.load.search_index import index_path, store_select
from budgetkg.load.store import BudgetStore
from budgetkg.load.workers import InProcess
from budgetkg.query.search import search
from tests.corpus import corpus_path

runner = CliRunner()


def _files():
    folder = corpus_path("wide", "pdf")
    return [folder / "bj_tjj_2026_budget.pdf", folder / "xa_tjj_2026_budget.pdf"]


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    path = tmp_path_factory.mktemp("search") / "store"
    result = ingest(_files(), Settings.load(store=path), runner=InProcess())
    assert result.written and not result.errors, result.errors
    return path


def find(path, query, **kw):
    with BudgetStore(path, read_only=True) as s:
        return search(path, query, store_select(s), limit=kw.pop("limit", 200), **kw)


def test_ingest_builds_the_index_beside_the_store(store):
    assert index_path(store).is_file() and index_path(store).parent == store


def test_a_phrase_is_found_on_its_printed_page_and_line(store):
    hits, _ = find(store, "公务用车", department="北京市统计局")
    first = next(h for h in hits if "购置和运行维护费" in h.text and h.kind == "narrative")
    assert (first.source, first.page, first.line) == ("bj_tjj_2026_budget.pdf", 7, 122)
    assert first.snippet().startswith("（三）【公务用车】购置和运行维护费。2026年预算数27.42万元")
    assert first.year == 2026 and first.department == "北京市统计局"


def test_a_word_on_a_wrapped_line_is_given_that_line_not_the_paragraphs_first(store):
    hits, _ = find(store, "乡村振兴", department="西安市统计局")
    hit = next(h for h in hits if "现代农业园区、乡村振兴等统计监测" in h.text)
    assert (hit.page, hit.line, hit.kind) == (9, 116, "overview")


def test_words_jieba_cuts_apart_and_two_character_words_are_found(store):
    # "乡村全面振兴" holds 乡村振兴's words, not the string: found by the words, marked word by word
    hits, _ = find(store, "乡村振兴", department="西安市统计局")
    apart = next(h for h in hits if "乡村全面振兴" in h.text)
    assert "【乡村】全面【振兴】" in apart.snippet()
    for word in ("培训", "公务用车", "数字化"):  # one jieba word each: every hit holds it whole
        found, total = find(store, word)
        assert total == len(found) and all(word in h.text for h in found)
    assert find(store, "培训")[1] > 5 and find(store, "公务用车")[1] >= 4


def test_indicators_and_policy_documents_are_hits_with_their_entity(store):
    hits, _ = find(store, "统计法", department="北京市统计局")
    policy = next(h for h in hits if h.kind == "policy")
    assert "中华人民共和国统计法" in policy.text and "/policy/" in policy.entity and policy.page == 7
    indicators, _ = find(store, "培训", department="西安市统计局")
    assert any(h.kind == "indicator" and "/indicator/" in h.entity for h in indicators)


def test_filters_and_a_query_of_nothing(store):
    assert find(store, "公务用车", year=2025)[1] == 0
    assert {h.department for h in find(store, "公务用车", department="西安")[0]} == {"西安市统计局"}
    from budgetkg.errors import QueryError
    with pytest.raises(QueryError):
        find(store, " ，。 ")


def test_cli_prints_the_hits_as_csv_and_says_when_nothing_is_found(store):
    result = runner.invoke(cli, ["search", "公务用车", "-d", "北京市统计局", "-f", "csv", "--store", str(store)])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert any((r["source"], r["page"], r["line"], r["kind"]) == ("bj_tjj_2026_budget.pdf", "7", "122", "narrative")
               and "[公务用车]购置和运行维护费" in r["match"] for r in rows)
    none = runner.invoke(cli, ["search", "不存在的词语组合", "--store", str(store), "--lang", "zh"])
    assert none.exit_code == 0 and "未找到" in none.output
    bad = runner.invoke(cli, ["search", "培训", "--year", "明年", "--store", str(store)])
    assert bad.exit_code == 2 and "--year" in bad.output and "Traceback" not in bad.output


def _hit_count(path, query):
    with sqlite3.connect(index_path(path)) as conn:
        return conn.execute("SELECT count(*) FROM hits").fetchone()[0], find(path, query)[1]


def test_remove_drops_a_reports_hits_and_ingesting_it_again_brings_them_back_once(tmp_path):
    path = tmp_path / "store"
    assert ingest(_files()[1:], Settings.load(store=path), runner=InProcess()).written
    before = _hit_count(path, "乡村振兴")
    assert before[1] > 0
    assert runner.invoke(cli, ["remove", "xa_tjj_2026_budget.pdf", "--store", str(path)]).exit_code == 0
    assert _hit_count(path, "乡村振兴") == (0, 0)
    assert ingest(_files()[1:], Settings.load(store=path), runner=InProcess()).written
    assert ingest(_files()[1:], Settings.load(store=path), runner=InProcess()).written  # the same file again
    assert _hit_count(path, "乡村振兴") == before


def test_a_lost_or_stale_index_is_rebuilt_at_the_first_search(store, tmp_path):
    import shutil
    copy = tmp_path / "copy"
    shutil.copytree(store, copy, ignore=shutil.ignore_patterns("budgetkg.lock", "search.sqlite"))
    assert not index_path(copy).exists()
    assert find(copy, "公务用车")[1] == find(store, "公务用车")[1] > 0


def test_a_store_loaded_from_shards_is_searchable(tmp_path):
    pytest.importorskip("distributed")
    from budgetkg.load.dask_stage import run_on_dask
    shards = tmp_path / "shards"
    result = run_on_dask(_files()[1:], Settings.load(store=tmp_path / "unused"), "local", shards, workers=1,
                         processes=False)
    assert result.written and not result.errors
    loaded = tmp_path / "loaded"
    assert runner.invoke(cli, ["load", str(shards), "--store", str(loaded), "-q"]).exit_code == 0
    index_path(loaded).unlink()  # as a store loaded by a version without the index: indexed at first search
    hits, _ = find(loaded, "乡村振兴")
    assert any((h.page, h.line) == (9, 116) for h in hits)


def test_the_search_page_links_each_hit_to_its_report_and_entity(store):
    from budgetkg.serve.app import App, ServeConfig, handle
    from budgetkg.serve.engine import Engine
    from budgetkg.serve.web import Request
    with Engine(store) as engine:
        app = App(ServeConfig(endpoint=engine.url, base=DEFAULT_BASE, engine=engine))

        def get(target):
            response = handle(app, Request.build("GET", target, {"Accept": "text/html"}))
            return response.status, response.body.decode("utf-8")

        status, home = get("/")
        assert status == 200 and "action='/search'" in home
        status, page = get("/search?q=" + urllib.parse.quote("统计法") + "&department="
                           + urllib.parse.quote("北京市统计局"))
        assert status == 200 and "<mark>统计法</mark>" in page
        assert "href='/id/report/" in page and "/policy/" in page and "p.7" in page
        assert get("/search?q=x&year=abc")[0] == 400
        assert get("/search")[0] == 200
