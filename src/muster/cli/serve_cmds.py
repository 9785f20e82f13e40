"""`muster serve`: the dashboard and the JSON API in one process, with uvicorn.

The server is the entry point, so it is where logging is set (uvicorn's own, at warning level so
that the terminal shows the dashboard URL and real problems rather than every request).
"""

from __future__ import annotations

import contextlib
import socket
from typing import Annotated

import typer

from muster.cli.common import DbOption, database_url, fail, out
from muster.settings import Settings


def _port_free(host: str, port: int) -> bool:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError:
            return False
    return True


def dashboard_url(host: str, port: int) -> str:
    shown = "127.0.0.1" if host in ("0.0.0.0", "") else host
    shown = f"[{shown}]" if ":" in shown else shown
    return f"http://{shown}:{port}/"


WarmOption = Annotated[
    bool,
    typer.Option(
        "--warm/--no-warm",
        help="Build the ledgers of the operations with records in the background at start "
        "(largest first, as many as the cache holds), so that first requests are fast.",
    ),
]


def serve_app(db: str | None, host: str, port: int, warm: bool = True) -> None:
    """Serve the app on host:port until Ctrl-C; `db` as for every command's --db.

    With `warm`, the ledger histories are built in a background thread as the server starts
    (see `muster.web.warmup`); `GET /api/v1/health` tells how far it has got.
    """
    import uvicorn

    from muster.web import create_app

    if not _port_free(host, port):
        fail(f"cannot listen on {host}:{port}: the port is in use (try --port {port + 1})")
    settings = Settings().model_copy(update={"database_url": database_url(db)})
    app = create_app(settings, warm=warm)
    writes = "on (MUSTER_API_TOKEN is set)" if settings.api_token else "off (no MUSTER_API_TOKEN)"
    out.print(f"Dashboard: {dashboard_url(host, port)}")
    out.print(f"API: {dashboard_url(host, port)}api/v1/docs · writes {writes} · Ctrl-C stops")
    server = uvicorn.Server(uvicorn.Config(app, host=host, port=port, log_level="warning"))
    with contextlib.suppress(KeyboardInterrupt):
        server.run()
    out.print("Stopped.")


def serve(
    host: Annotated[
        str | None, typer.Option("--host", help="Address to listen on (default 127.0.0.1).")
    ] = None,
    port: Annotated[int | None, typer.Option("--port", help="Port (default 8000).")] = None,
    db: DbOption = None,
    warm: WarmOption = True,
) -> None:
    """Serve the dashboard and the JSON API (/api/v1) from one process.

    Example: [bold]muster serve --port 8080 --db muster.db[/bold]
    """
    settings = Settings()
    serve_app(db, host or settings.host, port or settings.port, warm)


def register(app: typer.Typer) -> None:
    app.command()(serve)
