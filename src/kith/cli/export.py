"""`export`: take your data out, whole, as one JSON document Kith reads back."""

from __future__ import annotations

import typer

from kith.cli.common import print_json, say, session
from kith.service import export as export_service


def register(app: typer.Typer) -> None:
    app.command("export")(export)


def export(
    ctx: typer.Context,
    path: str = typer.Argument(
        "-", metavar="PATH|-", help="A new file to write, or - (the default) for stdout."
    ),
    as_json: bool = typer.Option(
        False, "--json", help="With PATH: say what was written as JSON (counts, bytes)."
    ),
) -> None:
    """Write everything Kith holds as kith-json; `kith import kith-json PATH` reads it back."""
    with session(ctx) as store:
        data = export_service.export_to(store, path)
    if data["path"] == "-":
        return  # the document itself went to stdout
    if as_json:
        print_json(data)
        return
    counts = data["counts"]
    remade = counts.get("touches_from_engagements", 0)
    say(
        f"Exported {counts['people']:,} people, {counts['touches']:,} touches"
        + (f" ({remade:,} of them made again from their engagements)" if remade else "")
        + f" and {counts['engagements']:,} engagements to {data['path']} "
        f"({data['bytes']:,} bytes); "
        f"read it back with `kith import kith-json {data['path']}`."
    )
