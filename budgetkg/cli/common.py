"""What every command shares: the common options, library errors as exit codes, and the ways
a command prints (answers, notices, the progress bar).

Only the CLI turns errors into exit codes, and only through :func:`handles_errors`: 0 success,
1 some reports failed or findings of severity "error" with ``--strict``, 2 bad input (missing
file, unknown question, malformed query, unusable store).
"""
from __future__ import annotations

import contextlib
import functools
import os
import sys
from pathlib import Path

import typer

from budgetkg.errors import BudgetKGError, QueryError
from budgetkg.query.questions import Answer

StoreOpt = typer.Option(None, "--store", envvar="BUDGETKG_STORE",
                        help="Store directory (default: $XDG_DATA_HOME/budgetkg/store).")
FormatOpt = typer.Option("table", "--format", "-f", help="Output format: table, csv, json or xlsx (Excel; with -o).")
OutputOpt = typer.Option(None, "--output", "-o", help="Write to this file (csv, json, xlsx) instead of stdout.")
BomOpt = typer.Option(False, "--bom", help="Start CSV with a byte-order mark, so that Excel reads its Chinese right.")
LangOpt = typer.Option("en", "--lang", envvar="BUDGETKG_LANG", help="Language of titles and messages: en or zh.")
UnitOpt = typer.Option("yuan", "--unit", help="Amounts in the table in yuan (元) or wan (万元, exact).")
WideOpt = typer.Option(False, "--wide", help="Show every column at full width, however wide the terminal.")


def fail(exc: BudgetKGError, code: int = 2) -> None:
    typer.secho(f"error: {exc.describe()}", err=True, fg="red")
    raise typer.Exit(code)


def handles_errors(fn):
    """Report library errors as one readable line and exit 2, never a traceback."""
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except BudgetKGError as exc:
            fail(exc)
        except KeyboardInterrupt:  # Ctrl-C: one line, the shell's exit code for SIGINT
            typer.secho("interrupted", err=True, fg="yellow")
            raise typer.Exit(130) from None
        except BrokenPipeError:  # `budgetkg export | head`: the reader left; stop quietly
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            raise typer.Exit(1) from None
        except OSError as exc:  # a system error the library did not anticipate: still one line
            fail(BudgetKGError(exc.strerror or str(exc), file=exc.filename and str(exc.filename)))
    return wrapper


def print_notices(notices: list[str]) -> None:
    for line in notices:
        typer.secho(f"notice: {line}", err=True, fg="yellow")


def view_options(lang: str = "en", unit: str = "yuan", wide: bool = False) -> dict:
    """The table view's options, checked (an unknown language or unit is exit 2, one line)."""
    from budgetkg.cli.terminal import lang_of, unit_of
    return {"lang": lang_of(lang), "unit": unit_of(unit), "wide": wide}


def print_answer(answer: Answer, fmt: str, out=None, output: Path | None = None, bom: bool = False,
                 title: str = "answer", **view) -> None:
    """CSV, JSON, an Excel workbook, or the terminal table (``view``: lang, unit, wide — see
    budgetkg/cli/terminal.py); ``output`` a file to write instead of stdout; ``bom`` a byte-order
    mark before CSV (Excel reads UTF-8 CSV as the local code page without one)."""
    if fmt == "xlsx":
        _write_xlsx(answer, output, title, **view)
        return
    if fmt not in ("csv", "json", "table"):
        raise QueryError(f"unknown output format {fmt!r}", hint="table, csv, json or xlsx")
    with contextlib.ExitStack() as stack:
        if output is not None:
            out = stack.enter_context(output.open("w", encoding="utf-8", newline=""))
        out = out or sys.stdout
        if fmt in ("csv", "json"):  # one writer with the server's exports
            from budgetkg.query.answers import WRITERS, AnswerFormat
            if bom and fmt == "csv":
                out.write("\ufeff")
            WRITERS[AnswerFormat(fmt)](answer, out)
        else:
            from budgetkg.cli.terminal import print_answer as print_table
            print_table(answer, out, **view)
    if output is not None:
        typer.echo(f"wrote {len(answer.rows)} rows to {output}", err=True)


def _write_xlsx(answer: Answer, output: Path | None, title: str, lang=None, unit=None, **_view) -> None:
    """The answer as a workbook: to ``output``, or to stdout when it is not a terminal."""
    from budgetkg.model.units import Unit
    from budgetkg.query.answers import in_unit
    from budgetkg.query.workbook import write_xlsx

    unit = unit or Unit.YUAN
    lang_code = lang.value if lang is not None else "en"
    answer = in_unit(answer, unit)
    if output is None:
        if sys.stdout.isatty():
            raise QueryError("an Excel workbook is not for the terminal", hint="give -o FILE.xlsx")
        write_xlsx(answer, sys.stdout.buffer, title, lang_code, unit)
        return
    with output.open("wb") as f:
        write_xlsx(answer, f, title, lang_code, unit)
    typer.echo(f"wrote {len(answer.rows)} rows to {output}", err=True)


@contextlib.contextmanager
def progress_bar(total: int, quiet: bool, label: str = "ingesting"):
    """A progress bar on stderr with reports/s and ETA; silent with --quiet or when stderr is not
    a terminal. Yields the callback to call with each file read.

    Each PDF read by OCR gets a bar of its own while it is read (page by page: a scan reads at
    seconds a page), in this process or in a worker process (which relays its pages: see
    :class:`budgetkg.load.workers.ProcessPool`). How many pages were read so is said by the
    command (:func:`say_ocr_pages`), from what each file's reading reports."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeRemainingColumn

    from budgetkg.sources.ocr import page_progress
    console = Console(stderr=True)
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
               TextColumn("{task.fields[rate]}"), TextColumn("ETA"), TimeRemainingColumn())
    with Progress(*columns, console=console, transient=True,
                  disable=quiet or not console.is_terminal) as progress:
        task = progress.add_task(label, total=total, rate="")

        ocr_tasks: dict[str, TaskID] = {}  # the PDF's name → its bar, while it is read

        def advance(f: Path) -> None:
            if f.name in ocr_tasks:  # read: its pages bar goes
                progress.remove_task(ocr_tasks.pop(f.name))
            progress.update(task, advance=1, description=f.name[:30])
            speed = progress.tasks[0].speed
            progress.update(task, rate=f"{speed:.1f} reports/s" if speed else "")

        def ocr_page(number: int, of: int, name: str) -> None:
            if name not in ocr_tasks:
                ocr_tasks[name] = progress.add_task("OCR", total=of, rate="")
            progress.update(ocr_tasks[name], completed=number, description=f"OCR {name[:20]} p. {number}/{of}")

        with page_progress(ocr_page):
            yield advance


def say_ocr_pages(pages: int, quiet: bool) -> None:
    """Say how many pages were read by OCR (none: nothing is said)."""
    if pages and not quiet:
        typer.secho(f"read {pages} scanned page(s) by OCR", err=True)
