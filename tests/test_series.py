"""Organisations across reports (budgetkg/resolve.py), series links (budgetkg/series.py) and the
questions over time. Expected figures were read from the reports (pdftotext -layout of the
Jiangsu 收支预算总表 / 支出预算总表 pages, the Urumqi final account's text), never from output."""
from __future__ import annotations

from dataclasses import replace

import pyoxigraph as ox
import pytest

from budgetkg import Settings, ingest
from budgetkg.check.read import read_report
from budgetkg.config import DEFAULT_BASE
from budgetkg.link.resolve import Rule, resolve_name
from budgetkg.load.series import link
from budgetkg.load.store import BudgetStore
from budgetkg.model.report import Organization, ReportKind, TableKind
from budgetkg.query.questions import ask
from budgetkg.rdf.iris import Minter
from budgetkg.rdf.mapping import map_report
from budgetkg.text.names import org_key, project_key, region_prefix
from tests.corpus import SHARED

CORPUS = (SHARED / "corpus")
needs_corpus = pytest.mark.skipif(not (CORPUS / "series").is_dir(), reason="the real corpus is not on this machine")
PUTUO = CORPUS / "pdf" / "上海市普陀区人民政府办公室25年预算.pdf"
PUTUO_UNIT = CORPUS / "pdf" / "上海市普陀区人民政府办公室单位25年预算.pdf"
URUMQI_FINAL = CORPUS / "003_1653eecb287bc093.txt"
PUTUO_FINAL = CORPUS / "pdf" / "中共上海市普陀区委社会工作部 2024 年度部门决算.pdf"
ORG = DEFAULT_BASE + "org/"
PREFIX = "PREFIX bkg: <https://w3id.org/budgetkg/ontology#> PREFIX org: <http://www.w3.org/ns/org#> " \
         "PREFIX skos: <http://www.w3.org/2004/02/skos/core#> "


# ------------------------------------------------------------------ names and regions

def test_region_is_read_from_the_names_structure():
    assert region_prefix("上海市普陀区人民政府办公室") == "上海市普陀区"
    assert region_prefix("泉州市公安局") == "泉州市"            # not 泉州 (州 followed by 市)
    assert region_prefix("泉州市公安局台商投资区分局") == "泉州市"  # a 分局's area is no region
    assert region_prefix("上海市城市管理行政执法局") == "上海市"    # 城 is no place stem
    assert region_prefix("中国共产党江苏省委员会办公厅") == "江苏省"
    assert region_prefix("高新区（新市区）人力资源和社会保障局") == "高新区（新市区）"
    assert region_prefix("上海交通职业技术学院") == ""
    assert region_prefix("上海市2026年市级单位预算") == "上海市"


def test_name_variants_give_one_key():
    assert org_key("中国共产党江苏省委员会办公厅") == org_key("中共江苏省委办公厅") == "江苏省委办公厅"
    assert org_key("江苏省人民代表大会常务委员会办公厅") == org_key("江苏省人大常委会办公厅")
    assert org_key("长春市信访局（本级）") == org_key("长春市信访局") == org_key("长春市信访局本级")
    assert org_key("上海市财务会计综合管理事务中心（上海市财政科学研究所）") == "上海市财务会计综合管理事务中心"
    assert org_key("中共乌鲁木齐市委员会组织部") == org_key("中共乌鲁木齐市委组织部")


def test_same_name_in_two_regions_is_two_organisations():
    """Every district has a 财政局: a name without a region takes its report's region."""
    a, b = resolve_name("财政局", "上海市普陀区"), resolve_name("财政局", "上海市静安区")
    assert a.key != b.key and a.rule is b.rule is Rule.REGION_OF_REPORT
    assert resolve_name("财政局", None).key == "财政局"           # no region anywhere: unqualified
    minter = Minter(DEFAULT_BASE)
    assert minter.organization("气象台", "重庆市") == ORG + "重庆市气象台"


def test_project_names_compare_without_their_year():
    assert project_key("2024年党员干部现代远程教育及管理经费") == project_key("2025年 党员干部现代远程教育及管理经费")
    assert project_key("“两委”任职培训") == project_key("两委任职培训")


# ------------------------------------------------------------------ the real series

@pytest.fixture(scope="module")
def series_store(tmp_path_factory) -> BudgetStore:
    path = tmp_path_factory.mktemp("series")
    result = ingest([CORPUS / "series", PUTUO, PUTUO_UNIT, URUMQI_FINAL, PUTUO_FINAL], Settings.load(store=path))
    assert result.written and not result.errors
    return BudgetStore(path, read_only=True)


def _rows(store, sparql):
    return [tuple(t.value if t is not None else None for t in row) for row in store.query(PREFIX + sparql)]


@needs_corpus
def test_two_jiangsu_departments_resolve_to_two_organisations_with_three_years(series_store):
    rows = _rows(series_store, """
        SELECT ?org (GROUP_CONCAT(DISTINCT STR(?y); separator=" ") AS ?years) WHERE {
          ?r a bkg:Report ; bkg:department ?org ; bkg:fiscalYear ?y . FILTER(CONTAINS(STR(?org), "江苏"))
        } GROUP BY ?org""")
    years = {org: sorted(ys.split()) for org, ys in rows}
    assert years == {ORG + "江苏省委办公厅": ["2017", "2018", "2019"],
                     ORG + "江苏省人大常委会办公厅": ["2017", "2018", "2019"]}
    # the 2017 report prints 中国共产党江苏省委员会办公厅, the later ones 中共江苏省委办公厅: both are labels
    query = f"SELECT DISTINCT ?l WHERE {{ <{ORG}江苏省委办公厅> skos:prefLabel|skos:altLabel ?l }}"
    labels = {r[0] for r in _rows(series_store, query)}
    assert {"中国共产党江苏省委员会办公厅", "中共江苏省委办公厅", "江苏省委办公厅"} <= labels
    # and the evidence says which report printed which name, by which rule
    evidence = set(_rows(series_store, f"""SELECT ?name ?rule ?report WHERE {{ ?e a bkg:NameResolution ;
        bkg:resolvedTo <{ORG}江苏省委办公厅> ; bkg:printedName ?name ; bkg:resolutionRule ?rule ;
        <http://www.w3.org/ns/prov#wasDerivedFrom> ?report }}"""))
    assert {(n, rule) for n, rule, _ in evidence} >= {("中国共产党江苏省委员会办公厅", "region-in-name"),
                                                      ("中共江苏省委办公厅", "region-in-name")}
    assert len({r for *_, r in evidence}) == 3


@needs_corpus
def test_years_of_one_department_are_linked(series_store):
    links = set(_rows(series_store, """SELECT ?a ?b WHERE { ?a bkg:previousYearReport ?b .
        ?a bkg:fiscalYear ?ya . ?b bkg:fiscalYear ?yb . ?a bkg:department ?o . ?b bkg:department ?o2 .
        FILTER(?o = ?o2) }"""))
    years = sorted((a.split("/")[-2], b.split("/")[-2], a.split("/")[-3]) for a, b in links)
    assert years == [("2018", "2017", "中共江苏省委办公厅"), ("2018", "2017", "江苏省人大常委会办公厅"),
                     ("2019", "2018", "中共江苏省委办公厅"), ("2019", "2018", "江苏省人大常委会办公厅")]


@needs_corpus
def test_putuo_department_budget_and_its_unit_budget_resolve_to_one_department(series_store):
    dept = ORG + "上海市普陀区人民政府办公室"
    rows = _rows(series_store, """SELECT ?r ?org ?scope WHERE { ?r bkg:department ?org ; bkg:scope ?scope .
        FILTER(CONTAINS(STR(?org), "普陀区人民政府办公室")) }""")
    assert sorted((org, scope) for _, org, scope in rows) == [(dept, "department"), (dept, "unit")]
    unit_report = next(r for r, _, scope in rows if scope == "unit")
    # the unit budget is the unit's: the department's own unit (本级), part of the department
    unit = _rows(series_store, f"SELECT ?u WHERE {{ <{unit_report}> bkg:budgetUnit ?u }}")
    assert {u for (u,) in unit} == {dept + "/本级"}
    assert series_store.query(PREFIX + f"ASK {{ <{dept}/本级> a bkg:BudgetUnit ; org:subOrganizationOf <{dept}> . "
                                        f"<{dept}> a bkg:Department }}")
    # the unit it lists (上海市普陀区交流服务中心) is its subordinate unit
    assert series_store.query(PREFIX + f"ASK {{ <{ORG}上海市普陀区交流服务中心> org:subOrganizationOf <{dept}> }}")


def _write(store: BudgetStore, reports, minter: Minter):
    graphs = {ox.NamedNode(minter.report(r)): r for r in reports}
    links = link(store, graphs, minter)
    store.replace_graphs({g: map_report(r, minter)[1] + links.quads.get(g, []) for g, r in graphs.items()})
    return links


@needs_corpus
@pytest.mark.parametrize("together", [True, False])
def test_budget_and_final_account_of_one_department_and_year_are_linked(tmp_path, together):
    """The corpus holds no budget and final account of one department and year, so the budget
    is the real final account read as a budget; linked whether ingested together or one after
    the other (the link is then written with the later one)."""
    final = read_report(URUMQI_FINAL)
    budget = replace(final, kind=ReportKind.BUDGET, sha256="0" * 64, source_name="budget.txt")
    minter = Minter(DEFAULT_BASE)
    with BudgetStore(tmp_path) as store:
        if together:
            _write(store, [budget, final], minter)
        else:
            _write(store, [budget], minter)
            _write(store, [final], minter)
        pairs = set(_rows(store, "SELECT ?b ?f WHERE { ?b bkg:finalAccountReport ?f . ?f bkg:budgetReport ?b }"))
    assert pairs == {(minter.report(budget), minter.report(final))}


@needs_corpus
def test_a_name_with_a_longer_region_joins_the_one_stored_organisation(tmp_path):
    """新疆维吾尔自治区乌鲁木齐市委组织部 is the stored 乌鲁木齐市委组织部 (its region ends with the
    stored one's); a district's 组织部 stays its own organisation."""
    final = read_report(URUMQI_FINAL)
    longer = replace(final, department=Organization("中共新疆维吾尔自治区乌鲁木齐市委员会组织部"), year=2025,
                     sha256="1" * 64, source_name="next.txt")
    other = replace(final, department=Organization("中共乌鲁木齐市水磨沟区委员会组织部"), year=2025,
                    sha256="2" * 64, source_name="other.txt")
    minter = Minter(DEFAULT_BASE)
    with BudgetStore(tmp_path) as store:
        _write(store, [final], minter)
        links = _write(store, [longer, other], minter)
        orgs = {r[0] for r in _rows(store, "SELECT DISTINCT ?o WHERE { ?r bkg:department ?o }")}
        rules = set(_rows(store, "SELECT ?name ?rule WHERE { ?e bkg:printedName ?name ; bkg:resolutionRule ?rule ; "
                                 "bkg:nameRole 'department' }"))
        linked = _rows(store, "SELECT ?a ?b WHERE { ?a bkg:previousYearReport ?b }")
    assert orgs == {ORG + "乌鲁木齐市委组织部", ORG + "乌鲁木齐市水磨沟区委组织部"}
    assert ("中共新疆维吾尔自治区乌鲁木齐市委员会组织部", "region-tail") in rules
    assert linked == [(minter.report(longer), minter.report(final))]
    assert len(links.notices) == 1 and "新疆维吾尔自治区乌鲁木齐市委员会组织部" in links.notices[0]


# ------------------------------------------------------------------ questions over time

@needs_corpus
def test_trend_gives_totals_and_classes_of_each_year(series_store):
    rows = ask(series_store, "trend", department="人大").rows
    got = {(year, code, amount) for _, year, kind, scope, code, _, amount in rows if kind == "budget"}
    expected = {  # 收入总计 and 201/208/221 from each year's 收支预算总表 (万元 × 10000)
        ("2017", "", "136490700"), ("2017", "201", "105283300"), ("2017", "208", "16085100"), ("2017", "221", "15122300"),
        ("2018", "", "158974400"), ("2018", "201", "127062800"), ("2018", "208", "10687800"), ("2018", "221", "21223800"),
        ("2019", "", "183303700"), ("2019", "201", "139077800"), ("2019", "208", "11213900"), ("2019", "221", "33012000"),
    }
    assert got == expected
    assert {r[0] for r in rows} == {"江苏省人大常委会办公厅"}
    office = ask(series_store, "trend", department="中国共产党江苏省委员会办公厅").rows  # the 2017 spelling
    assert {(y, c, a) for _, y, _, _, c, item, a in office if item != "支出总计"} == {
        ("2017", "", "208494500"), ("2017", "201", "169923700"), ("2017", "208", "20003900"), ("2017", "221", "18566900"),
        ("2018", "", "244584300"), ("2018", "201", "201537500"), ("2018", "208", "12895200"), ("2018", "221", "30151600"),
        ("2019", "", "276642200"), ("2019", "201", "223955000"), ("2019", "208", "13746300"), ("2019", "221", "38940900"),
    }


@needs_corpus
def test_top_changes_match_the_changes_the_reports_state(series_store):
    rows = ask(series_store, "top-changes").rows
    by = {(d, y, c): (prev, cur, ch, pct) for d, y, _, c, _, prev, cur, ch, pct in rows}
    # 2018 省委办公厅 report: 社会保障和就业（类）支出 比上年减少 710.87 万元，下降 35.54%
    assert by[("江苏省委办公厅", "2018", "208")] == ("20003900", "12895200", "-7108700", "-35.54")
    # 2019 人大 report: 住房保障（类）支出 比上年增加 1178.82 万元，增长 55.54%
    assert by[("江苏省人大常委会办公厅", "2019", "221")] == ("21223800", "33012000", "11788200", "55.54")
    assert rows[0][:5] == ("江苏省委办公厅", "2018", "budget", "", "收入总计")  # 20849.45 → 24458.43 万元
    changes = [abs(int(r[7])) for r in rows]
    assert changes == sorted(changes, reverse=True)


@needs_corpus
def test_compare_puts_several_departments_side_by_side(series_store):
    rows = ask(series_store, "compare", department="人大， 省委办公厅", year=2019).rows
    assert [(item, d, a) for _, _, _, item, d, a in rows if item in ("收入总计", "住房保障支出")] == [
        ("收入总计", "江苏省人大常委会办公厅", "183303700"), ("收入总计", "江苏省委办公厅", "276642200"),
        ("住房保障支出", "江苏省人大常委会办公厅", "33012000"), ("住房保障支出", "江苏省委办公厅", "38940900")]
    assert {r[4] for r in ask(series_store, "compare", department="普陀区人民政府办公室").rows} == {
        "上海市普陀区人民政府办公室"}  # department reports only: the unit budget is not compared


@needs_corpus
def test_execution_lists_the_budgets_a_final_account_states(series_store):
    rows = ask(series_store, "execution", department="乌鲁木齐市委员会组织部").rows
    # "年初预算数 3,163.77 万元，决算数 2,417.96 万元，预决算差异率-23.57%": executed 76.43 %
    assert ("乌鲁木齐市委组织部", "2024", "财政拨款收入支出", "", "31637700", "24179600", "76.43", "stated") in rows
    # "财政拨款“三公”经费支出全年预算数 8.07 万元，决算数 8.07 万元"
    assert ("乌鲁木齐市委组织部", "2024", "财政拨款“三公”经费支出", "", "80700", "80700", "100", "stated") in rows


@needs_corpus
def test_project_history_of_a_single_year(series_store):
    rows = ask(series_store, "project-history", department="乌鲁木齐市委员会组织部").rows
    by = {r[1]: r for r in rows}
    # 项目支出绩效自评表: 党纪学习教育工作经费 全年执行数 2.82 万元; 组织部工作经费 78.00 万元
    assert by["党纪学习教育工作经费"] == ("乌鲁木齐市委组织部", "党纪学习教育工作经费", "2024", "2024", "1", "28200",
                                   "once", "")
    assert by["组织部工作经费"][5:] == ("780000", "once", "")


@needs_corpus
def test_project_history_over_years(tmp_path):
    """A project that comes back the next year is recurring, one that does not is disappeared,
    one only in the later year is new (the later year is the real report with one project
    taken out and one renamed)."""
    first = read_report(URUMQI_FINAL)
    table = next(t for t in first.tables if t.kind.value == "projects")
    names = [r.project for r in table.rows if r.project]
    kept = tuple(r if r.project != names[1] else replace(r, project="新增项目") for r in table.rows
                 if r.project != names[0])
    later = replace(first, year=2025, sha256="3" * 64, source_name="2025.txt",
                    tables=tuple(replace(t, rows=kept) if t is table else t for t in first.tables),
                    performance=(), projects=())
    minter = Minter(DEFAULT_BASE)
    with BudgetStore(tmp_path) as store:
        _write(store, [first, later], minter)
        rows = ask(store, "project-history").rows
    status = {r[1]: (r[2], r[3], r[4], r[6]) for r in rows}
    assert status[names[0]] == ("2024", "2024", "1", "disappeared")
    assert status[names[1]] == ("2024", "2024", "1", "disappeared")
    assert status["新增项目"] == ("2025", "2025", "1", "new")
    assert status[names[2]] == ("2024", "2025", "2", "recurring")


def _npc(year: int):
    from budgetkg.check.combined import combine_checked as combine_reports
    files = {2018: ["省人大办公厅2018预算公开.pdf"],
             2019: ["江苏省人大常委会2019年度部门预算公开.pdf", "江苏省人大常委会办公厅2019年部门预算公开表.pdf"]}[year]
    [report] = combine_reports([read_report(CORPUS / "series" / f) for f in files])
    return report


@needs_corpus
def test_last_years_figures_a_report_states_agree_with_last_years_report(tmp_path):
    """The 2019 人大 report states each 项's change from 2018 (人大事务（款）行政运行（项）支出 7448.20
    万元，比上年增加 1075.88 万元 …); all agree with the 2018 report. With one 2018 figure altered
    (提租补贴 2210202), that statement is a previous-year-figure finding in the 2019 graph."""
    r2018, r2019 = _npc(2018), _npc(2019)
    minter = Minter(DEFAULT_BASE)
    findings = ("SELECT ?row ?expected ?found WHERE { "
                "?f bkg:check <https://w3id.org/budgetkg/codes/check/previous-year-figure> ; "
                "bkg:rowLabel ?row ; bkg:expected ?expected ; bkg:found ?found }")
    with BudgetStore(tmp_path / "real") as store:
        _write(store, [r2018], minter)
        _write(store, [r2019], minter)
        assert _rows(store, findings) == []
    with BudgetStore(tmp_path / "real-reversed") as store:
        _write(store, [r2019], minter)
        _write(store, [r2018], minter)
        assert _rows(store, findings) == []
    table = r2018.table(TableKind.GENERAL_PUBLIC)
    row = next(r for r in table.rows if r.code == "2210202")
    wrong = replace(row.amounts["total"], yuan=row.amounts["total"].yuan + 1000000,
                    printed=row.amounts["total"].printed + 100)
    altered = replace(table, rows=tuple(replace(r, amounts={**r.amounts, "total": wrong}) if r is row else r
                                        for r in table.rows))
    r2018 = replace(r2018, tables=tuple(altered if t is table else t for t in r2018.tables))
    with BudgetStore(tmp_path / "altered") as store:
        _write(store, [r2018], minter)
        links = _write(store, [r2019], minter)
        got = _rows(store, findings)
    # 提租补贴 2019: 2548.30 万元, 比上年增加 998.48 万元 → 2018: 1549.82 万元 (the 2018 table prints 1549.82)
    assert got == [("住房改革支出（类）提租补贴（项）", "16498200", "15498200")]
    assert not links.notices
    # the other order: the 2019 report stored first, the (altered) 2018 report ingested after it
    with BudgetStore(tmp_path / "reversed") as store:
        _write(store, [r2019], minter)
        _write(store, [r2018], minter)
        got = _rows(store, findings)
        where = _rows(store, "SELECT ?r ?m WHERE { ?f bkg:check <https://w3id.org/budgetkg/codes/check/previous-year-figure> ;"
                             " bkg:report ?r ; <http://www.w3.org/2000/01/rdf-schema#comment> ?m FILTER(LANG(?m) = 'en') }")
    assert got == [("住房改革支出（类）提租补贴（项）", "16498200", "15498200")]
    assert where[0][0] == minter.report(r2018) and where[0][1].startswith("the 2019 report ")


def test_units_without_a_region_are_units_of_their_department():
    """Every 厅 of a province may have a 机关服务中心: each is its own department's unit."""
    from budgetkg.link.resolve import resolve_unit
    office, npc = resolve_name("中共江苏省委办公厅", None), resolve_name("江苏省人大常委会办公厅", None)
    a, b = resolve_unit("机关服务中心", office), resolve_unit("机关服务中心", npc)
    assert a.key == "江苏省委办公厅机关服务中心" and b.key == "江苏省人大常委会办公厅机关服务中心"
    assert a.rule is Rule.UNIT_OF_DEPARTMENT
    listed = resolve_unit("上海市普陀区交流服务中心", resolve_name("上海市普陀区人民政府办公室", None))
    assert listed.key == "上海市普陀区交流服务中心" and listed.rule is Rule.REGION_IN_NAME


@needs_corpus
def test_unit_budget_ingested_before_its_department_budget_is_still_the_departments_unit(tmp_path):
    unit, dept = read_report(PUTUO_UNIT), read_report(PUTUO)
    minter = Minter(DEFAULT_BASE)
    with BudgetStore(tmp_path) as store:
        _write(store, [unit], minter)
        _write(store, [dept], minter)
        rows = set(_rows(store, "SELECT ?r ?d ?u WHERE { ?r bkg:department ?d . OPTIONAL { ?r bkg:budgetUnit ?u } }"))
    office = ORG + "上海市普陀区人民政府办公室"
    assert rows == {(minter.report(unit), office, office + "/本级"), (minter.report(dept), office, None)}



@needs_corpus
def test_a_renamed_project_with_the_same_code_and_policy_continues_last_years(tmp_path):
    """四老金 (2013202) in the Urumqi 组织部 2021 budget cites 乌党发〔2017〕9号 and 乌财行〔2019〕134号;
    the same report as next year's with the project renamed: one project continues the other.
    Four projects of one code citing one notice (水磨沟区 2021, 水财发〔2021〕24号) are not linked."""
    first = read_report(CORPUS / "000_ff4e6f22e69eafef.txt")
    table = next(t for t in first.tables if t.kind is TableKind.PROJECTS)
    renamed = tuple(replace(r, project="四老人员生活补助") if r.project == "四老金" else r for r in table.rows)
    later = replace(first, year=2022, sha256="4" * 64, source_name="2022.txt",
                    tables=tuple(replace(t, rows=renamed) if t is table else t for t in first.tables))
    minter = Minter(DEFAULT_BASE)
    with BudgetStore(tmp_path) as store:
        _write(store, [first], minter)
        _write(store, [later], minter)
        links = set(_rows(store, "SELECT ?a ?b WHERE { ?a bkg:continues ?b }"))
        history = {r[1]: r[6:] for r in ask(store, "project-history").rows}
    dept = minter.organization_key("乌鲁木齐高新技术产业开发区（乌鲁木齐市新市区）委组织部")
    assert links == {(minter.project(dept, "四老人员生活补助"), minter.project(dept, "四老金"))}
    assert history["四老人员生活补助"] == ("new", "四老金") and history["四老金"] == ("disappeared", "")
    office = read_report(CORPUS / "004_501d641a181fab5a.txt")
    from budgetkg.load.series import project_keys
    keys = project_keys(office, "x", minter)
    assert len(keys[("2010302", minter.policy("水财发〔2021〕24号"))]) == 4


@needs_corpus
def test_trend_lists_each_total_once_when_a_report_prints_its_current_year_totals_too(series_store):
    """The Putuo 社会工作部 final account prints 本年支出合计 beside 支出总计 (both 307.82 万元):
    trend and compare list the 总计 once, not every total kind as 支出总计."""
    rows = ask(series_store, "trend", department="社会工作部").rows
    totals = [r for r in rows if r[4] == ""]
    assert [(r[5], r[6]) for r in totals] == [("收入总计", "3078200"), ("支出总计", "3078200")]
    compared = ask(series_store, "compare", department="社会工作部").rows
    assert len(compared) == len(set(compared))


@needs_corpus
def test_series_questions_resolved_first_answer_as_the_single_query(series_store):
    """Issue 12: the questions across reports resolve the department to every report of its
    organisations first; over the series (two spellings of one department, several years) they
    answer as the single query with the parameter filters."""
    from .test_across_questions import assert_resolving_first_answers_as_the_single_query
    assert_resolving_first_answers_as_the_single_query(series_store, (
        {"department": "人大"}, {"department": "中国共产党江苏省委员会办公厅"},
        {"department": "省委办公厅", "year": 2018}, {"department": "人大， 省委办公厅", "year": 2019}))
