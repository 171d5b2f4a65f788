"""``budgetkg serve``: the SPARQL endpoint, entity pages, canned questions and browser UI over HTTP.

Thin: the server and its lifecycle are :mod:`budgetkg.serve` (:mod:`budgetkg.serve.run`); here are
the options, the signals that stop it, and what is printed.
"""
from __future__ import annotations

import signal
from pathlib import Path

import typer

from budgetkg.cli.common import StoreOpt, handles_errors
from budgetkg.config import Settings


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
    from budgetkg.serve.app import ServeConfig
    from budgetkg.serve.run import serve_until_stopped

    def stop_on_signal(signum, frame):
        raise KeyboardInterrupt  # unwinds serve_forever() in the main thread; `finally` stops the engine

    for signum in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, stop_on_signal)
    settings = Settings.load(store=store, base=base)
    config = ServeConfig(endpoint=endpoint or "", base=settings.base, timeout=timeout, max_bytes=max_mb * 1_000_000,
                         cors=cors, update_token=update_token)
    serve_until_stopped(
        config, host, port, settings.store if endpoint is None else None, timeout,
        on_ready=lambda bound: typer.echo(f"budgetkg serving http://{host}:{bound}/  "
                                          "(SPARQL: /sparql, questions: /questions)"),
        on_stop=lambda: typer.echo("stopping"))
