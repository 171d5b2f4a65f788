"""The command line: thin commands, readable errors, exit codes."""
from __future__ import annotations

import json

from typer.testing import CliRunner

from budgetkg.cli.main import app

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
    assert lines[0] == "source,code,name,total,basic,project,derived"  # derived: none in these (all printed)
    assert f"{SAMPLES['000'].name},2013201,行政运行,4855800,4855800,," in lines
    assert f"{SAMPLES['003'].name},2069999,其他科学技术支出,46900,,," in lines
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
    assert "name-mismatch" in result.output  # 表二 codes 2010309 the row 表三 codes 2010399


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


def test_export_to_a_missing_folder_or_a_folder_is_a_message(tmp_path):
    store = str(tmp_path / "s")
    runner.invoke(app, ["ingest", str(SAMPLES["004"]), "--store", store, "-q"])
    result = runner.invoke(app, ["export", "-o", str(tmp_path / "nope" / "kg.ttl"), "--store", store])
    assert result.exit_code == 2 and "does not exist" in result.output and result.exception.__class__ is SystemExit
    result = runner.invoke(app, ["export", "-o", str(tmp_path), "--store", store])
    assert result.exit_code == 2 and "is a folder" in result.output
    assert not list(tmp_path.glob(".*.part"))


def test_base_with_a_space_or_not_absolute_is_a_message(tmp_path):
    for base in ["https://example.org/my budget/", "example.org/budget/", "https:///budget/"]:
        result = runner.invoke(app, ["ingest", str(SAMPLES["004"]), "--store", str(tmp_path / "s"),
                                     "--base", base])
        assert result.exit_code == 2 and "base IRI" in result.output, base
        assert not isinstance(result.exception, ValueError)


def test_full_disk_reports_the_real_error_not_the_flush_after_it(tmp_path, monkeypatch):
    """A full disk used to be hidden by a second error from flush() in a finally block."""
    import pyoxigraph as ox

    from budgetkg.load.store import BudgetStore
    store = tmp_path / "s"
    runner.invoke(app, ["ingest", str(SAMPLES["004"]), "--store", str(store), "-q"])

    class FullDisk:
        def __init__(self, inner):
            self.inner = inner

        def extend(self, quads):
            for _ in quads:
                raise OSError(28, "No space left on device")

        def bulk_load(self, *a, **k):  # the streamed write (budgetkg.load.bulk)
            raise OSError(28, "No space left on device")

        def flush(self):
            raise OSError("flush failed after the disk filled up")

        def __getattr__(self, name):
            return getattr(self.inner, name)

        def __contains__(self, item):
            return item in self.inner

    original = BudgetStore.__init__

    def full_disk_init(self, *a, **k):
        original(self, *a, **k)
        if isinstance(self.store, ox.Store) and not self.read_only:
            self.store = FullDisk(self.store)

    monkeypatch.setattr(BudgetStore, "__init__", full_disk_init)
    result = runner.invoke(app, ["ingest", str(SAMPLES["004"]), "--store", str(store), "-q"])
    assert result.exit_code == 2
    assert "No space left on device" in result.output and "flush failed" not in result.output
    monkeypatch.undo()
    result = runner.invoke(app, ["ask", "reports", "--store", str(store), "--format", "csv"])
    assert result.exit_code == 0 and len(result.output.splitlines()) == 2  # the old report, once


def test_repair_and_remove_of_several_reports(tmp_path):
    store = str(tmp_path / "s")
    runner.invoke(app, ["ingest", str(SAMPLES["004"]), str(SAMPLES["001"]), "--store", store, "-q"])
    result = runner.invoke(app, ["repair", "--store", store])
    assert result.exit_code == 0 and "consistent" in result.output
    result = runner.invoke(app, ["remove", SAMPLES["004"].name, "nope.txt", "--store", store])
    assert result.exit_code == 2 and "not in the store: nope.txt; nothing was removed" in result.output
    result = runner.invoke(app, ["remove", SAMPLES["004"].name, SAMPLES["001"].name, "--store", store])
    assert result.exit_code == 0
    result = runner.invoke(app, ["ask", "reports", "--store", store, "--format", "csv"])
    assert result.output.splitlines() == ["source,department,year,kind,total_income,total_expenditure"]


def test_store_that_is_a_file_or_not_a_store(tmp_path):
    f = tmp_path / "file"
    f.write_text("x", encoding="utf-8")
    for args in (["ask", "reports"], ["ingest", str(SAMPLES["004"])]):
        result = runner.invoke(app, [*args, "--store", str(f)])
        assert result.exit_code == 2 and "is a file, not a store folder" in result.output
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "notes.txt").write_text("x", encoding="utf-8")
    result = runner.invoke(app, ["ask", "reports", "--store", str(tmp_path / "other")])
    assert result.exit_code == 2 and "not a budgetkg store" in result.output


def test_ingest_refuses_while_budgetkg_serve_runs(tmp_path):
    """README said ingest cannot write while serve holds the store; it could, and the server
    kept answering from its old snapshot."""
    import signal
    import socket
    import subprocess
    import sys

    store = str(tmp_path / "s")
    runner.invoke(app, ["ingest", str(SAMPLES["004"]), "--store", store, "-q"])
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen([sys.executable, "-m", "budgetkg.cli.main", "serve", "--store", store, "--port", str(port)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert "budgetkg serving" in server.stdout.readline()
        result = runner.invoke(app, ["ingest", str(SAMPLES["001"]), "--store", store, "-q"])
        assert result.exit_code == 2
        assert f"served by budgetkg serve (pid {server.pid}); stop it first" in result.output
        result = runner.invoke(app, ["remove", SAMPLES["004"].name, "--store", store])
        assert result.exit_code == 2 and "stop it first" in result.output
    finally:
        server.send_signal(signal.SIGINT)  # like Ctrl-C: serve stops its engine too
        server.wait(timeout=20)
    result = runner.invoke(app, ["ingest", str(SAMPLES["001"]), "--store", store, "-q"])
    assert result.exit_code == 0, result.output


def test_light_commands_do_not_import_the_nlp_pipeline():
    """`version`, `questions` and `ask` start fast: spaCy and the parsers load only for reading."""
    import subprocess
    import sys
    code = ("import sys, budgetkg.cli.main; from budgetkg.query.questions import list_questions; list_questions(); "
            "print(any(m == 'spacy' or m.startswith('spacy.') for m in sys.modules), "
            "'budgetkg.load.pipeline' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "False"]


def test_ask_help_lists_the_questions():
    result = runner.invoke(app, ["ask", "--help"])
    assert result.exit_code == 0
    assert "three-public" in result.output and "Three public expenses" in result.output
