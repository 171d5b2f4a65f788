"""The ``budgetkg`` command: the typer app, its commands in the order ``--help`` lists them, and
the console-script entry point :func:`main`.

The commands live with their kind (each module thin over the library):
:mod:`.store_commands` (ingest, load, remove, repair), :mod:`.check_commands` (check, evaluate),
:mod:`.query_commands` (ask, questions, query, export), :mod:`.search_command` (search), :mod:`.graph_commands` (graph …) and
:mod:`.serve_command` (serve); what they share — options, errors as exit codes, printing — is
:mod:`.common`.
"""
from __future__ import annotations

import typer

from budgetkg import __version__
from budgetkg.cli.check_commands import check, evaluate
from budgetkg.cli.graph_commands import graph_app
from budgetkg.cli.query_commands import ask, export, query, questions, questions_epilog
from budgetkg.cli.search_command import search
from budgetkg.cli.serve_command import serve
from budgetkg.cli.store_commands import ingest, load, remove, repair

app = typer.Typer(add_completion=False, no_args_is_help=True, rich_markup_mode=None,
                  help="budgetkg: a knowledge graph of Chinese government budget disclosures "
                       "(部门预算/决算公开). Ingest reports, ask canned questions, run SPARQL, "
                       "export linked data.")

app.command()(ingest)
app.command()(check)
app.command(epilog=questions_epilog())(ask)
app.command()(questions)
app.command()(search)
app.command()(query)
app.command()(export)
app.command()(remove)
app.command()(repair)
app.command()(evaluate)
app.command()(serve)
app.add_typer(graph_app, name="graph")
app.command()(load)


@app.command()
def version():
    """Print the version."""
    typer.echo(__version__)


def main() -> None:
    """Console-script entry point."""
    app()


if __name__ == "__main__":
    main()
