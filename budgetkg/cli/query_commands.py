"""The commands that read a store: ``ask`` (a canned question), ``questions`` (the list of them),
``query`` (any SPARQL) and ``export`` (linked data).

Thin: the answers are :mod:`budgetkg.query` (questions, export); here are the options and the
output formats.
"""
from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import typer

from budgetkg.cli.common import (
    BomOpt,
    FormatOpt,
    LangOpt,
    OutputOpt,
    StoreOpt,
    UnitOpt,
    WideOpt,
    handles_errors,
    print_answer,
    view_options,
)
from budgetkg.cli.terminal import year_of
from budgetkg.config import Settings
from budgetkg.errors import BudgetKGError, QueryError
from budgetkg.load.store import BudgetStore
from budgetkg.query.questions import Answer, list_questions, run_query, solutions_answer
from budgetkg.query.questions import ask as ask_question


def questions_epilog() -> str:
    """The canned questions, for `ask --help` (read from queries/, a few milliseconds)."""
    try:
        qs = list_questions()
    except BudgetKGError:  # pragma: no cover - a broken install still shows its help
        return ""
    # "\b" keeps click from re-wrapping the list into one paragraph
    return "Questions:\n\n\b\n" + "\n".join(f"{q.name:28} {q.title_en} / {q.title_zh}" for q in qs)


@handles_errors
def ask(name: str = typer.Argument(..., help="Question name (see `budgetkg questions`), or a question in "
                                                "words: \"北京市统计局2026年三公经费\"."),
        department: str | None = typer.Option(None, "--department", "-d",
                                                 help="Department name or part of it, e.g. 组织部."),
        year: str | None = typer.Option(None, "--year", "-y", help="Fiscal year, e.g. 2021 (or 2021年)."),
        fmt: str = FormatOpt, output: Path | None = OutputOpt, bom: bool = BomOpt,
        store: Path | None = StoreOpt,
        lang: str = LangOpt, unit: str = UnitOpt, wide: bool = WideOpt):
    """Answer a canned question, named or asked in words (中文 or English: how it was understood is
    printed first, on stderr). Amounts are exact decimals in 元 (the table: --unit wan for 万元)."""
    view = view_options(lang, unit, wide)
    fiscal_year = year_of(year)
    settings = Settings.load(store=store)
    bstore = BudgetStore(settings.store, read_only=True)
    if name in {q.name for q in list_questions()} or re.fullmatch(r"[a-z][a-z-]*", name):
        answer, title = ask_question(bstore, name, department=department, year=fiscal_year), name
    else:
        from budgetkg.query.understand import ask_text, describe
        reading, answer = ask_text(bstore, name, department=department, year=fiscal_year)
        typer.echo(describe(reading, zh=view["lang"].value == "zh"), err=True)
        title = reading.question or "answer"
    if view["lang"].value == "zh":  # the findings' messages in Chinese, as check --lang zh says them
        from budgetkg.query.stored_audit import localise_findings
        answer = localise_findings(bstore, answer)
    print_answer(answer, fmt, output=output, bom=bom, title=title, **view)


@handles_errors
def questions(fmt: str = typer.Option("table", "--format", "-f", help="table or json."),
              lang: str = LangOpt, wide: bool = WideOpt):
    """List the canned questions with their parameters and columns."""
    view = view_options(lang, wide=wide)
    if fmt not in ("table", "json"):
        raise QueryError(f"unknown output format {fmt!r}", hint="table or json")
    qs = list_questions()
    if fmt == "json":
        json.dump([{"name": q.name, "title": {"zh": q.title_zh, "en": q.title_en},
                    "description": {"zh": q.description_zh, "en": q.description_en},
                    "parameters": [p.name for p in q.parameters], "columns": list(q.columns)}
                   for q in qs], sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return
    zh = view["lang"].value == "zh"
    rows = tuple((q.name, q.title_zh if zh else q.title_en,
                  " ".join(f"--{p.name}" for p in q.parameters), ", ".join(q.columns),
                  q.description_zh if zh else q.description_en) for q in qs)
    print_answer(Answer(("question", "title", "parameters", "columns", "description"), rows), "table", **view)


@handles_errors
def query(sparql: str = typer.Argument(..., help="SPARQL text, or a path to a .rq file."),
          fmt: str = FormatOpt, output: Path | None = OutputOpt, bom: bool = BomOpt,
          store: Path | None = StoreOpt,
          lang: str = LangOpt, unit: str = UnitOpt, wide: bool = WideOpt):
    """Run any SPARQL query over all reports (the default graph is their union)."""
    view = view_options(lang, unit, wide)
    import pyoxigraph as ox
    path = Path(sparql)
    if sparql.endswith(".rq") or (len(sparql) < 4096 and "\n" not in sparql and path.is_file()):
        if not path.is_file():
            raise QueryError("no such query file", file=sparql)
        sparql = path.read_text(encoding="utf-8")
    settings = Settings.load(store=store)
    result = run_query(BudgetStore(settings.store, read_only=True), sparql)
    try:  # results are computed while they are read: evaluation errors surface here
        if isinstance(result, ox.QueryBoolean):
            typer.echo("true" if bool(result) else "false")
        elif isinstance(result, ox.QueryTriples):
            ox.serialize(list(result), sys.stdout.buffer, ox.RdfFormat.TURTLE)
        else:
            print_answer(solutions_answer(result), fmt, output=output, bom=bom, title="query", **view)
    except (OSError, RuntimeError, ValueError) as exc:
        raise QueryError(f"the query failed: {exc}") from None


@handles_errors
def export(fmt: str = typer.Option("turtle", "--format", "-f",
                                   help="turtle, ntriples, nquads, trig, jsonld or rdfxml; xlsx: each report's "
                                        "tables as printed and its findings, one workbook per report."),
           output: Path | None = typer.Option(None, "--output", "-o",
                                              help="File to write (default: stdout); with xlsx and several "
                                                   "reports, a folder."),
           report: list[str] | None = typer.Option(None, "--report", "-r",
                                                      help="Only this report (its source file name); repeatable."),
           store: Path | None = StoreOpt, lang: str = LangOpt):
    """Export the knowledge graph (or some reports) as linked data, or reports as Excel workbooks."""
    from budgetkg.query.export import check_output_path, export_to_file, report_graphs, resolve_format
    from budgetkg.query.export import export as run_export

    settings = Settings.load(store=store)
    if fmt.lower() in ("xlsx", "excel"):
        _export_xlsx(settings, output, report, view_options(lang)["lang"].value)
        return
    resolve_format(fmt)
    if output:
        check_output_path(output)
    bstore = BudgetStore(settings.store, read_only=True)
    graphs = report_graphs(bstore, report)
    if output:
        n = export_to_file(bstore, fmt, output, graphs)
        typer.echo(f"wrote {n} statements to {output}", err=True)
    else:
        run_export(bstore, fmt, sys.stdout.buffer, graphs)


def _export_xlsx(settings: Settings, output: Path | None, report: list[str] | None, lang: str) -> None:
    """One report to a workbook file (or to stdout when it is not a terminal); several to a folder."""
    from budgetkg.query.export import check_output_path, report_graphs
    from budgetkg.query.report_workbook import read_report, save_book, save_reports, stored_reports, write_report

    to_file = output is not None and output.suffix.lower() == ".xlsx" and not output.is_dir()
    if output is not None and to_file:
        check_output_path(output)
    bstore = BudgetStore(settings.store, read_only=True)
    graphs = report_graphs(bstore, report) or stored_reports(bstore)
    if not graphs:
        raise QueryError("the store holds no report", hint="ingest some first: budgetkg ingest FILES")
    if output is not None and not to_file:
        paths = save_reports(bstore, graphs, output, lang)
        typer.echo(f"wrote {len(paths)} workbooks to {output}", err=True)
        return
    if len(graphs) > 1:
        raise QueryError(f"{len(graphs)} reports make {len(graphs)} workbooks",
                         hint="choose one with --report NAME, or give a folder: -o DIR")
    if output is None:
        if sys.stdout.isatty():
            raise QueryError("an Excel workbook is not for the terminal", hint="give -o FILE.xlsx")
        write_report(bstore, graphs[0], sys.stdout.buffer, lang)
        return
    book = read_report(bstore, graphs[0])
    save_book(book, output, lang)
    typer.echo(f"wrote {len(book.tables)} tables and {len(book.findings)} findings to {output}", err=True)
