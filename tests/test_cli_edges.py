"""One clear line for each wrong input a new user tried (issue 24, point 6): a year typed as
2026年, an unknown --format for `questions`, --store pointed at a folder of the user's own files."""
from __future__ import annotations

from typer.testing import CliRunner

from budgetkg.cli.main import app

from .conftest import SAMPLES


def _run(*args):
    return CliRunner().invoke(app, list(args))


def test_year_written_with_nian_is_understood(sample_store):
    plain = _run("ask", "reports", "--year", "2021", "--store", str(sample_store.path), "-f", "csv")
    nian = _run("ask", "reports", "--year", "2021年", "--store", str(sample_store.path), "-f", "csv")
    assert plain.exit_code == nian.exit_code == 0
    assert plain.stdout == nian.stdout and ",2021," in plain.stdout


def test_a_year_that_is_no_year_is_one_line(sample_store):
    result = _run("ask", "reports", "--year", "twenty", "--store", str(sample_store.path))
    assert result.exit_code != 0
    assert "not a fiscal year: 'twenty'" in result.output and "Traceback" not in result.output


def test_questions_refuses_an_unknown_format():
    result = _run("questions", "-f", "bogus")
    assert result.exit_code != 0 and "unknown output format 'bogus'" in result.output


def test_store_in_a_folder_of_other_files_is_refused(tmp_path):
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    result = _run("ingest", str(SAMPLES["004"]), "--store", str(tmp_path))
    assert result.exit_code != 0 and "holds other files" in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


def test_lang_zh_names_controlled_values_in_chinese(sample_store):
    zh = _run("ask", "reports", "--lang", "zh", "--store", str(sample_store.path), "--wide")
    assert zh.exit_code == 0 and "预算" in zh.stdout and " budget " not in zh.stdout
    units = _run("ask", "units", "--lang", "zh", "--store", str(sample_store.path), "--wide")
    assert "内设机构" in units.stdout and "internal" not in units.stdout
    csv = _run("ask", "units", "--lang", "zh", "--store", str(sample_store.path), "-f", "csv")
    assert ",internal" in csv.stdout  # CSV keeps the values: they are the contract


def test_check_summary_line_in_chinese():
    result = _run("check", str(SAMPLES["000"]), "--lang", "zh")
    assert "预算 —" in result.output and "错误" in result.output and " budget" not in result.output


def test_ctrl_c_during_ingest_says_what_the_store_holds(tmp_path, monkeypatch):
    import budgetkg.load.pipeline as pipeline

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(pipeline, "ingest", interrupted)
    result = _run("ingest", str(SAMPLES["004"]), "--store", str(tmp_path / "s"))
    assert result.exit_code == 130
    assert "interrupted:" in result.output and "holds only reports written completely" in result.output
    assert "Traceback" not in result.output


def test_report_lines_go_through_print_so_the_live_bar_stays_below_them(tmp_path, capsys):
    """While rich's bar is live it redirects sys.stdout above the bar; click's echo wrote beneath it."""
    result = _run("ingest", str(SAMPLES["004"]), "--store", str(tmp_path / "s"))
    assert result.exit_code == 0 and "004_501d641a181fab5a.txt" in result.stdout
