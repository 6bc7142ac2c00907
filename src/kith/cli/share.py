"""`share add`: keep a news item or article to share with the people it fits."""

from __future__ import annotations

import typer

from kith.cli.common import JSON_OPTION, print_json, say, session
from kith.service import sharing

share_app = typer.Typer(
    help="News and articles to share with the people they fit.", no_args_is_help=True
)


def register(app: typer.Typer) -> None:
    app.add_typer(share_app, name="share")


@share_app.command("add")
def add(
    ctx: typer.Context,
    url: str = typer.Argument(..., help="The article's address."),
    title: str = typer.Argument(..., help="Its title."),
    text: str = typer.Argument(None, help="A summary or why it matters."),
    at: str = typer.Option(None, "--at", help="When it was published (YYYY-MM-DD); default now."),
    as_json: bool = JSON_OPTION,
) -> None:
    """Keep a news item; `kith today` suggests sharing it with whoever has a matching topic."""
    with session(ctx) as store:
        data = sharing.add_news(store, url, title, text, at)
    if as_json:
        print_json(data)
    else:
        say(("Kept" if data["added"] else "Already kept") + f": {data['title']}")
