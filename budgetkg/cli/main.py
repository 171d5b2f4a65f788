"""The ``budgetkg`` command: thin typer commands over the library.

Only this module turns errors into exit codes: 0 success, 1 some reports failed or
findings of severity "error" with ``--strict``, 2 bad input (missing file, unknown
question, malformed query, unusable store).
"""
from __future__ import annotations

import contextlib
import functools
import json
import os
import signal
import sys
from pathlib import Path

import typer

from budgetkg import __version__
from budgetkg.config import Settings
from budgetkg.errors import BudgetKGError, ConfigError, QueryError
from budgetkg.load.store import BudgetStore, serving_lock
from budgetkg.query.questions import Answer, list_questions, run_query, solutions_answer
from budgetkg.query.questions import ask as ask_question

app = typer.Typer(add_completion=False, no_args_is_help=True, rich_markup_mode=None,
                  help="budgetkg: a knowledge graph of Chinese government budget disclosures "
                       "(部门预算/决算公开). Ingest reports, ask canned questions, run SPARQL, "
                       "export linked data.")

StoreOpt = typer.Option(None, "--store", envvar="BUDGETKG_STORE",
                        help="Store directory (default: $XDG_DATA_HOME/budgetkg/store).")
FormatOpt = typer.Option("table", "--format", "-f", help="Output format: table, csv or json.")
LangOpt = typer.Option("en", "--lang", envvar="BUDGETKG_LANG", help="Language of titles and messages: en or zh.")
UnitOpt = typer.Option("yuan", "--unit", help="Amounts in the table in yuan (元) or wan (万元, exact).")
WideOpt = typer.Option(False, "--wide", help="Show every column at full width, however wide the terminal.")


def _fail(exc: BudgetKGError, code: int = 2) -> None:
    typer.secho(f"error: {exc.describe()}", err=True, fg="red")
    raise typer.Exit(code)


def handles_errors(fn):
    """Report library errors as one readable line and exit 2, never a traceback."""
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except BudgetKGError as exc:
            _fail(exc)
        except BrokenPipeError:  # `budgetkg export | head`: the reader left; stop quietly
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            raise typer.Exit(1)
        except OSError as exc:  # a system error the library did not anticipate: still one line
            _fail(BudgetKGError(exc.strerror or str(exc), file=exc.filename and str(exc.filename)))
    return wrapper


def _notices(notices: list[str]) -> None:
    for line in notices:
        typer.secho(f"notice: {line}", err=True, fg="yellow")


def _view(lang: str = "en", unit: str = "yuan", wide: bool = False) -> dict:
    """The table view's options, checked (an unknown language or unit is exit 2, one line)."""
    from budgetkg.cli.terminal import lang_of, unit_of
    return {"lang": lang_of(lang), "unit": unit_of(unit), "wide": wide}


def _print_answer(answer: Answer, fmt: str, out=None, **view) -> None:
    """CSV, JSON, or the terminal table (``view``: lang, unit, wide — see budgetkg/terminal.py)."""
    out = out or sys.stdout
    if fmt in ("csv", "json"):  # one writer with the server's exports
        from budgetkg.query.answers import WRITERS, AnswerFormat
        WRITERS[AnswerFormat(fmt)](answer, out)
    elif fmt == "table":
        from budgetkg.cli.terminal import print_answer
        print_answer(answer, out, **view)
    else:
        raise QueryError(f"unknown output format {fmt!r}", hint="table, csv or json")


@app.command()
@handles_errors
def ingest(paths: list[Path] = typer.Argument(..., help="Report files (.pdf, .txt, .md) or folders of them."),
           store: Path | None = StoreOpt,
           base: str | None = typer.Option(None, "--base", envvar="BUDGETKG_BASE",
                                              help="Base IRI for minted resources."),
           keep_going: bool = typer.Option(False, "--keep-going",
                                           help="Write the reports that parsed even if others failed."),
           show_info: bool = typer.Option(False, "--info", help="Also list informational findings."),
           lang: str = LangOpt,
           quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar or report list."),
           allow_duplicates: bool = typer.Option(
               False, "--allow-duplicates",
               help="Store a report even if the same report is stored under another file name "
                    "(same bytes, or same department/year/kind with shared tables and equal totals)."),
           max_size: int | None = typer.Option(None, "--max-size", envvar="BUDGETKG_MAX_SIZE", metavar="MB",
                                                  help="Refuse larger files (default: 50 MB text, 200 MB PDF)."),
           workers: int | None = typer.Option(None, "--workers", "-j", min=1,
                                                 help="Worker processes that read reports (default: the cores)."),
           dask: str | None = typer.Option(None, "--dask", metavar="ADDRESS",
                                              help="Read on a Dask cluster (tcp://host:port, or 'local') and "
                                                   "write N-Quads shards to --shards instead of the store."),
           shards: Path | None = typer.Option(None, "--shards", help="Folder for the shards of --dask "
                                                 "(load them with `budgetkg load`).")):
    """Read reports, check their arithmetic, and store them (one named graph per report).

    Nothing is written unless every report parsed (or --keep-going is given); a
    re-ingested report replaces its graph atomically. A file holding several
    reports, no line structure, or a report already stored under another name is
    refused; tables its table of contents or template require but it lacks are findings.
    """
    from budgetkg.cli.terminal import say
    from budgetkg.load.pipeline import ingest as run_ingest
    from budgetkg.sources.read import discover_reports
    view = _view(lang)
    settings = Settings.load(store=store, base=base, max_size_mb=max_size)
    files = discover_reports(paths)
    if dask is not None or shards is not None:
        return _ingest_on_dask(files, settings, dask, shards, workers, quiet, show_info, keep_going)

    def show(parsed) -> None:
        if not quiet:
            _print_parsed(parsed, show_info, view["lang"])

    with _progress(len(files), quiet) as advance:
        result = run_ingest(files, settings, keep_going=keep_going, allow_duplicates=allow_duplicates,
                            progress=advance, workers=workers, on_report=show)
    _notices(result.notices)
    for exc in result.errors:
        typer.secho(f"error: {exc.describe()}", err=True, fg="red")
    if result.written:
        typer.echo(say("stored", view["lang"], n=len(result.reports), quads=result.quads, store=settings.store))
    elif result.errors:
        typer.secho("nothing was written (use --keep-going to store the readable reports)", err=True)
    if result.errors:
        raise typer.Exit(1)


def _print_parsed(parsed, show_info: bool, lang: str = "en") -> None:
    """One report as ingest read it: its identity, tables, and the findings it lists — the count
    says what is listed and how many info findings are hidden (--info shows them)."""
    from budgetkg.cli.terminal import say
    shown = [f for f in parsed.findings if show_info or f.severity != "info"]
    counts = say("findings-listed", lang, n=len(shown))  # what is listed below, no more
    if len(shown) < len(parsed.findings):
        counts += ", " + say("findings-info-hidden", lang, n=len(parsed.findings) - len(shown))
    typer.echo(say("report-line", lang, source=parsed.source_name, department=parsed.department,
                   year=parsed.year or "?", kind=parsed.kind, tables=parsed.tables, shown=counts))
    missing = [f.table for f in parsed.findings if f.check == "missing-table"]
    if missing:
        typer.secho("  " + say("missing-tables", lang, names=", ".join(missing)), fg="yellow")
    for f in shown:
        where = f"line {f.source.line}" if f.source else ""
        typer.echo(f"  [{f.severity}] {f.table} {f.row} {f.check}: {f.message} ({where})")


@contextlib.contextmanager
def _progress(total: int, quiet: bool):
    """A progress bar on stderr with reports/s and ETA; silent with --quiet or when stderr is not
    a terminal. Yields the callback to call with each file read."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
    console = Console(stderr=True)
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
               TextColumn("{task.fields[rate]}"), TextColumn("ETA"), TimeRemainingColumn())
    with Progress(*columns, console=console, transient=True,
                  disable=quiet or not console.is_terminal) as progress:
        task = progress.add_task("ingesting", total=total, rate="")

        def advance(f: Path) -> None:
            progress.update(task, advance=1, description=f.name[:30])
            speed = progress.tasks[0].speed
            progress.update(task, rate=f"{speed:.1f} reports/s" if speed else "")
        yield advance


def _ingest_on_dask(files, settings, address, shards, workers, quiet, show_info, keep_going) -> None:
    """`ingest --dask`: read on a Dask cluster, one N-Quads shard per report into --shards."""
    from budgetkg.load.dask_stage import run_on_dask
    if address is None or shards is None:
        raise ConfigError("--dask and --shards go together: the cluster writes shards, "
                          "`budgetkg load` stores them", hint="give both, or neither")
    with _progress(len(files), quiet) as advance:
        result = run_on_dask(files, settings, address, shards, workers=workers, keep_going=keep_going,
                             progress=advance,
                             on_report=None if quiet else (lambda p: _print_parsed(p, show_info)))
    _notices(result.notices)
    for exc in result.errors:
        typer.secho(f"error: {exc.describe()}", err=True, fg="red")
    if result.written:
        typer.echo(f"wrote {len(result.reports)} shards, {result.quads} quads in {shards}")
    elif result.errors:
        typer.secho("no shards were kept (use --keep-going to keep the readable reports)", err=True)
    if result.errors:
        raise typer.Exit(1)


@app.command()
@handles_errors
def check(paths: list[Path] = typer.Argument(None, help="Report files or folders to check (nothing is stored)."),
          store: Path | None = typer.Option(None, "--store", help="Check the reports stored here instead."),
          fmt: str = typer.Option("table", "--format", "-f", help="table, csv, json or html."),
          output: Path | None = typer.Option(None, "--output", "-o", help="Write to this file."),
          lang: str = typer.Option("en", "--lang", help="Language of titles and messages: en or zh."),
          show_info: bool = typer.Option(False, "--info", help="Also list info and notice findings (table)."),
          strict: bool = typer.Option(False, "--strict", help="Exit 1 when any error is found."),
          list_kinds: bool = typer.Option(False, "--list", help="List the check kinds and exit."),
          wide: bool = WideOpt):
    """Check reports: findings grouped by severity, with page, line and the quoted text.

    `--format html` writes one printable page per document, the report an auditor hands on.
    """
    from budgetkg.check import audit

    if list_kinds:
        from budgetkg.check import CHECKS
        for k in sorted(CHECKS.values(), key=lambda k: (k.family.value, k.id)):
            title = k.title_zh if lang == "zh" else k.title_en
            typer.echo(f"{k.id:26} {k.severity.value:8} {k.family.value:21} {title}")
        return

    if fmt not in ("table", "csv", "json", "html"):
        raise QueryError(f"unknown output format {fmt!r}", hint="table, csv, json or html")
    if lang not in ("en", "zh"):
        raise QueryError(f"unknown language {lang!r}", hint="en or zh")
    if store is not None:
        st = BudgetStore(Settings.load(store=store).store, read_only=True)
        answer = ask_question(st, "findings")
        ids = {r[0]: (r[1], int(r[2]) if r[2] else None, r[3]) for r in ask_question(st, "reports").rows}
        docs = audit.audit_rows(answer.columns, answer.rows, ids)
    else:
        if not paths:
            raise QueryError("give report files or folders, or --store DIR")
        from rich.console import Console
        from rich.progress import Progress

        from budgetkg.check.read import read_report
        from budgetkg.sources.read import discover_reports
        files = discover_reports(paths)
        with Progress(console=Console(stderr=True), transient=True) as progress:
            task = progress.add_task("checking", total=len(files))
            docs = audit.audit_files(files, read_report, lang,
                                     progress=lambda f: progress.update(task, advance=1, description=f.name))
    out = output.open("w", encoding="utf-8") if output else sys.stdout
    try:
        if fmt == "csv":
            audit.write_csv(docs, out)
        elif fmt == "json":
            audit.write_json(docs, out)
        elif fmt == "html":
            audit.write_html(docs, out)
        else:
            _print_check_table(docs, show_info, out, lang, wide)
    finally:
        if output:
            out.close()
    if output:
        typer.echo(f"wrote {len(docs)} documents to {output}", err=True)
    if any(d.error for d in docs) or (strict and audit.has_errors(docs)):
        raise typer.Exit(1)


def _print_check_table(docs, show_info: bool, out, lang: str = "en", wide: bool = False) -> None:
    """Per document: its summary line, its errors and warnings as a table fitted to the terminal
    (budgetkg/terminal.py), and how many info/notice findings were not listed."""
    from budgetkg.check.audit import summary_line
    from budgetkg.cli.terminal import paragraph, render, say
    for d in docs:
        out.write(paragraph(summary_line(d), wide=wide))
        rows = [f for f in d.findings if show_info or f["severity"] in ("error", "warning")]
        hidden = len(d.findings) - len(rows)
        if rows:
            table = [(f["severity"], str(f["page"] or ""), str(f["line"] or ""), f["check"],
                      f["message"] + (f"  「{f['quote']}」" if f["quote"] else "")) for f in rows]
            out.write(render(("severity", "page", "line", "check", "message"), table, lang=lang, wide=wide,
                             footer=False))
        if hidden:
            out.write(paragraph("  (" + say("hidden-findings", lang, n=hidden) + ")", wide=wide))


def _questions_epilog() -> str:
    """The canned questions, for `ask --help` (read from queries/, a few milliseconds)."""
    try:
        qs = list_questions()
    except BudgetKGError:  # pragma: no cover - a broken install still shows its help
        return ""
    # "\b" keeps click from re-wrapping the list into one paragraph
    return "Questions:\n\n\b\n" + "\n".join(f"{q.name:28} {q.title_en} / {q.title_zh}" for q in qs)


@app.command(epilog=_questions_epilog())
@handles_errors
def ask(name: str = typer.Argument(..., help="Question name (see `budgetkg questions`)."),
        department: str | None = typer.Option(None, "--department", "-d",
                                                 help="Department name or part of it, e.g. 组织部."),
        year: int | None = typer.Option(None, "--year", "-y", help="Fiscal year, e.g. 2021."),
        fmt: str = FormatOpt,
        store: Path | None = StoreOpt,
        lang: str = LangOpt, unit: str = UnitOpt, wide: bool = WideOpt):
    """Answer a canned question. Amounts are exact decimals in 元 (the table: --unit wan for 万元)."""
    view = _view(lang, unit, wide)
    settings = Settings.load(store=store)
    answer = ask_question(BudgetStore(settings.store, read_only=True), name,
                          department=department, year=year)
    _print_answer(answer, fmt, **view)


@app.command()
@handles_errors
def questions(fmt: str = typer.Option("table", "--format", "-f", help="table or json."),
              lang: str = LangOpt, wide: bool = WideOpt):
    """List the canned questions with their parameters and columns."""
    view = _view(lang, wide=wide)
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
    _print_answer(Answer(("question", "title", "parameters", "columns", "description"), rows), "table", **view)


@app.command()
@handles_errors
def query(sparql: str = typer.Argument(..., help="SPARQL text, or a path to a .rq file."),
          fmt: str = FormatOpt,
          store: Path | None = StoreOpt,
          lang: str = LangOpt, unit: str = UnitOpt, wide: bool = WideOpt):
    """Run any SPARQL query over all reports (the default graph is their union)."""
    view = _view(lang, unit, wide)
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
            _print_answer(solutions_answer(result), fmt, **view)
    except (OSError, RuntimeError, ValueError) as exc:
        raise QueryError(f"the query failed: {exc}") from None


@app.command()
@handles_errors
def export(fmt: str = typer.Option("turtle", "--format", "-f",
                                   help="turtle, ntriples, nquads, trig, jsonld or rdfxml."),
           output: Path | None = typer.Option(None, "--output", "-o", help="File to write (default: stdout)."),
           report: list[str] | None = typer.Option(None, "--report", "-r",
                                                      help="Only this report (its source file name); repeatable."),
           store: Path | None = StoreOpt):
    """Export the knowledge graph (or some reports) as linked data."""
    from budgetkg.query.export import check_output_path, export_to_file, resolve_format
    from budgetkg.query.export import export as run_export

    settings = Settings.load(store=store)
    resolve_format(fmt)
    if output:
        check_output_path(output)
    bstore = BudgetStore(settings.store, read_only=True)
    graphs = None
    if report:
        found = bstore.report_graphs(report)
        unknown = [r for r, g in found.items() if g is None]
        if unknown:
            raise QueryError(f"not in the store: {', '.join(unknown)}", hint="see `budgetkg ask reports`")
        graphs = list(dict.fromkeys(found.values()))
    if output:
        n = export_to_file(bstore, fmt, output, graphs)
        typer.echo(f"wrote {n} statements to {output}", err=True)
    else:
        run_export(bstore, fmt, sys.stdout.buffer, graphs)


@app.command()
@handles_errors
def remove(reports: list[str] = typer.Argument(..., help="Reports to remove: their source file names (or IRIs)."),
           store: Path | None = StoreOpt,
           base: str | None = typer.Option(None, "--base", envvar="BUDGETKG_BASE", help="Base IRI of the data.")):
    """Remove reports (their named graphs) from the store, all in one transaction.

    Nothing is removed when any of the names is not in the store.
    """
    settings = Settings.load(store=store, base=base)
    if not settings.store.is_dir():
        raise QueryError("no store here yet; nothing to remove", file=str(settings.store))
    with BudgetStore(settings.store) as bstore:
        _notices(bstore.notices)
        graphs = bstore.report_graphs(list(dict.fromkeys(reports)))
        absent = [r for r, g in graphs.items() if g is None]
        if not absent:
            bstore.remove_graphs(list(dict.fromkeys(graphs.values())))
    if absent:
        raise QueryError(f"not in the store: {', '.join(absent)}; nothing was removed",
                         hint="see `budgetkg ask reports`")
    for r in graphs:
        typer.echo(f"removed {r}")


@app.command()
@handles_errors
def repair(store: Path | None = StoreOpt):
    """Finish or undo a write that was interrupted (killed ingest or remove).

    Read-only commands refuse a store in that state; any ingest or remove also repairs it.
    """
    settings = Settings.load(store=store)
    if not settings.store.is_dir():
        raise QueryError("no store here yet", file=str(settings.store))
    with BudgetStore(settings.store) as bstore:
        _notices(bstore.notices)
    if not bstore.notices:
        typer.echo(f"the store is consistent: {settings.store}")


@app.command()
@handles_errors
def evaluate(paths: list[Path] = typer.Argument(None, help="Reports to score (default: data/)."),
             gold: Path | None = typer.Option(None, "--gold", help="Folder of gold CSV files (default: data/gold).")):
    """Precision and recall of the narrative extractor and of the checker against hand-written gold."""
    from budgetkg.check.evaluate import DEFAULT_GOLD, evaluate_checks
    from budgetkg.check.evaluate import evaluate as run_evaluate
    from budgetkg.check.read import read_report
    from budgetkg.config import PROJECT_DIR
    from budgetkg.sources.read import discover_reports

    files = discover_reports(paths or [PROJECT_DIR / "data"])
    reports = [read_report(f) for f in files]
    typer.echo(f"{'kind':16} {'gold':>5} {'found':>6} {'matched':>8} {'precision':>10} {'recall':>7}")
    for s in run_evaluate(reports, gold or DEFAULT_GOLD):
        typer.echo(f"{s.kind:16} {s.gold:5d} {s.predicted:6d} {s.matched:8d} {s.precision:10.2f} {s.recall:7.2f}")
    family_scores = evaluate_checks(reports, gold or DEFAULT_GOLD)
    if family_scores:
        typer.echo("\nchecker, by family (findings of severity error or warning against data/gold/errors.csv)")
        typer.echo(f"{'family':22} {'gold':>5} {'found':>6} {'right':>6} {'precision':>10} {'recall':>7}")
        for s in family_scores:
            typer.echo(f"{s.kind:22} {s.gold:5d} {s.predicted:6d} {s.matched:6d} {s.precision:10.2f} {s.recall:7.2f}")


@app.command()
@handles_errors
def serve(store: Path | None = StoreOpt,
          host: str = typer.Option("127.0.0.1", "--host", help="Interface to listen on (loopback by default)."),
          port: int = typer.Option(8080, "--port", "-p", help="Port of the public HTTP server."),
          timeout: int = typer.Option(10, "--timeout", help="Seconds a query may run before it is cancelled."),
          endpoint: str | None = typer.Option(None, "--endpoint",
                                                 help="Front this SPARQL endpoint instead of the local store."),
          update_token: str | None = typer.Option(None, "--update-token", envvar="BUDGETKG_UPDATE_TOKEN",
                                                     help="Allow SPARQL updates sent with 'Authorization: Bearer TOKEN'."),
          cors: str | None = typer.Option(None, "--cors", help="Allowed CORS origin, e.g. '*'."),
          max_mb: int = typer.Option(20, "--max-mb", help="Largest answer returned, in MB."),
          base: str | None = typer.Option(None, "--base", envvar="BUDGETKG_BASE", help="Base IRI of the data.")):
    """Serve a read-only SPARQL endpoint, entity pages, the canned questions and a browser UI."""
    from budgetkg.serve.app import ServeConfig, make_server
    from budgetkg.serve.engine import Engine

    def stop_on_signal(signum, frame):
        raise KeyboardInterrupt  # unwinds serve_forever() in the main thread; `finally` stops the engine

    for signum in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, stop_on_signal)
    settings = Settings.load(store=store, base=base)
    config = ServeConfig(endpoint=endpoint or "", base=settings.base, timeout=timeout, max_bytes=max_mb * 1_000_000,
                         cors=cors, update_token=update_token)
    try:  # the public port first: when it is taken, no engine is started at all
        server = make_server(config, host, port)
    except OSError as exc:
        raise ConfigError(f"cannot listen on {host}:{port}: {exc.strerror or exc}",
                          hint="another program uses the port; choose one with --port") from None
    engine = None
    lock = contextlib.ExitStack()
    try:
        if endpoint is None:
            lock.enter_context(serving_lock(settings.store))  # ingest/remove refuse while we serve
            engine = Engine(settings.store, timeout_s=timeout, writable=bool(update_token))
            config.endpoint, config.update_endpoint, config.engine = engine.url, engine.update_url, engine
        typer.echo(f"budgetkg serving http://{host}:{server.server_port}/  (SPARQL: /sparql, questions: /questions)")
        server.serve_forever()
    except KeyboardInterrupt:
        typer.echo("stopping")
    finally:
        server.server_close()
        if engine:
            engine.stop()
        lock.close()


graph_app = typer.Typer(no_args_is_help=True, rich_markup_mode=None,
                        help="networkx graphs of the store: organisation hierarchy, department–类 spending, "
                             "policy document → project → department; their answers and GraphML/GEXF exports.")
app.add_typer(graph_app, name="graph")
ReportKindOpt = typer.Option("budget", "--kind", "-k", help="Reports of this kind: budget or final.")
YearOpt = typer.Option(None, "--year", "-y", help="Fiscal year (default: each department's latest).")


def _graph(store: Path | None, name: str, **options):
    from budgetkg.query.graphs import build
    built = build(BudgetStore(Settings.load(store=store).store, read_only=True), name, **options)
    _notices(built.notices)
    return built.graph


@graph_app.command("export")
@handles_errors
def graph_export(kind: str = typer.Argument(..., help="hierarchy, spending or policies."),
                 fmt: str = typer.Option("graphml", "--format", "-f", help="graphml or gexf."),
                 output: Path | None = typer.Option(None, "--output", "-o", help="File to write (default: stdout)."),
                 year: int | None = YearOpt, report_kind: str = ReportKindOpt,
                 store: Path | None = StoreOpt):
    """Export a graph as GraphML or GEXF (for Gephi); money is `amount` (exact, 元) and `weight`."""
    from budgetkg.query.graphs.export import graph_format, write_graph
    graph_format(fmt)
    options = {"year": year, "kind": report_kind} if kind == "spending" else {}
    g = _graph(store, kind, **options)
    write_graph(g, fmt, output, sys.stdout.buffer)
    if output:
        typer.echo(f"wrote {g.number_of_nodes()} nodes and {g.number_of_edges()} edges to {output}", err=True)


@graph_app.command("policies")
@handles_errors
def graph_policies(top: int = typer.Option(20, "--top", "-n", help="How many documents (0: all)."),
                   fmt: str = FormatOpt, store: Path | None = StoreOpt,
                   lang: str = LangOpt, unit: str = UnitOpt, wide: bool = WideOpt):
    """Policy documents ranked by the money of the projects resting on them."""
    from budgetkg.query.graphs.analyse import central_policies
    view = _view(lang, unit, wide)
    _print_answer(central_policies(_graph(store, "policies"), top or None), fmt, **view)


@graph_app.command("communities")
@handles_errors
def graph_communities(year: int | None = YearOpt, report_kind: str = ReportKindOpt,
                      threshold: float = typer.Option(0.5, "--threshold", help="Least cosine similarity of "
                                                      "two departments' 类 shares to link them (0–1)."),
                      fmt: str = FormatOpt, store: Path | None = StoreOpt,
                      lang: str = LangOpt, unit: str = UnitOpt, wide: bool = WideOpt):
    """Departments with similar spending profiles (Louvain communities of their 类 shares)."""
    from budgetkg.query.graphs.analyse import communities
    view = _view(lang, unit, wide)
    _print_answer(communities(_graph(store, "spending", year=year, kind=report_kind), threshold), fmt, **view)


@graph_app.command("similar")
@handles_errors
def graph_similar(department: str = typer.Argument(..., help="Department name or part of it."),
                  top: int = typer.Option(10, "--top", "-n", help="How many similar departments."),
                  year: int | None = YearOpt, report_kind: str = ReportKindOpt,
                  fmt: str = FormatOpt, store: Path | None = StoreOpt,
                  lang: str = LangOpt, wide: bool = WideOpt):
    """The departments whose 类 spending profile is most like this department's."""
    from budgetkg.query.graphs.analyse import similar
    view = _view(lang, wide=wide)
    _print_answer(similar(_graph(store, "spending", year=year, kind=report_kind), department, top), fmt, **view)


@graph_app.command("unit")
@handles_errors
def graph_unit(name: str = typer.Argument(..., help="Unit, division or department name, or part of it."),
               fmt: str = FormatOpt, store: Path | None = StoreOpt,
               lang: str = LangOpt, wide: bool = WideOpt):
    """Where a unit sits in the organisation hierarchy: its chain from the top, depth and neighbours."""
    from budgetkg.query.graphs.analyse import locate
    view = _view(lang, wide=wide)
    _print_answer(locate(_graph(store, "hierarchy"), name), fmt, **view)


@app.command()
@handles_errors
def load(shards: list[Path] = typer.Argument(..., help="N-Quads shards (files or folders) from `ingest --dask`."),
         store: Path | None = StoreOpt,
         gsp: str | None = typer.Option(None, "--gsp", metavar="URL",
                                           help="Push each graph to this SPARQL 1.1 Graph Store endpoint "
                                                "(PUT per named graph) instead of the store."),
         token: str | None = typer.Option(None, "--token", envvar="BUDGETKG_GSP_TOKEN",
                                             help="Bearer token for --gsp."),
         sparql: str | None = typer.Option(None, "--sparql", metavar="URL",
                                              help="With --gsp: the endpoint's SPARQL query service, to link the "
                                                   "pushed reports with those it holds."),
         quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar.")):
    """Store report graphs from N-Quads shards: bulk-loaded into the store, all or nothing
    (a graph already stored is replaced), or pushed to a Graph Store endpoint (--gsp); either
    way with the links across reports that `ingest` makes (from the digests the shards carry)."""
    from budgetkg.load.shard_load import load_into_store
    from budgetkg.load.shards import read_digests, read_shards, shard_files
    total = len(shard_files(shards))
    settings = Settings.load(store=store)
    if gsp:
        from budgetkg.load.gsp import plan_links
        plan = plan_links(read_digests(shards), settings.base, sparql=sparql, token=token,
                          max_size_mb=settings.max_size_mb)
    with _progress(total, quiet) as advance:
        step = lambda shard: advance(shard.path)  # noqa: E731
        if gsp:
            from budgetkg.load.gsp import push
            graphs, quads = push(gsp, read_shards(shards), token=token, progress=step, links=plan)
            _notices(plan.notices)
            typer.echo(f"pushed {graphs} graphs, {quads} quads to {gsp}")
            return
        graphs, quads, notices = load_into_store(shards, settings.store, progress=step, base=settings.base,
                                                 max_size_mb=settings.max_size_mb)
    _notices(notices)
    typer.echo(f"loaded {graphs} graphs, {quads} quads into {settings.store}")


@app.command()
def version():
    """Print the version."""
    typer.echo(__version__)


def main() -> None:
    """Console-script entry point."""
    app()
if __name__ == "__main__":
    main()
