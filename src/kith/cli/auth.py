"""`kith auth`: the password for the web app and a bearer token for the API."""

from __future__ import annotations

import typer

from kith.cli.common import errors, print_json, say
from kith.service import web_support

auth_app = typer.Typer(
    help="Protect the web app: a password, a token for scripts.", no_args_is_help=True
)


def register(app: typer.Typer) -> None:
    app.add_typer(auth_app, name="auth")


@auth_app.command("set-password")
def set_password(
    password: str = typer.Option(
        ...,
        "--password",
        prompt=True,
        hide_input=True,
        confirmation_prompt=True,
        envvar="KITH_PASSWORD",
        help="The password (asked for when not given; or KITH_PASSWORD).",
    ),
) -> None:
    """Set the web app's password (stored as an argon2 hash); ends every session."""
    with errors():
        web_support.set_password(password)
    say("Password set. `kith serve --host 0.0.0.0` now asks for it.")


@auth_app.command("token")
def token() -> None:
    """Make a new bearer token for the API (replaces the old one); shown once."""
    with errors():
        value = web_support.new_token()
    say(value)
    say("Send it as `Authorization: Bearer <token>`. Only its hash is kept: copy it now.")


@auth_app.command("status")
def status(as_json: bool = typer.Option(False, "--json", help="Print JSON.")) -> None:
    """Say whether a password and a token are set."""
    data = web_support.auth_status()
    if as_json:
        print_json(data)
        return
    say(f"password: {'set' if data['password'] else 'not set'}")
    say(f"token: {'set' if data['token'] else 'not set'}")
