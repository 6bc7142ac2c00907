"""`backup`: take your data out, whole, in one file."""

from __future__ import annotations

from pathlib import Path

import typer

from kith.cli.common import JSON_OPTION, print_json, say, session
from kith.service import backup as backup_service


def register(app: typer.Typer) -> None:
    app.command("backup")(backup)


def backup(
    ctx: typer.Context,
    path: Path = typer.Argument(..., help="A new file to write the copy to."),
    as_json: bool = JSON_OPTION,
) -> None:
    """Copy your whole database to PATH (safe while Kith runs; open it with --db PATH)."""
    with session(ctx) as store:
        data = backup_service.backup(store, path.expanduser())
    if as_json:
        print_json(data)
        return
    say(f"Backed up to {data['path']} ({data['bytes']:,} bytes); open it with `kith --db {path}`.")
