"""Issue 12: the link stage reads report digests (budgetkg/digest.py), so the shard path links
as ingest does — `ingest --dask` + `budgetkg load` (into a store, or pushed to a Graph Store)
gives the same organisation/series links and series findings as a local ingest of the files."""
from __future__ import annotations

import urllib.request
from pathlib import Path

import pyoxigraph as ox
import pytest
from typer.testing import CliRunner

from budgetkg import Settings, ingest
from budgetkg.check.read import read_report
from budgetkg.cli.main import app
from budgetkg.link.digest import PackedDigests, digest_of, from_json, to_json
from budgetkg.load.store import BudgetStore
from budgetkg.load.workers import InProcess
from tests.corpus import SHARED

from .conftest import SAMPLES

CORPUS = (SHARED / "corpus")
SERIES = CORPUS / "series"
URUMQI_FINAL = CORPUS / "003_1653eecb287bc093.txt"
needs_corpus = pytest.mark.skipif(not SERIES.is_dir(), reason="the real corpus is not on this machine")
LINKS = ("previousYearReport", "nextYearReport", "finalAccountReport", "budgetReport", "continues")
runner = CliRunner()


def _report_quads(path) -> set[str]:
    store = BudgetStore(path, read_only=True)
    try:
        return {str(q) for q in store.quads() if "/report/" in q.graph_name.value}
    finally:
        store.close()


def _links(quads: set[str]) -> set[str]:
    return {q for q in quads if any(f"ontology#{p}>" in q for p in LINKS)}


def _local(files, store) -> set[str]:
    result = ingest(files, Settings.load(store=store), runner=InProcess())
    assert result.written and not result.errors, result.errors
    return _report_quads(store)


def _shards(files, folder: Path) -> Path:
    pytest.importorskip("distributed")
    from budgetkg.load.dask_stage import run_on_dask
    result = run_on_dask(files, Settings.load(store=folder / "unused"), "local", folder, workers=1, processes=False)
    assert result.written and not result.errors, result.errors
    return folder


def test_a_digest_survives_its_json_form_and_packing():
    report = read_report(SAMPLES["004"])
    digest = digest_of(report, frozenset({"x"}))
    again, extra = from_json(to_json(digest, paths=["/a"]))
    assert again == digest and extra == {"paths": ["/a"]}
    packed = PackedDigests()
    packed["g"] = digest
    assert packed["g"] == digest and "g" in packed and "h" not in packed and packed.nbytes() < 20_000


@pytest.fixture(scope="module")
def jiangsu(tmp_path_factory):
    """The Jiangsu series (two departments, three years, two-file publications) ingested locally
    and read on a Dask LocalCluster into shards."""
    tmp = tmp_path_factory.mktemp("jiangsu")
    files = sorted(SERIES.iterdir())
    return tmp, _local(files, tmp / "local"), _shards(files, tmp / "shards")


@needs_corpus
def test_dask_shards_loaded_into_a_store_carry_the_same_links_as_a_local_ingest(jiangsu):
    tmp, local, shards = jiangsu
    result = runner.invoke(app, ["load", str(shards), "--store", str(tmp / "loaded"), "-q"])
    assert result.exit_code == 0, result.output
    loaded = _report_quads(tmp / "loaded")
    assert len([q for q in _links(local) if "previousYearReport" in q]) >= 4  # the series is linked at all
    assert _links(loaded) == _links(local)
    assert loaded == local  # and every other quad: evidence, findings, the graphs themselves


@needs_corpus
def test_shards_loaded_year_by_year_link_against_the_store_as_ingest_does(jiangsu, tmp_path):
    """2017–2018 first, then 2019: the 2019 shards link to the stored 2018 reports, the links going
    into the 2019 graphs — as two local ingests do."""
    from budgetkg.load.shard_load import load_into_store
    from budgetkg.load.shards import read_digests
    _, _, shards = jiangsu
    by_year: dict[bool, list[Path]] = {}
    for shard in read_digests([shards]):
        by_year.setdefault("/2019/" in shard.graph.value, []).append(shard.path)
    files = sorted(SERIES.iterdir())
    early = [f for f in files if "2019" not in f.name]
    _local(early, tmp_path / "local")
    local = _local([f for f in files if f not in early], tmp_path / "local")
    load_into_store(by_year[False], tmp_path / "loaded")
    load_into_store(by_year[True], tmp_path / "loaded")
    assert _report_quads(tmp_path / "loaded") == local


@needs_corpus
def test_shards_pushed_to_a_graph_store_carry_the_links_and_link_against_its_sparql_service(jiangsu, tmp_path):
    from budgetkg.load.shards import read_digests
    from budgetkg.serve.engine import Engine
    _, local, shards = jiangsu
    late = [s.path for s in read_digests([shards]) if "/2019/" in s.graph.value]
    early = [s.path for s in read_digests([shards]) if "/2019/" not in s.graph.value]
    (tmp_path / "server").mkdir()
    engine = Engine(tmp_path / "server", writable=True)
    try:
        base = f"http://127.0.0.1:{engine.port}"
        result = runner.invoke(app, ["load", *map(str, early), "--gsp", base + "/store", "-q"])
        assert result.exit_code == 0 and "among themselves only" in result.output, result.output
        result = runner.invoke(app, ["load", *map(str, late), "--gsp", base + "/store", "--sparql", base + "/query",
                                     "-q"])
        assert result.exit_code == 0 and "among themselves" not in result.output, result.output
        with urllib.request.urlopen(urllib.request.Request(base + "/store", headers={"Accept": "application/n-quads"})) as r:
            pushed = {str(q) for q in ox.parse(r.read(), format=ox.RdfFormat.N_QUADS)
                      if "/report/" in q.graph_name.value}
    finally:
        engine.stop()
    # pushed in two parts, the 2019 links are in the 2019 graphs only; a local ingest of the whole
    # series in one batch writes each link into both graphs
    assert _links(pushed) <= _links(local)
    assert {q for q in _links(local) if "/2019/" in q.rsplit(" ", 1)[-1]} <= _links(pushed)
    assert pushed - _links(local) == local - _links(local)


def _longer_region(src: Path, dst: Path) -> Path:
    """The Urumqi 组织部 final account a year later, its department printed with the longer region
    新疆维吾尔自治区乌鲁木齐市 (the same organisation: the link stage resolves it to the stored one)."""
    text = src.read_text(encoding="utf-8")
    for a, b in (("2024", "2025"), ("2023", "2024"), ("中共乌鲁木齐市委员会组织部", "中共新疆维吾尔自治区乌鲁木齐市委员会组织部"),
                 ("中共乌鲁木齐市委组织部", "中共新疆维吾尔自治区乌鲁木齐市委组织部")):
        text = text.replace(a, b)
    dst.write_text(text, encoding="utf-8")
    return dst


@needs_corpus
def test_a_shard_whose_organisation_is_stored_under_a_shorter_region_is_mapped_again(tmp_path):
    """The rare alias: its graph is written with the stored organisation's IRI, the report read
    again from the file its shard names — the same graph as a local ingest writes."""
    later = _longer_region(URUMQI_FINAL, tmp_path / "urumqi-2025.txt")
    _local([URUMQI_FINAL], tmp_path / "local")
    result = ingest([later], Settings.load(store=tmp_path / "local"), runner=InProcess())
    assert result.written and any("is the stored" in n for n in result.notices)
    local = _report_quads(tmp_path / "local")
    assert any("org/乌鲁木齐市委组织部>" in q and "/2025/" in q for q in local)
    assert not any("新疆维吾尔自治区乌鲁木齐市委组织部>" in q for q in local)
    shards = _shards([later], tmp_path / "shards")
    _local([URUMQI_FINAL], tmp_path / "loaded")
    result = runner.invoke(app, ["load", str(shards), "--store", str(tmp_path / "loaded"), "-q"])
    assert result.exit_code == 0 and "is the stored" in result.output, result.output
    assert _report_quads(tmp_path / "loaded") == local


def _next_year(src: Path, dst: Path) -> Path:
    text = src.read_text(encoding="utf-8")
    dst.parent.mkdir(parents=True, exist_ok=True)
    dst.write_text(text.replace("2024", "2025").replace("2023", "2024"), encoding="utf-8")
    return dst


@needs_corpus
def test_two_files_of_one_name_in_two_folders_are_linked_each_with_its_own_digest(tmp_path):
    """The batch kept each report's digest under its file name: the second 附件1.txt's replaced
    the first's, and the 2024 report was linked as if it were the 2025 one (no series link)."""
    first = tmp_path / "a" / "附件1.txt"
    first.parent.mkdir()
    first.write_bytes(URUMQI_FINAL.read_bytes())
    second = _next_year(URUMQI_FINAL, tmp_path / "b" / "附件1.txt")
    result = ingest([first, second], Settings.load(store=tmp_path / "s"), runner=InProcess())
    assert result.written and not result.errors, result.errors
    links = {q for q in _links(_report_quads(tmp_path / "s")) if "previousYearReport" in q}
    assert {q.split(" ")[0].split("/")[-2] + ">" + q.split(" ")[2].split("/")[-2] for q in links} == {"2025>2024"}


def test_a_shard_whose_digest_line_is_damaged_is_refused_naming_it(tmp_path):
    from budgetkg.load.shards import write_shard
    from budgetkg.load.workers import parse_file
    shards = tmp_path / "shards"
    shard = write_shard(shards, parse_file(str(SAMPLES["004"]), Settings.load().base))
    head, digest, rest = shard.read_bytes().split(b"\n", 2)
    assert digest.startswith(b"# budgetkg-digest {")
    shard.write_bytes(head + b"\n" + digest[:-40] + b"\n" + rest)
    result = runner.invoke(app, ["load", str(shards), "--store", str(tmp_path / "s"), "-q"])
    assert result.exit_code == 2 and f"{shard}:2" in result.output and "digest" in result.output
    assert "Traceback" not in result.output
