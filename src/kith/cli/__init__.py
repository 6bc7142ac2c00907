"""`kith`: a thin shell over `kith.service`. Each command parses, calls one
service function, renders. Command groups live in their own modules."""

from __future__ import annotations

import typer

from kith.cli import agenda, demo, imports, keep, people

app = typer.Typer(
    name="kith",
    help="Kith — a conversation-first relationship manager. Who to talk to today, and why.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
)


@app.callback()
def main_options(
    ctx: typer.Context,
    db: str = typer.Option(
        None, "--db", envvar="KITH_DB", help="SQLite database file (default: in the user data dir)."
    ),
) -> None:
    """Kith remembers every person and conversation and tells you the next right step.

    KITH_DATABASE_URL (e.g. postgresql://…) selects a server database instead.
    """
    ctx.obj = {"db": db}


for module in (people, keep, agenda, imports, demo):
    module.register(app)


def main() -> None:
    app()
