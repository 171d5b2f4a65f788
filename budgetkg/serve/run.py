"""Running the server until it is stopped (``budgetkg serve``): the public port, the engine over
the local store, the store's serving lock, and their shutdown in the reverse order.

The public port is bound first, so that when it is taken no engine is started at all. Over the
local store the engine runs under :func:`~budgetkg.load.store.serving_lock`, so ingest and
remove refuse while the store is served; fronting another endpoint starts neither.
"""
from __future__ import annotations

import contextlib
from collections.abc import Callable
from pathlib import Path

from budgetkg.errors import ConfigError
from budgetkg.load.store import serving_lock
from budgetkg.serve.app import ServeConfig, make_server
from budgetkg.serve.engine import Engine


def serve_until_stopped(config: ServeConfig, host: str, port: int, store: Path | None, timeout: int,
                        on_ready: Callable[[int], None], on_stop: Callable[[], None]) -> None:
    """Serve ``config`` on ``host:port`` until interrupted (KeyboardInterrupt, which a signal handler
    may raise); with ``store``, start the engine over it (writable when ``config`` has an update
    token). ``on_ready`` gets the bound port once requests are answered, ``on_stop`` is called on
    the interrupt, before the server and engine stop."""
    try:  # the public port first: when it is taken, no engine is started at all
        server = make_server(config, host, port)
    except OSError as exc:
        raise ConfigError(f"cannot listen on {host}:{port}: {exc.strerror or exc}",
                          hint="another program uses the port; choose one with --port") from None
    engine = None
    lock = contextlib.ExitStack()
    try:
        if store is not None:
            lock.enter_context(serving_lock(store))  # ingest/remove refuse while we serve
            engine = Engine(store, timeout_s=timeout, writable=bool(config.update_token))
            config.endpoint, config.update_endpoint, config.engine = engine.url, engine.update_url, engine
        on_ready(server.server_port)
        server.serve_forever()
    except KeyboardInterrupt:
        on_stop()
    finally:
        server.server_close()
        if engine:
            engine.stop()
        lock.close()
