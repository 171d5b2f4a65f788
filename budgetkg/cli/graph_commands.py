"""``budgetkg graph``: the networkx graphs of the store — organisation hierarchy, department–类
spending, policy document → project → department — their answers and GraphML/GEXF exports.

Thin: the graphs and their analyses are :mod:`budgetkg.query.graphs`; here are the options and
the output. :data:`graph_app` is added to the main app under the name ``graph``.
"""
from __future__ import annotations

import sys
from pathlib import Path

import typer

from budgetkg.cli.common import (
    FormatOpt,
    LangOpt,
    StoreOpt,
    UnitOpt,
    WideOpt,
    handles_errors,
    print_answer,
    print_notices,
    view_options,
)
from budgetkg.config import Settings
from budgetkg.load.store import BudgetStore

graph_app = typer.Typer(no_args_is_help=True, rich_markup_mode=None,
                        help="networkx graphs of the store: organisation hierarchy, department–类 spending, "
                             "policy document → project → department; their answers and GraphML/GEXF exports.")
ReportKindOpt = typer.Option("budget", "--kind", "-k", help="Reports of this kind: budget or final.")
YearOpt = typer.Option(None, "--year", "-y", help="Fiscal year (default: each department's latest).")


def _graph(store: Path | None, name: str, **options):
    from budgetkg.cli.terminal import year_of
    from budgetkg.query.graphs import build
    if "year" in options:
        options["year"] = year_of(options["year"])
    built = build(BudgetStore(Settings.load(store=store).store, read_only=True), name, **options)
    print_notices(built.notices)
    return built.graph


@graph_app.command("export")
@handles_errors
def graph_export(kind: str = typer.Argument(..., help="hierarchy, spending or policies."),
                 fmt: str = typer.Option("graphml", "--format", "-f", help="graphml or gexf."),
                 output: Path | None = typer.Option(None, "--output", "-o", help="File to write (default: stdout)."),
                 year: str | None = YearOpt, report_kind: str = ReportKindOpt,
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
    view = view_options(lang, unit, wide)
    print_answer(central_policies(_graph(store, "policies"), top or None), fmt, **view)


@graph_app.command("communities")
@handles_errors
def graph_communities(year: str | None = YearOpt, report_kind: str = ReportKindOpt,
                      threshold: float = typer.Option(0.5, "--threshold", help="Least cosine similarity of "
                                                      "two departments' 类 shares to link them (0–1)."),
                      fmt: str = FormatOpt, store: Path | None = StoreOpt,
                      lang: str = LangOpt, unit: str = UnitOpt, wide: bool = WideOpt):
    """Departments with similar spending profiles (Louvain communities of their 类 shares)."""
    from budgetkg.query.graphs.analyse import communities
    view = view_options(lang, unit, wide)
    print_answer(communities(_graph(store, "spending", year=year, kind=report_kind), threshold), fmt, **view)


@graph_app.command("similar")
@handles_errors
def graph_similar(department: str = typer.Argument(..., help="Department name or part of it."),
                  top: int = typer.Option(10, "--top", "-n", help="How many similar departments."),
                  year: str | None = YearOpt, report_kind: str = ReportKindOpt,
                  fmt: str = FormatOpt, store: Path | None = StoreOpt,
                  lang: str = LangOpt, wide: bool = WideOpt):
    """The departments whose 类 spending profile is most like this department's."""
    from budgetkg.query.graphs.analyse import similar
    view = view_options(lang, wide=wide)
    print_answer(similar(_graph(store, "spending", year=year, kind=report_kind), department, top), fmt, **view)


@graph_app.command("unit")
@handles_errors
def graph_unit(name: str = typer.Argument(..., help="Unit, division or department name, or part of it."),
               fmt: str = FormatOpt, store: Path | None = StoreOpt,
               lang: str = LangOpt, wide: bool = WideOpt):
    """Where a unit sits in the organisation hierarchy: its chain from the top, depth and neighbours."""
    from budgetkg.query.graphs.analyse import locate
    view = view_options(lang, wide=wide)
    print_answer(locate(_graph(store, "hierarchy"), name), fmt, **view)
