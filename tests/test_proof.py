"""The proof of a reading (budgetkg/parse/proof.py): figures are stored only from tables whose own
arithmetic closes; a table that closes but for one or two rows gives those rows as the document's
errors; any other is not stored, with one notice, and no error finding comes from it.

Expected figures are read from the rendered pages of the corpus, never from the program."""
from __future__ import annotations

from decimal import Decimal

import pytest

from budgetkg.check.read import read_report
from budgetkg.model.report import ProofStatus, Row, RowRole, SourceRef, Table, TableKind
from budgetkg.parse.proof import verdict
from budgetkg.text.amounts import to_amount

from .corpus import corpus_path

REGIONS = "regions"
WIDE_PDF = "wide/pdf"


def _row(i: int, label: str, code: str | None = None, role: RowRole = RowRole.LINE, **amounts: str) -> Row:
    return Row(index=i, label=label, code=code, role=role, source=SourceRef("t", i + 1),
               amounts={k: to_amount(Decimal(v).quantize(Decimal("0.01")) if "." not in v else Decimal(v), "万元")
                        for k, v in amounts.items()})


def _table(*rows: Row, columns=("total", "basic", "project")) -> Table:
    return Table(kind=TableKind.EXPENDITURE, title="支出总表", source=SourceRef("t", 1), columns=columns, rows=rows)


def test_a_table_whose_sums_close_is_verified():
    t = _table(_row(0, "合计", role=RowRole.TOTAL, total="30", basic="20", project="10"),
               _row(1, "一般公共服务支出", "201", total="30", basic="20", project="10"),
               _row(2, "人大事务", "20101", total="30", basic="20", project="10"))
    assert verdict(t).status is ProofStatus.VERIFIED


def test_sums_that_miss_only_by_the_printed_rounding_close():
    t = _table(_row(0, "合计", role=RowRole.TOTAL, total="10.01", basic="3.33", project="6.67"),
               _row(1, "一般公共服务支出", "201", total="10.00", basic="3.33", project="6.67"))
    assert verdict(t).status is ProofStatus.VERIFIED


def test_a_column_pattern_off_is_a_misread_not_the_documents_error():
    # every row's parts fall short by the same missing column: the header was misread
    rows = [_row(0, "合计", role=RowRole.TOTAL, total="100", basic="50", project="20")]
    rows += [_row(i, f"类{i}", f"20{i}", total="25", basic="12.5", project="5") for i in range(1, 5)]
    proof = verdict(_table(*rows))
    assert proof.status is ProofStatus.UNREAD and "total = basic + project" in proof.reason


def test_one_row_off_in_a_table_that_otherwise_closes_is_the_documents_error():
    rows = [_row(0, "合计", role=RowRole.TOTAL, total="100", basic="60", project="40"),
            _row(1, "一般公共服务支出", "201", total="50", basic="30", project="20"),
            _row(2, "人大事务", "20101", total="50", basic="30", project="20"),
            _row(3, "教育支出", "205", total="50", basic="30", project="21"),  # 30 + 21 ≠ 50
            _row(4, "普通教育", "20502", total="50", basic="30", project="20")]
    proof = verdict(_table(*rows))
    assert proof.status is ProofStatus.DOCUMENT_ERRORS and 3 in proof.rows_off


@pytest.fixture(scope="module")
def changchun():
    return read_report(corpus_path(REGIONS) / "2026年长春市信访局部门预算.pdf")


def test_real_document_errors_are_kept_and_reported(changchun):
    # page 11 (预算表6): 301 工资福利支出 is printed 911.21 and its nine rows add up to 920.96;
    # 302 商品和服务支出 is printed 211.00 and its fourteen rows add up to 221.37
    table = changchun.table(TableKind.BASIC_ECONOMIC)
    assert table.proof.status is ProofStatus.DOCUMENT_ERRORS
    rows = {r.code: r for r in table.rows}
    assert rows["301"].amounts["total"].printed == Decimal("911.21")
    errors = {(f.check, f.expected, f.found) for f in changchun.findings if f.severity == "error"}
    assert ("children-sum", "9112100", "9209600") in errors
    assert ("children-sum", "2110000", "2213700") in errors


def test_a_table_read_with_a_wrong_header_is_not_stored():
    # huz_czj_2026_budget.pdf page 20 prints 合计 | 人员经费 | 公用经费 | 项目支出 …, with no 基本支出
    # column: read as 合计 | 基本 | 项目 its rows do not add up (合计 6,838.41 ≠ 4,944.99 + 626.67)
    rows = [_row(0, "合计", role=RowRole.TOTAL, total="6838.41", basic="4944.99", project="626.67"),
            _row(1, "一般公共服务支出", "201", total="5356.01", basic="3478.23", project="611.02"),
            _row(2, "财政事务", "20106", total="5356.01", basic="3478.23", project="611.02"),
            _row(3, "行政运行", "2010601", total="3685.65", basic="3102.63", project="583.02"),
            _row(4, "事业运行", "2010650", total="403.61", basic="375.61", project="28.00")]
    proof = verdict(_table(*rows))
    assert proof.status is ProofStatus.UNREAD and "total = basic + project" in proof.reason


def test_a_table_that_closes_alone_but_not_against_the_summary_is_not_stored():
    # sz_tjj_2026_budget.pdf page 19 prints 支出总计 5,417.80 and 201 3,478.72 万元; its 政府采购 小计
    # column (94.28; 201: 94.28, 2010501: 8.00, 2010505: 86.28, 205: 0.00) closes on its own: read as
    # the total it is refused against the summary's classes, and nothing of it is stored
    from budgetkg.parse.context import ParseContext
    from budgetkg.parse.proof import prove_tables
    report = read_report(corpus_path(WIDE_PDF) / "sz_tjj_2026_budget.pdf")
    misread = Table(kind=TableKind.EXPENDITURE, title="支出总表", source=SourceRef("sz", 1, page=19),
                    columns=("total",), rows=(
                        _row(0, "深圳市统计局（本级）", role=RowRole.TOTAL, total="94.28"),
                        _row(1, "一般公共服务支出", "201", total="94.28"),
                        _row(2, "统计信息事务", "20105", total="94.28"),
                        _row(3, "行政运行", "2010501", total="8.00"),
                        _row(4, "专项统计业务", "2010505", total="86.28"),
                        _row(5, "教育支出", "205", total="0.00"),
                        _row(6, "进修及培训", "20508", total="0.00")))
    assert verdict(misread).status is ProofStatus.VERIFIED  # alone it closes
    others = [t for t in report.tables if t.kind is not TableKind.EXPENDITURE]
    printed_total = {"expenditure": to_amount(Decimal("5417.80"), "万元")}  # the summary's 支出总计
    proved = prove_tables([*others, misread], printed_total, ParseContext("sz"))
    table = next(t for t in proved if t.kind is TableKind.EXPENDITURE)
    assert table.proof.status is ProofStatus.UNREAD and table.rows == ()


def test_shenzhen_expenditure_page_read_by_its_budget_unit_header_stores_the_printed_201():
    # sz_tjj_2026_budget.pdf page 19 prints 201 3,478.72 万元; the 预算单位 header row was taken for
    # the line above the table and the 政府采购 小计 column (94.28) read as the total; read by its
    # header now, no 201 figure but the page's 3,478.72 is stored
    report = read_report(corpus_path(WIDE_PDF) / "sz_tjj_2026_budget.pdf")
    table = report.table(TableKind.EXPENDITURE)
    assert table.source.page == 19
    assert (table.proof.status is ProofStatus.UNREAD and table.rows == ()) or \
        next(r for r in table.rows if r.code == "201").amounts["total"].printed == Decimal("3478.72")
    stored_201 = {r.amounts["total"].printed for t in report.tables for r in t.rows
                  if r.code == "201" and "total" in r.amounts}
    assert stored_201 <= {Decimal("3478.72")}


def test_no_error_finding_comes_from_a_table_that_was_not_verified(corpus_reports):
    for report in corpus_reports:
        proven = {t.kind.value for t in report.tables if t.proof is None or t.proof.proven}
        kinds = {k.value for k in TableKind}
        for f in report.findings:
            if f.severity == "error" and f.table in kinds:
                assert f.table in proven, (report.source_name, f.check, f.message)


def test_every_table_not_stored_is_named_once_with_its_page(corpus_reports):
    for report in corpus_reports:
        for t in report.tables:
            if t.proof is not None and not t.proof.proven:
                assert t.rows == ()
                said = [f for f in report.findings if f.check == "table-unproven" and f.row == t.title
                        and f.source == t.source]
                assert len(said) == 1, (report.source_name, t.title)


def test_every_proof_status_is_a_skos_concept_and_back():
    import pyoxigraph as ox

    from budgetkg.config import ONTOLOGY_DIR
    store = ox.Store()
    store.load(path=str(ONTOLOGY_DIR / "codes" / "proof.ttl"), format=ox.RdfFormat.TURTLE)
    notations = {q.object.value for q in store.quads_for_pattern(
        None, ox.NamedNode("http://www.w3.org/2004/02/skos/core#notation"), None)}
    assert notations == {s.value for s in ProofStatus}


def test_a_tables_proof_is_in_its_graph():
    from budgetkg.load.pipeline import report_quads
    report = read_report(corpus_path(REGIONS) / "2026年长春市信访局部门预算.pdf")
    _, quads = report_quads(report, "https://example.org/")
    status = {q.object.value for q in quads if q.predicate.value.endswith("#proofStatus")}
    assert "https://w3id.org/budgetkg/codes/proof/verified-with-errors" in status
    assert "https://w3id.org/budgetkg/codes/proof/verified" in status


def test_a_computed_figure_is_labelled_derived_with_the_figures_it_comes_from():
    # huz_czj_2026_budget.pdf page 20 prints 人员经费 and 公用经费 but no 基本支出 column: the basic
    # figure stored for a row is their sum, labelled derived and linked to the two printed figures
    from budgetkg.load.pipeline import report_quads
    report = read_report(corpus_path(WIDE_PDF) / "huz_czj_2026_budget.pdf")
    table = report.table(TableKind.EXPENDITURE)
    assert table.derived == {"basic": ("personnel", "public")}
    _, quads = report_quads(report, "https://example.org/")
    derived = {q.subject.value for q in quads if q.predicate.value.endswith("#derived")}
    assert derived and all(s.endswith("/basic") for s in derived)
    sources = {q.object.value.rsplit("/", 1)[1] for q in quads
               if q.predicate.value.endswith("wasDerivedFrom") and q.subject.value in derived
               and q.object.value.rsplit("/", 1)[0] == q.subject.value.rsplit("/", 1)[0]}  # its row's figures
    assert sources == {"personnel", "public"}
