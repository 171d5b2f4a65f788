"""The commands that write a store: ``ingest`` (read, check and store reports, or write shards on
a Dask cluster), ``load`` (store or push shards), ``remove`` and ``repair``.

Thin: the work is :mod:`budgetkg.load` (pipeline, dask_stage, shard_load, gsp, maintenance);
here are the options, the progress bar and what is printed.
"""
from __future__ import annotations

from pathlib import Path

import typer

from budgetkg.cli.common import LangOpt, StoreOpt, handles_errors, print_notices, progress_bar, say_ocr_pages, view_options
from budgetkg.config import Settings
from budgetkg.errors import ConfigError


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
    view = view_options(lang)
    settings = Settings.load(store=store, base=base, max_size_mb=max_size)
    files = discover_reports(paths)
    if dask is not None or shards is not None:
        return _ingest_on_dask(files, settings, dask, shards, workers, quiet, show_info, keep_going)

    def show(parsed) -> None:
        if not quiet:
            _print_parsed(parsed, show_info, view["lang"])

    try:
        with progress_bar(len(files), quiet) as advance:
            result = run_ingest(files, settings, keep_going=keep_going, allow_duplicates=allow_duplicates,
                                progress=advance, workers=workers, on_report=show)
    except KeyboardInterrupt:
        # the bar is gone (its context has closed); say what the store holds now
        typer.secho(say("interrupted-ingest", view["lang"], store=settings.store), err=True, fg="yellow")
        raise typer.Exit(130) from None
    say_ocr_pages(result.ocr_pages, quiet)
    print_notices(result.notices)
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
    # print(), not typer.echo: while the progress bar is live, rich redirects sys.stdout and puts
    # these lines above the bar; click's echo writes to the stream beneath it, onto the bar
    print(say("report-line", lang, source=parsed.source_name, department=parsed.department,
              year=parsed.year or "?", kind=parsed.kind, tables=parsed.tables, shown=counts), flush=True)
    missing = [f.table for f in parsed.findings if f.check == "missing-table"]
    if missing:
        print("  " + say("missing-tables", lang, names=", ".join(missing)), flush=True)
    for f in shown:
        where = f"line {f.source.line}" if f.source else ""
        print(f"  [{f.severity.value}] {f.table} {f.row} {f.check}: {f.message} ({where})", flush=True)


def _ingest_on_dask(files, settings, address, shards, workers, quiet, show_info, keep_going) -> None:
    """`ingest --dask`: read on a Dask cluster, one N-Quads shard per report into --shards."""
    from budgetkg.load.dask_stage import run_on_dask
    if address is None or shards is None:
        raise ConfigError("--dask and --shards go together: the cluster writes shards, "
                          "`budgetkg load` stores them", hint="give both, or neither")
    with progress_bar(len(files), quiet) as advance:
        result = run_on_dask(files, settings, address, shards, workers=workers, keep_going=keep_going,
                             progress=advance,
                             on_report=None if quiet else (lambda p: _print_parsed(p, show_info)))
    say_ocr_pages(result.ocr_pages, quiet)
    print_notices(result.notices)
    for exc in result.errors:
        typer.secho(f"error: {exc.describe()}", err=True, fg="red")
    if result.written:
        typer.echo(f"wrote {len(result.reports)} shards, {result.quads} quads in {shards}")
    elif result.errors:
        typer.secho("no shards were kept (use --keep-going to keep the readable reports)", err=True)
    if result.errors:
        raise typer.Exit(1)



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
    with progress_bar(total, quiet) as advance:
        step = lambda shard: advance(shard.path)  # noqa: E731
        if gsp:
            from budgetkg.load.gsp import push
            graphs, quads = push(gsp, read_shards(shards), token=token, progress=step, links=plan)
            print_notices(plan.notices)
            typer.echo(f"pushed {graphs} graphs, {quads} quads to {gsp}")
            return
        graphs, quads, notices = load_into_store(shards, settings.store, progress=step, base=settings.base,
                                                 max_size_mb=settings.max_size_mb)
    print_notices(notices)
    typer.echo(f"loaded {graphs} graphs, {quads} quads into {settings.store}")



@handles_errors
def remove(reports: list[str] = typer.Argument(..., help="Reports to remove: their source file names (or IRIs)."),
           store: Path | None = StoreOpt,
           base: str | None = typer.Option(None, "--base", envvar="BUDGETKG_BASE", help="Base IRI of the data.")):
    """Remove reports (their named graphs) from the store, all in one transaction.

    Nothing is removed when any of the names is not in the store.
    """
    from budgetkg.load.maintenance import remove_reports
    settings = Settings.load(store=store, base=base)
    for r in remove_reports(settings.store, reports, notify=print_notices):
        typer.echo(f"removed {r}")


@handles_errors
def repair(store: Path | None = StoreOpt):
    """Finish or undo a write that was interrupted (killed ingest or remove).

    Read-only commands refuse a store in that state; any ingest or remove also repairs it.
    """
    from budgetkg.load.maintenance import repair_store
    settings = Settings.load(store=store)
    if not repair_store(settings.store, notify=print_notices):
        typer.echo(f"the store is consistent: {settings.store}")
