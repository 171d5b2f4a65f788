"""``page-break-repeat``: the last line of a page printed again at the top of the next (issue 23)."""
from __future__ import annotations

from dataclasses import replace
from itertools import pairwise

from budgetkg.check import run_checks
from budgetkg.check.context import CheckInput
from budgetkg.check.page_breaks import page_break_repeats
from budgetkg.parse.report import parse_segments
from budgetkg.segment.blocks import segment
from budgetkg.sources.document import Document
from budgetkg.sources.read import read_document
from budgetkg.text.names import squash

from .corpus import corpus_path

REPORT = corpus_path("regions") / "2026年长春市信访局部门预算.pdf"


def _prose_break(doc: Document) -> int:
    """Index of the first prose line that is the last line of its page, followed by prose."""
    lines = doc.lines
    for i, (a, b) in enumerate(pairwise(lines)):
        if a.page and b.page == a.page + 1 and not a.is_row and len(squash(a.text)) >= 12 and "。" in a.text:
            return i
    raise AssertionError("no prose line at a page break")


def _findings(doc: Document) -> list:
    seg = segment(doc)
    inp = CheckInput(parse_segments(seg), seg)
    page_break_repeats(inp)
    return inp.findings


def test_a_clean_report_has_no_line_repeated_across_a_page_break():
    assert _findings(read_document(REPORT)) == []


def test_the_foot_line_pasted_again_on_the_next_page_is_found():
    doc = read_document(REPORT)
    i = _prose_break(doc)
    foot, head = doc.lines[i], doc.lines[i + 1]
    pasted = replace(foot, no=head.no, page=head.page)
    lines = (*doc.lines[:i + 1], pasted, *(replace(ln, no=ln.no + 1) for ln in doc.lines[i + 1:]))
    found = _findings(replace(doc, lines=lines))
    assert [(f.check, f.source.page, f.source.line) for f in found] == [("page-break-repeat", head.page, head.no)]
    assert squash(foot.text)[:20] in found[0].quote


def test_the_check_runs_with_the_others():
    doc = read_document(REPORT)
    seg = segment(doc)
    assert not [f for f in run_checks(parse_segments(seg), seg) if f.check == "page-break-repeat"]
