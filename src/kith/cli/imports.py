"""`import`: bring an export in, report what happened."""

from __future__ import annotations

from pathlib import Path

import typer

from kith import service
from kith.cli.common import JSON_OPTION, print_json, say, session


def register(app: typer.Typer) -> None:
    app.command("import")(import_)


def import_(
    ctx: typer.Context,
    source_or_path: str = typer.Argument(
        ..., metavar="[SOURCE] PATH", help="SOURCE (default auto) then PATH."
    ),
    path: str = typer.Argument(None, hidden=True),
    as_json: bool = JSON_OPTION,
) -> None:
    """Import a file, folder or zip (LinkedIn export, engagement CSV…); safe to repeat."""
    source, target = ("auto", source_or_path) if path is None else (source_or_path, path)
    with session(ctx) as store:
        report = service.import_path(store, Path(target), source).as_dict()
    if as_json:
        print_json(report)
        return
    say(
        f"Imported {report['source']} from {target}: {report['people_created']} people created, "
        f"{report['touches_added']} touches added, {report['touches_skipped']} skipped"
        + (f", {report['engagements_added']} engagements" if report["engagements_added"] else "")
        + (f", {report['content_added']} posts" if report["content_added"] else "")
        + "."
    )
    if report["me"]:
        say(f"You are {report['me']} in this export.")
    for skipped in report["skipped"][:20]:
        where = f"{skipped['file']}" + (f", line {skipped['line']}" if skipped["line"] else "")
        say(f"  skipped {where}: {skipped['reason']}")
    if len(report["skipped"]) > 20:
        say(f"  … and {len(report['skipped']) - 20} more (see --json)")
