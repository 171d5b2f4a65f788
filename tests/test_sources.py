"""Reading files: encodings, and clear errors for what is not a report."""
from __future__ import annotations

import pytest

from budgetkg import read_report
from budgetkg.errors import SourceError
from budgetkg.sources.read import discover_reports, read_document

from .conftest import SAMPLES


def test_missing_file(tmp_path):
    with pytest.raises(SourceError, match="no such file") as err:
        read_document(tmp_path / "nope.txt")
    assert "nope.txt" in err.value.describe()


def test_empty_file(tmp_path):
    p = tmp_path / "empty.txt"
    p.write_text("  \n\n", encoding="utf-8")
    with pytest.raises(SourceError, match="empty") as err:
        read_document(p)
    assert "empty.txt" in err.value.describe()


def test_binary_file(tmp_path):
    p = tmp_path / "image.txt"
    p.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    with pytest.raises(SourceError, match="binary"):
        read_document(p)


def test_gbk_report_reads_like_utf8(tmp_path):
    original = SAMPLES["004"]
    p = tmp_path / original.name
    p.write_bytes(original.read_text(encoding="utf-8").encode("gbk"))
    doc = read_document(p)
    assert doc.encoding == "gb18030"
    a, b = read_report(original), read_report(p)
    assert a.department == b.department
    assert [t.rows for t in a.tables] == [t.rows for t in b.tables]


def test_html_fragments_are_removed_but_angle_brackets_in_names_stay(tmp_path):
    p = tmp_path / "x.txt"
    p.write_text("<p>中共某区委员会组织部（某区<新市区>公务员局）</p>\t<br/>1.00\n", encoding="utf-8")
    text = read_document(p).lines[0].text
    assert "<p>" not in text and "<br/>" not in text
    assert "<新市区>" in text


def test_folder_without_reports(tmp_path):
    (tmp_path / "notes.csv").write_text("a,b\n", encoding="utf-8")
    with pytest.raises(SourceError, match=r"no \.txt, \.md or \.pdf"):
        discover_reports([tmp_path])


def test_text_that_is_not_a_report(tmp_path):
    from budgetkg.errors import ParseError
    p = tmp_path / "novel.txt"
    p.write_text("第一章 春\n天气很好，我们去了公园。\n", encoding="utf-8")
    with pytest.raises(ParseError, match="does not look like") as err:
        read_report(p)
    assert "novel.txt" in err.value.describe()


def test_layout_variants_give_the_same_rows(tmp_path):
    """CRLF line ends, no 表X numbers and a Markdown copy read like the original."""
    original = read_report(SAMPLES["000"])
    text = SAMPLES["000"].read_text(encoding="utf-8")
    import re
    variant = re.sub(r"(?m)^表[一二三四五六七八九]：\s*$", "", text).replace("\n", "\r\n")
    p = tmp_path / "variant.md"
    p.write_text(variant, encoding="utf-8")
    again = read_report(p)
    assert [(t.kind, [(r.code, r.label, dict(r.amounts)) for r in t.rows]) for t in again.tables] == \
        [(t.kind, [(r.code, r.label, dict(r.amounts)) for r in t.rows]) for t in original.tables]
