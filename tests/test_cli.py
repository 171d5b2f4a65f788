"""The command line: thin commands, readable errors, exit codes."""
from __future__ import annotations

import json

from typer.testing import CliRunner

from budgetkg.cli import app

from .conftest import DATA, SAMPLES

runner = CliRunner()


def test_ingest_ask_export(tmp_path):
    store = str(tmp_path / "s")
    result = runner.invoke(app, ["ingest", str(DATA), "--store", store, "--quiet"])
    assert result.exit_code == 0, result.output
    result = runner.invoke(app, ["ask", "functional", "--department", "组织部", "--format", "csv",
                                 "--store", store])
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0] == "source,code,name,total,basic,project"
    assert f"{SAMPLES['000'].name},2013201,行政运行,4855800,4855800," in lines
    assert f"{SAMPLES['003'].name},2069999,其他科学技术支出,46900,," in lines
    out = tmp_path / "kg.ttl"
    result = runner.invoke(app, ["export", "--format", "turtle", "-o", str(out), "--store", store])
    assert result.exit_code == 0 and out.stat().st_size > 10000
    result = runner.invoke(app, ["export", "--format", "jsonld", "--report", SAMPLES["001"].name,
                                 "--store", store])
    assert result.exit_code == 0
    assert any("政务服务管理局" in json.dumps(node, ensure_ascii=False) for node in json.loads(result.output))


def test_json_output_and_env_store(tmp_path, monkeypatch):
    monkeypatch.setenv("BUDGETKG_STORE", str(tmp_path / "env-store"))
    assert runner.invoke(app, ["ingest", str(SAMPLES["004"]), "-q"]).exit_code == 0
    result = runner.invoke(app, ["ask", "three-public", "--format", "json"])
    assert json.loads(result.output) == [{
        "source": SAMPLES["004"].name, "total": "239800", "overseas": "", "vehicle_purchase": "",
        "vehicle_operation": "239200", "reception": "600"}]


def test_ingest_prints_findings_and_fails_on_unreadable_files(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    result = runner.invoke(app, ["ingest", str(SAMPLES["001"]), str(empty), "--store", str(tmp_path / "s")])
    assert result.exit_code == 1
    assert "empty.txt" in result.output and "empty" in result.output
    assert "nothing was written" in result.output
    result = runner.invoke(app, ["ingest", str(SAMPLES["001"]), "--store", str(tmp_path / "s")])
    assert result.exit_code == 0
    assert "code-sets" in result.output  # 表二 and 表三 disagree on a code


def test_errors_are_one_line_with_exit_code_2(tmp_path):
    store = str(tmp_path / "s")
    runner.invoke(app, ["ingest", str(SAMPLES["004"]), "--store", store, "-q"])
    result = runner.invoke(app, ["ask", "nonsense", "--store", store])
    assert result.exit_code == 2 and "no canned question named 'nonsense'" in result.output
    assert "Traceback" not in result.output
    result = runner.invoke(app, ["query", "SELECT ?x WHERE { ?x ", "--store", store])
    assert result.exit_code == 2 and "malformed SPARQL" in result.output
    result = runner.invoke(app, ["ingest", str(tmp_path / "missing.txt"), "--store", store])
    assert result.exit_code == 2 and "missing.txt" in result.output
    result = runner.invoke(app, ["ask", "reports", "--store", str(tmp_path / "none")])
    assert result.exit_code == 2 and "no store here yet" in result.output


def test_query_and_questions(tmp_path):
    store = str(tmp_path / "s")
    runner.invoke(app, ["ingest", str(SAMPLES["002"]), "--store", store, "-q"])
    result = runner.invoke(app, ["query", "ASK { ?s a <https://w3id.org/budgetkg/ontology#Department> }",
                                 "--store", store])
    assert result.output.strip() == "true"
    result = runner.invoke(app, ["questions"])
    assert result.exit_code == 0
    for name in ("reports", "staffing", "units", "functional", "economic", "projects", "three-public",
                 "findings"):
        assert name in result.output


def test_remove_a_report(tmp_path):
    store = str(tmp_path / "s")
    runner.invoke(app, ["ingest", str(SAMPLES["001"]), str(SAMPLES["004"]), "--store", store, "-q"])
    result = runner.invoke(app, ["remove", SAMPLES["001"].name, "--store", store])
    assert result.exit_code == 0 and "removed" in result.output
    result = runner.invoke(app, ["ask", "reports", "--format", "csv", "--store", store])
    assert SAMPLES["001"].name not in result.output and SAMPLES["004"].name in result.output
    result = runner.invoke(app, ["remove", "nope.txt", "--store", store])
    assert result.exit_code == 2 and "not in the store" in result.output
