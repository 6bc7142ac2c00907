"""`forget`: erase a person and everything they said."""

from __future__ import annotations

import typer

from kith.cli.common import JSON_OPTION, print_json, say, session
from kith.service import identity


def register(app: typer.Typer) -> None:
    app.command("forget")(forget)


def forget(
    ctx: typer.Context,
    person: str = typer.Argument(..., metavar="PERSON", help="Name, email, profile URL or id."),
    yes: bool = typer.Option(False, "--yes", "-y", help="Do not ask for confirmation."),
    as_json: bool = JSON_OPTION,
) -> None:
    """Erase a person and everything they said, everywhere, search index included.

    This cannot be undone (a re-import of the same export brings them back; keep
    them out with `kith import --exclude address:…`).
    """
    with session(ctx) as store:
        person_id, name = store.resolve_person(person)
        if not yes:  # name who a prefix like "Dan" resolved to before erasing them
            typer.confirm(f"Erase {name} (id {person_id}) and everything they said?", abort=True)
        result = identity.forget(store, str(person_id))
    if as_json:
        print_json(result)
        return
    removed = result["removed"]
    say(
        f"Forgot {result['person']['name']}: {removed.get('touches', 0)} touches, "
        f"{removed.get('identities', 0)} identities and everything else about them."
    )
