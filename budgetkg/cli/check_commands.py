"""The commands that judge reports: ``check`` (the audit of files, or of the reports in a store, as
a table, CSV, JSON or a printable HTML page) and ``evaluate`` (precision and recall against the
hand-written gold).

Thin: the audit is :mod:`budgetkg.check.audit` (of a store: :mod:`budgetkg.query.stored_audit`),
the scores :mod:`budgetkg.check.evaluate`; here are the options and the terminal table.
"""
from __future__ import annotations

import sys
from pathlib import Path

import typer

from budgetkg.cli.common import WideOpt, handles_errors, progress_bar, say_ocr_pages
from budgetkg.config import Settings
from budgetkg.errors import QueryError


@handles_errors
def check(paths: list[Path] = typer.Argument(None, help="Report files or folders to check (nothing is stored)."),
          store: Path | None = typer.Option(None, "--store", help="Check the reports stored here instead."),
          fmt: str = typer.Option("table", "--format", "-f", help="table, csv, json, html or pdf (each PDF annotated)."),
          output: Path | None = typer.Option(None, "--output", "-o",
                                             help="Write to this file (pdf: OUT.pdf for one PDF, else a folder)."),
          lang: str = typer.Option("en", "--lang", help="Language of titles and messages: en or zh."),
          show_info: bool = typer.Option(False, "--info", help="Also list info and notice findings (table)."),
          strict: bool = typer.Option(False, "--strict", help="Exit 1 when any error is found."),
          list_kinds: bool = typer.Option(False, "--list", help="List the check kinds and exit."),
          wide: bool = WideOpt):
    """Check reports: findings grouped by severity, with page, line and the quoted text.

    `--format html` writes one printable page per document, the report an auditor hands on, each
    finding linked to its page of the PDF. `--format pdf -o OUT.pdf` (several PDFs: `-o FOLDER`)
    writes a copy of each PDF with every finding boxed where it is (red: error, amber: warning;
    with --info also info and notices) and a first page listing them with links to their pages.
    """
    from budgetkg.check import audit

    if list_kinds:
        from budgetkg.check import CHECKS
        for k in sorted(CHECKS.values(), key=lambda k: (k.family.value, k.id)):
            title = k.title_zh if lang == "zh" else k.title_en
            typer.echo(f"{k.id:26} {k.severity.value:8} {k.family.value:21} {title}")
        return

    if fmt not in ("table", "csv", "json", "html", "pdf"):
        raise QueryError(f"unknown output format {fmt!r}", hint="table, csv, json, html or pdf")
    if lang not in ("en", "zh"):
        raise QueryError(f"unknown language {lang!r}", hint="en or zh")
    if fmt == "pdf" and store is not None:
        raise QueryError("--format pdf draws findings on the report files: give the files, not --store")
    files: list[Path] = []
    if store is not None:
        from budgetkg.load.store import BudgetStore
        from budgetkg.query.stored_audit import audit_store
        docs = audit_store(BudgetStore(Settings.load(store=store).store, read_only=True), lang)
    else:
        if not paths:
            raise QueryError("give report files or folders, or --store DIR")
        from budgetkg.check.read import read_report
        from budgetkg.sources.read import discover_reports
        files = discover_reports(paths)
        ocr_pages = 0

        def read(path: Path):
            nonlocal ocr_pages
            report = read_report(path)
            ocr_pages += len(report.ocr_pages)
            return report
        with progress_bar(len(files), quiet=False, label="checking") as advance:
            docs = audit.audit_files(files, read, lang, progress=advance)
        say_ocr_pages(ocr_pages, quiet=False)
    if fmt == "pdf":
        from budgetkg.check.annotate import write_annotated
        severities = ("error", "warning", "info", "notice") if show_info else ("error", "warning")
        for line in write_annotated(docs, files, output, lang, severities):
            typer.echo(line, err=True)
        if any(d.error for d in docs) or (strict and audit.has_errors(docs)):
            raise typer.Exit(1)
        return
    out = output.open("w", encoding="utf-8") if output else sys.stdout
    try:
        if fmt == "csv":
            audit.write_csv(docs, out)
        elif fmt == "json":
            audit.write_json(docs, out)
        elif fmt == "html":
            audit.write_html(docs, out, page_link=_page_links(files, output))
        else:
            _print_check_table(docs, show_info, out, lang, wide)
    finally:
        if output:
            out.close()
    if output:
        typer.echo(f"wrote {len(docs)} documents to {output}", err=True)
    if any(d.error for d in docs) or (strict and audit.has_errors(docs)):
        raise typer.Exit(1)


def _page_links(files: list[Path], output: Path | None):
    """A finding's page as a link to its PDF (``…pdf#page=N``, relative to the HTML file's
    folder), for findings in a PDF among ``files``; None for the others."""
    import os
    from urllib.parse import quote

    from budgetkg.check.annotate import is_pdf
    base = (output.resolve().parent if output else Path.cwd())
    pdfs = {f.name: quote(Path(os.path.relpath(f.resolve(), base)).as_posix()) for f in files if is_pdf(f)}

    def link(row) -> str | None:
        href = pdfs.get(row["source"])
        return f"{href}#page={row['page']}" if href and row["page"] else None
    return link


def _print_check_table(docs, show_info: bool, out, lang: str = "en", wide: bool = False) -> None:
    """Per document: its summary line, its errors and warnings as a table fitted to the terminal
    (budgetkg/terminal.py), and how many info/notice findings were not listed."""
    from budgetkg.check.audit import summary_line
    from budgetkg.cli.terminal import paragraph, render, say
    for d in docs:
        out.write(paragraph(summary_line(d, lang), wide=wide))
        rows = [f for f in d.findings if show_info or f["severity"] in ("error", "warning")]
        hidden = len(d.findings) - len(rows)
        if rows:
            table = [(f["severity"], str(f["page"] or ""), str(f["line"] or ""), f["check"],
                      f["message"] + (f"  「{f['quote']}」" if f["quote"] else "")) for f in rows]
            out.write(render(("severity", "page", "line", "check", "message"), table, lang=lang, wide=wide,
                             footer=False))
        if hidden:
            out.write(paragraph("  (" + say("hidden-findings", lang, n=hidden) + ")", wide=wide))



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
