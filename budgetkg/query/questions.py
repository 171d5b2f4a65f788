"""Stage 7: canned questions — SPARQL files in ``queries/`` with a metadata header.

Header lines (``# key: value``) give ``title@zh``, ``title@en``, ``description@zh``,
``description@en``, ``columns`` (the CSV header), one ``param NAME: type | zh | en``
per parameter, and ``ask@zh`` / ``ask@en``: the words by which a question typed in Chinese or
English names this one (comma-separated; :mod:`budgetkg.query.understand` reads them).
Parameters are bound safely: each query carries
``VALUES (?p_department ?p_year) { (UNDEF UNDEF) }``; the values are replaced by RDF
terms that pyoxigraph serialises (and escapes) — user text is never pasted into the
query string.

Speed on large stores: the parameter lines of a question sit in a block between
``# begin reports`` and ``# end reports``. :func:`prepare` resolves the parameters first —
two small lookups over the reports' search labels (``bkg:searchLabel``, see
:func:`budgetkg.text.names.search_labels`) and fiscal years, :func:`resolve_reports` — and puts
``VALUES ?report { … }`` in place of the block, so the question starts from those reports
instead of testing every report of the store. :func:`bind` keeps the block (same answers,
one query, slower on a large store). A question that reads several reports together (a
department over years, budget against final account, departments side by side) says
``# reports: across`` in its header: its department is resolved to every report of the
organisations it names (:func:`resolve_organisation_reports`; ``# department: list`` for a
comma-separated list), every reports block of the query gets them, and its year stays a
filter with the meaning the question gives it. ``# order: col, …`` sorts the answer
after the query (:func:`ordered`), for questions whose every row is returned (``reports``).

Writing a question that stays fast (Oxigraph's planner joins greedily, starting from the
smallest pattern, and evaluates an OPTIONAL whose body is more than one pattern by hashing that
body over the whole store): after the block, the required patterns, those of one report inside
``GRAPH ?report { … }`` (a resource shared by many reports, like a policy document, is
otherwise found once per graph); then the OPTIONALs — one pattern each, or
``LATERAL { OPTIONAL { … } }`` (SPARQL 1.2 SEP-0006) for several, so they are looked up for each
row found; BINDs and FILTERs last. A small ``VALUES`` (a list of table kinds) is where the
planner starts, reading every table of those kinds in the store: use ``FILTER(?x IN (…))``.
"""
from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pyoxigraph as ox

from budgetkg.config import QUERIES_DIR, query_text, read_query
from budgetkg.errors import QueryError
from budgetkg.load.summary_index import REPORTS_BLOCK_RE, bind_reports
from budgetkg.query.sparql_guard import check_sparql
from budgetkg.rdf.terms import term_text
from budgetkg.text.names import search_form

_HEADER_RE = re.compile(r"^#\s*([\w@]+(?:\s+\w+)?)\s*:\s*(.*)$")
_VALUES_RE = re.compile(r"VALUES\s*\(([^)]*)\)\s*\{\s*\(([^)]*)\)\s*\}")
#: How a parameter's text is put in the form the store compares it in (bkg:searchLabel holds
#: department names in search form, so the user's text is put in the same form).
_NORMALISE: dict[str, Callable[[str], str]] = {"department": search_form}


@dataclass(frozen=True)
class Parameter:
    name: str
    type: str  # "text" | "integer"
    label_zh: str
    label_en: str


@dataclass(frozen=True)
class Question:
    """A canned question: metadata and SPARQL text."""

    name: str
    title_zh: str
    title_en: str
    description_zh: str
    description_en: str
    columns: tuple[str, ...]
    parameters: tuple[Parameter, ...]
    sparql: str
    path: Path
    #: ``# reports: across`` — the question reads several reports of a department together (years,
    #: budget against final account, several departments), so its parameters are not resolved to
    #: one set of reports first; it runs as one query with its parameter filters
    across: bool = False
    #: ``# order: col, …`` — the answer is sorted by these columns here, after the query, instead of
    #: by the engine (sorting 10,000 report rows took the engine 0.6 s, Python 10 ms)
    order: tuple[str, ...] = ()
    #: ``# department: list`` — the department parameter names several departments, comma-separated
    department_list: bool = False
    #: ``# ask@zh`` and ``# ask@en`` — words that name this question in a question typed in words
    keywords: tuple[str, ...] = ()
    #: ``# summary: per report`` — asked of the whole store (no parameter), the question is answered
    #: from its rows per report kept beside the store at ingest (:mod:`budgetkg.load.summary_index`)
    summary: bool = False


@dataclass(frozen=True)
class Answer:
    """Rows of plain strings (exact decimals, empty for no value) under ``columns``."""

    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


def parse_question(path: Path) -> Question:
    """Read a ``.rq`` file and its header."""
    text = path.read_text(encoding="utf-8")
    meta: dict[str, str] = {}
    params = []
    for line in text.splitlines():
        m = _HEADER_RE.match(line)
        if not m:
            continue
        key, value = m.group(1), m.group(2).strip()
        if key.startswith("param "):
            kind, _, labels = value.partition("|")
            zh, _, en = labels.partition("|")
            params.append(Parameter(key.split()[1], kind.strip(), zh.strip(), en.strip()))
        else:
            meta[key] = value
    missing = [k for k in ("title@zh", "title@en", "description@zh", "description@en", "columns")
               if k not in meta]
    if missing:
        raise QueryError(f"the question file lacks header lines: {', '.join(missing)}", file=str(path))
    return Question(name=path.stem, title_zh=meta["title@zh"], title_en=meta["title@en"],
                    description_zh=meta["description@zh"], description_en=meta["description@en"],
                    columns=tuple(c.strip() for c in meta["columns"].split(",")),
                    parameters=tuple(params), sparql=text, path=path,
                    across=meta.get("reports", "").strip() == "across",
                    order=tuple(c.strip() for c in meta.get("order", "").split(",") if c.strip()),
                    department_list=meta.get("department", "").strip() == "list",
                    summary=meta.get("summary", "").strip() == "per report",
                    keywords=tuple(w.strip() for key in ("ask@zh", "ask@en")
                                   for w in meta.get(key, "").replace("，", ",").split(",") if w.strip()))


@cache
def _load_all(directory: str) -> dict[str, Question]:
    return {p.stem: parse_question(p) for p in sorted(Path(directory).glob("*.rq"))}


def list_questions(directory: Path = QUERIES_DIR) -> list[Question]:
    """Every canned question, sorted by name."""
    return list(_load_all(str(directory)).values())


def get_question(name: str, directory: Path = QUERIES_DIR) -> Question:
    """The question ``name``; raises QueryError listing the known names."""
    questions = _load_all(str(directory))
    if name not in questions:
        raise QueryError(f"no canned question named {name!r}",
                         hint="known: " + ", ".join(sorted(questions)))
    return questions[name]


def _term(param: Parameter, value) -> ox.Literal:
    if param.type == "integer":
        try:
            return ox.Literal(str(int(value)), datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer"))
        except (TypeError, ValueError):
            raise QueryError(f"parameter {param.name} must be a whole number, got {value!r}") from None
    text = str(value)
    if len(text) > 500:
        raise QueryError(f"parameter {param.name} is too long")
    return ox.Literal(_NORMALISE.get(param.name, str)(text))


def bind(question: Question, values: dict[str, object]) -> str:
    """The question's SPARQL with parameter values bound in its VALUES clauses (every clause: a
    question across reports repeats it inside the subqueries that read the reports)."""
    known = _check_names(question, values)

    def clause(m: re.Match) -> str:
        variables = [v.strip().lstrip("?") for v in m.group(1).split()]
        terms = []
        for var in variables:
            name = var[2:] if var.startswith("p_") else var
            value = values.get(name)
            terms.append("UNDEF" if value is None else str(_term(known[name], value)))
        return f"VALUES ({m.group(1)}) {{ ({' '.join(terms)}) }}"

    return _VALUES_RE.sub(clause, question.sparql)


def _check_names(question: Question, values: dict[str, object]) -> dict[str, Parameter]:
    known = {p.name: p for p in question.parameters}
    unknown = [k for k, v in values.items() if v is not None and k not in known]
    if unknown:
        raise QueryError(f"question {question.name!r} takes no parameter {', '.join(unknown)}",
                         hint="takes: " + (", ".join(known) or "none"))
    return known


#: At most this many names in a ``# department: list`` parameter (the questions' filters split as many).
MAX_DEPARTMENTS = 8
#: The one column of the lookup queries :func:`prepare` runs through its ``select`` callback.
LOOKUP_COLUMN = "value"
#: (the lookup queries of queries/questions/ name their one column ?value: keep the two in step)
_LABELS_QUERY = read_query("questions/search-labels.rq")


def labels_query() -> str:
    """The lookup of every distinct department search label of the store (column ``value``)."""
    return _LABELS_QUERY


#: Given department texts (search form), the distinct search labels of the store holding one of them
#: as a part: :func:`store_label_matcher` (the store's label index), or a scan (:func:`scan_labels`).
LabelMatcher = Callable[[list[str]], list[str]]


def scan_labels(select: Callable[[str], Iterable[str]]) -> LabelMatcher:
    """A :data:`LabelMatcher` that scans every distinct search label of the store ``select`` reads
    (one SPARQL scan of one property: for a store without a label index, e.g. behind ``serve``)."""
    return lambda texts: sorted({label for label in select(_LABELS_QUERY) if any(t in label for t in texts)})


def store_label_matcher(store) -> LabelMatcher | None:
    """A :data:`LabelMatcher` over the label index of an open store (synced first if the store was
    written since: :func:`budgetkg.load.label_index.in_step`), or None without one."""
    from budgetkg.load.label_index import in_step, matching_labels
    path = in_step(store)
    return None if path is None else (lambda texts: matching_labels(path, texts))


def resolve_reports(select: Callable[[str], Iterable[str]], department: str | None = None,
                    year: int | None = None, labels: LabelMatcher | None = None) -> list[str] | None:
    """The IRIs of the reports a department text and/or year select, or None when neither is given.

    The department matches as a part of any of a report's search labels (its department's
    printed and alternative names and their short forms, normalised the same way as the text).
    Two cheap lookups instead of a test of every label of every report inside the engine: the
    distinct search labels (one scan of one property; the years of a department share their
    labels), matched here (or ``labels``: the store's label index); then the reports holding a
    matching label — and the year — by indexed equality. ``select`` runs a SELECT and returns the values of its ``?value`` column.
    """
    params = [Parameter("department", "text", "", ""), Parameter("year", "integer", "", "")]
    yr = None if year is None else _term(params[1], year)
    if department is None and yr is None:
        return None
    # in the report's own graph: a bkg:ClassTotal has a fiscal year too, and is no report
    lines = []
    if department is not None:
        text = _term(params[0], department).value
        found = (labels or scan_labels(select))([text])
        if not found:
            return []
        terms = " ".join(str(ox.Literal(label)) for label in found)
        lines.append(query_text("questions/department-pattern.rq", labels=terms))
    if yr is not None:
        lines.append(query_text("questions/year-pattern.rq", year=str(yr)))
    query = query_text("questions/reports.rq", patterns="\n  ".join(lines))
    return sorted(set(select(query)))


def department_texts(question: Question, department: str) -> list[str]:
    """The department parameter in search form; for a ``# department: list`` question, its names
    split at commas (, or ，), up to :data:`MAX_DEPARTMENTS`, blanks dropped — as the question's
    own filter splits them when run as one query."""
    text = _term(Parameter("department", "text", "", ""), department).value
    if not question.department_list:
        return [text]
    parts = text.replace("，", ",").split(",")[:MAX_DEPARTMENTS]
    return [p.strip() for p in parts if p.strip()]


def resolve_organisation_reports(select: Callable[[str], Iterable[str]], texts: list[str],
                                 labels: LabelMatcher | None = None) -> list[str]:
    """The IRIs of every report of the organisations one of whose reports has a search label
    holding one of ``texts``: a department over all its years, whatever spelling each report
    printed. The matching labels are found as in :func:`resolve_reports`, then their reports'
    organisations and those organisations' reports by indexed equality."""
    found = (labels or scan_labels(select))(texts)
    if not found:
        return []
    terms = " ".join(str(ox.Literal(label)) for label in found)
    query = query_text("questions/organisation-reports.rq", labels=terms)
    return sorted(set(select(query)))


def prepare(question: Question, values: dict[str, object],
            select: Callable[[str], Iterable[str]], labels: LabelMatcher | None = None) -> str | None:
    """The question's SPARQL bound to the reports its parameters select, or None when none does.

    ``select`` runs a SELECT and returns the values of its ``?value`` column (:data:`LOOKUP_COLUMN`;
    over a store, see :func:`ask`; over a SPARQL endpoint in ``serve``); ``labels`` matches a
    department text to the store's search labels (default: a scan through ``select``). Without parameters, or
    for a question without a reports block, this is :func:`bind`. A question across reports
    (``# reports: across``) resolves its department alone, to every report of the organisations
    it names (:func:`resolve_organisation_reports`); its year keeps the meaning the question gives
    it (the later year of a change, a year a project appears in) and stays a filter.
    """
    _check_names(question, values)
    sparql = bind(question, values)
    if REPORTS_BLOCK_RE.search(sparql) is None:
        return sparql
    if question.across:
        department = values.get("department")
        reports = None if department is None else resolve_organisation_reports(
            select, department_texts(question, department), labels)
    else:
        reports = resolve_reports(select, values.get("department"), values.get("year"), labels)
    if reports is None:
        return sparql
    if not reports:
        return None
    return bind_reports(sparql, reports)


def run_query(store, sparql: str, *, guard: bool = True):
    """Run any SPARQL query over the store; raises QueryError for malformed or failing SPARQL.

    SERVICE is refused first (:func:`budgetkg.query.sparql_guard.check_sparql`, the rule the server
    applies too): pyoxigraph would otherwise call any URL the query names. ``guard=False`` is
    for the canned questions only: their text is shipped with budgetkg, user values enter them
    only as escaped literals and store IRIs, and the guard's SPARQL 1.1 parser does not read the
    ``LATERAL`` joins (SPARQL 1.2 SEP-0006, which Oxigraph evaluates) they use for speed.
    """
    if guard:
        check_sparql(sparql)
    try:
        return store.query(sparql)
    except SyntaxError as exc:
        raise QueryError(f"malformed SPARQL: {exc}") from None
    except (OSError, RuntimeError, ValueError) as exc:
        raise QueryError(f"the query failed: {exc}") from None


def solutions_answer(result, columns: tuple[str, ...] | None = None) -> Answer:
    """SELECT results as an :class:`Answer` of plain strings."""
    if not isinstance(result, ox.QuerySolutions):
        raise QueryError("this is not a SELECT query", hint="use `budgetkg query` for ASK/CONSTRUCT")
    names = columns or tuple(v.value for v in result.variables)
    rows = tuple(tuple(term_text(sol[n]) for n in names) for sol in result)
    return Answer(columns=names, rows=rows)


def run_select(store, sparql: str, columns: tuple[str, ...] | None = None, *, guard: bool = True) -> Answer:
    """Run a SELECT over the store and return its rows as plain strings."""
    return solutions_answer(run_query(store, sparql, guard=guard), columns)


def ask(store, name: str, **params) -> Answer:
    """Answer canned question ``name`` with parameters such as department="组织部", year=2021."""
    q = get_question(name)
    if _SUMMARY_CLASS_FIGURE in q.sparql:
        _refuse_without_class_figures(store)
    def select(lookup: str) -> list[str]:
        return [sol[LOOKUP_COLUMN].value for sol in run_query(store, lookup, guard=False)]

    if q.summary and all(v is None for v in params.values()):
        summarised = summary_answer(store, q)
        if summarised is not None:
            if not summarised.rows:
                _refuse_unsummarised(store)
            return ordered(q, summarised)
    labels = store_label_matcher(store) if params.get("department") is not None else None
    sparql = prepare(q, params, select, labels)
    if sparql is None:
        _refuse_unmatched(q, params, select)
    answer = Answer(columns=q.columns, rows=()) if sparql is None else run_select(store, sparql, q.columns, guard=False)
    if not answer.rows:
        _refuse_unsummarised(store)
    return ordered(q, answer)


def summary_answer(store, question: Question) -> Answer | None:
    """A ``# summary: per report`` question over the whole store, read from the store's summary
    index (synced first if the store was written since: :func:`budgetkg.load.summary_index.in_step`)
    — the rows its SPARQL gives, in its order; None without the index (the caller runs the SPARQL)."""
    from budgetkg.load.summary_index import answer_rows, in_step
    path = in_step(store)
    if path is None:
        return None
    try:
        return Answer(question.columns, answer_rows(path, question.name))
    except sqlite3.Error:
        return None


def _refuse_unmatched(question: Question, params: dict, select: Callable[[str], Iterable[str]]) -> None:
    """A department filter that matches no department of the store says so, with the store's
    nearest names (an empty table would read as "this department has none")."""
    from budgetkg.text.matching import nearest_names

    department = params.get("department")
    if department is None:
        return
    labels = list(select(_LABELS_QUERY))
    if not labels:  # an empty store, or one written before search labels (said by the caller)
        return
    for text in department_texts(question, str(department)):
        if not any(text in label for label in labels):
            near = nearest_names(text, labels)
            raise QueryError(f"no department in the store matches {text!r}",
                             hint=("nearest: " + ", ".join(near)) if near else
                             "`budgetkg ask reports` lists the stored departments")


def ordered(question: Question, answer: Answer) -> Answer:
    """The answer sorted by the question's ``# order:`` columns (as text, as SPARQL orders plain
    literals), or as it is."""
    if not question.order:
        return answer
    idx = [answer.columns.index(c) for c in question.order]
    return Answer(answer.columns, tuple(sorted(answer.rows, key=lambda r: tuple(r[i] for i in idx))))


def _refuse_unsummarised(store) -> None:
    """An empty answer from a store written before reports carried their summary (search labels,
    department label, totals) would be silently wrong: say so instead. Two ASKs that stop at the
    first match: reports, but not one search label."""
    if (run_query(store, read_query("questions/any-report.rq"), guard=False)
            and not run_query(store, read_query("questions/any-search-label.rq"), guard=False)):
        raise QueryError("the store holds reports written by an older budgetkg, without the summary "
                         "the questions look up", hint="`budgetkg remove` them and ingest them again")


_SUMMARY_CLASS_FIGURE = "bkg:ClassFigure"


def _refuse_without_class_figures(store) -> None:
    """A question reading the reports' class figures (``bkg:ClassFigure``) over a store written
    before reports carried them would leave every class out, silently: say so instead. A report
    with class totals (``bkg:ClassTotal``, from a 3-digit row of its expenditure table) always has
    class figures too, so class totals without any class figure mark such a store. Two ASKs that
    stop at the first match."""
    if (run_query(store, read_query("questions/any-class-total.rq"), guard=False)
            and not run_query(store, read_query("questions/any-class-figure.rq"), guard=False)):
        raise QueryError("the store holds reports written by an older budgetkg, without the class "
                         "figures this question reads", hint="`budgetkg remove` them and ingest them again")
