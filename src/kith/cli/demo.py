"""`demo`: a realistic year of a professional's network, imported for real."""

from __future__ import annotations

import typer

from kith import service
from kith.cli.agenda import render_agenda
from kith.cli.common import JSON_OPTION, errors, print_json, say


def register(app: typer.Typer) -> None:
    app.command("demo")(demo)


def demo(
    ctx: typer.Context,
    as_of: str = typer.Option(
        None, "--as-of", help="The demo year ends on this day (default today)."
    ),
    limit: int = typer.Option(12, "--limit", min=1, help="Show at most this many agenda items."),
    as_json: bool = JSON_OPTION,
) -> None:
    """Generate a year of a professional's network as real export files, import them,
    and show today's agenda. Uses --db/KITH_DB when given (it must be empty), else a
    separate demo database — never your own."""
    with errors():
        result = service.run_demo((ctx.obj or {}).get("db"), as_of, limit)
    if as_json:
        print_json(result)
        return
    say(f"Demo network written to {result['folder']} and imported into {result['database']}:")
    for report in result["imports"]:
        say(
            f"  {report['source']}: {report['people_created']} people, "
            f"{report['touches_added']} touches, "
            f"{report['engagements_added']} engagements, {report['content_added']} posts"
        )
    say(f"  {result['logged']} calls and meetings logged by hand.\n")
    render_agenda(result["today"])
    say(f'\nTry: kith --db {result["database"]} show "{result["example_person"]}"')
