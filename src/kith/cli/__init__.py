"""`kith`: a thin shell over `kith.service`. Each command parses, calls one
service function, renders. Command groups live in their own modules."""

from __future__ import annotations

import importlib
import pkgutil

import typer

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


# Every command-group module in this package registers its commands; adding a group
# is adding a module with a `register(app)` function. Sorted, so --help is stable.
for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
    module = importlib.import_module(f"{__name__}.{info.name}")
    if hasattr(module, "register"):
        module.register(app)


def main() -> None:
    app()
