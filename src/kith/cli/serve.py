"""`kith serve`: the web app and JSON API on 127.0.0.1:8765 unless told otherwise.

The CLI does not import the web layer (tests/test_layers.py); uvicorn loads the
app factory by name, and the options travel in the environment it reads.
"""

from __future__ import annotations

import os

import typer

from kith.cli.common import errors, say
from kith.service import web_support

FACTORY = "kith.web.app:app_from_environment"


def register(app: typer.Typer) -> None:
    app.command("serve")(serve)


def serve(
    ctx: typer.Context,
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on."),
    port: int = typer.Option(8765, "--port", min=1, max=65535, help="Port to listen on."),
    as_of: str = typer.Option(
        None, "--as-of", help="Show the agenda as of the end of this day (YYYY-MM-DD)."
    ),
) -> None:
    """Serve the web app and JSON API (127.0.0.1 only, unless a password is set)."""
    import uvicorn

    with errors():
        web_support.check_bind(host)
        if as_of:
            from kith import service

            service.parse_date(as_of, "--as-of")
    db = (ctx.obj or {}).get("db")
    if db:
        os.environ["KITH_DB"] = str(db)
    if as_of:
        os.environ["KITH_SERVE_AS_OF"] = as_of
    shown = f"[{host}]" if ":" in host else host
    say(f"Kith on http://{shown}:{port}/ — Ctrl-C to stop")
    uvicorn.run(FACTORY, factory=True, host=host, port=port, log_level="warning")
