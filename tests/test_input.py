"""Input that cannot be right is refused or flagged with its reason (issue 9).

Expected table lists come from reading data/004: its 目录 (lines 15–23) lists nine
tables, 表一…表八 are printed, and the narrative declares 政府性基金 empty.
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from budgetkg import Settings, ingest, read_report
from budgetkg.cli.main import app
from budgetkg.errors import ParseError, SourceError, StoreError
from budgetkg.load.store import BudgetStore, serving_lock
from budgetkg.sources.read import read_document

from .conftest import SAMPLES

runner = CliRunner()
TEXT_004 = SAMPLES["004"].read_text(encoding="utf-8")


def _write(tmp_path, name: str, text: str):
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def test_report_cut_after_table_4_names_the_missing_tables(tmp_path):
    lines = TEXT_004.split("\n")
    cut = next(i for i, line in enumerate(lines) if line.strip() == "表五：")
    p = _write(tmp_path, "cut.txt", "\n".join(lines[:cut]))
    report = read_report(p)
    missing = {f.table: f for f in report.findings if f.check == "missing-table"}
    assert set(missing) == {"general-public", "basic-economic", "projects", "three-public", "gov-fund"}
    assert missing["three-public"].source.line == 22  # the 目录 entry that lists it
    assert all(f.severity == "warning" for f in missing.values())
    result = runner.invoke(app, ["ingest", str(p), "--store", str(tmp_path / "s")])
    assert result.exit_code == 0
    assert "missing tables: general-public, basic-economic, projects, three-public, gov-fund" in result.output


def test_whole_report_misses_only_the_table_it_declares_empty_without_printing():
    """004 lists 九、政府性基金预算支出情况表 in its 目录 (l.23) and says the table is empty, but prints
    only 表一–表八: the template publishes an empty table as well as explaining it."""
    found = [(f.table, f.source.line, f.severity) for f in read_report(SAMPLES["004"]).findings
             if f.check == "missing-table"]
    assert found == [("gov-fund", 23, "warning")]


def test_report_flattened_to_one_line_is_refused(tmp_path):
    p = _write(tmp_path, "flat.txt", TEXT_004.replace("\n", " "))
    with pytest.raises(SourceError, match="no line structure: line 1 holds") as err:
        read_report(p)
    assert "flat.txt" in err.value.describe()


def test_ten_copies_in_one_file_are_refused(tmp_path):
    p = _write(tmp_path, "ten.txt", "\n".join([TEXT_004] * 10))
    with pytest.raises(ParseError, match=r"holds its tables 10 times.*several reports joined") as err:
        read_report(p)
    second_title = TEXT_004.count("\n") + 1 + TEXT_004.split("\n").index("部门（单位）收支总体情况表") + 1
    assert f"printed again at line {second_title}" in err.value.describe()


def test_classic_mac_line_ends_are_lines(tmp_path):
    p = tmp_path / SAMPLES["004"].name
    p.write_bytes(TEXT_004.replace("\n", "\r").encode("utf-8"))
    assert [t.rows for t in read_report(p).tables] == [t.rows for t in read_report(SAMPLES["004"]).tables]


def test_same_report_under_another_name_is_refused(tmp_path):
    settings = Settings.load(store=tmp_path / "s")
    assert ingest([SAMPLES["004"]], settings).written
    copy = _write(tmp_path, "renamed.txt", TEXT_004)
    result = ingest([copy], settings)
    assert not result.written
    assert "already in the store as " + SAMPLES["004"].name in result.errors[0].describe()
    # the same report with one figure changed is the same department/year/kind: refused too
    edited = _write(tmp_path, "edited.txt", TEXT_004.replace("包联工作经费\t20\t", "包联工作经费\t21\t"))
    result = ingest([edited], settings)
    assert not result.written and "already holds this report as " + SAMPLES["004"].name in result.errors[0].describe()
    # re-ingesting under its own name still replaces it
    assert ingest([SAMPLES["004"]], settings).written


def test_allow_duplicates_stores_one_report_under_two_names_once(tmp_path):
    copy = _write(tmp_path, "renamed.txt", TEXT_004)
    store = str(tmp_path / "s")
    result = runner.invoke(app, ["ingest", str(SAMPLES["004"]), str(copy), "--store", store, "-q"])
    assert result.exit_code == 1 and "--allow-duplicates" in result.output
    result = runner.invoke(app, ["ingest", str(SAMPLES["004"]), str(copy), "--store", store, "-q",
                                 "--allow-duplicates"])
    # the same department/year/kind is one report (its IRI says what it is): stored once, and said so
    assert result.exit_code == 0 and "is the same report as" in result.output
    result = runner.invoke(app, ["ask", "reports", "--store", store, "--format", "csv"])
    assert len(result.output.splitlines()) == 2


def test_same_report_twice_in_one_batch_is_refused(tmp_path):
    copy = _write(tmp_path, "renamed.txt", TEXT_004)
    result = ingest([SAMPLES["004"], copy], Settings.load(store=tmp_path / "s"))
    assert not result.written
    assert [e.file for e in result.errors] == ["renamed.txt"]
    assert "already in this batch as " + SAMPLES["004"].name in result.errors[0].describe()


def test_file_over_the_size_limit_is_refused_before_reading(tmp_path, monkeypatch):
    p = tmp_path / "big.txt"
    p.write_bytes(TEXT_004.encode("utf-8") * 40)  # about 2 MB
    monkeypatch.setattr("budgetkg.check.read.read_document", lambda *a: pytest.fail("the file was read"))
    result = runner.invoke(app, ["ingest", str(p), "--store", str(tmp_path / "s"), "--max-size", "1"])
    assert result.exit_code == 1 and "over the limit of 1 MB" in result.output
    monkeypatch.setenv("BUDGETKG_MAX_SIZE", "1")
    result = ingest([p], Settings.load(store=tmp_path / "s"))
    assert "over the limit" in result.errors[0].describe()


def test_a_device_is_refused_not_read_forever(tmp_path):
    """/dev/zero has size 0 and never ends: it used to be read until memory ran out."""
    result = runner.invoke(app, ["ingest", "/dev/zero", "--store", str(tmp_path / "s")])
    assert result.exit_code == 1 and "/dev/zero: is not a regular file" in result.output


@pytest.mark.parametrize("encoding,bom", [("utf-16-le", b"\xff\xfe"), ("utf-16-be", b"\xfe\xff"),
                                          ("utf-16-le", b""), ("utf-16-be", b"")])
def test_utf16_text_reads_like_utf8(tmp_path, encoding, bom):
    p = tmp_path / SAMPLES["004"].name
    p.write_bytes(bom + TEXT_004.encode(encoding))
    doc = read_document(p)
    assert doc.encoding == encoding
    assert doc.lines == read_document(SAMPLES["004"]).lines


def test_nul_byte_is_named_with_offset_and_line(tmp_path):
    data = TEXT_004.encode("utf-8")
    third = data.index(b"\n", data.index(b"\n") + 1) + 1  # start of line 3
    p = tmp_path / "nul.txt"
    p.write_bytes(data[:third + 2] + b"\x00" + data[third + 2:])
    with pytest.raises(SourceError) as err:
        read_document(p)
    assert f"NUL byte at byte offset {third + 2}" in err.value.describe()
    assert err.value.line == 3


def test_ingest_and_remove_refuse_while_served(tmp_path):
    store = tmp_path / "s"
    assert ingest([SAMPLES["004"]], Settings.load(store=store)).written
    with serving_lock(store):
        with pytest.raises(StoreError, match=rf"served by budgetkg serve \(pid {os.getpid()}\); stop it first"):
            ingest([SAMPLES["000"]], Settings.load(store=store))
        result = runner.invoke(app, ["remove", SAMPLES["004"].name, "--store", str(store)])
        assert result.exit_code == 2 and "stop it first" in result.output
        BudgetStore(store, read_only=True)  # readers are welcome
    with BudgetStore(store), pytest.raises(StoreError, match="writing the store"), serving_lock(store):
        pass  # a writer holds it: serve refuses
    assert ingest([SAMPLES["000"]], Settings.load(store=store)).written  # free again


def test_same_misread_department_with_other_totals_is_not_a_duplicate(tmp_path):
    """Two reports whose department name is misread alike are not one report if totals differ."""
    from dataclasses import replace
    from decimal import Decimal

    from budgetkg.check.integrity import DuplicateGuard
    report = read_report(SAMPLES["004"])
    other = replace(report, source_name="other.txt", sha256="0" * 64,
                    totals=tuple(replace(t, amount=replace(t.amount, yuan=t.amount.yuan + Decimal(1)))
                                 for t in report.totals))
    guard = DuplicateGuard()
    guard.check(report)
    guard.check(other)  # not refused
    with pytest.raises(ParseError, match="already holds this report"):
        guard.check(replace(report, source_name="third.txt", sha256="1" * 64))


CORPUS_TEMPLATE = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "pdf" / "附件2：部门决算模板.pdf"


@pytest.mark.skipif(not CORPUS_TEMPLATE.is_file(), reason="the shared corpus is not beside the checkout")
def test_blank_national_template_is_refused_not_stored_as_an_organisation(tmp_path):
    """The corpus's blank final-account template prints its department as 上海市XX局 (p.1) and
    every table cell empty; it used to be stored as a report of a department 上海市XX局."""
    with pytest.raises(ParseError, match="a blank template, not a report: the department is printed as 上海市XX局"):
        read_report(CORPUS_TEMPLATE)


def test_placeholder_department_with_figures_is_still_a_report(tmp_path):
    """A filled-in report that left XX in its department name is a slip to flag, not a template."""
    p = _write(tmp_path, "xx.txt", TEXT_004.replace("水磨沟区人民政府办公室", "水磨沟区XX办公室"))
    report = read_report(p)
    assert "XX" in report.department.name and report.tables
    assert any(f.check == "placeholder-name" for f in report.findings)
